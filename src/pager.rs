//! Long output through a pager, as git and gh do: only when stdout is a terminal and the text is
//! taller than it, never into a pipe. `$REPAIR_COACH_PAGER`, then `$PAGER`, then `less -FRX`;
//! an empty value or `cat` means no pager, as does `--no-pager`. A pager that cannot be started,
//! or that fails (exits with an error), is no reason to lose the output: it is printed instead,
//! after one warning naming the pager.
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

/// `-F` leaves at once when the text fits after all, `-R` shows bold and dim, `-X` leaves the
/// text on the screen after quitting.
const DEFAULT_PAGER: &str = "less -FRX";
/// Set for the pager where the person has not set them: `less` and `lv` then pass colours
/// through and leave at once when the text fits.
const PAGER_OPTIONS: [(&str, &str); 2] = [("LESS", "FRX"), ("LV", "-c")];
/// Rows assumed when the terminal does not say.
const UNKNOWN_ROWS: usize = 24;

/// Writes `text` to stdout, through the pager where one is wanted (`allowed` is false for
/// `--no-pager`).
pub fn page(text: &str, allowed: bool) -> io::Result<()> {
    if allowed && io::stdout().is_terminal() && taller_than_terminal(text) {
        let chosen = pager_command(
            std::env::var_os("REPAIR_COACH_PAGER"),
            std::env::var_os("PAGER"),
        );
        if let Some((words, named)) = chosen {
            match through(&words, text) {
                Ok(()) => return Ok(()),
                // The shipped default missing (no `less` installed) is nobody's mistake to fix.
                Err(Unpaged::NotStarted(e))
                    if named.is_none() && e.kind() == io::ErrorKind::NotFound => {}
                Err(why) => crate::render::warn(&why.words(&words, named)),
            }
        }
    }
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The pager's program and arguments, and the variable that named it (`None`: the default), or
/// `None` for no pager.
fn pager_command(
    ours: Option<OsString>,
    general: Option<OsString>,
) -> Option<(Vec<String>, Option<&'static str>)> {
    let (chosen, named) = match (ours, general) {
        (Some(ours), _) => (ours, Some("REPAIR_COACH_PAGER")),
        (None, Some(general)) => (general, Some("PAGER")),
        (None, None) => (DEFAULT_PAGER.into(), None),
    };
    let words: Vec<String> = chosen
        .to_string_lossy()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    match words.first().map(String::as_str) {
        None | Some("cat") => None,
        Some(_) => Some((words, named)),
    }
}

/// Why the text was not paged: it is printed instead, after one line saying so.
#[derive(Debug)]
enum Unpaged {
    /// The program could not be run (not there, not executable).
    NotStarted(io::Error),
    /// It could not be given the text.
    NotWritten(io::Error),
    /// It ended with an error of its own (an option it does not know, say), most likely before
    /// showing anything.
    Failed(i32),
}

impl Unpaged {
    /// The warning, naming the pager as it was given and the variable that gave it.
    fn words(&self, pager: &[String], named: Option<&str>) -> String {
        let why = match self {
            Unpaged::NotStarted(e) if e.kind() == io::ErrorKind::NotFound => {
                "there is no such program".to_owned()
            }
            Unpaged::NotStarted(e) | Unpaged::NotWritten(e) => crate::render::os_error_words(e),
            Unpaged::Failed(code) => format!("it stopped with exit code {code}"),
        };
        let fix = match named {
            Some(variable) => format!("set {variable} to a pager that works, or use --no-pager"),
            None => "set PAGER to a pager that works, or use --no-pager".to_owned(),
        };
        format!(
            "the pager “{}” did not work ({why}), so the text is printed without it; {fix}",
            crate::render::sanitize_line(&pager.join(" "))
        )
    }
}

/// Runs the pager with `text` on its stdin and waits for the person to leave it. Quitting before
/// the end closes the pipe: that is not an error, and neither is a pager ended by a signal (the
/// person's Ctrl-C). An exit code other than 0 is: `less` and `more` leave with 0 when quit.
fn through(words: &[String], text: &str) -> Result<(), Unpaged> {
    let mut command = Command::new(&words[0]);
    command.args(&words[1..]).stdin(Stdio::piped());
    // As git does: `PAGER=less` with no options of its own would show bold as `ESC[1m`.
    for (name, value) in PAGER_OPTIONS {
        if std::env::var_os(name).is_none() {
            command.env(name, value);
        }
    }
    let mut child = command.spawn().map_err(Unpaged::NotStarted)?;
    // Ctrl-C in the pager reaches this process too; as git does, it is left to the pager, so
    // that this process does not end under it and leave the terminal to two readers. Ignored
    // only after the spawn: the pager must not inherit the ignoring.
    let _ignoring = IgnoringInterrupts::start();
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                let _ = child.wait();
                return Err(Unpaged::NotWritten(e));
            }
            _ => {}
        }
    }
    match child.wait().map_err(Unpaged::NotWritten)?.code() {
        Some(0) | None => Ok(()),
        Some(code) => Err(Unpaged::Failed(code)),
    }
}

