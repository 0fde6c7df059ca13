//! A pseudo-localised vault: every shipped note copied with every word a person reads wrapped
//! in ⟦…⟧, so that a session run over it shows at once any words that did not come from a note.
//!
//! What stays as written is what a translator would keep too: `fileClass`, option `key`s,
//! aliases, tags, numbers, wiki-links, `## Section` headings (the loader finds sections by
//! them), a `Step N:` prefix, list markers and the `(optional)` mark.
use std::path::{Path, PathBuf};

const OPEN: char = '⟦';
const CLOSE: char = '⟧';

/// Frontmatter keys whose values are names or keys, not words to translate.
const KEPT_KEYS: &[&str] = &["fileClass", "key", "aliases", "tags"];

/// The shipped notes' names: a session shows some as headings, and they are a note's own words
/// (a translator renames the file and its links), so they are not wrapped.
pub fn note_names() -> Vec<String> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    walkdir::WalkDir::new(content)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Writes the pseudo-localised copy of `content/` into `dir`; returns the notes written.
pub fn write_vault(dir: &Path) -> Vec<PathBuf> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut written = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let relative = entry.path().strip_prefix(&content).unwrap();
        let target = dir.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        std::fs::write(&target, note(&text)).unwrap();
        written.push(target);
    }
    written
}

/// One note: its frontmatter's string values and its body's words wrapped.
pub fn note(text: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return body(text);
    };
    let end = rest.find("\n---\n").expect("frontmatter ends");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).unwrap();
    let yaml = serde_yaml::to_string(&value(None, yaml)).unwrap();
    format!("---\n{yaml}---\n{}", body(&rest[end + 5..]))
}

fn value(key: Option<&str>, v: serde_yaml::Value) -> serde_yaml::Value {
    use serde_yaml::Value;
    if key.is_some_and(|k| KEPT_KEYS.contains(&k)) {
        return v;
    }
    match v {
        Value::String(s) => Value::String(string(&s)),
        Value::Sequence(items) => {
            Value::Sequence(items.into_iter().map(|i| value(key, i)).collect())
        }
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(k, v)| {
                    let wrapped = value(k.as_str(), v);
                    (k, wrapped)
                })
                .collect(),
        ),
        other => other,
    }
}

/// A frontmatter string: wrapped, unless it is a link; a `Step N:` prefix stays outside.
fn string(s: &str) -> String {
    if s.contains("[[") || s.trim().is_empty() {
        return s.to_string();
    }
    let trimmed = s.trim_end();
    let (prefix, words) = step_prefix(trimmed);
    format!("{prefix}{OPEN}{words}{CLOSE}")
}

fn step_prefix(s: &str) -> (&str, &str) {
    let Some(rest) = s.strip_prefix("Step ") else {
        return ("", s);
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match rest[digits..].strip_prefix(": ") {
        Some(words) if digits > 0 => (&s[..s.len() - words.len()], words),
        _ => ("", s),
    }
}

/// Each body line's words wrapped, its markdown marks kept.
fn body(text: &str) -> String {
    text.lines().map(line).collect::<Vec<_>>().join("\n") + "\n"
}

fn line(raw: &str) -> String {
    let text = raw.trim_end();
    let ending = &raw[text.len()..];
    if text.trim().is_empty() || text.trim() == "---" {
        return raw.to_string();
    }
    let indent = text.len() - text.trim_start().len();
    let mut rest = &text[indent..];
    // `## Section` headings are how notes are read: kept as they are.
    if rest.starts_with("## ") || rest.starts_with("---") {
        return raw.to_string();
    }
    let mut marks = String::from(&text[..indent]);
    loop {
        let mark = ["#### ", "### ", "# ", "- ", "* ", "> ", "→ "]
            .into_iter()
            .find(|m| rest.starts_with(m))
            .map(str::len)
            .or_else(|| {
                let digits =
                    rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                (digits > 0 && rest[digits..].starts_with(". ")).then_some(digits + 2)
            });
        match mark {
            Some(len) => {
                marks.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            None => break,
        }
    }
    if rest == ">" || rest.is_empty() {
        return raw.to_string();
    }
    format!("{marks}{}{ending}", words(rest))
}

/// Wraps a line's words; bold at the start is wrapped inside its marks, so it stays a title,
/// and a closing "(optional)" stays outside, so it still marks the question.
fn words(rest: &str) -> String {
    if let Some(inner) = rest.strip_prefix("**")
        && let Some(close) = inner.find("**")
    {
        let after = &inner[close + 2..];
        let after = if after.trim().is_empty() {
            after.to_string()
        } else {
            format!(" {}", words(after.trim_start()))
        };
        return format!("**{OPEN}{}{CLOSE}**{after}", &inner[..close]);
    }
    if let Some(question) = rest.strip_suffix("(optional)") {
        return format!("{OPEN}{}{CLOSE} (optional)", question.trim_end());
    }
    format!("{OPEN}{rest}{CLOSE}")
}

/// The words of `output` outside every ⟦…⟧ (nesting counted across lines) once the person's own
/// `answers`, the notes' names and any command lines (`repair-coach …`) are taken out: what a
/// note did not say.
/// Empty when every word came from a note; digits and punctuation are not words.
pub fn unwrapped_words(output: &str, answers: &[&str]) -> Vec<String> {
    let mut depth = 0usize;
    let mut found = Vec::new();
    for printed in output.lines() {
        if printed.trim_start().starts_with("repair-coach ") {
            continue;
        }
        let mut line = printed.to_string();
        let names = note_names();
        let names = names.iter().map(String::as_str);
        for allowed in answers
            .iter()
            .copied()
            .chain(names)
            .filter(|a| !a.trim().is_empty())
        {
            line = line.replace(allowed.trim(), " ");
        }
        let mut outside = String::new();
        for c in line.chars() {
            match c {
                OPEN => depth += 1,
                CLOSE => depth = depth.saturating_sub(1),
                c if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        if outside.chars().any(char::is_alphabetic) {
            found.push(printed.to_string());
        }
    }
    found
}
