//! A session or reflection as the journal keeps it: the answers given so far, in order.
//! The coach produces it, the journal writes it as a `repair_session` note and reads it back.
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `repair-coach start`
    Session,
    /// `repair-coach reflect`
    Reflection,
    /// `repair-coach checkin`: how the person is, between sessions.
    Checkin,
    /// `repair-coach debrief`: the talk itself, looked back on.
    Debrief,
}

impl Kind {
    /// Whether `resume` can carry it on: a check-in or debrief is begun afresh instead.
    pub fn resumable(self) -> bool {
        matches!(self, Kind::Session | Kind::Reflection)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InProgress,
    Paused,
    Complete,
    EndedForSafety,
}

/// How the ids of the choices asked after a note that an answer brought back begin: the safety
/// note, and the note on harm done; the answer's own id follows.
pub const SAFETY_NOTE_CHOICE: &str = "safety_again.";
pub const HARM_NOTE_CHOICE: &str = "harm_done.";

impl Answered {
    /// Whether the answer under `id` brought back the safety note or the note on harm done.
    pub fn brought_a_note(answers: &[Answered], id: &str) -> bool {
        answers.iter().any(|a| {
            [SAFETY_NOTE_CHOICE, HARM_NOTE_CHOICE]
                .iter()
                .any(|note| a.id.strip_prefix(note) == Some(id))
        })
    }
}

/// One answer, with the stable id of the question it answers so that `resume` can replay it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    /// Stable across runs, e.g. `side`, `activation.before`, `repair.2.1`, `flag.repair.2.1`.
    pub id: String,
    /// The section it belongs to, as a reader sees it, e.g. "Acknowledge their experience without defending".
    pub section: String,
    pub question: String,
    pub value: AnswerValue,
    /// For a choice, the words of the option as the person saw them, where they differ from its
    /// key: what the journal shows. The value keeps the key, which `resume` relies on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Text(String),
    /// The key of the option chosen (keys are stable; labels come from notes and may change).
    Choice(String),
    Scale(u8),
    YesNo(bool),
    /// A prompt that asks nothing back, such as the breathing exercise, completed or skipped.
    Done,
}

/// One flag raised on an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flagged {
    /// The id of the answer flagged, e.g. `repair.3.1`.
    pub answer: String,
    /// The mistake, as the signal names it.
    pub mistake: String,
    /// `rewrite` or `keep`.
    pub choice: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Made by the journal from the start time, never from user text.
    pub id: String,
    pub kind: Kind,
    pub started: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    pub status: Status,
    /// `hurt`, `unseen` or `both`, once chosen.
    pub side: Option<String>,
    pub activation_before: Option<u8>,
    pub activation_after: Option<u8>,
    /// The skill and practice the session used, by note name.
    pub skill: Option<String>,
    pub practice: Option<String>,
    /// For a debrief: a wiki-link to the session it looks back on, e.g. `"[[2026-12-01-1842]]"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The check-in rhythm agreed in the session (a key of the guide's `attunement.checkins`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkins: Option<String>,
    /// When the person chose to be back from a break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_until: Option<DateTime<FixedOffset>>,
    /// Every answer flagged for a common mistake, and what the person chose: a rewritten
    /// answer leaves `answers`, so this is where its flag is remembered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flagged>,
    /// Never holds the safety question's answer.
    pub answers: Vec<Answered>,
    /// "What you could say", once a session is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub could_say: Option<CouldSay>,
    /// What was being typed, before Enter, when the session stopped: offered again on resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    /// Frontmatter the coach does not write, added by hand (Obsidian `tags`, say): kept as it
    /// is whenever the entry is written again, and no part of what the entry says.
    #[serde(skip)]
    pub added_by_hand: serde_yaml::Mapping,
}

/// A line typed but not yet given (Enter not pressed) when a session stopped, and the question
/// it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub question: String,
    pub text: String,
}

/// The sentences made from the person's own answers at the end of a session, under the guide's
/// title for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouldSay {
    pub title: String,
    pub sentences: Vec<String>,
    /// What they could ask of the other, said after the sentences of their own repair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub later: Option<AskLater>,
}

/// Sentences that ask something of the other person, under the words that say they can wait
/// until the other feels heard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskLater {
    pub lead: String,
    pub sentences: Vec<String>,
}

impl SessionRecord {
    /// A session of `kind` that starts at `now`, with nothing answered yet and no id (the journal
    /// gives it one when it is first saved).
    pub fn new(kind: Kind, now: DateTime<FixedOffset>) -> SessionRecord {
        SessionRecord {
            id: String::new(),
            kind,
            started: now,
            updated: now,
            status: Status::InProgress,
            side: None,
            activation_before: None,
            activation_after: None,
            skill: None,
            practice: None,
            session: None,
            checkins: None,
            break_until: None,
            flags: Vec::new(),
            answers: Vec::new(),
            could_say: None,
            draft: None,
            added_by_hand: serde_yaml::Mapping::new(),
        }
    }
}
