//! The journal file of the session under way: created at the first answer, saved after every
//! answer, and marked paused on any way of stopping.
use crate::coach::Flow;
use crate::journal::{Journal, OpenSession};
use crate::model::{Kind, SessionRecord, Status};
use chrono::Local;
use std::sync::{Mutex, MutexGuard};

/// The journal file of the session under way, shared with the interrupt handler so that a stop
/// from any thread saves the same record.
pub(super) struct Keeper {
    journal: JournalAt,
    /// `None` until the first save: nothing is written before the safety question is answered.
    open: Option<OpenSession>,
    record: SessionRecord,
}

/// The journal, or how to open it: a folder that is not there yet is made only at the first
/// save, so that a session that ends at the safety question leaves no trace at all.
pub(super) enum JournalAt {
    Open(Journal),
    Later(Box<dyn Fn() -> anyhow::Result<Journal> + Send>),
}

impl Keeper {
    pub(super) fn new(journal: JournalAt, kind: Kind) -> Keeper {
        Keeper {
            journal,
            open: None,
            record: SessionRecord::new(kind, Local::now().fixed_offset()),
        }
    }

    /// A saved session reopened for `resume`, its lock held.
    pub(super) fn reopened(journal: Journal, open: OpenSession, record: SessionRecord) -> Keeper {
        Keeper {
            journal: JournalAt::Open(journal),
            open: Some(open),
            record,
        }
    }

    pub(super) fn save(&mut self, flow: &Flow, status: Status) -> anyhow::Result<()> {
        flow.fill_record(&mut self.record, status);
        self.write()
    }

    /// Marks what is already saved as paused (for a stop that arrives between two answers).
    pub(super) fn pause(&mut self) -> anyhow::Result<()> {
        if self.open.is_none() || self.record.status != Status::InProgress {
            return Ok(());
        }
        self.record.status = Status::Paused;
        self.write()
    }

    fn write(&mut self) -> anyhow::Result<()> {
        self.record.updated = Local::now().fixed_offset();
        match &mut self.open {
            Some(open) => open.save(&self.record),
            None => {
                if let JournalAt::Later(open_journal) = &self.journal {
                    self.journal = JournalAt::Open(open_journal()?);
                }
                let JournalAt::Open(journal) = &self.journal else {
                    unreachable!("opened just above")
                };
                let open = journal.create(&self.record)?;
                self.record.id = open.id.clone();
                self.open = Some(open);
                Ok(())
            }
        }
    }

    pub(super) fn saved_id(&self) -> Option<&str> {
        self.open.as_ref().map(|open| open.id.as_str())
    }
}

pub(super) fn lock(keeper: &Mutex<Keeper>) -> MutexGuard<'_, Keeper> {
    keeper
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
