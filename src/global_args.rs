//! The options every command takes (`--vault`, `--journal`, `--plain`, ...): apart from the
//! rest of the command line, since the shell completions read them from a half-typed one.
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// The heading the global options stand under in every subcommand's help.
const GLOBAL: &str = "Global options";

#[derive(Debug, Clone, Args, Default)]
pub struct GlobalArgs {
    /// Your own Obsidian vault, layered over the shipped notes (your notes win by name)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "DIR", value_hint = clap::ValueHint::DirPath, env = "REPAIR_COACH_VAULT", value_parser = folder)]
    pub vault: Option<PathBuf>,
    /// Where your sessions are kept [default: your data folder, e.g. ~/.local/share/repair-coach/journal]
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "DIR", value_hint = clap::ValueHint::DirPath, env = "REPAIR_COACH_JOURNAL", value_parser = folder)]
    pub journal: Option<PathBuf>,
    /// Plain text: no colour or styling, and questions asked as numbered lines (for screen readers and scripts)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub plain: bool,
    /// When to use bold and dim text (the only styles used)
    #[arg(long, global = true, help_heading = GLOBAL, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print long output straight to the terminal instead of through a pager ($PAGER, or less)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_pager: bool,
    /// Read every note from the vault itself, neither using nor keeping the cache of their frontmatter and of the last check (in your cache folder, e.g. ~/.cache/repair-coach)
    #[arg(long, global = true, help_heading = GLOBAL, env = "REPAIR_COACH_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR or CLICOLOR=0 is set (CLICOLOR_FORCE: into pipes too)
    #[default]
    Auto,
    /// Always, even into a pipe
    Always,
    /// Never
    Never,
}

/// A folder as given. An empty one (`REPAIR_COACH_VAULT=` in the environment, as scripts and
/// CI often leave it) is kept here and read as not given ([`GlobalArgs::without_empty`]): clap's
/// own path parser refuses it with an error about a flag nobody typed.
fn folder(given: &str) -> Result<PathBuf, std::convert::Infallible> {
    Ok(PathBuf::from(given))
}

impl GlobalArgs {
    /// These options with an empty folder read as not given.
    pub fn without_empty(mut self) -> GlobalArgs {
        for dir in [&mut self.vault, &mut self.journal] {
            if dir.as_ref().is_some_and(|d| d.as_os_str().is_empty()) {
                *dir = None;
            }
        }
        self
    }
}
