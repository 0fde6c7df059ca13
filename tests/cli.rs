//! The read-only commands through the real binary: skills, show, mistakes, check, --json, exit
//! codes, and that nothing from a note can drive the terminal.
//!
//! Every run gets `NO_COLOR=1` and empty temporary config, data and home folders, so that the
//! developer's own config file or vault cannot leak in.
mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use support::Env;

const ESC: char = '\u{1b}';

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("stdout is JSON")
}

#[test]
fn skills_lists_each_group_and_marks_the_current_focus_in_words() {
    let out = stdout_of(Env::new().cmd().arg("skills"));
    let core = out.find("Core skills").expect("a core skills group");
    let meta = out.find("Meta-skills").expect("a meta-skills group");
    let practices = out.find("Practices").expect("a practices group");
    assert!(core < meta && meta < practices, "{out}");
    assert!(
        out.contains("  Repair — The intentional process of repairing"),
        "{out}"
    );
    let repair_line = out.lines().find(|l| l.starts_with("  Repair")).unwrap();
    assert!(
        repair_line.ends_with("(current focus, step by step)"),
        "{repair_line}"
    );
    let after_line = out
        .lines()
        .find(|l| l.starts_with("  After the Argument"))
        .unwrap();
    assert!(after_line.ends_with("(step by step)"), "{after_line}");
    let owning_line = out
        .lines()
        .find(|l| l.starts_with("  Owning Impact"))
        .unwrap();
    assert!(!owning_line.contains("walkable"), "{owning_line}");
    assert!(
        out.contains("Start a session with one marked step by step: repair-coach start NAME"),
        "{out}"
    );
    for name in [
        "Holding Discomfort",
        "Owning Impact",
        "Partnering Instead of Defending",
        "Staying Grounded",
        "Integrating Feedback",
        "Resolving Attunement Mishaps",
    ] {
        assert!(
            out.contains(&format!("  {name} — ")),
            "{name} missing from\n{out}"
        );
    }
    // Into a pipe (a screen reader, a script) each line is whole; a terminal cuts to its width.
    assert!(!out.contains('…'), "{out}");
    assert!(
        out.contains("misattunement. (current focus, step by step)"),
        "{out}"
    );
}

#[test]
fn skills_json_is_the_typed_models() {
    let value = json_of(Env::new().cmd().args(["skills", "--json"]));
    assert_eq!(value["version"], 1);
    let models = value["notes"].as_array().expect("an array of notes");
    let repair = models
        .iter()
        .find(|m| m["name"] == "Repair")
        .expect("Repair");
    assert_eq!(repair["type"], "skill");
    assert_eq!(repair["kind"], "core");
    assert_eq!(repair["current_focus"], true);
    assert_eq!(repair["steps"].as_array().unwrap().len(), 5);
    let practice = models
        .iter()
        .find(|m| m["name"] == "Resolving Attunement Mishaps")
        .expect("the practice");
    assert_eq!(practice["type"], "practice");
    assert_eq!(practice["stages"].as_array().unwrap().len(), 6);
    assert_eq!(practice["reflection_prompts"].as_array().unwrap().len(), 2);
    let metas = models.iter().filter(|m| m["kind"] == "meta").count();
    assert_eq!(metas, 5);
}

#[test]
fn show_repair_draws_steps_mistakes_and_links_by_name() {
    let out = stdout_of(Env::new().cmd().args(["show", "Repair"]));
    assert!(out.starts_with("Repair\n"), "{out}");
    assert!(
        out.contains("1. Regulate yourself first\n   Pause, breathe"),
        "{out}"
    );
    assert!(
        !out.contains('→'),
        "no arrow read aloud in plain output: {out}"
    );
    assert!(
        out.contains("5. Stay present — don’t rush the fix\n"),
        "{out}"
    );
    // The same mistakes as `mistakes` lists, in its order: a session flags them all.
    let shown: Vec<&str> = out
        .split("Common mistakes\n\n")
        .nth(1)
        .expect("a list of mistakes")
        .lines()
        .map_while(|line| line.strip_prefix("- "))
        .collect();
    let listed = stdout_of(Env::new().cmd().args(["mistakes", "Repair"]));
    let listed: Vec<&str> = listed
        .lines()
        .filter_map(|line| {
            line.split_once(". ")
                .filter(|(n, _)| n.parse::<u8>().is_ok())
        })
        .map(|(_, mistake)| mistake)
        .collect();
    assert_eq!(shown, listed);
    assert_eq!(shown.len(), 7, "{out}");
    let see_also = out
        .split("See also: ")
        .nth(1)
        .expect("a See also line")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        see_also,
        "Holding Discomfort, Owning Impact, Partnering Instead of Defending, Staying Grounded, Integrating Feedback"
    );
    assert!(!out.contains("[["), "{out}");
    assert!(!out.contains("**"), "{out}");
}

