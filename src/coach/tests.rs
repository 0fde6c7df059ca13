//! The state machine, table-driven: every branch, resume from every point, refusals.
use super::Message;
use super::testing::plan;
use super::{Ask, Flow, FlowError, Next, Outcome, PauseReason, Plan, Prompt, signals};
use crate::model::{AnswerValue, Answered, Kind, SessionRecord, Status};
use rstest::rstest;

fn c(key: &str) -> AnswerValue {
    AnswerValue::Choice(key.to_string())
}
fn t(text: &str) -> AnswerValue {
    AnswerValue::Text(text.to_string())
}
fn s(n: u8) -> AnswerValue {
    AnswerValue::Scale(n)
}
fn breathed() -> AnswerValue {
    Ask::breathed(true)
}

/// What a run of replies led to: the ids asked, in order, and how it ended.
struct Run<'p> {
    flow: Flow<'p>,
    asked: Vec<Next>,
}

impl Run<'_> {
    fn ids(&self) -> Vec<String> {
        self.asked
            .iter()
            .filter_map(|n| match n {
                Next::Ask(p) => Some(p.ask.id().to_string()),
                Next::Done(_) => None,
            })
            .collect()
    }
}

fn run<'p>(plan: &'p Plan, kind: Kind, replies: &[AnswerValue]) -> Run<'p> {
    let mut flow = Flow::new(plan, kind);
    let mut asked = Vec::new();
    for reply in replies {
        asked.push(flow.next().clone());
        flow.answer(reply.clone())
            .unwrap_or_else(|e| panic!("reply {reply:?} refused: {e}"));
    }
    asked.push(flow.next().clone());
    Run { flow, asked }
}

fn record_of(flow: &Flow) -> SessionRecord {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T03:00:00+00:00").unwrap();
    let mut record = SessionRecord::new(flow.kind(), now);
    flow.fill_record(&mut record, flow.status());
    record
}

/// The replies of a full "hurt" session with calm activation and no flags.
fn hurt_calm() -> Vec<AnswerValue> {
    vec![
        c("safe"),
        c("hurt"),
        s(3),
        c("no"),
        t("scared and alone"),
        t(""),
        t("I raised my voice and left the room."),
        t("you matter more to me than being right"),
        t(""),
        s(2),
    ]
}

const REGULATE_CALM: &[&str] = &["side", "activation.before", "breathing.offer"];
const REPAIR: &[&str] = &[
    "repair.2.1",
    "repair.2.2",
    "repair.3.1",
    "repair.4.1",
    "repair.5.1",
];
/// The practice's stages in order: the check-in agreement at its own stage (5), the stage for
/// the other person (6) asks nothing, the reflection prompts last.
const ATTUNE: &[&str] = &[
    "attunement.stage.1.1",
    "attunement.stage.2.1",
    "attunement.stage.3.1",
    "attunement.stage.4.1",
    "attunement.stage.4.2",
    "attunement.checkins",
    "attunement.reflection.1",
    "attunement.reflection.2",
];
const ATTUNE_REPLIES: fn() -> Vec<AnswerValue> = || {
    vec![
        t("they make me tea every morning"),
        t(""),
        t(""),
        t("that I was exhausted"),
        t("ask me how my day was before dinner"),
        c("morning_evening"),
        t("that they would see it"),
        t(""),
    ]
};

fn ids(parts: &[&[&str]]) -> Vec<String> {
    std::iter::once("safety")
        .chain(parts.iter().flat_map(|p| p.iter().copied()))
        .map(str::to_string)
        .collect()
}

#[derive(Debug, PartialEq)]
enum End {
    Complete,
    Break,
    Safety,
}

fn end_of(next: &Next) -> Option<End> {
    match next {
        Next::Done(Outcome::Complete { .. }) => Some(End::Complete),
        Next::Done(Outcome::Paused {
            reason: PauseReason::Break,
        }) => Some(End::Break),
        Next::Done(Outcome::EndedForSafety { .. }) => Some(End::Safety),
        _ => None,
    }
}

fn both() -> Vec<AnswerValue> {
    let mut replies = hurt_calm();
    replies[1] = c("both");
    let close = replies.pop().unwrap();
    replies.extend(ATTUNE_REPLIES());
    replies.push(close);
    replies
}

fn unseen() -> Vec<AnswerValue> {
    let mut replies = vec![c("safe"), c("unseen"), s(4), c("no")];
    replies.extend(ATTUNE_REPLIES());
    replies.push(s(3));
    replies
}

/// Replaces the reply at `at` with `with`, keeping the rest.
fn splice(
    mut replies: Vec<AnswerValue>,
    at: usize,
    remove: usize,
    with: &[AnswerValue],
) -> Vec<AnswerValue> {
    replies.splice(at..at + remove, with.iter().cloned());
    replies
}

#[rstest]
#[case::unsafe_ends(vec![c("not_safe")], ids(&[]), End::Safety)]
#[case::hurt(hurt_calm(), ids(&[REGULATE_CALM, REPAIR, &["activation.after"]]), End::Complete)]
#[case::unseen(unseen(), ids(&[REGULATE_CALM, ATTUNE, &["activation.after"]]), End::Complete)]
#[case::both_repair_first(both(), ids(&[REGULATE_CALM, REPAIR, ATTUNE, &["activation.after"]]), End::Complete)]
#[case::high_then_break(
    vec![c("safe"), c("hurt"), s(8), c("no"), c("pause")],
    ids(&[REGULATE_CALM, &["break"]]),
    End::Break
)]
#[case::high_then_carry_on(
    splice(hurt_calm(), 2, 2, &[s(9), c("no"), c("continue")]),
    ids(&[REGULATE_CALM, &["break"], REPAIR, &["activation.after"]]),
    End::Complete
)]
#[case::breathing_calms(
    splice(hurt_calm(), 2, 2, &[s(8), c("yes"), breathed(), s(5)]),
    ids(&[REGULATE_CALM, &["breathing", "activation.after_breathing"], REPAIR, &["activation.after"]]),
    End::Complete
)]
#[case::breathing_still_high(
    vec![c("safe"), c("hurt"), s(8), c("yes"), breathed(), s(7), c("pause")],
    ids(&[REGULATE_CALM, &["breathing", "activation.after_breathing", "break"]]),
    End::Break
)]
#[case::threshold_is_inclusive(
    vec![c("safe"), c("hurt"), s(7), c("no"), c("pause")],
    ids(&[REGULATE_CALM, &["break"]]),
    End::Break
)]
#[case::flag_keep(
    splice(hurt_calm(), 4, 1, &[t("I didn't mean to upset you"), c("keep")]),
    ids(&[REGULATE_CALM, &["repair.2.1", "flag.repair.2.1"], &REPAIR[1..], &["activation.after"]]),
    End::Complete
)]
#[case::flag_rewrite(
    splice(hurt_calm(), 4, 1, &[t("I didn’t mean to upset you"), c("rewrite"), t("hurt and dismissed")]),
    ids(&[REGULATE_CALM, &["repair.2.1", "flag.repair.2.1"], REPAIR, &["activation.after"]]),
    End::Complete
)]
fn every_branch(
    #[case] replies: Vec<AnswerValue>,
    #[case] expected: Vec<String>,
    #[case] end: End,
) {
    let plan = plan();
    let run = run(&plan, Kind::Session, &replies);
    assert_eq!(run.ids(), expected);
    assert_eq!(end_of(run.asked.last().unwrap()), Some(end));
    assert!(run.flow.answers().iter().all(|a| a.id != "safety"));
}

