//! The coaching session's own words, kept in notes so a user's vault can change them:
//! `SessionGuide` (the questions and their order) and `MistakeSignals` (phrases that hint at a
//! common mistake, with what to do instead).
use crate::note::{Note, NoteError};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SessionGuide {}

impl SessionGuide {
    pub fn from_note(note: &Note) -> Result<SessionGuide, NoteError> {
        let _ = note;
        todo!("coach helper")
    }
}

/// Frontmatter of a `mistake_signals` note:
/// ```yaml
/// fileClass: mistake_signals
/// skill: "[[Repair]]"
/// signals:
///   - mistake: Rushing to explain your intent   # as the skill's Common Mistakes list says it
///     step: 2                                   # the step (1-based) whose guidance is the way instead
///     phrases: ["i didn't mean", "my intention was"]
///     instead: Stay with what they felt before you explain what you meant.
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct MistakeSignals {
    pub name: String,
    /// The skill these signals belong to.
    pub skill: crate::note::WikiLink,
    pub signals: Vec<Signal>,
}

/// One common mistake, where it belongs, what to do instead, and phrases that hint at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub mistake: String,
    /// 1-based step number of the skill.
    pub step: usize,
    pub instead: String,
    /// Lower-case phrases; a match is a gentle hint, never a verdict.
    pub phrases: Vec<String>,
}

impl MistakeSignals {
    pub fn from_note(note: &Note) -> Result<MistakeSignals, NoteError> {
        let _ = note;
        todo!("coach helper")
    }
}