#[test]
fn show_finds_a_note_by_name_in_any_case() {
    let out = stdout_of(Env::new().cmd().args(["show", "owning impact"]));
    assert!(out.starts_with("Owning Impact\n"), "{out}");
    assert!(out.contains("How to practise"), "{out}");
    assert!(out.contains("See also: Repair"), "{out}");
}

#[test]
fn show_a_practice_by_its_alias_draws_the_example_stages_and_prompts() {
    let out = stdout_of(Env::new().cmd().args(["show", "attunement mishaps"]));
    assert!(
        out.starts_with("Resolving Attunement Mishaps\nA practice\n"),
        "{out}"
    );
    let example = out
        .find("Partner A: “Why didn’t you do something?!")
        .expect("the dialogue");
    let stages = out
        .find("Stages\n\n1. Get clear that they do care\n")
        .expect("stages");
    let prompts = out.find("To reflect on").expect("prompts");
    assert!(example < stages && stages < prompts, "{out}");
    assert!(out.contains("5. Agree on check-ins\n"), "{out}");
    assert!(out.contains("three times a day"), "{out}");
    assert!(
        out.contains(
            "- Do you find situations in which someone was asking you to offer more\n  attunement?"
        ),
        "{out}"
    );
    assert!(
        out.contains("See also: Repair, Partnering Instead of Defending, Integrating Feedback"),
        "{out}"
    );
}

#[test]
fn show_an_unknown_name_says_so_kindly_and_suggests_near_names() {
    Env::new()
        .cmd()
        .args(["show", "owning"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "repair-coach: no note called \"owning\". Did you mean Owning Impact? \
             Try `repair-coach skills` to see what is here.\n",
        );
}

#[test]
fn show_json_is_the_typed_model() {
    let value = json_of(Env::new().cmd().args(["show", "Repair", "--json"]));
    assert_eq!(value["version"], 1);
    assert_eq!(value["type"], "skill");
    assert_eq!(value["name"], "Repair");
    assert_eq!(value["steps"][0]["title"], "Regulate yourself first");
    assert_eq!(
        value["steps"][4]["title"],
        "Stay present — don’t rush the fix"
    );
    assert_eq!(value["supporting_meta_skills"].as_array().unwrap().len(), 5);
}

#[test]
fn show_json_of_a_plain_note_has_its_name_path_and_body() {
    let value = json_of(Env::new().cmd().args([
        "show",
        "dangling",
        "--json",
        "--vault",
        fixture("bad").to_str().unwrap(),
    ]));
    assert_eq!(value["type"], "plain");
    assert_eq!(value["name"], "Dangling");
    assert_eq!(value["path"], "Dangling.md");
    assert!(
        value["body"]
            .as_str()
            .unwrap()
            .contains("[[Nowhere In Particular]]")
    );
}

#[test]
fn mistakes_defaults_to_the_current_focus_and_says_what_to_do_instead() {
    let out = stdout_of(Env::new().cmd().arg("mistakes"));
    assert!(out.starts_with("Common mistakes in Repair\n"), "{out}");
    assert!(out.contains("1. Rushing to explain your intent\n"), "{out}");
    // The five the skill lists and the two its signals add (a session flags them too), in the
    // order of the steps, as a session meets them.
    assert!(out.contains("4. Minimizing their pain\n"), "{out}");
    assert!(out.contains("7. Demanding instant resolution\n"), "{out}");
    assert_eq!(out.matches("Instead: ").count(), 7, "{out}");
    let steps: Vec<usize> = out
        .lines()
        .filter_map(|line| {
            line.rsplit_once("(step ")?
                .1
                .strip_suffix(')')?
                .parse()
                .ok()
        })
        .collect();
    assert!(steps.is_sorted(), "{steps:?}");
}

#[test]
fn mistakes_without_signals_fall_back_to_the_closest_step() {
    let out = stdout_of(Env::new().cmd().args([
        "mistakes",
        "making tea",
        "--vault",
        fixture("tea").to_str().unwrap(),
    ]));
    assert_eq!(
        out,
        "Common mistakes in Making Tea\n\
         \n\
         1. Skipping the warm teapot\n\
         \x20  Instead: Warm the pot (step 2)\n\
         \x20  Swirl hot water in the teapot before the leaves go in.\n\
         \n\
         2. Rushing the brewing\n\
         \x20  Instead: Steep patiently (step 3)\n\
         \x20  Leave the leaves for four minutes; do not rush the brew.\n\
         \n\
         3. Forgetting the biscuits\n\
         \x20  Instead: go back to the steps (repair-coach show \"Making Tea\")\n"
    );
}

#[test]
fn mistakes_of_a_note_that_is_not_a_skill_is_a_clear_error() {
    Env::new()
        .cmd()
        .args(["mistakes", "Said Something Hurtful"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is a note, not a skill or a practice",
        ));
}

#[test]
fn mistakes_of_a_practice_are_those_its_signals_place_at_its_stages() {
    Env::new()
        .cmd()
        .args(["mistakes", "Attunement Mishaps", "--no-pager"])
        .assert()
        .success()
        .stdout(
            "Common mistakes in Resolving Attunement Mishaps\n\
             \n\
             1. Turning the request into an accusation\n\
             \x20  Instead: Ask for what you had assumed they noticed (stage 4)\n\
             \x20  Ask for one thing they could do next time, in plain words, as you would ask\n\
             \x20  someone who wants to help.\n",
        );
}

#[test]
fn check_on_the_shipped_notes_is_all_clear() {
    Env::new()
        .cmd()
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::is_match(r"^\d+ notes checked: all clear\n$").unwrap());
}

