//! `Practice`: a practice such as Resolving Attunement Mishaps.
use super::Step;
use super::fields::{
    extra_fields, find_section, links, merge_steps, prompts, required_text, stage_titles,
    string_or_list, typed_fields, written_text,
};
use super::{ByFields, SkillsLine};
use crate::diagnostic::Finding;
use crate::note::{Frontmatter, Note, NoteError, Section, WikiLink};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A practice. Its body, for reading in full, stays the note's (`Note::body`): one copy of it.
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
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// The frontmatter fields a practice note may carry.
#[derive(Deserialize)]
struct PracticeFields {
    description: Option<String>,
    #[serde(default, deserialize_with = "stage_titles")]
    stages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "prompts")]
    reflection_prompts: Vec<String>,
    #[serde(default, deserialize_with = "links")]
    related_skills: Vec<WikiLink>,
    #[serde(default, deserialize_with = "string_or_list")]
    aliases: Vec<String>,
    #[serde(default, deserialize_with = "string_or_list")]
    tags: Vec<String>,
}

const PRACTICE_FIELDS: &[&str] = &[
    "fileClass",
    "description",
    "stages",
    "reflection_prompts",
    "related_skills",
    "aliases",
    "tags",
];

impl Practice {
    pub fn from_note(note: &Note) -> Result<(Practice, Vec<Finding>), NoteError> {
        Practice::from_sections(note, note.sections())
    }

    /// `from_note`, given the note's body sections.
    pub(crate) fn from_sections(
        note: &Note,
        sections: Vec<Section>,
    ) -> Result<(Practice, Vec<Finding>), NoteError> {
        let empty = Frontmatter::empty();
        let frontmatter = note.frontmatter.as_ref().unwrap_or(&empty);
        let fields: PracticeFields = frontmatter.deserialize(&note.path)?;
        let mut warnings = Vec::new();
        let description = required_text(
            note,
            fields.description,
            &sections,
            "description",
            &["Description"],
            "one sentence on what this practice is for",
        )?;
        let stages = merge_steps(
            note,
            frontmatter,
            "stages",
            "stage",
            fields.stages,
            find_section(&sections, &["Stages"]),
            &mut warnings,
        );
        if stages.is_empty() {
            return Err(NoteError::new(
                &note.path,
                Some(frontmatter.opening_line()),
                "`stages` is missing: a practice needs its stages, as a `stages:` list in the \
                 frontmatter or a numbered list under `## Stages`",
            ));
        }
        let reflection_prompts = if fields.reflection_prompts.is_empty() {
            find_section(
                &sections,
                &["Reflection Prompts", "Reflection Questions", "Reflection"],
            )
            .map(|s| {
                s.list_items()
                    .iter()
                    .map(|item| item.text.clone())
                    .collect()
            })
            .unwrap_or_default()
        } else {
            fields.reflection_prompts
        };
        let practice = Practice {
            name: note.name.clone(),
            path: note.path.clone(),
            description,
            stages,
            reflection_prompts,
            related_skills: fields.related_skills,
            aliases: fields.aliases,
            tags: fields.tags,
            extra: extra_fields(frontmatter, PRACTICE_FIELDS),
        };
        Ok((practice, warnings))
    }
}

impl Practice {
    /// What `skills` lists of a practice note with these frontmatter `fields` and no body, as
    /// `from_sections` types it: it needs a description and stages.
    pub(crate) fn line_by_fields(fields: &[(&str, serde_yaml::Value)]) -> ByFields {
        let Some(fields) = typed_fields::<PracticeFields>(fields) else {
            return ByFields::Unsure;
        };
        let has_stages = fields.stages.is_some_and(|stages| !stages.is_empty());
        match written_text(fields.description) {
            Some(description) if has_stages => ByFields::Line(SkillsLine {
                description,
                current_focus: false,
                walkable: false,
            }),
            _ => ByFields::Untyped,
        }
    }
}
