//! `skills`: what the coach knows, grouped as core skills, meta-skills and practices.
use super::ModelJson;
use crate::model::{Model, SkillKind};
use crate::render::{self, Style};
use crate::vault::{ListedKind, Vault};

const FOCUS_MARK: &str = "(current focus)";

/// One line per note, `name — description`, cut to the width; the current focus says so in words.
pub fn text(vault: &Vault, style: Style) -> String {
    let mut core = Vec::new();
    let mut meta = Vec::new();
    let mut practices = Vec::new();
    // From the frontmatter where it has what a line shows: no note's body is read for this.
    for listed in vault.listing() {
        let line = (listed.name, listed.description, listed.current_focus);
        match listed.kind {
            ListedKind::Skill(SkillKind::Core) => core.push(line),
            ListedKind::Skill(SkillKind::Meta) => meta.push(line),
            ListedKind::Practice => practices.push(line),
        }
    }

    let mut out = String::new();
    for (title, mut lines) in [
        ("Core skills", core),
        ("Meta-skills", meta),
        ("Practices", practices),
    ] {
        if lines.is_empty() {
            continue;
        }
        lines.sort_by_key(|(name, _, _)| name.to_lowercase());
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&style.bold(title));
        out.push('\n');
        for (name, description, focus) in lines {
            out.push_str(&line(name, description, focus, style));
            out.push('\n');
        }
    }
    if out.is_empty() {
        return "No skills or practices here yet.\n".to_string();
    }
    out.push('\n');
    out.push_str(&style.dim("Read one with: repair-coach show NAME"));
    out.push('\n');
    out
}

fn line(name: &str, description: &str, focus: bool, style: Style) -> String {
    const INDENT: &str = "  ";
    let mark_width = if focus { FOCUS_MARK.len() + 1 } else { 0 };
    let room = style
        .width
        .saturating_sub(mark_width + INDENT.len())
        .max(20);
    let text = if description.trim().is_empty() {
        name.to_string()
    } else {
        format!("{name} — {description}")
    };
    let mut line = format!("{INDENT}{}", render::one_line(&text, room));
    if focus {
        line.push(' ');
        line.push_str(&style.dim(FOCUS_MARK));
    }
    line
}

/// The skills and practices as their typed models, for scripts: `{"version": 1, "notes": [...]}`.
pub fn json(vault: &Vault) -> anyhow::Result<String> {
    let models: Vec<ModelJson> = vault
        .entries()
        .iter()
        .filter(|entry| matches!(entry.model, Model::Skill(_) | Model::Practice(_)))
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
        let with_focus = line("Repair", &long, true, style);
        assert!(with_focus.ends_with("… (current focus)"), "{with_focus}");
        assert!(with_focus.chars().count() <= style.width);
        assert_eq!(
            line("Owning Impact", "Taking responsibility.", false, style),
            "  Owning Impact — Taking responsibility."
        );
    }

    #[test]
    fn a_line_never_carries_escape_sequences_from_a_note() {
        let out = line(
            "Evil\x1b[2J",
            "desc\x1b]52;c;AAAA\x07ription",
            false,
            Style::plain(),
        );
        assert_eq!(out, "  Evil — description");
    }
}
