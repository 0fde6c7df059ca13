//! `journal export [--format md|json] [ID] [--output FILE]`: entries as markdown or JSON, on
//! stdout or into a new file only the person can read. An export is as private as the journal
//! it comes from (and an encrypted journal's comes out readable): written into a file others on
//! the computer can read, as `> journal.md` makes one under the usual umask, it says so and how
//! to keep it private.
use super::journal::{entries_json, listed, load_from};
use super::{Settings, coach_notes, print};
use crate::Exit;
use crate::cli::ExportFormat;
use crate::diagnostic::Finding;
use crate::journal::{self, Summary};
use crate::model::AnswerWords;
use crate::{private_file, render, shell_word};
use anyhow::Context;
use std::os::fd::AsFd;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

pub(super) fn run(
    settings: &Settings,
    format: ExportFormat,
    id: Option<String>,
    output: Option<&Path>,
) -> anyhow::Result<Exit> {
    let journal = settings.journal_to_read()?;
    let (entries, read) = match (id, &journal) {
        (Some(id), _) => (vec![load_from(journal.as_ref(), &id)?], Exit::Ok),
        (None, Some(journal)) => listed(journal),
        (None, None) => (Vec::new(), Exit::Ok),
    };
    let words = &coach_notes::journal(super::load_vault(settings)?)?.answers;
    let text = export(&entries, format, words)?;
    let written = match output {
        Some(path) => write_new(path, &text)?,
        None => {
            let printed = print(&text)?;
            tell_if_others_can_read_stdout();
            printed
        }
    };
    Ok(read.and(written))
}

fn export(
    entries: &[Summary],
    format: ExportFormat,
    words: &AnswerWords,
) -> anyhow::Result<String> {
    Ok(match format {
        ExportFormat::Json => entries_json(entries)?,
        // What the person typed is kept as typed on disk; a copy for reading elsewhere carries
        // no control or bidirectional override that could make it read differently.
        ExportFormat::Md => entries
            .iter()
            .map(|e| render::sanitize(&journal::to_markdown(&e.record, words)).into_owned())
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// The export as a new file at `path` that only the person can read; never over a file there.
fn write_new(path: &Path, text: &str) -> anyhow::Result<Exit> {
    match private_file::write_new(path, text.as_bytes()) {
        Ok(()) => Ok(Exit::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => anyhow::bail!(
            "{} is already there, so nothing was written: give a new file's name, or move that \
             one first",
            path.display()
        ),
        Err(e) => Err(e).with_context(|| format!("could not write {}", path.display())),
    }
}

/// One warning when stdout is a regular file that others on this computer can read.
fn tell_if_others_can_read_stdout() {
    let Ok(out) = std::io::stdout().as_fd().try_clone_to_owned() else {
        return;
    };
    let Ok(meta) = std::fs::File::from(out).metadata() else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    if !meta.is_file() || mode & 0o077 == 0 {
        return;
    }
    // Its name, where the system says it (Linux); else the words are about "this file".
    let named = std::fs::read_link("/proc/self/fd/1").ok();
    let (shown, chmod) = match &named {
        Some(path) => {
            let path = path.display().to_string();
            (path.clone(), shell_word::quoted(&path))
        }
        None => ("journal export".to_string(), "FILE".to_string()),
    };
    render::report_finding(&Finding::warning(
        shown,
        None,
        format!(
            "other accounts on this computer can read this export (permissions {mode:o}), \
             though your journal is kept private: `chmod 600 {chmod}` keeps it to you, and \
             `--output FILE` writes an export that way"
        ),
    ));
}
