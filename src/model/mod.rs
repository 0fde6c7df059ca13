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
//! | `journal_guide` | [`JournalWords`]: the words of `journal list` and `journal show` |
//! | anything else, or none | kept as a plain note, for links; never an error |

pub mod break_words;
pub mod checkin;
pub mod debrief;
pub(crate) mod fields;
pub mod guide;
pub mod journal_words;
pub mod practice;
pub mod scenario;
pub mod session;
pub mod skill;
pub mod skills_line;
pub mod summary;

pub use break_words::BreakWords;
pub use checkin::CheckinWords;
pub use debrief::{DebriefWords, HardTalk, KeyedQuestion};
pub use journal_words::{AnswerWords, JournalWords, PassphraseWords};
pub use summary::SummaryWords;

pub use guide::{MistakeSignals, PromptWords, SessionGuide, Signal, UnsavedWords};
pub use practice::Practice;
pub use scenario::Scenario;
pub use session::{
    AnswerValue, Answered, AskLater, CouldSay, Draft, Flagged, Kind, SessionRecord, Status,
};
pub use skill::{Skill, SkillKind, Step};
pub use skills_line::{ByFields, SkillsLine};

use crate::diagnostic::Finding;
use crate::note::{Note, NoteError, Section};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

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
    JournalWords(Box<JournalWords>),
    /// Any other note: kept so links to it resolve.
    Plain,
}

/// What a note's `fileClass` says it is, before it is typed: what a vault loaded in layers
/// knows of a note it has not read yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Class {
    Skill(SkillKind),
    Practice,
    Scenario,
    SessionGuide,
    MistakeSignals,
    CheckinGuide,
    DebriefGuide,
    SummaryGuide,
    BreakGuide,
    JournalGuide,
    #[default]
    Plain,
}

impl Class {
    /// What `start NAME` walks: core skills (a meta-skill supports them, and has no steps).
    pub const STARTED: &[Class] = &[Class::Skill(SkillKind::Core)];
    /// What `mistakes` reads: both kinds of skill, and practices (their signals' mistakes).
    pub const WALKED: &[Class] = &[
        Class::Skill(SkillKind::Core),
        Class::Skill(SkillKind::Meta),
        Class::Practice,
    ];

    /// Every class a `fileClass` says.
    const TYPED: &[Class] = &[
        Class::Skill(SkillKind::Core),
        Class::Skill(SkillKind::Meta),
        Class::Practice,
        Class::Scenario,
        Class::SessionGuide,
        Class::MistakeSignals,
        Class::CheckinGuide,
        Class::DebriefGuide,
        Class::SummaryGuide,
        Class::BreakGuide,
        Class::JournalGuide,
    ];

