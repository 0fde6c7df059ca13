//! `checkin` and `debrief` through the real binary in plain mode, as a screen reader or a script
//! would run them: golden transcripts, what is kept in the journal, and that it loads back and
//! checks clean.
mod support;

use chrono::{DateTime, Local};
use repair_coach::journal::Journal;
use repair_coach::model::{AnswerValue, Kind, SessionRecord, Status};
use support::Env;

fn run(env: &Env, args: &[&str], input: &str) -> (i32, String) {
    let output = env.cmd().args(args).write_stdin(input).output().unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text += &String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap_or(-1), text)
}

/// A finished session in the journal, written as `start` writes it, agreeing on `checkins`.
fn session(env: &Env, started: &str, checkins: Option<&str>) -> String {
    let started = DateTime::parse_from_rfc3339(started).unwrap();
    let mut record = SessionRecord::new(Kind::Session, started);
    record.status = Status::Complete;
    record.side = Some("both".into());
    record.checkins = checkins.map(str::to_string);
    Journal::open(&env.journal_dir())
        .unwrap()
        .create(&record, &support::shipped_answer_words())
        .unwrap()
        .id
}

/// The transcript with the journal's folder and the entry's id (both vary by run) named.
fn transcript(env: &Env, out: &str, id: &str) -> String {
    out.replace(&env.journal_dir().display().to_string(), "[JOURNAL]")
        .replace(id, "[ID]")
}

fn newest(env: &Env, kind: Kind) -> SessionRecord {
    env.entries()
        .into_iter()
        .find(|e| e.record.kind == kind)
        .map(|e| e.record)
        .unwrap_or_else(|| panic!("no {kind:?} in the journal"))
}

fn value<'a>(record: &'a SessionRecord, id: &str) -> &'a AnswerValue {
    &record
        .answers
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no answer {id}"))
        .value
}

#[test]
fn a_checkin_asks_three_things_and_says_one_quiet_line_about_today() {
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", Some("morning_evening"));
    let (code, first) = run(&env, &["checkin", "--plain"], "6\nsome quiet time\n2\n");
    assert_eq!(code, 0, "{first}");
    let record = newest(&env, Kind::Checkin);
    assert_eq!(record.status, Status::Complete);
    assert_eq!(value(&record, "checkin.now"), &AnswerValue::Scale(6));
    assert_eq!(
        value(&record, "checkin.need"),
        &AnswerValue::Text("some quiet time".into())
    );
    assert_eq!(
        value(&record, "checkin.asked"),
        &AnswerValue::Choice("not_yet".into())
    );
    insta::assert_snapshot!("checkin_plain", transcript(&env, &first, &record.id));

    // A need skipped: "did you ask for it" is not asked. The second of the day says so.
    let (code, second) = run(&env, &["checkin", "--plain"], "3\n\n");
    assert_eq!(code, 0, "{second}");
    assert!(!second.contains("Did you ask them for it?"), "{second}");
    assert!(
        second.contains("Second check-in today; you chose morning and evening."),
        "{second}"
    );
    for word in ["streak", "missed", "score", "only"] {
        assert!(!second.to_lowercase().contains(word), "{word}: {second}");
    }
}

/// Someone at 0, "a very hard time", is met with care and where help is, not with a count.
#[test]
fn a_checkin_on_a_very_hard_day_ends_with_care_and_where_help_is() {
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", Some("daily"));
    let (code, out) = run(
        &env,
        &["checkin", "--plain"],
        "0

",
    );
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!(
        "checkin_hard",
        transcript(&env, &out, &newest(&env, Kind::Checkin).id)
    );
    assert!(out.contains("That sounds like a very hard time."), "{out}");
    assert!(out.contains("findahelpline.com"), "{out}");
    assert!(
        !out.contains("check-in today"),
        "no count of the day: {out}"
    );
    assert!(!out.contains("Thank you for checking in.\n"), "{out}");

    // Stopped after saying so (input ends at the next question): still where help is.
    let (code, out) = run(&env, &["checkin", "--plain"], "1\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("What you wrote so far is saved."), "{out}");
    assert!(out.contains("findahelpline.com"), "{out}");
}

#[test]
fn without_an_agreed_rhythm_a_checkin_says_nothing_about_today() {
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", None);
    let (code, out) = run(&env, &["checkin", "--plain"], "5\n\n");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("today"), "{out}");
    assert!(out.contains("Thank you for checking in."), "{out}");
}