#[test]
fn unsafe_shows_the_safety_note_and_records_nothing() {
    let plan = plan().with_safety_for(Some("GB"));
    let run = run(&plan, Kind::Session, &[c("not_safe")]);
    let Next::Done(Outcome::EndedForSafety { text }) = run.flow.next() else {
        panic!("expected the safety ending, got {:?}", run.flow.next());
    };
    // The lines where they live, not every country's.
    assert!(
        text.contains("0808 2000 247") && !text.contains("911"),
        "{text}"
    );
    let record = record_of(&run.flow);
    assert_eq!(record.status, Status::EndedForSafety);
    assert!(record.answers.is_empty());
    assert_eq!(record.side, None);
}

#[test]
fn a_rewrite_replaces_the_flagged_answer_and_its_flag() {
    let plan = plan();
    let replies = splice(
        hurt_calm(),
        4,
        1,
        &[t("I didn't mean to"), c("rewrite"), t("hurt")],
    );
    let run = run(&plan, Kind::Session, &replies);
    let answers: Vec<_> = run.flow.answers().iter().map(|a| a.id.as_str()).collect();
    assert!(!answers.contains(&"flag.repair.2.1"));
    let first = run
        .flow
        .answers()
        .iter()
        .find(|a| a.id == "repair.2.1")
        .unwrap();
    assert_eq!(first.value, t("hurt"));
    // The same question was asked again, plainly.
    let reasked = &run.asked[6];
    let Next::Ask(prompt) = reasked else { panic!() };
    assert_eq!(prompt.ask.id(), "repair.2.1");
    assert!(prompt.intro.is_empty());
}

#[test]
fn only_a_question_asked_again_after_rewrite_holds_the_answer_to_mend() {
    let plan = plan();
    let flagged = &hurt_calm()[..4];
    let asked_first = run(&plan, Kind::Session, flagged);
    assert_eq!(asked_first.flow.answer_to_mend(), None);
    let flagged = [flagged, &[t("I didn't mean to")]].concat();
    // The flag's own question (rewrite or keep) has nothing to mend.
    assert_eq!(
        run(&plan, Kind::Session, &flagged).flow.answer_to_mend(),
        None
    );
    let rewriting = [flagged.as_slice(), &[c("rewrite")]].concat();
    let asked_again = run(&plan, Kind::Session, &rewriting);
    assert_eq!(asked_again.flow.answer_to_mend(), Some("I didn't mean to"));
    let rewritten = [rewriting.as_slice(), &[t("hurt")]].concat();
    assert_eq!(
        run(&plan, Kind::Session, &rewritten).flow.answer_to_mend(),
        None
    );
    // Kept as it was: the session goes on, with nothing to mend.
    let kept = [flagged.as_slice(), &[c("keep")]].concat();
    assert_eq!(run(&plan, Kind::Session, &kept).flow.answer_to_mend(), None);
}

#[test]
fn a_rewrite_showing_the_same_mistake_is_told_so_briefly_and_a_new_one_in_full() {
    let plan = plan();
    let flag = &plan.guide.flag;
    let replies = splice(
        hurt_calm(),
        4,
        1,
        &[
            t("I didn't mean to"),
            c("rewrite"),
            t("I didn't mean to hurt you"),
            c("rewrite"),
            t("to be fair, you were late"),
            c("rewrite"),
            t("hurt"),
        ],
    );
    let run = run(&plan, Kind::Session, &replies);
    let body_at = |at: usize| {
        let Next::Ask(prompt) = &run.asked[at] else {
            panic!("a question at {at}")
        };
        assert_eq!(prompt.ask.id(), "flag.repair.2.1");
        match prompt.intro.as_slice() {
            [Message::Flag { body, .. }] => body.clone(),
            other => panic!("one flag at {at}, got {other:?}"),
        }
    };
    let lands = |typed: &str| {
        let hit = signals::for_answer(&plan.signals, "repair.2.1", typed).unwrap();
        hit.signal.lands.clone()
    };
    assert!(
        body_at(5).contains(&lands("I didn't mean to")),
        "{}",
        body_at(5)
    );
    let again = flag
        .again
        .as_deref()
        .unwrap()
        .replace("{phrase}", "I didn't mean");
    assert_eq!(body_at(7), again);
    // Stopped there and resumed: the journal's flags still say which mistake was rewritten.
    let resumed = Flow::resume(&plan, &kept_record(&plan, &replies[..7])).unwrap();
    let Next::Ask(prompt) = resumed.next() else {
        panic!("the flag again")
    };
    assert!(
        matches!(prompt.intro.last(), Some(Message::Flag { body, .. }) if *body == again),
        "{:?}",
        prompt.intro
    );
    let other = "to be fair, you were late";
    assert_ne!(lands(other), lands("I didn't mean to"));
    assert!(body_at(9).contains(&lands(other)), "{}", body_at(9));
}

#[test]
fn a_kept_flag_is_recorded_and_the_flag_names_the_mistake_and_the_way_instead() {
    let plan = plan();
    let replies = splice(hurt_calm(), 6, 1, &[t("Sorry if you felt hurt"), c("keep")]);
    let run = run(&plan, Kind::Session, &replies);
    let Next::Ask(prompt) = &run.asked[7] else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "flag.repair.3.1");
    let [Message::Flag { title, body }] = prompt.intro.as_slice() else {
        panic!("expected one flag, got {:?}", prompt.intro);
    };
    // In the signal's plainer words, fitting what was written, not the skill's name for it.
    assert_eq!(
        title,
        "A gentle thought: an apology with an “if” or a “but”"
    );
    assert!(
        body.contains("“Sorry if”") && body.contains("no “if” or “but”"),
        "{body}"
    );
    let kept = run
        .flow
        .answers()
        .iter()
        .find(|a| a.id == "flag.repair.3.1")
        .unwrap();
    assert_eq!(kept.value, c("keep"));
}

#[test]
fn step_intro_has_title_guidance_and_that_steps_mistakes() {
    let plan = plan();
    let run = run(&plan, Kind::Session, &hurt_calm());
    let Next::Ask(prompt) = &run.asked[4] else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "repair.2.1");
    assert_eq!(
        prompt.intro[..2],
        [
            Message::Heading("Acknowledge their experience without defending".into()),
            Message::Markdown(
                "Focus on what they felt, not whether it was fair. This is about emotional attunement, not logic.".into()
            ),
        ]
    );
    let Message::Mistakes { items, .. } = &prompt.intro[2] else {
        panic!()
    };
    assert_eq!(
        items,
        &[
            "Rushing to explain your intent",
            "Getting defensive or factual"
        ]
    );
    // The step's second question comes without the intro again.
    let Next::Ask(second) = &run.asked[5] else {
        panic!()
    };
    assert_eq!(second.ask.id(), "repair.2.2");
    assert!(second.intro.is_empty());
}

