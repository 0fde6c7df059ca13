//! The not-safe screen lists help where the person lives, chosen from their locale, then the
//! general lines for anyone; a safety note in their own vault replaces the shipped one. `--help`
//! says how to leave at once.
mod support;

use support::Env;

/// The not-safe screen for a locale: `start --plain`, answering "not safe".
fn not_safe_screen(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = env.cmd();
    cmd.args(["start", "--plain"])
        .args(args)
        .envs(vars.iter().copied());
    let output = cmd.write_stdin("2\n").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

const UK: &str = "0808 2000 247";
const DE: &str = "116 016";
const US: &str = "1-800-799-7233";
const GENERAL: &str = "findahelpline.com";
const NOT_A_CRISIS_SERVICE: &str = "not a crisis service";

#[test]
fn lang_en_gb_shows_the_uk_lines_first_then_the_general_ones() {
    let out = not_safe_screen(&Env::new(), &[("LANG", "en_GB.UTF-8")], &[]);
    let uk = out.find(UK).expect(&out);
    assert!(out.contains("999"), "{out}");
    assert!(
        uk < out.find(GENERAL).expect(&out),
        "own country first:\n{out}"
    );
    assert!(
        !out.contains(DE) && !out.contains(US),
        "no other country:\n{out}"
    );
    assert!(out.contains(NOT_A_CRISIS_SERVICE), "{out}");
    // For men too, and for anyone thinking of ending their life.
    assert!(
        out.contains("0808 801 0327") && out.contains("116 123"),
        "{out}"
    );
    for hidden in [
        "edit this note",
        "Nothing you said here",
        "<!--",
        "https://",
    ] {
        assert!(
            !out.contains(hidden),
            "{hidden:?} is not for this screen:\n{out}"
        );
    }
}

#[test]
fn lang_de_de_shows_the_german_lines() {
    let out = not_safe_screen(&Env::new(), &[("LANG", "de_DE.UTF-8")], &[]);
    assert!(out.contains(DE) && out.contains("110"), "{out}");
    assert!(
        out.contains("0800 123 99 00") && out.contains("0800 111 0 111"),
        "{out}"
    );
    assert!(out.find(DE).unwrap() < out.find(GENERAL).expect(&out));
    assert!(!out.contains(UK), "{out}");
}

#[test]
fn lang_c_shows_the_general_lines_only() {
    let out = not_safe_screen(&Env::new(), &[("LANG", "C")], &[]);
    assert!(
        out.contains(GENERAL) && out.contains("local emergency number"),
        "{out}"
    );
    assert!(out.contains(NOT_A_CRISIS_SERVICE), "{out}");
    for country in [UK, DE, US] {
        assert!(!out.contains(country), "{out}");
    }
}

#[test]
fn lc_all_wins_over_lang() {
    let vars = [("LANG", "en_GB.UTF-8"), ("LC_ALL", "de_DE.UTF-8")];
    let out = not_safe_screen(&Env::new(), &vars, &[]);
    assert!(out.contains(DE) && !out.contains(UK), "{out}");
}

#[test]
fn a_safety_note_in_the_users_vault_replaces_the_shipped_one() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Staying Safe.md"),
        "---\nfileClass: safety\n---\nCall Sam on 0123.\n\n## GB\nThe shelter on Mill Lane: 0456.\n\n## FR\nLe 3919.\n",
    )
    .unwrap();
    let args = ["--vault", vault.to_str().unwrap()];
    let out = not_safe_screen(&env, &[("LANG", "en_GB.UTF-8")], &args);
    assert!(
        out.contains("Call Sam on 0123.") && out.contains("Mill Lane"),
        "{out}"
    );
    assert!(!out.contains("3919") && !out.contains(UK), "{out}");
}

