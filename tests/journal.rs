//! The journal on a real file system: permissions, atomic saves, exact round-trips through the
//! loader, broken files, locks between handles and between processes, and ids.
mod support;

use chrono::{DateTime, FixedOffset, TimeZone};
use proptest::prelude::*;
use repair_coach::diagnostic::Severity;
use repair_coach::journal::{HELD_ELSEWHERE, Journal};
use repair_coach::model::{AnswerValue, Answered, Draft, Kind, SessionRecord, Status};
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};

/// A child process forked by one test holds a copy of every open file until it execs, locks
/// included, so a lock another test just dropped could still look held. Tests that need a lock
/// released, and the test that spawns a process, take turns.
static NO_FORK_NOW: Mutex<()> = Mutex::new(());

fn no_fork_now() -> MutexGuard<'static, ()> {
    NO_FORK_NOW
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn answer(id: &str, section: &str, question: &str, value: AnswerValue) -> Answered {
    Answered {
        id: id.into(),
        section: section.into(),
        question: question.into(),
        value,
        label: None,
    }
}

fn record(started: &str) -> SessionRecord {
    SessionRecord {
        id: String::new(),
        kind: Kind::Session,
        started: at(started),
        updated: at(started),
        status: Status::InProgress,
        side: Some("hurt".into()),
        activation_before: Some(7),
        activation_after: None,
        skill: Some("Repair".into()),
        practice: None,
        session: None,
        checkins: None,
        break_until: None,
        flags: Vec::new(),
        could_say: None,
        draft: None,
        added_by_hand: Default::default(),
        answers: vec![
            answer(
                "activation.before",
                "Regulate yourself first",
                "How activated do you feel?",
                AnswerValue::Scale(7),
            ),
            answer(
                "repair.2.1",
                "Acknowledge their experience without defending",
                "What did they feel?",
                AnswerValue::Text("Hurt, and alone with it.\nI raised my voice.".into()),
            ),
            answer(
                "flag.repair.2.1",
                "Acknowledge their experience without defending",
                "Keep it, or rewrite it?",
                AnswerValue::Choice("keep".into()),
            ),
        ],
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Names in the folder other than the sessions and the lock files of sessions still open.
fn stray_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !(name.ends_with(".md") || name.starts_with('.') && name.ends_with(".lock")))
        .collect()
}

/// Every name in the folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_new_folder_is_0700_with_its_parents_and_entries_are_0600() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data/repair-coach/journal");
    let journal = Journal::open(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert!(journal.warnings().is_empty());
    let mut session = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    assert_eq!(mode(&session.path), 0o600);
    assert_eq!(mode(&dir.join(".2026-11-24-1503.lock")), 0o600);
    session
        .save(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    assert_eq!(mode(&session.path), 0o600, "still private after a save");
}

#[test]
fn an_existing_open_folder_is_left_as_it_is_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shared");
    fs::DirBuilder::new().mode(0o755).create(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let journal = Journal::open(&dir).unwrap();
    assert_eq!(
        mode(&dir),
        0o755,
        "a folder the person chose is not chmod-ed"
    );
    let warning = &journal.warnings()[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("chmod 700"), "{}", warning.message);
    let session = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    assert_eq!(mode(&session.path), 0o600, "entries are private anyway");
}

#[test]
fn a_file_where_the_folder_should_be_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("journal");
    fs::write(&file, "").unwrap();
    let error = Journal::open(&file).unwrap_err().to_string();
    assert!(error.contains("is not a folder"), "{error}");
}

