//! The private journal: each session or reflection is one markdown note (`fileClass:
//! repair_session`) in a 0700 folder, 0600 files, written atomically after every answer and
//! locked so that a second process cannot clobber it. Read back through `note::Note::parse`.
//!
//! The folder: created 0700 (with its missing parents) when it does not exist. An existing folder
//! the person chose is never chmod-ed behind their back (it may be shared on purpose, e.g. inside
//! a vault); when others can read it, [`Journal::warnings`] says so and how to tighten it. The
//! entries themselves are always 0600 and their names are only dates, so a looser folder shows
//! when sessions happened, never what was written.
//!
//! Ids come from the start time (`2026-11-24-1503`, then `-2`, `-3` for the same minute), never
//! from user text. A new id is claimed by locking it and then creating its file with a
//! no-clobber rename, so two processes starting in the same minute never share a file.
mod format;
mod lock;

pub use format::to_markdown;
pub use lock::HELD_ELSEWHERE;

use crate::diagnostic::Finding;
use crate::model::{SessionRecord, Status};
use crate::note::Note;
use anyhow::{Context, bail};
use lock::{LockError, SessionLock};
use std::fs::{self, DirBuilder, File, Permissions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How many sessions may start in the same minute before `create` gives up.
const MAX_SAME_MINUTE: u32 = 1000;

/// A journal folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
    warnings: Vec<Finding>,
}

/// A session held open for writing: the lock lives as long as this value.
#[derive(Debug)]
pub struct OpenSession {
    pub path: PathBuf,
    /// The id the journal gave the session; `save` always writes under it.
    pub id: String,
    _lock: SessionLock,
}

/// One line of `journal list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub id: String,
    pub path: PathBuf,
    pub record: SessionRecord,
}

impl Summary {
    /// The first words of the first text answer, on one line of at most `width` columns,
    /// sanitised: what `journal list` shows to help the person recognise a session.
    pub fn first_words(&self, width: usize) -> String {
        self.record
            .answers
            .iter()
            .find_map(|a| match &a.value {
                crate::model::AnswerValue::Text(text) if !text.trim().is_empty() => Some(text),
                _ => None,
            })
            .map(|text| crate::render::one_line(text, width))
            .unwrap_or_default()
    }
}

