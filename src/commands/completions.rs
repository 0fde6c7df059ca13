//! `completions SHELL`: the shell's registration script for clap_complete's dynamic completion.
//! At each Tab the shell asks the program itself (`COMPLETE=bash repair-coach -- WORDS`, answered
//! first thing in `main`), so subcommands and options never fall behind, and note names and
//! journal ids come from the notes and journal as they are.
use super::{Settings, print};
use crate::Exit;
use crate::global_args::GlobalArgs;
use crate::journal::{Journal, Summary};
use crate::model::{Class, Kind, Status};
use crate::vault::{Heads, Vault};
use clap_complete::Shell;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::Shells;
use std::ffi::OsStr;

/// The variable that tells the program the shell is asking for completions.
pub const COMPLETE_VAR: &str = "COMPLETE";
const PROGRAM: &str = "repair-coach";
/// Set by clap_complete's bash script alone, when bash asks for completions.
const BASH_ONLY_VAR: &str = "_CLAP_COMPLETE_SPACE";
/// The word being completed as typed, quote and all, which our bash script passes too: bash
/// hands clap the word without its opening quote, and a name goes on the line differently
/// inside quotes.
const BASH_WORD_VAR: &str = "_REPAIR_COACH_WORD";
/// Where in clap_complete's bash script the word is passed along.
const BASH_ASKS: &str = "COMPLETE=\"bash\" \\\n";
/// How clap_complete's zsh script hands the line over: zsh's `words` holds each word as typed,
/// its quotes and backslashes in it (`Holding\ D`, `"Holding D`), which no name starts with.
const ZSH_WORDS: &str = "\"${words[@]}\"";
/// The same words with one level of quoting taken off, as the program is to read them; the word
/// being completed also loses the quote it was begun with, which zsh closes after the candidate.
const ZSH_WORDS_UNQUOTED: &str = "\"${(@Q)words[1,CURRENT-1]}\" \
    \"${(Q)${words[CURRENT]#${compstate[quote]}}}\" \"${(@Q)words[CURRENT+1,-1]}\"";

pub fn run(shell: Shell) -> anyhow::Result<Exit> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| anyhow::anyhow!("no completion for {name}"))?;
    // Into a buffer first, so that a closed pipe (`| head`) is handled where all output is.
    let mut script = Vec::new();
    completer.write_registration(COMPLETE_VAR, PROGRAM, PROGRAM, PROGRAM, &mut script)?;
    let mut script = String::from_utf8(script)?;
    match shell {
        Shell::Bash => {
            script = script.replacen(
                BASH_ASKS,
                &format!("{BASH_ASKS}        {BASH_WORD_VAR}=\"${{COMP_WORDS[COMP_CWORD]}}\" \\\n"),
                1,
            )
        }
        Shell::Zsh => script = script.replacen(ZSH_WORDS, ZSH_WORDS_UNQUOTED, 1),
        _ => {}
    }
    print(&script)
}

/// Names and aliases of every note, for `show`.
pub fn notes(current: &OsStr) -> Vec<CompletionCandidate> {
    note_candidates(current, None)
}

/// Names and aliases of the skills and practices, for `mistakes`.
pub fn walked(current: &OsStr) -> Vec<CompletionCandidate> {
    note_candidates(current, Some(Class::WALKED))
}

/// Names and aliases of the core skills, for `start`: a meta-skill is not walked.
pub fn core_skills(current: &OsStr) -> Vec<CompletionCandidate> {
    note_candidates(current, Some(Class::STARTED))
}

/// Names and aliases of the practices, for `reflect`.
pub fn practices(current: &OsStr) -> Vec<CompletionCandidate> {
    note_candidates(current, Some(&[Class::Practice]))
}

/// Journal ids, newest first, for `journal show`, `journal export` and `journal delete`.
pub fn journal_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    ids_where(current, |_| true)
}

/// The ids of what `resume` can carry on with: sessions and reflections not finished.
pub fn resumable_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    ids_where(current, |entry| {
        entry.record.kind.resumable()
            && matches!(entry.record.status, Status::InProgress | Status::Paused)
    })
}

/// The ids of the sessions `debrief` can look back on: the finished ones.
pub fn finished_session_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    ids_where(current, |entry| {
        entry.record.kind == Kind::Session && entry.record.status == Status::Complete
    })
}

