//! The journal file of the session under way: created at the first answer, saved after every
//! answer, and marked paused on any way of stopping.
//!
//! Every write goes through the one `Keeper` behind a mutex, so the signal handler's last save
//! and the main thread's save of an answer never run at the same time: the handler waits for a
//! save under way to finish, then marks the session paused and seals the keeper, so that nothing
//! the main thread does afterwards can write again (or leave a temp file) before the process ends.
use crate::coach::Flow;
use crate::interrupt;
use crate::journal::{Journal, OpenSession};
use crate::model::{Kind, SessionRecord, Status};
use anyhow::bail;
use chrono::Local;
use std::sync::{Mutex, MutexGuard};

/// The journal file of the session under way, shared with the interrupt handler so that a stop
/// from any thread saves the same record.
pub(super) struct Keeper {
    journal: Journal,
    /// `None` until the first save: nothing is written before the safety question is answered.
    /// Also `None` once stopped or closed, which releases the lock.
    open: Option<OpenSession>,
    /// The session's id once it has a file.
    id: Option<String>,
    record: SessionRecord,
    phase: Phase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Writing,
    /// Stopped by a signal: the process is ending on the thread that stopped it.
    Stopped,
    /// The session is over and its lock released: nothing more is written.
    Closed,
}

impl Keeper {
    pub(super) fn new(journal: Journal, kind: Kind) -> Keeper {
        Keeper {
            journal,
            open: None,
            id: None,
            record: SessionRecord::new(kind, Local::now().fixed_offset()),
            phase: Phase::Writing,
        }
    }

    /// A saved session reopened for `resume`, its lock held.
    pub(super) fn reopened(journal: Journal, open: OpenSession, record: SessionRecord) -> Keeper {
        Keeper {
            journal,
            id: Some(open.id.clone()),
            open: Some(open),
            record,
            phase: Phase::Writing,
        }
    }

    pub(super) fn save(&mut self, flow: &Flow, status: Status) -> anyhow::Result<()> {
        flow.fill_record(&mut self.record, status);
        self.write()
    }

    /// Marks what is already saved as paused (for a stop that arrives between two answers).
    pub(super) fn pause(&mut self) -> anyhow::Result<()> {
        if self.open.is_none()
            || self.phase != Phase::Writing
            || self.record.status != Status::InProgress
        {
            return Ok(());
        }
        self.record.status = Status::Paused;
        self.write()
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

    fn write(&mut self) -> anyhow::Result<()> {
        match self.phase {
            Phase::Writing => {}
            // The stop handler has saved the session as paused and is ending the process; a save
            // now would write it back as in progress, or be cut off half way.
            Phase::Stopped => interrupt::wait_for_exit(),
            Phase::Closed => bail!("the session was already closed, so this was not saved"),
        }
        self.record.updated = Local::now().fixed_offset();
        match &mut self.open {
            Some(open) => open.save(&self.record),
            None => {
                let open = self.journal.create(&self.record)?;
                self.record.id = open.id.clone();
                self.id = Some(open.id.clone());
                self.open = Some(open);
                Ok(())
            }
        }
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
    use crate::coach::Plan;
    use crate::model::AnswerValue;
    use std::sync::Arc;

    fn started(plan: &Plan) -> Flow<'_> {
        let mut flow = Flow::new(plan, Kind::Session);
        flow.answer(AnswerValue::Choice("safe".into())).unwrap();
        flow.answer(AnswerValue::Choice("hurt".into())).unwrap();
        flow
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
        let keeper = Arc::new(Mutex::new(Keeper::new(journal.clone(), Kind::Session)));
        lock(&keeper).save(&flow, flow.status()).unwrap();
        lock(&keeper).stop().unwrap();
        let id = lock(&keeper).saved_id().unwrap().to_owned();
        assert_eq!(names_in(dir.path()), [format!("{id}.md")], "lock released");

        let main_thread = Arc::clone(&keeper);
        let late = std::thread::spawn(move || {
            let flow = started(plan);
            lock(&main_thread).save(&flow, Status::InProgress)
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
    fn once_closed_nothing_more_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path()).unwrap();
        let plan = crate::coach::testing::plan();
        let flow = started(&plan);
        let mut keeper = Keeper::new(journal, Kind::Session);
        keeper.save(&flow, flow.status()).unwrap();
        keeper.close();
        let id = keeper.saved_id().unwrap().to_owned();
        assert_eq!(names_in(dir.path()), [format!("{id}.md")], "lock released");
        assert!(keeper.save(&flow, Status::Complete).is_err());
        assert!(keeper.pause().is_ok(), "nothing to pause");
        assert_eq!(names_in(dir.path()), [format!("{id}.md")]);
    }
}
