//! `skills`: what the coach knows, grouped as core skills, meta-skills, practices and scenarios.
use super::ModelJson;
use crate::model::{Class, Model, SkillKind};
use crate::render::{self, Style};
use crate::vault::{ListedKind, Vault};
use rayon::prelude::*;
use std::borrow::Cow;

const FOCUS_MARK: &str = "current focus";
const WALKABLE_MARK: &str = "step by step";
const WALK_HINT: &str = "Start a session with one marked step by step: repair-coach start NAME";
const READ_HINT: &str = "Read one with: repair-coach show NAME";
/// Narrower than this, a note's name, marks and description each get lines of their own:
/// cut to one line, a name would lose its end and a description all of itself.
const NARROW: usize = 60;

/// One line per note, `name — description`, cut to the width; the current focus says so in words,
/// and so does each core skill that `start` can walk (every core skill that loaded has steps).
pub fn text(vault: &Vault, style: Style) -> String {
    let mut core = Vec::new();
    let mut meta = Vec::new();
    let mut practices = Vec::new();
    // From the frontmatter where it holds the whole line: a large vault's skills are not all read.
    let listing = vault.listing();
    for listed in &listing {
        let marks = Marks {
            walkable: listed.walkable,
            focus: listed.current_focus,
        };
        let line = (listed.name, listed.description, marks);
        match listed.kind {
            ListedKind::Skill(SkillKind::Core) => core.push(line),
            ListedKind::Skill(SkillKind::Meta) => meta.push(line),
            ListedKind::Practice => practices.push(line),
        }
    }
    let mut scenarios = Vec::new();
    // Scenario notes only: the rest of a large vault is not read for this.
    for scenario in vault.scenarios() {
        let line = (
            scenario.name.as_str(),
            scenario.description.as_str(),
            Marks::default(),
        );
        scenarios.push(line);
    }

    let mut out = String::new();
    for (title, mut lines) in [
        ("Core skills", core),
        ("Meta-skills", meta),
        ("Practices", practices),
        ("Scenarios", scenarios),
    ] {
        if lines.is_empty() {
            continue;
        }
        lines.sort_by_cached_key(|(name, _, _)| name.to_lowercase());
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&style.bold(title));
        out.push('\n');
        // Drawn on all cores: a large vault lists thousands of skills, each cut to the width.
        let drawn: Vec<String> = lines
            .par_iter()
            .map(|&(name, description, marks)| line(name, description, marks, style))
            .collect();
        for line in drawn {
            out.push_str(&line);
            out.push('\n');
        }
    }
    if out.is_empty() {
        return "No skills or practices here yet.\n".to_string();
    }
    out.push('\n');
    let walkable = listing.iter().any(|listed| listed.walkable);
    for hint in std::iter::once(READ_HINT).chain(walkable.then_some(WALK_HINT)) {
        out.push_str(&style.dim(&render::wrapped(hint, style, "", "")));
        out.push('\n');
    }
    // A skill with a slip in its `fileClass` is read as a plain note: not listed, and not lost
    // without a word.
    let slipped = match vault.slipped_classes() {
        0 => None,
        1 => Some("1 note is not listed: its fileClass looks like a slip for one the coach reads. `repair-coach check` names it.".to_string()),
        n => Some(format!("{n} notes are not listed: their fileClass looks like a slip for one the coach reads. `repair-coach check` names them.")),
    };
    if let Some(slipped) = slipped {
        out.push_str(&style.dim(&render::wrapped(&slipped, style, "", "")));
        out.push('\n');
    }
    out
}

/// What a line says about its skill beside the description.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// `start NAME` can walk it.
    walkable: bool,
    focus: bool,
}

impl Marks {
    /// "(current focus, step by step)", "(step by step)", or nothing.
    fn words(self) -> Option<String> {
        let mut words = String::new();
        for (on, word) in [(self.focus, FOCUS_MARK), (self.walkable, WALKABLE_MARK)] {
            if on {
                words.push_str(if words.is_empty() { "(" } else { ", " });
                words.push_str(word);
            }
        }
        (!words.is_empty()).then(|| words + ")")
    }
}

