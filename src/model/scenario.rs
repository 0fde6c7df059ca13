//! `Scenario`: a short situation a skill is practised in, such as "Forgot something important
//! to them" (`fileClass: scenario`). A skill lists its scenarios in `related_scenarios`; a
//! session can be framed by one of them.
use super::fields::{extra_fields, links, required_text, string_or_list};
use crate::note::{Frontmatter, Note, NoteError, Section, WikiLink};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    pub path: PathBuf,
    /// The situation in a sentence or two, as the person would recognise it.
    pub description: String,
    /// The skills this situation calls for, as the note links them back.
    pub related_skills: Vec<WikiLink>,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Deserialize)]
struct ScenarioFields {
    description: Option<String>,
    #[serde(default, deserialize_with = "links")]
    related_skills: Vec<WikiLink>,
    #[serde(default, deserialize_with = "string_or_list")]
    aliases: Vec<String>,
    #[serde(default, deserialize_with = "string_or_list")]
    tags: Vec<String>,
}

const SCENARIO_FIELDS: &[&str] = &[
    "fileClass",
    "description",
    "related_skills",
    "aliases",
    "tags",
];

impl Scenario {
    /// Types a `scenario` note; its description comes from the frontmatter or a
    /// `## Description` section, and is required.
    pub fn from_note(note: &Note) -> Result<Scenario, NoteError> {
        Scenario::from_sections(note, note.sections())
    }

    /// `from_note`, given the note's body sections.
    pub(crate) fn from_sections(
        note: &Note,
        sections: Vec<Section>,
    ) -> Result<Scenario, NoteError> {
        let empty = Frontmatter::empty();
        let frontmatter = note.frontmatter.as_ref().unwrap_or(&empty);
        let fields: ScenarioFields = frontmatter.deserialize(&note.path)?;
        let description = required_text(
            note,
            fields.description,
            &sections,
            "description",
            &["Description"],
            "the situation in a sentence, such as \"I forgot something important to them\"",
        )?;
        Ok(Scenario {
            name: note.name.clone(),
            path: note.path.clone(),
            description,
            related_skills: fields.related_skills,
            aliases: fields.aliases,
            tags: fields.tags,
            extra: extra_fields(frontmatter, SCENARIO_FIELDS),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn note(text: &str) -> Note {
        Note::parse(Path::new("vault/Forgot.md"), text).unwrap()
    }

    #[test]
    fn a_scenario_types_from_its_frontmatter_or_its_body() {
        let from_frontmatter = Scenario::from_note(&note(
            "---\nfileClass: scenario\ndescription: I forgot their birthday.\nrelated_skills: \"[[Repair]]\"\nmood: low\n---\n",
        ))
        .unwrap();
        assert_eq!(from_frontmatter.description, "I forgot their birthday.");
        assert_eq!(from_frontmatter.related_skills[0].target, "Repair");
        assert!(from_frontmatter.extra.contains_key("mood"));
        let from_body = Scenario::from_note(&note(
            "---\nfileClass: scenario\n---\n## Description\nI forgot their birthday.\n",
        ))
        .unwrap();
        assert_eq!(from_body.description, "I forgot their birthday.");
    }

    #[test]
    fn a_scenario_without_a_description_says_what_to_add() {
        let error = Scenario::from_note(&note("---\nfileClass: scenario\n---\nNothing here.\n"))
            .unwrap_err();
        assert_eq!(error.line, Some(1));
        assert!(
            error.message.contains("`description` is missing"),
            "{error}"
        );
    }
}
