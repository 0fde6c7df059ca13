//! `repair-coach debrief [ID]`: looking back on the talk a completed session got the person
//! ready for, saved as its own journal note linking that session. "Not yet" keeps nothing.
use super::asking::{StopWords, ask_all, closed, with_help_if};
use super::keeper::{JournalAt, Keeper, KeeperWords};
use super::session::prompter;
use super::{Settings, coach_notes, load_vault, session_plan};
use crate::Exit;
use crate::coach::debrief::{self, Debrief};
use crate::coach::{Choice, Message, Plan};
use crate::journal::Journal;
use crate::model::{DebriefWords, Kind, Status, guide};
use crate::prompt::{PromptError, Prompter};
use crate::render::Style;
use anyhow::bail;
use chrono::{DateTime, FixedOffset};
use std::sync::{Arc, Mutex};

pub fn run(settings: &Settings, id: Option<&str>) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let words = coach_notes::debrief(vault)?;
    let journal = settings.journal_to_write()?;
    let (_, plan) = session_plan(settings, vault)?;
    let mut prompter = prompter(settings.plain(), &plan.guide.prompts);
    let (session_id, started) = match id {
        Some(id) => {
            let entry = journal.load(id)?;
            let record = &entry.record;
            if record.kind != Kind::Session {
                bail!(
                    "{} is not a session; a debrief looks back on a session",
                    entry.id
                );
            }
            if record.status != Status::Complete {
                bail!(
                    "session {} is not finished yet; carry on with it first: `{}`",
                    entry.id,
                    settings.command(&format!("resume {}", crate::shell_word::quoted(&entry.id)))
                );
            }
            (entry.id, record.started)
        }
        None => {
            // Newest first, down to the first finished session that no debrief read so far
            // (debriefs are newer than their sessions) looks back on.
            let mut debriefed = std::collections::HashSet::new();
            let entries = journal.newest_until(|entry| {
                let record = &entry.record;
                if record.kind == Kind::Debrief && record.status == Status::Complete {
                    debriefed.extend(debrief::linked_session(record).map(str::to_owned));
                }
                record.kind == Kind::Session
                    && record.status == Status::Complete
                    && !debriefed.contains(&record.id)
            });
            let records: Vec<_> = entries.iter().map(|e| &e.record).collect();
            match debrief::waiting(&records) {
                Some(record) => (record.id.clone(), record.started),
                None => {
                    prompter.show(&Message::Markdown(words.nothing_to_look_back_on.clone()))?;
                    return Ok(Exit::Ok);
                }
            }
        }
    };
    look_back(
        settings,
        words,
        &FromSession::of(vault, &plan)?,
        journal,
        (&session_id, started),
        prompter.as_mut(),
    )
}

/// Asks the debrief's questions about session `session_id` and says where it is kept: what
/// `debrief` does, and what `start` does when the person takes up its offer.
pub(super) fn look_back(
    settings: &Settings,
    words: &DebriefWords,
    from_session: &FromSession,
    journal: Journal,
    (session_id, started): (&str, DateTime<FixedOffset>),
    prompter: &mut dyn Prompter,
) -> anyhow::Result<Exit> {
    let date = started.format(&words.date_format).to_string();
    prompter.show(&Message::Heading(words.section.clone()))?;
    prompter.show(&Message::Markdown(words.about.replace("{date}", &date)))?;
    let keeper = Arc::new(Mutex::new(Keeper::new(
        JournalAt::Open(journal),
        Kind::Debrief,
        from_session.keeper_words.clone(),
    )));
    let danger = from_session
        .safety_again
        .as_ref()
        .map(guide::SafetyAgain::danger_words)
        .unwrap_or_default();
    let mut questions = Debrief::new(words, danger);
    // After a talk that went hard, where help is, right there (stopped part-way too).
    let help = &from_session.help_lines;
    let stopped = |debrief: &Debrief| with_help_if(debrief.needs_help(), &words.stopped, help);
    let ended = ask_all(
        &mut questions,
        &keeper,
        prompter,
        &StopWords {
            stopped: &stopped,
            save_failed: &words.save_failed,
            nothing_saved: &from_session.stop,
            style: Style::for_stderr(settings.plain()),
        },
        Debrief::worth_keeping,
        |debrief, record, status| debrief.fill_record(record, session_id, status),
    )?;
    if questions.not_yet() {
        prompter.show(&Message::Markdown(words.not_yet.clone()))?;
        return Ok(Exit::Ok);
    }
    let closing = with_help_if(questions.needs_help(), questions.closing(), help);
    let Some(id) = closed(&keeper, prompter, ended, &stopped(&questions), &closing)? else {
        return Ok(Exit::Ok);
    };
    let command = settings.command(&format!("journal show {}", crate::shell_word::quoted(&id)));
    prompter.show(&Message::Markdown(
        words.saved.replace("{command}", &command),
    ))?;
    Ok(Exit::Ok)
}

