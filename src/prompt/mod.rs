//! Asking the person: one trait, three ways.
//!
//! - [`terminal::TerminalPrompter`] (dialoguer): arrow-key menus, for a person at a terminal.
//! - [`plain::PlainPrompter`]: numbered options and lines on stdin, each prompt saying what to
//!   type; for screen readers, pipes, `TERM=dumb` and `--plain`. Chosen once at start-up when
//!   stdin or stderr is not a terminal.
//! - [`scripted::ScriptedPrompter`]: answers given in advance, for tests of the whole flow.
//!
//! Styling lives here and in `render`, never in the flow or the models. The words the prompters
//! add themselves (what to type, what to do after a wrong answer) come from the session guide.

use crate::coach::Interruption;
use crate::coach::break_timer::{BreakTimer, Clock, Ending};

mod line_edit;
pub mod plain;
pub mod scripted;
pub mod terminal;

/// Why a prompt gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    /// The person chose to stop for now (end of input): save and say how to resume.
    #[error("paused")]
    Paused,
    /// Esc at a terminal prompt (or `q` in a menu): leave at once. What was answered is saved;
    /// the command clears the screen and prints nothing more.
    #[error("left at once")]
    LeftAtOnce,
    /// Ctrl-C, a closed terminal or SIGTERM; or output whose reader went away.
    #[error("interrupted")]
    Interrupted(Interruption),
    #[error(transparent)]
    Io(std::io::Error),
}

impl From<std::io::Error> for PromptError {
    /// Output piped to a reader that has gone (`start | head -1`) stops the session, saving what
    /// was answered, as a closed output stops any command: quietly. Only a write gives this
    /// error, so a failed read is never taken for it.
    fn from(error: std::io::Error) -> PromptError {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            PromptError::Interrupted(Interruption::OutputGone)
        } else {
            PromptError::Io(error)
        }
    }
}

use crate::coach::{Breathing, Choice, Message};

pub type Reply<T> = Result<T, PromptError>;

/// The longest answer taken, in characters: a long letter is a few thousand words, and a
/// session keeps a score of answers well inside a journal entry's bound (16 MiB).
pub const MAX_ANSWER_CHARS: usize = 100_000;

pub trait Prompter {
    /// Shows a passage; asks nothing.
    fn show(&mut self, message: &Message) -> Reply<()>;
    /// One of `choices`; returns its index.
    fn choose(&mut self, question: &str, choices: &[Choice]) -> Reply<usize>;
    /// A line of text. With `skippable`, an empty answer is allowed and returned as "".
    fn text(&mut self, question: &str, skippable: bool) -> Reply<String>;
    /// The next line asked for (`text`) begins with `draft`: what was typed there, before
    /// Enter, when the session stopped. A prompter that cannot put it on the line shows it.
    fn begin_next_line(&mut self, draft: &str);
    /// The next line asked for begins with `earlier`, the answer a flag has just been shown on,
    /// so that it is mended where it stands rather than typed anew; a draft begun on that line
    /// stays instead. A prompter that cannot put it on the line says nothing: the flag has just
    /// quoted it.
    fn mend_next_line(&mut self, earlier: &str);
    /// A whole number from 0 to 10; `low` and `high` say what the ends mean.
    fn scale(&mut self, question: &str, low: &str, high: &str) -> Reply<u8>;
    /// A quiet paced-breathing count that can be stopped early. Returns whether it was
    /// finished.
    fn breathe(&mut self, breathing: &Breathing) -> Reply<bool>;
    /// Waits out a break `timer` by `clock`, quietly: one line at the start, the minutes left
    /// redrawn in place in a terminal, one line at the end. Any key (Enter in plain mode) ends
    /// it early; end of input pauses and Ctrl-C interrupts, as at any prompt.
    fn wait_out(&mut self, timer: &mut BreakTimer, clock: &dyn Clock) -> Reply<Ending>;
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
