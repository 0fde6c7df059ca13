//! Every JSON output: one documented shape each (the README's JSON section is compared with what
//! the commands really write, field by field and type by type), and no character a terminal
//! could act on, from a note or from an answer, written raw.
mod support;

use repair_coach::model::Kind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::Env;

/// A documented shape: each field and the JSON types it may have.
type Shape = BTreeMap<String, Field>;

#[derive(Debug)]
struct Field {
    types: String,
    /// "left out when ...": the field may be missing.
    optional: bool,
}

/// The README's `## JSON` section, as `### title` -> the fields of its table.
fn documented() -> BTreeMap<String, Shape> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("\n## JSON\n").expect("a JSON section");
    let section = &readme[start + 1..];
    let section = &section[..section[1..]
        .find("\n## ")
        .map_or(section.len(), |end| end + 1)];
    let mut shapes = BTreeMap::new();
    for part in section.split("\n### ").skip(1) {
        let (title, body) = part.split_once('\n').unwrap();
        let mut shape = Shape::new();
        for row in body.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.split(" | ").collect();
            let name = cells[0].trim_start_matches("| ").trim_matches('`');
            let types = cells[1].to_owned();
            let optional = types.contains("left out");
            shape.insert(name.to_owned(), Field { types, optional });
        }
        if !shape.is_empty() {
            shapes.insert(title.trim().to_owned(), shape);
        }
    }
    shapes
}

/// Whether `value` is one of the documented types, e.g. "string or null", "array of step".
fn has_type(value: &Value, types: &str, shapes: &BTreeMap<String, Shape>) -> bool {
    let types = types.split(',').next().unwrap();
    types.split(" or ").any(|kind| match (kind.trim(), value) {
        (k, Value::Array(_)) if k.starts_with("array") => true,
        ("string", Value::String(_))
        | ("number", Value::Number(_))
        | ("boolean", Value::Bool(_))
        | ("null", Value::Null)
        | ("object", Value::Object(_)) => true,
        (shape, Value::Object(_)) => shapes.contains_key(shape),
        _ => false,
    })
}

/// Real objects, gathered by the shape they should have.
#[derive(Default)]
struct Seen {
    objects: BTreeMap<String, Vec<Value>>,
}

impl Seen {
    fn add(&mut self, shape: &str, value: &Value) {
        assert!(value.is_object(), "{shape}: {value}");
        self.objects
            .entry(shape.to_owned())
            .or_default()
            .push(value.clone());
    }

    fn add_each(&mut self, shape: &str, values: &Value) {
        let values = values
            .as_array()
            .unwrap_or_else(|| panic!("{shape}: {values}"));
        for value in values {
            self.add(shape, value);
        }
    }

    /// A note's object, as a skill or practice list it and `show` writes it (with `version`).
    fn add_note(&mut self, value: &Value) {
        let shape = match value["type"].as_str().unwrap() {
            "skill" => "skill",
            "practice" => "practice",
            "scenario" => "scenario",
            "plain" => "plain note",
            "mistake_signals" => "mistake signals",
            other => panic!("no documented shape for type {other}"),
        };
        let mut note = value.clone();
        note.as_object_mut().unwrap().remove("version");
        match shape {
            "skill" => {
                self.add_each("step", &note["steps"]);
                for link in note["supporting_meta_skills"].as_array().unwrap() {
                    self.add("link", link);
                }
            }
            "practice" => {
                self.add_each("step", &note["stages"]);
                self.add_each("link", &note["related_skills"]);
            }
            "scenario" => self.add_each("link", &note["related_skills"]),
            "mistake signals" => {
                self.add("link", &note["skill"]);
                self.add_each("signal", &note["signals"]);
            }
            _ => {}
        }
        self.add(shape, &note);
    }
}

