//! The private journal: each session or reflection is one markdown note (`fileClass:
//! repair_session`) in a 0700 folder, 0600 files, written atomically after every answer and
//! locked so that a second process cannot clobber it. Read back through `note::Note::parse`.
//! Nothing else stays in the folder: lock files go when their session is closed, and temp files
//! when their save ends, and both at the next open if the process was killed part way.
//!
//! The folder: created 0700 (with its missing parents) when it does not exist. An existing folder
//! the person chose is never chmod-ed behind their back (it may be shared on purpose, e.g. inside
//! a vault); when others can read it, [`Journal::warnings`] says so and how to tighten it. The
//! entries themselves are always 0600 and their names are only dates, so a looser folder shows
//! when sessions happened, never what was written.
//!
//! With a passphrase ([`crypt`], `encrypt = true`), notes are kept as `ID.md.age` instead,
//! sealed in memory before they are written; every reader here opens both kinds, so the
//! commands get encryption without knowing of it. [`Journal::convert`] turns a journal from one kind
//! into the other, losing nothing if it is interrupted.
//!
//! Ids come from the start time (`2026-11-24-1503`, then `-2`, `-3` for the same minute), never
//! from user text. A new id is claimed by locking it and then creating its file with a
//! no-clobber rename, so two processes starting in the same minute never share a file.
mod convert;
pub mod crypt;
mod format;
mod id;
mod lock;
mod scrypt_ahead;

pub use convert::Converted;
pub use crypt::Key;
pub use format::to_markdown;
pub use id::is_id;
pub use lock::HELD_ELSEWHERE;

use crate::diagnostic::Finding;
use crate::model::{AnswerWords, SessionRecord, Status};
use crate::note::Note;
use anyhow::{Context, bail};
use lock::{LockError, SessionLock};
use std::fs::{self, DirBuilder, File};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A journal folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
    warnings: Vec<Finding>,
    /// The passphrase, once given: encrypted notes are opened with it.
    key: Option<Arc<Key>>,
    /// New and saved notes are written encrypted (`encrypt = true`).
    encrypt: bool,
}

/// A session held open for writing: the lock lives as long as this value.
#[derive(Debug)]
pub struct OpenSession {
    pub path: PathBuf,
    /// The id the journal gave the session; `save` always writes under it.
    pub id: String,
    /// Set when the note is kept encrypted.
    key: Option<Arc<Key>>,
    /// The plaintext file this session was read from, removed once it is saved encrypted.
    replaces: Option<PathBuf>,
    lock: SessionLock,
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
    /// sanitised: what `journal list` shows to help the person recognise a session. An answer
    /// that brought back the safety note (or the note on harm done) is never the one: a list
    /// glanced at on a shared screen must not show what it was about.
    pub fn first_words(&self, width: usize) -> String {
        let answers = &self.record.answers;
        answers
            .iter()
            .find_map(|a| match &a.value {
                crate::model::AnswerValue::Text(text)
                    if !text.trim().is_empty()
                        && !crate::model::Answered::brought_a_note(answers, &a.id) =>
                {
                    Some(text)
                }
                _ => None,
            })
            .map(|text| crate::render::one_line(text, width))
            .unwrap_or_default()
    }
}

