//! `Skill`: a core skill (like Repair) or a supporting meta-skill.
use super::fields::{
    TextOrList, clean_title, extra_fields, find_section, items_linking_nowhere, links, merge_steps,
    required_text, same_title, section_text, step_titles, string_or_list, text_or_list,
    typed_fields, written_text,
};
use super::guide::Question;
use super::{ByFields, SkillsLine};
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
    /// The questions the note itself asks at each step, beside `steps` (one list per step, empty
    /// where it asks none): the items under `### STEP` headings of a `## Questions` section.
    pub questions: Vec<Vec<Question>>,
    /// The body's `## Common Mistakes` list (falls back to the frontmatter sentence split up).
    pub mistakes: Vec<String>,
    /// The frontmatter `common_mistakes` sentence: a summary of `mistakes`.
    pub mistakes_summary: Option<String>,
    pub supporting_meta_skills: Vec<WikiLink>,
    pub related_scenarios: Vec<WikiLink>,
    /// For a meta-skill: how to practise it (frontmatter `how_to_practice` or body section).
    pub how_to_practice: Option<String>,
    pub current_focus: bool,
    /// File lines of the fields `check` may point at across notes (what they link to is only
    /// known once the whole vault is read).
    #[serde(skip)]
    pub lines: SkillLines,
    pub aliases: Vec<String>,
    pub tags: Vec<String>,
    /// Frontmatter fields this model does not know, kept as they were.
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// The file line of each frontmatter field a cross-note finding points at, where written.
#[derive(Debug, Clone, Default)]
pub struct SkillLines {
    pub current_focus: Option<usize>,
    pub supporting_meta_skills: Option<usize>,
    pub related_scenarios: Option<usize>,
}

impl Skill {
    /// A core skill with steps: `start` can walk it.
    pub fn is_walkable(&self) -> bool {
        self.kind == SkillKind::Core && !self.steps.is_empty()
    }
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

        let questions = step_questions(note, &sections, &steps, &mut warnings);

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

        for field in ["supporting_meta_skills", "related_scenarios"] {
            for item in items_linking_nowhere(frontmatter, field) {
                warnings.push(Finding::warning(
                    &note.path,
                    frontmatter.field_line(field),
                    format!(
                        "`{field}` has an item, {item:?}, that links to no note: write a \
                         note's name between the brackets, like \"[[Staying Grounded]]\", or \
                         take the item out"
                    ),
                ));
            }
        }
        let line_if =
            |written: bool, field: &str| written.then(|| frontmatter.field_line(field)).flatten();
        let current_focus = fields.current_focus.unwrap_or(false);
        let lines = SkillLines {
            current_focus: line_if(current_focus, "current_focus"),
            supporting_meta_skills: line_if(
                !fields.supporting_meta_skills.is_empty(),
                "supporting_meta_skills",
            ),
            related_scenarios: line_if(!fields.related_scenarios.is_empty(), "related_scenarios"),
        };
        let skill = Skill {
            name: note.name.clone(),
            path: note.path.clone(),
            kind,
            description,
            why_it_matters,
            steps,
            questions,
            mistakes,
            mistakes_summary,
            supporting_meta_skills: fields.supporting_meta_skills,
            related_scenarios: fields.related_scenarios,
            how_to_practice,
            current_focus,
            lines,
            aliases: fields.aliases,
            tags: fields.tags,
            extra: extra_fields(frontmatter, SKILL_FIELDS),
        };
        Ok((skill, warnings))
    }
}

impl Skill {
    /// What `skills` lists of a skill note of `kind` with these frontmatter `fields` and no
    /// body, as `from_sections` types it: it needs a description and, for a core skill, steps.
    pub(crate) fn line_by_fields(
        kind: SkillKind,
        fields: &[(&str, serde_yaml::Value)],
    ) -> ByFields {
        let Some(fields) = typed_fields::<SkillFields>(fields) else {
            return ByFields::Unsure;
        };
        let has_steps = fields.steps.is_some_and(|steps| !steps.is_empty());
        let core = kind == SkillKind::Core;
        match written_text(fields.description) {
            Some(description) if has_steps || !core => ByFields::Line(SkillsLine {
                description,
                current_focus: fields.current_focus.unwrap_or(false),
                walkable: core,
            }),
            _ => ByFields::Untyped,
        }
    }
}

