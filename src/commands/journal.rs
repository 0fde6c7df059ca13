//! `journal list [--json]`, `journal show ID`, and `journal encrypt` / `journal decrypt`
//! (`journal delete`, `journal export` and `journal summary` have files of their own).
use super::{Settings, coach_notes, print};
use crate::Exit;
use crate::cli::{ExportFormat, JournalCommand};
use crate::journal::{Journal, Summary};
use crate::json::{self, Versioned};
use crate::model::{AnswerValue, JournalWords, SessionRecord, Status};
use crate::render::{self, Style};
use crate::suggest;
use serde::Serialize;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

pub fn run(settings: &Settings, command: JournalCommand, style: Style) -> anyhow::Result<Exit> {
    match command {
        JournalCommand::Encrypt => convert(settings, true),
        JournalCommand::Decrypt => convert(settings, false),
        JournalCommand::List { json } => {
            let (entries, read) = match settings.journal_to_read()? {
                Some(journal) => listed(&journal),
                None => (Vec::new(), Exit::Ok),
            };
            let shown = if json {
                print(&entries_json(&entries)?)
            } else if entries.is_empty() && read == Exit::Failure {
                // Not "nothing here yet": there is, and stderr says what could not be read.
                Ok(Exit::Ok)
            } else {
                let vault = super::load_vault(settings)?;
                let words = coach_notes::journal(vault)?;
                // The Break note's words, only when a session is waiting out a break.
                let on_break_words = match entries.iter().any(|e| on_break(&e.record).is_some()) {
                    true => Some(coach_notes::break_words(vault)?.on_break.as_str()),
                    false => None,
                };
                settings.page(&list_text(&entries, words, style, on_break_words))
            };
            Ok(read.and(shown?))
        }
        JournalCommand::Delete { id, yes } => super::journal_delete::run(settings, &id, yes),
        JournalCommand::Summary { since, json } => {
            super::summary::run(settings, since, json, style)
        }
        JournalCommand::Show { id } => {
            let journal = settings.journal_to_read()?;
            let entry = load_from(journal.as_ref(), &id)?;
            let words = coach_notes::journal(super::load_vault(settings)?)?;
            settings.page(&show_text(&entry, words, style))
        }
        JournalCommand::Export {
            format,
            json,
            id,
            output,
        } => {
            let format = if json { ExportFormat::Json } else { format };
            super::journal_export::run(settings, format, id, output.as_deref())
        }
    }
}

/// `journal encrypt` (`to_sealed`, asking for a passphrase even when nothing is encrypted yet)
/// or `journal decrypt`. Says what was done; a failure if any note was left as it was.
fn convert(settings: &Settings, to_sealed: bool) -> anyhow::Result<Exit> {
    let journal = match to_sealed {
        true => settings.journal_with_passphrase()?,
        false => settings.journal()?,
    };
    let converted = journal.convert(to_sealed)?;
    let done = converted.done.len();
    let kind = if to_sealed { "encrypted" } else { "decrypted" };
    let mut text = match done {
        0 => format!("Nothing needed to be {kind}.\n"),
        1 => format!("1 note {kind}.\n"),
        n => format!("{n} notes {kind}.\n"),
    };
    for (id, why) in &converted.skipped {
        text += &format!("{id} was left as it was: {}\n", render::sanitize(why));
    }
    if to_sealed && !settings.encrypts() {
        text += &match settings.places.config_file.as_deref() {
            Some(file) => format!(
                "To keep new notes encrypted too, add the line `encrypt = true` to {}.\n",
                render::sanitize_line(&file.to_string_lossy())
            ),
            None => "To keep new notes encrypted too, set `encrypt = true` in the config file.\n"
                .to_string(),
        };
    }
    print(&text)?;
    Ok(if converted.skipped.is_empty() {
        Exit::Ok
    } else {
        Exit::Failure
    })
}

/// Every entry that could be read, each file that could not reported on stderr; the exit is a
/// failure when there was one, so that a script or a backup sees that something is missing.
pub(super) fn listed(journal: &Journal) -> (Vec<Summary>, Exit) {
    let (entries, findings) = journal.list();
    for finding in &findings {
        render::report_finding(finding);
    }
    let read = match findings.is_empty() {
        true => Exit::Ok,
        false => Exit::Failure,
    };
    (entries, read)
}

/// When a paused session is on a break, the time they chose to be back by.
fn on_break(record: &SessionRecord) -> Option<String> {
    let until = record
        .break_until
        .filter(|_| record.status == Status::Paused)?;
    Some(until.format("%H:%M").to_string())
}

/// [`load`], from a journal that may not be there yet.
pub(super) fn load_from(journal: Option<&Journal>, id: &str) -> anyhow::Result<Summary> {
    match journal {
        Some(journal) => load(journal, id),
        None => anyhow::bail!(
            "no journal entry {}: nothing has been written to this journal yet",
            render::typed_name(id)
        ),
    }
}

/// One entry by id or the start of one; an id that matches nothing suggests the closest ids.
fn load(journal: &Journal, id: &str) -> anyhow::Result<Summary> {
    journal.load(id).map_err(|error| {
        // Every file's id, also of those that could not be read: for one of those, the
        // journal's own error says what is wrong with it.
        let (entries, unreadable) = journal.list();
        let ids: Vec<String> = entries
            .into_iter()
            .map(|e| e.id)
            .chain(
                unreadable
                    .iter()
                    .filter_map(|f| Some(f.path.file_stem()?.to_string_lossy().into_owned())),
            )
            .collect();
        if ids.iter().any(|known| known.starts_with(id)) {
            return error;
        }
        let near = suggest::closest(id, ids.iter().map(String::as_str));
        anyhow::anyhow!(
            "no journal entry {}.{} `repair-coach journal list` shows them all.",
            render::typed_name(id),
            suggest::hint(&near)
        )
    })
}

