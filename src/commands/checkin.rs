//! `repair-coach checkin`: a quick check-in between sessions, saved privately in the journal,
//! ending with one quiet line about today against the rhythm agreed in the latest session.
use super::asking::{Ended, ask_all};
use super::keeper::{JournalAt, Keeper, lock};
use super::session::prompter;
use super::{Settings, coach_notes, load_vault};
use crate::Exit;
use crate::coach::Message;
use crate::coach::checkin::{self, Checkin};
use crate::model::Kind;
use chrono::Local;
use std::sync::{Arc, Mutex};

pub fn run(settings: &Settings) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let words = coach_notes::checkin(&vault)?;
    let journal = settings.journal()?;
    let keeper = Arc::new(Mutex::new(Keeper::new(
        JournalAt::Open(journal.clone()),
        Kind::Checkin,
    )));
    let mut prompter = prompter(
        settings.plain(),
        &crate::coach::Plan::from_vault(&vault)?.guide.prompts,
    );
    let mut questions = Checkin::new(words);
    prompter.show(&Message::Heading(words.section.clone()))?;
    let ended = ask_all(
        &mut questions,
        &keeper,
        prompter.as_mut(),
        &words.stopped,
        |_| true,
        |checkin, record, status| checkin.fill_record(record, status),
    )?;
    let Some(id) = lock(&keeper).saved_id().map(str::to_owned) else {
        return Ok(Exit::Ok);
    };
    if ended == Ended::Stopped {
        prompter.show(&Message::Markdown(words.stopped.clone()))?;
        return Ok(Exit::Ok);
    }
    prompter.show(&Message::Markdown(words.closing.clone()))?;
    let entries = journal.list().0;
    let records: Vec<_> = entries.iter().map(|e| &e.record).collect();
    let today = Local::now().date_naive();
    let line = checkin::today_line(
        words,
        checkin::agreed_rhythm(&records),
        checkin::count_on(&records, today),
    );
    if let Some(line) = line {
        prompter.show(&Message::Markdown(line))?;
    }
    let command = settings.command(&format!("journal show {id}"));
    prompter.show(&Message::Markdown(
        words.saved.replace("{command}", &command),
    ))?;
    Ok(Exit::Ok)
}
