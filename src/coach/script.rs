//! The order of a session, written as straight-line code. Each `ask` either takes the recorded
//! answer at the current position (replay) or stops with the prompt to show; so the next
//! question is always a function of the answers so far. Safety is handled in `flow`, before this.
use super::lead::{self, Mending};
use super::message::{Breathing, Choice, Message};
use super::prompt::{Ask, Next, Outcome, PauseReason, Prompt};
use super::steps::{self, WalkedStep};
use super::{FlowError, Plan, practise_next, signals};
use crate::model::guide::{self, BreathingWords, CloseWords, DangerWords, Question, SessionGuide};
use crate::model::{AnswerValue, Answered, Flagged, Kind, Signal};

/// The next prompt after `answers`, of which the first `replayed` came from a saved session;
/// `rewritten` holds the flags answered "rewrite", whose answers are no longer among them.
pub(super) fn next(
    plan: &Plan,
    kind: Kind,
    answers: &[Answered],
    replayed: usize,
    rewritten: &[Flagged],
) -> Result<Next, FlowError> {
    let mut walk = Walk {
        plan,
        answers,
        replayed,
        rewritten,
        pos: 0,
        section_start: 0,
        section_intro: Vec::new(),
        asides: Vec::new(),
    };
    let result = match kind {
        Kind::Session => session(&mut walk),
        // A check-in or debrief is never walked as a flow (`Kind::resumable`).
        Kind::Reflection | Kind::Checkin | Kind::Debrief => reflection(&mut walk),
    };
    let done = match result {
        Err(Stop::Ask(prompt)) => return Ok(Next::Ask(*prompt)),
        Err(Stop::Misfit(error)) => return Err(error),
        Err(Stop::Done(outcome)) | Ok(outcome) => outcome,
    };
    match answers.get(walk.pos) {
        Some(extra) => Err(FlowError::Replay {
            position: walk.pos + 1,
            id: extra.id.clone(),
            reason: "the session now ends before this answer".to_string(),
        }),
        None => Ok(Next::Done(done)),
    }
}

/// Why the walk stopped before the end of the script.
enum Stop {
    /// No recorded answer here yet: this is the question to ask.
    Ask(Box<Prompt>),
    /// The session ends early (a break).
    Done(Outcome),
    /// A recorded answer does not fit the question asked here.
    Misfit(FlowError),
}

type Step<T> = Result<T, Stop>;

struct Walk<'a> {
    plan: &'a Plan,
    answers: &'a [Answered],
    replayed: usize,
    rewritten: &'a [Flagged],
    /// The next recorded answer to take.
    pos: usize,
    /// `pos` when the current section began.
    section_start: usize,
    /// The current section's title and guidance (and those of earlier sections that asked
    /// nothing), shown with its first question.
    section_intro: Vec<Message>,
    /// Passages shown once, just before the next question (a flag, break advice).
    asides: Vec<Message>,
}

impl Walk<'_> {
    fn section(&mut self, intro: Vec<Message>) {
        if self.pos > self.section_start {
            self.section_intro.clear();
        }
        self.section_start = self.pos;
        self.section_intro.extend(intro);
    }

    fn say(&mut self, message: Message) {
        self.asides.push(message);
    }

    /// Whether the answer just taken was replayed from a saved session.
    fn last_was_replayed(&self) -> bool {
        self.pos <= self.replayed
    }

    fn ask(&mut self, ask: Ask) -> Step<AnswerValue> {
        let Some(recorded) = self.answers.get(self.pos) else {
            // Nothing in this section answered since the person sat down: show its intro.
            let fresh_section = self.pos <= self.section_start.max(self.replayed);
            let mut intro = if fresh_section {
                self.section_intro.clone()
            } else {
                Vec::new()
            };
            intro.append(&mut self.asides);
            return Err(Stop::Ask(Box::new(Prompt { intro, ask })));
        };
        let misfit = |reason: String| {
            Stop::Misfit(FlowError::Replay {
                position: self.pos + 1,
                id: recorded.id.clone(),
                reason,
            })
        };
        if recorded.id != ask.id() {
            return Err(misfit(format!(
                "the session now asks “{}” ({}) at this point",
                ask.question(),
                ask.id()
            )));
        }
        ask.accepts(&recorded.value)
            .map_err(|e| misfit(e.to_string()))?;
        self.pos += 1;
        self.asides.clear();
        Ok(recorded.value.clone())
    }

    /// `ask` has checked the kind already; this keeps a mismatch an error rather than a panic.
    fn wrong_kind(&self, value: AnswerValue) -> Stop {
        let id = self
            .answers
            .get(self.pos.saturating_sub(1))
            .map(|a| a.id.clone());
        Stop::Misfit(FlowError::Replay {
            position: self.pos,
            id: id.unwrap_or_default(),
            reason: format!(
                "it is {}, not the kind of answer this question takes",
                super::prompt::kind_of(&value)
            ),
        })
    }

    fn choose(
        &mut self,
        id: &str,
        section: &str,
        question: &str,
        options: &[(&str, &str)],
    ) -> Step<String> {
        let choices = options
            .iter()
            .map(|(key, label)| Choice::new(key, label))
            .collect();
        match self.ask(Ask::Choice {
            id: id.to_string(),
            section: section.to_string(),
            question: question.to_string(),
            choices,
        })? {
            AnswerValue::Choice(key) => Ok(key),
            other => Err(self.wrong_kind(other)),
        }
    }

    /// A typed answer as it stands; see [`typed`] for one that may bring back the safety note.
    fn text(&mut self, id: &str, section: &str, question: &Question) -> Step<String> {
        match self.ask(Ask::Text {
            id: id.to_string(),
            section: section.to_string(),
            question: question.question.clone(),
            skippable: question.optional,
        })? {
            AnswerValue::Text(text) => Ok(text),
            other => Err(self.wrong_kind(other)),
        }
    }

    fn scale(&mut self, id: &str, section: &str, question: &str) -> Step<u8> {
        let words = &self.plan.guide.regulate.activation;
        match self.ask(Ask::Scale {
            id: id.to_string(),
            section: section.to_string(),
            question: question.to_string(),
            low: words.low.clone(),
            high: words.high.clone(),
        })? {
            AnswerValue::Scale(n) => Ok(n),
            other => Err(self.wrong_kind(other)),
        }
    }
}

