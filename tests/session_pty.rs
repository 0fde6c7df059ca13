//! The real binary in a pseudo-terminal, driven as a person would: arrow keys in menus, typed
//! answers, Ctrl-C or Esc half-way, then `resume`. No sleeps: each step waits for the prompt's words.
mod support;

use nix::sys::wait::WaitStatus;
use repair_coach::coach::Plan;
use repair_coach::model::{AnswerValue, Status};
use repair_coach::vault::Vault;
use rexpect::session::PtySession;
use support::Env;

const DOWN: &str = "\x1b[B";
const LEFT: &str = "\x1b[D";
const HOME: &str = "\x1b[H";
const END: &str = "\x1b[F";
const DELETE: &str = "\x1b[3~";
const ENTER: &str = "\r";
const HIDE_CURSOR: &str = "\x1b[?25l";
const SHOW_CURSOR: &str = "\x1b[?25h";

fn plan() -> Plan {
    Plan::from_vault(&Vault::shipped()).unwrap()
}

/// The first words of a question: enough to know it is on screen, short enough not to be wrapped.
fn start_of(text: &str) -> String {
    text.split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sends keys in one write and flushes them (rexpect's `send` buffers; an arrow key split over
/// two writes would be read as Esc).
fn press(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Answers the opening: safe, "I hurt someone", activation 3, no breathing.
fn answer_opening(p: &mut PtySession, plan: &Plan) {
    answer_opening_at(p, plan, 3);
}

/// Answers the opening: safe, "I hurt someone", `activation`, no breathing.
fn answer_opening_at(p: &mut PtySession, plan: &Plan, activation: u8) {
    let guide = &plan.guide;
    p.exp_string(&start_of(&guide.safety_check.question))
        .unwrap();
    press(p, ENTER);
    p.exp_string(&start_of(&guide.side.question)).unwrap();
    press(p, ENTER);
    p.exp_string(&start_of(&guide.regulate.activation.question))
        .unwrap();
    press(p, &format!("{activation}{ENTER}"));
    p.exp_string(&start_of(&guide.regulate.breathing.offer))
        .unwrap();
    press(p, DOWN);
    press(p, ENTER);
}

fn type_answer(p: &mut PtySession, question_words: &str, answer: &str) {
    p.exp_string(question_words).unwrap();
    press(p, &format!("{answer}{ENTER}"));
}

#[test]
fn a_session_with_arrow_keys_and_typed_answers_is_saved_complete() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", "scared and alone");
    type_answer(&mut p, "What might that moment", ""); // optional: skipped
    type_answer(
        &mut p,
        "say what you did",
        "I left without saying where I was going",
    );
    type_answer(&mut p, "You matter to me because", "you are home to me");
    type_answer(&mut p, "how could you stay with them", "");
    type_answer(&mut p, &start_of(&plan.guide.close.activation), "2");
    p.exp_string(&plan.guide.close.could_say_title).unwrap();
    let tail = p.exp_eof().unwrap();
    assert!(
        tail.contains("journal show"),
        "says how to find it again: {tail}"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));

    let entries = env.entries();
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Complete);
    assert_eq!(record.side.as_deref(), Some("hurt"));
    let said: Vec<&AnswerValue> = record.answers.iter().map(|a| &a.value).collect();
    assert!(said.contains(&&AnswerValue::Text("scared and alone".into())));
    assert!(
        said.contains(&&AnswerValue::Choice("no".into())),
        "the arrow key chose the second option"
    );
}

#[test]
fn ctrl_c_mid_session_saves_shows_the_cursor_and_resume_carries_on() {
    let env = Env::new();
    let plan = plan();
    // Keep escape sequences in this one: the cursor must be shown again after Ctrl-C.
    let mut p = support::in_pty(env.process(&["start"]), false);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", "scared and alone");
    p.exp_string("What might that moment").unwrap();
    p.send_control('c').unwrap();
    let said = p.exp_eof().unwrap();
    assert!(said.contains("Your answers so far are saved"), "{said}");
    let hidden = said.rfind("\x1b[?25l");
    let shown = said.rfind("\x1b[?25h").expect("the cursor is shown again");
    assert!(
        hidden.is_none_or(|h| h < shown),
        "the cursor is left visible"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));

    let entries = env.entries();
    assert_eq!(entries[0].record.status, Status::Paused);
    assert!(said.contains(&format!("repair-coach resume {}", entries[0].id)));

    let mut p = env.pty(&["resume"]);
    type_answer(&mut p, "What might that moment", "");
    type_answer(&mut p, "say what you did", "I raised my voice");
    type_answer(&mut p, "You matter to me because", "you make me laugh");
    type_answer(&mut p, "how could you stay with them", "");
    type_answer(&mut p, &start_of(&plan.guide.close.activation), "1");
    p.exp_eof().unwrap();
    let entries = env.entries();
    assert_eq!(entries.len(), 1);
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Complete);
    let first = record
        .answers
        .iter()
        .find(|a| a.id == "repair.2.1")
        .unwrap();
    assert_eq!(first.value, AnswerValue::Text("scared and alone".into()));
}

