//! One question at a time: what is asked next, with what passages before it, and how a
//! session or reflection ends. Both the flow and the script speak in these.
use super::FlowError;
use super::message::{Breathing, Choice, Message};
use crate::model::AnswerValue;

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
    /// Paced breathing, answered by [`Ask::breathed`]: finished, or stopped early. The question
    /// is the exercise's title, which heads it in the journal.
    Breathe {
        id: String,
        section: String,
        question: String,
        /// Boxed: its words make it much larger than the other questions.
        breathing: Box<Breathing>,
        /// The words the journal shows for each way it can end.
        finished: String,
        stopped_early: String,
    },
}

/// The keys a breathing answer is saved under (older sessions saved `AnswerValue::Done`).
const BREATHING_FINISHED: &str = "finished";
const BREATHING_STOPPED_EARLY: &str = "stopped_early";

/// How a session or reflection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every question answered. `closing`: what is said at the end, in order; `could_say`:
    /// the sentences made from the person's own answers (also in `closing`), for the journal.
    Complete {
        closing: Vec<Message>,
        could_say: Vec<String>,
        /// What they could ask of the other, said after `could_say` under `close.ask_later`
        /// (empty when `could_say` is: then a request is one of those).
        ask_later: Vec<String>,
    },
    /// Stopped for now; `repair-coach resume` carries on at the next question.
    Paused { reason: PauseReason },
    /// The person is not safe: show `text` (the safety note) and end. Nothing is recorded.
    EndedForSafety { text: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// They chose to take a break while still very activated.
    Break,
    /// They stopped at a prompt (end of input).
    Stopped,
    /// They pressed Esc to leave at once: saved as paused, nothing more is shown.
    LeftAtOnce,
    /// Ctrl-C, a closed terminal, SIGTERM; or the output's reader gone.
    Interrupted(Interruption),
}

/// What stopped a session from outside its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// Ctrl-C, a closed terminal or SIGTERM: the person stopped it, and is told how to carry on.
    Signal,
    /// The output's reader went away (`start | head -1`): nobody is there to tell, and it is
    /// no stop of the person's; what was answered is kept all the same.
    OutputGone,
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

    /// The answer to a breathing exercise that was `finished`, or stopped early.
    pub fn breathed(finished: bool) -> AnswerValue {
        let key = if finished {
            BREATHING_FINISHED
        } else {
            BREATHING_STOPPED_EARLY
        };
        AnswerValue::Choice(key.to_string())
    }

    /// The words of the option `value` chose, where they differ from its key.
    pub(super) fn label_of(&self, value: &AnswerValue) -> Option<String> {
        let label = match (self, value) {
            (Ask::Choice { choices, .. }, AnswerValue::Choice(key)) => {
                choices.iter().find(|c| &c.key == key)?.label.clone()
            }
            (
                Ask::Breathe {
                    finished,
                    stopped_early,
                    ..
                },
                AnswerValue::Choice(key),
            ) => match key.as_str() {
                BREATHING_FINISHED => finished.clone(),
                _ => stopped_early.clone(),
            },
            _ => return None,
        };
        let AnswerValue::Choice(key) = value else {
            return None;
        };
        (&label != key).then_some(label)
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
            (Ask::Breathe { .. }, AnswerValue::Choice(key))
                if key == BREATHING_FINISHED || key == BREATHING_STOPPED_EARLY =>
            {
                Ok(())
            }
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
            Ask::Breathe { .. } => "the breathing to finish or be stopped early",
        }
    }
}

/// An answer's kind, in words: "some words", "a number".
pub(super) fn kind_of(value: &AnswerValue) -> &'static str {
    match value {
        AnswerValue::Text(_) => "some words",
        AnswerValue::Choice(_) => "a choice",
        AnswerValue::Scale(_) => "a number",
        AnswerValue::YesNo(_) => "a yes or no",
        AnswerValue::Done => "a finished exercise",
    }
}
