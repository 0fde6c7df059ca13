//! `journal delete`: asked first with keeping as the first choice, deleted only on yes, and
//! `--yes` only for a whole id.
mod support;

use support::{Env, names_in, session_and_checkin};

fn run(env: &Env, args: &[&str], typed: &str) -> (i32, String, String) {
    let output = env.cmd().args(args).write_stdin(typed).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Two entries: the session to delete (its id) and a check-in that must stay as it is.
fn two_entries(env: &Env) -> String {
    session_and_checkin(&env.journal_dir())
}

#[test]
fn it_asks_what_it_is_and_keeps_it_unless_told_yes() {
    let env = Env::new();
    let id = two_entries(&env);
    let before = names_in(&env.journal_dir());
    let file = env.journal_dir().join(format!("{id}.md"));
    let text = std::fs::read(&file).unwrap();
    // "No" is the first choice; an answer never given keeps it too.
    for typed in ["1\n", ""] {
        let (code, out, err) = run(&env, &["journal", "delete", &id], typed);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains(
                "Delete the session from Monday 30 November 2026, 21:05? It cannot be brought back."
            ),
            "{out}"
        );
        assert!(
            out.contains("  1. No, keep it\n  2. Yes, delete it\n"),
            "{out}"
        );
        assert!(out.ends_with("Kept. Nothing was deleted.\n"), "{out}");
        assert_eq!(std::fs::read(&file).unwrap(), text);
        assert_eq!(names_in(&env.journal_dir()), before);
    }
    // The start of the id is enough when asked.
    let (code, out, err) = run(&env, &["journal", "delete", "2026-11-30"], "2\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("Deleted. It is no longer in your journal.\n"),
        "{out}"
    );
    assert_eq!(names_in(&env.journal_dir()), ["2026-12-01-0815.md"]);
    let (_, list, _) = run(&env, &["journal", "list"], "");
    assert!(!list.contains(&id), "{list}");
}

#[test]
fn yes_deletes_without_asking_only_a_whole_id() {
    let env = Env::new();
    let id = two_entries(&env);
    let before = names_in(&env.journal_dir());
    let (code, out, err) = run(&env, &["journal", "delete", "2026-11-30", "--yes"], "");
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains(&format!("give the whole id ({id})")), "{err}");
    assert_eq!(names_in(&env.journal_dir()), before);

    let (code, out, err) = run(&env, &["journal", "delete", &id, "--yes"], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "Deleted. It is no longer in your journal.\n");
    assert_eq!(names_in(&env.journal_dir()), ["2026-12-01-0815.md"]);
}

#[test]
fn an_id_that_is_no_entry_is_said_with_the_nearest() {
    let env = Env::new();
    let (code, _, err) = run(&env, &["journal", "delete", "2026-11-30-2105", "--yes"], "");
    assert_eq!(code, 1);
    assert!(
        err.contains("nothing has been written to this journal yet"),
        "{err}"
    );
    let id = two_entries(&env);
    let typo = id.replace("2105", "2150");
    let (code, _, err) = run(&env, &["journal", "delete", &typo], "2\n");
    assert_eq!(code, 1);
    assert!(err.contains(&format!("no journal entry {typo}")), "{err}");
    assert!(err.contains(&id), "the nearest id is suggested: {err}");
    assert_eq!(names_in(&env.journal_dir()).len(), 2);
}

#[test]
fn at_a_terminal_enter_keeps_it_and_only_choosing_yes_deletes() {
    let env = Env::new();
    let id = two_entries(&env);
    for (keys, kept) in [("\r", true), ("\x1b[B\r", false)] {
        let mut p = support::in_pty(env.process(&["journal", "delete", &id]), true);
        p.exp_string("Delete the session from").unwrap();
        p.exp_string("Yes, delete it").unwrap();
        p.send(keys).unwrap();
        p.flush().unwrap();
        let said = match kept {
            true => "Kept. Nothing was deleted.",
            false => "Deleted. It is no longer in your journal.",
        };
        p.exp_string(said).unwrap();
        p.exp_eof().unwrap();
        let file = env.journal_dir().join(format!("{id}.md"));
        assert_eq!(file.exists(), kept, "{keys:?}");
    }
}