#[test]
fn skipped_answers_leave_their_sentences_out_of_what_you_could_say() {
    let plan = plan();
    let all = run(&plan, Kind::Session, &both());
    let Next::Done(Outcome::Complete {
        could_say,
        ask_later,
        ..
    }) = all.flow.next()
    else {
        panic!()
    };
    assert_eq!(
        could_say,
        &[
            "It sounds like you felt scared and alone, and that makes sense to me.",
            "I raised my voice and left the room. I'm sorry.",
            "You matter to me because you matter more to me than being right.",
        ]
    );
    // What they could ask comes after, once the other feels heard.
    assert_eq!(
        ask_later,
        &["Next time, could you ask me how my day was before dinner?"]
    );
    // Without the attunement part, the request's sentence is left out.
    let hurt = run(&plan, Kind::Session, &hurt_calm());
    let Next::Done(Outcome::Complete { could_say, .. }) = hurt.flow.next() else {
        panic!()
    };
    assert_eq!(could_say.len(), 3);
    assert!(could_say.iter().all(|s| !s.contains("could you")));
}

#[rstest]
#[case::what_they_did("I raised my voice.", "I raised my voice. I'm sorry.")]
#[case::their_own_sorry("I'm sorry I raised my voice", "I'm sorry I raised my voice.")]
#[case::contracted("I’ve been distant all week", "I’ve been distant all week. I'm sorry.")]
#[case::apologised("I apologise for leaving", "I apologise for leaving.")]
#[case::sorry_inside_a_word("I was sorrowful and sharp", "I was sorrowful and sharp. I'm sorry.")]
#[case::sorry_first("sorry I shouted", "Sorry I shouted.")]
#[case::so_sorry_first("So sorry for shouting", "So sorry for shouting.")]
#[case::sorry_quoted("“Sorry for leaving”", "Sorry for leaving.")]
#[case::a_doing(
    "Ignoring you when you talked",
    "I'm sorry for ignoring you when you talked."
)]
#[case::a_not_doing("not listening", "I'm sorry for not listening.")]
#[case::a_doing_and_sorry("ignoring you, sorry", "Ignoring you, sorry.")]
#[case::sorry_without_its_apostrophe("im sorry i yelled", "I'm sorry I yelled.")]
#[case::so_sorry_without_its_apostrophe("Im so sorry", "I'm so sorry.")]
#[case::contracted_without_its_apostrophe("ive been distant", "I've been distant. I'm sorry.")]
#[case::didnt(
    "didnt call when I said I would",
    "I didn't call when I said I would. I'm sorry."
)]
#[case::a_thing_done("the way I spoke to you", "I'm sorry for the way I spoke to you.")]
#[case::what_was_said(
    "What I said about your mum",
    "I'm sorry for what I said about your mum."
)]
#[case::a_thing_and_sorry("my tone, sorry", "My tone, sorry.")]
#[case::how_it_was_said("how I spoke to you", "I'm sorry for how I spoke to you.")]
fn what_you_did_is_said_with_one_sorry_and_one_i(#[case] answer: &str, #[case] said: &str) {
    let plan = plan();
    let replies = splice(hurt_calm(), 6, 1, &[t(answer)]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say[1], said, "answer: {answer:?}");
}

/// A first word that only ends in "ing" ("bring", "thing") is not a doing: it is not said as
/// "I'm sorry for bring up her ex".
#[rstest]
#[case::bring("bring up her ex again", "I bring up her ex again. I'm sorry.")]
#[case::thing("Thing is, i was tired", "I was tired. I'm sorry.")]
#[case::something(
    "something I shouldn't have said",
    "I'm sorry for something I shouldn't have said."
)]
#[case::a_doing_still("bringing up her ex again", "I'm sorry for bringing up her ex again.")]
fn a_word_ending_in_ing_that_is_no_doing(#[case] answer: &str, #[case] said: &str) {
    let plan = plan();
    let replies = splice(hurt_calm(), 6, 1, &[t(answer)]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say[1], said, "answer: {answer:?}");
}

/// Answers that say only that they do not know, or did nothing, are no sentence to say.
#[rstest]
#[case::no("no")]
#[case::nothing_really("Nothing really")]
#[case::idk_what_i_did("idk what i did")]
#[case::dunno("dunno")]
#[case::dunno_tbh("dunno tbh.")]
#[case::no_idea("No idea")]
#[case::dont_know_without_apostrophe("i dont know what i did")]
fn not_knowing_what_you_did_is_no_sentence(#[case] answer: &str) {
    let plan = plan();
    let replies = splice(hurt_calm(), 6, 1, &[t(answer)]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say.len(), 2, "answer: {answer:?}: {could_say:?}");
    assert!(could_say[1].starts_with("You matter"), "{could_say:?}");
}

/// With every answer unsure, the words come from the guide: the heading is not left bare, nor
/// the end silent about it.
#[test]
fn nothing_to_say_is_said_gently() {
    let plan = plan();
    let replies = splice(hurt_calm(), 4, 4, &[t("idk"), t(""), t("idk"), t("idk")]);
    let (closing, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert!(could_say.is_empty(), "{could_say:?}");
    let close = &plan.guide.close;
    let at = closing
        .iter()
        .position(|m| *m == Message::Heading(close.could_say_title.clone()))
        .expect("the heading");
    assert_eq!(
        closing[at + 1],
        Message::Markdown(close.nothing_to_say.clone())
    );
    assert!(!close.nothing_to_say.trim().is_empty());
    // With a sentence to say, it is not said.
    let (closing, _) = closing_of(&run(&plan, Kind::Session, &hurt_calm()));
    assert!(!markdown_of(&closing).contains(&close.nothing_to_say));
}

/// "nothing" ends like a doing, but says only that they do not know: no sentence.
#[test]
fn nothing_done_is_no_sentence() {
    let plan = plan();
    let replies = splice(hurt_calm(), 6, 1, &[t("Nothing")]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say.len(), 2, "{could_say:?}");
    assert!(
        could_say.iter().all(|s| !s.contains("othing")),
        "{could_say:?}"
    );
}

#[rstest]
#[case::as_asked(
    "hurt and alone",
    "It sounds like you felt hurt and alone, and that makes sense to me."
)]
#[case::they_felt(
    "They felt hurt and alone",
    "It sounds like you felt hurt and alone, and that makes sense to me."
)]
#[case::a_guess(
    "I think you felt alone",
    "It sounds like you felt alone, and that makes sense to me."
)]
#[case::felt_again(
    "felt alone",
    "It sounds like you felt alone, and that makes sense to me."
)]
#[case::they_in_it(
    "like they did not matter",
    "It sounds like you felt like they did not matter, and that makes sense to me."
)]
#[case::u_felt(
    "u felt hurt",
    "It sounds like you felt hurt, and that makes sense to me."
)]
#[case::you_were(
    "you were upset",
    "It sounds like you felt upset, and that makes sense to me."
)]
#[case::i_think(
    "I think hurt",
    "It sounds like you felt hurt, and that makes sense to me."
)]
#[case::he_felt(
    "he felt hurt",
    "It sounds like you felt hurt, and that makes sense to me."
)]
#[case::she_felt(
    "She felt let down",
    "It sounds like you felt let down, and that makes sense to me."
)]
#[case::i_think_they_were(
    "i think they were scared",
    "It sounds like you felt scared, and that makes sense to me."
)]
fn what_they_felt_is_said_with_one_you_felt(#[case] answer: &str, #[case] said: &str) {
    let plan = plan();
    let replies = splice(hurt_calm(), 4, 1, &[t(answer)]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say[0], said, "answer: {answer:?}");
}