#[test]
fn saves_replace_the_file_whole_and_leave_no_temporary_files() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let mut rec = record("2026-11-24T15:03:00+01:00");
    let mut session = journal
        .create(&rec, &support::shipped_answer_words())
        .unwrap();
    assert_eq!(session.id, "2026-11-24-1503");
    for n in 0..5 {
        rec.answers.push(answer(
            &format!("extra.{n}"),
            "Stay present",
            "Anything else?",
            AnswerValue::Text(format!("answer {n}")),
        ));
        rec.status = Status::Paused;
        session
            .save(&rec, &support::shipped_answer_words())
            .unwrap();
        let loaded = journal.load(&session.id).unwrap();
        assert_eq!(loaded.record.answers.len(), 3 + n + 1);
    }
    assert!(
        stray_files(tmp.path()).is_empty(),
        "{:?}",
        stray_files(tmp.path())
    );
    let hidden: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn a_session_reads_well_as_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let session = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    let text = fs::read_to_string(&session.path).unwrap();
    assert!(
        text.starts_with("---\nfileClass: repair_session\nid: 2026-11-24-1503\n"),
        "{text}"
    );
    assert!(
        text.contains("\nstarted: 2026-11-24T15:03:00+01:00\n"),
        "{text}"
    );
    assert!(text.contains("\nstatus: in_progress\n"), "{text}");
    assert!(
        text.contains(
            "## Acknowledge their experience without defending\n\n### What did they feel?\n\n\
             <!-- answer id=\"repair.2.1\" -->\nHurt, and alone with it.\nI raised my voice.\n\n\
             ### Keep it, or rewrite it?\n\n<!-- answer id=\"flag.repair.2.1\" choice=\"keep\" -->\nkeep\n"
        ),
        "{text}"
    );
}

#[test]
fn the_id_comes_from_the_start_time_and_never_from_what_was_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let mut rec = record("2026-11-24T15:03:59-05:00");
    rec.id = "../../etc/passwd".into();
    let mut session = journal
        .create(&rec, &support::shipped_answer_words())
        .unwrap();
    assert_eq!(session.id, "2026-11-24-1503");
    assert_eq!(session.path, tmp.path().join("2026-11-24-1503.md"));
    session
        .save(&rec, &support::shipped_answer_words())
        .unwrap();
    assert_eq!(
        journal.load("2026-11-24-1503").unwrap().record.id,
        "2026-11-24-1503"
    );
    assert!(stray_files(tmp.path()).is_empty());
}

#[test]
fn sessions_started_in_the_same_minute_get_their_own_files() {
    let _turn = no_fork_now();
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let other = Journal::open(tmp.path()).unwrap();
    let first = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    let second = other
        .create(
            &record("2026-11-24T15:03:30+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    drop(first);
    // The first is closed now, but its file still holds its id.
    let third = journal
        .create(
            &record("2026-11-24T15:03:45+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    assert_eq!(second.id, "2026-11-24-1503-2");
    assert_eq!(third.id, "2026-11-24-1503-3");
    let (list, findings) = journal.list();
    assert!(findings.is_empty(), "{findings:?}");
    let ids: Vec<_> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["2026-11-24-1503-3", "2026-11-24-1503-2", "2026-11-24-1503"]
    );
}

#[test]
fn list_is_newest_first_and_load_takes_a_unique_prefix() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    for started in [
        "2026-11-20T09:00:00+00:00",
        "2026-11-24T15:03:00+00:00",
        "2026-11-22T21:30:00+00:00",
    ] {
        journal
            .create(&record(started), &support::shipped_answer_words())
            .unwrap();
    }
    let (list, _) = journal.list();
    let ids: Vec<_> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["2026-11-24-1503", "2026-11-22-2130", "2026-11-20-0900"]
    );
    assert_eq!(journal.load("2026-11-22").unwrap().id, "2026-11-22-2130");

    let ambiguous = journal.load("2026-11-2").unwrap_err().to_string();
    assert!(
        ambiguous.contains("2026-11-20-0900, 2026-11-22-2130, 2026-11-24-1503"),
        "{ambiguous}"
    );
    let missing = journal.load("2025").unwrap_err().to_string();
    assert_eq!(
        missing,
        "no journal entry 2025. `repair-coach journal list` shows them all."
    );
    let sneaky = journal.load("../2026-11-24-1503").unwrap_err().to_string();
    assert!(sneaky.starts_with("no journal entry"), "{sneaky}");
}

#[test]
fn the_latest_resumable_session_skips_finished_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    assert!(journal.latest_resumable().is_none());
    let mut paused = record("2026-11-20T09:00:00+00:00");
    paused.status = Status::Paused;
    journal
        .create(&paused, &support::shipped_answer_words())
        .unwrap();
    let mut done = record("2026-11-24T15:03:00+00:00");
    done.status = Status::Complete;
    journal
        .create(&done, &support::shipped_answer_words())
        .unwrap();
    let mut safety = record("2026-11-25T15:03:00+00:00");
    safety.status = Status::EndedForSafety;
    journal
        .create(&safety, &support::shipped_answer_words())
        .unwrap();
    assert_eq!(journal.latest_resumable().unwrap().id, "2026-11-20-0900");
}

