//! A break chosen during a session: wait here with the quiet timer, or leave and come back by a
//! time the person chooses (kept as the session's `break_until`).
use crate::coach::break_timer::{self, BreakTimer, SystemClock};
use crate::coach::{Choice, Message};
use crate::model::BreakWords;
use crate::prompt::{Prompter, Reply};
use chrono::{DateTime, FixedOffset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Break {
    /// The timer ran out or was ended early: they are back.
    Waited,
    /// They are leaving, to be back by this time if they gave one.
    Left {
        until: Option<DateTime<FixedOffset>>,
    },
}

pub(super) fn take(
    words: &BreakWords,
    prompter: &mut dyn Prompter,
    now: DateTime<FixedOffset>,
) -> Reply<Break> {
    let choices = [("wait", &words.wait), ("leave", &words.leave)]
        .map(|(key, label)| Choice::new(key, label));
    if prompter.choose(&words.question, &choices)? == 0 {
        let mut timer = BreakTimer::new(words);
        prompter.wait_out(&mut timer, &SystemClock::start())?;
        return Ok(Break::Waited);
    }
    loop {
        let typed = prompter.text(&words.back_by, true)?;
        if typed.trim().is_empty() {
            return Ok(Break::Left { until: None });
        }
        if let Some(until) = break_timer::back_by(now, &typed) {
            return Ok(Break::Left { until: Some(until) });
        }
        prompter.show(&Message::Markdown(words.back_by_again.clone()))?;
    }
}
