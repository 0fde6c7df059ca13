//! `man`: one roff manual page for the whole program. clap_mangen's own page names the
//! subcommands only; this one adds, for each, its synopsis, description, options and examples.
use super::print;
use crate::Exit;
use crate::cli::Cli;
use clap::CommandFactory;
use clap_mangen::Man;

pub fn run() -> anyhow::Result<Exit> {
    print(&page()?)
}

/// The page's roff text.
pub fn page() -> std::io::Result<String> {
    let mut command = Cli::command();
    // Built once here so that every subcommand knows its full name (`repair-coach journal list`).
    command.build();
    let mut out = Vec::new();
    // The top of the page, without clap_mangen's list of subcommands: it points to a page of
    // each's own, and this page has them all below. The examples are drawn as written.
    let top = Man::new(command.clone().after_help(None::<&str>));
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    let mut out = String::from_utf8_lossy(&out).into_owned();
    if let Some(examples) = command.get_after_help() {
        out += &format!(".SH EXAMPLES\n{}", self::examples(&examples.to_string()));
    }
    for sub in subcommands(&command) {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_owned();
        out += &format!(".SH \"{}\"\n", name.to_uppercase());
        // The global options are on the page once, at the top.
        let own = sub.clone().mut_args(|arg| {
            if arg.is_global_set() {
                arg.hide(true)
            } else {
                arg
            }
        });
        let man = Man::new(own);
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        // Each part is a subsection of the command's own section.
        out += &String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        if let Some(examples) = sub.get_after_help() {
            out += &format!(".SS EXAMPLES\n{}", self::examples(&examples.to_string()));
        }
    }
    out += ENVIRONMENT_FILES_AND_EXIT_STATUS;
    Ok(out)
}

/// What no option's help says: the variables read, where things are kept, and the exit codes.
const ENVIRONMENT_FILES_AND_EXIT_STATUS: &str = r#".SH ENVIRONMENT
.TP
\fBREPAIR_COACH_VAULT\fR, \fBREPAIR_COACH_JOURNAL\fR
The same as \fB\-\-vault\fR and \fB\-\-journal\fR.
.TP
\fBREPAIR_COACH_NO_CACHE\fR
The same as \fB\-\-no\-cache\fR, when set to anything but 0, false or nothing.
.TP
\fBREPAIR_COACH_PASSPHRASE_COMMAND\fR
A command whose output is the journal's passphrase (a password manager's, say), instead of asking.
.TP
\fBREPAIR_COACH_PAGER\fR, \fBPAGER\fR
The pager for long output, in that order; \fBless \-FRX\fR when neither is set. Empty, or \fBcat\fR, for none.
\fBLESS\fR and \fBLV\fR are set for it, unless they are set already.
.TP
\fBNO_COLOR\fR, \fBCLICOLOR\fR, \fBCLICOLOR_FORCE\fR
No colour when \fBNO_COLOR\fR is set to anything or \fBCLICOLOR\fR is 0; colour even into a pipe when
\fBCLICOLOR_FORCE\fR is set (not over \fBNO_COLOR\fR). \fB\-\-color\fR overrules them all.
.TP
\fBLC_ALL\fR, \fBLC_MESSAGES\fR, \fBLANG\fR
The first that names a country (en_GB.UTF\-8 is GB) chooses the help lines shown first to someone not safe.
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_DATA_HOME\fR, \fBXDG_CACHE_HOME\fR
Where the folders below are, when set.
.SH FILES
.TP
\fI~/.config/repair\-coach/config.toml\fR
Settings: \fBvault\fR, \fBjournal\fR, \fBencrypt\fR and \fBpassphrase_command\fR. A flag or variable wins over it.
.TP
\fI~/.local/share/repair\-coach/journal/\fR
The journal: one private file a session, check\-in or debrief, named by its date.
.TP
\fI~/.cache/repair\-coach/\fR
What was read of a vault's notes, to read them faster next time; safe to delete.
.SH "EXIT STATUS"
.TP
0
Done; also when there is nothing to do (nothing paused for \fBresume\fR, nothing waiting for
\fBdebrief\fR, an empty journal), which is said on stdout; after Esc, which leaves at once; and
when the output's reader went away (\fBrepair\-coach skills | head \-1\fR), a session's answers
kept, paused.
.TP
1
Something went wrong; the message says what.
.TP
2
The command line was not understood.
.TP
65
\fBcheck\fR found errors in the notes.
.TP
130
Stopped with Ctrl\-C, a closed terminal or SIGTERM; what was answered is saved.
"#;

/// A help's examples as roff, without their "Examples:" heading: each command in bold with what
/// it does indented below it (`.TP`), so that nothing runs past the page's width; a line of
/// prose is a paragraph. The exit codes have a section of their own.
fn examples(text: &str) -> String {
    let heading = |line: &str| matches!(line.trim_end(), "Examples:" | "Example:");
    let mut out = String::new();
    let mut in_prose = false;
    for line in text.lines().skip_while(|l| heading(l)) {
        if line.trim().is_empty() || line.starts_with("Exit codes:") {
            in_prose = false;
            continue;
        }
        match line.strip_prefix("  ") {
            Some(example) => {
                let (command, does) = example
                    .split_once("  ")
                    .map_or((example, ""), |(c, d)| (c, d.trim()));
                out += &format!(
                    ".TP\n\\fB{}\\fR\n{}\n",
                    escaped(command.trim()),
                    escaped(does)
                );
                in_prose = false;
            }
            // A paragraph's lines run on as one.
            None if in_prose => out += &format!("{}\n", escaped(line)),
            None => {
                out += &format!(".PP\n{}\n", escaped(line));
                in_prose = true;
            }
        }
    }
    out
}

/// Text escaped for roff: a backslash and a hyphen as themselves, and a line starting with `.`
/// or `'` not read as a request.
fn escaped(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    match text.starts_with('.') || text.starts_with('\'') {
        true => format!("\\&{text}"),
        false => text,
    }
}

/// Every subcommand, depth first, without clap's own `help`.
fn subcommands(command: &clap::Command) -> Vec<&clap::Command> {
    let mut all = Vec::new();
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        all.push(sub);
        all.extend(subcommands(sub));
    }
    all
}
