//! Line-based prompts for screen readers, pipes, `TERM=dumb` and `--plain`: no colour, no cursor
//! movement, no escape sequences at all. Every question is a line of text followed by a line
//! saying in words what to type; every answer is a line of input. End of input at any prompt
//! pauses the session; a wrong answer gets one gentle line and the prompt waits again.
//! Every word comes from the guide ([`PromptWords`]) or from the coach.
use super::{Breathing, Choice, MAX_ANSWER_CHARS, Message, PromptError, Prompter, Reply};
use crate::coach::break_timer::{BreakTimer, Clock, Ending, Step};
use crate::model::PromptWords;
use crate::model::guide;
use crate::render::{self, Style};
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::time::Duration;

pub struct PlainPrompter<R: BufRead, W: Write> {
    input: R,
    output: W,
    style: Style,
    words: PromptWords,
    /// The file descriptor `input` reads, when it can be waited on (stdin); otherwise input is
    /// taken to be ready at once (an in-memory script).
    input_fd: Option<RawFd>,
    /// A draft to show before the next line is asked for: a line read whole cannot begin with it.
    begun: Option<String>,
    /// Whether text is wrapped to the terminal's width as it is at each line (stdout is a
    /// terminal), rather than to `style`'s: a window made narrower gets lines that fit it.
    follows_terminal: bool,
    /// Whether a person types the input (stdin is a terminal): a script or a file that gives
    /// answer after answer that does not fit is stopped, as it would otherwise go on for ever.
    typed: bool,
}

/// The most answers in a row that do not fit one question that are taken from input no one
/// types, before the coach stops (as at the end of input): `yes | repair-coach start` would
/// otherwise ask for ever.
const MOST_REFUSED_IN_A_ROW: usize = 20;

/// How far past the longest answer a line is read for its end: a line that goes on past it (from
/// `/dev/zero`, say) is no answer, and the coach stops rather than read it for ever.
const LONGEST_LINE_BYTES: u64 = 4 << 20;

/// A line of input, as the prompts take it.
enum Line {
    Read(String),
    /// Longer than any answer (read to its end and let go).
    TooLong,
}

impl PlainPrompter<BufReader<File>, io::Stdout> {
    /// Reads stdin and writes stdout: wrapped to the width of a terminal, and not wrapped at
    /// all for a pipe or a file, where a screen reader would pause at every line break.
    ///
    /// Stdin is read a byte at a time, so that nothing past the current line sits in a buffer:
    /// a break timer waits on the descriptor itself and would not see a buffered Enter.
    pub fn stdio(words: PromptWords) -> Self {
        let follows_terminal = io::stdout().is_terminal();
        let width = if follows_terminal {
            Style::for_stdout(true).width
        } else {
            render::UNWRAPPED
        };
        let input = io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .map(|file| BufReader::with_capacity(1, file));
        match input {
            Ok(input) => {
                let fd = input.get_ref().as_raw_fd();
                let mut prompter = PlainPrompter::new(input, io::stdout(), width, words);
                prompter.input_fd = Some(fd);
                prompter.typed = io::stdin().is_terminal();
                prompter.follows_terminal = follows_terminal;
                prompter
            }
            // No stdin to duplicate (closed): reading it gives end of input, which pauses.
            Err(_) => PlainPrompter::new(
                BufReader::new(File::open("/dev/null").expect("/dev/null opens")),
                io::stdout(),
                width,
                words,
            ),
        }
    }
}

impl<R: BufRead, W: Write> PlainPrompter<R, W> {
    /// `width`: where to wrap, or [`render::UNWRAPPED`].
    pub fn new(input: R, output: W, width: usize, words: PromptWords) -> Self {
        PlainPrompter {
            input,
            output,
            style: Style {
                color: false,
                width,
            },
            words,
            input_fd: None,
            begun: None,
            follows_terminal: false,
            typed: false,
        }
    }

    /// How to write now: no colour, and as wide as the terminal is at this moment when it
    /// follows one.
    fn style(&self) -> Style {
        match self.follows_terminal {
            true => Style::for_stdout(true),
            false => self.style,
        }
    }

