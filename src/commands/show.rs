//! `show NAME`: one note, drawn for reading, with its links listed by the names `show` takes.
use crate::coach::{SAFETY_FILE_CLASS, SafetyNote};
use crate::json::{self, Versioned};
use crate::locale;
use crate::model::{Class, Model, Practice, Skill, SkillKind, Step};
use crate::note::Note;
use crate::render::{self, Style};
use crate::suggest;
use crate::vault::{Entry, Vault};
use serde::Serialize;
use std::path::Path;

/// Body sections of a practice that `Page::practice` already draws from the model.
const PRACTICE_SECTIONS_DRAWN: &[&str] = &[
    "Description",
    "Stages",
    "Reflection",
    "Reflection Prompts",
    "Reflection Questions",
    "Related Skills",
];

/// The note called `name` (by name, alias or path), or an error that helps find the right one.
pub fn find<'v>(vault: &'v Vault, name: &str) -> anyhow::Result<&'v Entry> {
    find_among(vault, name, None)
}

/// `find`, suggesting only the notes of `classes` (say, only skills) when nothing is found.
pub fn find_among<'v>(
    vault: &'v Vault,
    name: &str,
    classes: Option<&[Class]>,
) -> anyhow::Result<&'v Entry> {
    if let Some(entry) = vault.get(name) {
        // An empty stand-in for a file that could not be read: shown, it would look deleted.
        if let Some(error) = vault.load_errors_of(entry).next() {
            let line = error.line.map(|n| format!(":{n}")).unwrap_or_default();
            anyhow::bail!(
                "{}{line} could not be read, so there is nothing to show yet: {}",
                entry.note.path.display(),
                error.message
            );
        }
        return Ok(entry);
    }
    let names = suggest::candidates(vault, classes);
    let near = suggest::closest_by(name, names.iter().map(|(n, a)| (n.as_str(), a.as_str())));
    let hint = suggest::hint(&near);
    anyhow::bail!(
        "no note called \"{}\".{hint} Try `repair-coach skills` to see what is here.",
        render::typed_name(name)
    )
}

/// The note for reading: its model's parts in order, or the body for a plain note.
pub fn text(vault: &Vault, entry: &Entry, style: Style) -> String {
    let mut page = Page::new(style);
    page.title(&entry.note.name);
    match &entry.model {
        Model::Skill(skill) => {
            page.skill(skill, &super::mistakes::of_skill(vault, skill));
            if skill.kind == SkillKind::Meta {
                page.bullets("Skills that draw on it", &skills_linking(vault, entry));
            }
        }
        Model::Practice(practice) => page.practice(practice, &entry.note),
        // As the session shows it to someone not safe: the lines for where they live, and
        // none of the notes on sources.
        _ if entry.note.file_class() == Some(SAFETY_FILE_CLASS) => {
            let safety = SafetyNote::of(vault, entry).for_country(locale::country().as_deref());
            page.markdown(without_title(&safety.shown(), &entry.note.name));
        }
        _ => page.markdown(without_title(entry.note.body(), &entry.note.name)),
    }
    page.see_also(&links(vault, entry));
    page.out
}

/// The skills whose `supporting_meta_skills` lead to this note, by name.
fn skills_linking(vault: &Vault, entry: &Entry) -> Vec<String> {
    let mut names: Vec<String> = vault
        .skills_drawing_on(entry)
        .into_iter()
        .map(|skill| render::sanitize(&skill.name).into_owned())
        .collect();
    names.sort_by_key(|name| name.to_lowercase());
    names
}

/// The body without a first `# Title` that only repeats the note's name, already shown above it.
fn without_title<'b>(body: &'b str, name: &str) -> &'b str {
    let trimmed = body.trim_start();
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    match first.trim_end().strip_prefix("# ") {
        Some(title) if title.trim().eq_ignore_ascii_case(name) => rest,
        _ => body,
    }
}

