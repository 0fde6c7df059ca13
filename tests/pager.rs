//! Long output goes through the pager only on a terminal it does not fit, as git does; never
//! into a pipe, and not when turned off. The pager here is a script that records that it ran
//! and what it was given.
#![cfg(unix)]
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use support::{Env, in_pty};

/// A pager script that writes what it reads to `paged.txt` beside it.
fn recording_pager(env: &Env) -> (PathBuf, PathBuf) {
    let script = env.home().join("pager.sh");
    let paged = env.home().join("paged.txt");
    std::fs::write(&script, format!("#!/bin/sh\ncat > '{}'\n", paged.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, paged)
}

/// Runs `args` in a terminal `rows` tall with these variables; what reached the terminal.
fn in_terminal(env: &Env, rows: u16, args: &[&str], vars: &[(&str, &Path)]) -> String {
    let mut cmd = env.process_in_rows(rows, args);
    for (name, value) in vars {
        cmd.env(name, value);
    }
    in_pty(cmd, true).exp_eof().unwrap()
}

#[test]
fn output_taller_than_the_terminal_goes_through_the_pager() {
    let env = Env::new();
    let (pager, paged) = recording_pager(&env);
    let id = support::write_entry(
        &env.journal_dir(),
        "2026-12-01T18:42:00+00:00",
        repair_coach::model::Kind::Session,
        "I walked away",
    );
    for (args, words) in [
        (&["show", "Repair"][..], "Regulate yourself first"),
        (&["mistakes"], "Common mistakes in Repair"),
        (&["journal", "show", &id], "I walked away"),
    ] {
        let _ = std::fs::remove_file(&paged);
        let shown = in_terminal(&env, 8, args, &[("PAGER", &pager)]);
        let text = std::fs::read_to_string(&paged).expect("the pager ran");
        assert!(text.contains(words), "{args:?}: {text}");
        assert!(
            !shown.contains(words),
            "{args:?}: printed as well as paged: {shown}"
        );
    }
}

#[test]
fn output_that_fits_the_terminal_is_printed() {
    let env = Env::new();
    let (pager, paged) = recording_pager(&env);
    let shown = in_terminal(&env, 200, &["show", "Repair"], &[("PAGER", &pager)]);
    assert!(shown.contains("Regulate yourself first"), "{shown}");
    assert!(!paged.exists(), "the pager ran for text that fits");
}

#[test]
fn no_pager_into_a_pipe() {
    let env = Env::new();
    let (pager, paged) = recording_pager(&env);
    let out = env
        .cmd()
        .args(["show", "Repair"])
        .env("PAGER", &pager)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Regulate yourself first")
    );
    assert!(!paged.exists(), "the pager ran into a pipe");
}

#[test]
fn no_pager_flag_and_an_empty_repair_coach_pager_turn_it_off() {
    let env = Env::new();
    let (pager, paged) = recording_pager(&env);
    let shown = in_terminal(
        &env,
        8,
        &["show", "Repair", "--no-pager"],
        &[("PAGER", &pager)],
    );
    assert!(shown.contains("Regulate yourself first"), "{shown}");
    let empty = Path::new("");
    let shown = in_terminal(
        &env,
        8,
        &["show", "Repair"],
        &[("PAGER", &pager), ("REPAIR_COACH_PAGER", empty)],
    );
    assert!(shown.contains("Regulate yourself first"), "{shown}");
    assert!(!paged.exists(), "the pager ran although turned off");
}

#[test]
fn repair_coach_pager_wins_over_pager() {
    let env = Env::new();
    let (pager, paged) = recording_pager(&env);
    in_terminal(
        &env,
        8,
        &["show", "Repair"],
        &[
            ("PAGER", Path::new("/nonexistent/more")),
            ("REPAIR_COACH_PAGER", &pager),
        ],
    );
    assert!(paged.exists());
}

