//! The private journal: each session or reflection is one markdown note (`fileClass:
//! repair_session`) in a 0700 folder, 0600 files, written atomically after every answer and
//! locked so that a second process cannot clobber it. Read back through `note::Note::parse`.
use crate::diagnostic::Finding;
use crate::model::SessionRecord;
use std::path::{Path, PathBuf};

/// A journal folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

/// A session held open for writing: the lock lives as long as this value.
#[derive(Debug)]
pub struct OpenSession {
    pub path: PathBuf,
}

/// One line of `journal list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub id: String,
    pub path: PathBuf,
    pub record: SessionRecord,
}

impl Journal {
    /// Opens (creating, 0700) the journal folder.
    pub fn open(dir: &Path) -> anyhow::Result<Journal> {
        let _ = dir;
        todo!("journal helper")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a new session and holds its lock.
    pub fn create(&self, record: &SessionRecord) -> anyhow::Result<OpenSession> {
        let _ = record;
        todo!("journal helper")
    }

    /// Opens an existing session for `resume`, taking its lock; a clear error if another
    /// process holds it.
    pub fn reopen(&self, id: &str) -> anyhow::Result<(OpenSession, SessionRecord)> {
        let _ = id;
        todo!("journal helper")
    }

    /// Every readable entry, newest first, and a finding for each file that could not be read.
    pub fn list(&self) -> (Vec<Summary>, Vec<Finding>) {
        todo!("journal helper")
    }

    /// One entry by id (or unique id prefix).
    pub fn load(&self, id: &str) -> anyhow::Result<Summary> {
        let _ = id;
        todo!("journal helper")
    }
}

impl OpenSession {
    /// Replaces the file's contents atomically: temp file in the same folder, fsync, rename,
    /// fsync the folder.
    pub fn save(&mut self, record: &SessionRecord) -> anyhow::Result<()> {
        let _ = record;
        todo!("journal helper")
    }
}
