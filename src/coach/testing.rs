//! A plan for unit tests: the shipped guide and signals notes, parsed as the vault parses them,
//! with the Repair skill's steps and a small practice written out here.
use super::{Plan, SafetyNote};
use crate::model::{MistakeSignals, Practice, SessionGuide, Skill, SkillKind, Step};
use crate::note::Note;
use std::path::Path;

fn note(name: &str, text: &str) -> Note {
    Note::parse(Path::new(&format!("<shipped>/coach/{name}.md")), text)
        .expect("shipped note parses")
}

pub(crate) fn guide() -> SessionGuide {
    SessionGuide::from_note(&note(
        "Session Guide",
        include_str!("../../content/coach/Session Guide.md"),
    ))
    .expect("shipped guide types")
}

pub(crate) fn signals() -> MistakeSignals {
    MistakeSignals::from_note(&note(
        "Mistake Signals",
        include_str!("../../content/coach/Mistake Signals.md"),
    ))
    .expect("shipped signals type")
}

fn step(title: &str, guidance: &str) -> Step {
    Step {
        title: title.to_string(),
        guidance: guidance.to_string(),
    }
}

pub(crate) fn plan() -> Plan {
    Plan {
        guide: guide(),
        skill: Skill {
            name: "Repair".to_string(),
            path: "<shipped>/Repair.md".into(),
            kind: SkillKind::Core,
            description: String::new(),
            why_it_matters: String::new(),
            steps: vec![
                step("Regulate yourself first", "Pause, breathe."),
                step(
                    "Acknowledge their experience without defending",
                    "Focus on what they felt.",
                ),
                step(
                    "Take responsibility for your impact",
                    "Even if it wasn’t intentional.",
                ),
                step("Express your care and desire to repair", "Let them know."),
                step(
                    "Stay present — don’t rush the fix",
                    "The repair is the presence.",
                ),
            ],
            mistakes: Vec::new(),
            mistakes_summary: None,
            supporting_meta_skills: Vec::new(),
            related_scenarios: Vec::new(),
            how_to_practice: None,
            current_focus: true,
            aliases: Vec::new(),
            tags: Vec::new(),
            extra: Default::default(),
        },
        practice: Practice {
            name: "Resolving Attunement Mishaps".to_string(),
            path: "<shipped>/Resolving Attunement Mishaps.md".into(),
            description: "Noticing and naming what was missed.".to_string(),
            stages: vec![
                step("Get clear that they care", "They do care."),
                step("Release “should”", "Let go of should."),
                step("Ask whether they want to learn", "Ask them."),
                step("Make explicit requests", "Say what you need."),
            ],
            reflection_prompts: vec![
                "What did you assume they would notice?".to_string(),
                "What could you ask for next time?".to_string(),
            ],
            related_skills: Vec::new(),
            aliases: Vec::new(),
            tags: Vec::new(),
            body: String::new(),
            extra: Default::default(),
        },
        safety: SafetyNote {
            name: "Staying Safe".to_string(),
            text: include_str!("../../content/coach/Staying Safe.md").to_string(),
        },
        signals: signals().signals,
    }
}
