//! The guided session as data plus a small state machine with no I/O, and the loop that drives
//! it through a `Prompter` and saves to the journal after every answer.
