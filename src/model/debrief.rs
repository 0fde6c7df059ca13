//! The words of `repair-coach debrief` (`fileClass: debrief_guide`, shipped as
//! `content/coach/Debrief.md`): looking back on the talk a session got the person ready for.
use super::checkin::YesNotYet;
use super::guide::{ScaleQuestion, frontmatter_of, line_of};
use crate::note::{Note, NoteError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::note::Note;
    use std::path::Path;

    const DEBRIEF: &str = include_str!("../../content/coach/Debrief.md");

    #[test]
    fn a_date_format_chrono_cannot_write_is_an_error_naming_its_line() {
        let text = DEBRIEF.replace(
            "date_format: \"%A %-d %B at %H:%M\"",
            "date_format: \"%A %Q\"",
        );
        assert_ne!(text, DEBRIEF, "the shipped format is replaced");
        let note = Note::parse(Path::new("v/Debrief.md"), &text).unwrap();
        let error = Model::from_note(&note).unwrap_err().to_string();
        assert!(
            error.contains("date_format") && error.contains("Debrief.md:"),
            "{error}"
        );
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DebriefWords {
    pub section: String,
    /// Said under the heading: which session this looks back on (`{date}`).
    pub about: String,
    /// chrono format codes for `{date}`.
    pub date_format: String,
    /// Asked first; "not yet" ends the debrief with `not_yet` and nothing saved.
    pub happened: YesNotYet,
    /// Markdown.
    pub not_yet: String,
    pub rating: ScaleQuestion,
    /// Asked in order after the rating, each saved as `debrief.KEY`.
    pub questions: Vec<KeyedQuestion>,
    pub closing: String,
    /// Said instead of `closing` when the talk went hard: rated at most `at_most`. A note
    /// without it says `closing` whatever the rating.
    #[serde(default)]
    pub hard: Option<HardTalk>,
    /// Said after saving; `{command}` is the command that shows the entry.
    pub saved: String,
    /// Said when the person stops part-way (what was answered is kept).
    pub stopped: String,
    /// Said when they stop and the last save failed, before why.
    pub save_failed: String,
    /// When no completed session is waiting for a debrief.
    pub nothing_to_look_back_on: String,
    /// What `start` asks, once, when the latest completed session has no debrief.
    pub offer: Offer,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HardTalk {
    pub at_most: u8,
    /// The keys of questions not asked after a hard talk (what to do differently, which can
    /// read as blame after a frightening one).
    #[serde(default)]
    pub leave_out: Vec<String>,
    /// Markdown, followed by the safety note's help lines for where the person lives.
    pub closing: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyedQuestion {
    pub key: String,
    pub question: String,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Offer {
    pub question: String,
    pub yes: String,
    pub no: String,
}

impl DebriefWords {
    pub fn from_note(note: &Note) -> Result<DebriefWords, NoteError> {
        let words: DebriefWords = frontmatter_of(note)?.deserialize(&note.path)?;
        super::summary::check_date_format(note, "date_format", &words.date_format)?;
        let mut keys = BTreeSet::new();
        let bad = words
            .questions
            .iter()
            .find(|q| q.key.trim().is_empty() || !keys.insert(q.key.as_str()));
        if let Some(bad) = bad {
            return Err(NoteError::new(
                &note.path,
                line_of(note, "questions"),
                format!(
                    "every question in `questions` needs its own key; {:?} is empty or used twice",
                    bad.key
                ),
            ));
        }
        Ok(words)
    }
}
