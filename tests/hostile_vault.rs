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
    // The audit's note: `x: ` and 80,000 `[` (far over the 32 KiB cap), and one under the size cap
    // but 10,000 deep.
    write(
        vault.path(),
        "Deep.md",
        &format!("---\nx: {}\n---\n", "[".repeat(80_000)),
    );
    write(
        vault.path(),
        "Deeper.md",
        &format!("---\ntitle: t\nx: {}\n---\n", "[".repeat(10_000)),
    );
    let (code, out, _) = run(vault.path(), &["check"]);
    assert_eq!(code, 65, "{out}");
    assert!(
        out.contains("Deep.md:1: error: the frontmatter is larger than 32 KiB"),
        "{out}"
    );
    assert!(
        out.contains(
            "Deeper.md:3: error: the frontmatter nests lists or fields more than 16 levels deep"
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

    /// Whatever nesting is generated, frontmatter that reaches the YAML parser is at most 32
    /// levels deep, and a moderately nested one is never refused.
    #[test]
    fn nesting_past_the_cap_never_reaches_the_parser(
        levels in prop::collection::vec(level(), 0..25),
        block_leaf in prop::sample::select(BLOCK_LEAVES),
    ) {
        let yaml = format!("x: {}\n", render(&levels, 2, false, block_leaf));
        // The size cap is its own test; this one is about depth.
        prop_assume!(yaml.len() <= 32 * 1024);
        let parsed: Result<serde_yaml::Value, _> = serde_yaml::from_str(&yaml);
        // Generated text the parser itself rejects says nothing about depth.
        prop_assume!(parsed.is_ok());
        let real = depth(&parsed.unwrap());
        let text = format!("---\n{yaml}---\nbody\n");
        match Note::parse(Path::new("Gen.md"), &text) {
            Ok(note) => {
                prop_assert!(real <= 16, "{real} levels reached the parser:\n{yaml}");
                prop_assert_eq!(depth(&serde_yaml::to_value(note.frontmatter.unwrap().fields()).unwrap()), real);
            }
            Err(e) => {
                prop_assert!(e.message.contains("more than 16 levels deep"), "{e}\n{yaml}");
                prop_assert!(real > 8, "{real} levels refused:\n{yaml}");
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

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_vault_is_a_warning_and_never_shown() {
    let vault = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "Secret.md",
        "---\nfileClass: practice\n---\nroot:x:0:0\n",
    );
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    write(&outside.path().join("folder"), "Far.md", "far away\n");
    write(vault.path(), "Inside.md", "Linked from [[Alias]].\n");
    std::os::unix::fs::symlink("/etc/passwd", vault.path().join("passwd.md")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("Secret.md"),
        vault.path().join("Secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("folder"), vault.path().join("away")).unwrap();
    // A link that stays inside the vault is followed, as before.
    std::os::unix::fs::symlink("Inside.md", vault.path().join("Alias.md")).unwrap();

    let (code, out, _) = run(vault.path(), &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("passwd.md: warning: this symlink leads out of the vault (to /etc/passwd), so it was not read"),
        "{out}"
    );
    assert!(
        out.contains("Secret.md: warning: this symlink leads out of the vault"),
        "{out}"
    );
    assert!(
        out.contains("away: warning: this symlink leads out of the vault"),
        "{out}"
    );
    assert!(!out.contains("Far.md"), "{out}");
    assert!(out.ends_with("checked: 0 errors, 3 warnings\n"), "{out}");

    let (code, out, err) = run(vault.path(), &["show", "passwd"]);
    assert_ne!(code, 0);
    assert!(
        !out.contains("root:") && !err.contains("root:"),
        "{out}{err}"
    );
    let (_, out, err) = run(vault.path(), &["show", "Secret"]);
    assert!(
        !out.contains("root:") && !err.contains("root:"),
        "{out}{err}"
    );
    let (code, out, err) = run(vault.path(), &["show", "Alias"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Linked from"), "{out}");
}

#[cfg(unix)]
#[test]
fn link_loops_and_links_to_system_folders_end_promptly() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(vault.path().join("a/b")).unwrap();
    write(&vault.path().join("a/b"), "Note.md", "Text.\n");
    std::os::unix::fs::symlink("../..", vault.path().join("a/b/up")).unwrap();
    std::os::unix::fs::symlink("../b", vault.path().join("a/b/self")).unwrap();
    std::os::unix::fs::symlink("loop2", vault.path().join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", vault.path().join("loop2")).unwrap();
    std::os::unix::fs::symlink("/sys/class", vault.path().join("hw")).unwrap();
    std::os::unix::fs::symlink("/", vault.path().join("everything")).unwrap();
    let (code, out, _) = run(vault.path(), &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("a/b/up: warning: this symlink leads back to the vault folder (a loop)"),
        "{out}"
    );
    assert!(
        out.contains("a/b/self: warning: this symlink leads back to a/b (a loop)"),
        "{out}"
    );
    assert!(
        out.contains("hw: warning: this symlink leads out of the vault (to /sys/class)"),
        "{out}"
    );
    assert!(
        out.contains("everything: warning: this symlink leads out of the vault (to /)"),
        "{out}"
    );
    // Two links pointing at each other lead nowhere: a warning naming each.
    for link in ["loop1", "loop2"] {
        let expected = format!("{link}: warning: this symlink leads round a circle of links");
        assert!(out.contains(&expected), "{out}");
    }
    assert!(out.ends_with("checked: 0 errors, 6 warnings\n"), "{out}");
    let (code, out, _) = run(vault.path(), &["show", "Note"]);
    assert_eq!(code, 0);
    assert!(out.contains("Text."), "{out}");
}

#[test]
fn a_vault_of_the_root_folder_ends_with_a_clear_error() {
    let (code, out, err) = run(Path::new("/"), &["skills"]);
    assert_ne!(code, 0, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("the vault / holds more than 200,000 files and folders")
            && err.contains("point --vault"),
        "{err}"
    );
}

#[test]
fn a_vault_nested_past_the_depth_cap_is_a_clear_error_naming_the_folder() {
    let vault = tempfile::tempdir().unwrap();
    let deep: std::path::PathBuf = (0..70).map(|i| format!("d{i}")).collect();
    std::fs::create_dir_all(vault.path().join(&deep)).unwrap();
    let (code, _, err) = run(vault.path(), &["check"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("is more than 64 folders deep inside the vault"),
        "{err}"
    );
    assert!(err.contains("d64"), "{err}");
}

#[test]
fn piped_stderr_shows_no_progress_even_when_loading_is_slow() {
    let vault = tempfile::tempdir().unwrap();
    for i in 0..600 {
        write(vault.path(), &format!("Note {i}.md"), "Text.\n");
    }
    // The spinner would show at once in a terminal; piped, stderr stays empty.
    let output = Env::new()
        .cmd()
        .env("REPAIR_COACH_PROGRESS_DELAY_MS", "0")
        .arg("--vault")
        .arg(vault.path())
        .arg("skills")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[cfg(unix)]
#[test]
fn a_terminal_sees_progress_while_a_slow_vault_loads() {
    let vault = tempfile::tempdir().unwrap();
    for i in 0..600 {
        write(vault.path(), &format!("Note {i}.md"), "Text.\n");
    }
    let env = Env::new();
    let mut cmd = env.process(&["--vault", &vault.path().to_string_lossy(), "skills"]);
    cmd.env("REPAIR_COACH_PROGRESS_DELAY_MS", "0");
    let mut pty = support::in_pty(cmd, true);
    pty.exp_string("Reading your notes").unwrap();
    // No count beside it: what was ticked is files met and read, not the person's notes.
    let shown = pty.exp_string("Core skills").unwrap();
    assert!(!shown.contains(|c: char| c.is_ascii_digit()), "{shown:?}");
}

#[test]
fn a_vault_walked_on_all_cores_is_found_in_one_order_every_time() {
    // Many folders, each with notes and a link out of the vault: the folders are read on all
    // cores, in whatever order the threads reach them, yet the notes, the findings and the
    // fingerprint `check` keeps its report by must come out the same each time.
    let vault = tempfile::tempdir().unwrap();
    for folder in 0..60 {
        let dir = vault.path().join(format!("f{folder:02}/inner"));
        std::fs::create_dir_all(&dir).unwrap();
        for note in 0..3 {
            write(&dir, &format!("N{folder}-{note}.md"), "# A note\n");
        }
        write(&dir, &format!("Same{}.md", folder % 7), "# Same name\n");
        std::os::unix::fs::symlink("/etc/hostname", dir.join("away.md")).unwrap();
    }
    let fingerprints: std::collections::HashSet<String> = (0..12)
        .map(|_| {
            repair_coach::vault::Vault::survey(vault.path())
                .unwrap()
                .fingerprint()
                .to_string()
        })
        .collect();
    assert_eq!(fingerprints.len(), 1, "{fingerprints:?}");
    let (_, first, _) = run(vault.path(), &["--no-cache", "check"]);
    let away: Vec<&str> = first.lines().filter(|l| l.contains("away.md:")).collect();
    assert_eq!(away.len(), 60, "{first}");
    let mut sorted = away.clone();
    sorted.sort_unstable();
    assert_eq!(away, sorted, "findings in path order");
    // Two notes of one name: the first by path wins, whichever folder was read first.
    assert!(
        first.contains("f07/inner/Same0.md: warning: two notes are called \"Same0\": f00/inner/Same0.md and f07/inner/Same0.md"),
        "{first}"
    );
    for _ in 0..5 {
        assert_eq!(run(vault.path(), &["--no-cache", "check"]).1, first);
    }
}

#[test]
fn a_note_that_could_not_be_read_is_an_error_to_show_not_an_empty_page() {
    let vault = tempfile::tempdir().unwrap();
    write(
        vault.path(),
        "Unclosed.md",
        "---\nfileClass: meta_skill\ndescription: never closes\nbody text\n",
    );
    for args in [&["show", "unclosed"][..], &["show", "unclosed", "--json"]] {
        let (code, out, err) = run(vault.path(), args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.contains("Unclosed.md:1 could not be read, so there is nothing to show yet: ")
                && err.contains("never closed"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_newline_in_a_notes_file_name_never_starts_a_line_of_its_own() {
    let vault = tempfile::tempdir().unwrap();
    let name = "Calm\nrepair-coach: your journal is damaged";
    write(
        vault.path(),
        &format!("{name}.md"),
        "---\nfileClass: meta_skill\ndescription: d\n---\nBody.\n",
    );
    let (code, out, err) = run(vault.path(), &["show", name]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Calm repair-coach: your journal is damaged\n"),
        "{out}"
    );
    assert!(!out.contains("\nrepair-coach:"), "{out}");
    let (code, _, err) = run(vault.path(), &["show", "calm"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Did you mean Calm repair-coach: your journal"),
        "{err}"
    );
    assert_eq!(err.matches("repair-coach:").count(), 2, "{err}");
    // One note that cannot be read is named, on one line.
    write(
        vault.path(),
        &format!("{name} 2.md"),
        "---\nfileClass: meta_skill\ndescription: [unclosed\n---\n",
    );
    let (_, _, err) = run(vault.path(), &["skills"]);
    assert_eq!(
        err.lines().next().unwrap(),
        format!(
            "{}/Calm repair-coach: your journal is damaged 2.md could not be read; `repair-coach --vault {} check` says why.",
            vault.path().display(),
            vault.path().display()
        ),
        "{err}"
    );
}

#[test]
fn a_pipe_named_like_a_note_is_a_warning_and_never_opened() {
    let vault = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(vault.path().join("Waiting.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let (code, out, _) = run(vault.path(), &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Waiting.md: warning: this is not a regular file (a pipe, socket or device)"),
        "{out}"
    );
    assert!(out.ends_with("0 errors, 1 warning\n"), "{out}");
    let (code, out, _) = run(vault.path(), &["skills"]);
    assert_eq!(code, 0, "{out}");
}
