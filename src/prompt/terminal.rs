//! Prompts for a person at a terminal: dialoguer menus and line editing on stderr, in a quiet
//! theme (bold and dim only, no colours, no symbols that shout), the same layout in plain text
//! when colour is off.
//!
//! dialoguer hides the cursor during menus and does not show it again when a prompt fails
//! (Ctrl-C, a closed terminal), so every prompt here restores it on the way out, whatever
//! happens. Ctrl-C makes console raise SIGINT for the application's handler, and the prompt then
//! fails with `Interrupted`, which becomes [`PromptError::Interrupted`].
//!
//! Esc at any prompt leaves at once ([`PromptError::LeftAtOnce`]); the command then calls
//! [`leave_at_once`], which clears the screen and its scrollback. dialoguer's line input cannot
//! report Esc, so lines are read here, key by key, and edited as in a shell (`line_edit`).
use super::line_edit::{Edit, LineEdit};
use super::{Breathing, Choice, Message, PromptError, Prompter, Reply};
use crate::coach::Interruption;
use crate::coach::break_timer::{BreakTimer, Clock, Ending, Step};
use crate::interrupt;
use crate::model::PromptWords;
use crate::model::guide;
use crate::render::{self, Style};
use console::{Key, Term};
use dialoguer::Select;
use dialoguer::theme::Theme;
use std::cell::Cell;
use std::fmt;
use std::io::{self, ErrorKind, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// The line being typed as it stands on the screen: its text, and how many rows above the
/// line's last row the cursor is.
#[derive(Debug, Default)]
struct Drawn {
    text: String,
    up: usize,
}

pub struct TerminalPrompter {
    term: Term,
    theme: Box<dyn Theme>,
    words: PromptWords,
    /// Whether the first question has said that Esc leaves at once.
    told_how_to_leave: Cell<bool>,
    /// Whether the first menu has said how to choose in it.
    told_how_to_choose: Cell<bool>,
    /// What the next line asked for begins with.
    begun: Option<String>,
}

/// A line typed in answer to a question in words: noted as it is typed (see
/// `interrupt::typing`), so that a stop between two keys keeps it as a draft.
struct Answering<'q> {
    question: &'q str,
    /// What the line begins with: the draft of an earlier stop, or nothing.
    begun: String,
}

/// Clears the screen and its scrollback and shows the cursor, for someone who pressed Esc to
/// leave at once: nothing of the session stays on the screen, and nothing is printed after.
pub fn leave_at_once() -> io::Result<()> {
    let mut terminal = io::stderr().lock();
    terminal.write_all(b"\x1b[H\x1b[2J\x1b[3J\x1b[?25h")?;
    terminal.flush()
}

impl TerminalPrompter {
    /// Prompts on stderr, coloured only when stderr is a terminal and `NO_COLOR` is not set.
    pub fn new(words: PromptWords) -> Self {
        let theme: Box<dyn Theme> = Box::new(QuietTheme {
            style: Style::for_stderr(false),
        });
        TerminalPrompter {
            term: Term::stderr(),
            theme,
            words,
            told_how_to_leave: Cell::new(false),
            told_how_to_choose: Cell::new(false),
            begun: None,
        }
    }

    /// How to draw now: the terminal's width is taken again each time, so that text drawn after
    /// the window is made narrower (or wider) fits it.
    fn style(&self) -> Style {
        Style::for_stderr(false)
    }

    /// Runs one dialoguer prompt, shows the cursor again however it ended, and maps its error.
    fn run<T>(&self, prompt: impl FnOnce(&Term) -> dialoguer::Result<T>) -> Reply<T> {
        let result = prompt(&self.term);
        let shown = self.term.show_cursor();
        let value = result.map_err(|e| prompt_error(e.into()))?;
        shown?;
        Ok(value)
    }