fn guidance(title: &str, guidance: &str) -> Vec<Message> {
    let mut intro = vec![Message::Heading(title.to_string())];
    if !guidance.trim().is_empty() {
        intro.push(Message::Markdown(guidance.to_string()));
    }
    intro
}

/// The id of the `round`th time a question is asked: `base` the first time, `base.2` after.
fn nth(base: &str, round: usize) -> String {
    if round == 1 {
        base.to_string()
    } else {
        format!("{base}.{round}")
    }
}

fn session(w: &mut Walk) -> Step<Outcome> {
    let plan = w.plan;
    // The side question belongs to the guide's own skill (Repair): its "unseen" side is the
    // attunement practice. Any other skill is walked step by step.
    let side = if plan.walks_guide_skill() {
        let side = &plan.guide.side;
        w.section(vec![Message::Heading(side.section.clone())]);
        w.choose(
            "side",
            &side.section,
            &side.question,
            &[
                ("hurt", &side.hurt),
                ("unseen", &side.unseen),
                ("both", &side.both),
            ],
        )?
    } else {
        "hurt".to_string()
    };
    scenario(w)?;
    skill_steps(w, side == "hurt" || side == "both")?;
    if side == "unseen" || side == "both" {
        attunement(w, side == "both")?;
    }
    close(w)
}

/// A scenario the skill links to, chosen to frame the questions; nothing is asked when it
/// links none.
fn scenario(w: &mut Walk) -> Step<()> {
    let plan = w.plan;
    if plan.scenarios.is_empty() {
        return Ok(());
    }
    let words = &plan.guide.scenario;
    w.section(vec![Message::Heading(words.section.clone())]);
    let mut options: Vec<(&str, &str)> = plan
        .scenarios
        .iter()
        .map(|s| (s.name.as_str(), s.description.as_str()))
        .collect();
    options.push(("none", &words.none));
    let chosen = w.choose("scenario", &words.section, &words.question, &options)?;
    if let Some(scenario) = plan.scenarios.iter().find(|s| s.name == chosen) {
        let frame = guide::fill(&words.frame, &[("scenario", &scenario.description)]);
        w.section(vec![Message::Markdown(frame)]);
    }
    Ok(())
}

