//! `journal list` and `journal show` in the words of the Journal Entries note: the shipped
//! words as a person reads them, and a vault's own note of that name in their place.
mod support;

use repair_coach::model::Kind;
use support::{Env, session_and_checkin, write_entry};

fn stdout_of(env: &Env, args: &[&str]) -> String {
    let output = env.cmd().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

const OWN_WORDS: &str = "---
fileClass: journal_guide
empty: Your journal is empty for now.
list_time: \"%d/%m %H:%M\"
show_time: \"%d/%m/%Y at %H:%M\"
heading: \"{time}: {kind}\"
activation: \"stirred up {before}, then {after}\"
kinds:
  session: repair talk
  reflection: looking back
  checkin: check in
  debrief: after the talk
statuses:
  in_progress: still going
  paused: resting
  complete: finished
  ended_for_safety: stopped to stay safe
answers:
  skipped: (left blank)
  scale: \"{number} of 10\"
  \"yes\": I did
  \"no\": I didn't
  done: I did it
draft: (unfinished)
---
# Journal Entries
";

#[test]
fn an_entry_reads_in_the_shipped_words() {
    let env = Env::new();
    assert_eq!(
        stdout_of(&env, &["journal", "list"]),
        "Nothing here yet. `repair-coach start` begins a session.\n"
    );
    let id = session_and_checkin(&env.journal_dir());
    insta::assert_snapshot!("list", stdout_of(&env, &["journal", "list"]));
    insta::assert_snapshot!("show", stdout_of(&env, &["journal", "show", &id]));
}

#[test]
fn a_vault_note_of_that_name_puts_its_own_words_in_their_place() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    let vault = vault.to_str().unwrap();
    let with_vault = |args: &[&str]| {
        let mut all = vec!["--vault", vault];
        all.extend_from_slice(args);
        stdout_of(&env, &all)
    };
    std::fs::write(format!("{vault}/Journal Entries.md"), OWN_WORDS).unwrap();
    assert_eq!(
        with_vault(&["journal", "list"]),
        "Your journal is empty for now.\n"
    );
    let id = session_and_checkin(&env.journal_dir());
    let list = with_vault(&["journal", "list"]);
    assert!(
        list.contains("01/12 08:15  check in     finished"),
        "{list}"
    );
    assert!(
        list.contains("30/11 21:05  repair talk  finished"),
        "{list}"
    );
    let shown = with_vault(&["journal", "show", &id]);
    for words in [
        "30/11/2026 at 21:05: Repair talk",
        "finished · stirred up 6, then 3",
        "6 of 10",
        "I didn't",
        "I did it",
    ] {
        assert!(shown.contains(words), "{words:?} in:\n{shown}");
    }
    let blank = with_vault(&["journal", "show", "2026-12-01"]);
    assert!(blank.contains("(left blank)"), "{blank}");
}

#[test]
fn a_note_with_a_date_code_chrono_does_not_know_is_named_by_check() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    let note = vault.join("Journal Entries.md");
    std::fs::write(&note, OWN_WORDS.replace("%d/%m %H:%M", "%d %Q")).unwrap();
    let output = env
        .cmd()
        .args(["check", "--vault", vault.to_str().unwrap()])
        .output()
        .unwrap();
    let said =
        String::from_utf8(output.stderr).unwrap() + &String::from_utf8(output.stdout).unwrap();
    assert!(!output.status.success(), "{said}");
    assert!(said.contains("Journal Entries.md:4"), "{said}");
    assert!(said.contains("`list_time`"), "{said}");
}

#[test]
fn a_journal_whose_only_entry_cannot_be_read_is_not_called_empty() {
    let env = Env::new();
    let id = write_entry(
        &env.journal_dir(),
        "2026-11-30T21:05:00+00:00",
        Kind::Session,
        "tonight",
    );
    let file = env.journal_dir().join(format!("{id}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("activation_before: 6", "activation_before: 60"),
    )
    .unwrap();
    for args in [&["journal", "list"][..], &["journal", "summary"]] {
        let output = env.cmd().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8(output.stdout).unwrap(), "", "{args:?}");
        let said = String::from_utf8(output.stderr).unwrap();
        assert!(said.contains(&format!("{id}.md:")), "{said}");
        assert!(said.contains("`activation_before` is 60"), "{said}");
    }
}
