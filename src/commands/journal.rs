//! `journal list`, `journal show ID`, `journal export [--format md|json] [ID]`.
use super::{Settings, print};
use crate::Exit;
use crate::cli::{ExportFormat, JournalCommand};
use crate::journal::{self, Summary};
use crate::model::{AnswerValue, Kind, Status};
use crate::render::{self, Style};

pub fn run(settings: &Settings, command: JournalCommand, style: Style) -> anyhow::Result<Exit> {
    let journal = settings.journal()?;
    match command {
        JournalCommand::List { json } => {
            let (entries, findings) = journal.list();
            for finding in &findings {
                eprintln!("{}", render::sanitize(&finding.to_string()));
            }
            if json {
                print(&(serde_json::to_string_pretty(&entries)? + "\n"))
            } else {
                print(&list_text(&entries, style))
            }
        }
        JournalCommand::Show { id } => print(&show_text(&journal.load(&id)?, style)),
        JournalCommand::Export { format, id } => {
            let entries = match id {
                Some(id) => vec![journal.load(&id)?],
                None => journal.list().0,
            };
            print(&export(&entries, format)?)
        }
    }
}

/// One line per entry, newest first: when, what, where it stands, and its first words.
fn list_text(entries: &[Summary], style: Style) -> String {
    if entries.is_empty() {
        return "Nothing here yet. `repair-coach start` begins a session.\n".to_owned();
    }
    let mut out = String::new();
    for entry in entries {
        let record = &entry.record;
        let head = format!(
            "{}  {}  {:<10} {:<11}",
            entry.id,
            record.started.format("%a %-d %b %H:%M"),
            kind_word(record.kind),
            status_word(record.status)
        );
        let room = style.width.saturating_sub(head.chars().count() + 2);
        let words = entry.first_words(room);
        out += &format!("{}  {}\n", head, style.dim(&words)).replace("  \n", "\n");
    }
    out
}

/// One entry for reading: its questions and answers, section by section.
fn show_text(entry: &Summary, style: Style) -> String {
    let record = &entry.record;
    let mut markdown = format!(
        "# {} · {}\n\n{}",
        capitalised(kind_word(record.kind)),
        record.started.format("%A %-d %B %Y, %H:%M"),
        status_word(record.status)
    );
    if let (Some(before), Some(after)) = (record.activation_before, record.activation_after) {
        markdown += &format!(" · how stirred up: {before} at the start, {after} at the end");
    }
    markdown += "\n";
    let mut section = None;
    for answer in &record.answers {
        if section != Some(&answer.section) {
            markdown += &format!("\n## {}\n", escape(&answer.section));
            section = Some(&answer.section);
        }
        let value = match &answer.value {
            AnswerValue::Text(text) if text.trim().is_empty() => "(skipped)".to_owned(),
            AnswerValue::Text(text) => escape(text),
            AnswerValue::Choice(key) => escape(answer.label.as_deref().unwrap_or(key)),
            AnswerValue::Scale(n) => format!("{n} out of 10"),
            AnswerValue::YesNo(yes) => if *yes { "yes" } else { "no" }.to_owned(),
            AnswerValue::Done => "done".to_owned(),
        };
        markdown += &format!("\n**{}**\n\n{value}\n", escape(&answer.question));
    }
    if let Some(could_say) = &record.could_say {
        markdown += &format!("\n## {}\n\n", escape(&could_say.title));
        for sentence in &could_say.sentences {
            markdown += &format!("- {}\n", escape(sentence));
        }
    }
    render::markdown(&markdown, style)
}

fn export(entries: &[Summary], format: ExportFormat) -> anyhow::Result<String> {
    Ok(match format {
        ExportFormat::Json => {
            let records: Vec<_> = entries.iter().map(|e| &e.record).collect();
            serde_json::to_string_pretty(&records)? + "\n"
        }
        ExportFormat::Md => entries
            .iter()
            .map(|e| journal::to_markdown(&e.record))
            .collect::<Vec<_>>()
            .join("\n"),
    })
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

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Session => "session",
        Kind::Reflection => "reflection",
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::InProgress => "in progress",
        Status::Paused => "paused",
        Status::Complete => "complete",
        Status::EndedForSafety => "ended early",
    }
}