/// The skill's steps in order: each step's title, guidance and mistakes, then its questions
/// (see [`steps::walk`]), each answer checked for a mistake signal. The regulating step calms
/// down first (the scale, breathing and break), and is the only one walked when `all` is
/// false (the "unseen" side, which goes on to the practice).
fn skill_steps(w: &mut Walk, all: bool) -> Step<()> {
    let plan = w.plan;
    let guide = &plan.guide;
    let from_guide = |number: usize| -> &[Question] {
        if plan.walks_guide_skill() {
            SessionGuide::questions_for(&guide.repair.steps, number)
        } else {
            &[]
        }
    };
    // The guide's skill keeps the ids its sessions have always been saved under.
    let prefix = if plan.walks_guide_skill() {
        "repair"
    } else {
        "step"
    };
    for walked in steps::walk(
        &plan.skill,
        from_guide,
        &guide.repair.any_step,
        plan.regulating,
    ) {
        if !all && !walked.regulating {
            continue;
        }
        let intro = step_intro(plan, &walked);
        if walked.regulating {
            regulate(w, &walked.step.title, intro)?;
            if !all {
                continue;
            }
        } else {
            w.section(intro);
        }
        for (q, question) in walked.questions.iter().enumerate() {
            let id = format!("{prefix}.{}.{}", walked.number, q + 1);
            checked_text(w, &id, &walked.step.title, question)?;
        }
    }
    Ok(())
}

/// A step's title, guidance, and the mistakes the skill's signals place at it.
fn step_intro(plan: &Plan, walked: &WalkedStep) -> Vec<Message> {
    let mut intro = guidance(&walked.step.title, &walked.step.guidance);
    intro.extend(mistakes_at(plan, &plan.signals, walked.number));
    intro
}

/// The list of the mistakes `signals` place at step (or stage) `number`, each once (several
/// signals may name one mistake, each with its own words); none where they place none.
fn mistakes_at(plan: &Plan, signals: &[Signal], number: usize) -> Option<Message> {
    let mut mistakes: Vec<String> = Vec::new();
    for signal in signals.iter().filter(|s| s.step == number) {
        if !mistakes.contains(&signal.mistake) {
            mistakes.push(signal.mistake.clone());
        }
    }
    (!mistakes.is_empty()).then(|| Message::Mistakes {
        title: plan.guide.repair.mistakes_title.clone(),
        items: mistakes,
    })
}

/// The regulating step: a rating, optional breathing, and a break when still flooded.
fn regulate(w: &mut Walk, section: &str, intro: Vec<Message>) -> Step<()> {
    let words = &w.plan.guide.regulate;
    w.section(intro);
    let mut latest = w.scale("activation.before", section, &words.activation.question)?;
    let b = &words.breathing;
    let breathing = breathing(b);
    let seconds = breathing.seconds().to_string();
    let offer = w.choose(
        "breathing.offer",
        section,
        &guide::fill(&b.offer, &[("seconds", &seconds)]),
        &[("yes", &b.yes), ("no", &b.no)],
    )?;
    if offer == "yes" {
        w.ask(Ask::Breathe {
            id: "breathing".to_string(),
            section: section.to_string(),
            question: b.title.clone(),
            breathing: Box::new(breathing),
            finished: b.finished.clone(),
            stopped_early: b.stopped_early.clone(),
        })?;
        latest = w.scale(
            "activation.after_breathing",
            section,
            &words.activation_again,
        )?;
    }
    flooded(w, section, latest, 1)
}

/// The guide's breathing, its words filled in with its numbers.
fn breathing(b: &BreathingWords) -> Breathing {
    let (inhale, exhale, cycles) = (
        b.inhale_secs.to_string(),
        b.exhale_secs.to_string(),
        b.cycles.to_string(),
    );
    let numbers = [
        ("inhale", inhale.as_str()),
        ("exhale", exhale.as_str()),
        ("cycles", cycles.as_str()),
    ];
    Breathing {
        inhale_label: b.inhale_label.clone(),
        exhale_label: b.exhale_label.clone(),
        inhale_secs: b.inhale_secs,
        exhale_secs: b.exhale_secs,
        cycles: b.cycles,
        count_start: guide::fill(&b.count_start, &numbers),
        count_done: guide::fill(&b.count_done, &numbers),
        done: guide::fill(&b.done, &numbers),
        at_your_pace: guide::fill(&b.at_your_pace, &numbers),
        go_on: guide::fill(&b.go_on, &numbers),
    }
}

/// At or above the threshold: the break advice and the choice to pause or carry on. A break
/// chosen just now ends the session here; one chosen before a resume (or before
/// `Flow::return_from_break`) means they are back, so [`back_from_break`] follows, and the
/// same again while they are still flooded.
fn flooded(w: &mut Walk, section: &str, latest: u8, round: usize) -> Step<()> {
    let words = &w.plan.guide.regulate;
    if latest < words.break_threshold {
        return Ok(());
    }
    let advice = match round {
        1 => &words.break_advice,
        _ if words.break_advice_again.trim().is_empty() => &words.break_advice,
        _ => &words.break_advice_again,
    };
    w.say(Message::Markdown(advice.clone()));
    let choice = w.choose(
        &nth("break", round),
        section,
        &words.break_question,
        &[("pause", &words.pause), ("continue", &words.carry_on)],
    )?;
    if choice != "pause" {
        return Ok(());
    }
    if !w.last_was_replayed() {
        return Err(Stop::Done(Outcome::Paused {
            reason: PauseReason::Break,
        }));
    }
    let latest = back_from_break(w, section, round)?;
    flooded(w, section, latest, round + 1)
}