/// A copy of the safety note without lines for anyone (or left empty there) still shows help:
/// the shipped lines for anyone, and for the person's country where the copy has none; `check`
/// names the copy and what to add.
#[rstest::rstest]
#[case::no_section_for_anyone("You matter.\n\n## GB\nThe shelter on Mill Lane: 0456.\n")]
#[case::an_empty_one(
    "You matter.\n\n## GB\nThe shelter on Mill Lane: 0456.\n\n## Wherever you are\n<!-- later -->\n"
)]
fn a_copy_without_lines_for_anyone_still_shows_help_and_check_says_so(#[case] body: &str) {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    let text = format!("---\nfileClass: safety\n---\n# Staying Safe\n\n{body}");
    std::fs::write(vault.join("Staying Safe.md"), text).unwrap();
    let args = ["--vault", vault.to_str().unwrap()];

    let out = not_safe_screen(&env, &[("LANG", "C")], &args);
    assert!(out.contains("You matter."), "{out}");
    assert!(
        out.contains(GENERAL) && out.contains("local emergency number"),
        "{out}"
    );
    assert!(out.contains(NOT_A_CRISIS_SERVICE), "{out}");
    assert!(
        !out.contains("Mill Lane"),
        "not for someone in no known country:\n{out}"
    );

    // Their own lines for where they live, then the shipped ones for anyone.
    let gb = not_safe_screen(&env, &[("LANG", "en_GB.UTF-8")], &args);
    let mill_lane = gb.find("Mill Lane").expect(&gb);
    assert!(mill_lane < gb.find(GENERAL).expect(&gb), "{gb}");
    assert!(
        !gb.contains(UK),
        "their own lines for the UK, not the shipped:\n{gb}"
    );
    // Where their copy has no lines, the shipped lines for that country.
    let us = not_safe_screen(&env, &[("LANG", "en_US.UTF-8")], &args);
    assert!(us.contains(US) && us.contains(GENERAL), "{us}");

    let check = env.cmd().args(args).arg("check").output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let report = String::from_utf8(check.stdout).unwrap();
    let line = format!(
        "{}/Staying Safe.md: warning: this safety note has no help lines for anyone",
        vault.display()
    );
    assert!(report.starts_with(&line), "{report}");
    assert!(
        report.contains("add a section for anyone, such as `## Wherever you are`"),
        "{report}"
    );
    assert!(
        report.ends_with("1 note checked: 0 errors, 1 warning\n"),
        "{report}"
    );
}

/// A copy with its own lines for anyone is used as written: `check` has nothing to say.
#[test]
fn a_copy_with_lines_for_anyone_is_all_clear() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Staying Safe.md"),
        "---\nfileClass: safety\n---\nMine.\n\n## Anyone\nCall Sam on 0123.\n",
    )
    .unwrap();
    let args = ["--vault", vault.to_str().unwrap()];
    let out = not_safe_screen(&env, &[("LANG", "C")], &args);
    assert!(
        out.contains("Call Sam on 0123.") && !out.contains(GENERAL),
        "{out}"
    );
    let check = env.cmd().args(args).arg("check").output().unwrap();
    let report = String::from_utf8(check.stdout).unwrap();
    assert_eq!(report, "1 note checked: all clear\n");
}

#[test]
fn help_says_that_esc_leaves_at_once_and_clears_the_screen() {
    let output = Env::new().cmd().arg("--help").output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        help.contains("Esc leaves at once and clears the screen"),
        "{help}"
    );
}

#[rstest::rstest]
#[case::a_guide_that_is_not_one(
    "Session Guide.md",
    "---\nfileClass: meta_skill\ndescription: Mine.\n---\n",
    "is not a session guide: give it `fileClass: session_guide`"
)]
#[case::a_skill_that_is_not_one(
    "Repair.md",
    "---\nfileClass: meta_skill\ndescription: My own notes on repair.\n---\n",
    "the skill [[Repair]] (Repair.md) has no steps"
)]
fn notes_that_make_no_session_still_let_the_safety_question_come_first(
    #[case] file: &str,
    #[case] text: &str,
    #[case] says: &str,
) {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(vault.join(file), text).unwrap();
    let vault = vault.to_str().unwrap();
    let output = env
        .cmd()
        .args(["--vault", vault, "start", "--plain"])
        .env("LANG", "en_GB.UTF-8")
        .write_stdin("2\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.starts_with("\nBefore we start"), "{out}");
    assert!(out.contains(UK), "{out}");
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one quiet line:\n{err}");
    assert!(err.starts_with(&format!("{file}: warning: ")), "{err}");
    assert!(
        err.contains(says) && err.contains("The shipped notes are used this time"),
        "{err}"
    );

    let check = env
        .cmd()
        .args(["--vault", vault, "check"])
        .output()
        .unwrap();
    let report = String::from_utf8(check.stdout).unwrap();
    assert!(
        report.contains(&format!("{file}: warning: ")) && report.contains(says),
        "{report}"
    );
    assert!(
        report.contains("Until then, `start` uses the shipped notes"),
        "{report}"
    );
}

/// `show` of the safety note reads as the not-safe screen does: the lines for where the person
/// lives, no country codes, no notes on sources, and a number never broken across lines.
#[test]
fn show_staying_safe_reads_as_the_not_safe_screen() {
    let env = Env::new();
    let output = env
        .cmd()
        .args(["show", "Staying Safe", "--plain"])
        .env("LANG", "en_US.UTF-8")
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains(US) && out.contains(GENERAL), "{out}");
    assert!(!out.contains(UK) && !out.contains(DE), "{out}");
    for hidden in ["\nUS\n", "\nGB\n", "<!--", "-->", "https://", "ISO 3166"] {
        assert!(
            !out.contains(hidden),
            "{hidden:?} is not for this page:\n{out}"
        );
    }
    let screen = not_safe_screen(&env, &[("LANG", "en_US.UTF-8")], &[]);
    let helped = |text: &str| text.lines().filter(|l| l.contains(US)).count();
    assert_eq!((helped(&out), helped(&screen)), (1, 1), "{out}\n{screen}");
}
