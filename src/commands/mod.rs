//! One file per subcommand; `dispatch` picks one.
//!
//! The read-only commands each build their output as a `String` from a loaded [`Vault`] and a
//! [`Style`], so the words are tested without a terminal; `dispatch` loads the vault once and
//! prints.
mod check;
mod mistakes;
mod show;
mod skills;

use crate::Exit;
use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::{self, Config, Places};
use crate::render::Style;
use crate::vault::Vault;
use std::io::Write;

pub fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    let style = Style::for_stdout(cli.global.plain);
    match cli.command {
        Command::Skills { json } => {
            let vault = load_vault(&cli.global)?;
            let text = if json {
                skills::json(&vault)?
            } else {
                skills::text(&vault, style)
            };
            print(&text)
        }
        Command::Show { name, json } => {
            let vault = load_vault(&cli.global)?;
            let entry = show::find(&vault, &name)?;
            let text = if json {
                show::json(entry)?
            } else {
                show::text(&vault, entry, style)
            };
            print(&text)
        }
        Command::Mistakes { skill } => {
            let vault = load_vault(&cli.global)?;
            print(&mistakes::text(&vault, skill.as_deref(), style)?)
        }
        Command::Check { json } => {
            let vault = load_vault(&cli.global)?;
            let report = check::Report::of(&vault);
            let text = if json { report.json()? } else { report.text() };
            print(&text)?;
            Ok(if report.errors > 0 {
                Exit::BadNotes
            } else {
                Exit::Ok
            })
        }
        Command::Start => anyhow::bail!("`start` is not ready yet"),
        Command::Resume { .. } => anyhow::bail!("`resume` is not ready yet"),
        Command::Reflect { .. } => anyhow::bail!("`reflect` is not ready yet"),
        Command::Journal(_) => anyhow::bail!("`journal` is not ready yet"),
    }
}

/// The shipped notes, with the user's vault (flag, environment or config file) layered over them.
fn load_vault(global: &GlobalArgs) -> anyhow::Result<Vault> {
    let places = Places::from_env();
    let config = Config::load(&places)?;
    let root = config::vault_dir(global.vault.as_deref(), &config, &places);
    Vault::load(root.as_deref())
}

/// Writes to stdout. A reader that went away (`repair-coach skills | head -1`) is not an error.
fn print(text: &str) -> anyhow::Result<Exit> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Exit::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Exit::Ok),
        Err(e) => Err(anyhow::Error::new(e).context("could not write the output")),
    }
}