fn json_of(env: &Env, args: &[&str]) -> Value {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(65),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn write_entry(journal: &Path, text: &str) {
    support::write_entry(journal, "2026-12-01T18:42:00+00:00", Kind::Session, text);
}

#[test]
fn every_json_output_has_the_documented_fields_and_types() {
    let env = Env::new();
    let mut seen = Seen::default();
    let mut tops: Vec<(&str, Value)> = Vec::new();

    let skills = json_of(&env, &["skills", "--json"]);
    for note in skills["notes"].as_array().unwrap() {
        seen.add_note(note);
    }
    tops.push(("`skills --json`", skills));
    for args in [
        vec!["show", "Repair", "--json"],
        vec!["show", "Owning Impact", "--json"],
        vec!["show", "Resolving Attunement Mishaps", "--json"],
        vec!["show", "Mistake Signals", "--json"],
        vec!["show", "Dangling", "--json", "--vault", &fixture("bad")],
    ] {
        let note = json_of(&env, &args);
        assert_eq!(note["version"], 1, "{args:?}");
        seen.add_note(&note);
    }
    let guide = json_of(&env, &["show", "Session Guide", "--json"]);
    assert_eq!(
        (guide["version"].clone(), guide["type"].clone()),
        (1.into(), "session_guide".into())
    );

    let check = json_of(&env, &["check", "--json", "--vault", &fixture("bad")]);
    seen.add_each("finding", &check["findings"]);
    tops.push(("`check --json`", check));

    write_entry(&env.journal_dir(), "I walked away");
    let listed = json_of(&env, &["journal", "list", "--json"]);
    for entry in listed["entries"].as_array().unwrap() {
        seen.add_each("answer", &entry["answers"]);
        seen.add("could say", &entry["could_say"]);
        seen.add("ask later", &entry["could_say"]["later"]);
        seen.add("entry", entry);
    }
    for args in [
        vec!["journal", "export", "--json"],
        vec!["journal", "export", "--format", "json"],
        vec!["journal", "export", "--json", "2026-12-01-1842"],
    ] {
        assert_eq!(
            json_of(&env, &args),
            listed,
            "{args:?} is the shape of journal list --json"
        );
    }
    tops.push(("`journal list --json`, `journal export --json`", listed));

    // A session, two check-ins and a debrief in a journal of their own, so every part of the
    // summary has something in it.
    let week = Env::new();
    for (args, lines) in [
        (["start", "--plain"], support::after::BOTH),
        (["checkin", "--plain"], support::after::CHECKIN_FIRST),
        (["checkin", "--plain"], support::after::CHECKIN_SECOND),
        (["debrief", "--plain"], support::after::DEBRIEF),
    ] {
        let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
        week.cmd().args(args).write_stdin(input).assert().success();
    }
    let summary = json_of(&week, &["journal", "summary", "--json"]);
    for (shape, key) in [
        ("sessions", "sessions"),
        ("checkins", "checkins"),
        ("debriefs", "debriefs"),
    ] {
        seen.add(shape, &summary[key]);
    }
    for (shape, key) in [
        ("activation", "activation"),
        ("mistake", "mistakes"),
        ("request", "requests"),
    ] {
        seen.add_each(shape, &summary[key]);
    }
    seen.add_each("day", &summary["checkins"]["days"]);
    seen.add_each("debrief", &summary["debriefs"]["items"]);
    tops.push(("`journal summary --json`", summary));
    for (shape, top) in tops {
        seen.add(shape, &top);
    }

    let shapes = documented();
    assert_eq!(
        shapes.keys().collect::<BTreeSet<_>>(),
        seen.objects.keys().collect::<BTreeSet<_>>(),
        "every documented shape is compared with real output, and every real shape is documented"
    );
    for (name, objects) in &seen.objects {
        let shape = &shapes[name];
        let mut present = BTreeSet::new();
        for object in objects {
            for (key, value) in object.as_object().unwrap() {
                let field = shape
                    .get(key)
                    .unwrap_or_else(|| panic!("`{key}` of {name} is not in the README: {object}"));
                assert!(
                    has_type(value, &field.types, &shapes),
                    "{name}.{key} is documented as {}, but is {value}",
                    field.types
                );
                present.insert(key.as_str());
            }
        }
        for (key, field) in shape {
            assert!(
                field.optional || present.contains(key.as_str()),
                "the README documents {name}.{key}, which no output has"
            );
        }
    }
}

/// What a hostile note or a pasted answer may carry: the 8-bit CSI, a right-to-left override,
/// DEL, the line separator, an isolate.
const TRICKY: &str = "calm\u{9b}31m words\u{202e}reversed\u{7f}\u{2028}\u{2066}end";
/// The same, as a YAML double-quoted string writes it (YAML allows none of them raw).
const TRICKY_YAML: &str = r"calm\u009b31m words\u202ereversed\u007f\u2028\u2066end";

fn tricky_vault() -> tempfile::TempDir {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(
        vault.path().join("Tricky.md"),
        format!(
            "---\nfileClass: core_skill\ndescription: \"{TRICKY_YAML}\"\nsteps: [\"Step 1: One {TRICKY_YAML}\"]\n\
             common_mistakes: Rushing.\n---\n\nBody {TRICKY} and [[Nowhere {TRICKY}]].\n"
        ),
    )
    .unwrap();
    std::fs::write(
        vault.path().join("Plain.md"),
        format!("Plain {TRICKY} [[Gone{TRICKY}]]\n"),
    )
    .unwrap();
    vault
}

/// No raw character a terminal acts on, and the same text back once parsed.
fn assert_escaped(args: &[&str], out: &str) {
    for c in ['\u{9b}', '\u{202e}', '\u{7f}', '\u{2028}', '\u{2066}'] {
        assert!(!out.contains(c), "{args:?} wrote {c:?} raw:\n{out}");
    }
    assert!(
        out.contains("\\u009b31m words\\u202ereversed\\u007f\\u2028\\u2066end"),
        "{args:?}:\n{out}"
    );
    let value: Value = serde_json::from_str(out).unwrap();
    assert!(
        value.to_string().contains(TRICKY),
        "{args:?}: the data is the same once parsed"
    );
}

#[test]
fn json_escapes_c1_bidi_and_del_from_notes_and_answers() {
    let env = Env::new();
    let vault = tricky_vault();
    let vault = vault.path().to_str().unwrap();
    for args in [
        vec!["skills", "--json", "--vault", vault],
        vec!["show", "Tricky", "--json", "--vault", vault],
        vec!["show", "Plain", "--json", "--vault", vault],
        vec!["check", "--json", "--vault", vault],
    ] {
        let out = env.cmd().args(&args).output().unwrap();
        assert_escaped(&args, &String::from_utf8(out.stdout).unwrap());
    }
    write_entry(&env.journal_dir(), TRICKY);
    for args in [
        vec!["journal", "list", "--json"],
        vec!["journal", "export", "--json"],
    ] {
        let out = env.cmd().args(&args).output().unwrap();
        assert!(out.status.success());
        assert_escaped(&args, &String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn markdown_export_carries_no_bidi_override_or_control() {
    let env = Env::new();
    write_entry(&env.journal_dir(), TRICKY);
    let out = env.cmd().args(["journal", "export"]).output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("---\n"), "{md}");
    assert!(md.contains("calm"), "{md}");
    for c in ['\u{9b}', '\u{202e}', '\u{7f}', '\u{2066}'] {
        assert!(!md.contains(c), "export --format md carries {c:?}:\n{md}");
    }
    // What is kept on disk is what was typed.
    let path: PathBuf = env.journal_dir().join("2026-12-01-1842.md");
    assert!(std::fs::read_to_string(path).unwrap().contains('\u{202e}'));
}