#[test]
fn the_first_words_are_one_clean_line() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let mut rec = record("2026-11-24T15:03:00+01:00");
    rec.answers[1].value =
        AnswerValue::Text("I raised\u{1b}[31m my voice\nwhen she said it was late".into());
    journal
        .create(&rec, &support::shipped_answer_words())
        .unwrap();
    let summary = journal.load("2026").unwrap();
    assert_eq!(summary.first_words(20), "I raised my voice…");
    assert_eq!(
        summary.first_words(80),
        "I raised my voice when she said it was late"
    );
}

/// An answer that brought back the safety note is not what a list glanced at shows.
#[test]
fn the_first_words_pass_over_an_answer_that_brought_the_safety_note_back() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let mut rec = record("2026-11-24T15:03:00+01:00");
    rec.answers[1].value = AnswerValue::Text("scared, he hit me".into());
    rec.answers[2] = answer(
        "safety_again.repair.2.1",
        "Acknowledge their experience without defending",
        "What would you like to do?",
        AnswerValue::Choice("carry_on".into()),
    );
    rec.answers.push(answer(
        "repair.3.1",
        "Take responsibility for your impact",
        "What did you do?",
        AnswerValue::Text("I walked away".into()),
    ));
    journal
        .create(&rec, &support::shipped_answer_words())
        .unwrap();
    assert_eq!(
        journal.load("2026").unwrap().first_words(80),
        "I walked away"
    );
}

#[test]
fn a_record_is_json_for_scripts() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    let summary = journal.load("2026-11-24-1503").unwrap();
    let json: serde_json::Value = serde_json::to_value(&summary.record).unwrap();
    assert_eq!(json["status"], "in_progress");
    assert_eq!(json["started"], "2026-11-24T15:03:00+01:00");
    assert_eq!(json["answers"][2]["value"]["choice"], "keep");
}

#[test]
fn a_broken_entry_is_a_finding_with_its_line_and_is_never_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    let cases = [
        (
            "2026-10-01-1200.md",
            "---\nfileClass: repair_session\nid: x: y\n---\n",
            Some(3),
        ),
        (
            "2026-10-02-1200.md",
            "---\nfileClass: repair_session\nid: x\nkind: session\nstarted: 2026-11-24T15:03:00Z\n\
             updated: 2026-11-24T15:03:00Z\nstatus: finished\n---\n",
            Some(7),
        ),
        (
            "2026-10-03-1200.md",
            "---\nfileClass: practice\n---\nHello\n",
            Some(2),
        ),
        ("2026-10-04-1200.md", "Just some words.\n", Some(1)),
        (
            "2026-10-05-1200.md",
            "---\nfileClass: repair_session\nid: x\nkind: session\nstarted: 2026-11-24T15:03:00Z\n\
             updated: 2026-11-24T15:03:00Z\nstatus: paused\n---\n\n## S\n\n### Q\n\nno marker\n",
            Some(14),
        ),
        ("2026-10-06-1200.md", "ok\nline two \u{0}", Some(1)),
        (
            "2026-10-07-1200.md",
            "---\nfileClass: repair_session\nid: x\nkind: session\nstarted: 2026-11-24T15:03:00Z\n\
             updated: 2026-11-24T15:03:00Z\nstatus: paused\nactivation_before: 42\n---\n",
            Some(8),
        ),
        (
            "2026-10-08-1200.md",
            "---\nfileClass: repair_session\nid: x\nkind: session\nstarted: 2026-11-24T15:03:00Z\n\
             updated: 2026-11-24T15:03:00Z\nstatus: paused\nactivation_after: 300\n---\n",
            Some(8),
        ),
    ];
    for (name, text, _) in &cases {
        fs::write(tmp.path().join(name), text).unwrap();
    }
    fs::write(
        tmp.path().join("2026-10-09-1200.md"),
        b"---\nfileClass: repair_session\ncaf\xe9\n",
    )
    .unwrap();

    let (list, findings) = journal.list();
    assert_eq!(list.len(), 1, "the good entry still loads");
    for (name, text, line) in &cases {
        let finding = findings
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("no finding for {name}: {findings:?}"));
        assert_eq!(finding.line, *line, "{name}: {finding}");
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(fs::read_to_string(tmp.path().join(name)).unwrap(), *text);
    }
    let latin1 = findings
        .iter()
        .find(|f| f.path.ends_with("2026-10-09-1200.md"))
        .unwrap();
    assert_eq!(latin1.line, Some(3));
    assert!(latin1.message.contains("not valid UTF-8"), "{latin1}");
    for (name, n) in [("2026-10-07-1200.md", 42), ("2026-10-08-1200.md", 300)] {
        let finding = findings.iter().find(|f| f.path.ends_with(name)).unwrap();
        assert!(
            finding
                .message
                .contains(&format!("is {n}: it should be a whole number from 0 to 10")),
            "{finding}"
        );
    }

    let error = journal.load("2026-10-02-1200").unwrap_err().to_string();
    assert!(error.contains("2026-10-02-1200.md:7"), "{error}");
    assert!(journal.reopen("2026-10-05-1200").is_err());
    assert!(
        fs::read_to_string(tmp.path().join("2026-10-05-1200.md"))
            .unwrap()
            .ends_with("no marker\n")
    );
}

