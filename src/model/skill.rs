//! `Skill`: a core skill (like Repair) or a supporting meta-skill.
use crate::diagnostic::Finding;
use crate::note::{Frontmatter, Note, NoteError, Section, WikiLink};
use serde::{Deserialize, Deserializer, Serialize};
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
        let kind = match note.file_class() {
            Some("meta_skill") => SkillKind::Meta,
            _ => SkillKind::Core,
        };
        let empty = Frontmatter::empty();
        let frontmatter = note.frontmatter.as_ref().unwrap_or(&empty);
        let fields: SkillFields = frontmatter.deserialize(&note.path)?;
        let sections = note.sections();
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
            .map(|s| s.list_items().into_iter().map(item_text).collect())
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

/// A field the model cannot do without: from the frontmatter, else from a body section of the
/// same name; missing from both is an error naming the field.
pub(crate) fn required_text(
    note: &Note,
    value: Option<String>,
    sections: &[Section],
    field: &str,
    headings: &[&str],
    example: &str,
) -> Result<String, NoteError> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .or_else(|| section_text(sections, headings))
        .ok_or_else(|| {
            let line = note
                .frontmatter
                .as_ref()
                .map_or(1, Frontmatter::opening_line);
            NoteError::new(
                &note.path,
                Some(line),
                format!("`{field}` is missing: add a line `{field}: {example}` to the frontmatter"),
            )
        })
}

pub(crate) fn find_section<'a>(sections: &'a [Section], names: &[&str]) -> Option<&'a Section> {
    sections.iter().find(|s| s.is_called(names))
}

fn section_text(sections: &[Section], names: &[&str]) -> Option<String> {
    find_section(sections, names)
        .map(Section::plain_text)
        .filter(|t| !t.is_empty())
}

/// A list item as one line of text: its bold title (if any) and the rest.
fn item_text(item: crate::note::ListItem) -> String {
    match item.title {
        Some(title) if item.text.is_empty() => title,
        Some(title) => format!("{title} {}", item.text),
        None => item.text,
    }
}

/// The frontmatter fields the model does not know, kept as they were.
pub(crate) fn extra_fields(
    frontmatter: &Frontmatter,
    known: &[&str],
) -> BTreeMap<String, serde_yaml::Value> {
    frontmatter
        .fields
        .iter()
        .filter_map(|(key, value)| {
            let key = match key {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other).ok()?.trim().to_string(),
            };
            (!known.contains(&key.as_str())).then(|| (key, value.clone()))
        })
        .collect()
}

/// Joins the frontmatter's ordered titles with the body's list of the same things (`**Title**`
/// then a `→ guidance` line), pairing them by position. Where the two disagree, the frontmatter
/// wins and a warning points at the body line.
pub(crate) fn merge_steps(
    note: &Note,
    frontmatter: &Frontmatter,
    field: &str,
    noun: &str,
    titles: Option<Vec<String>>,
    body: Option<&Section>,
    warnings: &mut Vec<Finding>,
) -> Vec<Step> {
    let body_items: Vec<(Step, usize)> = body
        .map(|section| {
            section
                .list_items()
                .into_iter()
                .map(|item| (body_step(item.title, &item.text), item.line))
                .collect()
        })
        .unwrap_or_default();
    let Some(titles) = titles.filter(|t| !t.is_empty()) else {
        return body_items.into_iter().map(|(step, _)| step).collect();
    };
    if let Some(section) = body.filter(|_| !body_items.is_empty())
        && body_items.len() != titles.len()
    {
        warnings.push(Finding::warning(
            &note.path,
            Some(section.line),
            format!(
                "the frontmatter `{field}` lists {} {noun}s but the `## {}` section has {}: \
                 the frontmatter's are used; make the two match",
                titles.len(),
                section.heading,
                body_items.len()
            ),
        ));
    }
    let field_line = frontmatter.field_line(field);
    titles
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            let title = clean_title(&raw);
            let guidance =
                match body_items.get(index) {
                    Some((body_step, line)) => {
                        if normalised(&body_step.title) != normalised(&title) {
                            warnings.push(Finding::warning(
                            &note.path,
                            Some(*line),
                            format!(
                                "{noun} {} is called \"{title}\" in the frontmatter{} but \"{}\" \
                                 in the body (line {line}): make the two match",
                                index + 1,
                                field_line.map(|l| format!(" (line {l})")).unwrap_or_default(),
                                body_step.title
                            ),
                        ));
                        }
                        body_step.guidance.clone()
                    }
                    None => String::new(),
                };
            Step { title, guidance }
        })
        .collect()
}