impl Journal {
    /// Opens (creating, 0700) the journal folder.
    pub fn open(dir: &Path) -> anyhow::Result<Journal> {
        let mut warnings = Vec::new();
        match fs::metadata(dir) {
            Ok(meta) if meta.is_dir() => {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    warnings.push(Finding::warning(
                        dir,
                        None,
                        format!(
                            "other people on this computer can see which journal entries this \
                             folder holds (permissions {mode:o}); what you wrote stays private. \
                             To hide the entries too: chmod 700 {}",
                            dir.display()
                        ),
                    ));
                }
            }
            Ok(_) => bail!(
                "{} is not a folder; choose a folder for the journal with --journal DIR",
                dir.display()
            ),
            Err(e) if e.kind() == ErrorKind::NotFound => DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .with_context(|| {
                    format!("could not create the journal folder {}", dir.display())
                })?,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("could not open the journal folder {}", dir.display())
                });
            }
        }
        Ok(Journal {
            dir: dir.to_path_buf(),
            warnings,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Things worth telling the person about the folder (e.g. others can list it).
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    /// Writes a new session and holds its lock. The id is made here from `record.started`
    /// (whatever `record.id` says) and returned in [`OpenSession::id`].
    pub fn create(&self, record: &SessionRecord) -> anyhow::Result<OpenSession> {
        let base = record.started.format("%Y-%m-%d-%H%M").to_string();
        for n in 1..=MAX_SAME_MINUTE {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let lock = match SessionLock::try_acquire(&self.dir, &id) {
                Ok(lock) => lock,
                Err(LockError::Held) => continue,
                Err(e) => return Err(e.into()),
            };
            let path = self.entry_path(&id);
            let record = SessionRecord {
                id: id.clone(),
                ..record.clone()
            };
            match write_atomic(&self.dir, &path, &to_markdown(&record), Replace::Never) {
                Ok(()) => {
                    return Ok(OpenSession {
                        path,
                        id,
                        _lock: lock,
                    });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("could not save {}", path.display()));
                }
            }
        }
        bail!(
            "too many sessions started in the same minute in {}",
            self.dir.display()
        )
    }

    /// Opens an existing session for `resume`, taking its lock; a clear error if another
    /// process holds it.
    pub fn reopen(&self, id: &str) -> anyhow::Result<(OpenSession, SessionRecord)> {
        let (id, path) = self.resolve(id)?;
        let lock = SessionLock::try_acquire(&self.dir, &id)?;
        // Read only once the lock is held, so this is the last thing the other process wrote.
        let summary = read_entry(&id, &path).map_err(anyhow::Error::msg)?;
        Ok((
            OpenSession {
                path,
                id,
                _lock: lock,
            },
            summary.record,
        ))
    }

    /// Every readable entry, newest first, and a finding for each file that could not be read.
    /// (Findings about the folder itself are in [`Journal::warnings`].)
    pub fn list(&self) -> (Vec<Summary>, Vec<Finding>) {
        let mut summaries = Vec::new();
        let mut findings = Vec::new();
        let entries = match self.entries() {
            Ok(entries) => entries,
            Err(e) => {
                findings.push(Finding::error(&self.dir, None, format!("{e:#}")));
                return (summaries, findings);
            }
        };
        for (id, path) in entries {
            match read_entry(&id, &path) {
                Ok(summary) => summaries.push(summary),
                Err(e) => findings.push(e),
            }
        }
        summaries.sort_by(|a, b| (b.record.started, &b.id).cmp(&(a.record.started, &a.id)));
        (summaries, findings)
    }

    /// One entry by id (or unique id prefix).
    pub fn load(&self, id: &str) -> anyhow::Result<Summary> {
        let (id, path) = self.resolve(id)?;
        read_entry(&id, &path).map_err(anyhow::Error::msg)
    }

    /// The newest session that is in progress or paused: what `resume` continues by default.
    /// Files that cannot be read are skipped here; `journal list` reports them.
    pub fn latest_resumable(&self) -> Option<Summary> {
        self.list().0.into_iter().find(|s| {
            s.record.kind.resumable()
                && matches!(s.record.status, Status::InProgress | Status::Paused)
        })
    }

    fn entry_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.md"))
    }

    /// `(id, path)` of every visible `*.md` file in the folder.
    fn entries(&self) -> anyhow::Result<Vec<(String, PathBuf)>> {
        let read = fs::read_dir(&self.dir)
            .with_context(|| format!("could not read the journal folder {}", self.dir.display()))?;
        let mut entries = Vec::new();
        for entry in read {
            let entry = entry.with_context(|| {
                format!("could not read the journal folder {}", self.dir.display())
            })?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".md")) else {
                continue;
            };
            if id.is_empty() || id.starts_with('.') || !entry.path().is_file() {
                continue;
            }
            entries.push((id.to_owned(), entry.path()));
        }
        Ok(entries)
    }

    /// The entry `wanted` names: its exact id, or the one id it begins.
    fn resolve(&self, wanted: &str) -> anyhow::Result<(String, PathBuf)> {
        let entries = self.entries()?;
        if let Some(exact) = entries.iter().find(|(id, _)| id == wanted) {
            return Ok(exact.clone());
        }
        let mut matches: Vec<_> = entries
            .into_iter()
            .filter(|(id, _)| !wanted.is_empty() && id.starts_with(wanted))
            .collect();
        matches.sort();
        match matches.len() {
            0 => bail!(
                "no journal entry {}; `repair-coach journal list` shows them",
                crate::render::sanitize(wanted)
            ),
            1 => Ok(matches.remove(0)),
            _ => bail!(
                "{} could be any of {}; give more of the id",
                crate::render::sanitize(wanted),
                matches
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

impl OpenSession {
    /// Replaces the file's contents atomically: temp file in the same folder, fsync, rename,
    /// fsync the folder. Always written under this session's id.
    pub fn save(&mut self, record: &SessionRecord) -> anyhow::Result<()> {
        let record = SessionRecord {
            id: self.id.clone(),
            ..record.clone()
        };
        let dir = self.path.parent().unwrap_or(Path::new("."));
        write_atomic(dir, &self.path, &to_markdown(&record), Replace::Always)
            .with_context(|| format!("could not save {}", self.path.display()))
    }
}

/// Reads one entry; a finding (file and line) when it cannot be read.
fn read_entry(id: &str, path: &Path) -> Result<Summary, Finding> {
    let bytes = fs::read(path).map_err(|e| {
        Finding::error(
            path,
            None,
            format!("could not read this journal entry: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        Finding::error(
            path,
            Some(line),
            "this journal entry is not valid UTF-8 text; it was left as it is",
        )
    })?;
    let note = Note::parse(path, &text)?;
    let record = format::from_note(&note)?;
    Ok(Summary {
        id: id.to_owned(),
        path: path.to_path_buf(),
        record,
    })
}

enum Replace {
    Always,
    /// Fail with `AlreadyExists` rather than replace a file (a new session's id is taken).
    Never,
}

/// Writes `path` so that a reader sees the old contents or the new, never a part: a 0600 temp
/// file in the same folder (a rename cannot cross file systems), fsync, rename, fsync the folder.
fn write_atomic(dir: &Path, path: &Path, contents: &str, replace: Replace) -> std::io::Result<()> {
    let mut temp = tempfile::Builder::new()
        .prefix(".")
        .suffix(".tmp")
        .permissions(Permissions::from_mode(0o600))
        .tempfile_in(dir)?;
    temp.write_all(contents.as_bytes())?;
    temp.as_file().sync_all()?;
    match replace {
        Replace::Always => temp.persist(path).map_err(|e| e.error)?,
        Replace::Never => temp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    File::open(dir)?.sync_all()
}