#[rstest]
#[case::as_asked("ask me first", "Next time, could you ask me first?")]
#[case::can_you("Can you ask me first?", "Next time, could you ask me first?")]
#[case::no_comma(
    "next time could you ask me first",
    "Next time, could you ask me first?"
)]
#[case::please(
    "could you please ask me first",
    "Next time, could you please ask me first?"
)]
#[case::next_time_can_you(
    "Next time, can you ask me first",
    "Next time, could you ask me first?"
)]
#[case::next_time_alone("Next time, ask me first", "Next time, could you ask me first?")]
#[case::could_u("could u ask me", "Next time, could you ask me?")]
#[case::i_want_you_to("I want you to ask me first", "Next time, could you ask me first?")]
#[case::id_like_you_to("I'd like you to ask me", "Next time, could you ask me?")]
#[case::i_need_you_to("i need you to ask me", "Next time, could you ask me?")]
#[case::to("to ask me first", "Next time, could you ask me first?")]
#[case::you_could("next time you could ask me", "Next time, could you ask me?")]
#[case::would_you("Would you ask me?", "Next time, could you ask me?")]
#[case::if_you_could("if you could ask me", "Next time, could you ask me?")]
#[case::can_u("can u ask me", "Next time, could you ask me?")]
#[case::please_alone("please ask me", "Next time, could you ask me?")]
#[case::please_can_you("Please can you ask me", "Next time, could you ask me?")]
#[case::next_time_comma_you_could("Next time, you could ask me", "Next time, could you ask me?")]
#[case::next_time_comma_could_you("next time, could you ask me", "Next time, could you ask me?")]
#[case::id_like_without_its_apostrophe("id like you to ask me", "Next time, could you ask me?")]
fn a_request_is_said_with_one_could_you(#[case] answer: &str, #[case] said: &str) {
    let plan = plan();
    let mut replies = unseen();
    replies[8] = t(answer);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say.last().unwrap(), said, "answer: {answer:?}");
}

#[rstest]
#[case::its_own_words("you are my home", "You matter to me because you are my home.")]
#[case::because_again("because you are my home", "You matter to me because you are my home.")]
#[case::the_whole_lead(
    "You matter to me because you are my home",
    "You matter to me because you are my home."
)]
#[case::bc("bc i love u", "You matter to me because I love u.")]
#[case::cause(
    "cause you make me laugh",
    "You matter to me because you make me laugh."
)]
#[case::coz("coz ur my person", "You matter to me because ur my person.")]
#[case::cuz("cuz you're kind", "You matter to me because you're kind.")]
#[case::that("that you are kind", "You matter to me because you are kind.")]
#[case::thats_no_lead("thats who you are", "You matter to me because that's who you are.")]
#[case::of_her(
    "She is my best friend",
    "You matter to me because you are my best friend."
)]
#[case::of_them(
    "because they’re my person",
    "You matter to me because you’re my person."
)]
#[case::of_him_not_so(
    "he isn't like anyone",
    "You matter to me because he isn't like anyone."
)]
fn why_they_matter_is_said_with_one_because(#[case] answer: &str, #[case] said: &str) {
    let plan = plan();
    let replies = splice(hurt_calm(), 7, 1, &[t(answer)]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say[2], said, "answer: {answer:?}");
}

#[test]
fn a_full_session_fills_the_record() {
    let plan = plan();
    let run = run(&plan, Kind::Session, &both());
    let record = record_of(&run.flow);
    assert_eq!(record.status, Status::Complete);
    assert_eq!(record.side.as_deref(), Some("both"));
    assert_eq!(record.activation_before, Some(3));
    assert_eq!(record.activation_after, Some(2));
    assert_eq!(record.skill.as_deref(), Some("Repair"));
    assert_eq!(
        record.practice.as_deref(),
        Some("Resolving Attunement Mishaps")
    );
    assert_eq!(record.answers.len(), both().len() - 1);
    let hurt = run_record(&plan, &hurt_calm());
    assert_eq!(hurt.practice, None);
}

/// The record as the journal keeps it after `replies`: filled after every answer, with the
/// flag each answer raised noted beside it.
fn kept_record(plan: &Plan, replies: &[AnswerValue]) -> SessionRecord {
    let mut flow = Flow::new(plan, Kind::Session);
    let mut record = record_of(&flow);
    for reply in replies {
        flow.answer(reply.clone()).unwrap();
        flow.fill_record(&mut record, flow.status());
        super::flags::note_last(&mut record, plan);
    }
    record
}

fn run_record(plan: &Plan, replies: &[AnswerValue]) -> SessionRecord {
    record_of(&run(plan, Kind::Session, replies).flow)
}

/// Sessions that between them pass every kind of point: breathing, a break carried on past,
/// a kept flag, a rewritten flag, both sides.
fn long_sessions() -> Vec<Vec<AnswerValue>> {
    let breathing_and_break = splice(
        both(),
        2,
        2,
        &[s(9), c("yes"), breathed(), s(8), c("continue")],
    );
    let flags = splice(
        breathing_and_break.clone(),
        7,
        1,
        &[
            t("you're too sensitive"),
            c("rewrite"),
            t("at least I listened"),
            c("keep"),
        ],
    );
    vec![hurt_calm(), unseen(), both(), breathing_and_break, flags]
}

#[test]
fn resume_from_every_point_asks_what_the_uninterrupted_flow_asked() {
    let plan = plan();
    for replies in long_sessions() {
        let whole = run(&plan, Kind::Session, &replies);
        // k = 0 is the safety question, which a saved session is always past.
        for k in 1..=replies.len() {
            let record = kept_record(&plan, &replies[..k]);
            let mut resumed = Flow::resume(&plan, &record)
                .unwrap_or_else(|e| panic!("resume after {k} replies: {e}"));
            match (resumed.next(), &whole.asked[k]) {
                (Next::Ask(got), Next::Ask(want)) => {
                    assert_eq!(got.ask, want.ask, "after {k} replies");
                    for message in &want.intro {
                        assert!(
                            got.intro.contains(message),
                            "after {k}: {message:?} missing"
                        );
                    }
                }
                (got, want) => assert_eq!(got, want, "after {k} replies"),
            }
            for reply in &replies[k..] {
                resumed.answer(reply.clone()).unwrap();
            }
            assert_eq!(resumed.next(), whole.flow.next());
            assert_eq!(resumed.answers(), whole.flow.answers());
        }
    }
}

#[test]
fn resuming_mid_step_shows_the_step_again() {
    let plan = plan();
    let part = run(&plan, Kind::Session, &hurt_calm()[..5]);
    let resumed = Flow::resume(&plan, &record_of(&part.flow)).unwrap();
    let Next::Ask(prompt) = resumed.next() else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "repair.2.2");
    assert_eq!(
        prompt.intro[0],
        Message::Heading("Acknowledge their experience without defending".into())
    );
}

