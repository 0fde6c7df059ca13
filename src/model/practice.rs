//! `Practice`: a practice such as Resolving Attunement Mishaps.
use super::Step;
use crate::diagnostic::Finding;
use crate::note::{Note, NoteError, WikiLink};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct Practice {
    pub name: String,
    pub path: PathBuf,
    pub description: String,
    /// Ordered stages (title + guidance), from frontmatter `stages`, guidance from the body where present.
    pub stages: Vec<Step>,
    pub reflection_prompts: Vec<String>,
    pub related_skills: Vec<WikiLink>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    /// The body, for reading in full.
    pub body: String,
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

impl Practice {
    pub fn from_note(note: &Note) -> Result<(Practice, Vec<Finding>), NoteError> {
        let _ = note;
        todo!("loader helper")
    }
}
