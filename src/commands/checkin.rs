//! `repair-coach checkin`: a quick check-in between sessions, saved privately in the journal,
//! ending with one quiet line about today against the rhythm chosen in a session.
use super::asking::{StopWords, ask_all, closed, with_help_if};
use super::keeper::{JournalAt, Keeper, KeeperWords};
use super::session::prompter;
use super::{Settings, coach_notes, load_vault, session_plan};
use crate::Exit;
use crate::coach::Message;
use crate::coach::checkin::{self, Checkin};
use crate::model::Kind;
use crate::render::Style;
use chrono::Local;
use std::sync::{Arc, Mutex};

pub fn run(settings: &Settings) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let words = coach_notes::checkin(vault)?;
    let journal = settings.journal_to_write()?;
    let (_, plan) = session_plan(settings, vault)?;
    let keeper = Arc::new(Mutex::new(Keeper::new(
        JournalAt::Open(journal.clone()),
        Kind::Checkin,
        KeeperWords::of(vault, &plan)?,
    )));
    let mut prompter = prompter(settings.plain(), &plan.guide.prompts);
    let mut questions = Checkin::new(words, plan.guide.danger_words());
    prompter.show(&Message::Heading(words.section.clone()))?;
    // On a very hard day, where help is, right there (stopped part-way too), and no count of
    // the day.
    let help = plan.safety.help_lines();
    let stopped = |checkin: &Checkin| with_help_if(checkin.hard_time(), &words.stopped, &help);
    let ended = ask_all(
        &mut questions,
        &keeper,
        prompter.as_mut(),
        &StopWords {
            stopped: &stopped,
            save_failed: &words.save_failed,
            nothing_saved: &plan.guide.stop,
            style: Style::for_stderr(settings.plain()),
        },
        |_| true,
        |checkin, record, status| checkin.fill_record(record, status),
    )?;
    let closing = with_help_if(questions.hard_time(), questions.closing(), &help);
    let closed = closed(
        &keeper,
        prompter.as_mut(),
        ended,
        &stopped(&questions),
        &closing,
    )?;
    let Some(id) = closed else {
        return Ok(Exit::Ok);
    };
    let today = Local::now().date_naive();
    // Newest first, down to the first entry from before today once a rhythm is found: every
    // check-in of today and the latest rhythm are then among them.
    let mut rhythm_found = false;
    let entries = journal.newest_until(|entry| {
        let record = &entry.record;
        rhythm_found |= record.kind == Kind::Session && record.checkins.is_some();
        rhythm_found && record.started.date_naive() < today
    });
    let records: Vec<_> = entries.iter().map(|e| &e.record).collect();
    let line = checkin::today_line(
        words,
        checkin::agreed_rhythm(&records),
        checkin::count_on(&records, today),
    );
    if let Some(line) = line.filter(|_| !questions.hard_time()) {
        prompter.show(&Message::Markdown(line))?;
    }
    let command = settings.command(&format!("journal show {}", crate::shell_word::quoted(&id)));
    prompter.show(&Message::Markdown(
        words.saved.replace("{command}", &command),
    ))?;
    Ok(Exit::Ok)
}