#[test]
fn words_that_may_mean_danger_bring_back_the_safety_note_once_and_stopping_keeps_the_answers() {
    let plan = plan().with_safety_for(Some("GB"));
    let again = plan
        .guide
        .safety_check
        .again
        .clone()
        .expect("the shipped guide has them");
    let worried = splice(hurt_calm(), 4, 1, &[t("scared, he hit me last week")]);
    let run = run(&plan, Kind::Session, &worried[..5]);
    let Next::Ask(prompt) = run.flow.next() else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "safety_again.repair.2.1");
    assert_eq!(prompt.intro[0], Message::Markdown(again.said.clone()));
    assert_eq!(prompt.intro[1], Message::Markdown(plan.safety.shown()));
    assert!(plan.safety.shown().contains("0808 2000 247"));
    // Stopping keeps what was written, paused.
    let mut stopped = run.flow.clone();
    stopped.answer(c("stop")).unwrap();
    assert_eq!(
        stopped.next(),
        &Next::Done(Outcome::Paused {
            reason: PauseReason::Stopped
        })
    );
    let record = record_of(&stopped);
    assert_eq!(record.status, Status::Paused);
    // Resumed, the session asks first whether they are safe now, then carries on at the next
    // question, and does not bring the note back for the same words.
    let mut resumed = Flow::resume(&plan, &record).unwrap();
    let Next::Ask(first) = resumed.next() else {
        panic!()
    };
    assert_eq!(first.ask.question(), plan.guide.safety_check.on_return());
    assert!(first.ask.question().starts_with("Before we carry on"));
    let mut not_safe = resumed.clone();
    not_safe.answer(c("not_safe")).unwrap();
    assert!(matches!(
        not_safe.next(),
        Next::Done(Outcome::EndedForSafety { .. })
    ));
    resumed.answer(c("safe")).unwrap();
    let Next::Ask(next) = resumed.next() else {
        panic!()
    };
    assert_eq!(next.ask.id(), "repair.2.2");
    // Saved again, it has the same answers: the question on return is not one of them.
    assert_eq!(resumed.answers(), record.answers.as_slice());
    // Stopped again before answering anything, it is asked again; after a further answer, not.
    let again = Flow::resume(&plan, &record_of(&resumed)).unwrap();
    assert!(matches!(again.next(), Next::Ask(p) if p.ask.id() == "safety.on_return"));
    resumed.answer(t("I'd sit with them")).unwrap();
    let later = Flow::resume(&plan, &record_of(&resumed)).unwrap();
    assert!(matches!(later.next(), Next::Ask(p) if p.ask.id() == "repair.3.1"));
    // Carrying on: the next question, and later words of the kind are not asked about again.
    let mut carried = splice(worried, 5, 0, &[c("carry_on")]);
    carried[7] = t("I said I want to die, and walked out");
    let whole = super::tests::run(&plan, Kind::Session, &carried);
    assert_eq!(whole.flow.status(), Status::Complete);
    let asked_again = whole
        .asked
        .iter()
        .filter(|next| matches!(next, Next::Ask(p) if p.ask.id().starts_with("safety_again.")));
    assert_eq!(asked_again.count(), 1);
}

#[test]
fn words_of_danger_are_told_from_everyday_ones() {
    let plan = plan();
    let again = plan.guide.safety_check.again.clone().unwrap();
    for typed in [
        "I felt unsafe",
        "She hit me.",
        "I’m scared of him",
        "I don't feel safe",
        "My husband hit me last year",
        "he shoved me into the door",
        "I wish I was dead",
        "sometimes I just want to end it all",
        "he won't let me leave the flat",
        "I dont feel safe at home",
        "if I leave he'll kill me",
        "honestly i want to kms",
        "Sam hit me",
        "my bf hit me again",
        "he beat me",
        "scared he'll hurt me",
        "i'm scared he will hit me",
        "he pushed me",
        "he grabbed my throat",
        "im terrified of him",
        "scared of my husband",
        "im afraid to go home",
        "i cant go on",
        "it hit me, and then he hit me again",
    ] {
        assert!(
            signals::holds_danger(again.danger_words(), typed),
            "{typed}"
        );
    }
    for typed in [
        "hurt and let down",
        "you pushed me away",
        "this is killing the mood",
        "it hit me hard that you were gone",
        "beats me why",
        "you beat me at chess",
        "I feel safe with you",
        "you hurt me when you left",
        "my partner hit the nail on the head",
        "I pushed my luck",
        "my mum will kill me if I'm late",
        "we drove 5 kilometres",
        "it just hit me how much I miss you",
        "hit me up when you're free",
        "you beat me to it",
        "we can't go on like this",
        "you pushed me to be better",
    ] {
        assert!(
            !signals::holds_danger(again.danger_words(), typed),
            "{typed}"
        );
    }
}

#[test]
fn the_practice_answers_bring_back_the_safety_note_too() {
    let plan = plan();
    let mut replies = unseen();
    replies[4] = t("they threatened me when I asked");
    let run = run(&plan, Kind::Session, &replies[..5]);
    let Next::Ask(prompt) = run.flow.next() else {
        panic!()
    };
    assert!(
        prompt.ask.id().starts_with("safety_again.attunement."),
        "{}",
        prompt.ask.id()
    );
}

#[test]
fn resuming_after_a_break_welcomes_them_back_and_carries_on() {
    let plan = plan();
    let paused = run(
        &plan,
        Kind::Session,
        &[c("safe"), c("hurt"), s(8), c("no"), c("pause")],
    );
    let record = record_of(&paused.flow);
    assert_eq!(record.status, Status::Paused);
    let resumed = Flow::resume(&plan, &record).unwrap();
    assert_eq!(resumed.status(), Status::InProgress);
    let Next::Ask(prompt) = resumed.next() else {
        panic!()
    };
    // Welcome first, then the scale again; then the steps go on.
    assert_eq!(prompt.ask.id(), "activation.after_break");
    let welcome = Message::Markdown(plan.guide.regulate.welcome_back.clone());
    assert_eq!(prompt.intro, [welcome]);
    let mut calmer = resumed.clone();
    calmer.answer(s(4)).unwrap();
    let Next::Ask(next) = calmer.next() else {
        panic!()
    };
    assert_eq!(next.ask.id(), "repair.2.1");
    assert_eq!(
        next.intro[0],
        Message::Heading("Acknowledge their experience without defending".into())
    );
    // Still flooded: shorter words than the whole advice again, and the choice again.
    let mut still = resumed.clone();
    still.answer(s(8)).unwrap();
    let Next::Ask(again) = still.next() else {
        panic!()
    };
    assert_eq!(again.ask.id(), "break.2");
    let regulate = &plan.guide.regulate;
    assert!(regulate.break_advice_again.len() < regulate.break_advice.len() / 2);
    let advice = Message::Markdown(regulate.break_advice_again.clone());
    assert_eq!(again.intro, [advice]);
    still.answer(c("pause")).unwrap();
    assert_eq!(
        still.next(),
        &Next::Done(Outcome::Paused {
            reason: PauseReason::Break
        })
    );
}

