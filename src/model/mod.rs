//! Typed models made from notes, chosen by `fileClass`.
//!
//! | fileClass | model |
//! | --- | --- |
//! | `core_skill`, `meta_skill` | [`Skill`] |
//! | `practice` | [`Practice`] |
//! | `session_guide` | [`SessionGuide`]: the coaching session's own questions |
//! | `mistake_signals` | [`MistakeSignals`]: phrases that hint at a common mistake |
//! | anything else, or none | kept as a plain note, for links; never an error |

mod fields;
pub mod guide;
pub mod practice;
pub mod session;
pub mod skill;

pub use guide::{MistakeSignals, PromptWords, SessionGuide, Signal};
pub use practice::Practice;
pub use session::{AnswerValue, Answered, CouldSay, Kind, SessionRecord, Status};
pub use skill::{Skill, SkillKind, Step};

use crate::diagnostic::Finding;
use crate::note::{Note, NoteError, Section};
use serde::Serialize;

/// What a note turned out to be.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Model {
    Skill(Skill),
    Practice(Practice),
    SessionGuide(SessionGuide),
    MistakeSignals(MistakeSignals),
    /// Any other note: kept so links to it resolve.
    Plain,
}

/// What a note's `fileClass` says it is, before it is typed: what a vault loaded in layers
/// knows of a note it has not read yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Skill(SkillKind),
    Practice,
    SessionGuide,
    MistakeSignals,
    Plain,
}

impl Class {
    pub fn of(file_class: Option<&str>) -> Class {
        match file_class {
            Some("core_skill") => Class::Skill(SkillKind::Core),
            Some("meta_skill") => Class::Skill(SkillKind::Meta),
            Some("practice") => Class::Practice,
            Some("session_guide") => Class::SessionGuide,
            Some("mistake_signals") => Class::MistakeSignals,
            _ => Class::Plain,
        }
    }

    pub fn of_model(model: &Model) -> Class {
        match model {
            Model::Skill(skill) => Class::Skill(skill.kind),
            Model::Practice(_) => Class::Practice,
            Model::SessionGuide(_) => Class::SessionGuide,
            Model::MistakeSignals(_) => Class::MistakeSignals,
            Model::Plain => Class::Plain,
        }
    }
}

/// A model and the warnings met while making it (the note still loads).
#[derive(Debug, Clone)]
pub struct Typed {
    pub model: Model,
    pub warnings: Vec<Finding>,
}

impl Model {
    /// Types a note by its `fileClass`. An error means the note claims a type but does not fit it.
    pub fn from_note(note: &Note) -> Result<Typed, NoteError> {
        Model::from_note_with(note, Note::sections)
    }

    /// `from_note`, with the body's sections found by `sections` if the model needs them: the
    /// vault's load for `check` finds them in the same markdown pass as the links.
    pub(crate) fn from_note_with(
        note: &Note,
        sections: impl FnOnce(&Note) -> Vec<Section>,
    ) -> Result<Typed, NoteError> {
        let plain = || Typed {
            model: Model::Plain,
            warnings: Vec::new(),
        };
        match Class::of(note.file_class()) {
            Class::Skill(_) => {
                Skill::from_sections(note, sections(note)).map(|(s, warnings)| Typed {
                    model: Model::Skill(s),
                    warnings,
                })
            }
            Class::Practice => {
                Practice::from_sections(note, sections(note)).map(|(p, warnings)| Typed {
                    model: Model::Practice(p),
                    warnings,
                })
            }
            Class::SessionGuide => SessionGuide::from_note(note).map(|g| Typed {
                model: Model::SessionGuide(g),
                warnings: Vec::new(),
            }),
            Class::MistakeSignals => MistakeSignals::from_note(note).map(|m| Typed {
                model: Model::MistakeSignals(m),
                warnings: Vec::new(),
            }),
            Class::Plain => Ok(plain()),
        }
    }
}
