//! `Skill`: a core skill (like Repair) or a supporting meta-skill.
use crate::diagnostic::Finding;
use crate::note::{Note, NoteError, WikiLink};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillKind {
    Core,
    Meta,
}

/// One ordered step of a skill or stage of a practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Cleaned title: no `Step N:` prefix, no trailing `\r` or spaces.
    pub title: String,
    /// The body's `→` guidance line for this step (empty when the body has none).
    pub guidance: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    pub name: String,
    pub path: PathBuf,
    pub kind: SkillKind,
    pub description: String,
    pub why_it_matters: String,
    pub steps: Vec<Step>,
    /// The body's `## Common Mistakes` list (falls back to the frontmatter sentence split up).
    pub mistakes: Vec<String>,
    /// The frontmatter `common_mistakes` sentence: a summary of `mistakes`.
    pub mistakes_summary: Option<String>,
    pub supporting_meta_skills: Vec<WikiLink>,
    pub related_scenarios: Vec<WikiLink>,
    /// For a meta-skill: how to practise it (frontmatter `how_to_practice` or body section).
    pub how_to_practice: Option<String>,
    pub current_focus: bool,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    /// Frontmatter fields this model does not know, kept as they were.
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

impl Skill {
    /// Types a `core_skill` or `meta_skill` note. Warnings (e.g. frontmatter and body steps
    /// disagree) come back beside the skill; errors (a wrong type, a missing field) fail it.
    pub fn from_note(note: &Note) -> Result<(Skill, Vec<Finding>), NoteError> {
        let _ = note;
        todo!("loader helper")
    }
}
