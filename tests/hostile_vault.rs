//! Vaults built to stall or mislead the loader (issue 9, items 1 and 2): frontmatter nested or
//! sized past any real note's, and symlinks out of the vault or round in loops. Each must end
//! promptly with a clear word, and what it points at must never be shown.
mod support;

use proptest::prelude::*;
use repair_coach::note::Note;
use std::path::Path;
use support::Env;

/// Runs the binary with `--vault DIR` and the arguments; (exit code, stdout, stderr).
fn run(vault: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Env::new()
        .cmd()
        .arg("--vault")
        .arg(vault)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn eighty_thousand_brackets_are_a_check_error_and_skipped_by_skills() {
    let vault = tempfile::tempdir().unwrap();
    // The audit's note: `x: ` and 80,000 `[` (far over the 64 KiB cap), and one under the size cap
    // but 60,000 deep.
    write(
        vault.path(),
        "Deep.md",
        &format!("---\nx: {}\n---\n", "[".repeat(80_000)),
    );
    write(
        vault.path(),
        "Deeper.md",
        &format!("---\ntitle: t\nx: {}\n---\n", "[".repeat(60_000)),
    );
    let (code, out, _) = run(vault.path(), &["check"]);
    assert_eq!(code, 65, "{out}");
    assert!(
        out.contains("Deep.md:1: error: the frontmatter is larger than 64 KiB"),
        "{out}"
    );
    assert!(
        out.contains(
            "Deeper.md:3: error: the frontmatter nests lists or fields more than 64 levels deep"
        ),
        "{out}"
    );
    let (code, out, err) = run(vault.path(), &["skills"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Repair"), "{out}");
    assert!(
        err.starts_with("2 of your notes could not be read;"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// One level of a generated nesting: a list or a mapping, in block or flow style, with leaves
/// beside the deeper level.
#[derive(Debug, Clone)]
struct Level {
    mapping: bool,
    flow: bool,
    before: Vec<&'static str>,
    after: Vec<&'static str>,
}

/// Leaves that are valid in any context, many of them holding brackets the depth scan must not
/// count (quoted) or must (they open nothing, but look as if they might).
const FLOW_LEAVES: &[&str] = &[
    "a",
    "it's",
    "x\"y",
    "\"q ] } [ {\"",
    "'s ]'' ]] {'",
    "\"esc \\\" ] [\"",
    "\"#]\"",
    "a # ] ] ]\n",
    "!tag v",
    "&anchor w",
    "\"line\n ]]\"",
];
/// Leaves only valid in block context.
const BLOCK_LEAVES: &[&str] = &["b [c d", "it's [x] y {", "|\n[[[[ ]] text\n"];

fn level() -> impl Strategy<Value = Level> {
    let leaves = || prop::collection::vec(prop::sample::select(FLOW_LEAVES), 0..3);
    (any::<bool>(), any::<bool>(), leaves(), leaves()).prop_map(|(mapping, flow, before, after)| {
        Level {
            mapping,
            flow,
            before,
            after,
        }
    })
}

/// `levels` rendered inside each other (flow once any level is flow) at `indent`; the innermost
/// holds `1`.
fn render(levels: &[Level], indent: usize, in_flow: bool, block_leaf: &str) -> String {
    let Some((level, inner)) = levels.split_first() else {
        return if in_flow {
            "1".to_string()
        } else {
            block_leaf.replace('\n', &format!("\n{}", " ".repeat(indent + 2)))
        };
    };
    let flow = in_flow || level.flow;
    let pad = " ".repeat(indent);
    let leaf = |i: usize, text: &str| {
        if level.mapping {
            format!("k{i}: {text}")
        } else {
            text.to_string()
        }
    };
    if flow {
        let mut items: Vec<String> = level
            .before
            .iter()
            .enumerate()
            .map(|(i, t)| leaf(i, t))
            .collect();
        items.push(leaf(99, &render(inner, indent + 2, true, block_leaf)));
        items.extend(level.after.iter().enumerate().map(|(i, t)| leaf(i + 50, t)));
        // A comment leaf ends its line; the separator goes on the next.
        let (open, close) = if level.mapping {
            ("{", "}")
        } else {
            ("[", "]")
        };
        return format!("{open}{}\n{pad}{close}", items.join(&format!("\n{pad}, ")));
    }
    let entry = |i: usize, text: &str| {
        if level.mapping {
            format!("{pad}k{i}: {}", text.trim_end_matches('\n'))
        } else {
            format!("{pad}- {}", text.trim_end_matches('\n'))
        }
    };
    let mut lines: Vec<String> = level
        .before
        .iter()
        .enumerate()
        .map(|(i, t)| entry(i, &t.replace('\n', " ")))
        .collect();
    let deeper = render(inner, indent + 2, false, block_leaf);
    lines.push(entry(
        99,
        &format!("\n{}{}", " ".repeat(indent + 2), deeper.trim_start()),
    ));
    lines.extend(
        level
            .after
            .iter()
            .enumerate()
            .map(|(i, t)| entry(i + 50, &t.replace('\n', " "))),
    );
    format!("\n{}", lines.join("\n"))
}

fn depth(value: &serde_yaml::Value) -> usize {
    match value {
        serde_yaml::Value::Sequence(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        serde_yaml::Value::Mapping(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        serde_yaml::Value::Tagged(tagged) => depth(&tagged.value),
        _ => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever nesting is generated, frontmatter that reaches the YAML parser is at most 64
    /// levels deep, and a moderately nested one is never refused.
    #[test]
    fn nesting_past_the_cap_never_reaches_the_parser(
        levels in prop::collection::vec(level(), 0..90),
        block_leaf in prop::sample::select(BLOCK_LEAVES),
    ) {
        let yaml = format!("x: {}\n", render(&levels, 2, false, block_leaf));
        let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(&yaml);
        // Generated text the parser itself rejects says nothing about depth.
        prop_assume!(parsed.is_ok());
        let real = depth(&parsed.unwrap());
        let text = format!("---\n{yaml}---\nbody\n");
        match Note::parse(Path::new("Gen.md"), &text) {
            Ok(note) => {
                prop_assert!(real <= 64, "{real} levels reached the parser:\n{yaml}");
                prop_assert_eq!(depth(&serde_yaml::to_value(note.frontmatter.unwrap().fields()).unwrap()), real);
            }
            Err(e) => {
                prop_assert!(e.message.contains("more than 64 levels deep"), "{e}\n{yaml}");
                prop_assert!(real > 32, "{real} levels refused:\n{yaml}");
            }
        }
    }

    /// No text makes the depth scan panic, and a refused note names a line of its frontmatter.
    #[test]
    fn any_text_is_scanned_without_panic(text in "[\\[\\]{}\"' #:\\-|>\\\\a\n]{0,400}") {
        let note = format!("---\n{text}\n---\n");
        if let Err(e) = Note::parse(Path::new("Gen.md"), &note) {
            let lines = note.lines().count();
            prop_assert!(e.line.is_some_and(|l| l >= 1 && l <= lines), "{e}");
        }
    }
}