/// SIGINT ignored while it lives; what was there before is put back after.
struct IgnoringInterrupts(libc::sighandler_t);

impl IgnoringInterrupts {
    fn start() -> IgnoringInterrupts {
        // SAFETY: `signal` with SIG_IGN installs no code of ours; the previous disposition it
        // returns is put back unchanged by `drop`.
        IgnoringInterrupts(unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) })
    }
}

impl Drop for IgnoringInterrupts {
    fn drop(&mut self) {
        // SAFETY: restores the disposition `start` found, as it was.
        unsafe {
            libc::signal(libc::SIGINT, self.0);
        }
    }
}

fn taller_than_terminal(text: &str) -> bool {
    let (rows, cols) = console::Term::stdout()
        .size_checked()
        .map_or((UNKNOWN_ROWS, 80), |(rows, cols)| {
            (usize::from(rows), usize::from(cols))
        });
    rows_needed(text, cols) >= rows
}

/// Rows the text takes on a terminal `cols` wide, long lines wrapping (escape codes take none).
fn rows_needed(text: &str, cols: usize) -> usize {
    text.lines()
        .map(|line| {
            console::measure_text_width(line)
                .div_ceil(cols.max(1))
                .max(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str, named: Option<&'static str>) -> Option<(Vec<String>, Option<&'static str>)> {
        Some((s.split_whitespace().map(str::to_owned).collect(), named))
    }

    #[test]
    fn our_variable_wins_then_pager_then_less() {
        assert_eq!(
            pager_command(Some("most".into()), Some("more".into())),
            words("most", Some("REPAIR_COACH_PAGER"))
        );
        assert_eq!(
            pager_command(None, Some("more -d".into())),
            words("more -d", Some("PAGER"))
        );
        assert_eq!(pager_command(None, None), words("less -FRX", None));
    }

    #[test]
    fn empty_or_cat_means_no_pager() {
        assert_eq!(pager_command(Some("".into()), Some("less".into())), None);
        assert_eq!(pager_command(Some("  ".into()), None), None);
        assert_eq!(pager_command(None, Some("cat".into())), None);
        assert_eq!(pager_command(None, Some("".into())), None);
    }

    #[test]
    fn long_lines_count_as_the_rows_they_wrap_to() {
        assert_eq!(rows_needed("a\nb\n", 80), 2);
        assert_eq!(rows_needed(&"x".repeat(81), 80), 2);
        assert_eq!(rows_needed("\x1b[1mbold\x1b[0m\n\n", 4), 2);
    }

    #[test]
    fn a_pager_that_cannot_start_is_an_error_to_fall_back_from() {
        let missing = vec!["/nonexistent/pager".to_owned()];
        let why = through(&missing, "text").unwrap_err();
        assert!(matches!(why, Unpaged::NotStarted(_)), "{why:?}");
        assert!(
            why.words(&missing, Some("PAGER"))
                .contains("“/nonexistent/pager” did not work (there is no such program)")
        );
        let failing = ["sh", "-c", "exit 3"].map(str::to_owned);
        let why = through(&failing, "text").unwrap_err();
        assert!(matches!(why, Unpaged::Failed(3)), "{why:?}");
    }
}
