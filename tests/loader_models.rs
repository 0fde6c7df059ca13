//! Typing notes into skills and practices: the shipped Repair note and the quirks around it.
use repair_coach::diagnostic::Severity;
use repair_coach::model::{Model, Practice, Skill, SkillKind};
use repair_coach::note::Note;
use std::path::Path;

const REPAIR: &str = include_str!("../content/Repair.md");

fn skill(name: &str, text: &str) -> (Skill, Vec<repair_coach::diagnostic::Finding>) {
    let note = Note::parse(Path::new(name), text).expect("note parses");
    Skill::from_note(&note).expect("skill types")
}

fn skill_err(text: &str) -> repair_coach::note::NoteError {
    let note = Note::parse(Path::new("Bad.md"), text).expect("note parses");
    Skill::from_note(&note).expect_err("skill is rejected")
}

#[test]
fn the_shipped_repair_note_is_the_seed() {
    // tests/fixtures/seeds/ holds byte-for-byte copies of the seed notes.
    let seed = std::fs::read_to_string("tests/fixtures/seeds/000_repair.txt").unwrap();
    assert_eq!(
        seed, REPAIR,
        "content/Repair.md must be seed 000 byte for byte"
    );
}

#[test]
fn repair_has_exactly_the_five_seed_steps_with_guidance() {
    let (repair, warnings) = skill("<shipped>/Repair.md", REPAIR);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(repair.name, "Repair");
    assert_eq!(repair.kind, SkillKind::Core);
    let steps: Vec<(&str, &str)> = repair
        .steps
        .iter()
        .map(|s| (s.title.as_str(), s.guidance.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (
                "Regulate yourself first",
                "Pause, breathe, and make sure you're grounded enough to show up emotionally instead of reactively."
            ),
            (
                "Acknowledge their experience without defending",
                "Focus on what they felt, not whether it was fair. This is about emotional attunement, not logic."
            ),
            (
                "Take responsibility for your impact",
                "Even if it wasn’t intentional. This validates their experience and opens the door to healing."
            ),
            (
                "Express your care and desire to repair",
                "Let them know the relationship matters to you and you're here not to win, but to reconnect."
            ),
            (
                "Stay present — don’t rush the fix",
                "The repair is the presence, not the solution. Let the emotional reconnection happen in its own time."
            ),
        ]
    );
}

#[test]
fn repair_links_mistakes_and_focus() {
    let (repair, _) = skill("<shipped>/Repair.md", REPAIR);
    let meta: Vec<&str> = repair
        .supporting_meta_skills
        .iter()
        .map(|l| l.target.as_str())
        .collect();
    assert_eq!(
        meta,
        vec![
            "Holding Discomfort",
            "Owning Impact",
            "Partnering Instead of Defending",
            "Staying Grounded",
            "Integrating Feedback"
        ]
    );
    assert!(repair.related_scenarios.is_empty());
    assert!(repair.current_focus);
    assert_eq!(
        repair.mistakes,
        vec![
            "Rushing to explain your intent",
            "Getting defensive or factual",
            "Apologizing too early without attunement",
            "Shutting down when they don’t respond immediately",
            "Using words but not showing emotional availability",
        ]
    );
    assert_eq!(
        repair.mistakes_summary.as_deref(),
        Some(
            "Defending your intent, minimizing their pain, skipping straight to solutions or apologies, withdrawing emotionally, or demanding instant resolution."
        )
    );
    assert!(
        repair
            .description
            .starts_with("The intentional process of repairing")
    );
    assert!(
        repair
            .why_it_matters
            .starts_with("All relationships involve rupture.")
    );
    assert!(repair.extra.is_empty(), "{:?}", repair.extra);
}

#[test]
fn steps_come_from_the_body_when_the_frontmatter_has_none() {
    let (s, warnings) = skill(
        "S.md",
        "---\nfileClass: core_skill\ndescription: d\n---\n## Steps\n---\n1. **One**  \n   → do one\n2. **Two**\n   → do two\n",
    );
    assert!(warnings.is_empty());
    assert_eq!(s.steps.len(), 2);
    assert_eq!(
        (s.steps[1].title.as_str(), s.steps[1].guidance.as_str()),
        ("Two", "do two")
    );
}

