//! The quiet break timer as a state machine with no I/O and no clock of its own: the prompter
//! that waits asks it, with the time elapsed since the start, what to show and how long to wait.
//! It shows the minutes left only when that number changes, so at most once a minute, and says
//! nothing else until the time is up. Nothing in it blinks or beeps: it only has words.
use crate::model::BreakWords;
use chrono::{DateTime, Days, FixedOffset, NaiveTime, TimeZone};
use std::time::{Duration, Instant};

const MINUTE: Duration = Duration::from_secs(60);

/// What the waiting prompter does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Draw this line in place of the last one (a terminal; plain mode shows only start and end).
    Show(String),
    /// Wait this long (or until a key) and ask again.
    Wait(Duration),
    /// The time is up.
    Over,
}

/// How a break timer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    TimeUp,
    /// A key (Enter in plain mode) ended it early.
    EndedEarly,
}

/// Where the time comes from: [`SystemClock`] when waiting for real, a fake one in tests.
pub trait Clock {
    /// Time since the timer started.
    fn elapsed(&self) -> Duration;
}

/// The monotonic clock, started when made.
pub struct SystemClock(Instant);

impl SystemClock {
    pub fn start() -> SystemClock {
        SystemClock(Instant::now())
    }
}

impl Clock for SystemClock {
    fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakTimer {
    length: Duration,
    /// The minutes-left figure last shown.
    shown: Option<u64>,
    left: String,
    last_minute: String,
    start: String,
    start_key: String,
    end: String,
    end_key: String,
}

impl BreakTimer {
    pub fn new(words: &BreakWords) -> BreakTimer {
        BreakTimer::with_length(words, Duration::from_secs(words.length_secs))
    }

    pub fn with_length(words: &BreakWords, length: Duration) -> BreakTimer {
        BreakTimer {
            length,
            shown: None,
            left: words.left.clone(),
            last_minute: words.last_minute.clone(),
            start: words.start.clone(),
            start_key: words.start_key.clone(),
            end: words.end.clone(),
            end_key: words.end_key.clone(),
        }
    }

    /// The one line said at the start: `any_key` in a terminal, Enter in plain mode.
    pub fn start_line(&self, any_key: bool) -> String {
        let words = if any_key {
            &self.start_key
        } else {
            &self.start
        };
        words.replace("{minutes}", &minutes_left(self.length).to_string())
    }

    /// The one line said when the time is up: in a terminal (`any_key`) it asks for a key.
    pub fn end_line(&self, any_key: bool) -> &str {
        if any_key { &self.end_key } else { &self.end }
    }