    /// Writes the question after a blank line, wrapped, with its hint on the line below. dialoguer knows how many
    /// lines it drew only by counting newlines, so a question wider than the terminal, drawn by
    /// dialoguer, would be half-cleared and left on screen twice: dialoguer draws only the answer.
    fn ask(&self, question: &str, hint: Option<&str>) -> Reply<()> {
        self.term.write_line("")?;
        let style = self.style();
        let mut asked = style.bold(&render::wrapped(question, style, "", ""));
        // Hints are wrapped at spaces too: the terminal would break them mid-word.
        let dim = |text: &str| style.dim(&render::wrapped(text, style, "", ""));
        if let Some(hint) = hint {
            asked += &format!("\n{}", dim(hint));
        }
        // Said once, under the first question (the safety question of a session).
        if !self.told_how_to_leave.replace(true) && !self.words.leave.trim().is_empty() {
            asked += &format!("\n{}", dim(&one_line(&self.words.leave)));
        }
        self.term.write_line(&asked)?;
        Ok(())
    }

    /// Writes the answer given under its question, wrapped.
    fn answered(&self, answer: &str) -> Reply<()> {
        let shown = if answer.trim().is_empty() {
            format!("› {}", self.style().dim(&one_line(&self.words.skipped)))
        } else {
            render::wrapped(answer, self.style(), "› ", "  ")
        };
        self.term.write_line(&shown)?;
        Ok(())
    }

    /// A line typed under its question. Once given, the rows the typed answer took (it may have
    /// run past the edge of the terminal) are cleared and it is written again, wrapped.
    fn line(
        &self,
        question: &str,
        hint: Option<&str>,
        allow_empty: bool,
        answering: Option<Answering>,
        validate: impl Fn(&str) -> Result<(), String>,
    ) -> Reply<String> {
        self.ask(question, hint)?;
        let answer = self.read_line(allow_empty, answering, validate);
        let shown = self.term.show_cursor();
        let answer = answer?;
        shown?;
        self.answered(&answer)?;
        Ok(answer)
    }

    /// Reads a line key by key after `› `, edited as in a shell (see `LineEdit`): Enter gives
    /// the line (once `validate` accepts it), Esc leaves at once. Returns with the typed rows
    /// cleared, the cursor where they began.
    fn read_line(
        &self,
        allow_empty: bool,
        answering: Option<Answering>,
        validate: impl Fn(&str) -> Result<(), String>,
    ) -> Reply<String> {
        let term = &self.term;
        let arrow = format!("{} ", self.style().dim("›"));
        let mut line = answering
            .as_ref()
            .map_or_else(LineEdit::default, |a| LineEdit::begun(&a.begun));
        let note = |line: &LineEdit| {
            if let Some(answering) = &answering {
                interrupt::typing(answering.question, &line.text());
            }
        };
        let mut drawn = Drawn::default();
        note(&line);
        if line.text().is_empty() {
            term.write_str(&arrow)?;
        } else {
            self.draw(&arrow, &mut drawn, &line)?;
        }
        loop {
            let key = match term.read_key() {
                Ok(key) => key,
                Err(error) => {
                    // What is said next starts below the line, not inside it.
                    line.key(&Key::End);
                    let _ = self.draw(&arrow, &mut drawn, &line);
                    return Err(prompt_error(error));
                }
            };
            // A line break inside pasted text is part of the answer, not its end: no one types
            // the next key within a moment of Enter, but a paste is all there at once.
            let key = match key {
                Key::Enter if more_keys_waiting() => Key::Char(' '),
                key => key,
            };
            match key {
                Key::Escape => return Err(PromptError::LeftAtOnce),
                // Ctrl-D on an empty line: the end of input, as a shell takes it (the session is
                // saved as paused, as when a pipe of answers runs out).
                Key::Char('\u{4}') if line.text().is_empty() => {
                    term.write_line("")?;
                    return Err(PromptError::Paused);
                }
                Key::Enter if line.text().trim().is_empty() && !allow_empty => {}
                Key::Enter => {
                    term.move_cursor_down(drawn.up)?;
                    self.clear_typed(&drawn.text)?;
                    let typed = line.text();
                    match validate(&typed) {
                        Ok(()) => {
                            // Given: from here the caller keeps it, and saves it next.
                            if answering.is_some() {
                                interrupt::take_typed();
                            }
                            return Ok(typed);
                        }
                        Err(why) => {
                            term.write_line(&self.style().dim(&why))?;
                            line.clear();
                            note(&line);
                            drawn = Drawn::default();
                            term.write_str(&arrow)?;
                        }
                    }
                }
                // The usual case, typing at the end: only the new letter is written.
                // Noted a letter at a time: a pasted letter takes time in its length, not its square.
                Key::Char(c) if line.is_at_end() && !c.is_control() => {
                    if line.key(&key) == Edit::Changed {
                        if answering.is_some() {
                            interrupt::typed(c);
                        }
                        drawn.text.push(c);
                        term.write_str(&render::sanitize(c.encode_utf8(&mut [0; 4])))?;
                    }
                }
                // Ctrl-Z: stopped, as a shell stops any program (the terminal is not left in raw
                // mode between keys); on `fg` the line is drawn again, below what the shell said.
                Key::Char('\u{1a}') => {
                    term.move_cursor_down(drawn.up)?;
                    term.write_line("")?;
                    // SAFETY: raising a signal; its default action stops the process, which
                    // goes on here when it is continued.
                    unsafe { libc::raise(libc::SIGTSTP) };
                    drawn = Drawn::default();
                    self.draw(&arrow, &mut drawn, &line)?;
                }
                key => {
                    if line.key(&key) == Edit::Changed {
                        note(&line);
                        self.draw(&arrow, &mut drawn, &line)?;
                    }
                }
            }
        }
    }

