//! The shipped notes' frontmatter, parsed from YAML here, once, and kept as JSON in OUT_DIR:
//! every command loads the shipped notes, and reading their YAML was most of the time a command
//! took before its work began. A note whose fields JSON cannot hold exactly is left out, and
//! read from its YAML at run time (`src/vault/shipped_frontmatter.rs`).
use std::path::Path;

fn main() {
    // include_dir does not notice a newly added file under content/: ask cargo to rebuild when
    // the folder changes.
    println!("cargo:rerun-if-changed=content");
    let mut parsed = serde_json::Map::new();
    collect(Path::new("content"), "", &mut parsed);
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("shipped_frontmatter.json");
    let json = serde_json::to_string(&parsed).expect("JSON values serialise");
    std::fs::write(&out, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Adds the frontmatter of every `.md` file under `folder` (shown as `relative`) to `parsed`,
/// by the path `include_dir` gives it: its YAML text, which the run compares with what it
/// splits off the note, and its fields.
fn collect(folder: &Path, relative: &str, parsed: &mut serde_json::Map<String, serde_json::Value>) {
    let listing = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()));
    for entry in listing {
        let entry = entry.unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()));
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let inner = if relative.is_empty() {
            name.clone()
        } else {
            format!("{relative}/{name}")
        };
        if path.is_dir() {
            collect(&path, &inner, parsed);
            continue;
        }
        if !name.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(yaml) = frontmatter(&text) else {
            continue;
        };
        let Ok(fields) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
            continue;
        };
        let Ok(json) = serde_json::to_value(&fields) else {
            continue;
        };
        // Kept only when the JSON gives back exactly the fields the YAML gave.
        let back: Result<serde_yaml::Value, _> = serde_json::from_value(json.clone());
        if fields.is_mapping() && back.is_ok_and(|back| back == fields) {
            let entry = serde_json::json!({ "yaml": yaml, "fields": json });
            parsed.insert(inner, entry);
        }
    }
}

/// The YAML between a note's opening `---` line and its closing `---` or `...` line, if it
/// has one and its lines end in `\n` alone (anything else is read at run time).
fn frontmatter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    if rest.contains('\r') {
        return None;
    }
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end_matches('\n'), "---" | "...") {
            return Some(&rest[..at]);
        }
        at += line.len();
    }
    None
}
