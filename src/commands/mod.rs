//! One file per subcommand; `dispatch` picks one.
//!
//! The read-only commands each build their output as a `String` from a loaded [`Vault`] and a
//! [`Style`], so the words are tested without a terminal; `dispatch` loads the vault once and
//! prints.
pub mod ask;
mod asking;
mod break_wait;
mod check;
mod check_cache;
mod checkin;
mod coach_notes;
pub mod completions;
mod debrief;
mod journal;
mod journal_delete;
mod journal_export;
mod keeper;
mod man;
mod mistakes;
mod passphrase;
mod session;
mod show;
mod signal_findings;
mod skill_findings;
mod skills;
mod summary;
mod unsaved;

use crate::Exit;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::coach::Plan;
use crate::config::{self, Config, Places};
use crate::diagnostic::Finding;
use crate::journal::Journal;
use crate::model::Model;
use crate::render::Style;
use crate::vault::{Entry, Heads, Vault};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    // These two describe the command line itself: no config file or vault is needed.
    match cli.command {
        Command::Completions { shell } => return completions::run(shell),
        Command::Man => return man::run(),
        _ => {}
    }
    let style = Style::for_stdout(cli.global.plain);
    let settings = Settings::new(cli.global)?;
    let done = run(cli.command, &settings, style);
    // Any note read since the last time these were said (by a journal command, say).
    if let Some(vault) = settings.plain_vault.get() {
        settings.say_stood_in(vault);
    }
    done
}

fn run(command: Command, settings: &Settings, style: Style) -> anyhow::Result<Exit> {
    match command {
        Command::Skills { json } => {
            let heads = if json {
                Heads::Plain
            } else {
                Heads::WithListing
            };
            let vault = load_vault_with(settings, heads)?;
            let text = if json {
                skills::json(vault)
            } else if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                Ok(skills::text(vault, style))
            } else {
                // Into a pipe or a screen reader, each line whole: nothing is cut to a width.
                let unwrapped = Style {
                    width: crate::render::UNWRAPPED,
                    ..style
                };
                Ok(skills::text(vault, unwrapped))
            };
            settings.say_stood_in(vault);
            print(&text?)
        }
        Command::Show { name, json } => {
            let vault = load_vault(settings)?;
            let entry = show::find(vault, &name);
            settings.say_stood_in(vault);
            let entry = entry?;
            let text = match json {
                true => show::json(entry)?,
                false => show::text(vault, entry, style),
            };
            settings.say_stood_in(vault);
            match json {
                true => print(&text),
                false => settings.page(&text),
            }
        }
        Command::Mistakes { skill } => {
            let vault = load_vault(settings)?;
            let text = mistakes::text(vault, skill.as_deref(), style);
            settings.say_stood_in(vault);
            settings.page(&text?)
        }
        Command::Check { json } => {
            let root = settings.vault_dir();
            let report = check::report(root.as_deref(), settings.cache_dir())?;
            let text = match json {
                true => report.json()?,
                false => report.text(root.as_deref()),
            };
            print(&text)?;
            let exit = if report.errors > 0 {
                Exit::BadNotes
            } else {
                Exit::Ok
            };
            // The process ends next: no need to free the report's many small allocations.
            std::mem::forget((report, text));
            Ok(exit)
        }
        Command::Start { skill } => session::start(settings, skill.as_deref()),
        Command::Resume { id } => session::resume(settings, id.as_deref()),
        Command::Reflect { practice } => session::reflect(settings, practice.as_deref()),
        Command::Checkin => checkin::run(settings),
        Command::Debrief { id } => debrief::run(settings, id.as_deref()),
        Command::Journal(command) => journal::run(settings, command, style),
        Command::Completions { .. } | Command::Man => unreachable!("handled above"),
    }
}

/// The global options with the config file and the platform's folders behind them.
#[derive(Debug, Clone)]
pub struct Settings {
    global: GlobalArgs,
    config: Config,
    places: Places,
    /// The vault with plain heads, once loaded: asking for a passphrase reads the vault's
    /// words before the command that then shows them, and a large vault is not read twice.
    plain_vault: std::sync::OnceLock<&'static Vault>,
}