/// Coming back from a break, however it was taken (`resume` later, or a timer that ran out):
/// the welcome first, then the 0-10 scale again.
fn back_from_break(w: &mut Walk, section: &str, round: usize) -> Step<u8> {
    let words = &w.plan.guide.regulate;
    w.section(vec![Message::Markdown(words.welcome_back.clone())]);
    w.scale(
        &nth("activation.after_break", round),
        section,
        &words.activation_after_break,
    )
}

/// A typed answer, then, once in a session or reflection, the safety note again if the answer
/// has words that may mean the person is not safe after all, or a note on harm done if it has
/// words that may mean they hurt someone. They choose to stop here (what they wrote is kept; on
/// a resume they carry on) or to carry on.
fn typed(w: &mut Walk, id: &str, section: &str, question: &Question) -> Step<String> {
    let answer = w.text(id, section, question)?;
    let Some(again) = &w.plan.guide.safety_check.again else {
        return Ok(answer);
    };
    let safety_note = (
        SAFETY_AGAIN,
        again.danger_words(),
        &again.said,
        w.plan.safety.shown(),
    );
    let harm_note = again.harm_done.as_ref().map(|harm| {
        (
            HARM_DONE,
            harm.danger_words(),
            &harm.said,
            harm.help.clone(),
        )
    });
    for (prefix, words, said, shown) in std::iter::once(safety_note).chain(harm_note) {
        if !note_due(w, prefix, id, words, &answer) {
            continue;
        }
        w.say(Message::Markdown(said.clone()));
        w.say(Message::Markdown(shown));
        let choice = w.choose(
            &format!("{prefix}{id}"),
            section,
            &again.question,
            &[(STOP, &again.stop), ("carry_on", &again.carry_on)],
        )?;
        if choice == STOP && !w.last_was_replayed() {
            return Err(Stop::Done(Outcome::Paused {
                reason: PauseReason::Stopped,
            }));
        }
        // One note at an answer: the other, if due, comes at a later one.
        break;
    }
    Ok(answer)
}

/// Whether the note whose choice ids begin `prefix` comes after the answer `id`. Where answers
/// follow, as they were recorded: a session saved while its words were others carries on as it
/// went. Otherwise, once in a session, where the answer holds `words`.
fn note_due(w: &Walk, prefix: &str, id: &str, words: DangerWords, answer: &str) -> bool {
    match w.answers.get(w.pos) {
        Some(next) => next.id.strip_prefix(prefix) == Some(id),
        None => {
            !w.answers[..w.pos].iter().any(|a| a.id.starts_with(prefix))
                && signals::holds_danger(words, answer)
        }
    }
}

/// The start of the id of the choice [`typed`] asks after the safety note, followed by the
/// answer's own id.
pub(super) const SAFETY_AGAIN: &str = crate::model::session::SAFETY_NOTE_CHOICE;
/// The same, after the note on harm done.
const HARM_DONE: &str = crate::model::session::HARM_NOTE_CHOICE;
/// The key of the choice to stop at the safety note brought back.
pub(super) const STOP: &str = "stop";

/// Asks until the answer shows none of the mistake signals it is checked against (see
/// [`Plan::signal_in`]) or the person keeps it as it is.
fn checked_text(w: &mut Walk, id: &str, section: &str, question: &Question) -> Step<()> {
    let plan = w.plan;
    let flag = &plan.guide.flag;
    // The mistake the last flag on this answer named: a rewrite that still shows it is told so
    // briefly, not given the same passage twice.
    let flagged = w
        .rewritten
        .iter()
        .rfind(|flag| flag.answer == id)
        .map(|flag| flag.mistake.as_str());
    loop {
        let answer = typed(w, id, section, question)?;
        let Some(hit) = plan.signal_in(id, &answer) else {
            return Ok(());
        };
        let body = match &flag.again {
            Some(again) if flagged == Some(hit.signal.mistake.as_str()) => again,
            _ => &flag.body,
        };
        w.say(Message::Flag {
            title: fill_flag(&flag.title, &hit),
            body: fill_flag(body, &hit),
        });
        let choice = w.choose(
            &format!("flag.{id}"),
            section,
            &flag.question,
            &[(REWRITE, &flag.rewrite), ("keep", &flag.keep)],
        )?;
        if choice == "keep" {
            return Ok(());
        }
    }
}

