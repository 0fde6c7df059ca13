//! A quiet spinner on stderr while a large vault loads: shown only in a terminal (indicatif hides
//! it when stderr is piped or `TERM=dumb`), only once loading has taken more than a moment, and
//! cleared when it is done, so that it never mixes with what a command prints.
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a load runs before the spinner appears: a small vault never shows it.
const MOMENT: Duration = Duration::from_millis(300);

/// Tests set this (in milliseconds) to see the spinner without a slow vault.
const DELAY_VARIABLE: &str = "REPAIR_COACH_PROGRESS_DELAY_MS";

pub(crate) struct Progress {
    started: Instant,
    delay: Duration,
    /// Files and folders met, then notes read.
    count: AtomicUsize,
    bar: OnceLock<ProgressBar>,
}

impl Progress {
    pub(crate) fn new() -> Progress {
        let delay = std::env::var(DELAY_VARIABLE)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(MOMENT, Duration::from_millis);
        Progress {
            started: Instant::now(),
            delay,
            count: AtomicUsize::new(0),
            bar: OnceLock::new(),
        }
    }

    /// One more file met or read (from any thread). The clock is looked at every 256 ticks.
    pub(crate) fn tick(&self) {
        let count = self.count.fetch_add(1, Ordering::Relaxed) + 1;
        if self.bar.get().is_some()
            || !count.is_multiple_of(256)
            || self.started.elapsed() < self.delay
        {
            return;
        }
        self.bar.get_or_init(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            // No count beside it: a file is ticked when it is met and again when it is read,
            // so a count would run past the number of notes the person has.
            bar.set_style(
                ProgressStyle::with_template("{spinner} Reading your notes…")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            // Drawn here, once: the steady tick's thread may first run only after a quick
            // load has finished, and then nothing would have been shown at all.
            bar.tick();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
