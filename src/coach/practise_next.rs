//! Which supporting meta-skill to offer at the end of a session ("To practise next: Owning
//! Impact"): the one a mistake the session gently pointed out suggests (a signal's `practise`),
//! else the first the skill lists.
use crate::model::Skill;

/// One of `meta_skills`, or none when the skill lists none. `suggested` are the names of the
/// meta-skills the flagged signals suggest, in the order they were flagged.
pub fn choose<'p, 's>(
    meta_skills: &'p [Skill],
    suggested: impl IntoIterator<Item = &'s str>,
) -> Option<&'p Skill> {
    suggested
        .into_iter()
        .find_map(|name| {
            meta_skills
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name))
        })
        .or_else(|| meta_skills.first())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::Plan;
    use crate::vault::Vault;

    fn names(plan: &Plan, suggested: &[&str]) -> Option<String> {
        choose(&plan.meta_skills, suggested.iter().copied()).map(|s| s.name.clone())
    }

    #[test]
    fn a_flagged_mistakes_suggestion_wins_if_the_skill_lists_it() {
        let plan = Plan::from_vault(&Vault::shipped()).unwrap();
        assert_eq!(
            names(&plan, &["Nowhere", "owning impact", "Staying Grounded"]).as_deref(),
            Some("Owning Impact")
        );
        assert_eq!(
            names(&plan, &[]).as_deref(),
            Some(plan.meta_skills[0].name.as_str())
        );
        assert!(choose(&[], ["Owning Impact"]).is_none());
    }
}
