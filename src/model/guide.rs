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

#[derive(Debug, Clone, Serialize)]
pub struct MistakeSignals {}

impl MistakeSignals {
    pub fn from_note(note: &Note) -> Result<MistakeSignals, NoteError> {
        let _ = note;
        todo!("coach helper")
    }
}
