//! The journal's passphrase, asked for once per command, before anything else is asked or
//! written: the output of `REPAIR_COACH_PASSPHRASE_COMMAND` or `passphrase_command` (as restic's
//! `--password-command`), else typed at the terminal with no echo. A passphrase that does not
//! open the journal is said so and asked again, three times at most; then the command stops,
//! having changed nothing.
use crate::config::Config;
use crate::journal::crypt::OpenError;
use crate::journal::{Journal, Key};
use anyhow::{Context, bail};
use console::Term;
use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

/// How many times a typed passphrase may be wrong.
const TRIES: u32 = 3;

/// A passphrase longer than this is not one (a command printing a file by mistake).
const MOST_BYTES: u64 = 64 * 1024;

pub const COMMAND_VAR: &str = "REPAIR_COACH_PASSPHRASE_COMMAND";

/// When the journal needs a passphrase (`encrypt = true`, encrypted notes in it, or `needed`),
/// gets one that opens it and gives it to the journal.
pub fn unlock(journal: &mut Journal, config: &Config, needed: bool) -> anyhow::Result<()> {
    let encrypted = journal.has_encrypted_entries()?;
    if !(config.encrypt || encrypted || needed) {
        return Ok(());
    }
    let check = |key: &Key| journal.check_key(key);
    let key = obtain(config, journal.dir(), encrypted, &check)?;
    journal.unlock(Arc::new(key), config.encrypt && !needed)
}

/// For a journal folder that is not made yet: with `encrypt = true`, a new passphrase, now.
pub fn for_new_journal(config: &Config, dir: &Path) -> anyhow::Result<Option<Key>> {
    if !config.encrypt {
        return Ok(None);
    }
    obtain(config, dir, false, &|_| Ok(Ok(()))).map(Some)
}

/// Whether a passphrase opens the journal's encrypted notes.
type Check<'a> = dyn Fn(&Key) -> anyhow::Result<Result<(), OpenError>> + 'a;

/// The passphrase from the command, else typed; `encrypted`: the journal in `dir` already has
/// encrypted notes, which `check` tries it on.
fn obtain(config: &Config, dir: &Path, encrypted: bool, check: &Check) -> anyhow::Result<Key> {
    let command = std::env::var(COMMAND_VAR)
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| config.passphrase_command.clone());
    match command {
        Some(command) => from_command(dir, &command, check),
        None => typed(dir, encrypted, check),
    }
}

fn from_command(dir: &Path, command: &str, check: &Check) -> anyhow::Result<Key> {
    let key = Key::new(run(command)?);
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
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .take(MOST_BYTES)
        .read_to_end(&mut out)
        .context("could not read the passphrase command's output")?;
    let status = child
        .wait()
        .context("could not run the passphrase command")?;
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

/// Asks at the terminal: twice for a new passphrase, else until it opens the journal.
fn typed(dir: &Path, encrypted: bool, check: &Check) -> anyhow::Result<Key> {
    if !std::io::stderr().is_terminal() {
        bail!(
            "the journal in {} is encrypted (or set to be), and there is no terminal to ask for \
             its passphrase. For scripts, set `passphrase_command` in the config file, or \
             {COMMAND_VAR}, to a command that prints it",
            dir.display()
        );
    }
    let term = Term::stderr();
    if !encrypted {
        // Typed twice: nothing can open the notes without it.
        loop {
            let first = hidden(&term, "Choose a passphrase for your journal: ")?;
            if hidden(&term, "Type it again: ")? == first {
                return Ok(Key::new(first));
            }
            term.write_line("The two were not the same. Once more.")?;
        }
    }
    for attempt in 1..=TRIES {
        let key = Key::new(hidden(&term, "Passphrase for your journal: ")?);
        match check(&key)? {
            Ok(()) => return Ok(key),
            Err(OpenError::WrongPassphrase) if attempt < TRIES => {
                term.write_line("That passphrase does not open the journal. Try again.")?;
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

/// A line typed with no echo, read key by key (so that Ctrl-C leaves the terminal as it was,
/// echo on); asked again while empty.
fn hidden(term: &Term, prompt: &str) -> anyhow::Result<String> {
    loop {
        term.write_str(prompt)?;
        let mut line = String::new();
        loop {
            match term.read_key().context("could not read the passphrase")? {
                console::Key::Enter => break,
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