#[test]
fn check_reports_errors_like_a_compiler_and_exits_65() {
    let out = Env::new()
        .cmd()
        .args(["check", "--vault", fixture("bad").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let error = stdout
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or_else(|| panic!("no error line in\n{stdout}"));
    // Named from the vault as given, so that the path opens from where `check` ran.
    let bad = fixture("bad");
    assert!(
        error.starts_with(&format!("{}/Broken.md:4: error: ", bad.display())),
        "{error}"
    );
    assert!(error.contains("steps"), "{error}");
    assert!(
        stdout.contains(&format!("\n{}/Dangling.md:3: warning: ", bad.display())),
        "the dangling link is a warning with its line:\n{stdout}"
    );
    assert!(
        stdout.ends_with("2 notes checked: 1 error, 1 warning\n"),
        "{stdout}"
    );
}

#[test]
fn check_json_has_findings_and_counts() {
    let out = Env::new()
        .cmd()
        .args([
            "check",
            "--json",
            "--vault",
            fixture("bad").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(65));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["version"], 1);
    assert_eq!(value["notes"], 2);
    assert_eq!(value["errors"], 1);
    assert_eq!(value["warnings"], 1);
    let findings = value["findings"].as_array().unwrap();
    let error = findings.iter().find(|f| f["severity"] == "error").unwrap();
    assert_eq!(error["path"], "Broken.md");
    assert_eq!(error["line"], 4);
}

#[test]
fn a_missing_vault_folder_is_a_clear_error() {
    let env = Env::new();
    let missing = env.home().join("no-such-vault");
    env.cmd()
        .args(["skills", "--vault", missing.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("repair-coach: "))
        .stderr(predicate::str::contains("no-such-vault"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn the_config_file_names_the_vault() {
    let env = Env::new();
    let config = env.home().join("config/repair-coach");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("vault = {:?}\n", fixture("tea").to_str().unwrap()),
    )
    .unwrap();
    let out = stdout_of(env.cmd().arg("skills"));
    assert!(out.contains("  Making Tea — "), "{out}");
}

#[test]
fn a_bad_config_file_is_named_with_its_line() {
    let env = Env::new();
    let config = env.home().join("config/repair-coach");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "\nvault = [1, 2]\n").unwrap();
    env.cmd()
        .arg("skills")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "config.toml:2: `vault` is not written as the config file takes it",
        ))
        .stderr(predicate::str::contains("invalid type").not());
}

/// A note written to drive the terminal: clipboard write (OSC 52), clear screen, and a
/// right-to-left override.
fn hostile_vault(dir: &Path) -> PathBuf {
    let vault = dir.join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Hostile.md"),
        "---\nfileClass: meta_skill\ndescription: \"Calm\\e]52;c;cm0gLXJmIH4=\\a words\"\n\
         why_it_matters: \"Clear\\e[2J screen\"\nhow_to_practice: \"Read \\u202Eright to left\"\n---\n\
         ## Body\n\nHidden \x1b]52;c;cm0gLXJmIH4=\x07 clipboard, \x1b[2J cleared, \u{202E}reversed. [[Repair]]\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("Plain.md"),
        "Hidden \x1b]52;c;cm0gLXJmIH4=\x07 clipboard, \x1b[2J cleared, \u{202E}reversed.\n",
    )
    .unwrap();
    vault
}

#[test]
fn escape_sequences_in_a_note_never_reach_the_terminal() {
    let env = Env::new();
    let vault = hostile_vault(env.home());
    let vault = vault.to_str().unwrap();
    for args in [
        vec!["show", "Hostile"],
        vec!["show", "Plain"],
        vec!["skills"],
        vec!["check"],
    ] {
        let output = env
            .cmd()
            .args(&args)
            .args(["--vault", vault])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(!text.contains(ESC), "{args:?}: {text:?}");
        assert!(!text.contains('\u{7}'), "{args:?}: {text:?}");
        assert!(!text.contains('\u{202E}'), "{args:?}: {text:?}");
        assert!(!text.contains("52;c;"), "{args:?}: {text:?}");
    }
    let shown = stdout_of(env.cmd().args(["show", "Plain", "--vault", vault]));
    let words: Vec<&str> = shown.split_whitespace().collect();
    assert_eq!(
        words,
        ["Plain", "Hidden", "clipboard,", "cleared,", "reversed."]
    );
}

#[test]
fn color_always_and_clicolor_force_colour_a_pipe_and_plain_never_does() {
    let env = Env::new();
    let always = stdout_of(env.cmd().args(["--color", "always", "show", "Repair"]));
    assert!(always.contains("\x1b[1mRepair"), "{always:?}");
    let forced = stdout_of(
        env.cmd()
            .args(["show", "Repair"])
            .env_remove("NO_COLOR")
            .env("CLICOLOR_FORCE", "1"),
    );
    assert!(forced.contains("\x1b[1mRepair"), "{forced:?}");
    let plain = stdout_of(
        env.cmd()
            .args(["--plain", "--color", "always", "show", "Repair"]),
    );
    assert!(!plain.contains(ESC), "{plain:?}");
    let piped = stdout_of(env.cmd().args(["show", "Repair"]).env_remove("NO_COLOR"));
    assert!(!piped.contains(ESC), "{piped:?}");
}

/// One decision for the notes and for clap's help and errors: NO_COLOR over CLICOLOR_FORCE,
/// `--color` over both.
#[test]
fn the_help_and_errors_are_coloured_exactly_when_the_rest_is() {
    let env = Env::new();
    let escapes = |args: &[&str], vars: &[(&str, &str)]| {
        let mut cmd = env.cmd();
        cmd.args(args).env_remove("NO_COLOR");
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        text.contains(ESC)
    };
    let both = [("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")];
    for args in [&["show", "Repair"][..], &["--help"], &["strat"]] {
        assert!(!escapes(args, &both), "{args:?}: NO_COLOR wins");
        assert!(
            escapes(args, &[("CLICOLOR_FORCE", "1")]),
            "{args:?}: forced"
        );
        let never = [&["--color", "never"], args].concat();
        assert!(!escapes(&never, &[("CLICOLOR_FORCE", "1")]), "{never:?}");
        let always = [&["--color=always"], args].concat();
        assert!(escapes(&always, &both), "{always:?}");
    }
    // An empty NO_COLOR is not set.
    assert!(escapes(
        &["--help"],
        &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]
    ));
}

