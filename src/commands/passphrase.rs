//! The journal's passphrase, asked for once per command, before anything else is asked or
//! written: the output of `REPAIR_COACH_PASSPHRASE_COMMAND` or `passphrase_command` (as restic's
//! `--password-command`), else typed at the terminal with no echo. A passphrase that does not
//! open the journal is said so and asked again, three times at most; then the command stops,
//! having changed nothing.
use crate::config::Config;
use crate::journal::crypt::OpenError;
use crate::journal::{Journal, Key};
use crate::model::PassphraseWords;
use crate::render;
use anyhow::{Context, bail};
use console::Term;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many times a typed passphrase may be wrong.
const TRIES: u32 = 3;

/// A passphrase longer than this is not one (a command printing a file by mistake).
const MOST_BYTES: u64 = 64 * 1024;

pub const COMMAND_VAR: &str = "REPAIR_COACH_PASSPHRASE_COMMAND";

/// When the journal needs a passphrase (`encrypt = true`, encrypted notes in it, or `needed`),
/// gets one that opens it and gives it to the journal.
pub fn unlock(
    journal: &mut Journal,
    config: &Config,
    needed: bool,
    words: &Words,
) -> anyhow::Result<()> {
    let encrypted = journal.has_encrypted_entries()?;
    if !(config.encrypt || encrypted || needed) {
        return Ok(());
    }
    let check = |key: &Key| journal.check_key(key);
    let key = obtain(config, journal.dir(), encrypted, &check, words)?;
    journal.unlock(Arc::new(key), config.encrypt && !needed)
}

/// For a journal folder that is not made yet: with `encrypt = true`, a new passphrase, now.
pub fn for_new_journal(config: &Config, dir: &Path, words: &Words) -> anyhow::Result<Option<Key>> {
    if !config.encrypt {
        return Ok(None);
    }
    obtain(config, dir, false, &|_| Ok(Ok(())), words).map(Some)
}

/// The words of the questions, from the vault's notes: looked up only when the passphrase is
/// typed, not when a command gives it.
pub type Words<'a> = dyn Fn() -> anyhow::Result<PassphraseWords> + 'a;

/// Whether a passphrase opens the journal's encrypted notes.
type Check<'a> = dyn Fn(&Key) -> anyhow::Result<Result<(), OpenError>> + 'a;

/// The passphrase from the command, else typed; `encrypted`: the journal in `dir` already has
/// encrypted notes, which `check` tries it on.
fn obtain(
    config: &Config,
    dir: &Path,
    encrypted: bool,
    check: &Check,
    words: &Words,
) -> anyhow::Result<Key> {
    let from_env = std::env::var(COMMAND_VAR)
        .ok()
        .filter(|c| !c.trim().is_empty())
        .map(|c| (c, COMMAND_VAR.to_owned()));
    let from_config = || {
        let command = config.passphrase_command.clone()?;
        Some((
            command,
            "`passphrase_command` in the config file".to_owned(),
        ))
    };
    match from_env.or_else(from_config) {
        Some((command, set_by)) => from_command(dir, &command, &set_by, check),
        None => typed(dir, encrypted, check, words),
    }
}

fn from_command(dir: &Path, command: &str, set_by: &str, check: &Check) -> anyhow::Result<Key> {
    // Said on the same line: which command it was matters as much as what went wrong.
    let passphrase =
        run(command).map_err(|e| anyhow::anyhow!("{e:#} (the command is {set_by})"))?;
    let key = Key::new(passphrase);
    match check(&key)? {
        Ok(()) => Ok(key),
        Err(OpenError::WrongPassphrase) => bail!(
            "the passphrase from the passphrase command does not open the journal in {}; \
             nothing was changed. Check the command (`passphrase_command` in the config file, \
             or {COMMAND_VAR})",
            dir.display()
        ),
        Err(e) => bail!("a journal note could not be opened: {e}"),
    }
}

