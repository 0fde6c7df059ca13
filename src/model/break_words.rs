//! The words and length of a break (`fileClass: break_guide`, shipped as
//! `content/coach/Break.md`): the quiet timer, or leaving and coming back by a chosen time.
use super::guide::{frontmatter_of, line_of};
use crate::note::{Note, NoteError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakWords {
    /// How long the timer waits, in seconds (1200 as shipped: 20 minutes).
    pub length_secs: u64,
    pub question: String,
    pub wait: String,
    pub leave: String,
    /// Asks for the time to be back by.
    pub back_by: String,
    /// Said when what was typed is not a time.
    pub back_by_again: String,
    /// Said once when the timer starts, `{minutes}` filled: in plain mode (Enter ends it) and
    /// in a terminal (any key).
    pub start: String,
    pub start_key: String,
    /// `{minutes}` left, shown in a terminal at most once a minute.
    pub left: String,
    pub last_minute: String,
    /// Said when the time is up: in plain mode, and in a terminal (which waits for a key).
    pub end: String,
    pub end_key: String,
    /// Said when leaving; `{time}` is when they chose to be back.
    pub leaving: String,
    /// Said when `resume` carries on after such a break; `{time}`.
    pub resuming: String,
    /// How `journal list` and `resume` say it; `{time}`.
    pub on_break: String,
}

/// A day's worth of seconds: a break timer is never longer.
const LONGEST_SECS: u64 = 24 * 60 * 60;

impl BreakWords {
    pub fn from_note(note: &Note) -> Result<BreakWords, NoteError> {
        let words: BreakWords = frontmatter_of(note)?.deserialize(&note.path)?;
        if words.length_secs == 0 || words.length_secs > LONGEST_SECS {
            return Err(NoteError::new(
                &note.path,
                line_of(note, "length_secs"),
                format!(
                    "`length_secs` is {}; it should be from 1 to {LONGEST_SECS} (a day)",
                    words.length_secs
                ),
            ));
        }
        Ok(words)
    }
}
