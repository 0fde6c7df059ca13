//! Which questions each step of a skill asks, in order of preference: the skill note's own
//! (`## Questions`), else the session guide's for that skill, else the guide's one question for
//! any step with the step's title filled in. The step that calms down first (the regulating
//! step) has its scale, breathing and break, so it gets no question it was not given.
use crate::model::guide::Question;
use crate::model::{Skill, Step};

/// Where a step's questions come from, for the words that frame them and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Skill,
    Guide,
    AnyStep,
    /// The regulating step with no questions of its own: it only calms down.
    None,
}

/// One step of the walk: the step, its 1-based number, and what it asks.
#[derive(Debug, Clone)]
pub struct WalkedStep<'s> {
    pub number: usize,
    pub step: &'s Step,
    pub questions: Vec<Question>,
    pub source: Source,
    /// The guide marks this step as the one that calms down first.
    pub regulating: bool,
}

/// The steps of `skill` with their questions. `guide` is the guide's questions for this skill by
/// 1-based step number (empty when it has none for it); `any_step` the guide's question for any
/// step, `{step}` standing for the step's title; `regulating` the 1-based step the guide marks
/// as calming down first, if any.
pub fn walk<'s>(
    skill: &'s Skill,
    guide: impl Fn(usize) -> &'s [Question],
    any_step: &str,
    regulating: Option<usize>,
) -> Vec<WalkedStep<'s>> {
    skill
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let number = index + 1;
            let regulating = regulating == Some(number);
            let own = skill.questions.get(index).filter(|q| !q.is_empty());
            let from_guide = guide(number);
            let (questions, source) = if let Some(own) = own {
                (own.clone(), Source::Skill)
            } else if !from_guide.is_empty() {
                (from_guide.to_vec(), Source::Guide)
            } else if regulating {
                (Vec::new(), Source::None)
            } else {
                let question = Question::plain(any_step.replace("{step}", &step.title), false);
                (vec![question], Source::AnyStep)
            };
            WalkedStep {
                number,
                step,
                questions,
                source,
                regulating,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, SessionGuide};
    use crate::note::Note;
    use std::path::Path;

    const ANY: &str = "What could “{step}” look like for you, now?";

    fn skill(text: &str) -> Skill {
        let note = Note::parse(Path::new("v/Tea.md"), text).unwrap();
        match Model::from_note(&note).unwrap().model {
            Model::Skill(skill) => skill,
            other => panic!("{other:?}"),
        }
    }

    fn shipped(name: &str) -> Skill {
        let vault = crate::vault::Vault::shipped();
        match &vault.get(name).unwrap().model {
            Model::Skill(skill) => skill.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn words(walked: &[WalkedStep]) -> Vec<(Source, Vec<String>)> {
        walked
            .iter()
            .map(|w| {
                let asked = w.questions.iter().map(|q| q.question.clone()).collect();
                (w.source, asked)
            })
            .collect()
    }

    #[test]
    fn a_skill_with_no_questions_asks_the_any_step_question_at_each_step() {
        let tea = skill(
            "---\nfileClass: core_skill\ndescription: Tea.\nsteps: [\"Boil the water\", \"Warm the pot\", \"Pour\"]\n---\n",
        );
        let walked = walk(&tea, |_| &[], ANY, None);
        assert_eq!(
            words(&walked),
            [
                (
                    Source::AnyStep,
                    vec!["What could “Boil the water” look like for you, now?".to_string()]
                ),
                (
                    Source::AnyStep,
                    vec!["What could “Warm the pot” look like for you, now?".to_string()]
                ),
                (
                    Source::AnyStep,
                    vec!["What could “Pour” look like for you, now?".to_string()]
                ),
            ]
        );
        assert!(walked.iter().all(|w| !w.regulating));
    }

    #[test]
    fn the_notes_own_questions_come_first_then_the_guides_then_any_step() {
        let tea = skill(
            "---\nfileClass: core_skill\ndescription: Tea.\nsteps: [\"Boil the water\", \"Warm the pot\", \"Pour\"]\n---\n## Questions\n### Step 1\n- How hot?\n",
        );
        let guide_q = [Question::plain("The guide's".into(), true)];
        let guide = |n: usize| -> &[Question] { if n <= 2 { &guide_q } else { &[] } };
        let walked = walk(&tea, guide, ANY, None);
        let sources: Vec<Source> = walked.iter().map(|w| w.source).collect();
        assert_eq!(sources, [Source::Skill, Source::Guide, Source::AnyStep]);
        assert_eq!(walked[0].questions[0].question, "How hot?");
        assert!(walked[1].questions[0].optional);
    }

    #[test]
    fn repair_walks_with_the_guides_questions_and_a_regulating_first_step() {
        let repair = shipped("Repair");
        let guide = crate::coach::Plan::from_vault(&crate::vault::Vault::shipped())
            .unwrap()
            .guide;
        let walked = walk(
            &repair,
            |n| SessionGuide::questions_for(&guide.repair.steps, n),
            ANY,
            Some(1),
        );
        assert!(walked[0].regulating);
        assert_eq!(walked[0].source, Source::None);
        assert!(walked[0].questions.is_empty());
        assert!(walked[1..].iter().all(|w| w.source == Source::Guide));
    }

    #[test]
    fn after_the_argument_asks_its_own_questions_at_every_step() {
        let after = shipped("After the Argument");
        let walked = walk(&after, |_| &[], ANY, None);
        assert_eq!(walked.len(), 6);
        assert!(walked.iter().all(|w| w.source == Source::Skill));
        assert!(walked[5].questions[1].optional);
    }
}
