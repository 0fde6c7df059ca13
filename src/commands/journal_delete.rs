//! `journal delete ID [--yes]`: one entry removed for good, once the person has said yes to
//! deleting it, named by its kind and when it began.
use super::{Settings, coach_notes, load_vault, print, session_plan};
use crate::coach::Choice;
use crate::model::JournalWords;
use crate::prompt::PromptError;
use crate::{Exit, interrupt};
use anyhow::bail;

pub fn run(settings: &Settings, id: &str, yes: bool) -> anyhow::Result<Exit> {
    let journal = settings.journal_to_read()?;
    let entry = super::journal::load_from(journal.as_ref(), id)?;
    if yes && entry.id != id {
        bail!(
            "with --yes, give the whole id ({}), so that nothing is deleted by a guess",
            entry.id
        );
    }
    let vault = load_vault(settings)?;
    let words = coach_notes::journal(vault)?;
    if !yes && !confirmed(settings, vault, words, &entry.record)? {
        print(&format!("{}\n", words.delete.kept))?;
        return Ok(Exit::Ok);
    }
    let Some(journal) = journal else {
        bail!("the journal folder is gone");
    };
    journal.delete(&entry.id)?;
    print(&format!("{}\n", words.delete.deleted))
}

/// Asks whether to delete the entry of `record`; keeping it is the first choice, and what
/// stopping or the end of input means.
fn confirmed(
    settings: &Settings,
    vault: &'static crate::vault::Vault,
    words: &JournalWords,
    record: &crate::model::SessionRecord,
) -> anyhow::Result<bool> {
    let (_, plan) = session_plan(settings, vault)?;
    let mut prompter = super::session::prompter(settings.plain(), &plan.guide.prompts);
    let time = record.started.format(&words.show_time).to_string();
    let question = words
        .delete
        .question
        .replace("{kind}", words.kind(record.kind))
        .replace("{time}", &time);
    let choices = [("no", &words.delete.no), ("yes", &words.delete.yes)]
        .map(|(key, label)| Choice::new(key, label));
    // Ctrl-C here stops before anything is deleted.
    interrupt::install()?;
    match prompter.choose(&question, &choices) {
        Ok(picked) => Ok(choices.get(picked).is_some_and(|c| c.key == "yes")),
        Err(PromptError::Paused) => Ok(false),
        Err(PromptError::Interrupted(how)) => interrupt::stop_and_exit(how),
        Err(PromptError::LeftAtOnce) => super::leave_at_once(),
        Err(PromptError::Io(error)) => Err(error.into()),
    }
}
