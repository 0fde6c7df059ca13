//! The guided session as data plus a small state machine with no I/O, and the loop that drives
//! it through a `Prompter` and saves to the journal after every answer.
//!
//! - [`Plan`]: everything a session needs, gathered from the vault (guide, skill, practice,
//!   safety note, mistake signals).
//! - [`Flow`]: the answers so far and the question that comes next, derived from them, so that
//!   resuming a saved session is replaying its answers.
//! - [`signals`]: spotting a common mistake in an answer.
//! - [`run::drive`]: asks through a prompter and saves after every answer.

mod flow;
mod plan;
pub mod run;
mod script;
pub mod signals;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;

pub use flow::{Ask, Flow, FlowError, Next, Outcome, PauseReason, Prompt};
pub use plan::{Plan, SafetyNote};
pub use run::drive;
