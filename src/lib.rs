//! repair-coach: a calm command-line coach for repairing a relationship after an argument.
//!
//! The library is layered: `note` reads markdown files, `model` types them, `vault` gathers them,
//! `coach` is the session as a state machine with no I/O, `prompt` asks the person, `journal`
//! keeps their answers, `render` draws notes for the terminal, and `commands` glues each
//! subcommand together. `run` is the one place where errors become words and exit codes.

mod cache_file;
pub mod cli;
pub mod coach;
pub mod color;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod exit;
pub mod global_args;
pub mod interrupt;
pub mod journal;
pub mod journal_summary;
pub mod json;
pub mod locale;
pub mod model;
pub mod note;
pub mod pager;
mod private_file;
pub mod prompt;
pub mod render;
pub mod shell_word;
pub mod suggest;
pub mod vault;

pub use exit::Exit;

/// Runs one command line and reports any error, once, on stderr.
pub fn run(cli: cli::Cli) -> Exit {
    interrupt::ignore_file_size_signal();
    match commands::dispatch(cli) {
        Ok(exit) => exit,
        // A stop (or a reader of the output gone) between two questions, outside the loops
        // that ask: the same stop as at a question, whatever was answered saved (and, after a
        // signal, said so).
        Err(error) => {
            let interrupted =
                error
                    .chain()
                    .find_map(|cause| match cause.downcast_ref::<prompt::PromptError>() {
                        Some(prompt::PromptError::Interrupted(how)) => Some(*how),
                        _ => None,
                    });
            if let Some(how) = interrupted {
                interrupt::stop_and_exit(how)
            }
            render::report_error(&error);
            Exit::Failure
        }
    }
}
