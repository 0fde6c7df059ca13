//! The repair carried past the session, through the real binary in plain mode: a session that
//! agrees a rhythm, check-ins and a debrief after it, the summary's figures over them, and a
//! break waited out with a vault whose break lasts two seconds.
mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use support::Env;
use support::after::{BOTH, CHECKIN_FIRST, CHECKIN_SECOND, DEBRIEF};

fn run(env: &Env, args: &[&str], lines: &[&str]) -> (i32, String) {
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let output = env.cmd().args(args).write_stdin(input).output().unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text += &String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap_or(-1), text)
}

/// The binary started with `args`, given `typed` on stdin, read until it has printed `marker`:
/// the child (with a watchdog that kills it after a minute, so a hang fails instead of waiting
/// for ever), its stdin and stdout, and what it printed so far.
struct Started {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
    seen: String,
    pid: nix::unistd::Pid,
}

impl Started {
    /// Ctrl-C while it waits for more input: how it exited, and what it said on stderr.
    fn interrupted(mut self) -> (Option<i32>, String) {
        nix::sys::signal::kill(self.pid, nix::sys::signal::Signal::SIGINT).unwrap();
        let code = self.child.wait().unwrap().code();
        let mut said = String::new();
        std::io::Read::read_to_string(&mut self.child.stderr.take().unwrap(), &mut said).unwrap();
        (code, said)
    }
}

fn start_until(env: &Env, args: &[&str], typed: &[u8], marker: &str) -> Started {
    let mut child = env
        .process(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
    });
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(typed).unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (mut seen, mut line) = (String::new(), String::new());
    while !seen.contains(marker) {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "ended early:\n{seen}"
        );
        seen += &line;
    }
    Started {
        child,
        stdin,
        stdout,
        seen,
        pid,
    }
}

