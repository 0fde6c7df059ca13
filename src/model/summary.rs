//! The words of `repair-coach journal summary` (`fileClass: summary_guide`, shipped as
//! `content/coach/Journal Summary.md`).
use super::guide::{frontmatter_of, line_of};
use crate::note::{Note, NoteError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SummaryWords {
    pub title: String,
    /// `{date}` is filled in.
    pub since: String,
    pub empty: String,
    /// chrono format codes for a day and for a moment.
    pub date_format: String,
    pub time_format: String,
    pub sessions: SessionsWords,
    pub activation: LineWords,
    pub mistakes: ListWords,
    pub requests: RequestsWords,
    pub checkins: CheckinsWords,
    pub debriefs: DebriefsWords,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionsWords {
    pub title: String,
    /// `{count}`.
    pub total: String,
    pub sides: Sides,
    pub statuses: Statuses,
    /// The lines of sessions by side, by how they ended and by skill walked: `{counts}` is
    /// filled with each of its counts as `count` writes it, between commas.
    pub by_side: String,
    pub by_status: String,
    pub by_skill: String,
    /// One count in one of those lines: `{label}` and `{count}`.
    pub count: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sides {
    pub hurt: String,
    pub unseen: String,
    pub both: String,
    /// A session stopped before the side was chosen.
    pub none: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statuses {
    pub complete: String,
    pub in_progress: String,
    pub paused: String,
    pub ended_for_safety: String,
}

/// A titled part whose every line fills one template.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LineWords {
    pub title: String,
    pub line: String,
}

/// A titled list, with what to say when it is empty.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ListWords {
    pub title: String,
    pub line: String,
    pub none: String,
}

/// The requests made, and which session answer holds them (its id, e.g. `attunement.stage.4.2`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestsWords {
    pub answer: String,
    pub title: String,
    /// `{request}`.
    pub line: String,
    pub none: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckinsWords {
    pub title: String,
    /// `{agreed}`: the check-in note's words for the rhythm.
    pub rhythm: String,
    pub no_rhythm: String,
    /// `{day}` and `{count}`.
    pub line: String,
    /// Said instead of a fortnight of zeros when there has been no check-in in it.
    pub none: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DebriefsWords {
    pub title: String,
    /// `{session}` and `{rating}`.
    pub line: String,
    /// `{average}`.
    pub average: String,
    pub none: String,
}

impl SummaryWords {
    pub fn from_note(note: &Note) -> Result<SummaryWords, NoteError> {
        let words: SummaryWords = frontmatter_of(note)?.deserialize(&note.path)?;
        check_date_format(note, "date_format", &words.date_format)?;
        check_date_format(note, "time_format", &words.time_format)?;
        Ok(words)
    }
}

/// A date format from a note must be one chrono can write: an unknown code would otherwise
/// fail only when a date is written. `key` may be a dotted path (`resume.time_format`).
pub(super) fn check_date_format(note: &Note, key: &str, format: &str) -> Result<(), NoteError> {
    use chrono::format::{Item, StrftimeItems};
    if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
        let line = note
            .frontmatter
            .as_ref()
            .and_then(|fm| fm.key_path_line(key))
            .or_else(|| line_of(note, key));
        return Err(NoteError::new(
            &note.path,
            line,
            format!(
                "`{key}` is {format:?}, which has a code chrono does not know; use codes such as \
                 %a (weekday), %-d (day), %b (month), %H:%M (time)"
            ),
        ));
    }
    Ok(())
}