#[test]
fn an_entry_replaced_by_a_link_or_grown_huge_is_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let kept = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap()
        .id
        .clone();
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("other.md");
    let text = fs::read_to_string(tmp.path().join(format!("{kept}.md"))).unwrap();
    fs::write(&other, text.replace("2026-11-24-1503", "2026-11-24-1600")).unwrap();
    std::os::unix::fs::symlink(&other, tmp.path().join("2026-11-24-1600.md")).unwrap();
    // Sparse: 17 MiB long, and no time to write.
    let huge = fs::File::create(tmp.path().join("2026-11-24-1700.md")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();

    let (list, findings) = journal.list();
    let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [kept.as_str()], "{findings:?}");
    let link = journal.load("2026-11-24-1600").unwrap_err().to_string();
    assert!(link.contains("no journal entry 2026-11-24-1600"), "{link}");
    let big = findings
        .iter()
        .find(|f| f.path.ends_with("2026-11-24-1700.md"))
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert!(big.message.contains("larger than 16 MiB"), "{big}");
    assert!(journal.reopen("2026-11-24-1600").is_err());
    assert_eq!(fs::read_to_string(&other).unwrap().len(), text.len());
}

#[test]
fn a_session_open_in_one_handle_cannot_be_reopened_in_another() {
    let _turn = no_fork_now();
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let other = Journal::open(tmp.path()).unwrap();
    let rec = record("2026-11-24T15:03:00+01:00");
    let session = journal
        .create(&rec, &support::shipped_answer_words())
        .unwrap();
    let before = fs::read(&session.path).unwrap();

    let error = other.reopen("2026-11-24-1503").unwrap_err().to_string();
    assert_eq!(error, HELD_ELSEWHERE);
    assert_eq!(fs::read(&session.path).unwrap(), before);

    drop(session);
    let (_reopened, loaded) = other.reopen("2026-11-24-1503").unwrap();
    assert_eq!(
        loaded,
        SessionRecord {
            id: "2026-11-24-1503".into(),
            ..rec
        }
    );
    assert!(
        journal.reopen("2026-11-24-1503").is_err(),
        "held by the reopened one now"
    );
}

#[test]
fn newest_until_reads_newest_first_and_stops_at_the_first_that_is_enough() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    for started in [
        "2026-11-20T10:00:00+00:00",
        "2026-11-22T10:00:00+00:00",
        "2026-11-24T10:00:00+00:00",
        "2026-11-26T10:00:00+00:00",
        "2026-11-28T10:00:00+00:00",
    ] {
        let mut rec = record(started);
        rec.status = if started.starts_with("2026-11-22") {
            Status::Complete
        } else {
            Status::Paused
        };
        drop(
            journal
                .create(&rec, &support::shipped_answer_words())
                .unwrap(),
        );
    }
    // The oldest is unreadable: never reached, so never a cost nor a finding here.
    fs::write(tmp.path().join("2026-11-19-1000.md"), "not an entry").unwrap();
    let ids = |entries: Vec<repair_coach::journal::Summary>| -> Vec<String> {
        entries.into_iter().map(|e| e.id).collect()
    };
    assert_eq!(
        ids(journal.newest_until(|e| e.record.status == Status::Complete)),
        [
            "2026-11-28-1000",
            "2026-11-26-1000",
            "2026-11-24-1000",
            "2026-11-22-1000"
        ]
    );
    assert_eq!(ids(journal.newest_until(|_| true)), ["2026-11-28-1000"]);
    // The tenth session of a minute is newer than its second.
    for _ in 2..=10 {
        drop(
            journal
                .create(
                    &record("2026-11-28T10:00:00+00:00"),
                    &support::shipped_answer_words(),
                )
                .unwrap(),
        );
    }
    assert_eq!(ids(journal.newest_until(|_| true)), ["2026-11-28-1000-10"]);
    for n in 2..=10 {
        fs::remove_file(tmp.path().join(format!("2026-11-28-1000-{n}.md"))).unwrap();
    }
    assert_eq!(ids(journal.newest_until(|_| false)).len(), 5);
    assert_eq!(journal.latest_resumable().unwrap().id, "2026-11-28-1000");
}

