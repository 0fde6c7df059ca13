//! The session's state: the answers so far, and the prompt that comes next. The next prompt is
//! always derived from the answers (see `script`), so resuming is replaying the saved answers.
use super::Plan;
use super::script;
use crate::model::{AnswerValue, Answered, Kind, SessionRecord, Status};
use crate::prompt::{Breathing, Choice, Message};

/// What the session does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Ask(Prompt),
    Done(Outcome),
}

/// One question, with the passages to show before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// A step's title and guidance (given with its first question, and again on resuming in the
    /// middle of it), a flag about the last answer, break advice.
    pub intro: Vec<Message>,
    pub ask: Ask,
}

/// A question, with the stable `id` its answer is saved under and the `section` it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Choice {
        id: String,
        section: String,
        question: String,
        choices: Vec<Choice>,
    },
    Text {
        id: String,
        section: String,
        question: String,
        /// An empty answer is allowed.
        skippable: bool,
    },
    /// A whole number from 0 to 10.
    Scale {
        id: String,
        section: String,
        question: String,
        low: String,
        high: String,
    },
    /// Paced breathing; answered with `AnswerValue::Done`, whether finished or skipped.
    Breathe {
        id: String,
        section: String,
        question: String,
        breathing: Breathing,
    },
}

/// How a session or reflection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every question answered. `could_say`: sentences made from the person's own answers.
    Complete { could_say: Vec<String> },
    /// Stopped for now; `repair-coach resume` carries on at the next question.
    Paused { reason: PauseReason },
    /// The person is not safe: show `text` (the safety note) and end. Nothing is recorded.
    EndedForSafety { text: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// They chose to take a break while still very activated.
    Break,
    /// They stopped at a prompt (end of input, Esc).
    Stopped,
    /// Ctrl-C, a closed terminal, SIGTERM.
    Interrupted,
}

/// An answer the flow cannot take. The flow is unchanged when it returns one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("the session has already finished; there is nothing left to answer")]
    Finished,
    #[error("“{question}” needs {expected}, not {given}")]
    WrongKind {
        question: String,
        expected: &'static str,
        given: &'static str,
    },
    #[error("“{key}” is not one of the options for “{question}”")]
    UnknownChoice { question: String, key: String },
    #[error("{value} is not on the scale for “{question}”; give a number from 0 to 10")]
    OutOfRange { question: String, value: u8 },
    #[error("“{question}” needs an answer; it cannot be left empty")]
    Empty { question: String },
    /// A saved answer that no longer fits what the guide asks (the notes were edited).
    #[error(
        "saved answer {position} ({id}) no longer fits the session: {reason}. The session guide or \
         skill may have changed since it was saved; the saved session itself is untouched"
    )]
    Replay {
        /// 1-based position among the saved answers.
        position: usize,
        id: String,
        reason: String,
    },
    #[error("this session ended at the safety question, so there is nothing to resume")]
    EndedForSafety,
}

/// The safety question: asked first, answered once, never recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Safety {
    Unasked,
    Safe,
    NotSafe,
}

const SAFETY_ID: &str = "safety";
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
            next: Next::Done(Outcome::Paused {
                reason: PauseReason::Stopped,
            }),
        };
        flow.next = flow
            .derive_next()
            .expect("a flow with no answers has nothing to misfit");
        flow
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
        let mut flow = Flow {
            plan,
            kind: record.kind,
            safety: Safety::Safe,
            answers: record.answers.clone(),
            replayed: record.answers.len(),
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

    /// The guide's last words for a finished session or reflection (markdown).
    pub fn closing(&self) -> &'p str {
        match self.kind {
            Kind::Session => &self.plan.guide.close.closing,
            Kind::Reflection | Kind::Checkin | Kind::Debrief => &self.plan.guide.reflect.closing,
        }
    }

    /// Whether anything has happened worth saving: the safety question is behind them.
    pub fn has_started(&self) -> bool {
        self.safety != Safety::Unasked
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
        if ask.id() == SAFETY_ID {
            self.safety = match value {
                AnswerValue::Choice(key) if key == NOT_SAFE => Safety::NotSafe,
                _ => Safety::Safe,
            };
            self.next = self.derive_next()?;
            return Ok(());
        }
        let mut answers = self.answers.clone();
        // A question asked again after "rewrite": its earlier answer and the flag go.
        if let Some(at) = answers.iter().position(|a| a.id == ask.id()) {
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
        let next = script::next(self.plan, self.kind, &answers, replayed)?;
        self.answers = answers;
        self.replayed = replayed;
        self.next = next;
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
                        choice(SAFE, &guide.safety_check.safe),
                        choice(NOT_SAFE, &guide.safety_check.not_safe),
                    ],
                },
            })),
            Safety::NotSafe => Ok(Next::Done(Outcome::EndedForSafety {
                text: self.plan.safety.text.clone(),
            })),
            Safety::Safe => script::next(self.plan, self.kind, &self.answers, self.replayed),
        }
    }
}