    /// The `fileClass` that `written`, which is none the coach reads, was most likely meant to
    /// be: a slip of a letter or two, a capital, a dash or a British spelling (`core_skil`,
    /// `Practise`, `meta-skill`). `None` for a class nothing like any (a vault's own `book` or
    /// `person` is left alone), and for one the coach reads.
    pub fn near_miss(written: &str) -> Option<&'static str> {
        /// How alike, 0 to 1, a slip is to what it was meant to be (`core_skil` is 0.9).
        const ALIKE: f64 = 0.8;
        /// The most classes remembered: a vault has a handful, each on many notes.
        const MOST_REMEMBERED: usize = 1024;
        /// What each class written so far was found to be: asked once for every note that has
        /// one, a dozen edit distances each took a third as long again as the rest of `check` on
        /// a vault whose notes all have a class of their own.
        static FOUND: LazyLock<Mutex<HashMap<String, Option<&'static str>>>> =
            LazyLock::new(Mutex::default);
        if Class::of(Some(written)) != Class::Plain || written.len() > 64 {
            return None;
        }
        let found = || FOUND.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(meant) = found().get(written) {
            return *meant;
        }
        let lower = written.to_lowercase();
        let meant = Class::TYPED
            .iter()
            .filter_map(|class| class.file_class())
            .map(|meant| (strsim::normalized_damerau_levenshtein(&lower, meant), meant))
            .filter(|(alike, _)| *alike >= ALIKE)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, meant)| meant);
        let mut found = found();
        if found.len() < MOST_REMEMBERED {
            found.insert(written.to_owned(), meant);
        }
        meant
    }

    pub fn of(file_class: Option<&str>) -> Class {
        match file_class {
            Some("core_skill") => Class::Skill(SkillKind::Core),
            Some("meta_skill") => Class::Skill(SkillKind::Meta),
            Some("practice") => Class::Practice,
            Some("scenario") => Class::Scenario,
            Some("session_guide") => Class::SessionGuide,
            Some("mistake_signals") => Class::MistakeSignals,
            Some("checkin_guide") => Class::CheckinGuide,
            Some("debrief_guide") => Class::DebriefGuide,
            Some("summary_guide") => Class::SummaryGuide,
            Some("break_guide") => Class::BreakGuide,
            Some("journal_guide") => Class::JournalGuide,
            _ => Class::Plain,
        }
    }

    /// The `fileClass` that says a note is of this class (`None` for a plain note).
    pub fn file_class(self) -> Option<&'static str> {
        Some(match self {
            Class::Skill(SkillKind::Core) => "core_skill",
            Class::Skill(SkillKind::Meta) => "meta_skill",
            Class::Practice => "practice",
            Class::Scenario => "scenario",
            Class::SessionGuide => "session_guide",
            Class::MistakeSignals => "mistake_signals",
            Class::CheckinGuide => "checkin_guide",
            Class::DebriefGuide => "debrief_guide",
            Class::SummaryGuide => "summary_guide",
            Class::BreakGuide => "break_guide",
            Class::JournalGuide => "journal_guide",
            Class::Plain => return None,
        })
    }

    pub fn of_model(model: &Model) -> Class {
        match model {
            Model::Skill(skill) => Class::Skill(skill.kind),
            Model::Practice(_) => Class::Practice,
            Model::SessionGuide(_) => Class::SessionGuide,
            Model::MistakeSignals(_) => Class::MistakeSignals,
            Model::Scenario(_) => Class::Scenario,
            Model::CheckinWords(_) => Class::CheckinGuide,
            Model::DebriefWords(_) => Class::DebriefGuide,
            Model::SummaryWords(_) => Class::SummaryGuide,
            Model::BreakWords(_) => Class::BreakGuide,
            Model::JournalWords(_) => Class::JournalGuide,
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

    /// The line `skills` gives a typed skill or practice (`None` for any other model).
    pub fn skills_line(self) -> Option<SkillsLine> {
        match self {
            Model::Skill(skill) => Some(SkillsLine {
                walkable: skill.is_walkable(),
                description: skill.description,
                current_focus: skill.current_focus,
            }),
            Model::Practice(practice) => Some(SkillsLine {
                description: practice.description,
                current_focus: false,
                walkable: false,
            }),
            _ => None,
        }
    }

    /// The line `skills` gives a note of `class` with these frontmatter `fields` and no body, as
    /// `from_note` would type it (`None` when `class` is neither a skill nor a practice).
    pub(crate) fn skills_line_by_fields(
        class: Class,
        fields: &[(&str, serde_yaml::Value)],
    ) -> Option<ByFields> {
        match class {
            Class::Skill(kind) => Some(Skill::line_by_fields(kind, fields)),
            Class::Practice => Some(Practice::line_by_fields(fields)),
            _ => None,
        }
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
            Class::Scenario => Scenario::from_sections(note, sections(note)).map(|s| Typed {
                model: Model::Scenario(s),
                warnings: Vec::new(),
            }),
            Class::SessionGuide => SessionGuide::from_note(note).map(|g| Typed {
                model: Model::SessionGuide(g),
                warnings: Vec::new(),
            }),
            Class::MistakeSignals => MistakeSignals::from_note(note).map(|m| Typed {
                model: Model::MistakeSignals(m),
                warnings: Vec::new(),
            }),
            Class::CheckinGuide => {
                CheckinWords::from_note(note).map(|w| typed(Model::CheckinWords(Box::new(w))))
            }
            Class::DebriefGuide => {
                DebriefWords::from_note(note).map(|w| typed(Model::DebriefWords(Box::new(w))))
            }
            Class::SummaryGuide => {
                SummaryWords::from_note(note).map(|w| typed(Model::SummaryWords(Box::new(w))))
            }
            Class::BreakGuide => {
                BreakWords::from_note(note).map(|w| typed(Model::BreakWords(Box::new(w))))
            }
            Class::JournalGuide => {
                JournalWords::from_note(note).map(|w| typed(Model::JournalWords(Box::new(w))))
            }
            Class::Plain => Ok(Typed {
                model: Model::Plain,
                warnings: near_miss_warning(note).into_iter().collect(),
            }),
        }
    }
}

/// A warning for a note whose `fileClass` looks like a slip for one the coach reads: as
/// written, the note is read as a plain note, and a skill would be missing from `skills`
/// without a word.
fn near_miss_warning(note: &Note) -> Option<Finding> {
    let written = note.file_class()?;
    let meant = Class::near_miss(written)?;
    let line = note.frontmatter.as_ref()?.field_line("fileClass");
    Some(Finding::warning(
        &note.path,
        line,
        format!(
            "`fileClass: {written}` is not one the coach reads, so this note is read as a plain \
             note: if you meant `{meant}`, write `fileClass: {meant}`"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::Class;

    #[test]
    fn a_slip_in_a_file_class_is_matched_to_the_one_meant_and_a_vaults_own_class_is_not() {
        for (written, meant) in [
            ("core_skil", "core_skill"),
            ("Core_Skill", "core_skill"),
            ("meta-skill", "meta_skill"),
            ("metaskills", "meta_skill"),
            ("practise", "practice"),
            ("Practices", "practice"),
            ("scenarios", "scenario"),
            ("session guide", "session_guide"),
            ("mistake_signal", "mistake_signals"),
        ] {
            assert_eq!(Class::near_miss(written), Some(meant), "{written}");
        }
        for written in [
            "core_skill",
            "practice",
            "book",
            "person",
            "skill",
            "guide",
            "checkin",
            "daily",
            "",
            &"core_skill".repeat(20),
        ] {
            assert_eq!(Class::near_miss(written), None, "{written}");
        }
    }
}