    /// Draws `› line` again over the rows it took, with the cursor where the line's cursor is,
    /// however far the line runs past the edge of the terminal.
    fn draw(&self, arrow: &str, drawn: &mut Drawn, line: &LineEdit) -> io::Result<()> {
        let term = &self.term;
        term.move_cursor_down(drawn.up)?;
        self.clear_typed(&drawn.text)?;
        let text = line.text();
        let shown = render::sanitize(&text);
        term.write_str(&format!("{arrow}{shown}"))?;
        drawn.up = 0;
        if !line.is_at_end() {
            let columns = usize::from(term.size().1).max(1);
            let end = 2 + textwrap::core::display_width(&shown);
            let at = 2 + textwrap::core::display_width(&render::sanitize(&line.before_cursor()));
            // A line that exactly fills its last row leaves the cursor on that row.
            drawn.up = (end - 1) / columns - at / columns;
            term.move_cursor_up(drawn.up)?;
            term.write_str("\r")?;
            term.move_cursor_right(at % columns)?;
        }
        drawn.text = text;
        Ok(())
    }

    /// Clears the rows `› typed` took, however far it ran past the edge of the terminal.
    fn clear_typed(&self, typed: &str) -> io::Result<()> {
        let columns = usize::from(self.term.size().1).max(1);
        let width = 2 + textwrap::core::display_width(&render::sanitize(typed));
        // A line that exactly fills its last row leaves the cursor on that row, not the next.
        let rows_above = (width - 1) / columns;
        self.term.clear_line()?;
        self.term.clear_last_lines(rows_above)
    }
}

/// `Breathe in · 1 2 3` up to `second`, on one row of a terminal `columns` wide: only the
/// latest number when all of them do not fit, cut at the edge when even that does not. A line
/// that wrapped would leave a row behind at each redraw.
fn count_line(label: &str, second: u32, columns: usize) -> String {
    let counted: String = (1..=second).map(|n| format!(" {n}")).collect();
    let all = format!("{label} ·{counted}");
    let fits = |line: &str| console::measure_text_width(line) < columns;
    let line = match fits(&all) {
        true => all,
        false => format!("{label} · {second}"),
    };
    match fits(&line) {
        true => line,
        false => console::truncate_str(&line, columns.saturating_sub(1), "").into_owned(),
    }
}

