//! The journal folder removed while a session is being answered (a sync tool, a clean-up): each
//! save writes the whole record, so the folder is made again and nothing answered is lost; when
//! it cannot be made again, every answer is handed back and no file is said to keep them.
mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};
use support::{Env, mode, names_in};

/// Safe, "I hurt someone", activation 3, no breathing, then (a line of its own) the first words
/// of step 2.
const OPENING: &str = "1\n1\n3\n2\n";

/// A session begun with `start --plain --journal JOURNAL`, its input still open.
fn session(env: &Env, journal: &Path) -> (Child, ChildStdin) {
    let mut child = env
        .process(&["start", "--plain", "--journal"])
        .arg(journal)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

/// Types `typed` then `line`, and waits until the journal's one entry holds `line`: saved.
fn answered_and_saved(stdin: &mut ChildStdin, journal: &Path, typed: &str, line: &str) {
    stdin
        .write_all(format!("{typed}{line}\n").as_bytes())
        .unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let saved = journal.is_dir()
            && names_in(journal)
                .iter()
                .filter(|name| name.ends_with(".md"))
                .any(|name| {
                    std::fs::read_to_string(journal.join(name))
                        .is_ok_and(|text| text.contains(line))
                });
        if saved {
            return;
        }
        assert!(Instant::now() < until, "{line:?} was never saved");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The input ended: what the session said on stderr once it is over.
fn ended(mut child: Child, stdin: ChildStdin) -> String {
    drop(stdin);
    let mut said = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    child.wait().unwrap();
    said
}

#[test]
fn a_folder_removed_mid_session_is_made_again_with_every_answer() {
    let env = Env::new();
    let journal = env.home().join("journal");
    let (child, mut stdin) = session(&env, &journal);
    answered_and_saved(&mut stdin, &journal, OPENING, "first words");
    answered_and_saved(&mut stdin, &journal, "", "second words");

    std::fs::remove_dir_all(&journal).unwrap();
    answered_and_saved(&mut stdin, &journal, "", "third words");
    let said = ended(child, stdin);

    assert!(!said.contains("could not be saved"), "{said}");
    assert_eq!(mode(&journal), 0o700, "made privately again");
    let names = names_in(&journal);
    assert_eq!(names.len(), 1, "one entry, no lock or temp file: {names:?}");
    assert_eq!(mode(&journal.join(&names[0])), 0o600);
    let text = std::fs::read_to_string(journal.join(&names[0])).unwrap();
    for words in ["first words", "second words", "third words"] {
        assert!(text.contains(words), "{words:?} is kept: {text}");
    }
}

#[test]
fn a_folder_that_cannot_be_made_again_hands_every_answer_back_and_claims_nothing_safe() {
    let env = Env::new();
    let journal = env.home().join("journal");
    let (child, mut stdin) = session(&env, &journal);
    answered_and_saved(&mut stdin, &journal, OPENING, "first words");
    answered_and_saved(&mut stdin, &journal, "", "second words");

    std::fs::remove_dir_all(&journal).unwrap();
    // Something else took its place: the folder cannot be made there.
    std::fs::write(&journal, "not a folder").unwrap();
    stdin.write_all(b"third words\n").unwrap();
    let said = ended(child, stdin);

    assert!(said.contains("could not be saved"), "{said}");
    for words in ["    first words", "    second words", "    third words"] {
        assert!(said.contains(words), "{words:?} is handed back: {said}");
    }
    assert!(
        !said.contains("is safe in"),
        "nothing is kept anywhere: {said}"
    );
    assert_eq!(
        std::fs::read_to_string(&journal).unwrap(),
        "not a folder",
        "what took its place is left alone"
    );
}