/// A pager that is not there, or that fails at once (an option it does not know), leaves the
/// text printed plainly, after one warning that names it and what to set.
#[test]
fn a_pager_that_cannot_start_or_fails_falls_back_to_printing_with_one_warning() {
    let env = Env::new();
    let failing = env.home().join("failing.sh");
    std::fs::write(&failing, "#!/bin/sh\necho 'no such option' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(&failing, std::fs::Permissions::from_mode(0o755)).unwrap();
    let missing = Path::new("/nonexistent/pager");
    for (variable, pager, why) in [
        ("PAGER", missing, "there is no such program"),
        ("PAGER", failing.as_path(), "it stopped with exit code 1"),
        ("REPAIR_COACH_PAGER", missing, "there is no such program"),
    ] {
        let shown = in_terminal(&env, 8, &["show", "Repair"], &[(variable, pager)]);
        assert!(shown.contains("Regulate yourself first"), "{shown}");
        // (The pseudo-terminal's reader takes the quotes around the pager's name apart.)
        let warning = shown
            .lines()
            .find(|line| line.starts_with("repair-coach: warning: the pager "))
            .unwrap_or_else(|| panic!("no warning: {shown}"));
        assert!(warning.contains(&pager.display().to_string()), "{warning}");
        assert!(
            warning.ends_with(&format!(
                " did not work ({why}), so the text is printed without it; set {variable} to a \
                 pager that works, or use --no-pager"
            )),
            "{warning}"
        );
        assert_eq!(shown.matches("did not work").count(), 1, "{shown}");
        assert!(
            shown.find(warning) < shown.find("Regulate yourself first"),
            "the warning comes first: {shown}"
        );
    }
}

/// The shipped default, `less`, missing is no one's mistake: the text is printed, with no word.
#[test]
fn the_default_pager_missing_prints_without_a_warning() {
    let env = Env::new();
    let mut cmd = env.process_in_rows(8, &["show", "Repair"]);
    // A PATH with `sh` and `stty` (to size the terminal) and the binary, but no `less`.
    let bin = env.home().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for program in ["sh", "stty"] {
        let found = std::process::Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .output()
            .unwrap();
        let path = String::from_utf8(found.stdout).unwrap();
        std::os::unix::fs::symlink(path.trim(), bin.join(program)).unwrap();
    }
    let binary = assert_cmd::cargo::cargo_bin("repair-coach");
    std::os::unix::fs::symlink(&binary, bin.join("repair-coach")).unwrap();
    cmd.env("PATH", &bin).env_remove("PAGER");
    let shown = in_pty(cmd, true).exp_eof().unwrap();
    assert!(shown.contains("Regulate yourself first"), "{shown}");
    assert!(!shown.contains("warning"), "{shown}");
}

#[test]
fn ctrl_c_in_the_pager_is_the_pagers_and_the_command_ends_well() {
    let env = Env::new();
    let (_, paged) = recording_pager(&env);
    // A pager that, like a person pressing Ctrl-C in less, interrupts the whole foreground
    // group once it has the first line, then reads on.
    let script = env.home().join("interrupting.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ntrap '' INT\nIFS= read -r first\nkill -INT 0\n{{ echo \"$first\"; cat; }} > '{}'\n",
            paged.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = env.process_in_rows(8, &["show", "Repair"]);
    cmd.env("PAGER", &script);
    let mut session = in_pty(cmd, true);
    session.exp_eof().unwrap();
    let status = session.process().wait().unwrap();
    assert!(
        matches!(status, nix::sys::wait::WaitStatus::Exited(_, 0)),
        "the command ended by itself, not by the interrupt: {status:?}"
    );
    assert!(std::fs::read_to_string(&paged).unwrap().contains("Repair"));
}

#[test]
fn the_pager_is_told_to_pass_colours_through_unless_the_person_said_otherwise() {
    let env = Env::new();
    let script = env.home().join("pager.sh");
    let seen = env.home().join("less.txt");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat > /dev/null\necho \"$LESS|$LV\" > '{}'\n",
            seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = env.process_in_rows(8, &["show", "Repair"]);
    cmd.env("PAGER", &script)
        .env_remove("LESS")
        .env_remove("LV");
    in_pty(cmd, true).exp_eof().unwrap();
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), "FRX|-c\n");
    let mut cmd = env.process_in_rows(8, &["show", "Repair"]);
    cmd.env("PAGER", &script).env("LESS", "-M").env("LV", "-a");
    in_pty(cmd, true).exp_eof().unwrap();
    assert_eq!(std::fs::read_to_string(&seen).unwrap(), "-M|-a\n");
}
