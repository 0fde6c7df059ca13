//! Typed models made from notes, chosen by `fileClass`.
//!
//! | fileClass | model |
//! | --- | --- |
//! | `core_skill`, `meta_skill` | [`Skill`] |
//! | `practice` | [`Practice`] |
//! | `scenario` | [`Scenario`]: a situation a skill is practised in |
//! | `session_guide` | [`SessionGuide`]: the coaching session's own questions |
//! | `mistake_signals` | [`MistakeSignals`]: phrases that hint at a common mistake |
//! | `checkin_guide` | [`CheckinWords`]: the words of `checkin` |
//! | `debrief_guide` | [`DebriefWords`]: the words of `debrief` |
//! | `summary_guide` | [`SummaryWords`]: the words of `journal summary` |
//! | `break_guide` | [`BreakWords`]: a break's timer and words |
//! | anything else, or none | kept as a plain note, for links; never an error |

pub mod break_words;
pub mod checkin;
pub mod debrief;
mod fields;
pub mod guide;
pub mod practice;
pub mod scenario;
pub mod session;
pub mod skill;
pub mod summary;

pub use break_words::BreakWords;
pub use checkin::CheckinWords;
pub use debrief::DebriefWords;
pub use summary::SummaryWords;

pub use guide::{MistakeSignals, PromptWords, SessionGuide, Signal};
pub use practice::Practice;
pub use scenario::Scenario;
pub use session::{AnswerValue, Answered, CouldSay, Flagged, Kind, SessionRecord, Status};
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
    Scenario(Scenario),
    SessionGuide(SessionGuide),
    MistakeSignals(MistakeSignals),
    CheckinWords(Box<CheckinWords>),
    DebriefWords(Box<DebriefWords>),
    SummaryWords(Box<SummaryWords>),
    BreakWords(Box<BreakWords>),
    /// Any other note: kept so links to it resolve.
    Plain,
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
        let typed = |model| Typed {
            model,
            warnings: Vec::new(),
        };
        let plain = || Typed {
            model: Model::Plain,
            warnings: Vec::new(),
        };
        match note.file_class() {
            Some("core_skill") | Some("meta_skill") => Skill::from_sections(note, sections(note))
                .map(|(s, warnings)| Typed {
                    model: Model::Skill(s),
                    warnings,
                }),
            Some("practice") => {
                Practice::from_sections(note, sections(note)).map(|(p, warnings)| Typed {
                    model: Model::Practice(p),
                    warnings,
                })
            }
            Some("scenario") => Scenario::from_sections(note, sections(note)).map(|s| Typed {
                model: Model::Scenario(s),
                warnings: Vec::new(),
            }),
            Some("session_guide") => SessionGuide::from_note(note).map(|g| Typed {
                model: Model::SessionGuide(g),
                warnings: Vec::new(),
            }),
            Some("mistake_signals") => MistakeSignals::from_note(note).map(|m| Typed {
                model: Model::MistakeSignals(m),
                warnings: Vec::new(),
            }),
            Some("checkin_guide") => {
                CheckinWords::from_note(note).map(|w| typed(Model::CheckinWords(Box::new(w))))
            }
            Some("debrief_guide") => {
                DebriefWords::from_note(note).map(|w| typed(Model::DebriefWords(Box::new(w))))
            }
            Some("summary_guide") => {
                SummaryWords::from_note(note).map(|w| typed(Model::SummaryWords(Box::new(w))))
            }
            Some("break_guide") => {
                BreakWords::from_note(note).map(|w| typed(Model::BreakWords(Box::new(w))))
            }
            _ => Ok(plain()),
        }
    }
}