impl Settings {
    fn new(global: GlobalArgs) -> anyhow::Result<Settings> {
        let global = global.without_empty();
        let places = Places::from_env();
        let config = Config::load(&places)?;
        Ok(Settings {
            global,
            config,
            places,
            plain_vault: std::sync::OnceLock::new(),
        })
    }

    /// `--plain` was asked for.
    fn plain(&self) -> bool {
        self.global.plain
    }

    /// Long output for reading: through the pager on a terminal, unless `--no-pager`.
    fn page(&self, text: &str) -> anyhow::Result<Exit> {
        written(crate::pager::page(text, !self.global.no_pager))
    }

    /// The user's vault, if any (flag, environment or config file).
    fn vault_dir(&self) -> Option<PathBuf> {
        config::vault_dir(self.global.vault.as_deref(), &self.config, &self.places)
    }

    /// Where the vault's metadata cache is kept, unless `--no-cache`.
    fn cache_dir(&self) -> Option<&Path> {
        match self.global.no_cache {
            true => None,
            false => self.places.cache_dir.as_deref(),
        }
    }

    /// Where the journal is (flag, environment, config file or the data folder).
    fn journal_dir(&self) -> anyhow::Result<PathBuf> {
        config::journal_dir(self.global.journal.as_deref(), &self.config, &self.places)
    }

    /// The journal, opened with its passphrase when it has one (asked once, here). Call it
    /// before the first question of a session: the passphrase must never be asked for after
    /// answers have been typed.
    fn journal(&self) -> anyhow::Result<Journal> {
        self.open_journal(false)
    }

    /// The journal for a command that writes to it ([`Settings::journal`]), found writable
    /// before anything is asked: answers typed into a folder that cannot keep them would be
    /// handed back one by one.
    fn journal_to_write(&self) -> anyhow::Result<Journal> {
        let journal = self.journal()?;
        journal.check_writable()?;
        Ok(journal)
    }