/// The Select Graphic Rendition codes of `text`, in order (`1` for bold, `0` for a reset).
fn sgr_codes(text: &str) -> Vec<&str> {
    text.split(ESC)
        .skip(1)
        .filter_map(|s| s.strip_prefix('[')?.split_once('m').map(|(code, _)| code))
        .collect()
}

/// clap's help and errors are styled as the notes are, bold and dim: not red, green, yellow or
/// underlined, as clap's own styles would have them.
#[test]
fn the_help_and_errors_use_only_quiet_styles() {
    let env = Env::new();
    for args in [
        &["--help"][..],
        &["start", "--help"],
        &["check", "-h"],
        &["strat"],
        &["start", "--foo"],
        &["show"],
        &["journal", "summary", "--since", "someday"],
    ] {
        let out = env.cmd().arg("--color=always").args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        let codes = sgr_codes(&text);
        assert!(codes.contains(&"1"), "{args:?}: {text:?}");
        assert!(
            codes.iter().all(|c| ["0", "1", "2", "3"].contains(c)),
            "{args:?}: {codes:?} in {text:?}"
        );
    }
}

/// In a real terminal: colour by default, none with NO_COLOR or --plain.
#[cfg(unix)]
mod terminal {
    use super::*;

    /// Without the pager, which has its own tests (tests/pager.rs).
    fn in_a_terminal(env: &Env, no_color: bool, args: &[&str]) -> String {
        let mut cmd = env.process(args);
        cmd.arg("--no-pager");
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let mut session = support::in_pty(cmd, false);
        session.exp_eof().unwrap()
    }