#[test]
fn disagreeing_step_titles_warn_with_the_body_line() {
    let (s, warnings) = skill(
        "S.md",
        "---\nfileClass: core_skill\ndescription: d\nsteps: [\"Step 1: One\", \"Step 2: Two!\", \"Step 3: Three\"]\n---\n## Steps\n1. **one**\n   → a\n2. **two**\n   → b\n3. **Something else**\n   → c\n",
    );
    assert_eq!(s.steps[2].title, "Three");
    assert_eq!(s.steps[2].guidance, "c");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert_eq!(warnings[0].line, Some(11));
    assert!(
        warnings[0]
            .message
            .contains("step 3 is called \"Three\" in the frontmatter (line 4) but \"Something else\" in the body (line 11)"),
        "{}",
        warnings[0].message
    );
}

#[test]
fn a_different_step_count_warns_at_the_section() {
    let (s, warnings) = skill(
        "S.md",
        "---\nfileClass: core_skill\ndescription: d\nsteps: [One, Two]\n---\n## Steps\n1. **One**\n",
    );
    assert_eq!(s.steps.len(), 2);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].line, Some(6));
    assert!(
        warnings[0]
            .message
            .contains("lists 2 steps but the `## Steps` section has 1")
    );
}

#[test]
fn steps_as_a_string_names_the_field() {
    let e =
        skill_err("---\nfileClass: core_skill\ndescription: d\nsteps: do it all at once\n---\n");
    assert_eq!(e.line, Some(4));
    assert_eq!(
        e.message,
        "`steps` should be a list of step titles, like [\"Step 1: ...\", \"Step 2: ...\"], not `do it all at once`"
    );
}

#[test]
fn current_focus_maybe_names_the_field() {
    let e = skill_err(
        "---\nfileClass: core_skill\ndescription: d\nsteps: [a]\ncurrent_focus: maybe\n---\n",
    );
    assert_eq!(e.line, Some(5));
    assert_eq!(
        e.message,
        "`current_focus` should be true or false, not `maybe`"
    );
}

#[test]
fn missing_description_names_the_field() {
    let e = skill_err("---\nfileClass: core_skill\nsteps: [a]\n---\nBody\n");
    assert_eq!(e.line, Some(1));
    assert!(
        e.message.starts_with("`description` is missing"),
        "{}",
        e.message
    );
}

#[test]
fn a_meta_skill_needs_only_a_description() {
    let (s, _) = skill(
        "Staying Grounded.md",
        "---\nfileClass: meta_skill\ndescription: Feet on the floor.\naliases: Grounded\ntags: calm, body\nmood: [x]\n---\n## How to Practise\n---\nBreathe out slowly.\n",
    );
    assert_eq!(s.kind, SkillKind::Meta);
    assert!(s.steps.is_empty());
    assert_eq!(s.how_to_practice.as_deref(), Some("Breathe out slowly."));
    assert_eq!(s.aliases, vec!["Grounded"]);
    assert_eq!(s.tags, vec!["calm", "body"]);
    assert!(s.extra.contains_key("mood"));
    let e = skill_err("---\nfileClass: meta_skill\n---\n");
    assert!(e.message.starts_with("`description` is missing"));
}

#[test]
fn mistakes_fall_back_to_the_summary_sentence() {
    let (s, _) = skill(
        "S.md",
        "---\nfileClass: core_skill\ndescription: d\nsteps: [a]\ncommon_mistakes: Defending your intent, minimizing their pain, or rushing.\n---\n",
    );
    assert_eq!(
        s.mistakes,
        vec!["Defending your intent", "Minimizing their pain", "Rushing"]
    );
}

#[test]
fn practice_types_with_stages_and_prompts() {
    let note = Note::parse(
        Path::new("P.md"),
        "---\nfileClass: practice\ndescription: d\nstages: [\"Get clear\\r\", \"Release should\"]\nreflection_prompts: [\"What did you assume?\"]\nrelated_skills: [\"[[Repair]]\"]\n---\n## Stages\n1. **Get clear**\n   → They care.\n2. **Release should**\n   → Let it go.\n",
    )
    .unwrap();
    let (p, warnings) = Practice::from_note(&note).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(p.stages[0].title, "Get clear");
    assert_eq!(p.stages[1].guidance, "Let it go.");
    assert_eq!(p.reflection_prompts, vec!["What did you assume?"]);
    assert_eq!(p.related_skills[0].target, "Repair");
    let Ok(typed) = Model::from_note(&note) else {
        panic!()
    };
    assert!(matches!(typed.model, Model::Practice(_)));
}

#[test]
fn unknown_file_class_is_plain() {
    let note = Note::parse(Path::new("x.md"), "---\nfileClass: recipe\n---\n").unwrap();
    assert!(matches!(
        Model::from_note(&note).unwrap().model,
        Model::Plain
    ));
}