#[test]
fn a_second_window_cannot_take_a_session_that_is_open() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    p.exp_string("How do you think they felt?").unwrap();
    let id = env.entries()[0].id.clone();

    let output = env.cmd().args(["resume", "--plain", &id]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("open in another window"), "{said}");

    // The first window carries on unharmed.
    press(&mut p, &format!("still here{ENTER}"));
    p.exp_string("What might that moment").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("still here".into()))
    );
}

#[test]
fn ctrl_c_while_typing_keeps_the_line_and_resume_begins_with_it() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", "scared and alone");
    p.exp_string("What might that moment").unwrap();
    press(&mut p, "it was late, and I");
    p.exp_string("it was late, and I").unwrap();
    p.send_control('c').unwrap();
    let said = p.exp_eof().unwrap();
    assert!(said.contains("Your answers so far are saved"), "{said}");
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));
    let record = &env.entries()[0].record;
    assert_eq!(record.status, Status::Paused);
    let draft = record.draft.as_ref().expect("the half-typed line is kept");
    assert_eq!(draft.text, "it was late, and I");
    assert!(
        draft.question.contains("What might that moment"),
        "{draft:?}"
    );
    let id = env.entries()[0].id.clone();
    let shown = env.cmd().args(["journal", "show", &id]).output().unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(
        shown.contains("it was late, and I … (still being written when the session stopped)"),
        "{shown}"
    );

    // Resumed at a terminal, the line begins with it, to be finished or mended.
    let mut p = env.pty(&["resume"]);
    p.exp_string("What might that moment").unwrap();
    p.exp_string("it was late, and I").unwrap();
    press(&mut p, &format!(" was tired{ENTER}"));
    p.exp_string("say what you did").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    let answer = record
        .answers
        .iter()
        .find(|a| a.question.contains("What might that moment"))
        .unwrap();
    assert_eq!(
        answer.value,
        AnswerValue::Text("it was late, and I was tired".into())
    );
    assert_eq!(record.draft, None, "given, it is an answer, not a draft");
}

#[rstest::rstest]
#[case::closed_terminal(nix::sys::signal::Signal::SIGHUP)]
#[case::terminated(nix::sys::signal::Signal::SIGTERM)]
fn a_closed_terminal_or_sigterm_saves_the_session_as_paused(
    #[case] signal: nix::sys::signal::Signal,
) {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", "tired and unheard");
    p.exp_string("What might that moment").unwrap();
    press(&mut p, "we were both");
    p.exp_string("we were both").unwrap();
    p.process_mut().signal(signal).unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));
    let record = &env.entries()[0].record;
    assert_eq!(record.status, Status::Paused);
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("tired and unheard".into()))
    );
    let draft = record.draft.as_ref().expect("the half-typed line is kept");
    assert_eq!(draft.text, "we were both");
}

#[test]
fn kill_9_loses_at_most_the_answer_being_typed_and_resume_works() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", "small");
    p.exp_string("What might that moment").unwrap();
    press(&mut p, "half a thought");
    p.process_mut()
        .kill(nix::sys::signal::Signal::SIGKILL)
        .unwrap();
    let record = &env.entries()[0].record;
    assert_eq!(
        record.status,
        Status::InProgress,
        "nobody got to mark it paused"
    );
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("small".into()))
    );

    // The lock died with the process: resume takes the session and asks the next question.
    let output = env
        .cmd()
        .args(["resume", "--plain"])
        .write_stdin("")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("What might that moment"), "{said}");
}

const ESC: &str = "\x1b";
/// Home, clear the screen, clear the scrollback, show the cursor: what a quick exit leaves.
const CLEARED: &str = "\x1b[H\x1b[2J\x1b[3J\x1b[?25h";

