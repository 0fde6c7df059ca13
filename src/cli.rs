//! The command line, as clap reads it. Every subcommand's help ends with examples (a test walks
//! them all), and every argument and option has a line.
use crate::commands::completions as complete;
pub use crate::global_args::{ColorChoice, GlobalArgs};
use clap::{Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

const EXAMPLES: &str = "\
Examples:
  repair-coach start                   a guided repair session, one step at a time
  repair-coach start Aftermath         walk After the Argument, step by step
  repair-coach resume                  carry on where you stopped
  repair-coach mistakes                common mistakes, and what to do instead
  repair-coach show \"Owning Impact\"    read a note
  repair-coach reflect                 answer the attunement practice's reflection prompts
  repair-coach checkin                 a quick check-in: how you are, what you need
  repair-coach debrief                 look back on the talk after a session
  repair-coach journal list            what you have written before
  repair-coach journal summary         your sessions, check-ins and talks over time
  repair-coach check --vault ~/Notes   check your own notes for problems

At any question in a terminal, Esc leaves at once and clears the screen; what you answered is
kept, paused. Ctrl-C stops and says how to carry on.

Exit codes: 0 ok (also when there is nothing to do, such as nothing to resume), 1 something went
wrong, 2 usage, 65 notes with errors (check), 130 stopped with Ctrl-C.";

/// The command line, read with colour decided first (see [`crate::color`]), so that clap's
/// help and errors are styled as everything else is.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let choice = crate::color::choice(&args, &|name| std::env::var(name).ok());
    let command = <Cli as clap::CommandFactory>::command().color(crate::color::apply(choice));
    let args = help_flag_after_help(&command, args);
    let matches = command.get_matches_from(args);
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

/// `help COMMAND -h` (or `help -h`) read as `COMMAND -h`: clap's `help` subcommand takes no
/// flags of its own and would refuse the `-h` that every other command takes.
fn help_flag_after_help(
    command: &clap::Command,
    mut args: Vec<std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    // The global options that take a value, whose value is not the subcommand's name.
    let valued: Vec<String> = command
        .get_arguments()
        .filter(|arg| arg.get_action().takes_values())
        .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
        .collect();
    let mut words = args.iter().enumerate().skip(1);
    let mut subcommand = None;
    while let Some((at, word)) = words.next() {
        let word = word.to_string_lossy();
        if valued.iter().any(|flag| *flag == word) {
            words.next();
        } else if !word.starts_with('-') {
            subcommand = (word == "help").then_some(at);
            break;
        }
    }
    let Some(help) = subcommand else {
        return args;
    };
    let flagged = args[help + 1..]
        .iter()
        .take_while(|word| *word != "--")
        .any(|word| word == "-h" || word == "--help");
    if flagged {
        args.remove(help);
    }
    args
}

const LONG_ABOUT: &str = "\
A calm coach for repairing a relationship after an argument.

`repair-coach start` asks one thing at a time: first whether you are safe, then the five steps of
the Repair skill, each with its guidance, its questions and a gentle word about common mistakes,
then an attunement practice. It ends with what you could say, in your own words. Everything you
write is kept on this computer, in files only your user account can open (encrypted, if you
choose).";

/// A calm coach for repairing a relationship after an argument.
#[derive(Debug, Parser)]
#[command(
    name = "repair-coach",
    bin_name = "repair-coach",
    version,
    about,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    arg_required_else_help = true,
    styles = crate::color::QUIET_STYLES,
    // Long lines are hard to read; cargo and ripgrep stop at 100 too.
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a guided session: your focus skill, or the one you name
    #[command(after_help = "\
Examples:
  repair-coach start                        your focus skill, with the shipped notes
  repair-coach start \"After the Argument\"   another skill, by name or alias
  repair-coach start --vault ~/Notes        with your own notes layered over them
  repair-coach start --plain                numbered questions, read line by line")]
    Start {
        /// A skill to walk, by name or alias, e.g. "After the Argument" [default: the skill you are focusing on]
        #[arg(value_name = "SKILL", add = ArgValueCompleter::new(complete::core_skills))]
        skill: Option<String>,
    },
    /// Carry on with a paused session, at the next question
    #[command(after_help = "\
Examples:
  repair-coach resume                   the latest unfinished session
  repair-coach resume 2026-12-01-1842   that one (the id `journal list` shows)")]
    Resume {
        /// The session to resume, by id or the start of one [default: the latest unfinished one]
        #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::resumable_ids))]
        id: Option<String>,
    },
    /// Answer a practice's reflection prompts
    #[command(after_help = "\
Examples:
  repair-coach reflect                                  the attunement practice
  repair-coach reflect \"Resolving Attunement Mishaps\"   a practice by name")]
    Reflect {
        /// The practice, by name or alias [default: Resolving Attunement Mishaps]
        #[arg(value_name = "PRACTICE", add = ArgValueCompleter::new(complete::practices))]
        practice: Option<String>,
    },
    /// List the skills, meta-skills and practices the coach knows
    #[command(after_help = "\
