//! The command line, as clap reads it.
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  repair-coach start                   a guided repair session, one step at a time
  repair-coach resume                  carry on where you stopped
  repair-coach mistakes                common mistakes, and what to do instead
  repair-coach show \"Owning Impact\"    read a note
  repair-coach reflect                 answer the attunement practice's reflection prompts
  repair-coach checkin                 a quick check-in: how you are, what you need
  repair-coach debrief                 look back on the talk after a session
  repair-coach journal list            what you have written before
  repair-coach journal summary         your sessions, check-ins and talks over time
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
    /// Start a guided repair session
    Start,
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
    /// A quick check-in: how you are right now, what you need, whether you asked for it
    #[command(after_help = "Example:\n  repair-coach checkin --plain")]
    Checkin,
    /// Look back on the talk a session got you ready for: how it went, what helped, what next
    #[command(
        after_help = "Examples:\n  repair-coach debrief                    the latest finished session not yet looked back on\n  repair-coach debrief 2026-12-01-1842    a session by its id (see `journal list`)"
    )]
    Debrief {
        /// The session to look back on [default: the latest completed one without a debrief]
        id: Option<String>,
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
    /// Your sessions, check-ins and talks over time: how stirred up, mistakes, requests, ratings
    #[command(
        after_help = "Examples:\n  repair-coach journal summary\n  repair-coach journal summary --since 2026-11-01\n  repair-coach journal summary --json      the same figures as one JSON object"
    )]
    Summary {
        /// Only what was written on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
        /// The same figures as one JSON object
        #[arg(long)]
        json: bool,
    },
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