pub(super) fn choice(key: &str, label: &str) -> Choice {
    Choice {
        key: key.to_string(),
        label: label.to_string(),
    }
}

impl Ask {
    pub fn id(&self) -> &str {
        match self {
            Ask::Choice { id, .. }
            | Ask::Text { id, .. }
            | Ask::Scale { id, .. }
            | Ask::Breathe { id, .. } => id,
        }
    }

    pub fn section(&self) -> &str {
        match self {
            Ask::Choice { section, .. }
            | Ask::Text { section, .. }
            | Ask::Scale { section, .. }
            | Ask::Breathe { section, .. } => section,
        }
    }

    pub fn question(&self) -> &str {
        match self {
            Ask::Choice { question, .. }
            | Ask::Text { question, .. }
            | Ask::Scale { question, .. }
            | Ask::Breathe { question, .. } => question,
        }
    }

    /// The words of the option `value` chose, where they differ from its key.
    pub(crate) fn label_of(&self, value: &AnswerValue) -> Option<String> {
        let (Ask::Choice { choices, .. }, AnswerValue::Choice(key)) = (self, value) else {
            return None;
        };
        let choice = choices.iter().find(|c| &c.key == key)?;
        (choice.label != choice.key).then(|| choice.label.clone())
    }

    /// Whether `value` answers this question; the reason in plain words when it does not.
    pub fn accepts(&self, value: &AnswerValue) -> Result<(), FlowError> {
        let question = || self.question().to_string();
        match (self, value) {
            (Ask::Choice { choices, .. }, AnswerValue::Choice(key)) => {
                if choices.iter().any(|c| &c.key == key) {
                    Ok(())
                } else {
                    Err(FlowError::UnknownChoice {
                        question: question(),
                        key: key.clone(),
                    })
                }
            }
            (Ask::Text { skippable, .. }, AnswerValue::Text(text)) => {
                if *skippable || !text.trim().is_empty() {
                    Ok(())
                } else {
                    Err(FlowError::Empty {
                        question: question(),
                    })
                }
            }
            (Ask::Scale { .. }, AnswerValue::Scale(n)) if *n > 10 => Err(FlowError::OutOfRange {
                question: question(),
                value: *n,
            }),
            (Ask::Scale { .. }, AnswerValue::Scale(_)) => Ok(()),
            (Ask::Breathe { .. }, AnswerValue::Done) => Ok(()),
            _ => Err(FlowError::WrongKind {
                question: question(),
                expected: self.expects(),
                given: kind_of(value),
            }),
        }
    }

    fn expects(&self) -> &'static str {
        match self {
            Ask::Choice { .. } => "one of its options",
            Ask::Text { .. } => "some words",
            Ask::Scale { .. } => "a number from 0 to 10",
            Ask::Breathe { .. } => "the breathing to finish or be skipped",
        }
    }
}

fn kind_of(value: &AnswerValue) -> &'static str {
    match value {
        AnswerValue::Text(_) => "some words",
        AnswerValue::Choice(_) => "a choice",
        AnswerValue::Scale(_) => "a number",
        AnswerValue::YesNo(_) => "a yes or no",
        AnswerValue::Done => "a finished exercise",
    }
}