Examples:
  repair-coach skills                   grouped, one line each
  repair-coach skills --vault ~/Notes   with your own notes
  repair-coach skills --json            the typed notes, for scripts")]
    Skills {
        /// Print the typed notes as JSON (the shape is in the README's JSON section)
        #[arg(long)]
        json: bool,
    },
    /// Read one note, with its links shown by name
    #[command(after_help = "\
Examples:
  repair-coach show Repair              a skill, its steps and common mistakes
  repair-coach show \"Owning Impact\"     names with spaces in quotes
  repair-coach show Repair --json       the typed note, for scripts")]
    Show {
        /// A note's name, alias or path, e.g. "Owning Impact"
        #[arg(value_name = "NAME", add = ArgValueCompleter::new(complete::notes))]
        name: String,
        /// Print the typed note as JSON (the shape is in the README's JSON section)
        #[arg(long)]
        json: bool,
    },
    /// The common mistakes of a skill or a practice, each with what to do instead
    #[command(after_help = "\
Examples:
  repair-coach mistakes                        the skill you are focusing on
  repair-coach mistakes Repair                 a skill by name
  repair-coach mistakes \"Attunement Mishaps\"   the attunement practice")]
    Mistakes {
        /// The skill or practice, by name or alias [default: the skill you are focusing on]
        #[arg(value_name = "NAME", add = ArgValueCompleter::new(complete::walked))]
        skill: Option<String>,
    },
    /// Check notes for problems, like a compiler: path:line: error|warning: message
    #[command(after_help = "\
Examples:
  repair-coach check                    the shipped notes
  repair-coach check --vault ~/Notes    your own notes (exit code 65 if any has an error)
  repair-coach check --json             the findings, for scripts")]
    Check {
        /// Print the findings as JSON (the shape is in the README's JSON section)
        #[arg(long)]
        json: bool,
    },
    /// A quick check-in: how you are right now, what you need, whether you asked for it
    #[command(
        alias = "check-in",
        after_help = "Example:\n  repair-coach checkin --plain"
    )]
    Checkin,
    /// Look back on the talk a session got you ready for: how it went, what helped, what next
    #[command(
        after_help = "Examples:\n  repair-coach debrief                    the latest finished session not yet looked back on\n  repair-coach debrief 2026-12-01-1842    a session by its id (see `journal list`)"
    )]
    Debrief {
        /// The session to look back on [default: the latest completed one without a debrief]
        #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::finished_session_ids))]
        id: Option<String>,
    },
    /// What you have written: sessions, reflections, check-ins and debriefs
    #[command(subcommand)]
    #[command(after_help = "\
Examples:
  repair-coach journal list                      what you have written, newest first
  repair-coach journal show 2026-12-01-1842      one entry, for reading
  repair-coach journal export > journal.md       everything, as markdown")]
    Journal(JournalCommand),
    /// Print a shell completion script (names of notes and journal ids complete too)
    #[command(after_help = "\