fn ids_where(current: &OsStr, wanted: impl Fn(&Summary) -> bool) -> Vec<CompletionCandidate> {
    let Some(settings) = settings() else {
        return Vec::new();
    };
    let Ok(dir) = settings.journal_dir() else {
        return Vec::new();
    };
    // Completing must not create the journal folder.
    if !dir.is_dir() {
        return Vec::new();
    }
    let Ok(journal) = Journal::open(&dir) else {
        return Vec::new();
    };
    let current = current.to_string_lossy();
    journal
        .list()
        .0
        .into_iter()
        .filter(|e| e.id.starts_with(current.as_ref()) && wanted(e))
        .map(|e| CompletionCandidate::new(e.id))
        .collect()
}

/// The settings as the environment and config file give them: the command line being completed
/// is not parsed yet, so a `--vault` on it is not seen.
fn settings() -> Option<Settings> {
    /// The global options with nothing on the command line: what their environment variables say.
    #[derive(clap::Parser)]
    struct FromEnv {
        #[command(flatten)]
        global: GlobalArgs,
    }
    let global = <FromEnv as clap::Parser>::try_parse_from(["repair-coach"])
        .ok()?
        .global;
    Settings::new(global).ok()
}

fn note_candidates(current: &OsStr, classes: Option<&[Class]>) -> Vec<CompletionCandidate> {
    let Some(settings) = settings() else {
        return Vec::new();
    };
    // In layers, and from the metadata cache: a name is completed without reading a body.
    let vault = Vault::load_layered(
        settings.vault_dir().as_deref(),
        settings.cache_dir(),
        Heads::Plain,
    );
    let Ok(vault) = vault else {
        return Vec::new();
    };
    // clap_complete takes COMPLETE out of the environment before asking; of the shells' scripts,
    // only bash's sets this one.
    let bash = std::env::var_os(BASH_ONLY_VAR).is_some().then(|| {
        let typed = std::env::var(BASH_WORD_VAR).unwrap_or_default();
        match typed.chars().next() {
            Some(quote @ ('"' | '\'')) => BashWord::Quoted(quote),
            _ => BashWord::Bare,
        }
    });
    let current = current.to_string_lossy();
    let current = match bash {
        Some(BashWord::Bare) => unescaped(&current),
        _ => current.into_owned(),
    }
    .to_lowercase();
    let mut names: Vec<String> = crate::suggest::candidates(&vault, classes)
        .into_iter()
        .map(|(_, alias)| alias)
        .filter(|alias| alias.to_lowercase().starts_with(&current))
        .collect();
    names.sort_by_key(|name| name.to_lowercase());
    names.dedup();
    names
        .into_iter()
        .map(|name| match bash {
            Some(word) => word.escaped(&name),
            None => name,
        })
        .map(CompletionCandidate::new)
        .collect()
}

/// How the word being completed in bash began.
#[derive(Clone, Copy)]
enum BashWord {
    Bare,
    /// After an opening `"` or `'`, which bash closes after the candidate.
    Quoted(char),
}

impl BashWord {
    /// `name` as it must go on the line here to be one word that runs nothing.
    fn escaped(self, name: &str) -> String {
        match self {
            BashWord::Bare => escaped_for_bash(name),
            // Inside double quotes, only these four keep a meaning: `$(...)` would run.
            BashWord::Quoted('"') => name.chars().fold(String::new(), |mut word, c| {
                if "$`\"\\".contains(c) {
                    word.push('\\');
                }
                word.push(c);
                word
            }),
            // Inside single quotes nothing has a meaning but the closing quote.
            BashWord::Quoted(_) => name.replace('\'', "'\\''"),
        }
    }
}

/// `name` as one bash word: bash puts a candidate on the line as it is, so a space would split
/// it in two and a `$(...)` in a note's name would run. (zsh and fish quote candidates
/// themselves.)
fn escaped_for_bash(name: &str) -> String {
    let mut word = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() && !"_./,:@%+=-".contains(c) {
            word.push('\\');
        }
        word.push(c);
    }
    word
}

/// The word being completed as bash hands it over, its backslashes taken out: `Owning\ I` is
/// the start of `Owning Impact`.
fn unescaped(word: &str) -> String {
    let mut plain = String::with_capacity(word.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => plain.extend(chars.next()),
            c => plain.push(c),
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_bash_word_that_runs_nothing() {
        assert_eq!(escaped_for_bash("Owning Impact"), "Owning\\ Impact");
        assert_eq!(
            escaped_for_bash("Evil $(touch PWNED) `id`"),
            "Evil\\ \\$\\(touch\\ PWNED\\)\\ \\`id\\`"
        );
        assert_eq!(escaped_for_bash("Après-midi, 2.0"), "Après-midi,\\ 2.0");
        for name in ["Owning Impact", "a \\ b", "it's \"that\" one; & more"] {
            assert_eq!(unescaped(&escaped_for_bash(name)), name);
        }
    }
}