#[test]
fn esc_at_a_typed_answer_leaves_at_once_clears_the_screen_and_resume_carries_on() {
    let env = Env::new();
    let plan = plan();
    // Keep escape sequences: the clearing is what is tested.
    let mut p = support::in_pty(env.process(&["start"]), false);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", "scared and alone");
    p.exp_string("What might that moment").unwrap();
    press(&mut p, &format!("half typed{ESC}"));
    let said = p.exp_eof().unwrap();
    assert!(
        said.ends_with(CLEARED),
        "nothing after the clearing: {said:?}"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));

    let entries = env.entries();
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Paused);
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("scared and alone".into()))
    );
    let output = env
        .cmd()
        .args(["resume", "--plain"])
        .write_stdin("")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("What might that moment"), "{said}");
    // Plain mode cannot put the half-typed line on the line to edit, so it says it first.
    let begun = plan.guide.prompts.begun.replace("{draft}", "half typed");
    assert!(said.contains(&format!("{begun}\n")), "{begun:?} in {said}");
    assert!(said.find(&begun) < said.find("What might that moment"));
}

/// The first menu says how to choose in it, and the first question how to leave; neither is
/// said again.
#[test]
fn the_first_menu_says_how_to_choose_once() {
    let env = Env::new();
    let plan = plan();
    let words = &plan.guide.prompts;
    let mut p = support::in_pty(env.process(&["start"]), false);
    p.exp_string(&start_of(&plan.guide.safety_check.question))
        .unwrap();
    // rexpect reads each byte as a character of its own.
    let menu: String = words.menu.bytes().map(char::from).collect();
    p.exp_string(&menu).unwrap();
    p.exp_string(&words.leave).unwrap();
    press(&mut p, ENTER);
    let until_side = p.exp_string(&start_of(&plan.guide.side.question)).unwrap();
    press(&mut p, ESC);
    let rest = until_side + &p.exp_eof().unwrap();
    assert!(!rest.contains(&menu), "said once: {rest:?}");
    assert!(!rest.contains(&words.leave), "said once: {rest:?}");
}

#[test]
fn esc_in_a_menu_leaves_at_once_too() {
    let env = Env::new();
    let plan = plan();
    let mut p = support::in_pty(env.process(&["start"]), false);
    p.exp_string(&start_of(&plan.guide.safety_check.question))
        .unwrap();
    p.exp_string("(Esc leaves at once and clears the screen.)")
        .unwrap();
    press(&mut p, ENTER);
    p.exp_string(&start_of(&plan.guide.side.question)).unwrap();
    press(&mut p, ENTER);
    p.exp_string(&start_of(&plan.guide.regulate.activation.question))
        .unwrap();
    press(&mut p, ESC);
    let said = p.exp_eof().unwrap();
    assert!(said.ends_with(CLEARED), "{said:?}");
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
    assert_eq!(env.entries()[0].record.status, Status::Paused);
}

#[test]
fn backspace_takes_back_typed_letters_before_enter() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    p.exp_string("How do you think they felt?").unwrap();
    press(&mut p, "scared and alonX\x7f\x7fne");
    press(&mut p, ENTER);
    p.exp_string("What might that moment").unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("scared and alone".into())),
        "{:?}",
        record.answers
    );
}

#[test]
fn lines_pasted_at_once_are_one_answer_not_the_next_questions() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    p.exp_string("How do you think they felt?").unwrap();
    press(
        &mut p,
        "hurt when I left.\rAnd then I said something unkind.\rand alone",
    );
    // The last line of a paste waits for Enter, as a typed one does.
    p.exp_string("and alone").unwrap();
    press(&mut p, ENTER);
    p.exp_string("What might that moment").unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    let said = record
        .answers
        .iter()
        .find(|a| a.id == "repair.2.1")
        .unwrap();
    assert_eq!(
        said.value,
        AnswerValue::Text("hurt when I left. And then I said something unkind. and alone".into())
    );
    assert!(record.answers.iter().all(|a| a.id != "repair.2.2"));
}