#[test]
fn back_from_a_break_taken_just_now_is_the_same_path_as_a_resume() {
    let plan = plan();
    let mut flow = run(
        &plan,
        Kind::Session,
        &[c("safe"), c("hurt"), s(8), c("no"), c("pause")],
    )
    .flow;
    let resumed = Flow::resume(&plan, &record_of(&flow)).unwrap();
    flow.return_from_break().unwrap();
    assert_eq!(flow.next(), resumed.next());
    // Not on a break: nothing changes.
    let before = flow.next().clone();
    flow.return_from_break().unwrap();
    assert_eq!(flow.next(), &before);
}

#[rstest]
#[case::not_a_choice(2, c("sideways"))]
#[case::wrong_kind(2, t("hurt"))]
#[case::scale_over_ten(3, s(11))]
#[case::scale_as_text(3, t("seven"))]
#[case::empty_required(5, t("   "))]
#[case::breathing_needs_done(4, s(3))]
fn invalid_answers_are_refused_without_change(#[case] after: usize, #[case] bad: AnswerValue) {
    let plan = plan();
    let replies = splice(hurt_calm(), 2, 2, &[s(8), c("yes"), breathed(), s(2)]);
    let mut flow = run(&plan, Kind::Session, &replies[..after]).flow;
    let before = (flow.next().clone(), flow.answers().to_vec());
    let error = flow.answer(bad).unwrap_err();
    assert!(!matches!(
        error,
        FlowError::Replay { .. } | FlowError::Finished
    ));
    assert_eq!((flow.next().clone(), flow.answers().to_vec()), before);
}

#[test]
fn invalid_safety_answer_is_refused_and_answering_after_the_end_is_an_error() {
    let plan = plan();
    let mut flow = Flow::new(&plan, Kind::Session);
    assert!(matches!(
        flow.answer(c("maybe")),
        Err(FlowError::UnknownChoice { .. })
    ));
    assert!(!flow.has_started());
    let mut done = run(&plan, Kind::Session, &hurt_calm()).flow;
    assert_eq!(done.answer(s(1)), Err(FlowError::Finished));
}

fn answered(id: &str, value: AnswerValue) -> Answered {
    Answered {
        id: id.to_string(),
        section: "Saved".to_string(),
        question: "Saved".to_string(),
        value,
        label: None,
    }
}

#[rstest]
#[case::unknown_choice(vec![answered("side", c("hurt")), answered("activation.before", s(3)), answered("breathing.offer", c("maybe"))], 3)]
#[case::out_of_order(vec![answered("side", c("hurt")), answered("breathing.offer", c("no"))], 2)]
#[case::scale_too_high(vec![answered("side", c("hurt")), answered("activation.before", s(12))], 2)]
#[case::unknown_side(vec![answered("side", c("neither"))], 1)]
fn a_saved_answer_that_no_longer_fits_stops_the_replay(
    #[case] answers: Vec<Answered>,
    #[case] bad_position: usize,
) {
    let plan = plan();
    let mut record = run_record(&plan, &[c("safe")]);
    record.answers = answers;
    match Flow::resume(&plan, &record) {
        Err(FlowError::Replay { position, .. }) => assert_eq!(position, bad_position),
        other => panic!("expected a replay error, got {other:?}"),
    }
}

#[test]
fn answers_past_the_end_of_the_session_stop_the_replay() {
    let plan = plan();
    let mut record = run_record(&plan, &unseen());
    record.answers.push(answered("repair.9.1", t("more")));
    let error = Flow::resume(&plan, &record).unwrap_err();
    assert!(
        matches!(error, FlowError::Replay { position, ref id, .. } if position == record.answers.len() && id == "repair.9.1")
    );
    assert!(
        error
            .to_string()
            .contains("session guide or skill may have changed")
    );
}

#[test]
fn a_session_ended_for_safety_cannot_be_resumed() {
    let plan = plan();
    let record = run_record(&plan, &[c("not_safe")]);
    assert!(matches!(
        Flow::resume(&plan, &record),
        Err(FlowError::EndedForSafety)
    ));
}

#[test]
fn reflection_asks_only_the_practice_prompts() {
    let plan = plan();
    let run = run(&plan, Kind::Reflection, &[t("that I was tired"), t("")]);
    assert_eq!(run.ids(), ["reflection.1", "reflection.2"]);
    let Next::Ask(first) = &run.asked[0] else {
        panic!()
    };
    assert_eq!(
        first.intro[0],
        Message::Heading("Resolving Attunement Mishaps".into())
    );
    assert_eq!(end_of(run.flow.next()), Some(End::Complete));
    let record = record_of(&run.flow);
    assert_eq!(
        (record.kind, record.skill, record.practice.as_deref()),
        (Kind::Reflection, None, Some("Resolving Attunement Mishaps"))
    );
}

#[test]
fn breathing_prompt_uses_the_guide_numbers() {
    let plan = plan();
    let run = run(
        &plan,
        Kind::Session,
        &[c("safe"), c("hurt"), s(8), c("yes")],
    );
    let Next::Ask(prompt) = run.flow.next() else {
        panic!()
    };
    let Ask::Breathe { breathing, .. } = &prompt.ask else {
        panic!()
    };
    assert_eq!(
        (
            breathing.inhale_secs,
            breathing.exhale_secs,
            breathing.cycles
        ),
        (4, 6, 4)
    );
}

#[rstest]
#[case::skipped("", None)]
#[case::blank("   ", None)]
#[case::answered(
    "I'll sit with you as long as you need.",
    Some("Also: I'll sit with you as long as you need.")
)]
fn a_sentence_from_an_optional_answer_appears_only_when_answered(
    #[case] answer: &str,
    #[case] sentence: Option<&str>,
) {
    let mut plan = plan();
    plan.guide
        .close
        .could_say
        .push("Also: {repair.5.1}.".into());
    let replies = splice(hurt_calm(), 8, 1, &[t(answer)]);
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert_eq!(could_say.len(), 3 + usize::from(sentence.is_some()));
    assert_eq!(
        could_say
            .last()
            .map(String::as_str)
            .filter(|s| s.starts_with("Also")),
        sentence
    );
}

mod any_answers {
    use super::*;
    use proptest::prelude::*;

    /// Answers of every kind, including ones no question takes.
    fn any_answer() -> impl Strategy<Value = AnswerValue> {
        prop_oneof![
            prop::sample::select(vec![
                "safe", "not_safe", "hurt", "unseen", "both", "yes", "no", "pause", "continue",
                "rewrite", "keep", "daily", "nonsense",
            ])
            .prop_map(c),
            prop::sample::select(vec!["", "I didn't mean to", "fine.", "scared", "whatever"])
                .prop_map(t),
            (0u8..=12).prop_map(AnswerValue::Scale),
            Just(AnswerValue::Done),
            any::<bool>().prop_map(AnswerValue::YesNo),
        ]
    }

    proptest! {
        /// Whatever is typed: no panic; a refused answer changes nothing; and a saved session
        /// always resumes at the same question.
        #[test]
        fn any_sequence_is_taken_or_refused_and_always_resumes(
            answers in prop::collection::vec(any_answer(), 0..60)
        ) {
            let plan = plan();
            let mut flow = Flow::new(&plan, Kind::Session);
            for answer in answers {
                let before = (flow.next().clone(), flow.answers().to_vec());
                if flow.answer(answer).is_err() {
                    prop_assert_eq!((flow.next().clone(), flow.answers().to_vec()), before);
                }
            }
            if flow.has_started() && flow.status() == Status::InProgress {
                let resumed = Flow::resume(&plan, &record_of(&flow)).unwrap();
                let (Next::Ask(got), Next::Ask(want)) = (resumed.next(), flow.next()) else {
                    panic!("both should be asking");
                };
                prop_assert_eq!(&got.ask, &want.ask);
            }
        }
    }
}