    /// The journal, for a command that only reads it: `None` when the default folder is not
    /// there yet (nothing written), which is not made for reading nothing. A folder named by
    /// `--journal`, the environment or the config file that is not there is an error: a typo
    /// must not look like a journal with nothing in it.
    fn journal_to_read(&self) -> anyhow::Result<Option<Journal>> {
        let dir = self.journal_dir()?;
        match std::fs::symlink_metadata(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let named_by = if self.global.journal.is_some() {
                    "--journal or REPAIR_COACH_JOURNAL".to_string()
                } else if self.config.journal.is_some() {
                    let file = self.places.config_file.as_deref().unwrap_or(Path::new(""));
                    format!("`journal` in {}", file.display())
                } else {
                    return Ok(None);
                };
                anyhow::bail!(
                    "there is no journal at {} (named by {named_by}). Check the folder's name; \
                     `{}` begins a journal there",
                    dir.display(),
                    self.command("start")
                )
            }
            _ => self.journal().map(Some),
        }
    }

    /// `encrypt = true`: new journal notes are written encrypted.
    fn encrypts(&self) -> bool {
        self.config.encrypt
    }

    /// How the passphrase is asked for, from the vault's Journal Entries note. The vault is read
    /// quietly: a command that reads it too says once what could not be read.
    fn passphrase_words(&self) -> anyhow::Result<crate::model::PassphraseWords> {
        Ok(coach_notes::journal(self.loaded_vault(Heads::Plain)?)?
            .passphrase
            .clone())
    }

    /// A note's path named from the vault as given, as `check` names it.
    fn named_from_vault(&self, path: &Path) -> PathBuf {
        match self.vault_dir() {
            Some(root) if path.is_relative() => root.join(path),
            _ => path.to_path_buf(),
        }
    }

    /// Says, once each, the notes the command read and found broken, which the shipped notes
    /// of their names stood in for (`Vault::take_stood_in`).
    fn say_stood_in(&self, vault: &Vault) {
        for mut finding in vault.take_stood_in() {
            finding.path = self.named_from_vault(&finding.path);
            crate::render::report_finding(&finding);
        }
    }

    /// The vault, read quietly; with plain heads, read once however often it is asked for. It
    /// is kept until the process ends, as `check`'s is: freeing a large vault's many small
    /// allocations one by one would only delay the exit (a tenth of a `mistakes` from the cache
    /// at 10,000 notes), and the system takes the memory back at once.
    fn loaded_vault(&self, heads: Heads) -> anyhow::Result<&'static Vault> {
        if let (Heads::Plain, Some(vault)) = (heads, self.plain_vault.get()) {
            return Ok(vault);
        }
        let vault = Vault::load_layered(self.vault_dir().as_deref(), self.cache_dir(), heads)?;
        let vault: &'static Vault = Box::leak(Box::new(vault));
        if heads == Heads::Plain {
            // Set here only: it was not set above.
            let _ = self.plain_vault.set(vault);
        }
        Ok(vault)
    }

    /// The journal, with its passphrase even when nothing is encrypted yet (`journal encrypt`).
    fn journal_with_passphrase(&self) -> anyhow::Result<Journal> {
        self.open_journal(true)
    }

    fn open_journal(&self, passphrase_needed: bool) -> anyhow::Result<Journal> {
        let mut journal = Journal::open(&self.journal_dir()?)?;
        passphrase::unlock(&mut journal, &self.config, passphrase_needed, &|| {
            self.passphrase_words()
        })?;
        Ok(told(journal))
    }

    /// For a journal folder that is not there yet, made only at the first save (so that a
    /// session ended at the safety question leaves no trace): its passphrase, when it is to
    /// have one, is asked for now, before the first question; the journal is opened later.
    fn journal_later(&self) -> anyhow::Result<Box<dyn Fn() -> anyhow::Result<Journal> + Send>> {
        let dir = self.journal_dir()?;
        let words = || self.passphrase_words();
        let key = passphrase::for_new_journal(&self.config, &dir, &words)?.map(Arc::new);
        let encrypt = self.config.encrypt;
        if let (true, Some(key)) = (encrypt, &key) {
            // Sealing the first save's note begins now (see `Key::prepare`).
            key.prepare();
        }
        Ok(Box::new(move || {
            let mut journal = Journal::open(&dir)?;
            if let Some(key) = &key {
                journal.unlock(Arc::clone(key), encrypt)?;
            }
            Ok(told(journal))
        }))
    }

    /// The exact command line for `rest` (e.g. `resume ID`), with the folders given on this
    /// command line (or in the environment), so that it finds the same notes and journal.
    fn command(&self, rest: &str) -> String {
        let mut command = String::from("repair-coach");
        for (flag, dir) in [
            ("--vault", &self.global.vault),
            ("--journal", &self.global.journal),
        ] {
            if let Some(dir) = dir {
                // Whole from the root: the command is likely run again from another folder.
                let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
                command += &format!(
                    " {flag} {}",
                    crate::shell_word::quoted(&dir.to_string_lossy())
                );
            }
        }
        format!("{command} {rest}")
    }
}

/// The journal, once its warnings (a folder others can list, notes not encrypted) are said.
fn told(journal: Journal) -> Journal {
    for warning in journal.warnings() {
        crate::render::report_finding(warning);
    }
    journal
}

/// The shipped notes, with the user's vault (flag, environment or config file) layered over them.
fn load_vault(settings: &Settings) -> anyhow::Result<&'static Vault> {
    load_vault_with(settings, Heads::Plain)
}

/// `load_vault`, reading of each note's head what `heads` says.
fn load_vault_with(settings: &Settings, heads: Heads) -> anyhow::Result<&'static Vault> {
    // In layers: these commands read only the notes they show.
    let vault = settings.loaded_vault(heads)?;
    // One quiet line, not the findings themselves: this is not the moment for a lint report.
    match vault.load_errors() {
        0 => {}
        1 => crate::render::say_on_stderr(&format!(
            "{} could not be read; `{}` says why.",
            vault
                .load_error_findings()
                .next()
                .map(|f| {
                    let path = settings.named_from_vault(&f.path);
                    crate::render::sanitize_line(&path.to_string_lossy()).into_owned()
                })
                .unwrap_or_default(),
            settings.command("check")
        )),
        n => crate::render::say_on_stderr(&format!(
            "{n} of your notes could not be read; `{}` says why.",
            settings.command("check")
        )),
    }
    Ok(vault)
}