#[test]
fn delete_removes_every_file_of_the_entry_and_never_one_held_open() {
    let _turn = no_fork_now();
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let session = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    let other = journal
        .create(
            &record("2026-11-24T16:00:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    let kept = fs::read(&other.path).unwrap();
    drop(other);
    // Both files of an id, as an encryption cut short leaves them.
    let sealed = tmp.path().join("2026-11-24-1503.md.age");
    fs::copy(&session.path, &sealed).unwrap();

    assert!(journal.is_open_elsewhere("2026-11-24-1503"));
    assert!(!journal.is_open_elsewhere("2026-11-24-1600"));
    let error = journal.delete("2026-11-24-1503").unwrap_err().to_string();
    assert_eq!(error, HELD_ELSEWHERE);
    assert!(session.path.exists() && sealed.exists());

    let path = session.path.clone();
    drop(session);
    let removed = journal.delete("2026-11-24-1503").unwrap();
    assert_eq!(removed.len(), 2, "{removed:?}");
    assert!(!path.exists() && !sealed.exists());
    assert_eq!(names_in(tmp.path()), ["2026-11-24-1600.md"]);
    assert!(stray_files(tmp.path()).is_empty());
    assert_eq!(
        fs::read(tmp.path().join("2026-11-24-1600.md")).unwrap(),
        kept
    );

    // Only a whole id that is an entry's: never a prefix, a path, or a lock file for a name.
    for wrong in ["2026-11-24", "../2026-11-24-1600", "nothing"] {
        let error = journal.delete(wrong).unwrap_err().to_string();
        assert!(error.starts_with("no journal entry"), "{error}");
    }
    assert_eq!(names_in(tmp.path()), ["2026-11-24-1600.md"]);
}

/// Set in a child copy of this test binary: the journal folder in which to hold a session open.
const HOLDER_ENV: &str = "REPAIR_COACH_TEST_HOLD_LOCK_IN";

/// Not a test on its own: the other process of
/// `a_session_open_in_another_process_cannot_be_reopened_until_that_process_dies`. It holds a session open until its
/// stdin closes or it is killed.
#[test]
fn lock_holder_process() {
    let Ok(dir) = std::env::var(HOLDER_ENV) else {
        return;
    };
    let journal = Journal::open(Path::new(&dir)).unwrap();
    let (_session, _) = journal.reopen("2026-11-24-1503").unwrap();
    // libtest has already written `test lock_holder_process ... ` on this line.
    println!("LOCKED");
    std::io::stdout().flush().unwrap();
    let mut rest = String::new();
    while std::io::stdin().read_line(&mut rest).unwrap() > 0 {}
}

#[test]
fn a_session_open_in_another_process_cannot_be_reopened_until_that_process_dies() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let rec = record("2026-11-24T15:03:00+01:00");
    drop(
        journal
            .create(&rec, &support::shipped_answer_words())
            .unwrap(),
    );
    let path = tmp.path().join("2026-11-24-1503.md");
    let before = fs::read(&path).unwrap();

    let turn = no_fork_now();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "lock_holder_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLDER_ENV, tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    drop(turn); // exec has happened: the child no longer holds this process's files
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|line| line.unwrap().ends_with("LOCKED")),
        "the other process never took the lock"
    );

    let error = journal.reopen("2026-11-24-1503").unwrap_err().to_string();
    assert_eq!(error, HELD_ELSEWHERE);
    assert_eq!(fs::read(&path).unwrap(), before, "the file is intact");
    assert!(
        journal
            .create(&rec, &support::shipped_answer_words())
            .unwrap()
            .id
            == "2026-11-24-1503-2",
        "a new session in the same minute takes the next id"
    );

    // kill -9: the OS releases the lock with the process, so the session can be resumed.
    child.kill().unwrap();
    child.wait().unwrap();
    let (session, loaded) = journal.reopen("2026-11-24-1503").unwrap();
    assert_eq!(loaded.answers, rec.answers);
    // The killed process could not remove its lock file; this one does, once it is done.
    drop(session);
    assert!(!tmp.path().join(".2026-11-24-1503.lock").exists());
}