impl Journal {
    /// Opens (creating, 0700) the journal folder, and clears away lock and temp files that a
    /// killed process left behind.
    /// An error saying so when new entries could not be written in the folder (no write or
    /// search permission for this user, a read-only mount).
    pub fn check_writable(&self) -> anyhow::Result<()> {
        let Ok(path) = std::ffi::CString::new(self.dir.as_os_str().as_encoded_bytes()) else {
            return Ok(());
        };
        // SAFETY: a NUL-terminated path; access only reads it.
        if unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) } == 0 {
            return Ok(());
        }
        Err(anyhow::Error::new(std::io::Error::last_os_error())).with_context(|| {
            format!(
                "the journal folder {} cannot keep new entries, so nothing was asked. Choose \
                 another with --journal DIR, or make it yours to write in",
                self.dir.display()
            )
        })
    }

    pub fn open(dir: &Path) -> anyhow::Result<Journal> {
        refuse_a_link_owned_by_someone_else(dir)?;
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
            Err(e) if e.kind() == ErrorKind::NotFound => create_folder(dir)?,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("could not open the journal folder {}", dir.display())
                });
            }
        }
        remove_leftovers(dir);
        let mut journal = Journal {
            dir: dir.to_path_buf(),
            warnings,
            key: None,
            encrypt: false,
        };
        journal.warn_of_entries_others_can_read();
        journal.warn_of_renamed_copies();
        Ok(journal)
    }

    /// A warning for each note whose name begins with an id but is not one (a sync tool's
    /// `2026-12-07-1640 (Sam's conflicted copy).md`): it is not read as an entry, since its name
    /// could not be printed safely in a command, and the person is told how to see it again.
    fn warn_of_renamed_copies(&mut self) {
        let Ok(read) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in read.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some((stem, suffix)) = [crypt::SUFFIX, ".md"]
                .into_iter()
                .find_map(|suffix| Some((name.strip_suffix(suffix)?, suffix)))
            else {
                continue;
            };
            let Some(minute) = id::renamed_from(stem) else {
                continue;
            };
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let free_id = (1..=id::MAX_SAME_MINUTE)
                .map(|n| id::make_from_minute(minute, n))
                .find(|id| {
                    !entry_path(&self.dir, id, false).exists()
                        && !entry_path(&self.dir, id, true).exists()
                });
            let Some(free) = free_id.map(|id| format!("{id}{suffix}")) else {
                continue;
            };
            // A control character is shown as `?`, not taken out: the name must not read as
            // another file's (`ID<ESC>[2J.md` as `ID.md`).
            let visible: String = (name.chars())
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            let shown = self
                .dir
                .join(crate::render::sanitize_line(&visible).as_ref());
            self.warnings.push(Finding::warning(
                shown,
                None,
                format!(
                    "this looks like a journal entry, but its name is not one the journal gives \
                     (a sync tool may have renamed it), so it was not read. To see it again, \
                     rename it to {free}"
                ),
            ));
        }
    }

    /// One warning for all the entries others on this computer can read (copied in, or
    /// chmod-ed), with the command that makes them private again. Not chmod-ed here: the
    /// person may have shared them on purpose, as with the folder.
    fn warn_of_entries_others_can_read(&mut self) {
        let Ok(files) = self.note_files() else {
            return; // said by whichever command reads the folder
        };
        let open: Vec<_> = files
            .iter()
            .filter(|(_, path)| {
                fs::symlink_metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
            })
            .collect();
        if open.is_empty() {
            return;
        }
        let dir = crate::shell_word::quoted(&self.dir.to_string_lossy());
        let mut patterns = Vec::new();
        if open.iter().any(|(_, p)| !is_sealed(p)) {
            patterns.push(format!("{dir}/*.md"));
        }
        if open.iter().any(|(_, p)| is_sealed(p)) {
            patterns.push(format!("{dir}/*{}", crypt::SUFFIX));
        }
        let which = match open.len() {
            1 => "1 journal entry here".to_owned(),
            n => format!("{n} journal entries here"),
        };
        self.warnings.push(Finding::warning(
            &self.dir,
            None,
            format!(
                "other people on this computer can read {which}. To keep them to yourself: \
                 chmod 600 {}",
                patterns.join(" ")
            ),
        ));
    }

    /// Whether any note file is encrypted: reading or decrypting the journal then needs the
    /// passphrase. An encrypted file with a newer plaintext twin counts too: `journal decrypt`
    /// cut short leaves one, and running it again must remove it.
    pub fn has_encrypted_entries(&self) -> anyhow::Result<bool> {
        Ok(self.note_files()?.iter().any(|(_, path)| is_sealed(path)))
    }

    /// Whether `key` opens this journal's encrypted notes, tried on the newest one that is a
    /// readable age file (any key fits a journal with none; a damaged file is left to `list`
    /// to report). The newest, because the key keeps the note it opened first, and that is the
    /// one a command most often reads next.
    pub fn check_key(&self, key: &Key) -> anyhow::Result<Result<(), crypt::OpenError>> {
        let mut sealed_files: Vec<_> = self
            .note_files()?
            .into_iter()
            .filter(|(_, p)| is_sealed(p))
            .collect();
        sealed_files.sort_by(|a, b| id::newest_first(&a.0, &b.0));
        for (_, path) in sealed_files {
            let sealed =
                read_file(&path).with_context(|| format!("could not read {}", path.display()))?;
            match key.open(&sealed) {
                Err(crypt::OpenError::Unreadable(_)) => continue,
                opened => return Ok(opened.map(drop)),
            }
        }
        Ok(Ok(()))
    }

    /// Opens encrypted notes with `key` from now on; with `encrypt`, every note written is
    /// encrypted too, and each plaintext note left is named in [`Journal::warnings`].
    pub fn unlock(&mut self, key: Arc<Key>, encrypt: bool) -> anyhow::Result<()> {
        self.key = Some(key);
        self.encrypt = encrypt;
        if encrypt {
            for (_, path) in self.entries()?.iter().filter(|(_, p)| !is_sealed(p)) {
                self.warnings.push(Finding::warning(
                    path,
                    None,
                    "this journal entry is not encrypted; `repair-coach journal encrypt` \
                     encrypts it",
                ));
            }
        }
        Ok(())
    }

    /// For a command about to write a note: with a passphrase, the slow half of sealing it
    /// begins now, while the person reads and types (see [`Key::prepare`]).
    pub fn prepare_to_write(&self) {
        if let (true, Some(key)) = (self.encrypt, &self.key) {
            key.prepare();
        }
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
    /// Answers that are not words are written back in `words` (see [`to_markdown`]).
    pub fn create(
        &self,
        record: &SessionRecord,
        words: &AnswerWords,
    ) -> anyhow::Result<OpenSession> {
        for n in 1..=id::MAX_SAME_MINUTE {
            let id = id::make(&record.started, n);
            let lock = match SessionLock::try_acquire(&self.dir, &id) {
                Ok(lock) => lock,
                Err(LockError::Held) => continue,
                Err(e) => return Err(e.into()),
            };
            let key = self.encrypt.then(|| self.key.clone()).flatten();
            let path = entry_path(&self.dir, &id, key.is_some());
            if entry_path(&self.dir, &id, key.is_none()).exists() {
                continue; // taken by a note of the other kind
            }
            let record = SessionRecord {
                id: id.clone(),
                ..record.clone()
            };
            let contents = sealed_if(key.as_deref(), to_markdown(&record, words).into_bytes())
                .with_context(|| format!("could not encrypt {}", path.display()))?;
            match write_atomic(&self.dir, &id, &path, &contents, Replace::Never) {
                Ok(()) => {
                    return Ok(OpenSession {
                        path,
                        id,
                        key,
                        replaces: None,
                        lock,
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
        let summary = read_entry(&id, &path, self.key.as_deref()).map_err(anyhow::Error::msg)?;
        // An encrypted note stays encrypted; a plaintext one is encrypted at its next save
        // when the journal encrypts.
        let sealed = is_sealed(&path);
        let key = (sealed || self.encrypt).then(|| self.key.clone()).flatten();
        let (path, replaces) = match (sealed, &key) {
            (false, Some(_)) => (entry_path(&self.dir, &id, true), Some(path)),
            _ => (path, None),
        };
        // Saved again after the next answer, and every answer after it.
        if let Some(key) = &key {
            key.prepare();
        }
        Ok((
            OpenSession {
                path,
                id,
                key,
                replaces,
                lock,
            },
            summary.record,
        ))
    }

    /// Whether another process (or handle) holds the entry `id` open, a session being answered
    /// there now. Only for an id the journal listed: its lock is taken and let go at once.
    pub fn is_open_elsewhere(&self, id: &str) -> bool {
        matches!(
            SessionLock::try_acquire(&self.dir, id),
            Err(lock::LockError::Held)
        )
    }

    /// Deletes the entry whose whole id is `id`, every file of it, holding its lock: a clear
    /// error, and nothing removed, if another process has it open. Returns the files removed.
    pub fn delete(&self, id: &str) -> anyhow::Result<Vec<PathBuf>> {
        let files_of = |journal: &Journal| -> anyhow::Result<Vec<PathBuf>> {
            Ok(journal
                .note_files()?
                .into_iter()
                .filter(|(file_id, _)| file_id == id)
                .map(|(_, path)| path)
                .collect())
        };
        // Only an id that is a file's is locked: never a lock file for a name of any shape.
        if files_of(self)?.is_empty() {
            bail!(
                "no journal entry {}. `repair-coach journal list` shows them all.",
                crate::render::typed_name(id)
            );
        }
        let _lock = SessionLock::try_acquire(&self.dir, id)?;
        // Listed again under the lock: a save in between may have written the encrypted copy.
        let files = files_of(self)?;
        for path in &files {
            remove_synced(&self.dir, path)
                .with_context(|| format!("could not delete {}", path.display()))?;
        }
        Ok(files)
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
        // Opening an encrypted note costs about a second of scrypt on purpose: all cores help.
        let read: Vec<_> = {
            use rayon::prelude::*;
            entries
                .par_iter()
                .map(|(id, path)| read_entry(id, path, self.key.as_deref()))
                .collect()
        };
        for entry in read {
            match entry {
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
        read_entry(&id, &path, self.key.as_deref()).map_err(anyhow::Error::msg)
    }

    /// The newest session that is in progress or paused: what `resume` continues by default.
    /// Files that cannot be read are skipped here; [`Journal::newest_unreadable`] names one.
    pub fn latest_resumable(&self) -> Option<Summary> {
        let resumable = |s: &Summary| {
            s.record.kind.resumable()
                && matches!(s.record.status, Status::InProgress | Status::Paused)
        };
        self.newest_until(resumable).into_iter().find(resumable)
    }

    /// The newest file that could not be read as an entry, with why (file and line, as
    /// `journal list` says it): when no readable session waits to be carried on, it may be the one
    /// that does.
    pub fn newest_unreadable(&self) -> Option<Finding> {
        let (_, mut findings) = self.list();
        let stem = |f: &Finding| {
            let name = f.path.file_name().unwrap_or_default().to_string_lossy();
            let id = name
                .strip_suffix(crypt::SUFFIX)
                .or_else(|| name.strip_suffix(".md"));
            id.unwrap_or_default().to_owned()
        };
        findings.sort_by(|a, b| id::newest_first(&stem(a), &stem(b)));
        findings.into_iter().next()
    }

    /// The readable entries, newest first, down to the first that `enough` says is enough
    /// (all of them if none is). Only those are read: an encrypted note costs a second of scrypt
    /// to open, and a command that needs the latest few must not open a year of them. Newest
    /// is by id, which is when each began.
    pub fn newest_until(&self, mut enough: impl FnMut(&Summary) -> bool) -> Vec<Summary> {
        use rayon::prelude::*;
        let Ok(mut entries) = self.entries() else {
            return Vec::new();
        };
        entries.sort_by(|a, b| id::newest_first(&a.0, &b.0));
        let mut read = Vec::new();
        // The newest alone first (most often enough, and often opened already by the
        // passphrase's check), then one a core.
        let (newest, older) = entries.split_at(entries.len().min(1));
        let batches =
            std::iter::once(newest).chain(older.chunks(rayon::current_num_threads().max(1)));
        for batch in batches {
            let summaries: Vec<Summary> = batch
                .par_iter()
                .filter_map(|(id, path)| read_entry(id, path, self.key.as_deref()).ok())
                .collect();
            for summary in summaries {
                let done = enough(&summary);
                read.push(summary);
                if done {
                    return read;
                }
            }
        }
        read
    }

    /// `(id, path)` of every visible `ID.md` and `ID.md.age` file in the folder, both files of an
    /// id that has two (a conversion or a first encrypted save cut short).
    pub(super) fn note_files(&self) -> anyhow::Result<Vec<(String, PathBuf)>> {
        let unreadable = || format!("could not read the journal folder {}", self.dir.display());
        let mut files = Vec::new();
        for entry in fs::read_dir(&self.dir).with_context(unreadable)? {
            let entry = entry.with_context(unreadable)?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| {
                n.strip_suffix(crypt::SUFFIX)
                    .or_else(|| n.strip_suffix(".md"))
            }) else {
                continue;
            };
            // A link is not followed: an entry is a file of the journal's own. Only a name the
            // journal gives is one of its entries (a renamed copy is named at open instead).
            if !is_id(id) || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            files.push((id.to_owned(), entry.path()));
        }
        Ok(files)
    }

    /// `(id, path)` of every note, sorted by id. An id with two files is the newer one: the same
    /// words, or the later answers.
    fn entries(&self) -> anyhow::Result<Vec<(String, PathBuf)>> {
        let mut entries = std::collections::BTreeMap::<String, PathBuf>::new();
        for (id, path) in self.note_files()? {
            match entries.get(&id) {
                Some(other) if modified(other) >= modified(&path) => {}
                _ => {
                    entries.insert(id, path);
                }
            }
        }
        Ok(entries.into_iter().collect())
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
                "no journal entry {}. `repair-coach journal list` shows them all.",
                crate::render::typed_name(wanted)
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
    /// Whether a file of this session is still there, keeping what was saved before.
    pub fn is_on_disk(&self) -> bool {
        std::iter::once(&self.path)
            .chain(&self.replaces)
            .any(|path| fs::symlink_metadata(path).is_ok())
    }

    /// Replaces the file's contents atomically: temp file in the same folder, fsync, rename,
    /// fsync the folder. Always written under this session's id.
    pub fn save(&mut self, record: &SessionRecord, words: &AnswerWords) -> anyhow::Result<()> {
        let record = SessionRecord {
            id: self.id.clone(),
            ..record.clone()
        };
        let dir = self.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let dir = dir.as_path();
        if fs::symlink_metadata(dir).is_err_and(|e| e.kind() == ErrorKind::NotFound) {
            // The folder was removed while the session was open (a sync tool, a clean-up). Each
            // save writes the whole record, so made again as it is made the first time, nothing
            // answered is lost; the lock went with it, so it is taken again there.
            create_folder(dir)?;
            self.lock = SessionLock::try_acquire(dir, &self.id)?;
        }
        let contents = sealed_if(
            self.key.as_deref(),
            to_markdown(&record, words).into_bytes(),
        )
        .with_context(|| format!("could not encrypt {}", self.path.display()))?;
        write_atomic(dir, &self.id, &self.path, &contents, Replace::Always)
            .with_context(|| format!("could not save {}", self.path.display()))?;
        if let Some(plain) = self.replaces.take() {
            remove_synced(dir, &plain)
                .with_context(|| format!("could not remove {}", plain.display()))?;
        }
        Ok(())
    }
}

/// Far more than any entry: a session of long answers is well under a megabyte.
const MAX_ENTRY_BYTES: u64 = 16 * 1024 * 1024;

/// An entry's bytes, never through a link nor past `MAX_ENTRY_BYTES`.
pub(super) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    crate::private_file::read_bounded(path, MAX_ENTRY_BYTES)
}

/// Reads one entry, opening it with `key` when it is encrypted; a finding (file and line) when
/// it cannot be read.
fn read_entry(id: &str, path: &Path, key: Option<&Key>) -> Result<Summary, Finding> {
    let bytes = read_file(path).map_err(|e| {
        Finding::error(
            path,
            None,
            format!("could not read this journal entry: {e}"),
        )
    })?;
    let bytes = match (is_sealed(path), key) {
        (false, _) => bytes,
        (true, Some(key)) => key.open(&bytes).map_err(|e| {
            Finding::error(
                path,
                None,
                format!("could not open this encrypted entry: {e}"),
            )
        })?,
        (true, None) => {
            return Err(Finding::error(
                path,
                None,
                "this entry is encrypted, and no passphrase was given",
            ));
        }
    };
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

/// A symbolic link as the journal folder is fine when it is the person's own (or the system's),
/// but one that someone else made could lead the journal anywhere, and they could change where.
fn refuse_a_link_owned_by_someone_else(dir: &Path) -> anyhow::Result<()> {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return Ok(()); // missing: created below, as a real folder
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.file_type().is_symlink() && meta.uid() != me && meta.uid() != 0 {
        bail!(
            "the journal folder {} is a link made by someone else on this computer, so it was \
             not used: it could lead your journal somewhere they choose. Choose a folder of your \
             own with --journal DIR",
            dir.display()
        );
    }
    Ok(())
}

/// Removes what a process killed part way (kill -9, a crash, power loss) left behind: the lock
/// file `.ID.lock` of each session no one holds (taking the lock and letting go removes it), and
/// each temp file `.ID.XXXXXX.tmp` of a session no one holds, since a save only runs under its
/// session's lock. Only names of exactly these shapes, with an id the journal makes: the folder
/// may be inside a synced vault, and other apps' dotfiles (`.app.lock`, `.draft.tmp`) are theirs.
/// Best effort: what cannot be removed now is tried again at the next open.
fn remove_leftovers(dir: &Path) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        // Not through a link: this is the entry itself.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        if let Some(id) = lock::id_of(name) {
            drop(SessionLock::try_acquire(dir, id));
        } else if let Some(id) = temp_id_of(name)
            && let Ok(_unused) = SessionLock::try_acquire(dir, id)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The session id of a temp file `write_atomic` names, `.ID.XXXXXX.tmp`, if `name` is one.
fn temp_id_of(name: &str) -> Option<&str> {
    let inner = name
        .strip_prefix('.')?
        .strip_suffix(crate::private_file::TEMP_SUFFIX)?;
    let (id, random) = inner.rsplit_once('.')?;
    let random_as_made = random.len() == crate::private_file::TEMP_RANDOM_LEN
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (random_as_made && is_id(id)).then_some(id)
}

/// Makes the journal folder `dir`, 0700, with its missing parents (themselves 0700 too).
fn create_folder(dir: &Path) -> anyhow::Result<()> {
    // A link that leads nowhere: the folder it names is not made through it.
    if let Ok(to) = fs::read_link(dir)
        && fs::metadata(dir).is_err()
    {
        anyhow::bail!(
            "the journal folder {} is a link to {}, which is not there. Make that folder, or \
             name another with --journal DIR",
            dir.display(),
            to.display()
        );
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("could not create the journal folder {}", dir.display()))
}

/// `ID.md`, or `ID.md.age` for an encrypted note.
fn entry_path(dir: &Path, id: &str, sealed: bool) -> PathBuf {
    dir.join(format!(
        "{id}{}",
        if sealed { crypt::SUFFIX } else { ".md" }
    ))
}

fn is_sealed(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.ends_with(crypt::SUFFIX))
}

/// `contents` encrypted with `key`, in memory, or as they are without one.
fn sealed_if(key: Option<&Key>, contents: Vec<u8>) -> std::io::Result<Vec<u8>> {
    match key {
        Some(key) => key.seal(&contents),
        None => Ok(contents),
    }
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Removes `path` and makes the removal last (fsync the folder).
fn remove_synced(dir: &Path, path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    File::open(dir)?.sync_all()
}

enum Replace {
    Always,
    /// Fail with `AlreadyExists` rather than replace a file (a new session's id is taken).
    Never,
}

/// Writes `path` so that a reader sees the old contents or the new, never a part: a 0600 temp
/// file `.ID.XXXXXX.tmp` in the same folder (a rename cannot cross file systems), fsync, rename,
/// fsync the folder. The temp file is new (never an existing file, never through a link) and is
/// removed on any failure; the caller holds the session's lock, which is how
/// [`remove_leftovers`] knows a temp file is not being written.
fn write_atomic(
    dir: &Path,
    id: &str,
    path: &Path,
    contents: &[u8],
    replace: Replace,
) -> std::io::Result<()> {
    let mut temp = crate::private_file::temp_in(dir, &format!(".{id}."))?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    match replace {
        Replace::Always => temp.persist(path).map_err(|e| e.error)?,
        Replace::Never => temp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    File::open(dir)?.sync_all()
}
