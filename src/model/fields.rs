//! Reading frontmatter fields and body sections the way every model needs them: lists given
//! as text or lists, link fields, required fields with a body fallback, unknown fields kept,
//! and ordered steps paired between the frontmatter and the body.
use super::Step;
use crate::diagnostic::Finding;
use crate::note::{Frontmatter, Note, NoteError, Section, WikiLink};
use serde::Deserializer;
use serde::de::{DeserializeOwned, IntoDeserializer, value::MapDeserializer};
use std::collections::BTreeMap;

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
    written_text(value)
        .or_else(|| section_text(sections, headings))
        .ok_or_else(|| {
            let frontmatter = note.frontmatter.as_ref();
            // Written with nothing after it, the field is there to fill in, not to add.
            if let Some(line) = frontmatter.and_then(|fm| fm.field_line(field)) {
                return NoteError::new(
                    &note.path,
                    Some(line),
                    format!("`{field}` is empty: write {example} after `{field}:`"),
                );
            }
            let line = frontmatter.map_or(1, Frontmatter::opening_line);
            NoteError::new(
                &note.path,
                Some(line),
                format!("`{field}` is missing: add a line `{field}: {example}` to the frontmatter"),
            )
        })
}

/// A required field's text as the model keeps it: trimmed, and `None` when nothing is left.
pub(crate) fn written_text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The frontmatter `fields` typed as `T` exactly as `Frontmatter::deserialize` first types its
/// parsed mapping of them: each value deserialized by reference, in order.
pub(crate) fn typed_fields<T: DeserializeOwned>(fields: &[(&str, serde_yaml::Value)]) -> Option<T> {
    let entries = fields.iter().map(|(key, value)| (*key, ByRef(value)));
    T::deserialize(MapDeserializer::<_, serde_yaml::Error>::new(entries)).ok()
}

/// A value handed to serde as the `&Value` deserializer, as a parsed mapping hands its values.
struct ByRef<'v>(&'v serde_yaml::Value);

impl<'v> IntoDeserializer<'v, serde_yaml::Error> for ByRef<'v> {
    type Deserializer = &'v serde_yaml::Value;

    fn into_deserializer(self) -> &'v serde_yaml::Value {
        self.0
    }
}

pub(crate) fn find_section<'a>(sections: &'a [Section], names: &[&str]) -> Option<&'a Section> {
    sections.iter().find(|s| s.is_called(names))
}

pub(crate) fn section_text(sections: &[Section], names: &[&str]) -> Option<String> {
    find_section(sections, names)
        .map(Section::plain_text)
        .filter(|t| !t.is_empty())
}

/// The frontmatter fields the model does not know, kept as they were.
pub(crate) fn extra_fields(
    frontmatter: &Frontmatter,
    known: &[&str],
) -> BTreeMap<String, serde_yaml::Value> {
    frontmatter
        .fields()
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
                .iter()
                .map(|item| (body_step(item.title.clone(), &item.text), item.line))
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
            if title.is_empty() {
                // A session would ask about it by name: "What could “” look like for you?".
                warnings.push(Finding::warning(
                    &note.path,
                    field_line,
                    format!(
                        "{noun} {} in `{field}` has no title ({raw:?}): give it one, like \
                         \"{} {}: …\", or take the item out",
                        index + 1,
                        capitalised(noun),
                        index + 1
                    ),
                ));
            }
            let guidance =
                match body_items.get(index) {
                    Some((body_step, line)) => {
                        if !same_title(&body_step.title, &title) {
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
pub(crate) fn same_title(a: &str, b: &str) -> bool {
    // Most often written alike in the frontmatter and the body.
    if a == b {
        return true;
    }
    // Compared as they are read, letter by letter: every step of every skill is compared.
    fn letters(title: &str) -> impl Iterator<Item = char> + '_ {
        title
            .split_whitespace()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .enumerate()
            .flat_map(|(index, word)| {
                let letters = word
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase);
                (index > 0).then_some(' ').into_iter().chain(letters)
            })
    }
    letters(a).eq(letters(b))
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

pub(crate) fn text_or_list<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<TextOrList>, D::Error> {
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
    Ok(strings.iter().flat_map(|s| links_in_item(s)).collect())
}

/// The links one item of a link field makes: those written in it, or the item as a bare name.
fn links_in_item(item: &str) -> Vec<WikiLink> {
    let found: Vec<WikiLink> = crate::note::links::links_in_text(item)
        .into_iter()
        .map(|(link, _)| link)
        .collect();
    if found.is_empty() {
        WikiLink::parse(&format!("[[{item}]]"))
            .into_iter()
            .collect()
    } else {
        found
    }
}

/// The items of link field `field` that are written but link to no note (`"[[]]"`, `"[[#]]"`):
/// `links` drops them, so the note's author is told instead.
pub(crate) fn items_linking_nowhere(frontmatter: &Frontmatter, field: &str) -> Vec<String> {
    let items: Vec<&str> = match frontmatter.get(field) {
        Some(serde_yaml::Value::String(one)) => vec![one.as_str()],
        Some(serde_yaml::Value::Sequence(many)) => many.iter().filter_map(|v| v.as_str()).collect(),
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty() && links_in_item(item).is_empty())
        .map(str::to_owned)
        .collect()
}

/// "step" as it begins a title: "Step".
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::same_title;

    #[test]
    fn titles_match_whatever_their_case_punctuation_or_spacing() {
        assert!(same_title(
            "Stay present — don’t rush the fix",
            "stay  present - dont rush the FIX"
        ));
        assert!(same_title(
            "Regulate yourself first\r",
            " Regulate, yourself first."
        ));
        assert!(!same_title(
            "Regulate yourself first",
            "Regulate yourselffirst"
        ));
        assert!(!same_title("Own your impact", "Own your part"));
        assert!(!same_title("", "Anything"));
    }
}