    #[test]
    fn colour_in_a_terminal_is_only_quiet_styles() {
        let out = in_a_terminal(&Env::new(), false, &["show", "Repair"]);
        assert!(out.contains("\x1b[1mRepair"), "{out:?}");
        // Select Graphic Rendition codes: only reset, bold, dim and italic; no colours.
        let codes = sgr_codes(&out);
        assert!(!codes.is_empty());
        assert!(
            codes.iter().all(|c| ["0", "1", "2", "3"].contains(c)),
            "{codes:?}"
        );
    }

    #[test]
    fn no_color_in_a_terminal_has_no_escape_byte() {
        let out = in_a_terminal(&Env::new(), true, &["show", "Repair"]);
        assert!(out.contains("Regulate yourself first"), "{out:?}");
        assert!(!out.contains(ESC), "{out:?}");
    }

    #[test]
    fn clicolor_0_and_color_never_turn_colour_off_in_a_terminal() {
        let env = Env::new();
        let mut cmd = env.process(&["show", "Repair", "--no-pager"]);
        cmd.env_remove("NO_COLOR").env("CLICOLOR", "0");
        let out = support::in_pty(cmd, false).exp_eof().unwrap();
        assert!(out.contains("Regulate yourself first"), "{out:?}");
        assert!(!out.contains(ESC), "CLICOLOR=0: {out:?}");
        let out = in_a_terminal(&env, false, &["--color", "never", "show", "Repair"]);
        assert!(out.contains("Regulate yourself first"), "{out:?}");
        assert!(!out.contains(ESC), "--color never: {out:?}");
    }

    #[test]
    fn plain_in_a_terminal_has_no_escape_byte() {
        let out = in_a_terminal(&Env::new(), false, &["--plain", "skills"]);
        assert!(out.contains("Core skills"), "{out:?}");
        assert!(!out.contains(ESC), "{out:?}");
    }
}

#[test]
fn a_day_that_is_not_one_says_how_to_write_it() {
    let env = support::Env::new();
    for typed in ["yesterday", "2026-13-01"] {
        let output = env
            .cmd()
            .args(["journal", "summary", "--since", typed])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains("like 2026-11-01"), "{said}");
    }
}

#[test]
fn help_is_never_wider_than_100_columns_and_says_the_programs_own_name() {
    let env = support::Env::new();
    let output = env
        .cmd()
        .arg("--help")
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.lines().all(|l| l.chars().count() <= 100), "{help}");
    assert!(help.contains("Usage: repair-coach"), "{help}");
}

