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

impl Choice {
    pub fn new(key: &str, label: &str) -> Choice {
        Choice {
            key: key.to_owned(),
            label: label.to_owned(),
        }
    }
}

/// Paced breathing: `cycles` rounds of in for `inhale_secs`, out for `exhale_secs`, with the
/// guide's words already filled in with these numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breathing {
    pub inhale_label: String,
    pub exhale_label: String,
    pub inhale_secs: u32,
    pub exhale_secs: u32,
    pub cycles: u32,
    /// Before and after a count that moves on screen ("Follow the count…").
    pub count_start: String,
    /// At the end of the count, waiting for a key; and the line left once it is pressed.
    pub count_done: String,
    pub done: String,
    /// Where nothing moves on screen: the pattern in words, and how to go on.
    pub at_your_pace: String,
    pub go_on: String,
}

impl Breathing {
    /// The whole exercise, in seconds.
    pub fn seconds(&self) -> u32 {
        // A guide holds each number small; a wrap-around must not be possible all the same.
        let breath = self.inhale_secs.saturating_add(self.exhale_secs);
        breath.saturating_mul(self.cycles)
    }
}