/// What a look back takes from the session's notes beside its own words: what a stop with
/// nothing saved and a failed save say, the help lines said after a talk that went hard, and
/// the words that may mean the person is not safe.
pub(super) struct FromSession {
    stop: Box<guide::StopWords>,
    help_lines: String,
    /// The Session Guide's words that may mean the person is not safe.
    safety_again: Option<guide::SafetyAgain>,
    keeper_words: KeeperWords,
}

impl FromSession {
    fn of(vault: &crate::vault::Vault, plan: &Plan) -> anyhow::Result<FromSession> {
        Ok(FromSession {
            stop: plan.guide.stop.clone(),
            help_lines: plan.safety.help_lines(),
            safety_again: plan.guide.safety_check.again.clone(),
            keeper_words: KeeperWords::of(vault, plan)?,
        })
    }
}

/// `start`'s gentle offer to look back on the last talk first.
pub(super) struct Offer {
    words: DebriefWords,
    from_session: FromSession,
    journal: Journal,
    session: (String, DateTime<FixedOffset>),
}

/// The offer, when the latest completed session has no debrief yet: looked for in `entries`,
/// the journal the session saves to as `start` listed it (a folder not made yet holds nothing).
pub(super) fn offer_due(
    journal: &JournalAt,
    entries: &[crate::journal::Summary],
    vault: &crate::vault::Vault,
    plan: &Plan,
) -> anyhow::Result<Option<Offer>> {
    let JournalAt::Open(journal) = journal else {
        return Ok(None);
    };
    let journal = journal.clone();
    let records: Vec<_> = entries.iter().map(|e| &e.record).collect();
    let now = chrono::Local::now().fixed_offset();
    let Some(session) = debrief::due_for_offer(&records, now) else {
        return Ok(None);
    };
    let session = (session.id.clone(), session.started);
    Ok(Some(Offer {
        words: coach_notes::debrief(vault)?.clone(),
        from_session: FromSession::of(vault, plan)?,
        journal,
        session,
    }))
}

/// Asks once; "not now" (or end of input) is taken as it is, and the session goes on.
pub(super) fn offer(
    settings: &Settings,
    offer: Offer,
    prompter: &mut dyn Prompter,
) -> anyhow::Result<()> {
    let words = &offer.words.offer;
    let choices =
        [("yes", &words.yes), ("no", &words.no)].map(|(key, label)| Choice::new(key, label));
    match prompter.choose(&words.question, &choices) {
        Ok(0) => {
            let (id, started) = &offer.session;
            look_back(
                settings,
                &offer.words,
                &offer.from_session,
                offer.journal,
                (id, *started),
                prompter,
            )?;
            Ok(())
        }
        Ok(_) | Err(PromptError::Paused) => Ok(()),
        Err(PromptError::LeftAtOnce) => super::leave_at_once(),
        Err(PromptError::Interrupted(how)) => crate::interrupt::stop_and_exit(how),
        Err(PromptError::Io(error)) => Err(error.into()),
    }
}