#[test]
fn a_session_closed_leaves_only_its_note_no_lock_file() {
    let _turn = no_fork_now();
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let session = journal
        .create(
            &record("2026-11-24T15:03:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    assert!(names_in(tmp.path()).contains(&".2026-11-24-1503.lock".to_owned()));
    drop(session);
    assert_eq!(names_in(tmp.path()), ["2026-11-24-1503.md"]);
    let (reopened, _) = journal.reopen("2026-11-24-1503").unwrap();
    drop(reopened);
    assert_eq!(names_in(tmp.path()), ["2026-11-24-1503.md"]);
}

#[test]
fn a_lock_file_planted_as_a_link_is_never_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, tmp.path().join(".2026-11-24-1503.lock")).unwrap();
    let error = format!(
        "{:#}",
        journal
            .create(
                &record("2026-11-24T15:03:00+01:00"),
                &support::shipped_answer_words()
            )
            .unwrap_err()
    );
    assert!(error.contains(".2026-11-24-1503.lock"), "{error}");
    assert!(error.contains("Remove it"), "{error}");
    assert!(!elsewhere.exists(), "the link's target was not created");
}

#[test]
fn a_journal_folder_that_is_a_link_of_someone_elses_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    fs::create_dir(&real).unwrap();
    let link = tmp.path().join("journal");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    Journal::open(&link).expect("a link of one's own is fine");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped the other-owner half: it needs root to give a link to someone else");
        return;
    }
    std::os::unix::fs::lchown(&link, Some(65534), Some(65534)).unwrap();
    let error = Journal::open(&link).unwrap_err().to_string();
    assert!(error.contains(&link.display().to_string()), "{error}");
    assert!(error.contains("someone else"), "{error}");
    assert!(error.contains("--journal"), "{error}");
}

/// The folder may be inside a synced vault: a dotfile of another app is never taken for a
/// leftover of the journal's, however close its name or however old it is.
#[test]
fn files_the_journal_did_not_write_are_left_alone_at_open() {
    let _turn = no_fork_now();
    let tmp = tempfile::tempdir().unwrap();
    let others = [
        ".app.lock",
        ".notes.backup.tmp",
        ".mydraft.tmp",
        ".g7H8i9.tmp",
        ".notes.a1B2c3.tmp",
        ".2026-11-24-1503.tmp",
        ".2026-11-24-1503.a1B2.tmp",
        ".2026-11-24-1503.a1B2c3d.tmp",
        ".2026-11-24-1503.a-B2c3.tmp",
        ".2026-11-24-1503 copy.lock",
        ".2026-11-24-1503-1.lock",
        ".2026-11-24-1503 (1).a1B2c3.tmp",
    ];
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for name in others {
        let path = tmp.path().join(name);
        fs::write(&path, "not the journal's").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(two_hours_ago)
            .unwrap();
    }
    Journal::open(tmp.path()).unwrap();
    let mut expected: Vec<_> = others.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(names_in(tmp.path()), expected);
    for name in others {
        assert_eq!(
            fs::read_to_string(tmp.path().join(name)).unwrap(),
            "not the journal's"
        );
    }
}

