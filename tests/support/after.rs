//! Answers for a week of the repair carried on: a session, two check-ins, a debrief, typed in
//! plain mode. Shared by the tests of the summary's figures and of its documented JSON.

/// "A bit of both": one answer flagged and rewritten, one flagged and kept, a request made,
/// morning and evening agreed.
pub const BOTH: &[&str] = &[
    "1",
    "3",
    "6",
    "2",
    "I didn't mean to, but you felt ignored",
    "1",
    "hurt and ignored",
    "",
    "I walked out while you were talking, sorry if that upset you",
    "2",
    "you are my closest friend",
    "",
    "they make me tea every morning",
    "",
    "",
    "that I was exhausted",
    "ask me how I'm doing when I go quiet",
    "2",
    "",
    "",
    "3",
];

/// How are you (6), what you need, and that you asked for it.
pub const CHECKIN_FIRST: &[&str] = &["6", "a quiet evening", "1"];
/// How are you (7), nothing needed.
pub const CHECKIN_SECOND: &[&str] = &["7", ""];
/// The talk happened, went 7 out of 10; what helped, and one thing to do differently.
pub const DEBRIEF: &[&str] = &["1", "7", "listening", "", "", "slow down"];
