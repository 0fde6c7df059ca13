//! Whole sessions through the scripted prompter, with the shipped notes, saving a record after
//! every answer as `start` does.
use repair_coach::coach::{Flow, Message, Outcome, PauseReason, Plan};
use repair_coach::commands::ask::drive;
use repair_coach::model::{AnswerValue, Kind, SessionRecord, Status};
use repair_coach::prompt::scripted::{ScriptedPrompter, ScriptedReply, Seen};
use repair_coach::vault::Vault;

fn plan() -> Plan {
    Plan::from_vault(&Vault::shipped()).expect("the shipped notes make a plan")
}

fn choose(key: &str) -> ScriptedReply {
    ScriptedReply::choose(key)
}
fn text(words: &str) -> ScriptedReply {
    ScriptedReply::text(words)
}
fn scale(n: u8) -> ScriptedReply {
    ScriptedReply::Scale(n)
}

fn empty_record(kind: Kind) -> SessionRecord {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T03:00:00+01:00").unwrap();
    SessionRecord {
        id: "2026-11-24-0300".to_string(),
        ..SessionRecord::new(kind, now)
    }
}

/// What one drive left behind: how it ended, what the person saw, every record saved.
struct Drove {
    outcome: Outcome,
    prompter: ScriptedPrompter,
    saved: Vec<SessionRecord>,
}

fn drive_flow(mut flow: Flow, replies: Vec<ScriptedReply>) -> Drove {
    let mut prompter = ScriptedPrompter::new(replies);
    let mut saved = Vec::new();
    let mut record = empty_record(flow.kind());
    let outcome = drive(
        &mut flow,
        &mut prompter,
        &mut |flow, status| {
            flow.fill_record(&mut record, status);
            saved.push(record.clone());
            Ok(())
        },
        &mut |_| Ok(()),
    )
    .expect("the session runs");
    Drove {
        outcome,
        prompter,
        saved,
    }
}

fn start(plan: &Plan, replies: Vec<ScriptedReply>) -> Drove {
    drive_flow(Flow::new(plan, Kind::Session), replies)
}

/// A whole session on both sides: breathing, a flagged answer rewritten, another kept.
fn both_sides() -> Vec<ScriptedReply> {
    vec![
        choose("safe"),
        choose("both"),
        scale(8),
        choose("yes"),
        ScriptedReply::BreatheDone,
        scale(5),
        text("I didn’t mean to make you feel that way"),
        choose("rewrite"),
        text("embarrassed and alone at the party"),
        text(""),
        text("left you on your own with people you didn't know"),
        text("you matter more to me than any party"),
        text("can we just hug?"),
        choose("keep"),
        text("they always ask how my day went"),
        text(""),
        text(""),
        text("that I was uncomfortable"),
        text("stay near me when we don't know anyone"),
        choose("three_a_day"),
        text("that they would read my face"),
        text(""),
        scale(3),
    ]
}