/// A typo in the middle of an answer is mended where it is: the arrows, Home and End move the
/// cursor, typing goes in at it, Delete takes the letter under it; an answer longer than the
/// terminal is wide is edited the same way.
#[test]
fn arrow_keys_move_the_cursor_within_a_typed_answer() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    p.exp_string("How do you think they felt?").unwrap();
    // "scard and alone" -> "scared and alone", then "very " in front and a stray "x" deleted.
    press(&mut p, "scard and alonex");
    press(&mut p, LEFT);
    press(&mut p, DELETE);
    press(&mut p, &LEFT.repeat(11));
    press(&mut p, "e");
    press(&mut p, HOME);
    press(&mut p, "very ");
    press(&mut p, END);
    press(&mut p, ENTER);
    p.exp_string("What might that moment").unwrap();
    let long = "they had waited all evening for me to notice, ".repeat(3);
    press(&mut p, &format!("{}{HOME}I think {END}", long.trim_end()));
    press(&mut p, ENTER);
    p.exp_string(&start_of(&plan.skill.steps[2].title)).unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    let texts: Vec<&AnswerValue> = record.answers.iter().map(|a| &a.value).collect();
    assert!(
        texts.contains(&&AnswerValue::Text("very scared and alone".into())),
        "{texts:?}"
    );
    assert!(
        texts.contains(&&AnswerValue::Text(format!("I think {}", long.trim_end()))),
        "{texts:?}"
    );
}

/// A new session to step 2's first question, answered with `flagged` (which a signal flags),
/// then "Rewrite it": the question is asked again, its line holding `flagged`.
fn flagged_then_asked_again(env: &Env, flagged: &str) -> PtySession {
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    type_answer(&mut p, "How do you think they felt?", flagged);
    p.exp_string(&plan.guide.flag.rewrite).unwrap();
    press(&mut p, ENTER);
    p.exp_string("How do you think they felt?").unwrap();
    p.exp_string(flagged).unwrap();
    p
}

#[test]
fn a_rewrite_begins_with_the_answer_flagged_to_be_mended_where_it_stands() {
    let env = Env::new();
    let flagged = "hurt and ignored, but I was only trying to explain";
    // Asked again, the line holds what was written: the flagged end is taken back, not all of it
    // typed anew.
    let mut p = flagged_then_asked_again(&env, flagged);
    let kept = "hurt and ignored";
    press(&mut p, &"\x7f".repeat(flagged.len() - kept.len()));
    press(&mut p, ENTER);
    p.exp_string("What might that moment").unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    let felt = record
        .answers
        .iter()
        .find(|a| a.question.contains("How do you think they felt?"))
        .unwrap();
    assert_eq!(felt.value, AnswerValue::Text(kept.into()));
}

#[test]
fn leaving_a_rewrite_unchanged_keeps_the_answer_and_no_draft_and_resume_begins_with_it() {
    let env = Env::new();
    let flagged = "hurt, but I was only trying to explain";
    let mut p = flagged_then_asked_again(&env, flagged);
    press(&mut p, ESC);
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    assert_eq!(record.status, Status::Paused);
    // The answer is kept as given; the line that only held it again is no draft of a new one.
    assert_eq!(record.draft, None, "{:?}", record.draft);
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text(flagged.into()))
    );
    let mut p = env.pty(&["resume"]);
    p.exp_string("How do you think they felt?").unwrap();
    p.exp_string(flagged).unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
}

#[test]
fn ctrl_d_on_an_empty_line_ends_as_the_end_of_input_does_keeping_the_answers() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start"]);
    answer_opening(&mut p, &plan);
    p.exp_string("How do you think they felt?").unwrap();
    // On a line with words, Ctrl-D deletes as Delete does: "scarred" loses its second r.
    press(&mut p, &format!("scarred{LEFT}{LEFT}{LEFT}\x04{ENTER}"));
    p.exp_string("What might that moment").unwrap();
    press(&mut p, "\x04");
    let said = p.exp_eof().unwrap();
    assert!(said.contains("Your answers so far are saved"), "{said}");
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
    let record = &env.entries()[0].record;
    assert_eq!(record.status, Status::Paused);
    let said: Vec<&AnswerValue> = record.answers.iter().map(|a| &a.value).collect();
    assert!(
        said.contains(&&AnswerValue::Text("scared".into())),
        "{said:?}"
    );
}