    /// Whether a line (or end of input) can be read within `wait`.
    fn input_ready(&self, wait: Duration) -> io::Result<bool> {
        let Some(fd) = self.input_fd else {
            return Ok(true);
        };
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: one valid pollfd, for the duration of the call.
        match unsafe { libc::poll(&mut poll, 1, millis) } {
            -1 => {
                let error = io::Error::last_os_error();
                if error.kind() == io::ErrorKind::Interrupted {
                    // A signal: the stop handler takes over; until then, look again.
                    Ok(false)
                } else {
                    Err(error)
                }
            }
            0 => Ok(false),
            _ => Ok(true),
        }
    }

    fn say(&mut self, text: &str) -> Reply<()> {
        self.output.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            self.output.write_all(b"\n")?;
        }
        Ok(())
    }

    /// One line of input without its line ending, or `TooLong` for a line longer than any
    /// answer (read to its end, a bounded piece at a time, and let go); end of input pauses, and
    /// so does a line with no end in sight (`LONGEST_LINE_BYTES`).
    fn read_line(&mut self) -> Reply<Line> {
        self.output.flush()?;
        // Four bytes at most to a character.
        let max = 4 * MAX_ANSWER_CHARS as u64;
        let mut bytes = Vec::new();
        if io::Read::take(&mut self.input, max + 1).read_until(b'\n', &mut bytes)? == 0 {
            return Err(PromptError::Paused);
        }
        if bytes.len() as u64 > max && bytes.last() != Some(&b'\n') {
            let mut read = bytes.len() as u64;
            while read <= LONGEST_LINE_BYTES {
                bytes.clear();
                let piece = io::Read::take(&mut self.input, max).read_until(b'\n', &mut bytes)?;
                if piece == 0 || bytes.last() == Some(&b'\n') {
                    return Ok(Line::TooLong);
                }
                read += piece as u64;
            }
            return self.stop_reading();
        }
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\n', '\r']);
        Ok(match line.chars().count() <= MAX_ANSWER_CHARS {
            true => Line::Read(line.to_owned()),
            false => Line::TooLong,
        })
    }

    /// Reads lines until `parse` accepts one; its error is the gentle line said before waiting
    /// again. Input no one types stops after `MOST_REFUSED_IN_A_ROW` answers that do not fit.
    fn answer<T>(&mut self, parse: impl Fn(&str) -> Result<T, String>) -> Reply<T> {
        let mut refused = 0;
        loop {
            let gentle = match self.read_line()? {
                Line::Read(line) => match parse(&line) {
                    Ok(value) => return Ok(value),
                    Err(gentle) => gentle,
                },
                Line::TooLong => render::wrapped(&self.words.too_long, self.style(), "", ""),
            };
            refused += 1;
            if !self.typed && refused == MOST_REFUSED_IN_A_ROW {
                return self.stop_reading();
            }
            self.say(&gentle)?;
        }
    }

    /// Stops asking, as at the end of input, with a line that says why.
    fn stop_reading<T>(&mut self) -> Reply<T> {
        if !self.words.stopped_reading.is_empty() {
            let why = render::wrapped(&self.words.stopped_reading, self.style(), "", "");
            self.say(&why)?;
        }
        Err(PromptError::Paused)
    }

    fn question(&mut self, question: &str) -> Reply<()> {
        let text = render::wrapped(question, self.style(), "", "");
        self.say(&format!("\n{text}"))
    }

    /// The line that says what to type.
    fn how_to_answer(&mut self, words: &str) -> Reply<()> {
        let text = render::wrapped(words, self.style(), "", "");
        self.say(&text)
    }
}