#[test]
fn a_session_with_a_rhythm_two_checkins_and_a_debrief_add_up_in_the_summary() {
    let env = Env::new();
    let (code, out) = run(&env, &["start", "--plain"], BOTH);
    assert_eq!(code, 0, "{out}");
    let session = env.entries().remove(0).record;
    assert_eq!(session.checkins.as_deref(), Some("morning_evening"));
    let choices: Vec<_> = session.flags.iter().map(|f| f.choice.as_str()).collect();
    assert_eq!(choices, ["rewrite", "keep"], "{:?}", session.flags);

    let (code, out) = run(&env, &["checkin", "--plain"], CHECKIN_FIRST);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("First check-in today; you chose morning and evening."),
        "{out}"
    );
    let (code, out) = run(&env, &["checkin", "--plain"], CHECKIN_SECOND);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Second check-in today; you chose morning and evening."),
        "{out}"
    );
    let (code, out) = run(&env, &["debrief", "--plain"], DEBRIEF);
    assert_eq!(code, 0, "{out}");

    let (code, out) = run(&env, &["journal", "summary", "--json"], &[]);
    assert_eq!(code, 0, "{out}");
    let f: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    assert_eq!(f["version"], 1);
    assert_eq!(f["sessions"]["total"], 1);
    assert_eq!(f["sessions"]["by_side"]["both"], 1);
    assert_eq!(f["sessions"]["by_status"]["complete"], 1);
    assert_eq!(
        f["sessions"]["by_skill"]["Repair"], 1,
        "the skill walked, by name"
    );
    assert_eq!(f["activation"][0]["before"], 6);
    assert_eq!(f["activation"][0]["after"], 3);
    let mistakes = f["mistakes"].as_array().unwrap();
    assert_eq!(mistakes.len(), 2, "{mistakes:?}");
    let (rewritten, kept): (u64, u64) = mistakes.iter().fold((0, 0), |(r, k), m| {
        (
            r + m["rewritten"].as_u64().unwrap(),
            k + m["kept"].as_u64().unwrap(),
        )
    });
    assert_eq!((rewritten, kept), (1, 1));
    assert_eq!(
        f["requests"][0]["request"],
        "ask me how I'm doing when I go quiet"
    );
    assert_eq!(f["checkins"]["rhythm"], "morning_evening");
    assert_eq!(f["checkins"]["total"], 2);
    let days = f["checkins"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 14);
    assert_eq!(days[13]["count"], 2, "today's two");
    assert_eq!(f["debriefs"]["total"], 1);
    assert_eq!(f["debriefs"]["items"][0]["rating"], 7);
    assert_eq!(f["debriefs"]["items"][0]["session"], session.id.as_str());

    // The same figures in words, numbers alone when piped.
    let (code, text) = run(&env, &["journal", "summary", "--plain"], &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("6 to 3"), "{text}");
    assert!(
        text.contains("\n  Skills walked: Repair 1\n"),
        "sessions by skill: {text}"
    );
    assert!(
        text.contains("\n  How they ended: complete 1\n"),
        "sessions by how they ended: {text}"
    );
    assert!(
        text.contains("Next time, could you ask me how I'm doing when I go quiet?"),
        "{text}"
    );
    assert!(!text.contains('█'), "{text}");
    assert!(
        text.contains("What the coach noticed most often\n")
            && text.contains(": 1 (rewritten 1, kept 0)\n")
            && text.contains(": 1 (rewritten 0, kept 1)\n"),
        "what was noticed, and what became of each answer: {text}"
    );

    // Everything written loads back and checks clean as a vault.
    let dir = env.journal_dir();
    let (code, out) = run(&env, &["check", "--vault", dir.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn with_two_focus_skills_the_debrief_is_offered_once_the_skill_is_chosen() {
    let env = Env::new();
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(
        vault.path().join("Making Tea.md"),
        "---\nfileClass: core_skill\ndescription: Tea, slowly.\nsteps: [\"Boil the kettle\"]\ncurrent_focus: true\n---\n",
    )
    .unwrap();
    let vault = vault.path().to_str().unwrap();
    let tea = ["1", "1", "the kettle"];
    let (code, first) = run(&env, &["--vault", vault, "start", "--plain"], &tea);
    assert_eq!(code, 0, "{first}");
    let offer = "Would you like to look back on how it went first?";
    assert!(
        !first.contains(offer),
        "nothing to look back on yet: {first}"
    );
    env.finished_a_while_ago();
    let (code, out) = run(
        &env,
        &["--vault", vault, "start", "--plain"],
        &["1", "1", "2", "the kettle"],
    );
    assert_eq!(code, 0, "{out}");
    let chosen = out.find("2. Repair").expect(&out);
    let asked = out.find(offer).expect("offered");
    assert!(
        chosen < asked,
        "safety, then the skill, then the look back:\n{out}"
    );
    assert_eq!(out.matches(offer).count(), 1, "{out}");
    assert!(out.contains("Boil the kettle"), "{out}");
}

#[test]
fn start_offers_the_debrief_once_after_the_safety_question_and_takes_no_for_an_answer() {
    let env = Env::new();
    let hurt = [
        "1",
        "1",
        "4",
        "2",
        "hurt",
        "",
        "I walked away",
        "you matter",
        "",
        "2",
    ];
    run(&env, &["start", "--plain"], &hurt);
    let offer = "Would you like to look back on how it went first?";
    let (_, just_after) = run(&env, &["start", "--plain"], &["1", "1"]);
    assert!(
        !just_after.contains(offer),
        "not just after it: {just_after}"
    );
    env.finished_a_while_ago();
    // That start stopped at its third question: first comes the offer to carry on with it
    // (declined: "begin a new one"), then the look back (declined).
    let mut declined = vec!["1", "2", "2"];
    declined.extend(&hurt[1..]);
    let (code, out) = run(&env, &["start", "--plain"], &declined);
    assert_eq!(code, 0, "{out}");
    let safety = out.find("do you feel safe right now").unwrap();
    let carry_on = out.find("stopped part-way").expect("offered to carry on");
    let asked = out.find(offer).expect("offered");
    assert!(
        safety < carry_on && carry_on < asked,
        "the safety question stays first:\n{out}"
    );
    assert_eq!(out.matches(offer).count(), 1);
    // The latest complete session (the one just finished) has no debrief either: offered again
    // next time, and a "not yet" keeps nothing.
    env.finished_a_while_ago();
    let (code, out) = run(&env, &["start", "--plain"], &["1", "1", "2"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("There's no rush"), "{out}");
    assert!(
        env.entries()
            .iter()
            .all(|e| e.record.kind != repair_coach::model::Kind::Debrief)
    );
}

#[test]
fn a_break_waited_out_welcomes_them_back_and_asks_the_scale_again() {
    let env = Env::new();
    let vault = tempfile::tempdir().unwrap();
    let shipped = include_str!("../content/coach/Break.md");
    std::fs::write(
        vault.path().join("Break.md"),
        shipped.replace("length_secs: 1200", "length_secs: 2"),
    )
    .unwrap();
    // Safe, hurt, 8, no breathing, take a break, wait here.
    let Started {
        mut child,
        mut stdin,
        mut stdout,
        mut seen,
        ..
    } = start_until(
        &env,
        &[
            "--vault",
            vault.path().to_str().unwrap(),
            "start",
            "--plain",
        ],
        b"1\n1\n8\n2\n1\n1\n",
        "The break is over.",
    );
    // Back, still at 8: shorter words than the whole advice, then carry on gently and stop.
    stdin.write_all(b"8\n2\n").unwrap();
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    child.wait().unwrap();
    seen += &rest;
    let after = &seen[seen.find("The break is over.").unwrap()..];
    assert!(seen.contains("The timer is running"), "{seen}");
    assert!(
        !seen.contains("min left"),
        "plain mode says only the start and end:\n{seen}"
    );
    assert!(after.contains("Welcome back"), "{after}");
    assert!(after.contains("How stirred up do you feel now"), "{after}");
    assert!(
        after.contains("Still very stirred up") && !after.contains("A real break can help"),
        "not the whole advice again at 8:\n{after}"
    );
    assert!(!seen.contains('\u{1b}'), "{seen}");
}

/// Ctrl-C, a closed terminal (SIGHUP) and end of input while the break timer waits: the session
/// is saved as paused, as at any other prompt, and can be resumed.
#[rstest::rstest]
#[case::ctrl_c(Some(nix::sys::signal::Signal::SIGINT), 130)]
#[case::hang_up(Some(nix::sys::signal::Signal::SIGHUP), 130)]
#[case::end_of_input(None, 0)]
fn a_stop_during_the_break_timer_pauses_the_session(
    #[case] signal: Option<nix::sys::signal::Signal>,
    #[case] code: i32,
) {
    let env = Env::new();
    // The shipped timer: twenty minutes, so only the stop can end it. Safe, hurt, 8, no
    // breathing, take a break, wait here.
    let Started {
        mut child,
        stdin,
        stdout: _still_reading,
        seen,
        pid,
    } = start_until(
        &env,
        &["start", "--plain"],
        b"1\n1\n8\n2\n1\n1\n",
        "The timer is running",
    );
    match signal {
        Some(signal) => nix::sys::signal::kill(pid, signal).unwrap(),
        None => drop(stdin),
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(code), "{seen}");
    let entries = env.entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].record.status,
        repair_coach::model::Status::Paused
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.journal_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Ctrl-C in the debrief `start` offers: nothing of the new session is on disk yet, so nothing is
/// left behind (before, an empty session stayed "in progress", its lock file beside it).
#[test]
fn a_stop_in_the_debrief_offered_by_start_leaves_no_empty_session() {
    let env = Env::new();
    let (code, out) = run(&env, &["start", "--plain"], BOTH);
    assert_eq!(code, 0, "{out}");
    env.finished_a_while_ago();
    // Safe, then yes to looking back first.
    let started = start_until(
        &env,
        &["start", "--plain"],
        b"1\n1\n",
        "Has the talk happened yet?",
    );
    let (code, said) = started.interrupted();
    assert_eq!(code, Some(130), "{said}");
    let names: Vec<_> = std::fs::read_dir(env.journal_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "only the first session: {names:?}");
}

/// Ctrl-C in a check-in on a very hard day says what was kept, and where help is.
#[test]
fn ctrl_c_after_a_very_hard_check_in_answer_still_says_where_help_is() {
    let env = Env::new();
    let started = start_until(
        &env,
        &["checkin", "--plain"],
        b"0\n",
        "What do you need right now?",
    );
    let (code, said) = started.interrupted();
    assert_eq!(code, Some(130), "{said}");
    assert!(said.contains("What you wrote so far is saved."), "{said}");
    assert!(said.contains("findahelpline.com"), "{said}");
    assert!(
        !said.contains("##") && !said.contains("**"),
        "read, not markdown: {said}"
    );
}

#[test]
fn a_hard_talk_looked_back_on_from_start_gives_the_help_lines_where_the_person_lives() {
    let env = Env::new();
    let hurt = [
        "1",
        "1",
        "4",
        "2",
        "hurt",
        "",
        "I walked away",
        "you matter",
        "",
        "2",
    ];
    run(&env, &["start", "--plain"], &hurt);
    env.finished_a_while_ago();
    // Safe, yes to looking back, then the talk happened and went very hard.
    let output = env
        .cmd()
        .args(["start", "--plain"])
        .env("LANG", "en_GB.UTF-8")
        .write_stdin("1\n1\n1\n1\n\nhe shouted\nthat I was lying\n")
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let help = out.find("these people can help").expect("help offered");
    assert!(out[help..].contains("In the UK"), "{out}");
    assert!(out[help..].contains("999"), "{out}");
}

#[test]
fn a_check_in_or_debrief_stopped_before_any_answer_says_nothing_was_saved() {
    let env = Env::new();
    let (code, out) = run(&env, &["checkin", "--plain"], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("Nothing was saved. Come back whenever you're ready.\n"),
        "{out}"
    );
    let started = start_until(
        &env,
        &["checkin", "--plain"],
        b"",
        "How are you, right now?",
    );
    let (code, said) = started.interrupted();
    assert_eq!(code, Some(130), "{said}");
    // Below a blank line: the cursor may be at the end of a half-typed answer.
    assert_eq!(said, "\n\nStopped. Nothing was saved.\n");
    // A debrief too, with a talk to look back on.
    run(&env, &["start", "--plain"], BOTH);
    env.finished_a_while_ago();
    let (code, out) = run(&env, &["debrief", "--plain"], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("Nothing was saved. Come back whenever you're ready.\n"),
        "{out}"
    );
    assert!(
        env.entries()
            .iter()
            .all(|e| e.record.kind == repair_coach::model::Kind::Session)
    );
}
