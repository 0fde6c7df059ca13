//! `Skill`: a core skill (like Repair) or a supporting meta-skill.
use super::fields::{
    TextOrList, extra_fields, find_section, links, merge_steps, required_text, section_text,
    step_titles, string_or_list, text_or_list,
};
use crate::diagnostic::Finding;
use crate::note::{Frontmatter, Note, NoteError, Section, WikiLink};
use serde::{Deserialize, Serialize};
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

/// The frontmatter fields a skill note may carry.
#[derive(Deserialize)]
struct SkillFields {
    description: Option<String>,
    why_it_matters: Option<String>,
    #[serde(default, deserialize_with = "step_titles")]
    steps: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text_or_list")]
    common_mistakes: Option<TextOrList>,
    #[serde(default, deserialize_with = "links")]
    supporting_meta_skills: Vec<WikiLink>,
    #[serde(default, deserialize_with = "links")]
    related_scenarios: Vec<WikiLink>,
    how_to_practice: Option<String>,
    current_focus: Option<bool>,
    #[serde(default, deserialize_with = "string_or_list")]
    aliases: Vec<String>,
    #[serde(default, deserialize_with = "string_or_list")]
    tags: Vec<String>,
}

const SKILL_FIELDS: &[&str] = &[
    "fileClass",
    "description",
    "why_it_matters",
    "steps",
    "common_mistakes",
    "supporting_meta_skills",
    "related_scenarios",
    "how_to_practice",
    "current_focus",
    "aliases",
    "tags",
];

impl Skill {
    /// Types a `core_skill` or `meta_skill` note. Warnings (e.g. frontmatter and body steps
    /// disagree) come back beside the skill; errors (a wrong type, a missing field) fail it.
    pub fn from_note(note: &Note) -> Result<(Skill, Vec<Finding>), NoteError> {
        Skill::from_sections(note, note.sections())
    }

    /// `from_note`, given the note's body sections.
    pub(crate) fn from_sections(
        note: &Note,
        sections: Vec<Section>,
    ) -> Result<(Skill, Vec<Finding>), NoteError> {
        let kind = match note.file_class() {
            Some("meta_skill") => SkillKind::Meta,
            _ => SkillKind::Core,
        };
        let empty = Frontmatter::empty();
        let frontmatter = note.frontmatter.as_ref().unwrap_or(&empty);
        let fields: SkillFields = frontmatter.deserialize(&note.path)?;
        let mut warnings = Vec::new();

        let description = required_text(
            note,
            fields.description,
            &sections,
            "description",
            &["Description"],
            "one sentence on what this skill is",
        )?;
        let why_it_matters = fields
            .why_it_matters
            .map(|w| w.trim().to_string())
            .or_else(|| section_text(&sections, &["Why It Matters", "Why it matters"]))
            .unwrap_or_default();

        let body_steps = find_section(&sections, &["Steps"]);
        let steps = merge_steps(
            note,
            frontmatter,
            "steps",
            "step",
            fields.steps,
            body_steps,
            &mut warnings,
        );
        if kind == SkillKind::Core && steps.is_empty() {
            return Err(NoteError::new(
                &note.path,
                Some(frontmatter.opening_line()),
                "`steps` is missing: a core skill needs its steps, as a `steps:` list in the \
                 frontmatter or a numbered list under `## Steps`",
            ));
        }

        let (mistakes_summary, listed_mistakes) = match fields.common_mistakes {
            Some(TextOrList::Text(summary)) => (Some(summary.trim().to_string()), Vec::new()),
            Some(TextOrList::List(list)) => (None, list),
            None => (None, Vec::new()),
        };
        let body_mistakes: Vec<String> = find_section(&sections, &["Common Mistakes"])
            .map(|s| s.list_items().iter().map(item_text).collect())
            .unwrap_or_default();
        let mistakes = if !body_mistakes.is_empty() {
            body_mistakes
        } else if !listed_mistakes.is_empty() {
            listed_mistakes
        } else {
            mistakes_summary
                .as_deref()
                .map(split_sentence)
                .unwrap_or_default()
        };

        let how_to_practice = fields
            .how_to_practice
            .map(|h| h.trim().to_string())
            .or_else(|| section_text(&sections, &["How to Practice", "How to Practise"]));

        let skill = Skill {
            name: note.name.clone(),
            path: note.path.clone(),
            kind,
            description,
            why_it_matters,
            steps,
            mistakes,
            mistakes_summary,
            supporting_meta_skills: fields.supporting_meta_skills,
            related_scenarios: fields.related_scenarios,
            how_to_practice,
            current_focus: fields.current_focus.unwrap_or(false),
            aliases: fields.aliases,
            tags: fields.tags,
            extra: extra_fields(frontmatter, SKILL_FIELDS),
        };
        Ok((skill, warnings))
    }
}

/// A list item as one line of text: its bold title (if any) and the rest.
fn item_text(item: &crate::note::ListItem) -> String {
    match &item.title {
        Some(title) if item.text.is_empty() => title.clone(),
        Some(title) => format!("{title} {}", item.text),
        None => item.text.clone(),
    }
}

/// "Defending your intent, minimizing their pain, or demanding resolution." -> three mistakes.
fn split_sentence(summary: &str) -> Vec<String> {
    summary
        .trim()
        .trim_end_matches('.')
        .split(',')
        .map(|part| {
            let part = part.trim();
            let part = part
                .strip_prefix("or ")
                .or_else(|| part.strip_prefix("and "))
                .unwrap_or(part);
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .filter(|part: &String| !part.is_empty())
        .collect()
}