fn line(name: &str, description: &str, marks: Marks, style: Style) -> String {
    const INDENT: &str = "  ";
    let mark = marks.words();
    if style.width < NARROW {
        return narrow_line(name, description, mark.as_deref(), style);
    }
    let mark_width = mark.as_ref().map_or(0, |m| m.chars().count() + 1);
    let room = style
        .width
        .saturating_sub(mark_width + INDENT.len())
        .max(20);
    let text = if description.trim().is_empty() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned([name, " — ", description].concat())
    };
    let mut line = String::from(INDENT);
    line.push_str(&render::one_line(&text, room));
    if let Some(mark) = mark {
        line.push(' ');
        line.push_str(&style.dim(&mark));
    }
    line
}

/// A note on a narrow terminal: its name whole on a line of its own (wrapped if need be, at its
/// own indent, so that no part of it reads as what is said of it), then its marks, then its
/// description, wrapped under it.
fn narrow_line(name: &str, description: &str, mark: Option<&str>, style: Style) -> String {
    const UNDER: &str = "    ";
    let mut lines = vec![render::wrapped(name, style, "  ", "  ")];
    if let Some(mark) = mark {
        lines.push(style.dim(&render::wrapped(mark, style, UNDER, UNDER)));
    }
    if !description.trim().is_empty() {
        lines.push(render::wrapped(description, style, UNDER, UNDER));
    }
    lines.join("\n")
}

/// The skills, practices and scenarios as their typed models, for scripts:
/// `{"version": 1, "notes": [...]}`.
pub fn json(vault: &Vault) -> anyhow::Result<String> {
    let models: Vec<ModelJson> = vault
        .of_classes(&[
            Class::Skill(SkillKind::Core),
            Class::Skill(SkillKind::Meta),
            Class::Practice,
            Class::Scenario,
        ])
        .into_iter()
        .filter(|entry| {
            matches!(
                entry.model,
                Model::Skill(_) | Model::Practice(_) | Model::Scenario(_)
            )
        })
        .map(ModelJson::of)
        .collect();
    #[derive(serde::Serialize)]
    struct Notes<'a> {
        notes: Vec<ModelJson<'a>>,
    }
    crate::json::to_string(&crate::json::Versioned::new(Notes { notes: models }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_fits_the_width_and_keeps_the_focus_mark_in_words() {
        let style = Style::plain();
        let long = "word ".repeat(40);
        let focus = Marks {
            walkable: true,
            focus: true,
        };
        let with_focus = line("Repair", &long, focus, style);
        assert!(
            with_focus.ends_with("… (current focus, step by step)"),
            "{with_focus}"
        );
        assert!(with_focus.chars().count() <= style.width);
        let walkable = Marks {
            walkable: true,
            focus: false,
        };
        assert_eq!(
            line("After the Argument", "Talking it through.", walkable, style),
            "  After the Argument — Talking it through. (step by step)"
        );
        assert_eq!(
            line(
                "Owning Impact",
                "Taking responsibility.",
                Marks::default(),
                style
            ),
            "  Owning Impact — Taking responsibility."
        );
    }

    #[test]
    fn on_a_narrow_terminal_a_name_stays_whole_and_the_rest_wraps_under_it() {
        let narrow = Style {
            color: false,
            width: 30,
        };
        let marks = Marks {
            walkable: true,
            focus: true,
        };
        assert_eq!(
            line(
                "Partnering Instead of Defending",
                "Turning toward them when feedback stings.",
                marks,
                narrow
            ),
            "  Partnering Instead of\n  Defending\n    (current focus, step by\n    step)\n    \
             Turning toward them when\n    feedback stings."
        );
    }

    #[test]
    fn a_line_never_carries_escape_sequences_from_a_note() {
        let out = line(
            "Evil\x1b[2J",
            "desc\x1b]52;c;AAAA\x07ription",
            Marks::default(),
            Style::plain(),
        );
        assert_eq!(out, "  Evil — description");
    }
}