#[test]
fn a_talk_that_went_badly_is_met_with_care_and_where_help_is() {
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", None);
    let input = "1\n1\n\nhe shouted\nthat I was lying\n";
    let (code, out) = run(&env, &["debrief", "--plain"], input);
    assert_eq!(code, 0, "{out}");
    let record = newest(&env, Kind::Debrief);
    assert_eq!(value(&record, "debrief.rating"), &AnswerValue::Scale(1));
    assert!(!out.contains("Whatever happened, you showed up"), "{out}");
    assert!(
        !out.contains("differently"),
        "no question that reads as blame: {out}"
    );
    assert!(
        out.contains("findahelpline.com"),
        "where help is, right there: {out}"
    );
    insta::assert_snapshot!("debrief_hard", transcript(&env, &out, &record.id));

    // Stopped after the rating (input ends at the next question): still where help is.
    session(&env, "2026-12-01T18:00:00+00:00", None);
    let (code, out) = run(&env, &["debrief", "--plain"], "1\n2\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("What you wrote so far is saved."), "{out}");
    assert!(out.contains("findahelpline.com"), "{out}");
}

/// Words that may mean the person is not safe, written in a check-in or a debrief rated well,
/// still end it with where help is: the rating is not all they said.
#[test]
fn words_of_danger_in_a_checkin_or_a_debrief_end_it_with_where_help_is() {
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", Some("daily"));
    let (code, out) = run(
        &env,
        &["checkin", "--plain"],
        "7\nto be somewhere he can't find me, he hit me again\n",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("That sounds like a very hard time."), "{out}");
    assert!(
        !out.contains("Did you ask them"),
        "not asked of them: {out}"
    );
    let record = newest(&env, Kind::Checkin);
    assert_eq!(record.status, Status::Complete, "finished, not stopped");
    assert!(out.contains("findahelpline.com"), "{out}");
    assert!(!out.contains("check-in today"), "{out}");

    let input = "1\n8\nshe threatened me when I said no\n\n\n\n";
    let (code, out) = run(&env, &["debrief", "--plain"], input);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("Whatever happened, you showed up"), "{out}");
    assert!(out.contains("findahelpline.com"), "{out}");
    insta::assert_snapshot!(
        "debrief_danger",
        transcript(&env, &out, &newest(&env, Kind::Debrief).id)
    );
}

#[test]
fn a_debrief_looks_back_on_the_latest_finished_session_and_links_it() {
    let env = Env::new();
    session(&env, "2026-11-28T18:00:00+00:00", None);
    let latest = session(&env, "2026-11-30T18:00:00+00:00", Some("daily"));
    let input = "1\n7\nI listened first\nmy voice rose\nthey said thank you\nslow down sooner\n";
    let (code, out) = run(&env, &["debrief", "--plain"], input);
    assert_eq!(code, 0, "{out}");
    let record = newest(&env, Kind::Debrief);
    assert_eq!(
        record.session.as_deref(),
        Some(format!("[[{latest}]]").as_str())
    );
    assert_eq!(record.status, Status::Complete);
    assert_eq!(value(&record, "debrief.rating"), &AnswerValue::Scale(7));
    assert_eq!(
        value(&record, "debrief.differently"),
        &AnswerValue::Text("slow down sooner".into())
    );
    insta::assert_snapshot!("debrief_plain", transcript(&env, &out, &record.id));

    // That one is looked back on now: the next debrief takes the older session.
    let (code, out) = run(&env, &["debrief", "--plain"], "1\n5\n\n\n\n\n");
    assert_eq!(code, 0, "{out}");
    let debriefs: Vec<_> = env
        .entries()
        .into_iter()
        .filter(|e| e.record.kind == Kind::Debrief)
        .filter_map(|e| e.record.session)
        .collect();
    assert_eq!(debriefs.len(), 2);
    assert_ne!(debriefs[0], debriefs[1]);

    // Both looked back on: nothing waits, and nothing is asked.
    let (code, out) = run(&env, &["debrief", "--plain"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no finished session waiting"), "{out}");
}

#[test]
fn not_yet_asks_nothing_more_and_keeps_nothing() {
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", None);
    let (code, out) = run(&env, &["debrief", "--plain"], "2\n");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("How did it go?"), "{out}");
    assert!(out.contains("There's no rush"), "{out}");
    assert_eq!(env.entries().len(), 1, "only the session");
}

#[test]
fn a_debrief_of_a_session_not_finished_says_how_to_carry_on() {
    let env = Env::new();
    let started = DateTime::parse_from_rfc3339("2026-11-30T18:00:00+00:00").unwrap();
    let record = SessionRecord::new(Kind::Session, started);
    let id = Journal::open(&env.journal_dir())
        .unwrap()
        .create(&record, &support::shipped_answer_words())
        .unwrap()
        .id;
    let (code, out) = run(&env, &["debrief", "--plain", &id], "1\n");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("resume {id}")), "{out}");
}