/// An entry as JSON: its record's fields and where its file is. `journal list --json` and
/// `journal export --json` both write `{"version": 1, "entries": [...]}` of these.
#[derive(Serialize)]
struct EntryJson<'a> {
    #[serde(flatten)]
    record: &'a SessionRecord,
    path: &'a Path,
}

pub(super) fn entries_json(entries: &[Summary]) -> anyhow::Result<String> {
    #[derive(Serialize)]
    struct Entries<'a> {
        entries: Vec<EntryJson<'a>>,
    }
    let entries = entries
        .iter()
        .map(|e| EntryJson {
            record: &e.record,
            path: &e.path,
        })
        .collect();
    json::to_string(&Versioned::new(Entries { entries }))
}

/// The fewest columns of first words worth showing beside an entry's other columns.
const FIRST_WORDS_AT_LEAST: usize = 12;

/// One line per entry, newest first: id, when, what, where it stands, and its first words, in
/// columns as wide as their widest cell (measured in terminal columns, not bytes); on a terminal
/// too narrow for that, a few lines per entry.
/// `on_break_words`: how a session on a break says so (`{time}`), from the Break note.
fn list_text(
    entries: &[Summary],
    words: &JournalWords,
    style: Style,
    on_break_words: Option<&str>,
) -> String {
    if entries.is_empty() {
        return format!("{}\n", words.empty);
    }
    let rows: Vec<[String; 4]> = entries
        .iter()
        .map(|entry| {
            let record = &entry.record;
            [
                render::sanitize(&entry.id).into_owned(),
                record.started.format(&words.list_time).to_string(),
                words.kind(record.kind).to_owned(),
                match (on_break(record), on_break_words) {
                    (Some(time), Some(on_break)) => on_break.replace("{time}", &time),
                    _ => words.status(record.kind, record.status).to_owned(),
                },
            ]
        })
        .collect();
    let mut widths = [0; 4];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let mut out = String::new();
    // Two spaces after each column; too narrow for the columns and a few first words beside
    // them, each entry takes lines of its own.
    let columns: usize = widths.iter().map(|w| w + 2).sum();
    if style.width < columns + FIRST_WORDS_AT_LEAST {
        for (entry, [id, when, kind, status]) in entries.iter().zip(&rows) {
            out += id;
            out.push('\n');
            out += &render::wrapped(&format!("{when}  {kind}  {status}"), style, "  ", "  ");
            out.push('\n');
            let words = entry.first_words(style.width.saturating_sub(2));
            if !words.is_empty() {
                out += &format!("  {}\n", style.dim(&words));
            }
        }
        return out;
    }
    for (entry, row) in entries.iter().zip(&rows) {
        let mut head = String::new();
        for (cell, width) in row.iter().zip(widths) {
            head += cell;
            head += &" ".repeat(width - UnicodeWidthStr::width(cell.as_str()) + 2);
        }
        let room = style
            .width
            .saturating_sub(UnicodeWidthStr::width(head.as_str()));
        let words = entry.first_words(room);
        let line = format!("{head}{}", style.dim(&words));
        out += line.trim_end();
        out.push('\n');
    }
    out
}

/// One entry for reading: its questions and answers, section by section.
fn show_text(entry: &Summary, words: &JournalWords, style: Style) -> String {
    let record = &entry.record;
    let time = record.started.format(&words.show_time).to_string();
    let heading = words
        .heading
        .replace("{kind}", &capitalised(words.kind(record.kind)))
        .replace("{time}", &time);
    let mut markdown = format!(
        "# {heading}\n\n{}",
        words.status(record.kind, record.status)
    );
    if let (Some(before), Some(after)) = (record.activation_before, record.activation_after) {
        let activation = words
            .activation
            .replace("{before}", &before.to_string())
            .replace("{after}", &after.to_string());
        markdown += &format!(" · {activation}");
    }
    markdown += "\n";
    let mut section = None;
    for answer in &record.answers {
        if section != Some(&answer.section) {
            markdown += &format!("\n## {}\n", escape(&answer.section));
            section = Some(&answer.section);
        }
        let value = match &answer.value {
            AnswerValue::Text(text) if text.trim().is_empty() => words.answers.skipped.clone(),
            AnswerValue::Text(text) => escape(text),
            AnswerValue::Choice(key) => escape(answer.label.as_deref().unwrap_or(key)),
            other => words.answers.said(other).unwrap_or_default(),
        };
        markdown += &format!("\n**{}**\n\n{value}\n", escape(&answer.question));
    }
    if let Some(draft) = &record.draft {
        markdown += &format!(
            "\n**{}**\n\n{} … {}\n",
            escape(&draft.question),
            escape(&draft.text),
            words.draft
        );
    }
    if let Some(could_say) = &record.could_say {
        markdown += &format!("\n## {}\n\n", escape(&could_say.title));
        for sentence in &could_say.sentences {
            markdown += &format!("- {}\n", escape(sentence));
        }
        if let Some(later) = &could_say.later {
            markdown += &format!("\n{}\n\n", escape(&later.lead));
            for sentence in &later.sentences {
                markdown += &format!("- {}\n", escape(sentence));
            }
        }
    }
    render::markdown(&markdown, style)
}

/// What a person typed, shown as written rather than read as markdown.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]#<>!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace('\n', "  \n")
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