/// The note's typed model as JSON, with the `version` beside its fields; a plain note as its
/// name, path and body.
pub fn json(entry: &Entry) -> anyhow::Result<String> {
    #[derive(Serialize)]
    struct PlainNote<'a> {
        r#type: &'static str,
        name: &'a str,
        path: &'a Path,
        body: &'a str,
    }
    match &entry.model {
        Model::Plain => json::to_string(&Versioned::new(PlainNote {
            r#type: "plain",
            name: &entry.note.name,
            path: &entry.note.path,
            body: entry.note.body(),
        })),
        _ => json::to_string(&Versioned::new(super::ModelJson::of(entry))),
    }
}

/// A link of the note as a reader can follow it: a note's name, or the text of a link that
/// leads nowhere.
#[derive(Debug, PartialEq, Eq)]
enum SeeAlso {
    Note(String),
    Missing(String),
}

/// The notes this one links to, each once, in the order they first appear. Embeds of things that
/// are not notes (images) are left out; so are links back to the note itself.
fn links(vault: &Vault, entry: &Entry) -> Vec<SeeAlso> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for located in entry.note.links() {
        let link = &located.link;
        if link.target.is_empty() {
            continue;
        }
        let item = match vault.resolve(link) {
            Some(target) if target.note.path == entry.note.path => continue,
            Some(target) => SeeAlso::Note(target.note.name.clone()),
            None if link.embed || vault.is_attachment(link) => continue,
            None => SeeAlso::Missing(link.target.clone()),
        };
        let key = match &item {
            SeeAlso::Note(name) | SeeAlso::Missing(name) => name.to_lowercase(),
        };
        if seen.insert(key) {
            out.push(item);
        }
    }
    out
}

/// Output being built, one block after another with a blank line between.
struct Page {
    style: Style,
    out: String,
}

impl Page {
    fn new(style: Style) -> Page {
        Page {
            style,
            out: String::new(),
        }
    }

    fn block(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(text.trim_end_matches('\n'));
        self.out.push('\n');
    }

    fn title(&mut self, name: &str) {
        let title = self.style.bold(&render::sanitize_line(name));
        self.block(&title);
    }

    fn heading(&mut self, heading: &str) {
        let heading = self.style.bold(heading);
        self.block(&heading);
    }

    fn paragraph(&mut self, text: &str) {
        self.block(&render::wrapped(text.trim(), self.style, "", ""));
    }

    fn markdown(&mut self, text: &str) {
        self.block(&render::markdown(text, self.style));
    }

    /// A skill, with `mistakes`: its own and those its signals note adds, as a session flags.
    fn skill(&mut self, skill: &Skill, mistakes: &[&str]) {
        let kind = match (skill.kind, skill.current_focus) {
            (SkillKind::Core, true) => "A core skill, your current focus",
            (SkillKind::Core, false) => "A core skill",
            (SkillKind::Meta, true) => "A meta-skill, your current focus",
            (SkillKind::Meta, false) => "A meta-skill",
        };
        // The line under the title belongs with it, without a blank line between.
        self.out.push_str(&self.style.dim(kind));
        self.out.push('\n');
        self.paragraph(&skill.description);
        if !skill.why_it_matters.trim().is_empty() {
            self.heading("Why it matters");
            self.paragraph(&skill.why_it_matters);
        }
        if !skill.steps.is_empty() {
            self.heading("Steps");
            self.steps(&skill.steps);
        }
        self.bullets("Common mistakes", mistakes);
        if let Some(how) = skill
            .how_to_practice
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        {
            self.heading("How to practise");
            self.paragraph(how);
        }
    }

    /// A practice: what it is for, its other sections (such as an example), then its stages and
    /// reflection prompts.
    fn practice(&mut self, practice: &Practice, note: &Note) {
        self.out.push_str(&self.style.dim("A practice"));
        self.out.push('\n');
        self.paragraph(&practice.description);
        self.other_sections(note, PRACTICE_SECTIONS_DRAWN);
        if !practice.stages.is_empty() {
            self.heading("Stages");
            self.steps(&practice.stages);
        }
        self.bullets("To reflect on", &practice.reflection_prompts);
    }

