//! The command line, as clap reads it.
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  repair-coach start                   a guided repair session, one step at a time
  repair-coach start \"After the Argument\"  walk another skill, step by step
  repair-coach resume                  carry on where you stopped
  repair-coach mistakes                common mistakes, and what to do instead
  repair-coach show \"Owning Impact\"    read a note
  repair-coach reflect                 answer the attunement practice's reflection prompts
  repair-coach journal list            what you have written before
  repair-coach check --vault ~/Notes   check your own notes for problems

Exit codes: 0 ok, 1 something went wrong, 2 usage, 65 notes with errors (check), 130 stopped with Ctrl-C.";

/// A calm coach for repairing a relationship after an argument.
#[derive(Debug, Parser)]
#[command(name = "repair-coach", version, about, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args, Default)]
pub struct GlobalArgs {
    /// Your own Obsidian vault, layered over the shipped notes (your notes win by name)
    #[arg(long, global = true, value_name = "DIR", env = "REPAIR_COACH_VAULT")]
    pub vault: Option<PathBuf>,
    /// Where your sessions are kept [default: your data folder, e.g. ~/.local/share/repair-coach/journal]
    #[arg(long, global = true, value_name = "DIR", env = "REPAIR_COACH_JOURNAL")]
    pub journal: Option<PathBuf>,
    /// Plain text: numbered prompts read line by line, no colour (for screen readers and scripts)
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a guided session: your focus skill, or the one you name
    Start {
        /// A skill to walk, by name or alias, e.g. "After the Argument" [default: your current_focus skill]
        skill: Option<String>,
    },
    /// Carry on with a paused session, at the next question
    Resume {
        /// The session to resume [default: the latest unfinished one]
        id: Option<String>,
    },
    /// Answer a practice's reflection prompts
    Reflect {
        /// The practice [default: Resolving Attunement Mishaps]
        practice: Option<String>,
    },
    /// List the skills, meta-skills and practices the coach knows
    Skills {
        /// Print the typed notes as JSON
        #[arg(long)]
        json: bool,
    },
    /// Read one note, with its links shown by name
    Show {
        /// A note's name, alias or path, e.g. "Owning Impact"
        name: String,
        /// Print the typed note as JSON
        #[arg(long)]
        json: bool,
    },
    /// The common mistakes of a skill, each with what to do instead
    Mistakes {
        /// The skill [default: the one marked current_focus]
        skill: Option<String>,
    },
    /// Check notes for problems, like a compiler: path:line: error|warning: message
    Check {
        /// Print the findings as JSON
        #[arg(long)]
        json: bool,
    },
    /// Your past sessions and reflections
    #[command(subcommand)]
    Journal(JournalCommand),
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Past sessions and reflections: date, kind, status, first words
    List {
        #[arg(long)]
        json: bool,
    },
    /// One entry, for reading
    Show { id: String },
    /// Entries as markdown or JSON on stdout [default: all]
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        id: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Md,
    Json,
}