/// The choice of a flag that asks the question again.
pub(super) const REWRITE: &str = "rewrite";

fn fill_flag(template: &str, hit: &signals::Hit) -> String {
    // Quoted inside a sentence of the guide's, which ends it: "You wrote “fine”.", not “fine.”.
    let phrase = hit.words.trim_end_matches(['.', ',', ';', '!', '?']);
    let text = guide::fill(
        template,
        &[
            (
                "mistake",
                hit.signal.title.as_deref().unwrap_or(&hit.signal.mistake),
            ),
            ("phrase", phrase),
            ("lands", &hit.signal.lands),
            ("instead", &hit.signal.instead),
        ],
    );
    // A signal without `lands` leaves a trailing space on its line.
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The attunement practice: introduced (with a word on what changes when the person is on
/// both sides), then its stages in order, each with the guide's questions where it has them,
/// the check-in agreement at its own stage, the stages meant for the other person offered as
/// something to share, and the practice's reflection prompts.
fn attunement(w: &mut Walk, both_sides: bool) -> Step<()> {
    let plan = w.plan;
    let words = &plan.guide.attunement;
    let practice = &plan.practice;
    let mut intro = vec![Message::Heading(practice.name.clone())];
    if both_sides {
        intro.push(Message::Markdown(words.transition.clone()));
    }
    if !practice.description.trim().is_empty() {
        intro.push(Message::Markdown(practice.description.clone()));
    }
    w.section(intro);
    let mut checkins_asked = false;
    for (index, stage) in practice.stages.iter().enumerate() {
        let number = index + 1;
        let intro = if words.for_them.stages.contains(&number) {
            vec![
                Message::Heading(stage.title.clone()),
                Message::Markdown(words.for_them.intro.clone()),
                Message::Markdown(quoted(&stage.guidance)),
            ]
        } else {
            let mut intro = guidance(&stage.title, &stage.guidance);
            intro.extend(mistakes_at(plan, &plan.practice_signals, number));
            intro
        };
        w.section(intro);
        for (q, question) in SessionGuide::questions_for(&words.stages, number)
            .iter()
            .enumerate()
        {
            // Checked against the practice's own signals, not the skill's: those are about
            // repairing a hurt done, and would read as blame here ("try saying back what it was
            // like for them" to someone naming what they needed).
            let id = format!("{}{number}.{}", guide::STAGE_ANSWER, q + 1);
            checked_text(w, &id, &stage.title, question)?;
        }
        if number == words.checkins.stage {
            checkins(w, &stage.title)?;
            checkins_asked = true;
        }
    }
    if !checkins_asked {
        // A practice with fewer stages than the guide expects still agrees on check-ins.
        checkins(w, &practice.name)?;
    }
    reflection_prompts(w, "attunement.reflection", &words.reflection_section)
}

fn checkins(w: &mut Walk, section: &str) -> Step<()> {
    let checkins = &w.plan.guide.attunement.checkins;
    let options: Vec<(&str, &str)> = checkins
        .options
        .iter()
        .map(|o| (o.key.as_str(), o.label.as_str()))
        .collect();
    w.choose("attunement.checkins", section, &checkins.question, &options)?;
    Ok(())
}

/// Markdown shown as a quotation: words meant for someone else.
fn quoted(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The practice's reflection prompts, each optional, under one heading.
fn reflection_prompts(w: &mut Walk, id_prefix: &str, section: &str) -> Step<()> {
    let prompts = &w.plan.practice.reflection_prompts;
    if prompts.is_empty() {
        return Ok(());
    }
    w.section(vec![Message::Heading(section.to_string())]);
    for (i, prompt) in prompts.iter().enumerate() {
        let question = Question::plain(prompt.clone(), true);
        typed(w, &format!("{id_prefix}.{}", i + 1), section, &question)?;
    }
    Ok(())
}

fn reflection(w: &mut Walk) -> Step<Outcome> {
    let practice = &w.plan.practice;
    w.section(guidance(&practice.name, &practice.description));
    let section = w.plan.guide.reflect.section.clone();
    reflection_prompts(w, "reflection", &section)?;
    Ok(Outcome::Complete {
        closing: vec![Message::Markdown(w.plan.guide.reflect.closing.clone())],
        could_say: Vec::new(),
        ask_later: Vec::new(),
    })
}

/// The last rating, then what is said at the end: the change on the scale in plain words (with
/// the break advice when it rose or is still high), "what you could say", and the closing.
fn close(w: &mut Walk) -> Step<Outcome> {
    let plan = w.plan;
    let guide = &plan.guide;
    let close = &guide.close;
    let before = w.answers.iter().find_map(|a| match a.value {
        AnswerValue::Scale(n) if a.id == "activation.before" => Some(n),
        _ => None,
    });
    let mut closing = Vec::new();
    let mut break_advised = false;
    // The last rating only where there was a first: a skill with no regulating step has none.
    if let Some(before) = before {
        w.section(vec![Message::Heading(close.section.clone())]);
        let after = w.scale("activation.after", &close.section, &close.activation)?;
        let change = match after.cmp(&before) {
            std::cmp::Ordering::Less => &close.eased,
            std::cmp::Ordering::Equal => &close.same,
            std::cmp::Ordering::Greater => &close.rose,
        };
        let (b, a) = (before.to_string(), after.to_string());
        closing.push(Message::Markdown(guide::fill(
            change,
            &[("before", &b), ("after", &a)],
        )));
        // A small rise is named by `rose`; only a rating as high as a break is asked for at
        // the first step gets the advice.
        if after >= guide.regulate.break_threshold {
            let advice = match &close.break_advice {
                words if words.trim().is_empty() => &guide.regulate.break_advice,
                words => words,
            };
            closing.push(Message::Markdown(advice.clone()));
            break_advised = true;
        }
    }
    let (sentences, left_out) = could_say(plan, w.answers);
    let (could_say, ask_later) = asked_later(close, sentences);
    if !could_say.is_empty() {
        closing.push(Message::Heading(close.could_say_title.clone()));
        closing.push(Message::Markdown(bullets(&could_say)));
        if !ask_later.is_empty() {
            closing.push(Message::Markdown(close.ask_later.clone()));
            closing.push(Message::Markdown(bullets(&ask_later)));
        }
        if break_advised && !close.break_first.trim().is_empty() {
            closing.push(Message::Markdown(close.break_first.clone()));
        }
    } else if !left_out.any()
        && asked_for_words(plan, w.answers)
        && !close.nothing_to_say.trim().is_empty()
    {
        // Every answer they are made of unsure or empty: a word that the words can come later.
        closing.push(Message::Heading(close.could_say_title.clone()));
        closing.push(Message::Markdown(close.nothing_to_say.clone()));
    }
    if left_out.flagged {
        closing.push(Message::Markdown(close.left_out.clone()));
    }
    // Words that may mean danger were passed over before; at the end, where help is, once more.
    if left_out.for_safety && !close.left_out_for_safety.trim().is_empty() {
        closing.push(Message::Markdown(close.left_out_for_safety.clone()));
        closing.push(Message::Markdown(plan.safety.help_lines()));
    }
    if let (true, Some(harm)) = (left_out.for_harm, harm_done(plan)) {
        closing.push(Message::Markdown(harm.left_out.clone()));
        closing.push(Message::Markdown(harm.help.clone()));
    }
    if let Some(meta) = practise_next::choose(&plan.meta_skills, flagged_practice(plan, w.answers))
    {
        let show = format!(
            "{} show {}",
            plan.invocation,
            crate::shell_word::quoted(&meta.name)
        );
        closing.push(Message::Markdown(guide::fill(
            &close.practise_next,
            &[("skill", &meta.name), ("command", &show)],
        )));
    }
    closing.push(Message::Markdown(close.closing.clone()));
    Ok(Outcome::Complete {
        closing,
        could_say,
        ask_later,
    })
}

/// The sentences of the person's own repair, then those that ask something of the other
/// (`later`), said after them under `close.ask_later`: what they need can wait until the other
/// feels heard. With no sentence of their own before it, or a guide without the words, a
/// request is one of the sentences.
fn asked_later(close: &CloseWords, sentences: Vec<(String, bool)>) -> (Vec<String>, Vec<String>) {
    let (later, now): (Vec<_>, Vec<_>) = sentences.into_iter().partition(|(_, later)| *later);
    let now: Vec<String> = now.into_iter().map(|(sentence, _)| sentence).collect();
    let later: Vec<String> = later.into_iter().map(|(sentence, _)| sentence).collect();
    if now.is_empty() || close.ask_later.trim().is_empty() {
        return ([now, later].concat(), Vec::new());
    }
    (now, later)
}

fn bullets(sentences: &[String]) -> String {
    let lines: Vec<String> = sentences.iter().map(|s| format!("- {s}")).collect();
    lines.join("\n")
}

/// Whether any answer a "what you could say" sentence is made of was asked for.
fn asked_for_words(plan: &Plan, answers: &[Answered]) -> bool {
    let mut ids = plan
        .guide
        .close
        .could_say
        .iter()
        .flat_map(|line| placeholders(line.say()));
    ids.any(|id| answers.iter().any(|a| a.id == id))
}

/// The meta-skills suggested by the signals of the answers flagged and kept, in order.
fn flagged_practice<'p>(plan: &'p Plan, answers: &[Answered]) -> Vec<&'p str> {
    answers
        .iter()
        .filter_map(|flag| {
            let id = flag.id.strip_prefix("flag.")?;
            let AnswerValue::Text(text) = &answers.iter().find(|a| a.id == id)?.value else {
                return None;
            };
            plan.signal_in(id, text)?.signal.practise.as_deref()
        })
        .collect()
}

/// Why sentences of "what you could say" were left out, each said once under them.
#[derive(Default)]
struct LeftOut {
    /// An answer in one had a mistake signal's words, and was kept so.
    flagged: bool,
    /// An answer in one had words that may mean the person is not safe.
    for_safety: bool,
    /// An answer in one had words that may mean the person hurt someone.
    for_harm: bool,
}

impl LeftOut {
    fn any(&self) -> bool {
        self.flagged || self.for_safety || self.for_harm
    }
}

/// The guide's "what you could say" sentences, filled from the person's own answers, each with
/// whether it asks something of them (`later`), and why any was left out: the coach never
/// offers back, as something to say, words it flagged or words that may mean danger. A
/// sentence naming an answer that is missing or empty is left out too, without a word.
fn could_say(plan: &Plan, answers: &[Answered]) -> (Vec<(String, bool)>, LeftOut) {
    let guide = &plan.guide;
    let mut left_out = LeftOut::default();
    // The names they wrote keep their capitals wherever an answer begins with one.
    let texts = answers.iter().filter_map(|a| match &a.value {
        AnswerValue::Text(text) => {
            let leads = guide
                .question_at(&a.id)
                .into_iter()
                .flat_map(Question::leads);
            Some((text.as_str(), leads.collect()))
        }
        _ => None,
    });
    let names = lead::names(texts, Mending::from(&*guide.close));
    let words = |id: &str| answer_words(guide, answers, id, &names.spoken_to);
    let sentences = guide
        .close
        .could_say
        .iter()
        .filter_map(|line| {
            let template = line.template(|instead| {
                placeholders(line.say()).any(|id| {
                    words(id).is_some_and(|answer| {
                        (instead.begins.is_empty()
                            || signals::begins_with_any(&instead.begins, &answer))
                            && (instead.says.is_empty()
                                || signals::holds_any(&instead.says, &answer))
                            && !signals::begins_with_any(&instead.except, &answer)
                    })
                })
            });
            let of_danger = placeholders(template)
                .any(|id| words(id).is_some_and(|words| of_danger(plan, &words)));
            let of_harm = placeholders(template)
                .any(|id| words(id).is_some_and(|words| of_harm(plan, &words)));
            let flagged = placeholders(template).any(|id| kept_when_flagged(answers, id));
            if of_danger || of_harm || flagged {
                left_out.for_safety |= of_danger;
                left_out.for_harm |= of_harm && !of_danger;
                left_out.flagged |= flagged && !of_danger && !of_harm;
                return None;
            }
            fill_template(
                template,
                |id| {
                    words(id)
                        .filter(|words| !unsure(guide, words) && !typed_unsure(guide, answers, id))
                },
                &names.written,
            )
            .map(|sentence| (sentence, line.later()))
        })
        .collect();
    (sentences, left_out)
}

/// Whether `words` say only that the person does not know ("not sure"): no sentence to say.
fn unsure(guide: &SessionGuide, words: &str) -> bool {
    let words = guide::comparable(words);
    guide
        .close
        .unsure
        .iter()
        .any(|u| guide::comparable(u) == words)
}

/// Whether the answer saved under `id`, as typed, lead and all ("I don't know what I did"),
/// says only that the person does not know.
fn typed_unsure(guide: &SessionGuide, answers: &[Answered], id: &str) -> bool {
    answers
        .iter()
        .find(|a| a.id == id)
        .is_some_and(|a| match &a.value {
            AnswerValue::Text(text) => {
                unsure(guide, &lead::said_after(text, None, Mending::default()))
            }
            _ => false,
        })
}

/// Whether `words` may mean the person is not safe: never offered back as something to say.
fn of_danger(plan: &Plan, words: &str) -> bool {
    signals::holds_danger(plan.guide.danger_words(), words)
}

/// Whether `words` may mean the person hurt someone: nor is that offered back.
fn of_harm(plan: &Plan, words: &str) -> bool {
    harm_done(plan).is_some_and(|harm| signals::holds_danger(harm.danger_words(), words))
}

fn harm_done(plan: &Plan) -> Option<&guide::HarmDone> {
    plan.guide.safety_check.again.as_ref()?.harm_done.as_ref()
}

/// Whether the answer saved under `id` had words the coach pointed out, and was kept as it was.
fn kept_when_flagged(answers: &[Answered], id: &str) -> bool {
    let flag = format!("flag.{id}");
    let last = answers.iter().rev().find(|a| a.id == flag);
    last.is_some_and(|a| matches!(&a.value, AnswerValue::Choice(choice) if choice == "keep"))
}

/// The words an answer stands for in a sentence: its text (without the lead its question
/// gave, if they typed it too, and said to them: see `lead::to_them`), or a choice's label.
fn answer_words(
    guide: &SessionGuide,
    answers: &[Answered],
    id: &str,
    spoken_to: &[String],
) -> Option<String> {
    let value = &answers.iter().find(|a| a.id == id)?.value;
    let words = match value {
        AnswerValue::Text(text) => {
            let question = guide.question_at(id);
            let said = lead::said_after(
                text,
                question.into_iter().flat_map(Question::leads),
                Mending::from(&*guide.close),
            );
            match question {
                Some(question) => lead::to_them(&said, &question.to_them, spoken_to),
                None => said,
            }
        }
        AnswerValue::Choice(key) => guide
            .attunement
            .checkins
            .options
            .iter()
            .find(|o| &o.key == key)
            .map(|o| o.label.clone())?,
        AnswerValue::Scale(n) => n.to_string(),
        AnswerValue::YesNo(_) | AnswerValue::Done => return None,
    };
    (!words.is_empty()).then_some(words)
}

/// The `{id}`s a sentence template names.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|piece| {
        let (id, _) = piece.split_once('}')?;
        Some(id.trim())
    })
}

