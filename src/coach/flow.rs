//! The session's state: the answers so far, and the prompt that comes next. The next prompt is
//! always derived from the answers (see `script`), so resuming is replaying the saved answers.
use super::message::Choice;
use super::prompt::{Ask, Next, Outcome, PauseReason, Prompt};
use super::{FlowError, Plan, script};
use crate::model::{
    AnswerValue, Answered, AskLater, CouldSay, Flagged, Kind, SessionRecord, Status,
};

/// The safety question: asked first, answered once, never recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Safety {
    Unasked,
    /// A session that last stopped at the safety note brought back by an answer: asked again
    /// as it is carried on, before anything else.
    AskedOnReturn,
    Safe,
    NotSafe,
}

const SAFETY_ID: &str = "safety";
const SAFETY_ON_RETURN_ID: &str = "safety.on_return";
const SAFE: &str = "safe";
const NOT_SAFE: &str = "not_safe";

/// A session (`start`) or a reflection (`reflect`) in progress.
#[derive(Debug, Clone)]
pub struct Flow<'p> {
    plan: &'p Plan,
    kind: Kind,
    safety: Safety,
    answers: Vec<Answered>,
    /// How many of `answers` were replayed from a saved session rather than given just now.
    replayed: usize,
    /// The flags answered "rewrite", oldest first, so that a rewrite showing the same mistake
    /// is told so briefly. A resumed session has them from its record's flags.
    rewritten: Vec<Flagged>,
    next: Next,
}

