//! Which skill a session walks when none is named: the one marked `current_focus: true`; with
//! several, the person chooses; with none, the session guide's own skill.
use crate::model::Skill;
use crate::vault::Vault;

#[derive(Debug)]
pub enum Focus<'v> {
    /// Walk this one.
    Skill(&'v Skill),
    /// Several are the focus: ask which, in this order (by name).
    Choose(Vec<&'v Skill>),
}

/// The focus among the vault's walkable skills; `guide_skill` when none is marked.
pub fn focus<'v>(vault: &'v Vault, guide_skill: &'v Skill) -> Focus<'v> {
    let mut marked: Vec<&Skill> = vault.focus_skills().filter(|s| s.is_walkable()).collect();
    marked.sort_by_key(|s| s.name.to_lowercase());
    match marked.len() {
        0 => Focus::Skill(guide_skill),
        1 => Focus::Skill(marked[0]),
        _ => Focus::Choose(marked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault_with(notes: &[(&str, &str)]) -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in notes {
            std::fs::write(dir.path().join(format!("{name}.md")), text).unwrap();
        }
        let vault = Vault::load(Some(dir.path())).unwrap();
        (dir, vault)
    }

    fn skill<'v>(vault: &'v Vault, name: &str) -> &'v Skill {
        vault.skills().find(|s| s.name == name).unwrap()
    }

    fn walked<'v>(focus: Focus<'v>) -> &'v str {
        match focus {
            Focus::Skill(skill) => &skill.name,
            Focus::Choose(_) => panic!("a choice"),
        }
    }

    fn tea(focus: bool) -> String {
        format!(
            "---\nfileClass: core_skill\ndescription: Tea.\nsteps: [\"Boil\"]\ncurrent_focus: {focus}\n---\n"
        )
    }

    const REPAIR_UNFOCUSED: &str = "---\nfileClass: core_skill\ndescription: Mend.\nsteps: [\"Mend\"]\ncurrent_focus: false\n---\n";

    #[test]
    fn the_one_focus_skill_is_walked() {
        let (_d, vault) = vault_with(&[("Tea", &tea(true)), ("Repair", REPAIR_UNFOCUSED)]);
        let guide = skill(&vault, "Repair");
        assert_eq!(walked(focus(&vault, guide)), "Tea");
    }

    #[test]
    fn several_are_a_choice_by_name_and_none_is_the_guides_skill() {
        let (_d, vault) = vault_with(&[("Tea", &tea(true))]);
        let guide = skill(&vault, "Repair");
        let Focus::Choose(names) = focus(&vault, guide) else {
            panic!("a choice");
        };
        let names: Vec<&str> = names.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Repair", "Tea"]);

        let (_d, vault) = vault_with(&[("Tea", &tea(false)), ("Repair", REPAIR_UNFOCUSED)]);
        let guide = skill(&vault, "Repair");
        assert_eq!(walked(focus(&vault, guide)), "Repair");
    }
}