/// The closing words of a finished run.
fn closing_of(run: &Run) -> (Vec<Message>, Vec<String>) {
    let Next::Done(Outcome::Complete {
        closing, could_say, ..
    }) = run.flow.next()
    else {
        panic!("expected the end, got {:?}", run.flow.next());
    };
    (closing.clone(), could_say.clone())
}

fn markdown_of(closing: &[Message]) -> String {
    closing
        .iter()
        .map(|m| match m {
            Message::Heading(t) | Message::Markdown(t) => t.clone(),
            other => format!("{other:?}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_kept_flagged_answer_is_never_offered_back_and_one_quiet_line_says_why() {
    let plan = plan();
    let kept = splice(
        hurt_calm(),
        6,
        1,
        &[
            t("I walked out while you were talking, sorry if that upset you"),
            c("keep"),
        ],
    );
    let (closing, could_say) = closing_of(&run(&plan, Kind::Session, &kept));
    assert_eq!(could_say.len(), 2, "{could_say:?}");
    assert!(could_say.iter().all(|s| !s.contains("sorry if")));
    assert!(closing.contains(&Message::Markdown(plan.guide.close.left_out.clone())));
    // No flag, no line.
    let (closing, _) = closing_of(&run(&plan, Kind::Session, &hurt_calm()));
    assert!(!closing.contains(&Message::Markdown(plan.guide.close.left_out.clone())));
}

#[test]
fn every_step_answer_is_checked_against_every_signal_of_the_skill_and_the_flag_names_it() {
    let plan = plan();
    // Minimizing belongs to step 3; said at step 2, it is flagged all the same.
    let replies = splice(hurt_calm(), 4, 1, &[t("you were overreacting")]);
    let run = run(&plan, Kind::Session, &replies[..5]);
    let Next::Ask(prompt) = run.flow.next() else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "flag.repair.2.1");
    let [Message::Flag { title, body }] = prompt.intro.as_slice() else {
        panic!("{:?}", prompt.intro)
    };
    // Its own words for how it lands: never "even when it's true".
    let signal = plan
        .signals
        .iter()
        .find(|s| s.mistake == "Minimizing their pain")
        .unwrap();
    assert!(title.contains(signal.title.as_deref().unwrap()), "{title}");
    assert!(body.contains(&signal.lands), "{body}");
    assert!(
        !body.to_lowercase().contains("even when it's true"),
        "{body}"
    );
    // Not the practice's answers, in a session or in `reflect`: they are the hurt side's own,
    // and the skill's signals are about repairing a hurt done.
    let mut replies = unseen();
    replies[4] = t("you never notice anything");
    let run = super::tests::run(&plan, Kind::Session, &replies[..5]);
    let Next::Ask(prompt) = run.flow.next() else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "attunement.stage.2.1");
    let mut replies = unseen();
    replies[10] = t("whatever.");
    let run = super::tests::run(&plan, Kind::Session, &replies[..11]);
    let Next::Ask(prompt) = run.flow.next() else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "attunement.reflection.2");
    let reflection = super::tests::run(&plan, Kind::Reflection, &[t("whatever.")]);
    let Next::Ask(prompt) = reflection.flow.next() else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "reflection.2");
}

#[test]
fn each_signal_has_its_own_words_for_how_it_lands() {
    let plan = plan();
    let lands: std::collections::BTreeSet<&str> =
        plan.signals.iter().map(|s| s.lands.as_str()).collect();
    assert_eq!(lands.len(), plan.signals.len());
    assert!(lands.iter().all(|l| !l.is_empty()));
}

#[test]
fn both_sides_get_a_transition_into_the_attunement_part_and_one_side_does_not() {
    let plan = plan();
    let transition = Message::Markdown(plan.guide.attunement.transition.clone());
    let intro_at = |replies: &[AnswerValue], at: usize| {
        let run = run(&plan, Kind::Session, replies);
        let Next::Ask(prompt) = &run.asked[at] else {
            panic!()
        };
        assert_eq!(prompt.ask.id(), "attunement.stage.1.1");
        prompt.intro.clone()
    };
    let both = intro_at(&both(), 9);
    assert_eq!(
        both[..2],
        [
            Message::Heading(plan.practice.name.clone()),
            transition.clone()
        ]
    );
    assert!(both.contains(&Message::Markdown(plan.practice.description.clone())));
    let unseen = intro_at(&unseen(), 4);
    assert!(!unseen.contains(&transition));
    assert_eq!(unseen[0], Message::Heading(plan.practice.name.clone()));
}

#[test]
fn the_stage_for_the_other_person_is_offered_as_something_to_share() {
    let plan = plan();
    let run = run(&plan, Kind::Session, &unseen());
    let Next::Ask(prompt) = &run.asked[4 + 6] else {
        panic!()
    };
    assert_eq!(prompt.ask.id(), "attunement.reflection.1");
    let share = Message::Markdown(plan.guide.attunement.for_them.intro.clone());
    let at = prompt
        .intro
        .iter()
        .position(|m| m == &share)
        .expect("framed");
    assert_eq!(
        prompt.intro[at - 1],
        Message::Heading("Receive requests without defending".into())
    );
    let Message::Markdown(quote) = &prompt.intro[at + 1] else {
        panic!()
    };
    assert!(quote.starts_with("> For the other person"), "{quote}");
}

#[rstest]
#[case::eased(3, 2, "You came in at 3 and leave at 2.", false)]
#[case::same(3, 3, "You came in at 3 and leave at 3.", false)]
#[case::rose(3, 5, "You came in at 3 and leave at 5.", false)]
#[case::rose_to_a_break(3, 7, "You came in at 3 and leave at 7.", true)]
#[case::still_high(8, 8, "You came in at 8 and leave at 8.", true)]
fn the_close_says_the_change_in_plain_words(
    #[case] before: u8,
    #[case] after: u8,
    #[case] says: &str,
    #[case] break_advice: bool,
) {
    let plan = plan();
    let mut replies = splice(hurt_calm(), 2, 1, &[s(before)]);
    if before >= plan.guide.regulate.break_threshold {
        replies.insert(4, c("continue"));
    }
    *replies.last_mut().unwrap() = s(after);
    let (closing, _) = closing_of(&run(&plan, Kind::Session, &replies));
    let text = markdown_of(&closing);
    assert!(text.starts_with(says), "{text}");
    let advice = Message::Markdown(plan.guide.close.break_advice.clone());
    assert_eq!(closing.contains(&advice), break_advice, "{text}");
    let first_steps_advice = Message::Markdown(plan.guide.regulate.break_advice.clone());
    assert!(!closing.contains(&first_steps_advice), "{text}");
    // Advised to take a break, the words to say wait for after it, and are said to.
    let break_first = Message::Markdown(plan.guide.close.break_first.clone());
    assert_eq!(closing.contains(&break_first), break_advice, "{text}");
    if break_advice {
        let title = Message::Heading(plan.guide.close.could_say_title.clone());
        let listed = closing.iter().position(|m| *m == title).unwrap();
        let waits = closing.iter().position(|m| *m == break_first).unwrap();
        assert_eq!(waits, listed + 2, "right under the sentences: {text}");
    }
}