/// The session's plan from the vault; when the person's own notes make none, from the shipped
/// notes alone, with one line naming the note to fix: a broken note must not keep anyone from
/// the safety question.
fn session_plan(
    settings: &Settings,
    vault: &'static Vault,
) -> anyhow::Result<(&'static Vault, Plan)> {
    // The safety note for where the person lives, wherever the plan shows it, and the commands
    // it names as they run this one.
    let country = crate::locale::country();
    let fitted = |plan: Plan| {
        plan.with_safety_for(country.as_deref())
            .with_invocation(settings.command("").trim_end())
    };
    let planned = Plan::from_vault(vault);
    // Before the first question: a note read for the plan and found broken is said now.
    settings.say_stood_in(vault);
    match planned {
        Ok(plan) => Ok((vault, fitted(plan))),
        Err(unplanned) => {
            crate::render::report_finding(&Finding::warning(
                unplanned.note,
                None,
                format!(
                    "{}. The shipped notes are used this time; `{}` shows this too",
                    unplanned.message,
                    settings.command("check")
                ),
            ));
            let shipped: &'static Vault = Box::leak(Box::new(Vault::shipped()));
            Ok((shipped, fitted(Plan::from_vault(shipped)?)))
        }
    }
}

/// A note's typed model as JSON. A practice carries its body for reading, taken from the note:
/// the model keeps no second copy of it. A skill says whether `start` can walk it, worked out
/// from the model, so a script need not repeat the rule.
#[derive(Serialize)]
pub(crate) struct ModelJson<'a> {
    #[serde(flatten)]
    model: &'a Model,
    #[serde(skip_serializing_if = "Option::is_none")]
    walkable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
}

impl<'a> ModelJson<'a> {
    pub(crate) fn of(entry: &'a Entry) -> ModelJson<'a> {
        ModelJson {
            model: &entry.model,
            walkable: match &entry.model {
                Model::Skill(skill) => Some(skill.is_walkable()),
                _ => None,
            },
            body: matches!(entry.model, Model::Practice(_)).then_some(entry.note.body()),
        }
    }
}

/// Writes to stdout. A reader that went away (`repair-coach skills | head -1`) is not an error.
fn print(text: &str) -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

fn written(result: std::io::Result<()>) -> anyhow::Result<Exit> {
    match result {
        Ok(()) => Ok(Exit::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
        Err(e) => Err(anyhow::Error::new(e).context("could not write the output")),
    }
}

/// Esc outside the session's own loop (a check-in, a debrief, the break timer): what was answered
/// is saved already; the screen and its scrollback are cleared and nothing follows.
fn leave_at_once() -> ! {
    let _ = crate::prompt::terminal::leave_at_once();
    std::process::exit(Exit::Ok as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings_for(vault: &Path) -> Settings {
        Settings {
            global: GlobalArgs {
                vault: Some(vault.to_path_buf()),
                ..GlobalArgs::default()
            },
            config: Config::default(),
            places: Places::default(),
            plain_vault: std::sync::OnceLock::new(),
        }
    }

    /// The passphrase's words and the command's notes come from one reading of the vault.
    #[test]
    fn a_vault_with_plain_heads_is_read_once_a_listing_each_time() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Mine.md"), "A note of my own.\n").unwrap();
        let settings = settings_for(dir.path());
        let first = settings.loaded_vault(Heads::Plain).unwrap();
        assert!(first.get("Mine").is_some());
        // A note written after the first reading is not seen: the vault was not read again.
        std::fs::write(dir.path().join("Later.md"), "Written later.\n").unwrap();
        let again = load_vault(&settings).unwrap();
        assert!(std::ptr::eq(first, again));
        assert!(again.get("Later").is_none());
        let listing = settings.loaded_vault(Heads::WithListing).unwrap();
        assert!(!std::ptr::eq(first, listing));
        assert!(listing.get("Later").is_some());
    }
}