/// Ctrl-Z in a shell with job control: the coach is stopped like any program, and `fg` brings
/// the question back with the line as it was.
#[test]
fn ctrl_z_stops_the_coach_and_fg_brings_back_the_line_being_typed() {
    let env = Env::new();
    let plan = plan();
    let mut shell = env.program("bash");
    shell
        .args(["--norc", "--noprofile", "-i"])
        .env("PS1", "shell$ ");
    let mut p = support::in_pty(shell, true);
    p.exp_string("shell$ ").unwrap();
    press(&mut p, &format!("repair-coach start{ENTER}"));
    answer_opening(&mut p, &plan);
    p.exp_string("How do you think they felt?").unwrap();
    press(&mut p, "scared");
    p.exp_string("scared").unwrap();
    press(&mut p, "\x1a");
    p.exp_string("Stopped").unwrap();
    p.exp_string("shell$ ").unwrap();
    press(&mut p, &format!("fg{ENTER}"));
    p.exp_string("scared").unwrap();
    press(&mut p, &format!(" and alone{ENTER}"));
    p.exp_string("What might that moment").unwrap();
    press(&mut p, ESC);
    p.exp_string("shell$ ").unwrap();
    press(&mut p, &format!("exit{ENTER}"));
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("scared and alone".into())),
        "{:?}",
        record.answers
    );
}

/// `TERM=dumb` cannot move the cursor or redraw a line: such a terminal gets plain mode, with
/// numbered options and a line saying what to type, and no cursor movement at all.
#[test]
fn a_dumb_terminal_gets_plain_prompts_and_no_cursor_movement() {
    let env = Env::new();
    let plan = plan();
    let mut cmd = env.process(&["start"]);
    cmd.env("TERM", "dumb");
    let mut p = support::in_pty(cmd, false);
    let choose = &plan.guide.prompts.choose;
    let before = p.exp_string(choose).unwrap();
    assert!(before.contains("  1. "), "numbered options: {before:?}");
    press(&mut p, &format!("1{ENTER}"));
    let between = p.exp_string(choose).unwrap();
    for (code, what) in [
        ("\x1b[", "a control sequence"),
        ("\x1b7", "a saved cursor"),
        ("\r\x1b", "a redraw"),
    ] {
        assert!(
            !before.contains(code) && !between.contains(code),
            "{what} on a dumb terminal: {before:?} {between:?}"
        );
    }
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}

/// Plain prompts at a terminal are answered by a person, who is asked again for as long as it
/// takes: only input no one types is stopped after answers that do not fit.
#[test]
fn a_person_typing_plain_answers_is_asked_again_as_long_as_it_takes() {
    let env = Env::new();
    let plan = plan();
    let mut p = env.pty(&["start", "--plain"]);
    p.exp_string(&plan.guide.prompts.choose).unwrap();
    for _ in 0..25 {
        press(&mut p, &format!("maybe{ENTER}"));
        p.exp_string("Type 1 or 2").unwrap();
    }
    press(&mut p, &format!("1{ENTER}"));
    p.exp_string(&start_of(&plan.guide.side.question)).unwrap();
    p.send_control('c').unwrap();
    let said = p.exp_eof().unwrap();
    assert!(
        !said.contains(&plan.guide.prompts.stopped_reading),
        "{said}"
    );
}

/// The breathing count stopped by a key is saved as stopped early, not as done.
#[test]
fn breathing_stopped_by_a_key_is_saved_as_stopped_early() {
    let env = Env::new();
    let plan = plan();
    let guide = &plan.guide;
    let mut p = env.pty(&["start"]);
    p.exp_string(&start_of(&guide.safety_check.question))
        .unwrap();
    press(&mut p, ENTER);
    p.exp_string(&start_of(&guide.side.question)).unwrap();
    press(&mut p, ENTER);
    p.exp_string(&start_of(&guide.regulate.activation.question))
        .unwrap();
    press(&mut p, &format!("5{ENTER}"));
    p.exp_string("40 seconds").unwrap();
    press(&mut p, ENTER);
    p.exp_string(&start_of(&guide.regulate.breathing.count_start))
        .unwrap();
    press(&mut p, "x");
    p.exp_string(&start_of(&guide.regulate.activation_again))
        .unwrap();
    press(&mut p, &format!("3{ENTER}"));
    p.exp_string("How do you think they felt?").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let record = &env.entries()[0].record;
    let breathing = record.answers.iter().find(|a| a.id == "breathing").unwrap();
    assert_eq!(breathing.value, AnswerValue::Choice("stopped_early".into()));
    assert_eq!(breathing.question, guide.regulate.breathing.title);
}

