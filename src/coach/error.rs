//! Why the flow refused an answer, or could not replay a saved one.

/// An answer the flow cannot take. The flow is unchanged when it returns one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowError {
    #[error("the session has already finished; there is nothing left to answer")]
    Finished,
    #[error("“{question}” needs {expected}, not {given}")]
    WrongKind {
        question: String,
        expected: &'static str,
        given: &'static str,
    },
    #[error("“{key}” is not one of the options for “{question}”")]
    UnknownChoice { question: String, key: String },
    #[error("{value} is not on the scale for “{question}”; give a number from 0 to 10")]
    OutOfRange { question: String, value: u8 },
    #[error("“{question}” needs an answer; it cannot be left empty")]
    Empty { question: String },
    /// A saved answer that no longer fits what the guide asks (the notes were edited).
    #[error(
        "saved answer {position} ({id}) no longer fits the session: {reason}. The session guide or \
         skill may have changed since it was saved; the saved session itself is untouched"
    )]
    Replay {
        /// 1-based position among the saved answers.
        position: usize,
        id: String,
        reason: String,
    },
    #[error("this session ended at the safety question, so there is nothing to resume")]
    EndedForSafety,
}