/// Runs `command` with the shell and takes its output, less one final line ending.
fn run(command: &str) -> anyhow::Result<String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("could not run the passphrase command")?;
    // Read on a thread of its own, so that the wait below ends when the command does: a process
    // it leaves running (`sleep 30 & echo secret`) can hold its output open long after.
    let printed = Arc::new(Mutex::new(Vec::new()));
    let stdout = child.stdout.take().expect("stdout is piped");
    let reading = {
        let printed = Arc::clone(&printed);
        std::thread::spawn(move || read_into(stdout, &printed))
    };
    let status = child
        .wait()
        .context("could not run the passphrase command")?;
    let waited = Instant::now();
    while !reading.is_finished() && waited.elapsed() < AFTER_EXIT {
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = std::mem::take(&mut *printed.lock().unwrap_or_else(|p| p.into_inner()));
    if out.len() as u64 > MOST_BYTES {
        bail!(
            "the passphrase command printed more than {} KiB, too much to be a passphrase; \
             nothing was changed",
            MOST_BYTES / 1024
        );
    }
    if !status.success() {
        bail!("the passphrase command failed ({status}); nothing was changed");
    }
    let mut passphrase = String::from_utf8(out)
        .context("the passphrase command printed something that is not text")?;
    for ending in ["\n", "\r"] {
        if passphrase.ends_with(ending) {
            passphrase.pop();
        }
    }
    if passphrase.is_empty() {
        bail!("the passphrase command printed nothing; nothing was changed");
    }
    Ok(passphrase)
}

/// How long output is still taken once the command has ended.
const AFTER_EXIT: Duration = Duration::from_millis(500);

/// Appends what `output` gives to `printed`, as it comes, up to one byte past [`MOST_BYTES`].
fn read_into(mut output: impl Read, printed: &Mutex<Vec<u8>>) {
    let mut chunk = [0u8; 4096];
    loop {
        match output.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => {
                let mut printed = printed.lock().unwrap_or_else(|p| p.into_inner());
                printed.extend_from_slice(&chunk[..n]);
                if printed.len() as u64 > MOST_BYTES {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// Asks at the terminal: twice for a new passphrase, else until it opens the journal.
fn typed(dir: &Path, encrypted: bool, check: &Check, words: &Words) -> anyhow::Result<Key> {
    if !std::io::stderr().is_terminal() {
        bail!(
            "the journal in {} is encrypted (or set to be), and there is no terminal to ask for \
             its passphrase. For scripts, set `passphrase_command` in the config file, or \
             {COMMAND_VAR}, to a command that prints it",
            dir.display()
        );
    }
    let words = words()?;
    let term = Term::stderr();
    if !encrypted {
        // Typed twice: nothing can open the notes without it.
        loop {
            let first = hidden(&term, &words.choose)?;
            if hidden(&term, &words.again)? == first {
                return Ok(Key::new(first));
            }
            term.write_line(&render::sanitize(&words.not_the_same))?;
        }
    }
    for attempt in 1..=TRIES {
        let key = Key::new(hidden(&term, &words.ask)?);
        match check(&key)? {
            Ok(()) => return Ok(key),
            Err(OpenError::WrongPassphrase) if attempt < TRIES => {
                term.write_line(&render::sanitize(&words.wrong))?;
            }
            Err(OpenError::WrongPassphrase) => {}
            Err(e) => bail!("a journal note could not be opened: {e}"),
        }
    }
    bail!(
        "that passphrase did not open the journal, {TRIES} times, so nothing was opened or \
         changed. Run the command again to try once more"
    )
}

/// A line typed with no echo, read key by key (the terminal put back as it was after each
/// key, so that nothing can leave echo off); asked again while empty. Esc leaves at once, as at every question: the screen is
/// cleared, and nothing was answered yet to keep.
fn hidden(term: &Term, prompt: &str) -> anyhow::Result<String> {
    loop {
        term.write_str(&render::sanitize(prompt))?;
        let mut line = String::new();
        loop {
            match term
                .read_key_raw()
                .context("could not read the passphrase")?
            {
                console::Key::Enter => break,
                console::Key::Escape => super::leave_at_once(),
                // Ctrl-C stops, as at a question, its line ended: nothing was answered to keep.
                console::Key::CtrlC => {
                    let _ = term.write_line("");
                    std::process::exit(crate::Exit::Interrupted as i32);
                }
                // Ctrl-D on an empty line: the end of input, as a shell takes it.
                console::Key::Char('\u{4}') if line.is_empty() => {
                    term.write_line("")?;
                    bail!("no passphrase was typed, so nothing was opened or changed");
                }
                console::Key::Backspace => {
                    line.pop();
                }
                console::Key::Char(c) if !c.is_control() => line.push(c),
                _ => {}
            }
        }
        term.write_line("")?;
        if !line.is_empty() {
            return Ok(line);
        }
    }
}
