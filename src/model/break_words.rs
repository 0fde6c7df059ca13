//! The words and length of a break (`fileClass: break_guide`, shipped as
//! `content/coach/Break.md`): the quiet timer, or leaving and coming back by a chosen time.
use super::guide::{frontmatter_of, line_of};
use crate::note::{Note, NoteError};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreakWords {
    /// How long the timer waits, in seconds (1200 as shipped: 20 minutes).
    pub length_secs: u64,
    pub question: String,
    pub wait: String,
    pub leave: String,
    /// Asks for the time to be back by.
    pub back_by: String,
    /// Said when what was typed is not a time.
    pub back_by_again: String,
    /// Said once when the timer starts, `{minutes}` filled: in plain mode (Enter ends it) and
    /// in a terminal (any key).
    pub start: String,
    pub start_key: String,
    /// `{minutes}` left, shown in a terminal at most once a minute.
    pub left: String,
    pub last_minute: String,
    /// Said when the time is up: in plain mode, and in a terminal (which waits for a key).
    pub end: String,
    pub end_key: String,
    /// Said when leaving; `{time}` is when they chose to be back.
    pub leaving: String,
    /// Said instead when that time is tomorrow's (it had passed today). A note without it
    /// says `leaving`.
    #[serde(default)]
    pub leaving_tomorrow: Option<String>,
    /// Said when `resume` carries on after such a break; `{time}`.
    pub resuming: String,
    /// Said instead when they come back before that time. A note without it says `resuming`.
    #[serde(default)]
    pub resuming_early: Option<String>,
    /// How `journal list` and `resume` say it; `{time}`.
    pub on_break: String,
}

/// A day's worth of seconds: a break timer is never longer.
const LONGEST_SECS: u64 = 24 * 60 * 60;

impl BreakWords {
    /// What is said on leaving for a break until `until`, from `now`.
    pub fn leaving_until(
        &self,
        until: DateTime<FixedOffset>,
        now: DateTime<FixedOffset>,
    ) -> String {
        let words = match &self.leaving_tomorrow {
            Some(tomorrow) if until.date_naive() > now.date_naive() => tomorrow,
            _ => &self.leaving,
        };
        words.replace("{time}", &until.format("%H:%M").to_string())
    }

    /// What `resume` says of a break until `until`, back at `now`.
    pub fn resuming_after(
        &self,
        until: DateTime<FixedOffset>,
        now: DateTime<FixedOffset>,
    ) -> String {
        let words = match &self.resuming_early {
            Some(early) if now < until => early,
            _ => &self.resuming,
        };
        words.replace("{time}", &until.format("%H:%M").to_string())
    }

    pub fn from_note(note: &Note) -> Result<BreakWords, NoteError> {
        let words: BreakWords = frontmatter_of(note)?.deserialize(&note.path)?;
        if words.length_secs == 0 || words.length_secs > LONGEST_SECS {
            return Err(NoteError::new(
                &note.path,
                line_of(note, "length_secs"),
                format!(
                    "`length_secs` is {}; it should be from 1 to {LONGEST_SECS} (a day)",
                    words.length_secs
                ),
            ));
        }
        Ok(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::vault::Vault;

    fn words() -> BreakWords {
        match &Vault::shipped().get("Break").unwrap().model {
            Model::BreakWords(words) => (**words).clone(),
            _ => panic!("the shipped break words"),
        }
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_time_that_has_passed_today_is_said_to_be_tomorrow() {
        let words = words();
        let now = at("2026-12-07T02:43:00+00:00");
        assert_eq!(
            words.leaving_until(at("2026-12-07T03:10:00+00:00"), now),
            "You'll be back by 03:10."
        );
        assert_eq!(
            words.leaving_until(at("2026-12-07T23:30:00+00:00"), now),
            "You'll be back by 23:30."
        );
        let late = at("2026-12-07T23:50:00+00:00");
        assert_eq!(
            words.leaving_until(at("2026-12-08T00:20:00+00:00"), late),
            "You'll be back by 00:20 tomorrow."
        );
    }

    #[test]
    fn coming_back_early_is_said_kindly() {
        let words = words();
        let until = at("2026-12-07T03:10:00+00:00");
        assert_eq!(
            words.resuming_after(until, at("2026-12-07T02:40:00+00:00")),
            "You planned to be back by 03:10. Coming back sooner is fine."
        );
        assert_eq!(
            words.resuming_after(until, at("2026-12-07T03:30:00+00:00")),
            "You took a break until 03:10."
        );
        let older = BreakWords {
            leaving_tomorrow: None,
            resuming_early: None,
            ..words
        };
        assert_eq!(
            older.resuming_after(until, at("2026-12-07T02:40:00+00:00")),
            "You took a break until 03:10."
        );
    }
}