/// The option `answer` names: its number, its key, its label, or the start of the key or label of
/// exactly one option.
fn pick(answer: &str, choices: &[Choice]) -> Option<usize> {
    let answer = answer.trim().to_lowercase();
    if answer.is_empty() {
        return None;
    }
    if let Ok(n) = answer.parse::<usize>() {
        return (1..=choices.len()).contains(&n).then(|| n - 1);
    }
    let exact = choices
        .iter()
        .position(|c| c.key.to_lowercase() == answer || c.label.to_lowercase() == answer);
    exact.or_else(|| {
        let mut starting = choices.iter().enumerate().filter(|(_, c)| {
            c.label.to_lowercase().starts_with(&answer) || c.key.to_lowercase().starts_with(&answer)
        });
        match (starting.next(), starting.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    })
}

impl<R: BufRead, W: Write> Prompter for PlainPrompter<R, W> {
    fn show(&mut self, message: &Message) -> Reply<()> {
        let text = super::draw(message, self.style());
        self.say(&format!("\n{text}"))
    }

    fn choose(&mut self, question: &str, choices: &[Choice]) -> Reply<usize> {
        if choices.is_empty() {
            // Asking would wait for an answer that cannot exist.
            return Err(PromptError::Io(io::Error::other(format!(
                "a choice with no options: {question}"
            ))));
        }
        self.question(question)?;
        for (n, choice) in choices.iter().enumerate() {
            let first = format!("  {}. ", n + 1);
            let rest = " ".repeat(first.len());
            let line = render::wrapped(&choice.label, self.style(), &first, &rest);
            self.say(&line)?;
        }
        let how = self.words.choose.clone();
        self.how_to_answer(&how)?;
        let count = choices.len().to_string();
        let again = match &self.words.choose_again_of_two {
            Some(two) if choices.len() == 2 => two,
            _ => &self.words.choose_again,
        };
        let again = guide::fill(again, &[("count", &count)]);
        let again = render::wrapped(&again, self.style(), "", "");
        self.answer(|line| pick(line, choices).ok_or_else(|| again.clone()))
    }

    fn begin_next_line(&mut self, draft: &str) {
        self.begun = Some(draft.to_owned());
    }

    /// Lines are read as typed: the answer is written anew.
    fn mend_next_line(&mut self, _earlier: &str) {}

    fn text(&mut self, question: &str, skippable: bool) -> Reply<String> {
        if let Some(draft) = self.begun.take()
            && !self.words.begun.trim().is_empty()
        {
            let begun = guide::fill(&self.words.begun, &[("draft", &draft)]);
            let begun = render::wrapped(&begun, self.style(), "", "");
            self.say(&format!("\n{begun}"))?;
        }
        self.question(question)?;
        let how = if skippable {
            self.words.text_skippable.clone()
        } else {
            self.words.text.clone()
        };
        self.how_to_answer(&how)?;
        let again = render::wrapped(&self.words.text_again, self.style(), "", "");
        self.answer(|line| {
            if !line.trim().is_empty() {
                Ok(line.to_owned())
            } else if skippable {
                Ok(String::new())
            } else {
                Err(again.clone())
            }
        })
    }

    fn scale(&mut self, question: &str, low: &str, high: &str) -> Reply<u8> {
        self.question(question)?;
        let how = guide::fill(&self.words.scale, &[("low", low), ("high", high)]);
        self.how_to_answer(&how)?;
        let again = render::wrapped(&self.words.scale_again, self.style(), "", "");
        self.answer(|line| match line.trim().parse::<u8>() {
            Ok(n) if n <= 10 => Ok(n),
            _ => Err(again.clone()),
        })
    }

    /// Nothing moves on screen here: the pattern in words, to follow at one's own pace, and
    /// Enter when done. Pressing Enter is their word that they finished.
    fn breathe(&mut self, breathing: &Breathing) -> Reply<bool> {
        self.question(&breathing.at_your_pace)?;
        self.how_to_answer(&breathing.go_on)?;
        self.read_line().map(|_| true)
    }

    /// One line at the start and one at the end; Enter ends it early.
    fn wait_out(&mut self, timer: &mut BreakTimer, clock: &dyn Clock) -> Reply<Ending> {
        let start = render::wrapped(&timer.start_line(false), self.style(), "", "");
        self.say(&format!("\n{start}"))?;
        loop {
            match timer.step(clock.elapsed()) {
                // Plain mode says nothing between the start and the end.
                Step::Show(_) => {}
                Step::Wait(wait) => {
                    if self.input_ready(wait)? {
                        self.read_line()?;
                        return Ok(Ending::EndedEarly);
                    }
                }
                Step::Over => {
                    let end = render::wrapped(timer.end_line(false), self.style(), "", "");
                    self.say(&end)?;
                    return Ok(Ending::TimeUp);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Vec<Choice> {
        [
            ("hurt", "I hurt someone and want to repair"),
            ("unseen", "I felt unseen or uncared for"),
            ("both", "Both"),
        ]
        .into_iter()
        .map(|(key, label)| Choice {
            key: key.into(),
            label: label.into(),
        })
        .collect()
    }

    fn timer() -> BreakTimer {
        let vault = crate::vault::Vault::shipped();
        let crate::model::Model::BreakWords(words) = &vault.get("Break").unwrap().model else {
            panic!("the shipped Break note");
        };
        BreakTimer::new(words)
    }

    fn prompt_words() -> PromptWords {
        let plan = crate::coach::Plan::from_vault(&crate::vault::Vault::shipped()).unwrap();
        (*plan.guide.prompts).clone()
    }

    /// A clock stopped at the start: only input can end the timer.
    struct Stopped;
    impl Clock for Stopped {
        fn elapsed(&self) -> Duration {
            Duration::ZERO
        }
    }

    #[test]
    fn enter_ends_the_timer_early_after_one_line_and_end_of_input_pauses() {
        let mut output = Vec::new();
        let ending = PlainPrompter::new(&b"\n"[..], &mut output, 80, prompt_words())
            .wait_out(&mut timer(), &Stopped);
        assert_eq!(ending.unwrap(), Ending::EndedEarly);
        let text = String::from_utf8(output).unwrap();
        assert_eq!(text.trim().lines().count(), 1, "{text}");
        assert!(text.contains("20 min") && text.contains("Enter"), "{text}");

        let mut output = Vec::new();
        let ending = PlainPrompter::new(&b""[..], &mut output, 80, prompt_words())
            .wait_out(&mut timer(), &Stopped);
        assert!(matches!(ending, Err(PromptError::Paused)), "{ending:?}");
    }

    #[test]
    fn a_timer_whose_time_is_up_says_one_line_at_the_start_and_one_at_the_end() {
        struct Over;
        impl Clock for Over {
            fn elapsed(&self) -> Duration {
                Duration::from_secs(3600)
            }
        }
        let mut output = Vec::new();
        let ending = PlainPrompter::new(&b"unread\n"[..], &mut output, 80, prompt_words())
            .wait_out(&mut timer(), &Over);
        assert_eq!(ending.unwrap(), Ending::TimeUp);
        let text = String::from_utf8(output).unwrap();
        let lines: Vec<_> = text.trim().lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[1], "The break is over.");
    }

    #[test]
    fn a_draft_is_said_once_before_the_next_line_asked_for_with_its_controls_removed() {
        let mut output = Vec::new();
        let mut words = prompt_words();
        words.begun = "You had begun: “{draft}”".into();
        let mut p = PlainPrompter::new(&b"first\nsecond\n"[..], &mut output, 80, words);
        p.begin_next_line("half a\x1b[2J thought");
        assert_eq!(p.text("One?", false).unwrap(), "first");
        assert_eq!(p.text("Two?", false).unwrap(), "second");
        let text = String::from_utf8(output).unwrap();
        assert!(
            text.starts_with("\nYou had begun: “half a thought”\n\nOne?\n"),
            "{text:?}"
        );
        assert_eq!(text.matches("You had begun").count(), 1, "{text}");
    }

    #[test]
    fn an_option_is_picked_by_number_key_label_or_unambiguous_prefix() {
        let c = choices();
        assert_eq!(pick("2", &c), Some(1));
        assert_eq!(pick(" BOTH ", &c), Some(2));
        assert_eq!(pick("unseen", &c), Some(1));
        assert_eq!(pick("i felt unseen or uncared for", &c), Some(1));
        assert_eq!(pick("I h", &c), Some(0));
        assert_eq!(pick("uns", &c), Some(1), "the start of a key");
        assert_eq!(pick("I", &c), None, "ambiguous");
        assert_eq!(pick("4", &c), None);
        assert_eq!(pick("0", &c), None);
        assert_eq!(pick("", &c), None);
    }
}
