//! The words of `repair-coach checkin` (`fileClass: checkin_guide`, shipped as
//! `content/coach/Check-in.md`), and what each agreed rhythm of check-ins means.
use super::guide::{Question, ScaleQuestion, frontmatter_of, line_of};
use crate::note::{Note, NoteError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckinWords {
    /// The heading the answers are kept under in the journal.
    pub section: String,
    pub now: ScaleQuestion,
    pub need: Question,
    pub asked: YesNotYet,
    pub closing: String,
    /// Said instead of `closing` when how they are is rated `at_most` or lower, followed by
    /// the safety note's help lines. A note without it closes as always.
    #[serde(default)]
    pub hard: Option<HardTime>,
    /// Said after saving; `{command}` is the command that shows the entry.
    pub saved: String,
    /// Said when the person stops part-way (what was answered is kept).
    pub stopped: String,
    /// Said when they stop and the last save failed, before why.
    pub save_failed: String,
    /// "First check-in today", "Second check-in today", ... by count.
    pub today: Vec<String>,
    /// For a count past the end of `today`; `{count}` is filled in.
    pub today_more: String,
    /// `{today}` and `{agreed}` are filled in.
    pub rhythm_line: String,
    /// Past the rhythm's number, the count alone; `{today}` is filled in. A guide without it
    /// says `{today}` as it is.
    #[serde(default)]
    pub count_line: Option<String>,
    #[serde(default)]
    pub rhythms: Vec<Rhythm>,
}

/// The closing for a check-in on a very hard day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HardTime {
    pub at_most: u8,
    /// Markdown, followed by the safety note's help lines for where the person lives.
    pub closing: String,
}

/// A question answered "yes" or "not yet" (keys `yes` and `not_yet`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YesNotYet {
    pub question: String,
    pub yes: String,
    pub not_yet: String,
}

/// One rhythm the session guide offers, by its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    pub key: String,
    /// How many check-ins a day it means, where it names a number.
    #[serde(default)]
    pub per_day: Option<u32>,
    /// How it is said back, e.g. "you chose morning and evening".
    pub agreed: String,
}

impl CheckinWords {
    pub fn from_note(note: &Note) -> Result<CheckinWords, NoteError> {
        let words: CheckinWords = frontmatter_of(note)?.deserialize(&note.path)?;
        let mut keys = BTreeSet::new();
        if let Some(dup) = words.rhythms.iter().find(|r| !keys.insert(r.key.as_str())) {
            return Err(NoteError::new(
                &note.path,
                line_of(note, "rhythms"),
                format!(
                    "`rhythms` uses the key {:?} twice; keys must differ",
                    dup.key
                ),
            ));
        }
        Ok(words)
    }

    /// The rhythm agreed under `key`, if this note knows it.
    pub fn rhythm(&self, key: &str) -> Option<&Rhythm> {
        self.rhythms.iter().find(|r| r.key == key)
    }

    /// "Second check-in today" for a `count` of 2.
    pub fn today_words(&self, count: usize) -> String {
        match count.checked_sub(1).and_then(|i| self.today.get(i)) {
            Some(words) => words.clone(),
            None => self.today_more.replace("{count}", &count.to_string()),
        }
    }
}