/// Replaces each `{id}` in `template`; `None` if any has no words. Text without a closing brace
/// is kept as written.
fn fill_template(
    template: &str,
    words: impl Fn(&str) -> Option<String>,
    names: &[String],
) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        let answer = words(rest[open + 1..open + close].trim())?;
        rest = &rest[open + close + 1..];
        lead::join(&mut out, &lead::placed_before(answer, rest, names), names);
    }
    out.push_str(rest);
    let out = out.trim();
    // A sentence that begins with an answer ("{repair.3.1}.") begins with a capital.
    if !template.trim_start().starts_with('{') {
        return Some(out.to_string());
    }
    let mut chars = out.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::{fill_flag, fill_template, placeholders, signals};

    #[test]
    fn a_quoted_phrase_leaves_its_full_stop_to_the_sentence_around_it() {
        let plan = crate::coach::testing::plan();
        let signal = plan
            .signals
            .iter()
            .find(|s| s.phrases.iter().any(|p| p == "fine."))
            .expect("the shipped signals have \"fine.\"");
        let hit = signals::Hit {
            signal,
            phrase: "fine.",
            words: "Fine.".into(),
        };
        let said = fill_flag("You wrote “{phrase}”. {lands}", &hit);
        assert!(said.starts_with("You wrote “Fine”. "), "{said}");
    }

    #[test]
    fn templates_fill_from_answers_and_drop_when_one_is_missing() {
        let words = |id: &str| (id == "a").then(|| "hurt".to_string());
        assert_eq!(
            fill_template("You felt {a}.", words, &[]),
            Some("You felt hurt.".to_string())
        );
        assert_eq!(fill_template("{a} and {b}", words, &[]), None);
        assert_eq!(
            fill_template("{a}.", |_| Some("sorry I was late".into()), &[]).as_deref(),
            Some("Sorry I was late.")
        );
        assert_eq!(
            fill_template("no placeholder {", words, &[]),
            Some("no placeholder {".to_string())
        );
        assert_eq!(
            placeholders("{a} and { b }.").collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn an_answer_of_sentences_is_one_clause_where_the_sentence_goes_on() {
        let words = |_: &str| Some("Hurt. Alone. Like Sam left".to_string());
        let names = ["Sam".to_string()];
        assert_eq!(
            fill_template("You felt {a}, and that makes sense.", words, &names).as_deref(),
            Some("You felt hurt, alone, like Sam left, and that makes sense.")
        );
        assert_eq!(
            fill_template("Could you {a}?", words, &names).as_deref(),
            Some("Could you hurt, alone, like Sam left?")
        );
        assert_eq!(
            fill_template("I {a}. I'm sorry.", words, &names).as_deref(),
            Some("I hurt. Alone. Like Sam left. I'm sorry.")
        );
        assert_eq!(
            fill_template("Because {a}", words, &names).as_deref(),
            Some("Because hurt. Alone. Like Sam left")
        );
    }
}