#[test]
fn a_guide_without_closing_break_words_gives_the_first_steps_advice() {
    let mut plan = plan();
    plan.guide.close.break_advice.clear();
    let mut replies = splice(hurt_calm(), 2, 1, &[s(3)]);
    *replies.last_mut().unwrap() = s(9);
    let (closing, _) = closing_of(&run(&plan, Kind::Session, &replies));
    let advice = Message::Markdown(plan.guide.regulate.break_advice.clone());
    assert!(closing.contains(&advice), "{}", markdown_of(&closing));
}

#[test]
fn breathing_says_its_real_length_and_keeps_how_it_ended() {
    let plan = plan();
    let run = run(&plan, Kind::Session, &[c("safe"), c("hurt"), s(5)]);
    let Next::Ask(Prompt { ask, .. }) = run.flow.next() else {
        panic!()
    };
    assert!(
        ask.question().contains("about 40 seconds"),
        "{}",
        ask.question()
    );
    let replies = [
        c("safe"),
        c("hurt"),
        s(5),
        c("yes"),
        Ask::breathed(false),
        s(4),
    ];
    let run = super::tests::run(&plan, Kind::Session, &replies);
    let breathing = run
        .flow
        .answers()
        .iter()
        .find(|a| a.id == "breathing")
        .unwrap();
    let words = &plan.guide.regulate.breathing;
    assert_eq!(breathing.question, words.title);
    assert_eq!(
        breathing.label.as_deref(),
        Some(words.stopped_early.as_str())
    );
}

#[test]
fn what_you_could_say_goes_into_the_record_under_its_title() {
    let plan = plan();
    let record = run_record(&plan, &hurt_calm());
    let could_say = record.could_say.expect("kept");
    assert_eq!(could_say.title, plan.guide.close.could_say_title);
    assert_eq!(could_say.sentences.len(), 3);
    let mut part = hurt_calm();
    part.pop();
    assert_eq!(
        run_record(&plan, &part).could_say,
        None,
        "not before the end"
    );
}

#[test]
fn an_answer_that_says_only_not_sure_leaves_its_sentence_out_without_a_word() {
    let plan = plan();
    let (_, could_say) = closing_of(&run(&plan, Kind::Session, &unseen()));
    assert!(
        could_say.contains(&"Next time, could you ask me how my day was before dinner?".into()),
        "{could_say:?}"
    );
    for typed in [
        "I don't know.",
        "i dont know",
        "not sure",
        "I’m NOT sure!",
        "im not sure",
        "“no idea”",
    ] {
        let mut replies = unseen();
        replies[8] = t(typed);
        let (closing, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
        assert!(
            could_say.iter().all(|s| !s.starts_with("Next time")),
            "{typed}: {could_say:?}"
        );
        let left_out = Message::Markdown(plan.guide.close.left_out.clone());
        assert!(!closing.contains(&left_out), "{typed}");
    }
}

#[test]
fn an_answer_with_words_of_danger_is_left_out_with_where_help_is_not_as_flagged() {
    let plan = plan();
    let mut replies = unseen();
    replies[8] = t("you could stop hitting me");
    // The safety note came back at the answer; carrying on, the session ends.
    replies.insert(9, c("carry_on"));
    let (closing, could_say) = closing_of(&run(&plan, Kind::Session, &replies));
    assert!(
        could_say.iter().all(|s| !s.contains("hitting")),
        "{could_say:?}"
    );
    let close = &plan.guide.close;
    assert!(closing.contains(&Message::Markdown(close.left_out_for_safety.clone())));
    assert!(closing.contains(&Message::Markdown(plan.safety.help_lines())));
    assert!(!closing.contains(&Message::Markdown(close.left_out.clone())));
}

#[test]
fn words_of_harm_done_bring_a_note_of_their_own_and_are_not_offered_back() {
    let plan = plan();
    let harm = plan
        .guide
        .safety_check
        .again
        .as_ref()
        .and_then(|again| again.harm_done.clone())
        .unwrap();
    let mut replies = hurt_calm();
    replies[6] = t("I slapped her and she cried");
    replies.insert(7, c("carry_on"));
    let whole = run(&plan, Kind::Session, &replies);
    assert_eq!(whole.flow.status(), Status::Complete);
    let Next::Ask(note) = &whole.asked[7] else {
        panic!()
    };
    assert_eq!(note.ask.id(), "harm_done.repair.3.1");
    assert!(note.intro.contains(&Message::Markdown(harm.said.clone())));
    assert!(note.intro.contains(&Message::Markdown(harm.help.clone())));
    let (closing, could_say) = closing_of(&whole);
    assert!(
        could_say.iter().all(|s| !s.contains("slapped")),
        "{could_say:?}"
    );
    assert!(
        could_say.iter().any(|s| s.contains("you matter more")),
        "{could_say:?}"
    );
    assert!(closing.contains(&Message::Markdown(harm.left_out.clone())));
    assert!(!closing.contains(&Message::Markdown(plan.guide.close.left_out.clone())));
    for everyday in [
        "I pushed you away",
        "I hit you up too late",
        "we beat them at cards",
    ] {
        assert!(
            !signals::holds_danger(harm.danger_words(), everyday),
            "{everyday}"
        );
    }
    for harm_words in [
        "I pushed her",
        "I grabbed him by the arm",
        "I threw things at you",
    ] {
        assert!(
            signals::holds_danger(harm.danger_words(), harm_words),
            "{harm_words}"
        );
    }
}

/// A session saved while the words of danger were others (an older guide, or the person's
/// own) carries on as it went, with or without the note after an answer.
#[test]
fn a_session_saved_under_other_words_of_danger_carries_on_as_it_went() {
    let plan = plan();
    let mut replies = hurt_calm();
    replies[4] = t("scared, Sam hit me");
    replies.insert(5, c("carry_on"));
    let mut saved = record_of(&run(&plan, Kind::Session, &replies[..7]).flow);
    // Without the note's choice, as words that did not count then leave it.
    saved.answers.retain(|a| !a.id.starts_with("safety_again."));
    let resumed = Flow::resume(&plan, &saved).unwrap();
    assert!(matches!(resumed.next(), Next::Ask(p) if p.ask.id() == "repair.3.1"));
    // And with the choice after words that count no longer.
    let mut replies = hurt_calm();
    replies[4] = t("it hit me hard");
    let mut saved = record_of(&run(&plan, Kind::Session, &replies[..6]).flow);
    saved.answers.insert(
        1 + saved
            .answers
            .iter()
            .position(|a| a.id == "repair.2.1")
            .unwrap(),
        Answered {
            id: "safety_again.repair.2.1".into(),
            section: String::new(),
            question: String::new(),
            label: None,
            value: c("carry_on"),
        },
    );
    let resumed = Flow::resume(&plan, &saved).unwrap();
    assert!(matches!(resumed.next(), Next::Ask(p) if p.ask.id() == "repair.3.1"));
}