#[test]
fn stopping_part_way_keeps_what_was_answered_and_resume_does_not_pick_it_up() {
    let env = Env::new();
    let (code, out) = run(&env, &["checkin", "--plain"], "4\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("What you wrote so far is saved."), "{out}");
    let record = newest(&env, Kind::Checkin);
    assert_eq!(record.status, Status::Paused);
    assert_eq!(value(&record, "checkin.now"), &AnswerValue::Scale(4));
    // Nothing to resume is nothing to do, not a failure.
    let (code, out) = run(&env, &["resume", "--plain"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no paused session"), "{out}");
    let (code, out) = run(&env, &["resume", "--plain", &record.id], "");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("repair-coach checkin"), "{out}");
    // Listed and shown as what it is: stopped part-way, not "paused" as if `resume` took it.
    let (code, out) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("check-in  stopped part-way"), "{out}");
    assert!(!out.contains("paused"), "{out}");
    let (_, out) = run(&env, &["journal", "show", &record.id], "");
    assert!(out.contains("stopped part-way"), "{out}");
}

#[test]
fn what_checkin_and_debrief_keep_is_private_loads_back_and_checks_clean() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    session(&env, "2026-11-30T18:00:00+00:00", Some("daily"));
    run(&env, &["checkin", "--plain"], "8\na walk\n1\n");
    run(&env, &["debrief", "--plain"], "1\n6\n\n\n\n\n");
    let entries = env.entries();
    assert_eq!(entries.len(), 3);
    for entry in &entries {
        let mode = std::fs::metadata(&entry.path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", entry.path.display());
        assert!(entry.record.started <= Local::now().fixed_offset());
    }
    let dir = env.journal_dir();
    let (code, out) = run(&env, &["check", "--vault", dir.to_str().unwrap()], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("all clear"), "{out}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_new_frontmatter_keys_round_trip_and_are_left_out_when_unset() {
    let env = Env::new();
    let journal = Journal::open(&env.journal_dir()).unwrap();
    let started = DateTime::parse_from_rfc3339("2026-12-01T18:42:00+01:00").unwrap();
    let mut record = SessionRecord::new(Kind::Debrief, started);
    record.session = Some("[[2026-11-30-1800]]".into());
    record.checkins = Some("morning_evening".into());
    record.break_until = Some(DateTime::parse_from_rfc3339("2026-12-01T19:45:00+01:00").unwrap());
    let id = journal
        .create(&record, &support::shipped_answer_words())
        .unwrap()
        .id;
    let loaded = journal.load(&id).unwrap().record;
    assert_eq!(
        loaded,
        SessionRecord {
            id: id.clone(),
            ..record
        }
    );

    let plain = SessionRecord::new(Kind::Session, started);
    let text = repair_coach::journal::to_markdown(&plain, &support::shipped_answer_words());
    for key in ["session:", "checkins:", "break_until:"] {
        assert!(!text.contains(key), "{key} written unset:\n{text}");
    }
}

/// Found before the first question, not after the first answer. Run as another user when the
/// tests run as root, who may write anywhere.
#[test]
fn a_journal_folder_that_cannot_keep_entries_is_said_before_anything_is_asked() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let journal = env.home().join("read-only journal");
    std::fs::create_dir(&journal).unwrap();
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(env.home(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let args = ["--journal", journal.to_str().unwrap(), "checkin", "--plain"];
    // SAFETY: geteuid only reads the process's user id.
    let mut cmd = if unsafe { libc::geteuid() } == 0 {
        let mut cmd = env.program("setpriv");
        cmd.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "repair-coach",
        ]);
        cmd
    } else {
        env.program("repair-coach")
    };
    let output = cmd
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("cannot keep new entries, so nothing was asked"),
        "{said}"
    );
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(!shown.contains("How are you"), "{shown}");
}

/// Output whose reader has gone (`checkin | true`) ends a check-in as it ends any command whose
/// reader left (`skills | head -1`): quietly, exit 0, with no error about an "interrupted"
/// program and no stop said as if Ctrl-C had been pressed.
#[test]
fn a_checkin_whose_output_reader_has_gone_ends_quietly() {
    let env = Env::new();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .process(&["checkin"])
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err, "", "nothing more is said");
}
