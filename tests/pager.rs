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

#[test]
fn a_pager_that_cannot_start_falls_back_to_printing() {
    let env = Env::new();
    let shown = in_terminal(
        &env,
        8,
        &["show", "Repair"],
        &[("PAGER", Path::new("/nonexistent/pager"))],
    );
    assert!(shown.contains("Regulate yourself first"), "{shown}");
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
