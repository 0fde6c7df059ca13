//! What the coach hands a prompter: passages to show, the options of a choice, and the
//! breathing exercise. Plain data; drawing them is the prompters' business.

/// A passage the coach shows before asking. Text may come from a user's note: prompters pass it
/// through `render`, which removes control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A step or stage title.
    Heading(String),
    /// Guidance, as markdown.
    Markdown(String),
    /// Things to avoid, shown as a quiet list under a short title.
    Mistakes { title: String, items: Vec<String> },
    /// A gentle aside about an answer just given, with what could help instead.
    Flag { title: String, body: String },
}

/// One option of a choice: a stable key and the words shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

/// Paced breathing: `cycles` rounds of in for `inhale_secs`, out for `exhale_secs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breathing {
    pub inhale_label: String,
    pub exhale_label: String,
    pub inhale_secs: u32,
    pub exhale_secs: u32,
    pub cycles: u32,
}