Examples:
  source <(repair-coach completions bash)     bash, this shell only
  repair-coach completions bash > ~/.local/share/bash-completion/completions/repair-coach
  echo 'source <(repair-coach completions zsh)' >> ~/.zshrc
  repair-coach completions fish > ~/.config/fish/completions/repair-coach.fish")]
    Completions {
        /// The shell to complete for
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), covering every command
    #[command(after_help = "\
Examples:
  repair-coach man | man -l -                                  read it now
  repair-coach man > ~/.local/share/man/man1/repair-coach.1    install it for `man repair-coach`")]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Every entry, newest first: date, kind, status, first words
    #[command(after_help = "\
Examples:
  repair-coach journal list             one line per entry, newest first
  repair-coach journal list --json      every entry in full, for scripts")]
    List {
        /// Print the entries as JSON (the same shape as `journal export --json`)
        #[arg(long)]
        json: bool,
    },
    /// One entry, for reading
    #[command(after_help = "\
Examples:
  repair-coach journal show 2026-12-01-1842   an entry by its id
  repair-coach journal show 2026-12-01        the start of an id is enough when only one fits")]
    Show {
        /// The entry's id (as `journal list` shows it), or the start of one
        #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::journal_ids))]
        id: String,
    },
    /// Delete one entry for good, after asking (its file is removed from the journal folder)
    #[command(after_help = "\
Examples:
  repair-coach journal delete 2026-12-01-1842         asks first
  repair-coach journal delete 2026-12-01-1842 --yes   no question; the whole id")]
    Delete {
        /// The entry's id (as `journal list` shows it), or the start of one
        #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::journal_ids))]
        id: String,
        /// Delete without asking; the id must then be given whole
        #[arg(long)]
        yes: bool,
    },
    /// Your sessions, check-ins and talks over time: how stirred up, mistakes, requests, ratings
    #[command(
        after_help = "Examples:\n  repair-coach journal summary                     everything so far\n  repair-coach journal summary --since 2026-11-01  from the first of November\n  repair-coach journal summary --json              the same figures as one JSON object"
    )]
    Summary {
        /// Only what was written on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = day)]
        since: Option<chrono::NaiveDate>,
        /// The same figures as one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Entries as markdown or JSON, on stdout or into a new file only you can read
    #[command(after_help = "\
Examples:
  repair-coach journal export -o journal.md          every entry, as markdown, only you can read
  repair-coach journal export 2026-12-01-1842        one entry, on stdout
  repair-coach journal export --json > journal.json  every entry, as JSON")]
    Export {
        /// md: the journal's own markdown files, one after another; json: the JSON of `journal list --json`
        #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// The same as --format json
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// The entry to export, by id or the start of one [default: every entry]
        #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::journal_ids))]
        id: Option<String>,
        /// Write to FILE, a new file only you can read, instead of stdout
        #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        output: Option<std::path::PathBuf>,
    },
    /// Encrypt every note with a passphrase (age format; see `encrypt = true` in the config)
    #[command(after_help = "\
Examples:
  repair-coach journal encrypt          asks for a passphrase, then encrypts every note
  REPAIR_COACH_PASSPHRASE_COMMAND='pass show coach' repair-coach journal encrypt
                                        the passphrase from a command, for scripts")]
    Encrypt,
    /// Turn every encrypted note back into plain markdown
    #[command(after_help = "\
Examples:
  repair-coach journal decrypt          asks for the passphrase, then decrypts every note")]
    Decrypt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Markdown with YAML frontmatter, as kept on disk
    Md,
    /// JSON, as documented in the README
    Json,
}

/// A day as `--since` takes it. chrono's own words ("input contains invalid characters") do not
/// say what to type.
fn day(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| "expected a day written as year-month-day, like 2026-11-01".to_string())
}