    /// The note's other top sections (a practice's example dialogue, say), drawn as markdown.
    fn other_sections(&mut self, note: &Note, drawn: &[&str]) {
        for section in note.sections() {
            if section.level <= 2 && !section.is_called(drawn) {
                self.heading(&render::sanitize(&section.heading));
                self.markdown(&section.markdown);
            }
        }
    }

    /// Numbered steps: the title, then its guidance under it with a hanging indent.
    /// A heading and its items as a bulleted list, wrapped with a hanging indent; nothing when
    /// there are no items.
    fn bullets(&mut self, heading: &str, items: &[impl AsRef<str>]) {
        if items.is_empty() {
            return;
        }
        self.heading(heading);
        let list: Vec<String> = items
            .iter()
            .map(|item| render::wrapped(item.as_ref(), self.style, "- ", "  "))
            .collect();
        self.block(&list.join("\n"));
    }

    fn steps(&mut self, steps: &[Step]) {
        let drawn: Vec<String> = steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let number = format!("{}. ", i + 1);
                let indent = " ".repeat(number.len());
                let title = render::wrapped(&step.title, self.style, &number, &indent);
                let guidance = step.guidance.trim().trim_start_matches('→').trim_start();
                if guidance.is_empty() {
                    title
                } else {
                    // The arrow is for the eye; read aloud ("rightwards arrow") it is noise, and
                    // the indent already sets the guidance under its step.
                    let marked = match self.style.color {
                        true => format!("{} {guidance}", self.style.dim("→")),
                        false => guidance.to_owned(),
                    };
                    let guidance = render::wrapped(&marked, self.style, &indent, &indent);
                    format!("{title}\n{guidance}")
                }
            })
            .collect();
        self.block(&drawn.join("\n"));
    }

    fn see_also(&mut self, links: &[SeeAlso]) {
        if links.is_empty() {
            return;
        }
        let names: Vec<String> = links
            .iter()
            .map(|link| match link {
                SeeAlso::Note(name) => name.clone(),
                SeeAlso::Missing(target) => format!("{target} (no note)"),
            })
            .collect();
        let line = render::wrapped(
            &format!("See also: {}", names.join(", ")),
            self.style,
            "",
            "  ",
        );
        self.block(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_heading_that_repeats_the_name_is_not_drawn_twice() {
        assert_eq!(without_title("# Dangling\n\nText", "Dangling"), "\nText");
        assert_eq!(without_title("\n# dangling\r\nText", "Dangling"), "Text");
        assert_eq!(without_title("# Other\nText", "Dangling"), "# Other\nText");
        assert_eq!(
            without_title("## Dangling\nText", "Dangling"),
            "## Dangling\nText"
        );
        assert_eq!(without_title("", "Dangling"), "");
    }

    #[test]
    fn steps_show_title_then_guidance_with_a_hanging_indent() {
        let mut page = Page::new(Style {
            color: false,
            width: 40,
        });
        page.steps(&[
            Step {
                title: "Regulate yourself first".into(),
                guidance: "Pause, breathe, and make sure you're grounded enough.".into(),
            },
            Step {
                title: "No guidance".into(),
                guidance: String::new(),
            },
        ]);
        assert_eq!(
            page.out,
            "1. Regulate yourself first\n   Pause, breathe, and make sure you're\n   grounded enough.\n2. No guidance\n"
        );
    }

    #[test]
    fn see_also_marks_links_that_lead_nowhere() {
        let mut page = Page::new(Style::plain());
        page.see_also(&[
            SeeAlso::Note("Owning Impact".into()),
            SeeAlso::Missing("Someday".into()),
        ]);
        assert_eq!(page.out, "See also: Owning Impact, Someday (no note)\n");
    }
}