/// The headings `## Questions` may be written as.
const QUESTIONS_SECTION: &[&str] = &["Questions", "Step Questions"];

/// How a question marks itself as one that may be left unanswered.
const OPTIONAL_MARK: &str = "(optional)";

/// A skill note's own questions, written in its body:
///
/// ```markdown
/// ## Questions
/// ### Take turns
/// - Who will speak first?
/// - What would help you listen to the end? *(optional)*
/// ```
///
/// Each `###` heading names a step, by its title or as `Step 2`; each list item under it is a
/// question, asked in order; one ending in "(optional)" may be left empty. What does not fit
/// (a heading that names no step, a heading with no list, a question under no heading) is a
/// warning at its line, and is left out.
fn step_questions(
    note: &Note,
    sections: &[Section],
    steps: &[Step],
    warnings: &mut Vec<Finding>,
) -> Vec<Vec<Question>> {
    let mut questions = vec![Vec::new(); steps.len()];
    let Some(at) = sections.iter().position(|s| s.is_called(QUESTIONS_SECTION)) else {
        return questions;
    };
    let top = &sections[at];
    let subsections: Vec<&Section> = sections[at + 1..]
        .iter()
        .take_while(|s| s.level > top.level)
        .filter(|s| s.level == top.level + 1)
        .collect();
    let first_heading = subsections.first().map_or(usize::MAX, |s| s.line);
    if let Some(stray) = top
        .list_items()
        .iter()
        .find(|item| item.line < first_heading)
    {
        warnings.push(Finding::warning(
            &note.path,
            Some(stray.line),
            format!(
                "this question under `## {}` has no step: put it under a `### STEP` heading that names one of the skill's steps, such as `### {}`",
                top.heading,
                steps.first().map_or("Step 1", |s| s.title.as_str())
            ),
        ));
    }
    for sub in subsections {
        let Some(index) = step_named(&sub.heading, steps) else {
            let titles: Vec<String> = steps.iter().map(|s| format!("\"{}\"", s.title)).collect();
            warnings.push(Finding::warning(
                &note.path,
                Some(sub.line),
                format!(
                    "`### {}` under `## {}` names no step of this skill: use a step's title ({}) or `Step N`",
                    sub.heading,
                    top.heading,
                    titles.join(", ")
                ),
            ));
            continue;
        };
        if sub.list_items().is_empty() {
            warnings.push(Finding::warning(
                &note.path,
                Some(sub.line),
                format!(
                    "`### {}` has no questions: write each one as a list item, like `- What could this step look like for you?`",
                    sub.heading
                ),
            ));
        }
        questions[index].extend(
            sub.list_items()
                .iter()
                .map(|item| question(&item_text(item))),
        );
    }
    questions
}

/// The step a `### heading` names: its title (as `same_title` compares them), `Step N`, or `N`.
fn step_named(heading: &str, steps: &[Step]) -> Option<usize> {
    let title = clean_title(heading);
    if let Some(index) = steps.iter().position(|s| same_title(&s.title, &title)) {
        return Some(index);
    }
    let number = heading.trim();
    let number = number
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("step"))
        .map_or(number, |_| number[4..].trim());
    let number: usize = number.trim_end_matches(['.', ':', ')']).parse().ok()?;
    (1..=steps.len()).contains(&number).then(|| number - 1)
}

