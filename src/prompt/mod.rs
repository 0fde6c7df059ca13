//! Asking the person: one trait, three ways.
//!
//! - [`terminal::TerminalPrompter`] (dialoguer): arrow-key menus, for a person at a terminal.
//! - [`plain::PlainPrompter`]: numbered options and lines on stdin; for screen readers, pipes and
//!   `--plain`. Chosen once at start-up when stdin or stderr is not a terminal.
//! - [`scripted::ScriptedPrompter`]: answers given in advance, for tests of the whole flow.
//!
//! Styling lives here and in `render`, never in the flow or the models.

pub mod plain;
pub mod scripted;
pub mod terminal;

/// Why a prompt gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    /// The person chose to stop for now (end of input, Esc, `q`): save and say how to resume.
    #[error("paused")]
    Paused,
    /// Ctrl-C, a closed terminal or SIGTERM.
    #[error("interrupted")]
    Interrupted,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

use crate::coach::{Breathing, Choice, Message};

pub type Reply<T> = Result<T, PromptError>;

pub trait Prompter {
    /// Shows a passage; asks nothing.
    fn show(&mut self, message: &Message) -> Reply<()>;
    /// One of `choices`; returns its index.
    fn choose(&mut self, question: &str, choices: &[Choice]) -> Reply<usize>;
    /// A line of text. With `skippable`, an empty answer is allowed and returned as "".
    fn text(&mut self, question: &str, skippable: bool) -> Reply<String>;
    fn confirm(&mut self, question: &str, default: bool) -> Reply<bool>;
    /// A whole number from 0 to 10; `low` and `high` say what the ends mean.
    fn scale(&mut self, question: &str, low: &str, high: &str) -> Reply<u8>;
    /// A quiet, skippable paced-breathing count. Returns when done or skipped.
    fn breathe(&mut self, breathing: &Breathing) -> Reply<()>;
}

/// A message drawn as text in `style`: what the plain and terminal prompters show. Everything
/// from a note goes through `render`, which removes control characters.
pub(crate) fn draw(message: &Message, style: crate::render::Style) -> String {
    use crate::render;
    match message {
        Message::Heading(title) => {
            format!("{}\n", style.bold(&render::wrapped(title, style, "", "")))
        }
        Message::Markdown(text) => render::markdown(text, style),
        Message::Mistakes { title, items } => {
            let list: String = items.iter().map(|item| format!("- {item}\n")).collect();
            format!(
                "{}\n{}",
                style.bold(&render::wrapped(title, style, "", "")),
                render::markdown(&list, style)
            )
        }
        Message::Flag { title, body } => format!(
            "{}\n{}",
            style.bold(&render::wrapped(title, style, "", "")),
            render::markdown(body, style)
        ),
    }
}

/// How many rounds, in words for the small numbers people say aloud ("Four rounds.").
pub(crate) fn rounds(cycles: u32) -> String {
    const WORDS: [&str; 10] = [
        "One round",
        "Two rounds",
        "Three rounds",
        "Four rounds",
        "Five rounds",
        "Six rounds",
        "Seven rounds",
        "Eight rounds",
        "Nine rounds",
        "Ten rounds",
    ];
    match cycles {
        1..=10 => WORDS[cycles as usize - 1].to_owned(),
        n => format!("{n} rounds"),
    }
}