/// A core skill of the user's own, marked as the focus.
fn focus_skill(name: &str) -> String {
    format!(
        "---\nfileClass: core_skill\ndescription: {name}, slowly.\nsteps: [\"Step 1: Begin\"]\ncurrent_focus: true\n---\n"
    )
}

/// Ctrl-C at "which skill today?": nothing has started, so nothing is on disk, and the menu's
/// hidden cursor is shown again.
#[test]
fn ctrl_c_at_the_focus_choice_saves_nothing_and_shows_the_cursor() {
    let env = Env::new();
    let plan = plan();
    let vault = tempfile::tempdir().unwrap();
    for name in ["Making Tea", "Watering Plants"] {
        std::fs::write(vault.path().join(format!("{name}.md")), focus_skill(name)).unwrap();
    }
    let vault_arg = vault.path().to_str().unwrap();
    // Keep escape sequences: the cursor must be shown again after Ctrl-C.
    let mut p = support::in_pty(env.process(&["--vault", vault_arg, "start"]), false);
    // The safety question comes first, even before the choice of skill.
    p.exp_string(&start_of(&plan.guide.safety_check.question))
        .unwrap();
    press(&mut p, ENTER);
    let mut said = p.exp_string(&start_of(&plan.guide.focus.question)).unwrap();
    said += &p.exp_string("Watering Plants").unwrap();
    assert!(
        said.contains("Making Tea"),
        "both focus skills are offered: {said:?}"
    );
    p.send_control('c').unwrap();
    said += &p.exp_eof().unwrap();
    // The menu hides the cursor while it is drawn; the stop must show it again after that.
    let hidden = said.rfind("\x1b[?25l").expect("the menu hides the cursor");
    let shown = said.rfind("\x1b[?25h").expect("the cursor is shown again");
    assert!(hidden < shown, "the cursor is left visible: {said:?}");
    assert!(
        !said.contains(&start_of(&plan.guide.side.question)),
        "nothing is asked after the stop: {said:?}"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));

    // No session, no `.ID.lock`, no `.tmp` file: the journal folder is empty if it exists at all.
    let journal = env.journal_dir();
    let left: Vec<String> = std::fs::read_dir(&journal)
        .map(|dir| {
            dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(left.is_empty(), "left in {}: {left:?}", journal.display());
    // Nor anything written into the vault beside the two notes.
    assert_eq!(std::fs::read_dir(vault.path()).unwrap().count(), 2);
}

/// A vault whose break lasts `secs` seconds, with the shipped words.
fn break_of(secs: u32) -> tempfile::TempDir {
    let vault = tempfile::tempdir().unwrap();
    let shipped = include_str!("../content/coach/Break.md");
    let short = shipped.replace("length_secs: 1200", &format!("length_secs: {secs}"));
    assert_ne!(short, shipped);
    std::fs::write(vault.path().join("Break.md"), short).unwrap();
    vault
}

/// Safe, hurt, 8 (high), no breathing, take a break, wait here.
fn take_a_break_here(p: &mut PtySession, plan: &Plan) {
    answer_opening_at(p, plan, 8);
    p.exp_string("break").unwrap();
    press(p, ENTER);
    p.exp_string("How would you like to take your break?")
        .unwrap();
    press(p, ENTER);
}

/// At a terminal the quiet timer shows the minutes left on one line, hides the cursor while it
/// counts, says when the time is up and waits for a key, then the session goes on.
#[test]
fn the_break_timer_counts_on_one_line_and_waits_for_a_key_when_the_time_is_up() {
    let env = Env::new();
    let plan = plan();
    let vault = break_of(2);
    let mut p = support::in_pty(
        env.process(&["--vault", vault.path().to_str().unwrap(), "start"]),
        false,
    );
    take_a_break_here(&mut p, &plan);
    let before = p
        .exp_string("The timer is running: 1 min. Press any key to come back sooner.")
        .unwrap();
    // The menu before showed the cursor again; the timer hides it.
    assert!(
        before.rfind(HIDE_CURSOR) > before.rfind(SHOW_CURSOR),
        "{before:?}"
    );
    p.exp_string("Less than a minute left").unwrap();
    let counting = p
        .exp_string("The break is over. Press any key when you're ready to go on.")
        .unwrap();
    // Redrawn in place: the line is cleared, not a new line written for each figure.
    assert!(counting.contains("\r\x1b[2K"), "{counting:?}");
    press(&mut p, " ");
    p.exp_string(SHOW_CURSOR).unwrap();
    p.exp_string("Welcome back").unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
}

/// Any key ends the break early, and the session carries on from it.
#[test]
fn a_key_ends_the_break_timer_early() {
    let env = Env::new();
    let plan = plan();
    // The shipped break: twenty minutes.
    let mut p = env.pty(&["start"]);
    take_a_break_here(&mut p, &plan);
    p.exp_string("The timer is running: 20 min.").unwrap();
    p.exp_string("20 min left").unwrap();
    press(&mut p, "x");
    p.exp_string("Welcome back").unwrap();
    p.exp_string(&start_of(&plan.guide.regulate.activation_after_break))
        .unwrap();
    press(&mut p, ESC);
    p.exp_eof().unwrap();
}

/// What the terminal was sent until `words`, as text (rexpect hands back each byte as a char),
/// with every line checked to fit `columns`: a wider one is one the terminal itself broke,
/// mid-word.
fn fits_until(p: &mut PtySession, words: &str, columns: usize) -> String {
    let read = p.exp_string(words).unwrap();
    let shown = String::from_utf8(read.chars().map(|c| c as u8).collect()).unwrap();
    for line in shown.lines() {
        let line = line.replace('\r', "");
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= columns,
            "{line:?} in:\n{shown}"
        );
    }
    shown
}