    /// What to do at `elapsed` since the start.
    pub fn step(&mut self, elapsed: Duration) -> Step {
        let Some(remaining) = self.length.checked_sub(elapsed).filter(|r| !r.is_zero()) else {
            return Step::Over;
        };
        let left = minutes_left(remaining);
        if self.shown != Some(left) {
            self.shown = Some(left);
            return Step::Show(if left <= 1 {
                self.last_minute.clone()
            } else {
                self.left.replace("{minutes}", &left.to_string())
            });
        }
        // Until the figure shown changes: when `remaining` drops to (left - 1) whole minutes.
        let next_change = remaining.saturating_sub(MINUTE * (left as u32 - 1));
        Step::Wait(if next_change.is_zero() {
            remaining
        } else {
            next_change
        })
    }
}

/// The time a person typed to be back by ("19:45", "7:05", "19.45"), as the next such moment
/// after `now`: later today, or tomorrow if that time has passed. `None` if it is not a time.
pub fn back_by(now: DateTime<FixedOffset>, typed: &str) -> Option<DateTime<FixedOffset>> {
    let typed = typed.trim().replace('.', ":");
    let time = NaiveTime::parse_from_str(&typed, "%H:%M").ok()?;
    let today = now.date_naive().and_time(time);
    let at = now.timezone().from_local_datetime(&today).single()?;
    if at > now {
        Some(at)
    } else {
        at.checked_add_days(Days::new(1))
    }
}

/// Whole minutes left, rounded up: 20 at the start of a 20-minute break, 1 in its last minute.
fn minutes_left(remaining: Duration) -> u64 {
    remaining.as_secs().div_ceil(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::vault::Vault;
    use rstest::rstest;
    use std::cell::Cell;

    fn words() -> BreakWords {
        match &Vault::shipped().get("Break").expect("shipped").model {
            Model::BreakWords(words) => (**words).clone(),
            other => panic!("Break is not a break_guide: {other:?}"),
        }
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    /// A clock the test moves by hand.
    struct FakeClock(Cell<Duration>);
    impl Clock for FakeClock {
        fn elapsed(&self) -> Duration {
            self.0.get()
        }
    }

    #[rstest]
    #[case::the_start_shows_twenty(&[0], Step::Show("20 min left".into()))]
    #[case::then_waits_a_minute(&[0, 0], Step::Wait(secs(60)))]
    #[case::half_a_minute_in_waits_the_rest(&[0, 30], Step::Wait(secs(30)))]
    #[case::a_minute_in_shows_nineteen(&[0, 60], Step::Show("19 min left".into()))]
    #[case::no_second_show_in_the_same_minute(&[0, 60, 61], Step::Wait(secs(59)))]
    #[case::the_last_minute(&[0, 1140], Step::Show("Less than a minute left".into()))]
    #[case::the_last_minute_waits_to_the_end(&[0, 1140, 1150], Step::Wait(secs(50)))]
    #[case::over_at_the_end(&[0, 1200], Step::Over)]
    #[case::over_after_the_end(&[0, 5000], Step::Over)]
    #[case::a_late_first_look(&[1199], Step::Show("Less than a minute left".into()))]
    fn each_step_follows_the_clock(#[case] looks: &[u64], #[case] last: Step) {
        let mut timer = BreakTimer::new(&words());
        let mut step = None;
        for &at in looks {
            step = Some(timer.step(secs(at)));
        }
        assert_eq!(step, Some(last));
    }

    #[test]
    fn a_twenty_minute_break_looked_at_every_second_shows_at_most_once_a_minute() {
        let mut timer = BreakTimer::new(&words());
        let clock = FakeClock(Cell::new(Duration::ZERO));
        let mut shown = Vec::new();
        loop {
            match timer.step(clock.elapsed()) {
                Step::Show(line) => shown.push((clock.elapsed().as_secs(), line)),
                Step::Wait(_) => clock.0.set(clock.elapsed() + secs(1)),
                Step::Over => break,
            }
        }
        assert_eq!(clock.elapsed(), secs(1200));
        assert_eq!(shown.len(), 20, "{shown:?}");
        for pair in shown.windows(2) {
            assert!(pair[1].0 - pair[0].0 >= 60, "{pair:?}");
        }
    }

    #[test]
    fn following_the_waits_it_asked_for_reaches_the_end_in_twenty_looks() {
        let mut timer = BreakTimer::new(&words());
        let mut elapsed = Duration::ZERO;
        let mut looks = 0;
        while timer.step(elapsed) != Step::Over {
            looks += 1;
            if let Step::Wait(wait) = timer.step(elapsed) {
                elapsed += wait;
            }
            assert!(looks < 100, "never ends");
        }
        assert_eq!(elapsed, secs(1200));
        assert_eq!(looks, 20);
    }

    #[rstest]
    #[case::twenty_minutes(
        1200,
        false,
        "The timer is running: 20 min. Press Enter to come back sooner."
    )]
    #[case::any_key_in_a_terminal(
        1200,
        true,
        "The timer is running: 20 min. Press any key to come back sooner."
    )]
    #[case::a_few_seconds_is_one_minute(
        3,
        false,
        "The timer is running: 1 min. Press Enter to come back sooner."
    )]
    fn the_start_line_says_the_length_in_minutes(
        #[case] length: u64,
        #[case] any_key: bool,
        #[case] line: &str,
    ) {
        let timer = BreakTimer::with_length(&words(), secs(length));
        assert_eq!(timer.start_line(any_key), line);
    }

    #[rstest]
    #[case::later_today("19:45", Some("2026-12-01T19:45:00+01:00"))]
    #[case::a_single_digit_hour("7:05", Some("2026-12-02T07:05:00+01:00"))]
    #[case::with_a_dot("19.45", Some("2026-12-01T19:45:00+01:00"))]
    #[case::already_past_means_tomorrow("18:00", Some("2026-12-02T18:00:00+01:00"))]
    #[case::this_very_minute_means_tomorrow("18:42", Some("2026-12-02T18:42:00+01:00"))]
    #[case::not_a_time("soon", None)]
    #[case::out_of_range("25:00", None)]
    #[case::empty("", None)]
    fn the_time_to_be_back_by_is_the_next_one_after_now(
        #[case] typed: &str,
        #[case] expected: Option<&str>,
    ) {
        let now = DateTime::parse_from_rfc3339("2026-12-01T18:42:00+01:00").unwrap();
        let expected = expected.map(|t| DateTime::parse_from_rfc3339(t).unwrap());
        assert_eq!(back_by(now, typed), expected);
    }

    #[test]
    fn a_few_second_break_is_one_show_then_over() {
        let mut timer = BreakTimer::with_length(&words(), secs(3));
        assert_eq!(
            timer.step(secs(0)),
            Step::Show("Less than a minute left".into())
        );
        assert_eq!(timer.step(secs(0)), Step::Wait(secs(3)));
        assert_eq!(timer.step(secs(3)), Step::Over);
    }
}
