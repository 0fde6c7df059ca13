//! The journal file of the session under way: created at the first answer, saved after every
//! answer, and marked paused on any way of stopping.
//!
//! Every write goes through the one `Keeper` behind a mutex, so the signal handler's last save
//! and the main thread's save of an answer never run at the same time: the handler waits for a
//! save under way to finish, then marks the session paused and seals the keeper, so that nothing
//! the main thread does afterwards can write again (or leave a temp file) before the process ends.
//!
//! A save that fails (a full disk, a quota, a file-size limit) damages nothing on disk, since
//! files are replaced whole. The answers stay in memory and every later save writes them all, so
//! the session goes on; the person is told, and handed back the answer that is not yet saved.
use super::unsaved::Unsaved;
use crate::coach::Plan;
use crate::interrupt;
use crate::journal::{Journal, OpenSession};
use crate::model::{AnswerValue, AnswerWords, Answered, Kind, SessionRecord, Status, UnsavedWords};
use crate::vault::Vault;
use anyhow::bail;
use chrono::Local;
use std::sync::{Mutex, MutexGuard};

/// The journal file of the session under way, shared with the interrupt handler so that a stop
/// from any thread saves the same record.
pub(super) struct Keeper {
    journal: JournalAt,
    /// `None` until the first save: nothing is written before the first answer after the safety question.
    /// Also `None` once stopped or closed, which releases the lock.
    open: Option<OpenSession>,
    /// The session's id once it has a file.
    id: Option<String>,
    record: SessionRecord,
    /// The answers as the file last written holds them.
    on_disk: Vec<Answered>,
    phase: Phase,
    words: KeeperWords,
}

/// The words a keeper writes and says: how an answer that is not words (a number, yes or no)
/// is written in the journal note, and what a failed save says.
#[derive(Debug, Clone)]
pub(super) struct KeeperWords {
    answers: AnswerWords,
    unsaved: UnsavedWords,
}