/// A body list item as a step: the bold title, then the guidance after a `→`.
fn body_step(title: Option<String>, text: &str) -> Step {
    let (title, guidance) = match title {
        Some(title) => (title, text),
        None => match text.split_once('→').or_else(|| text.split_once("->")) {
            Some((title, guidance)) => (title.to_string(), guidance),
            None => (text.to_string(), ""),
        },
    };
    let guidance = guidance
        .trim()
        .trim_start_matches(['→', '—', '–', ':', '-', '>'])
        .trim();
    Step {
        title: clean_title(&title),
        guidance: guidance.to_string(),
    }
}

/// `"Step 4: Express your care\r"` -> `"Express your care"`.
pub(crate) fn clean_title(raw: &str) -> String {
    let title = raw.trim();
    let without_prefix = title
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("step"))
        .and_then(|_| {
            let rest = title[4..].trim_start();
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            (digits > 0).then(|| rest[digits..].trim_start())
        })
        .and_then(|rest| rest.strip_prefix([':', '.', ')', '-', '—']))
        .map(str::trim);
    without_prefix.unwrap_or(title).to_string()
}

/// Titles compared without regard to case, punctuation or spacing.
fn normalised(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

/// A frontmatter field written either as one sentence or as a list.
pub(crate) enum TextOrList {
    Text(String),
    List(Vec<String>),
}

/// Reads a list of strings (or, where `single` allows it, one string), with the expectation
/// phrased for the user. `null` (an empty field) is none; blank items are dropped.
struct TextVisitor {
    expected: &'static str,
    single: bool,
}

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Option<TextOrList>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.expected)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        if self.single {
            Ok(Some(TextOrList::Text(text.to_string())))
        } else {
            Err(E::invalid_type(serde::de::Unexpected::Str(text), &self))
        }
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Option<String>>()? {
            if let Some(item) = item.map(|i| i.trim().to_string()).filter(|i| !i.is_empty()) {
                items.push(item);
            }
        }
        Ok(Some(TextOrList::List(items)))
    }
}

fn read_text<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
    single: bool,
) -> Result<Option<TextOrList>, D::Error> {
    deserializer.deserialize_any(TextVisitor { expected, single })
}

/// A list only (a single string is an error naming what is expected).
fn text_list<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
) -> Result<Option<Vec<String>>, D::Error> {
    Ok(
        read_text(deserializer, expected, false)?.map(|value| match value {
            TextOrList::List(items) => items,
            TextOrList::Text(text) => vec![text],
        }),
    )
}

/// One string or a list of them.
fn one_or_many<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &'static str,
) -> Result<Vec<String>, D::Error> {
    Ok(match read_text(deserializer, expected, true)? {
        None => Vec::new(),
        Some(TextOrList::Text(text)) => vec![text],
        Some(TextOrList::List(items)) => items,
    })
}

pub(crate) fn step_titles<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    text_list(
        d,
        "a list of step titles, like [\"Step 1: ...\", \"Step 2: ...\"]",
    )
}

pub(crate) fn stage_titles<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    text_list(
        d,
        "a list of stage titles, like [\"First stage\", \"Second stage\"]",
    )
}

pub(crate) fn prompts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(text_list(d, "a list of questions, like [\"What did you notice?\"]")?.unwrap_or_default())
}

fn text_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TextOrList>, D::Error> {
    read_text(d, "a sentence or a list of mistakes", true)
}

/// `aliases` and `tags`: one string (tags may be comma-separated) or a list.
pub(crate) fn string_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(
        one_or_many(d, "a name or a list of names, like [\"first\", \"second\"]")?
            .iter()
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Link fields: `"[[A]]"`, `["[[A]]", "[[B]]"]`, or bare note names; empty means none.
pub(crate) fn links<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<WikiLink>, D::Error> {
    let strings = one_or_many(d, "a list of links, like [\"[[Holding Discomfort]]\"]")?;
    Ok(strings
        .iter()
        .flat_map(|s| {
            let found: Vec<WikiLink> = crate::note::links::links_in_text(s)
                .into_iter()
                .map(|(link, _)| link)
                .collect();
            if found.is_empty() {
                WikiLink::parse(&format!("[[{s}]]")).into_iter().collect()
            } else {
                found
            }
        })
        .collect())
}
