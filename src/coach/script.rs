//! The order of a session, written as straight-line code. Each `ask` either takes the recorded
//! answer at the current position (replay) or stops with the prompt to show; so the next
//! question is always a function of the answers so far. Safety is handled in `flow`, before this.
use super::message::{Breathing, Message};
use super::prompt::{Ask, Next, Outcome, PauseReason, Prompt, choice};
use super::{FlowError, Plan, signals};
use crate::model::guide::{Question, SessionGuide};
use crate::model::{AnswerValue, Answered, Kind};

/// The next prompt after `answers`, of which the first `replayed` came from a saved session.
pub(super) fn next(
    plan: &Plan,
    kind: Kind,
    answers: &[Answered],
    replayed: usize,
) -> Result<Next, FlowError> {
    let mut walk = Walk {
        plan,
        answers,
        replayed,
        pos: 0,
        section_start: 0,
        section_intro: Vec::new(),
        asides: Vec::new(),
    };
    let result = match kind {
        Kind::Session => session(&mut walk),
        Kind::Reflection => reflection(&mut walk),
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
            reason: format!("{value:?} is not the kind of answer this question takes"),
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
            .map(|(key, label)| choice(key, label))
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

fn session(w: &mut Walk) -> Step<Outcome> {
    let guide = &w.plan.guide;
    let side = &guide.side;
    w.section(vec![Message::Heading(side.section.clone())]);
    let side = w.choose(
        "side",
        &side.section,
        &side.question,
        &[
            ("hurt", &side.hurt),
            ("unseen", &side.unseen),
            ("both", &side.both),
        ],
    )?;
    regulate(w)?;
    if side == "hurt" || side == "both" {
        repair_steps(w)?;
    }
    if side == "unseen" || side == "both" {
        attunement(w)?;
    }
    let close = &guide.close;
    w.section(vec![Message::Heading(close.section.clone())]);
    w.scale("activation.after", &close.section, &close.activation)?;
    Ok(Outcome::Complete {
        could_say: could_say(guide, w.answers),
    })
}

/// Step 1 of the skill: a rating, optional breathing, and a break when still flooded.
fn regulate(w: &mut Walk) -> Step<()> {
    let words = &w.plan.guide.regulate;
    // `Plan::from_vault` makes sure the skill has a first step; this is its section.
    let (section, intro) = match w.plan.skill.steps.first() {
        Some(first) => (
            first.title.as_str(),
            guidance(&first.title, &first.guidance),
        ),
        None => (w.plan.guide.side.section.as_str(), Vec::new()),
    };
    w.section(intro);
    let mut latest = w.scale("activation.before", section, &words.activation.question)?;
    let breathing = &words.breathing;
    let offer = w.choose(
        "breathing.offer",
        section,
        &breathing.offer,
        &[("yes", &breathing.yes), ("no", &breathing.no)],
    )?;
    if offer == "yes" {
        w.ask(Ask::Breathe {
            id: "breathing".to_string(),
            section: section.to_string(),
            question: breathing.offer.clone(),
            breathing: Breathing {
                inhale_label: breathing.inhale_label.clone(),
                exhale_label: breathing.exhale_label.clone(),
                inhale_secs: breathing.inhale_secs,
                exhale_secs: breathing.exhale_secs,
                cycles: breathing.cycles,
            },
        })?;
        latest = w.scale(
            "activation.after_breathing",
            section,
            &words.activation_again,
        )?;
    }
    if latest >= words.break_threshold {
        w.say(Message::Markdown(words.break_advice.clone()));
        let choice = w.choose(
            "break",
            section,
            &words.break_question,
            &[("pause", &words.pause), ("continue", &words.carry_on)],
        )?;
        if choice == "pause" {
            // Chosen just now: stop here. Chosen before a resume: they are back from the break.
            if !w.last_was_replayed() {
                return Err(Stop::Done(Outcome::Paused {
                    reason: PauseReason::Break,
                }));
            }
            w.say(Message::Markdown(words.welcome_back.clone()));
        }
    }
    Ok(())
}

/// Steps 2 and on: title, guidance, the step's mistakes, then the guide's questions, each
/// answer checked for a mistake signal and offered a rewrite.
fn repair_steps(w: &mut Walk) -> Step<()> {
    let plan = w.plan;
    let guide = &plan.guide;
    for (index, step) in plan.skill.steps.iter().enumerate().skip(1) {
        let number = index + 1;
        let mut intro = guidance(&step.title, &step.guidance);
        let mistakes: Vec<String> = plan
            .signals
            .iter()
            .filter(|s| s.step == number)
            .map(|s| s.mistake.clone())
            .collect();
        if !mistakes.is_empty() {
            intro.push(Message::Mistakes {
                title: guide.repair.mistakes_title.clone(),
                items: mistakes,
            });
        }
        w.section(intro);
        let questions = SessionGuide::questions_for(&guide.repair.steps, number);
        for (q, question) in questions.iter().enumerate() {
            let id = format!("repair.{number}.{}", q + 1);
            checked_text(w, &id, &step.title, question)?;
        }
    }
    Ok(())
}

/// Asks until the answer shows no mistake signal or the person keeps it as it is.
fn checked_text(w: &mut Walk, id: &str, section: &str, question: &Question) -> Step<()> {
    let plan = w.plan;
    let flag = &plan.guide.flag;
    loop {
        let answer = w.text(id, section, question)?;
        let Some(hit) = signals::find(&plan.signals, &answer) else {
            return Ok(());
        };
        w.say(Message::Flag {
            title: fill_flag(&flag.title, &hit),
            body: fill_flag(&flag.body, &hit),
        });
        let choice = w.choose(
            &format!("flag.{id}"),
            section,
            &flag.question,
            &[("rewrite", &flag.rewrite), ("keep", &flag.keep)],
        )?;
        if choice == "keep" {
            return Ok(());
        }
    }
}

fn fill_flag(template: &str, hit: &signals::Hit) -> String {
    template
        .replace("{mistake}", &hit.signal.mistake)
        .replace("{phrase}", &hit.words)
        .replace("{instead}", &hit.signal.instead)
        .trim()
        .to_string()
}

/// The practice's stages (with the guide's question where it has one), its reflection prompts,
/// then one explicit request and a check-in rhythm.
fn attunement(w: &mut Walk) -> Step<()> {
    let plan = w.plan;
    let words = &plan.guide.attunement;
    for (index, stage) in plan.practice.stages.iter().enumerate() {
        let number = index + 1;
        w.section(guidance(&stage.title, &stage.guidance));
        for (q, question) in SessionGuide::questions_for(&words.stages, number)
            .iter()
            .enumerate()
        {
            let id = format!("attunement.stage.{number}.{}", q + 1);
            w.text(&id, &stage.title, question)?;
        }
    }
    reflection_prompts(w, "attunement.reflection", &words.reflection_section)?;
    let section = &words.agreement_section;
    w.section(vec![Message::Heading(section.clone())]);
    w.text("attunement.request", section, &words.request)?;
    let options: Vec<(&str, &str)> = words
        .checkins
        .options
        .iter()
        .map(|o| (o.key.as_str(), o.label.as_str()))
        .collect();
    w.choose(
        "attunement.checkins",
        section,
        &words.checkins.question,
        &options,
    )?;
    Ok(())
}

/// The practice's reflection prompts, each optional, under one heading.
fn reflection_prompts(w: &mut Walk, id_prefix: &str, section: &str) -> Step<()> {
    let prompts = &w.plan.practice.reflection_prompts;
    if prompts.is_empty() {
        return Ok(());
    }
    w.section(vec![Message::Heading(section.to_string())]);
    for (i, prompt) in prompts.iter().enumerate() {
        let question = Question {
            question: prompt.clone(),
            optional: true,
        };
        w.text(&format!("{id_prefix}.{}", i + 1), section, &question)?;
    }
    Ok(())
}

fn reflection(w: &mut Walk) -> Step<Outcome> {
    let practice = &w.plan.practice;
    w.section(guidance(&practice.name, &practice.description));
    let section = w.plan.guide.reflect.section.clone();
    reflection_prompts(w, "reflection", &section)?;
    Ok(Outcome::Complete {
        could_say: Vec::new(),
    })
}

/// The guide's "what you could say" sentences, filled from the person's own answers. A sentence
/// naming an answer that is missing or empty is left out.
fn could_say(guide: &SessionGuide, answers: &[Answered]) -> Vec<String> {
    guide
        .close
        .could_say
        .iter()
        .filter_map(|template| fill_template(template, |id| answer_words(guide, answers, id)))
        .collect()
}

/// The words an answer stands for in a sentence: its text, or a choice's label.
fn answer_words(guide: &SessionGuide, answers: &[Answered], id: &str) -> Option<String> {
    let value = &answers.iter().find(|a| a.id == id)?.value;
    let words = match value {
        AnswerValue::Text(text) => text.trim().trim_end_matches(['.', '!']).trim().to_string(),
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

/// Replaces each `{id}` in `template`; `None` if any has no words. Text without a closing brace
/// is kept as written.
fn fill_template(template: &str, words: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&words(rest[open + 1..open + close].trim())?);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Some(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::fill_template;

    #[test]
    fn templates_fill_from_answers_and_drop_when_one_is_missing() {
        let words = |id: &str| (id == "a").then(|| "hurt".to_string());
        assert_eq!(
            fill_template("You felt {a}.", words),
            Some("You felt hurt.".to_string())
        );
        assert_eq!(fill_template("{a} and {b}", words), None);
        assert_eq!(
            fill_template("no placeholder {", words),
            Some("no placeholder {".to_string())
        );
    }
}
