//! What `check` says about skills that only the whole vault shows: several skills marked as the
//! current focus, and skill fields that link to notes of the wrong kind.
use crate::diagnostic::Finding;
use crate::model::{Model, Skill};
use crate::vault::{Origin, Vault};

/// The findings, in no particular order (`check` sorts them with the rest).
pub fn of(vault: &Vault) -> Vec<Finding> {
    let mut findings = several_focus(vault);
    for skill in vault.skills() {
        linked_kinds(vault, skill, &mut findings);
    }
    findings
}

/// `start` walks the focus skill straight away; with several it has to ask each time.
fn several_focus(vault: &Vault) -> Vec<Finding> {
    let focus: Vec<(&Skill, &Origin)> = vault
        .entries()
        .iter()
        .filter_map(|e| match &e.model {
            Model::Skill(s) if s.current_focus && s.is_walkable() => Some((s, &e.origin)),
            _ => None,
        })
        .collect();
    if focus.len() < 2 {
        return Vec::new();
    }
    let mut names: Vec<String> = focus
        .iter()
        .map(|(s, _)| format!("[[{}]]", s.name))
        .collect();
    names.sort_by_key(|name| name.to_lowercase());
    focus
        .iter()
        .map(|(skill, origin)| {
            let how = match origin {
                Origin::Shipped => format!(
                    "to take it off this shipped skill, copy {}.md into your vault with \
                     `current_focus: false`",
                    skill.name
                ),
                Origin::User(_) => "set it on one skill only to start with that one".to_string(),
            };
            Finding::warning(
                &skill.path,
                skill.lines.current_focus,
                format!(
                    "{} skills are marked `current_focus: true` ({}): `repair-coach start` will \
                     ask which one each time; {how}",
                    focus.len(),
                    names.join(", ")
                ),
            )
        })
        .collect()
}

/// `supporting_meta_skills` should lead to skills, `related_scenarios` to scenarios.
fn linked_kinds(vault: &Vault, skill: &Skill, findings: &mut Vec<Finding>) {
    let fields = [
        (
            "supporting_meta_skills",
            &skill.supporting_meta_skills,
            skill.lines.supporting_meta_skills,
            "a skill (`fileClass: meta_skill`)",
        ),
        (
            "related_scenarios",
            &skill.related_scenarios,
            skill.lines.related_scenarios,
            "a scenario (`fileClass: scenario`, with a `description`)",
        ),
    ];
    for (field, links, line, needs) in fields {
        for link in links {
            // A link that leads nowhere is already reported with the vault's other links.
            let Some(entry) = vault.resolve(link) else {
                continue;
            };
            let fits = matches!(
                (&entry.model, field),
                (Model::Skill(_), "supporting_meta_skills")
                    | (Model::Scenario(_), "related_scenarios")
            );
            if !fits {
                findings.push(Finding::warning(
                    &skill.path,
                    line,
                    format!(
                        "`{field}` links to [[{}]], which is not {needs}: link to one, or give \
                         {} that fileClass",
                        link.target, entry.note.name
                    ),
                ));
            }
        }
    }
}