#[test]
fn entries_others_can_read_are_named_once_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my journal");
    let journal = Journal::open(&dir).unwrap();
    let words = support::shipped_answer_words();
    let mut paths = Vec::new();
    for started in ["2026-11-24T15:03:00+01:00", "2026-11-25T15:03:00+01:00"] {
        paths.push(journal.create(&record(started), &words).unwrap().path);
    }
    assert!(
        Journal::open(&dir).unwrap().warnings().is_empty(),
        "0600 entries are private"
    );

    for path in &paths {
        fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    let warnings = Journal::open(&dir).unwrap().warnings().to_vec();
    assert_eq!(warnings.len(), 1, "one line for all: {warnings:?}");
    assert_eq!(warnings[0].severity, Severity::Warning);
    let said = &warnings[0].message;
    assert!(said.contains("can read 2 journal entries"), "{said}");
    assert!(
        said.ends_with(&format!("chmod 600 '{}'/*.md", dir.display())),
        "{said}"
    );

    for path in &paths {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
    }
    assert!(Journal::open(&dir).unwrap().warnings().is_empty());
}

/// Only a name the journal gives is an entry: a sync tool's renamed copy, or a name made to run
/// code when a printed command is pasted, is never read as one (its "id" would be printed), but
/// a note that looks like an entry is named once, with what to do.
#[test]
fn only_files_named_as_the_journal_names_them_are_its_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    let words = support::shipped_answer_words();
    let real = journal
        .create(&record("2026-12-07T16:40:00+01:00"), &words)
        .unwrap();
    let text = fs::read(&real.path).unwrap();
    drop(real);
    let look_alikes = [
        "2026-12-07-1640 (Sam's conflicted copy).md",
        "2026-12-07-1640$(touch X).md",
        "2026-12-07-1640\nfake.md",
        "2026-12-07-1640\u{1b}[2J.md.age",
    ];
    for name in look_alikes
        .iter()
        .chain(&["Tea with Sam.md", "$(touch X).md"])
    {
        fs::write(tmp.path().join(name), &text).unwrap();
    }

    let journal = Journal::open(tmp.path()).unwrap();
    let (entries, findings) = journal.list();
    assert!(findings.is_empty(), "{findings:?}");
    let ids: Vec<_> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["2026-12-07-1640"]);
    let warnings: Vec<_> = (journal.warnings().iter())
        .filter(|w| w.message.contains("looks like a journal entry"))
        .collect();
    assert_eq!(warnings.len(), look_alikes.len(), "{warnings:?}");
    for warning in warnings {
        let said = warning.to_string();
        assert!(
            !said.contains(['\n', '\u{1b}']),
            "on one clean line: {said:?}"
        );
        assert!(said.contains("was not read"), "{said}");
        assert!(
            !said.contains("1640.md"),
            "never shown as the real entry: {said}"
        );
        assert!(said.contains("rename it to 2026-12-07-1640-2.md"), "{said}");
    }
}

#[test]
fn lock_and_temp_files_a_killed_process_left_are_removed_at_the_next_open() {
    let _turn = no_fork_now();
    let tmp = tempfile::tempdir().unwrap();
    let journal = Journal::open(tmp.path()).unwrap();
    drop(
        journal
            .create(
                &record("2026-11-24T15:03:00+01:00"),
                &support::shipped_answer_words(),
            )
            .unwrap(),
    );
    let held = journal
        .create(
            &record("2026-11-24T16:00:00+01:00"),
            &support::shipped_answer_words(),
        )
        .unwrap();
    // As a kill -9 in the middle of a save leaves them: one of a session no one holds, one of a
    // session open right now (its save may be under way).
    let stale = tmp.path().join(".2026-11-24-1503.a1B2c3.tmp");
    let in_use = tmp.path().join(".2026-11-24-1600.d4E5f6.tmp");
    for path in [&stale, &in_use] {
        fs::write(path, "what they wrote").unwrap();
    }

    // The lock file a killed process could not remove.
    let stale_lock = tmp.path().join(".2026-11-24-1503.lock");
    fs::write(&stale_lock, "").unwrap();
    let held_lock = tmp.path().join(".2026-11-24-1600.lock");

    Journal::open(tmp.path()).unwrap();
    assert!(!stale.exists());
    assert!(!stale_lock.exists());
    assert!(in_use.exists(), "a session held open may be saving it");
    assert!(held_lock.exists(), "its lock is held");
    drop(held);
    Journal::open(tmp.path()).unwrap();
    assert!(!in_use.exists());
    assert_eq!(
        names_in(tmp.path()),
        ["2026-11-24-1503.md", "2026-11-24-1600.md"]
    );
    assert!(
        journal.reopen("2026-11-24-1600").is_ok(),
        "still usable after the tidy"
    );
}