/// Whether more input is already waiting on stdin (the terminal keys are read from).
fn more_keys_waiting() -> bool {
    let mut waiting = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and a timeout of 0: it only looks.
    unsafe { libc::poll(&mut waiting, 1, 0) > 0 }
}

fn prompt_error(error: io::Error) -> PromptError {
    match error.kind() {
        // Ctrl-C (console reports it as Interrupted) or the terminal closing under us.
        ErrorKind::Interrupted | ErrorKind::UnexpectedEof => {
            PromptError::Interrupted(Interruption::Signal)
        }
        _ => error.into(),
    }
}

/// Text from a note as one safe line: dialoguer redraws prompts by counting lines, so a newline
/// inside a prompt would leave stray lines behind.
fn one_line(text: &str) -> String {
    render::sanitize(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A menu label wrapped at spaces to fit beside the `› ` put before it, its later lines
/// indented under its first: the terminal would break it mid-word, and dialoguer counts the rows
/// it drew by the newlines in them.
fn menu_item(label: &str, style: Style) -> String {
    let beside_marker = Style {
        width: style.width.saturating_sub(2).max(1),
        ..style
    };
    render::wrapped(label, beside_marker, "", "  ")
}

impl Prompter for TerminalPrompter {
    fn show(&mut self, message: &Message) -> Reply<()> {
        let text = super::draw(message, self.style());
        self.term.write_str(&format!("\n{text}"))?;
        Ok(())
    }

    fn choose(&mut self, question: &str, choices: &[Choice]) -> Reply<usize> {
        let labels: Vec<String> = choices.iter().map(|c| one_line(&c.label)).collect();
        let how = one_line(&self.words.menu);
        let first = !self.told_how_to_choose.replace(true);
        self.ask(question, (first && !how.trim().is_empty()).then_some(&*how))?;
        let items: Vec<String> = labels.iter().map(|l| menu_item(l, self.style())).collect();
        let picked = self.run(|term| {
            Select::with_theme(&*self.theme)
                .items(&items)
                .default(0)
                .interact_on_opt(term)
        })?;
        // Esc (or q) in a menu: dialoguer reports both the same way.
        let picked = picked.ok_or(PromptError::LeftAtOnce)?;
        self.answered(&labels[picked])?;
        Ok(picked)
    }

    fn text(&mut self, question: &str, skippable: bool) -> Reply<String> {
        let hint = skippable.then(|| one_line(&self.words.skip));
        let answering = Answering {
            question,
            begun: self.begun.take().unwrap_or_default(),
        };
        self.line(
            question,
            hint.as_deref(),
            skippable,
            Some(answering),
            |_| Ok(()),
        )
    }

    fn begin_next_line(&mut self, draft: &str) {
        self.begun = Some(draft.to_owned());
    }

    fn mend_next_line(&mut self, earlier: &str) {
        self.begun.get_or_insert_with(|| earlier.to_owned());
    }

    fn scale(&mut self, question: &str, low: &str, high: &str) -> Reply<u8> {
        let (low, high) = (one_line(low), one_line(high));
        let hint = guide::fill(&self.words.scale_ends, &[("low", &low), ("high", &high)]);
        let again = one_line(&self.words.scale_again);
        let answer = self.line(
            question,
            Some(&hint),
            false,
            None,
            |line| match parse_scale(line) {
                Some(_) => Ok(()),
                None => Err(again.clone()),
            },
        )?;
        parse_scale(&answer).ok_or(PromptError::Paused)
    }

    /// A quiet count on one line, redrawn in place each second (any key stops it early), then
    /// one line.
    fn breathe(&mut self, breathing: &Breathing) -> Reply<bool> {
        let result = self.count_breaths(breathing);
        let shown = self.term.show_cursor();
        let finished = result?;
        shown?;
        Ok(finished)
    }

    fn wait_out(&mut self, timer: &mut BreakTimer, clock: &dyn Clock) -> Reply<Ending> {
        let result = self.count_down(timer, clock);
        let shown = self.term.show_cursor();
        let ending = result?;
        shown?;
        Ok(ending)
    }
}

impl TerminalPrompter {
    /// The minutes left on one dim line, redrawn in place only when the figure changes. The key
    /// is read on a helper thread that reads exactly one key: when the time is up, the end line
    /// waits for it, so it never steals a keystroke from the next prompt.
    fn count_down(&self, timer: &mut BreakTimer, clock: &dyn Clock) -> Reply<Ending> {
        let term = &self.term;
        let (key_tx, key_rx) = mpsc::channel();
        let reader = term.clone();
        thread::spawn(move || key_tx.send(reader.read_key()));
        let key_pressed = |wait: Duration| match key_rx.recv_timeout(wait) {
            Ok(key) => key.map(|_| true).map_err(prompt_error),
            Err(RecvTimeoutError::Timeout) => Ok(false),
            Err(RecvTimeoutError::Disconnected) => {
                Err(PromptError::Interrupted(Interruption::Signal))
            }
        };
        term.hide_cursor()?;
        term.write_line("")?;
        term.write_line(&self.style().dim(&one_line(&timer.start_line(true))))?;
        loop {
            match timer.step(clock.elapsed()) {
                Step::Show(left) => {
                    term.clear_line()?;
                    term.write_str(&self.style().dim(&one_line(&left)))?;
                }
                Step::Wait(wait) => {
                    if key_pressed(wait)? {
                        term.clear_line()?;
                        return Ok(Ending::EndedEarly);
                    }
                }
                Step::Over => {
                    term.clear_line()?;
                    term.write_str(&self.style().dim(&one_line(timer.end_line(true))))?;
                    key_pressed(Duration::MAX)?;
                    term.write_line("")?;
                    return Ok(Ending::TimeUp);
                }
            }
        }
    }
}

impl TerminalPrompter {
    /// Counts each breath on one line, redrawn in place once a second. Any key skips the rest;
    /// at the end, one line waits for a key. The key is read on a helper thread that reads
    /// exactly one key in either case, so it never steals a keystroke from the next prompt.
    fn count_breaths(&self, breathing: &Breathing) -> Reply<bool> {
        let term = &self.term;
        let (key_tx, key_rx) = mpsc::channel();
        let reader = term.clone();
        thread::spawn(move || key_tx.send(reader.read_key()));
        let key_pressed = |wait: Duration| match key_rx.recv_timeout(wait) {
            Ok(Ok(Key::Escape)) => Err(PromptError::LeftAtOnce),
            Ok(key) => key.map(|_| true).map_err(prompt_error),
            Err(RecvTimeoutError::Timeout) => Ok(false),
            Err(RecvTimeoutError::Disconnected) => {
                Err(PromptError::Interrupted(Interruption::Signal))
            }
        };

        term.hide_cursor()?;
        term.write_line("")?;
        term.write_line(&self.style().dim(&one_line(&breathing.count_start)))?;
        let phases = [
            (one_line(&breathing.inhale_label), breathing.inhale_secs),
            (one_line(&breathing.exhale_label), breathing.exhale_secs),
        ];
        let mut skipped = false;
        'counting: for _ in 0..breathing.cycles {
            for (label, secs) in &phases {
                for second in 1..=*secs {
                    let columns = usize::from(term.size().1);
                    term.clear_line()?;
                    term.write_str(&count_line(&self.style().bold(label), second, columns))?;
                    if key_pressed(Duration::from_secs(1))? {
                        skipped = true;
                        break 'counting;
                    }
                }
            }
        }
        term.clear_line()?;
        if skipped {
            return Ok(false);
        }
        term.write_str(&self.style().dim(&one_line(&breathing.count_done)))?;
        key_pressed(Duration::MAX)?;
        term.clear_line()?;
        term.write_line(&self.style().dim(&one_line(&breathing.done)))?;
        Ok(true)
    }
}

fn parse_scale(line: &str) -> Option<u8> {
    line.trim().parse::<u8>().ok().filter(|n| *n <= 10)
}

/// Bold for what is asked and chosen, dim for hints; no colours and no ticks or crosses. With
/// colour off, the same layout in plain text.
struct QuietTheme {
    style: Style,
}

impl QuietTheme {
    fn bold(&self, text: &str) -> String {
        self.style.bold(text)
    }

    fn dim(&self, text: &str) -> String {
        self.style.dim(text)
    }
}

impl Theme for QuietTheme {
    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        write!(f, "{err}")
    }

    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        let arrow = self.dim("›");
        match (prompt.is_empty(), default) {
            (true, _) => write!(f, "{arrow} "),
            (false, Some(default)) => {
                write!(f, "{} {} {arrow} ", self.bold(prompt), self.dim(default))
            }
            (false, None) => write!(f, "{} {arrow} ", self.bold(prompt)),
        }
    }

    fn format_confirm_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<bool>,
    ) -> fmt::Result {
        let hint = match default {
            None => "(y/n)",
            Some(true) => "(Y/n)",
            Some(false) => "(y/N)",
        };
        write!(f, "{} {} ", self.bold(prompt), self.dim(hint))
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        if active {
            write!(f, "{} {}", self.bold("›"), self.bold(text))
        } else {
            write!(f, "  {text}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breathing_count_stays_on_one_row_however_narrow_the_terminal() {
        assert_eq!(count_line("Breathe in", 3, 80), "Breathe in · 1 2 3");
        assert_eq!(count_line("Breathe in", 30, 60), "Breathe in · 30");
        assert_eq!(count_line("Breathe out", 4, 12), "Breathe out");
        let bold = "\x1b[1mBreathe in\x1b[0m";
        for columns in [1, 5, 20, 40] {
            for second in 1..=30 {
                let line = count_line(bold, second, columns);
                assert!(
                    console::measure_text_width(&line) < columns.max(1),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn ctrl_c_and_a_closed_terminal_interrupt_other_errors_stay_io() {
        let interrupted = io::Error::new(ErrorKind::Interrupted, "read interrupted");
        assert!(matches!(
            prompt_error(interrupted),
            PromptError::Interrupted(Interruption::Signal)
        ));
        let eof = io::Error::new(ErrorKind::UnexpectedEof, "Reached end of file");
        assert!(matches!(
            prompt_error(eof),
            PromptError::Interrupted(Interruption::Signal)
        ));
        let other = io::Error::new(ErrorKind::NotConnected, "not a terminal");
        assert!(matches!(prompt_error(other), PromptError::Io(_)));
    }

    #[test]
    fn note_text_becomes_one_safe_line() {
        assert_eq!(
            one_line("How activated\n do you\u{1b}[2J feel?"),
            "How activated do you feel?"
        );
    }

    #[test]
    fn a_scale_answer_is_a_whole_number_from_0_to_10() {
        assert_eq!(parse_scale(" 7 "), Some(7));
        assert_eq!(parse_scale("0"), Some(0));
        assert_eq!(parse_scale("11"), None);
        assert_eq!(parse_scale("seven"), None);
    }

    #[rstest::rstest]
    #[case::colour(true)]
    #[case::no_colour(false)]
    fn the_quiet_theme_uses_no_colour_codes(#[case] color: bool) {
        let theme = QuietTheme {
            style: Style { color, width: 80 },
        };
        let mut out = String::new();
        theme
            .format_select_prompt_item(&mut out, "Both", true)
            .unwrap();
        theme.format_input_prompt(&mut out, "Why?", None).unwrap();
        theme
            .format_confirm_prompt(&mut out, "Save?", Some(true))
            .unwrap();
        assert_eq!(
            out.contains('\u{1b}'),
            color,
            "styled only with colour on: {out:?}"
        );
        // Only bold (1), dim (2) and reset (0): no foreground or background colours (30-49, 90-107).
        for code in out.split('\u{1b}').skip(1) {
            let params = code.trim_start_matches('[').split('m').next().unwrap();
            for p in params.split(';') {
                assert!(matches!(p, "0" | "1" | "2"), "{out:?}");
            }
        }
        assert!(out.contains("Both") && out.contains("(Y/n)"), "{out:?}");
    }
}