/// Makes the session's terminal `cols` wide, as dragging its window narrower does (the kernel
/// tells the program with SIGWINCH; the coach asks the width again each time it draws).
fn resize(p: &PtySession, rows: u16, cols: u16) {
    use std::os::fd::AsRawFd;
    let master = p.process().get_file_handle().unwrap();
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: a valid descriptor and a winsize that lives for the call.
    assert_eq!(
        unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) },
        0
    );
}

#[test]
fn after_the_window_is_made_narrower_what_follows_is_wrapped_to_its_new_width() {
    let env = Env::new();
    let plan = plan();
    let cmd = env.process_sized(40, 100, &["start"]);
    let mut p = support::in_pty(cmd, true);
    answer_opening(&mut p, &plan);
    // (rexpect reads bytes as Latin-1: the ASCII end of the question, up to its quote.)
    p.exp_string("You felt").unwrap();
    resize(&p, 40, 40);
    press(&mut p, &format!("scared and alone{ENTER}"));
    // The next question is longer than 40 columns: wrapped at spaces to fit, not at 100.
    let shown = fits_until(&mut p, &plan.guide.prompts.skip, 40);
    assert!(shown.contains("What might that moment"), "{shown}");
    press(&mut p, ESC);
    p.exp_eof().unwrap();
}

#[test]
fn plain_prompts_at_a_terminal_follow_its_width_too() {
    let env = Env::new();
    let plan = plan();
    let cmd = env.process_sized(40, 100, &["start", "--plain"]);
    let mut p = support::in_pty(cmd, true);
    for answer in ["1", "1", "3", "2"] {
        p.exp_string("then press Enter.").unwrap();
        press(&mut p, &format!("{answer}{ENTER}"));
    }
    p.exp_string("You felt").unwrap();
    p.exp_string("then press Enter.").unwrap();
    resize(&p, 40, 40);
    press(&mut p, &format!("scared and alone{ENTER}"));
    let shown = fits_until(&mut p, "to skip.", 40);
    assert!(shown.contains("What might that moment"), "{shown}");
    assert!(plan.guide.prompts.text_skippable.ends_with("to skip."));
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn at_a_narrow_terminal_questions_hints_and_choices_break_at_spaces() {
    let env = Env::new();
    let plan = plan();
    let side = &plan.guide.side;
    let cmd = env.process_sized(30, 30, &["start"]);
    let mut p = support::in_pty(cmd, true);
    let shown = fits_until(&mut p, &plan.guide.safety_check.safe, 30);
    assert!(shown.contains("\n(Esc leaves at once"), "{shown}");
    press(&mut p, ENTER);
    // The first choice is longer than the terminal is wide.
    assert!(side.hurt.len() > 28);
    fits_until(&mut p, &side.both, 30);
    press(&mut p, DOWN);
    fits_until(&mut p, &side.both, 30);
    press(&mut p, "\x1b");
    p.exp_eof().unwrap();
}