/// Text with the characters and line starts that matter to markdown and to the format.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("#".to_owned()),
        Just("## ".to_owned()),
        Just("---".to_owned()),
        Just("...".to_owned()),
        Just("<!--".to_owned()),
        Just("-->".to_owned()),
        Just("<!-- answer id=\"x\" -->".to_owned()),
        Just("```".to_owned()),
        Just("\\".to_owned()),
        Just("&#13;".to_owned()),
        Just("1. ".to_owned()),
        Just("\n".to_owned()),
        Just("\r".to_owned()),
        Just("\r\n".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("\"'".to_owned()),
        Just("\u{feff}é 💬 ".to_owned()),
        any::<String>(),
        "[a-z ]{0,12}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn any_answer() -> impl Strategy<Value = Answered> {
    let value = prop_oneof![
        tricky_text().prop_map(AnswerValue::Text),
        tricky_text().prop_map(AnswerValue::Choice),
        (0u8..=10).prop_map(AnswerValue::Scale),
        any::<bool>().prop_map(AnswerValue::YesNo),
        Just(AnswerValue::Done),
    ];
    let section = prop_oneof![Just("Same section".to_owned()), tricky_text()];
    let label = proptest::option::of(tricky_text());
    (tricky_text(), section, tricky_text(), value, label).prop_map(
        |(id, section, question, value, label)| {
            // Only a choice keeps a label, and only where it differs from its key.
            let label = match &value {
                AnswerValue::Choice(key) => label.filter(|l| l != key),
                _ => None,
            };
            Answered {
                id,
                section,
                question,
                value,
                label,
            }
        },
    )
}

fn any_time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (
        0i64..4_000_000_000,
        0u32..1_000_000_000,
        -14 * 60..=14 * 60i32,
    )
        .prop_map(|(secs, nanos, offset_minutes)| {
            FixedOffset::east_opt(offset_minutes * 60)
                .unwrap()
                .timestamp_opt(secs, nanos)
                .unwrap()
        })
}

fn any_record() -> impl Strategy<Value = SessionRecord> {
    let status = prop_oneof![
        Just(Status::InProgress),
        Just(Status::Paused),
        Just(Status::Complete),
        Just(Status::EndedForSafety),
    ];
    let kind = prop_oneof![Just(Kind::Session), Just(Kind::Reflection)];
    (
        (kind, any_time(), any_time(), status),
        proptest::option::of(tricky_text()),
        (
            proptest::option::of(0u8..=10),
            proptest::option::of(0u8..=10),
        ),
        (
            proptest::option::of(tricky_text()),
            proptest::option::of(tricky_text()),
        ),
        proptest::collection::vec(any_answer(), 0..6),
        proptest::option::of((tricky_text(), tricky_text())),
    )
        .prop_map(
            |(
                (kind, started, updated, status),
                side,
                (before, after),
                (skill, practice),
                answers,
                draft,
            )| {
                SessionRecord {
                    id: String::new(),
                    kind,
                    started,
                    updated,
                    status,
                    side,
                    activation_before: before,
                    activation_after: after,
                    skill,
                    practice,
                    session: None,
                    checkins: None,
                    break_until: None,
                    flags: Vec::new(),
                    answers,
                    added_by_hand: Default::default(),
                    could_say: None,
                    draft: draft.map(|(question, text)| Draft { question, text }),
                }
            },
        )
}

proptest! {
    #[test]
    fn any_record_survives_the_file_and_the_loader(record in any_record()) {
        let tmp = tempfile::tempdir().unwrap();
        let journal = Journal::open(tmp.path()).unwrap();
        let session = journal.create(&record, &support::shipped_answer_words()).unwrap();
        let loaded = journal.load(&session.id).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
        prop_assert_eq!(loaded.record, SessionRecord { id: session.id.clone(), ..record });
    }
}

/// A journal folder that is a link leading nowhere is said so before a session asks anything,
/// not after every answer.
#[test]
fn a_journal_that_is_a_dangling_link_is_refused_before_the_first_question() {
    let env = support::Env::new();
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("journal");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &link).unwrap();
    let out = env
        .cmd()
        .arg("--journal")
        .arg(&link)
        .args(["start", "--plain"])
        .write_stdin("1\n1\n4\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let (said, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!said.contains("feel safe"), "asked before failing: {said}");
    assert!(err.contains("which is not there"), "{err}");
    assert!(!tmp.path().join("nowhere").exists());
}
