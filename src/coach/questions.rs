//! A short run of questions outside the session (a check-in, a debrief): each is a small state
//! machine that says what to ask next from the answers so far, and takes answers one by one.
use super::{Ask, FlowError};
use crate::model::guide::DangerWords;
use crate::model::{AnswerValue, Answered};

pub trait Questions {
    /// The question to ask now; `None` once finished.
    fn next_ask(&self) -> Option<Ask>;
    /// The answers so far, in order.
    fn answers(&self) -> &[Answered];
    /// Keeps an answer the current question has accepted.
    fn keep(&mut self, answered: Answered);

    /// Takes the answer to the current question; an answer that does not fit it is refused
    /// and nothing changes.
    fn answer(&mut self, value: AnswerValue) -> Result<(), FlowError> {
        let ask = self.next_ask().ok_or(FlowError::Finished)?;
        ask.accepts(&value)?;
        self.keep(Answered {
            id: ask.id().to_string(),
            section: ask.section().to_string(),
            question: ask.question().to_string(),
            label: ask.label_of(&value),
            value,
        });
        Ok(())
    }
}

/// Whether a written answer holds the Session Guide's words that may mean the person is not
/// safe: the closing then says where help is, whatever the rating.
pub(crate) fn any_written_holds(answers: &[Answered], danger: DangerWords) -> bool {
    answers.iter().any(|a| {
        matches!(&a.value, AnswerValue::Text(text) if super::signals::holds_danger(danger, text))
    })
}

/// The key of the choice answered under `id`, if any.
pub(crate) fn choice<'a>(answers: &'a [Answered], id: &str) -> Option<&'a str> {
    answers
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| match &a.value {
            AnswerValue::Choice(key) => Some(key.as_str()),
            _ => None,
        })
}

/// The 0-10 rating answered under `id`, if any.
pub(crate) fn scale(answers: &[Answered], id: &str) -> Option<u8> {
    answers
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| match a.value {
            AnswerValue::Scale(n) => Some(n),
            _ => None,
        })
}

/// A choice between `yes` and `not_yet`, with the note's words for each.
pub(crate) fn yes_or_not_yet(
    id: &str,
    section: &str,
    words: &crate::model::checkin::YesNotYet,
) -> Ask {
    Ask::Choice {
        id: id.to_string(),
        section: section.to_string(),
        question: words.question.clone(),
        choices: [("yes", &words.yes), ("not_yet", &words.not_yet)]
            .into_iter()
            .map(|(key, label)| crate::coach::Choice::new(key, label))
            .collect(),
    }
}