fn ids(record: &SessionRecord) -> Vec<&str> {
    record.answers.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn a_whole_session_saves_after_every_answer_and_ends_with_words_to_say() {
    let plan = plan();
    let replies = both_sides();
    let drove = start(&plan, replies.clone());

    let Outcome::Complete {
        could_say,
        ask_later,
        ..
    } = &drove.outcome
    else {
        panic!("expected a complete session, got {:?}", drove.outcome);
    };
    assert_eq!(
        could_say,
        &[
            "It sounds like you felt embarrassed and alone at the party, and that makes sense to me.",
            "I left you on your own with people you didn't know. I'm sorry.",
            "You matter to me because you matter more to me than any party.",
        ]
    );
    assert_eq!(
        ask_later,
        &["Next time, could you stay near me when we don't know anyone?"]
    );
    assert!(drove.prompter.remaining().is_empty());

    // One save per answer after the safety answer, which is never recorded: the first save
    // has the first answer.
    assert_eq!(drove.saved.len(), replies.len() - 1);
    assert_eq!(drove.saved[0].answers.len(), 1);
    assert!(
        drove
            .saved
            .iter()
            .all(|r| r.answers.iter().all(|a| a.id != "safety"))
    );
    let statuses: Vec<Status> = drove.saved.iter().map(|r| r.status).collect();
    assert!(
        statuses[..statuses.len() - 1]
            .iter()
            .all(|s| *s == Status::InProgress)
    );
    assert_eq!(statuses.last(), Some(&Status::Complete));
    // Each save holds one more answer than the last, except where a rewrite replaced two.
    let counts: Vec<usize> = drove.saved.iter().map(|r| r.answers.len()).collect();
    assert_eq!(&counts[..8], &[1, 2, 3, 4, 5, 6, 7, 6]);

    let last = drove.saved.last().unwrap();
    assert_eq!(last.side.as_deref(), Some("both"));
    assert_eq!(
        (last.activation_before, last.activation_after),
        (Some(8), Some(3))
    );
    assert_eq!(last.skill.as_deref(), Some("Repair"));
    assert_eq!(
        last.practice.as_deref(),
        Some("Resolving Attunement Mishaps")
    );
    assert_eq!(
        ids(last),
        [
            "side",
            "activation.before",
            "breathing.offer",
            "breathing",
            "activation.after_breathing",
            "repair.2.1",
            "repair.2.2",
            "repair.3.1",
            "repair.4.1",
            "repair.5.1",
            "flag.repair.5.1",
            "attunement.stage.1.1",
            "attunement.stage.2.1",
            "attunement.stage.3.1",
            "attunement.stage.4.1",
            "attunement.stage.4.2",
            "attunement.checkins",
            "attunement.reflection.1",
            "attunement.reflection.2",
            "activation.after",
        ]
    );
    let first_step = &last.answers[5];
    assert_eq!(
        first_step.value,
        AnswerValue::Text("embarrassed and alone at the party".into())
    );
    assert_eq!(
        first_step.section,
        "Acknowledge their experience without defending"
    );

    // The transcript shows the steps and stages, in order, from the notes.
    let seen = drove.prompter.seen_text();
    let mut at = 0;
    for title in [
        "Regulate yourself first",
        "Acknowledge their experience without defending",
        "Take responsibility for your impact",
        "Express your care and desire to repair",
        "Stay present — don’t rush the fix",
        "Get clear that they do care",
        "Ask for what you had assumed they noticed",
        "Agree on check-ins",
        "Receive requests without defending",
        "Reflection",
        "Before you go",
    ] {
        let found = seen[at..]
            .find(&format!("{title}\n"))
            .unwrap_or_else(|| panic!("{title:?} is not shown after position {at}:\n{seen}"));
        at += found;
    }
    assert!(seen.contains("Rushing to explain your intent"));
    assert!(seen.contains("You wrote “I didn’t mean”"), "{seen}");
    assert!(seen.contains("Demanding instant resolution"));
}

#[test]
fn not_safe_shows_the_safety_note_and_saves_nothing_at_all() {
    let plan = plan().with_safety_for(Some("US"));
    let drove = start(&plan, vec![choose("not_safe")]);
    let Outcome::EndedForSafety { text } = &drove.outcome else {
        panic!("expected the safety ending, got {:?}", drove.outcome);
    };
    assert!(text.contains("1-800-799-7233") && !text.contains("1800 737 732"));
    // Nothing a partner who checks the computer could find.
    assert!(drove.saved.is_empty());
    assert_eq!(drove.prompter.questions().len(), 1);
}

#[test]
fn stopping_saves_as_paused_and_resume_carries_on_at_the_same_question() {
    let plan = plan();
    let whole = start(&plan, both_sides());
    let stop_at = 10; // after the answer to the step 2 questions, before step 3
    let mut first_part: Vec<ScriptedReply> = both_sides()[..stop_at].to_vec();
    first_part.push(ScriptedReply::Stop);
    let paused = start(&plan, first_part);
    assert_eq!(
        paused.outcome,
        Outcome::Paused {
            reason: PauseReason::Stopped
        }
    );
    let record = paused.saved.last().unwrap();
    assert_eq!(record.status, Status::Paused);
    // A save for each answer after the safety question, then the pause.
    assert_eq!(paused.saved.len(), stop_at);

    let flow = Flow::resume(&plan, record).expect("the saved session replays");
    let resumed = drive_flow(flow, both_sides()[stop_at..].to_vec());
    assert!(matches!(resumed.outcome, Outcome::Complete { .. }));
    assert_eq!(
        resumed.saved.last().unwrap().answers,
        whole.saved.last().unwrap().answers
    );
    // Back in the middle of the repair: the step is shown again before its question.
    assert_eq!(
        resumed.prompter.transcript()[0],
        Seen::Shown(Message::Heading(
            "Take responsibility for your impact".into()
        ))
    );
    // The breathing exercise asks no question, so the whole session's list is one shorter.
    assert_eq!(
        resumed.prompter.questions()[0],
        whole.prompter.questions()[stop_at - 1]
    );
}

#[test]
fn ctrl_c_saves_what_was_answered_as_paused() {
    let plan = plan();
    let mut replies: Vec<ScriptedReply> = both_sides()[..7].to_vec();
    replies.push(ScriptedReply::Interrupt);
    let drove = start(&plan, replies);
    assert_eq!(
        drove.outcome,
        Outcome::Paused {
            reason: PauseReason::Interrupted(repair_coach::coach::Interruption::Signal)
        }
    );
    let last = drove.saved.last().unwrap();
    assert_eq!(last.status, Status::Paused);
    // The flagged answer was given; the flag's question was being asked.
    assert_eq!(ids(last).last(), Some(&"repair.2.1"));
}

#[test]
fn still_flooded_offers_a_break_and_pausing_for_it_is_saved() {
    let plan = plan();
    let drove = start(
        &plan,
        vec![
            choose("safe"),
            choose("hurt"),
            scale(9),
            choose("no"),
            choose("pause"),
        ],
    );
    assert_eq!(
        drove.outcome,
        Outcome::Paused {
            reason: PauseReason::Break
        }
    );
    assert_eq!(drove.saved.last().unwrap().status, Status::Paused);
    assert!(drove.prompter.seen_text().contains("20 minutes"));
    assert!(drove.prompter.remaining().is_empty());
}

#[test]
fn stopping_at_the_safety_question_saves_nothing() {
    let plan = plan();
    let drove = start(&plan, vec![ScriptedReply::Stop]);
    assert!(drove.saved.is_empty());
}

#[test]
fn a_reflection_asks_the_practice_prompts_and_saves_them() {
    let plan = plan();
    let drove = drive_flow(
        Flow::new(&plan, Kind::Reflection),
        vec![text("yes, when they forgot my birthday"), text("")],
    );
    let Outcome::Complete {
        closing,
        could_say,
        ask_later,
    } = &drove.outcome
    else {
        panic!("the reflection completes: {:?}", drove.outcome);
    };
    assert_eq!(
        closing,
        &[Message::Markdown(plan.guide.reflect.closing.clone())]
    );
    assert!(could_say.is_empty() && ask_later.is_empty());
    let last = drove.saved.last().unwrap();
    assert_eq!(
        (last.kind, last.status),
        (Kind::Reflection, Status::Complete)
    );
    assert_eq!(ids(last), ["reflection.1", "reflection.2"]);
    assert_eq!(drove.prompter.questions(), plan.practice.reflection_prompts);
}
