//! The guided session as data plus a small state machine with no I/O. The loop that asks
//! through a prompter and saves lives with the commands (`commands::ask`).
//!
//! - [`Plan`]: everything a session needs, gathered from the vault (guide, skill, practice,
//!   safety note, mistake signals).
//! - [`Flow`]: the answers so far and the question that comes next, derived from them, so that
//!   resuming a saved session is replaying its answers; `script` is the order of a session,
//!   as straight-line code, and [`Prompt`] / [`Ask`] / [`Outcome`] what it hands back.
//! - [`signals`]: spotting a common mistake in an answer.
//! - [`Message`], [`Choice`], [`Breathing`]: what a prompter is handed to show and ask.
//!
//! ```
//! use repair_coach::coach::{Flow, Next, Plan};
//! use repair_coach::model::{AnswerValue, Kind};
//! use repair_coach::vault::Vault;
//!
//! let plan = Plan::from_vault(&Vault::shipped())?;
//! let mut flow = Flow::new(&plan, Kind::Session);
//! flow.answer(AnswerValue::Choice("safe".into()))?; // safety first; never recorded
//! flow.answer(AnswerValue::Choice("hurt".into()))?;
//! let Next::Ask(prompt) = flow.next() else { panic!("the session goes on") };
//! assert_eq!(prompt.ask.id(), "activation.before");
//! assert_eq!(flow.answers().len(), 1);
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod break_timer;
pub mod checkin;
pub mod debrief;
mod error;
pub mod flags;
mod flow;
pub mod focus;
pub mod lead;
mod message;
mod plan;
pub mod practise_next;
mod prompt;
pub mod questions;
mod safety;
mod script;
pub mod signals;
pub mod steps;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;

pub use error::FlowError;
pub use flow::Flow;
pub use message::{Breathing, Choice, Message};
pub use plan::{Plan, SafetyNote, Unplanned};
pub use prompt::{Ask, Interruption, Next, Outcome, PauseReason, Prompt};
pub use safety::SAFETY_FILE_CLASS;