/// A list item as a question; a trailing "(optional)" makes it one that may be left empty.
fn question(text: &str) -> Question {
    let text = text.trim();
    let cut = text.len().saturating_sub(OPTIONAL_MARK.len());
    match text.get(cut..) {
        Some(end) if end.eq_ignore_ascii_case(OPTIONAL_MARK) => {
            Question::plain(text[..cut].trim().to_string(), true)
        }
        _ => Question::plain(text.to_string(), false),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const AFTER: &str = include_str!("../../content/After the Argument.md");

    fn skill(text: &str) -> (Skill, Vec<Finding>) {
        let note = Note::parse(Path::new("vault/Tea.md"), text).unwrap();
        Skill::from_note(&note).unwrap()
    }

    fn asked(questions: &[Question]) -> Vec<(&str, bool)> {
        questions
            .iter()
            .map(|q| (q.question.as_str(), q.optional))
            .collect()
    }

    const TEA: &str = "---\nfileClass: core_skill\ndescription: Making tea together.\nsteps: [\"Step 1: Boil the water\", \"Step 2: Warm the pot\", \"Step 3: Pour\"]\n---\n";

    #[test]
    fn the_shipped_second_skill_has_a_question_or_two_for_every_step() {
        let (after, warnings) = skill(AFTER);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(after.is_walkable());
        assert_eq!(after.steps.len(), 6);
        assert_eq!(after.questions.len(), 6);
        assert!(after.questions.iter().all(|q| !q.is_empty()));
        assert_eq!(
            asked(&after.questions[0]),
            [
                (
                    "Who will speak first, and how will you let each other know a turn is over?",
                    false
                ),
                (
                    "What could help you listen to the end without planning your reply?",
                    true
                )
            ]
        );
        assert_eq!(after.related_scenarios.len(), 2);
    }

    #[test]
    fn questions_are_found_under_a_step_by_title_or_number_in_any_case() {
        let text = format!(
            "{TEA}## Questions\n### boil the water\n- How hot?\n- Why? *(Optional)*\n\n### Step 3\n- Who pours?\n### 2.\n- Which pot?\n"
        );
        let (tea, warnings) = skill(&text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            asked(&tea.questions[0]),
            [("How hot?", false), ("Why?", true)]
        );
        assert_eq!(asked(&tea.questions[1]), [("Which pot?", false)]);
        assert_eq!(asked(&tea.questions[2]), [("Who pours?", false)]);
    }

    #[test]
    fn a_skill_without_questions_has_an_empty_list_for_each_step() {
        let (tea, warnings) = skill(TEA);
        assert!(warnings.is_empty());
        assert_eq!(tea.questions.len(), 3);
        assert!(tea.questions.iter().all(Vec::is_empty));
    }

    #[test]
    fn questions_that_fit_no_step_are_warned_about_at_their_line() {
        // Line numbers: the frontmatter takes lines 1-5.
        let text = format!(
            "{TEA}## Questions\n- Loose question?\n### Drink it\n- Too late?\n### Pour\nJust a paragraph.\n### Step 9\n- No such step?\n"
        );
        let (tea, warnings) = skill(&text);
        let found: Vec<(Option<usize>, &str)> = warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, Some(7));
        assert!(found[0].1.contains("has no step"), "{}", found[0].1);
        assert_eq!(found[1].0, Some(8));
        assert!(
            found[1]
                .1
                .contains("`### Drink it` under `## Questions` names no step")
                && found[1].1.contains("\"Boil the water\""),
            "{}",
            found[1].1
        );
        assert_eq!(found[2].0, Some(10));
        assert!(found[2].1.contains("has no questions"), "{}", found[2].1);
        assert_eq!(found[3].0, Some(12));
        assert!(tea.questions.iter().all(Vec::is_empty));
    }

    #[test]
    fn a_link_with_nothing_in_it_is_warned_about_at_its_field_and_the_rest_are_kept() {
        // Lines 5 and 6, under the three lines of TEA's fields.
        let text = TEA.replacen(
            "\n---\n",
            "\nsupporting_meta_skills: [\"[[]]\", \"[[Staying Grounded]]\", \"[[#]]\", \"\"]\n\
             related_scenarios: \"[[ ]]\"\n---\n",
            1,
        );
        let (tea, warnings) = skill(&text);
        let found: Vec<(Option<usize>, &str)> = warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].0, Some(5));
        assert!(
            found[0].1.starts_with(
                "`supporting_meta_skills` has an item, \"[[]]\", that links to no note"
            ),
            "{}",
            found[0].1
        );
        assert!(found[1].1.contains("\"[[#]]\""), "{}", found[1].1);
        assert_eq!(found[2].0, Some(6));
        assert!(
            found[2].1.starts_with("`related_scenarios`"),
            "{}",
            found[2].1
        );
        let kept: Vec<&str> = tea
            .supporting_meta_skills
            .iter()
            .map(|l| l.target.as_str())
            .collect();
        assert_eq!(kept, ["Staying Grounded"]);
    }
}