impl<'p> Flow<'p> {
    /// A new session (safety question first) or reflection (its prompts only).
    pub fn new(plan: &'p Plan, kind: Kind) -> Flow<'p> {
        let mut flow = Flow {
            plan,
            kind,
            safety: match kind {
                Kind::Session => Safety::Unasked,
                Kind::Reflection | Kind::Checkin | Kind::Debrief => Safety::Safe,
            },
            answers: Vec::new(),
            replayed: 0,
            rewritten: Vec::new(),
            next: Next::Done(Outcome::Paused {
                reason: PauseReason::Stopped,
            }),
        };
        flow.next = flow
            .derive_next()
            .expect("a flow with no answers has nothing to misfit");
        flow
    }

    /// A new session whose safety question was answered "safe" before it began: asked before
    /// anything else, even which of several focus skills to work on.
    pub fn past_safety(plan: &'p Plan) -> Flow<'p> {
        let mut flow = Flow::new(plan, Kind::Session);
        flow.safety = Safety::Safe;
        flow.next = flow
            .derive_next()
            .expect("a flow with no answers has nothing to misfit");
        flow
    }

    /// Whether the safety question was answered "safe" (always so for reflections).
    pub fn is_safe(&self) -> bool {
        self.safety == Safety::Safe
    }

    /// Replays a saved session's answers (past the safety question, which it has passed) and
    /// continues at the exact next question. An answer that no longer fits stops with an error.
    pub fn resume(plan: &'p Plan, record: &SessionRecord) -> Result<Flow<'p>, FlowError> {
        if record.status == Status::EndedForSafety {
            return Err(FlowError::EndedForSafety);
        }
        if record.kind == Kind::Reflection
            && let Some(name) = &record.practice
            && name != &plan.practice.name
        {
            return Err(FlowError::Replay {
                position: 1,
                id: "practice".to_string(),
                reason: format!(
                    "it reflects on [[{name}]], but the plan is for [[{}]]",
                    plan.practice.name
                ),
            });
        }
        let stopped_for_safety = record.answers.last().is_some_and(|last| {
            last.id.starts_with(script::SAFETY_AGAIN)
                && last.value == AnswerValue::Choice(script::STOP.to_string())
        });
        let mut flow = Flow {
            plan,
            kind: record.kind,
            safety: match stopped_for_safety {
                true => Safety::AskedOnReturn,
                false => Safety::Safe,
            },
            answers: record.answers.clone(),
            replayed: record.answers.len(),
            rewritten: record
                .flags
                .iter()
                .filter(|flag| flag.choice == script::REWRITE)
                .cloned()
                .collect(),
            next: Next::Done(Outcome::Paused {
                reason: PauseReason::Stopped,
            }),
        };
        flow.next = flow.derive_next()?;
        Ok(flow)
    }

    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The question to ask now, or how the session ended.
    pub fn next(&self) -> &Next {
        &self.next
    }

    /// The answers so far, in order. Never holds the safety answer.
    pub fn answers(&self) -> &[Answered] {
        &self.answers
    }

    /// The words already written to the question asked now, when it is asked again after a
    /// flag's "rewrite": to be mended where they are, not typed anew.
    pub fn answer_to_mend(&self) -> Option<&str> {
        let Next::Ask(prompt) = &self.next else {
            return None;
        };
        self.answers
            .iter()
            .find(|answered| answered.id == prompt.ask.id())
            .and_then(|answered| match &answered.value {
                AnswerValue::Text(text) => Some(text.as_str()),
                _ => None,
            })
    }

    /// Whether anything has happened worth saving: the safety question is behind them.
    pub fn has_started(&self) -> bool {
        self.safety != Safety::Unasked
    }

    /// Whether stopping now leaves something to keep: an answer past the safety question. A
    /// session stopped at its first question after it is not kept: carrying it on would be
    /// beginning again, and "saved" would name a note with nothing in it.
    pub fn worth_keeping(&self) -> bool {
        match self.kind {
            Kind::Session => self.has_started() && !self.answers.is_empty(),
            Kind::Reflection | Kind::Checkin | Kind::Debrief => !self.answers.is_empty(),
        }
    }

    /// Takes the answer to the current question. A value of the wrong kind, an unknown choice,
    /// a number over 10 or an empty required answer is refused, and nothing changes.
    /// Answering a question asked again (after "rewrite") replaces the earlier answer.
    pub fn answer(&mut self, value: AnswerValue) -> Result<(), FlowError> {
        let Next::Ask(prompt) = &self.next else {
            return Err(FlowError::Finished);
        };
        let ask = &prompt.ask;
        ask.accepts(&value)?;
        if ask.id() == SAFETY_ID || ask.id() == SAFETY_ON_RETURN_ID {
            self.safety = match value {
                AnswerValue::Choice(key) if key == NOT_SAFE => Safety::NotSafe,
                _ => Safety::Safe,
            };
            self.next = self.derive_next()?;
            return Ok(());
        }
        let mut answers = self.answers.clone();
        let mut rewritten = self.rewritten.clone();
        // A question asked again after "rewrite": its earlier answer and the flag go.
        if let Some(at) = answers.iter().position(|a| a.id == ask.id()) {
            if let AnswerValue::Text(text) = &answers[at].value
                && let Some(hit) = self.plan.signal_in(ask.id(), text)
            {
                rewritten.push(Flagged {
                    answer: ask.id().to_string(),
                    mistake: hit.signal.mistake.clone(),
                    choice: script::REWRITE.to_string(),
                });
            }
            answers.truncate(at);
        }
        answers.push(Answered {
            id: ask.id().to_string(),
            section: ask.section().to_string(),
            question: ask.question().to_string(),
            label: ask.label_of(&value),
            value,
        });
        let replayed = self.replayed.min(answers.len() - 1);
        let next = script::next(self.plan, self.kind, &answers, replayed, &rewritten)?;
        self.answers = answers;
        self.replayed = replayed;
        self.rewritten = rewritten;
        self.next = next;
        Ok(())
    }

    /// Back from a break taken just now (a timer that ran out, rather than a `resume` later):
    /// the break counts as over, and the session goes on as it does after a resume, with the
    /// welcome, the scale again, and the break advice again if still flooded. Nothing changes
    /// unless the session has just stopped for a break.
    pub fn return_from_break(&mut self) -> Result<(), FlowError> {
        let on_break = self.next
            == Next::Done(Outcome::Paused {
                reason: PauseReason::Break,
            });
        if !on_break {
            return Ok(());
        }
        self.replayed = self.answers.len();
        self.next = self.derive_next()?;
        Ok(())
    }

    /// Where the session stands, for the journal.
    pub fn status(&self) -> Status {
        match &self.next {
            Next::Ask(_) => Status::InProgress,
            Next::Done(Outcome::Complete { .. }) => Status::Complete,
            Next::Done(Outcome::Paused { .. }) => Status::Paused,
            Next::Done(Outcome::EndedForSafety { .. }) => Status::EndedForSafety,
        }
    }

    /// Writes what the flow knows into a journal record: kind, `status`, side, activation
    /// before and after, the skill and practice used, and the answers. The id and the times
    /// are the journal's.
    pub fn fill_record(&self, record: &mut SessionRecord, status: Status) {
        let side = self.choice("side");
        let uses_practice = match self.kind {
            Kind::Reflection | Kind::Checkin | Kind::Debrief => true,
            Kind::Session => matches!(side, Some("unseen" | "both")),
        };
        record.kind = self.kind;
        record.status = status;
        record.side = side.map(str::to_string);
        record.activation_before = self.scale("activation.before");
        record.activation_after = self.scale("activation.after");
        record.skill = (self.kind == Kind::Session).then(|| self.plan.skill.name.clone());
        record.practice = uses_practice.then(|| self.plan.practice.name.clone());
        record.answers = self.answers.clone();
        record.checkins = self.choice("attunement.checkins").map(str::to_string);
        record.could_say = match &self.next {
            Next::Done(Outcome::Complete {
                could_say,
                ask_later,
                ..
            }) if !could_say.is_empty() => Some(CouldSay {
                title: self.plan.guide.close.could_say_title.clone(),
                sentences: could_say.clone(),
                later: (!ask_later.is_empty()).then(|| AskLater {
                    lead: self.plan.guide.close.ask_later.clone(),
                    sentences: ask_later.clone(),
                }),
            }),
            _ => None,
        };
    }

    fn value(&self, id: &str) -> Option<&AnswerValue> {
        self.answers.iter().find(|a| a.id == id).map(|a| &a.value)
    }

    fn choice(&self, id: &str) -> Option<&str> {
        match self.value(id) {
            Some(AnswerValue::Choice(key)) => Some(key),
            _ => None,
        }
    }

    fn scale(&self, id: &str) -> Option<u8> {
        match self.value(id) {
            Some(AnswerValue::Scale(n)) => Some(*n),
            _ => None,
        }
    }

    fn derive_next(&self) -> Result<Next, FlowError> {
        let guide = &self.plan.guide;
        match self.safety {
            Safety::Unasked => Ok(Next::Ask(Prompt {
                intro: Vec::new(),
                ask: Ask::Choice {
                    id: SAFETY_ID.to_string(),
                    section: guide.side.section.clone(),
                    question: guide.safety_check.question.clone(),
                    choices: vec![
                        Choice::new(SAFE, &guide.safety_check.safe),
                        Choice::new(NOT_SAFE, &guide.safety_check.not_safe),
                    ],
                },
            })),
            Safety::AskedOnReturn => Ok(Next::Ask(Prompt {
                intro: Vec::new(),
                ask: Ask::Choice {
                    id: SAFETY_ON_RETURN_ID.to_string(),
                    section: guide.side.section.clone(),
                    question: guide.safety_check.on_return().to_string(),
                    choices: vec![
                        Choice::new(SAFE, &guide.safety_check.safe),
                        Choice::new(NOT_SAFE, &guide.safety_check.not_safe),
                    ],
                },
            })),
            Safety::NotSafe => Ok(Next::Done(Outcome::EndedForSafety {
                text: self.plan.safety.shown(),
            })),
            Safety::Safe => script::next(
                self.plan,
                self.kind,
                &self.answers,
                self.replayed,
                &self.rewritten,
            ),
        }
    }
}