#[test]
fn an_error_that_cannot_be_written_is_no_panic() {
    let env = support::Env::new();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = env
        .process(&["--no-pager", "show", "Nope"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_note_of_many_links_to_nowhere_lists_a_hundred_and_counts_the_rest() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir(&vault).unwrap();
    let links: String = (0..250).map(|i| format!("[[Missing {i}]]\n")).collect();
    std::fs::write(vault.join("Export.md"), links).unwrap();
    let out = env
        .cmd()
        .args(["check", "--vault", vault.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let listed = stdout
        .lines()
        .filter(|l| l.contains("does not match any note"));
    assert_eq!(listed.count(), 100, "{stdout}");
    assert!(
        stdout.contains(
            "Export.md:100: warning: and 150 more links in this note that lead to no note"
        ),
        "{stdout}"
    );
}

/// `REPAIR_COACH_VAULT=` (as scripts and CI leave a variable) is no folder, not a usage error
/// about a flag nobody typed.
#[test]
fn an_empty_folder_in_the_environment_reads_as_none_given() {
    let env = Env::new();
    let out = stdout_of(
        env.cmd()
            .env("REPAIR_COACH_VAULT", "")
            .env("REPAIR_COACH_JOURNAL", "")
            .arg("skills"),
    );
    assert!(out.contains("Repair"), "{out}");
    env.cmd()
        .env("REPAIR_COACH_JOURNAL", "")
        .args(["journal", "list"])
        .assert()
        .success();
}

/// Stopped at the first question after the safety one, a session has nothing to keep: no empty
/// note is saved, listed or offered to carry on with.
#[test]
fn a_session_stopped_before_its_first_answer_keeps_nothing() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["start", "--plain"])
        .write_stdin("1\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("Nothing was saved."), "{said}");
    assert!(!said.contains("resume"), "{said}");
    assert!(env.entries().is_empty());
}

/// What `args` shows on a terminal `cols` wide (and tall enough for no pager), line by line.
fn on_terminal(env: &Env, cols: u16, args: &[&str]) -> Vec<String> {
    let shown = support::in_pty(env.process_sized(500, cols, args), true)
        .exp_eof()
        .unwrap();
    // The pseudo-terminal's reader gives each byte as a character: put the UTF-8 back together.
    let bytes: Vec<u8> = shown.chars().map(|c| c as u8).collect();
    String::from_utf8_lossy(&bytes)
        .lines()
        .map(|line| line.trim_end_matches('\r').to_owned())
        .collect()
}

/// On a narrow terminal the listings stay readable: no line wider than the terminal (which would
/// wrap mid-word), every name whole, a note's marks and description under its name; at 80
/// columns, one line per note or entry as before.
#[test]
fn listings_fit_a_narrow_terminal_and_keep_one_line_a_row_at_80() {
    use unicode_width::UnicodeWidthStr;
    let env = Env::new();
    for started in ["2026-12-01T18:42:00+00:00", "2026-12-02T09:05:00+00:00"] {
        support::write_entry(
            &env.journal_dir(),
            started,
            repair_coach::model::Kind::Session,
            "I walked away when you were telling me about your day",
        );
    }
    let names = [
        "Partnering Instead of Defending",
        "Resolving Attunement Mishaps",
        "Repair",
    ];
    for cols in [30u16, 80] {
        for args in [&["skills"][..], &["journal", "list"], &["mistakes"]] {
            let lines = on_terminal(&env, cols, args);
            let wide: Vec<&String> = lines
                .iter()
                .filter(|line| line.width() > usize::from(cols))
                .collect();
            assert!(wide.is_empty(), "{args:?} at {cols}: {wide:#?}");
        }
        let skills = on_terminal(&env, cols, &["skills"]);
        let flat = skills
            .iter()
            .map(|line| line.trim())
            .collect::<Vec<_>>()
            .join(" ");
        for name in names {
            assert!(flat.contains(name), "{name} at {cols}: {skills:#?}");
        }
        let listed = on_terminal(&env, cols, &["journal", "list"]);
        let ids = listed.iter().filter(|l| l.starts_with("2026-12-0")).count();
        assert_eq!(ids, 2, "{listed:#?}");
        match cols {
            30 => {
                assert!(skills.contains(&"  Repair".to_owned()), "{skills:#?}");
                assert!(
                    skills.contains(&"    (current focus, step by".to_owned()),
                    "{skills:#?}"
                );
                // An entry's id on its own line, what and when under it, then its first words.
                assert!(
                    listed
                        .iter()
                        .any(|l| l.starts_with("  Wed 2 Dec 09:05  session")),
                    "{listed:#?}"
                );
                assert!(
                    listed.iter().any(|l| l.starts_with("  I walked away")),
                    "{listed:#?}"
                );
            }
            _ => {
                let repair = skills
                    .iter()
                    .find(|l| l.starts_with("  Repair — "))
                    .unwrap_or_else(|| panic!("{skills:#?}"));
                assert!(
                    repair.ends_with("(current focus, step by step)"),
                    "{repair}"
                );
                assert_eq!(listed.len(), 2, "one line an entry: {listed:#?}");
            }
        }
    }
}