impl KeeperWords {
    /// From the vault's Journal Entries note, and the plan's session guide.
    pub(super) fn of(vault: &Vault, plan: &Plan) -> anyhow::Result<KeeperWords> {
        Ok(KeeperWords {
            answers: super::coach_notes::journal(vault)?.answers.clone(),
            unsaved: (*plan.guide.stop.unsaved).clone(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Writing,
    /// Stopped by a signal: the process is ending on the thread that stopped it.
    Stopped,
    /// The session is over and its lock released: nothing more is written.
    Closed,
}

/// The journal, or how to open it: a folder that is not there yet is made only at the first
/// save, so that a session that ends at the safety question leaves no trace at all.
pub(super) enum JournalAt {
    Open(Journal),
    Later(Box<dyn Fn() -> anyhow::Result<Journal> + Send>),
}

impl Keeper {
    pub(super) fn new(journal: JournalAt, kind: Kind, words: KeeperWords) -> Keeper {
        if let JournalAt::Open(journal) = &journal {
            journal.prepare_to_write();
        }
        Keeper {
            journal,
            open: None,
            id: None,
            record: SessionRecord::new(kind, Local::now().fixed_offset()),
            on_disk: Vec::new(),
            phase: Phase::Writing,
            words,
        }
    }

    /// A saved session reopened for `resume`, its lock held.
    pub(super) fn reopened(
        journal: Journal,
        open: OpenSession,
        record: SessionRecord,
        words: KeeperWords,
    ) -> Keeper {
        Keeper {
            journal: JournalAt::Open(journal),
            id: Some(open.id.clone()),
            open: Some(open),
            on_disk: record.answers.clone(),
            record,
            phase: Phase::Writing,
            words,
        }
    }

    /// Saves the record as `fill` leaves it (a session's flow fills it, or a check-in's or a
    /// debrief's questions). A failure is an [`Unsaved`] error: mid-session (`status` in
    /// progress) the answers stay in memory and the next save tries again, so the caller says so
    /// and goes on; at the end (paused or complete) it is the last word.
    pub(super) fn save_with(
        &mut self,
        fill: impl FnOnce(&mut SessionRecord),
    ) -> anyhow::Result<()> {
        // The draft is what is on a line now: nothing after an answer (taken off its line, and
        // any draft of it done with); the line being typed when the session is saved as paused;
        // and, saved with no new answer (input that ended at once), the draft it had.
        let answered_before = self.record.answers.clone();
        fill(&mut self.record);
        if self.record.answers != answered_before {
            self.record.draft = None;
        }
        self.keep_typed();
        self.write()
    }

    /// Marks what is already saved as paused (for a stop that arrives between two answers, or
    /// while a line is typed, which is kept as the session's draft), and tries once more to
    /// save answers an earlier save could not.
    pub(super) fn pause(&mut self) -> anyhow::Result<()> {
        if self.phase != Phase::Writing {
            return Ok(());
        }
        let nothing_new = !self.keep_typed() && self.unsaved_answers().next().is_none();
        if nothing_new && (self.open.is_none() || self.record.status != Status::InProgress) {
            return Ok(());
        }
        if self.record.status == Status::InProgress {
            self.record.status = Status::Paused;
        }
        self.write()
    }

    /// Keeps the line being typed at a prompt, if there is one, as the record's draft; whether
    /// that changed the draft. An empty line leaves none, and so does a line that still holds
    /// the answer it began with (asked again to be rewritten, not yet changed): that is kept.
    fn keep_typed(&mut self) -> bool {
        let Some(typed) = interrupt::take_typed() else {
            return false;
        };
        let kept_already = self.record.answers.iter().any(|answered| {
            answered.question == typed.question
                && matches!(&answered.value, AnswerValue::Text(text) if *text == typed.text)
        });
        let draft = (!typed.text.trim().is_empty() && !kept_already).then_some(typed);
        let changed = draft != self.record.draft;
        self.record.draft = draft;
        changed
    }

    /// For the stop handler: marks what is saved as paused, releases the lock, and seals the
    /// keeper, since the process ends next.
    pub(super) fn stop(&mut self) -> anyhow::Result<()> {
        let paused = self.pause();
        self.phase = Phase::Stopped;
        self.open = None;
        paused
    }

    /// The session is over: releases its lock (and lock file) while the closing words are said.
    pub(super) fn close(&mut self) {
        self.phase = Phase::Closed;
        self.open = None;
    }

    /// Writes the record. When it fails mid-session (the record in progress) the next save tries
    /// again; at the end (paused or complete) the failure is the last word.
    fn write(&mut self) -> anyhow::Result<()> {
        match self.phase {
            Phase::Writing => {}
            // The stop handler has saved the session as paused and is ending the process; a save
            // now would write it back as in progress, or be cut off half way.
            Phase::Stopped => interrupt::wait_for_exit(),
            Phase::Closed => bail!("the session was already closed, so this was not saved"),
        }
        self.record.updated = Local::now().fixed_offset();
        let written = match &mut self.open {
            Some(open) => open.save(&self.record, &self.words.answers),
            None => self.create().map(|open| {
                self.record.id = open.id.clone();
                self.id = Some(open.id.clone());
                self.open = Some(open);
            }),
        };
        match written {
            Ok(()) => {
                self.on_disk = self.record.answers.clone();
                Ok(())
            }
            Err(error) => {
                // The file that kept the earlier answers is gone (its folder removed, and not
                // made again): they are only in memory now, and handed back with this one.
                let lost = !self.on_disk.is_empty()
                    && self.open.as_ref().is_some_and(|open| !open.is_on_disk());
                if lost {
                    self.on_disk.clear();
                }
                Err(self.unsaved(&error, lost).into())
            }
        }
    }

    /// The record as last filled.
    pub(super) fn record(&self) -> &SessionRecord {
        &self.record
    }

    /// Opens the journal if that was left for the first save, and creates the session's file.
    fn create(&mut self) -> anyhow::Result<OpenSession> {
        if let JournalAt::Later(open_journal) = &self.journal {
            self.journal = JournalAt::Open(open_journal()?);
        }
        let JournalAt::Open(journal) = &self.journal else {
            unreachable!("opened just above")
        };
        journal.create(&self.record, &self.words.answers)
    }

    /// What a failed save says. Mid-session (the record in progress) the next save tries again,
    /// so only the answer just given is handed back (the ones before it were handed back when
    /// their own save failed), unless the file that kept them was `lost`; at the end, every
    /// answer not in the file. A file is named as keeping anything only while it is there.
    fn unsaved(&self, error: &anyhow::Error, lost: bool) -> Unsaved {
        let will_retry = self.record.status == Status::InProgress;
        let saved_in = (self.open.as_ref())
            .filter(|open| open.is_on_disk())
            .map(|open| open.path.clone());
        let words = &self.words.unsaved;
        if will_retry && !lost {
            let newest = self.record.answers.last();
            let not_saved = newest.filter(|a| !self.on_disk.contains(a));
            Unsaved::new(not_saved.into_iter(), error, true, saved_in, words)
        } else {
            Unsaved::new(self.unsaved_answers(), error, will_retry, saved_in, words)
        }
    }

    /// Answers given but not in the file: what a failed save has kept in memory.
    fn unsaved_answers(&self) -> impl Iterator<Item = &Answered> {
        self.record
            .answers
            .iter()
            .filter(|a| !self.on_disk.contains(a))
    }

    pub(super) fn saved_id(&self) -> Option<&str> {
        self.id.as_deref()
    }
}

pub(super) fn lock(keeper: &Mutex<Keeper>) -> MutexGuard<'_, Keeper> {
    keeper
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::{Flow, Plan};
    use crate::model::AnswerValue;
    use std::sync::Arc;

    fn started(plan: &Plan) -> Flow<'_> {
        let mut flow = Flow::new(plan, Kind::Session);
        flow.answer(AnswerValue::Choice("safe".into())).unwrap();
        flow.answer(AnswerValue::Choice("hurt".into())).unwrap();
        flow
    }

    fn words(plan: &Plan) -> KeeperWords {
        KeeperWords::of(&crate::vault::Vault::shipped(), plan).unwrap()
    }

    fn names_in(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    /// The race of issue 9.3: the stop handler saved the session as paused, then the main thread
    /// went on to save the answer it had just read, writing the session back as in progress (or
    /// being cut off part way, leaving its temp file) as the process ended.
    #[test]
    fn once_stopped_a_save_from_another_thread_never_writes() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        let plan: &'static Plan = Box::leak(Box::new(crate::coach::testing::plan()));
        let flow = started(plan);
        let keeper = Arc::new(Mutex::new(Keeper::new(
            JournalAt::Open(journal.clone()),
            Kind::Session,
            words(plan),
        )));
        lock(&keeper)
            .save_with(|r| flow.fill_record(r, flow.status()))
            .unwrap();
        lock(&keeper).stop().unwrap();
        let id = lock(&keeper).saved_id().unwrap().to_owned();
        assert_eq!(names_in(dir.path()), [format!("{id}.md")], "lock released");

        let main_thread = Arc::clone(&keeper);
        let late = std::thread::spawn(move || {
            let flow = started(plan);
            lock(&main_thread).save_with(|r| flow.fill_record(r, Status::InProgress))
        });
        // Long enough for a save to have happened many times over, were it allowed.
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(
            !late.is_finished(),
            "the late save waits for the process to end"
        );
        assert_eq!(journal.load(&id).unwrap().record.status, Status::Paused);
        assert_eq!(names_in(dir.path()), [format!("{id}.md")], "no temp file");
    }

    #[test]
    fn a_failed_save_is_kept_in_memory_said_back_and_tried_again() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(&dir.path().join("journal")).unwrap();
        std::fs::remove_dir(dir.path().join("journal")).unwrap();
        let plan = crate::coach::testing::plan();
        let flow = started(&plan);
        let mut keeper = Keeper::new(
            JournalAt::Open(journal.clone()),
            Kind::Session,
            words(&plan),
        );

        let error = keeper
            .save_with(|r| flow.fill_record(r, flow.status()))
            .unwrap_err();
        assert!(Unsaved::will_retry(&error), "{error:#}");
        let said = error.to_string();
        assert!(
            said.starts_with("Your last answer could not be saved: "),
            "{said}"
        );
        assert!(
            said.contains("tries saving again after your next answer"),
            "{said}"
        );

        std::fs::create_dir(dir.path().join("journal")).unwrap();
        keeper.pause().unwrap();
        let id = keeper.saved_id().unwrap().to_owned();
        let saved = journal.load(&id).unwrap().record;
        assert_eq!(saved.status, Status::Paused);
        assert_eq!(
            saved.answers,
            flow.answers(),
            "the kept answers, saved at last"
        );
    }

    #[test]
    fn once_closed_nothing_more_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        let plan = crate::coach::testing::plan();
        let flow = started(&plan);
        let mut keeper = Keeper::new(JournalAt::Open(journal), Kind::Session, words(&plan));
        keeper
            .save_with(|r| flow.fill_record(r, flow.status()))
            .unwrap();
        keeper.close();
        let id = keeper.saved_id().unwrap().to_owned();
        assert_eq!(names_in(dir.path()), [format!("{id}.md")], "lock released");
        assert!(
            keeper
                .save_with(|r| flow.fill_record(r, Status::Complete))
                .is_err()
        );
        assert!(keeper.pause().is_ok(), "nothing to pause");
        assert_eq!(names_in(dir.path()), [format!("{id}.md")]);
    }
}
