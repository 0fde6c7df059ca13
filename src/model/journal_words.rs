//! The words of `repair-coach journal list` and `journal show` (`fileClass: journal_guide`,
//! shipped as `content/coach/Journal Entries.md`).
use super::guide::frontmatter_of;
use super::summary::check_date_format;
use super::{AnswerValue, Kind, Status};
use crate::note::{Note, NoteError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JournalWords {
    /// Said when the journal holds nothing yet.
    pub empty: String,
    /// chrono format codes: when an entry began, in the list and over one shown.
    pub list_time: String,
    pub show_time: String,
    /// Over one entry shown: `{kind}` (its kind's name, capitalised) and `{time}`.
    pub heading: String,
    /// How far the person was stirred up, beside where the entry stands: `{before}`, `{after}`.
    pub activation: String,
    pub kinds: Kinds,
    pub statuses: Statuses,
    pub answers: AnswerWords,
    /// After the words of an answer that was being typed when the session stopped.
    pub draft: String,
    pub delete: DeleteWords,
    pub passphrase: PassphraseWords,
}

/// Asking for the journal's passphrase at the terminal (`encrypt = true`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassphraseWords {
    /// For a new journal: asked twice, since nothing can open the notes without it.
    pub choose: String,
    pub again: String,
    pub not_the_same: String,
    /// For a journal already encrypted, and when it does not open it.
    pub ask: String,
    pub wrong: String,
}

/// `journal delete`: what it asks first, and what it says after.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeleteWords {
    /// `{kind}` (the entry's kind's name) and `{time}` (when it began, as `show_time`).
    pub question: String,
    pub yes: String,
    pub no: String,
    pub deleted: String,
    pub kept: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Kinds {
    pub session: String,
    pub reflection: String,
    pub checkin: String,
    pub debrief: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statuses {
    pub in_progress: String,
    /// A session or reflection stopped part-way, to be carried on with `resume`.
    pub paused: String,
    /// A check-in or debrief stopped part-way: kept, but never carried on, so not "paused".
    /// An older note without it says `paused`.
    #[serde(default)]
    pub stopped: Option<String>,
    pub complete: String,
    pub ended_for_safety: String,
}

/// How an answer that is not typed words is written back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnswerWords {
    pub skipped: String,
    /// `{number}`.
    pub scale: String,
    pub yes: String,
    pub no: String,
    pub done: String,
}

impl AnswerWords {
    /// How an answer that is neither typed words nor a choice is written back for a person:
    /// `None` for those two, which are shown in their own words.
    pub fn said(&self, value: &AnswerValue) -> Option<String> {
        match value {
            AnswerValue::Text(_) | AnswerValue::Choice(_) => None,
            AnswerValue::Scale(n) => Some(self.scale.replace("{number}", &n.to_string())),
            AnswerValue::YesNo(yes) => Some(if *yes { &self.yes } else { &self.no }.clone()),
            AnswerValue::Done => Some(self.done.clone()),
        }
    }
}

impl JournalWords {
    pub fn from_note(note: &Note) -> Result<JournalWords, NoteError> {
        let words: JournalWords = frontmatter_of(note)?.deserialize(&note.path)?;
        check_date_format(note, "list_time", &words.list_time)?;
        check_date_format(note, "show_time", &words.show_time)?;
        Ok(words)
    }

    pub fn kind(&self, kind: Kind) -> &str {
        let kinds = &self.kinds;
        match kind {
            Kind::Session => &kinds.session,
            Kind::Reflection => &kinds.reflection,
            Kind::Checkin => &kinds.checkin,
            Kind::Debrief => &kinds.debrief,
        }
    }

    /// Where an entry of `kind` stands.
    pub fn status(&self, kind: Kind, status: Status) -> &str {
        let statuses = &self.statuses;
        match status {
            Status::InProgress => &statuses.in_progress,
            Status::Paused if !kind.resumable() => {
                statuses.stopped.as_deref().unwrap_or(&statuses.paused)
            }
            Status::Paused => &statuses.paused,
            Status::Complete => &statuses.complete,
            Status::EndedForSafety => &statuses.ended_for_safety,
        }
    }
}
