//! Exit codes, as documented in `--help`.
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything went as asked; also nothing to do (nothing to resume or look back on, an empty
    /// journal), said on stdout, and output whose reader went away.
    Ok = 0,
    /// Something went wrong; a message on stderr says what.
    Failure = 1,
    /// The command line was not understood (clap exits with this itself).
    Usage = 2,
    /// `check` found at least one note with an error.
    BadNotes = 65,
    /// The person pressed Ctrl-C (or the terminal closed, or SIGTERM); what they wrote is saved.
    Interrupted = 130,
}

impl Exit {
    /// This exit if it is a failure, else `then`: what a command that did two things says.
    pub fn and(self, then: Exit) -> Exit {
        match self {
            Exit::Ok => then,
            failed => failed,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}
