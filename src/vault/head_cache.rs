//! The metadata cache: the head of each note of a vault (see `head`), kept between runs in the
//! user's cache folder and keyed by the note's path, size, modification time and inode, as
//! Obsidian keeps its metadata cache and ruff its lint cache. A note whose file changed in any of
//! these is read again, so the cache is never stale; a cache that is missing, damaged, of another
//! version or of another vault is rebuilt without a word, so it is never required. It holds only
//! what frontmatter says (types, aliases, descriptions), in a 0600 file in a 0700 folder, read
//! and replaced never through a link.
use super::head::{Held, NoteHead};
use crate::vault::KeyHash;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// Bumped whenever what a head holds, or how it is read, changes: an older cache is then rebuilt.
const VERSION: u32 = 3;

/// Far larger than the cache of the largest vault the walk accepts; a bigger file is not read.
const MAX_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// A note written this recently may be written again within the same tick of the file system's
/// clock, leaving its size and time unchanged; it is not cached until it has settled.
const SETTLING: Duration = Duration::from_secs(2);

/// The start of the name of a cache file being written.
const TEMP_PREFIX: &str = ".heads.";

/// Older than this, a temp file is a killed run's.
const LEFTOVER_AGE: Duration = Duration::from_secs(60);

/// The start of the name of each vault's cache file.
const CACHE_PREFIX: &str = "heads-";

/// A cache in use is marked so at most this often.
const FRESH_AGE: Duration = Duration::from_secs(24 * 3600);

/// Not marked for this long, a cache is of a vault no longer opened: 90 days.
const UNUSED_AGE: Duration = Duration::from_secs(90 * 24 * 3600);

/// What identifies one version of a note's file (written as a list of its four numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "(u64, i64, i64, u64)", from = "(u64, i64, i64, u64)")]
pub(super) struct Stamp {
    size: u64,
    modified_s: i64,
    modified_ns: i64,
    inode: u64,
}

impl From<Stamp> for (u64, i64, i64, u64) {
    fn from(stamp: Stamp) -> Self {
        (stamp.size, stamp.modified_s, stamp.modified_ns, stamp.inode)
    }
}

impl From<(u64, i64, i64, u64)> for Stamp {
    fn from((size, modified_s, modified_ns, inode): (u64, i64, i64, u64)) -> Stamp {
        Stamp {
            size,
            modified_s,
            modified_ns,
            inode,
        }
    }
}

impl Stamp {
    /// The stamp of the file at `path` itself (not of a link's target), if it is a regular file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::symlink_metadata(path).ok()?;
        meta.is_file().then(|| Stamp::of_metadata(&meta))
    }

    pub fn of_metadata(meta: &fs::Metadata) -> Stamp {
        Stamp {
            size: meta.size(),
            modified_s: meta.mtime(),
            modified_ns: meta.mtime_nsec(),
            inode: meta.ino(),
        }
    }

    /// Written so recently, as of `now`, that it may not have settled.
    fn is_settling(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(SystemTime::UNIX_EPOCH) else {
            return true;
        };
        let settled = now.as_secs() as i64 - SETTLING.as_secs() as i64;
        self.modified_s >= settled
    }
}

#[derive(Debug, Serialize, Deserialize)]
/// One note: its stamp and what is kept of it (written as a pair).
struct Cached<H>(Stamp, H);

/// The cache file as read back: heads owned, each taken out by the one note it is of.
#[derive(Deserialize)]
struct Stored {
    version: u32,
    /// The vault's folder, canonical: a cache names the vault it is of.
    root: PathBuf,
    notes: HashMap<String, Cached<Kept>, KeyHash>,
}

/// The cache file as written: `Stored`, with the heads borrowed from the vault as it goes.
#[derive(Serialize)]
struct Written<'v, N> {
    version: u32,
    root: &'v Path,
    notes: N,
}

/// The notes to write, by path, serialised straight from the vault (no second table of them).
struct NotesOf<I>(I);

impl<'v, I> Serialize for NotesOf<I>
where
    I: Iterator<Item = (&'v str, Stamp, &'v NoteHead)> + Clone,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                .clone()
                .map(|(relative, stamp, head)| (relative, Cached(stamp, head))),
        )
    }
}

/// What the last run left of one note, until this run takes it.
type Kept = Mutex<Option<Held>>;

/// The cache of one vault for one run: what the last run left, and what this one reads.
#[derive(Debug)]
pub(crate) struct HeadCache {
    folder: PathBuf,
    file: PathBuf,
    root: PathBuf,
    known: HashMap<String, Cached<Kept>, KeyHash>,
    /// How many notes the last run left.
    known_count: usize,
    /// How many notes this run took from `known`.
    taken: AtomicUsize,
    /// When this run began to read notes: what changed after is not cached as settled.
    began: SystemTime,
}

impl HeadCache {
    /// The cache of the vault at `root` (canonical) in the user's cache `folder`; empty when there
    /// is none yet or it cannot be used.
    pub fn open(folder: &Path, root: &Path) -> HeadCache {
        let digest = Sha256::digest(root.as_os_str().as_encoded_bytes());
        let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let file = folder.join(format!("{CACHE_PREFIX}{name}.json"));
        let known = read(&file)
            .filter(|stored| stored.version == VERSION && stored.root == root)
            .map(|stored| stored.notes)
            .unwrap_or_default();
        HeadCache {
            folder: folder.to_path_buf(),
            file,
            root: root.to_path_buf(),
            known_count: known.len(),
            known,
            taken: AtomicUsize::new(0),
            began: SystemTime::now(),
        }
    }

    /// The head of the note at vault-relative `relative`, if its file is as it was when cached
    /// and, when `listing` is wanted, the head holds it (each is taken once: the vault keeps it
    /// from then on). `stamp_now` gives the file's stamp, and is asked only for a note the last
    /// run left (a note it did not see is read at once, and its stamp comes with it).
    pub fn take(
        &self,
        relative: &str,
        listing: bool,
        stamp_now: impl FnOnce() -> Option<Stamp>,
    ) -> Option<Held> {
        let cached = self.known.get(relative)?;
        if stamp_now() != Some(cached.0) {
            return None;
        }
        let mut kept = cached.1.lock().ok()?;
        // A head cached by a command that lists nothing is read again for `skills`.
        if listing && kept.as_ref()?.get().lacks_listing() {
            return None;
        }
        let head = kept.take()?;
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(head)
    }

    /// Lets go of what the last run left, once every note has been looked up: what this run took
    /// is in the vault, and the rest is not wanted.
    pub fn release(&mut self) {
        self.known = HashMap::default();
    }

    /// Keeps `notes` (every note of this run whose head was sound, by vault-relative path) for
    /// the next run, unless they are all as this run found them. Best effort: a cache that
    /// cannot be written is only a slower next run.
    pub fn save<'v>(self, notes: impl Iterator<Item = (&'v str, Stamp, &'v NoteHead)> + Clone) {
        let taken = self.taken.into_inner();
        if taken == notes.clone().count() && taken == self.known_count {
            keep_fresh(&self.file);
            return;
        }
        let began = self.began;
        let written = Written {
            version: VERSION,
            root: &self.root,
            notes: NotesOf(notes.filter(move |(_, stamp, _)| !stamp.is_settling(began))),
        };
        let _ = write(&self.folder, &self.file, &written);
    }
}

/// The stored cache at `file`, if it is a regular file (not a link) that parses.
fn read(file: &Path) -> Option<Stored> {
    let handle = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(file)
        .ok()?;
    let meta = handle.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_CACHE_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    handle.take(MAX_CACHE_BYTES).read_to_end(&mut bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Replaces `file` with `stored`, atomically, making `folder` (0700) if need be. A folder that
/// is a link is left alone.
fn write(folder: &Path, file: &Path, stored: &impl Serialize) -> std::io::Result<()> {
    match fs::symlink_metadata(folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(std::io::Error::other("the cache folder is not a folder")),
        Err(_) => DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?,
    }
    let mut temp = crate::private_file::temp_in(folder, TEMP_PREFIX)?;
    let mut out = std::io::BufWriter::new(temp.as_file_mut());
    serde_json::to_writer(&mut out, stored)?;
    out.flush()?;
    drop(out);
    temp.persist(file).map_err(|e| e.error)?;
    remove_leftovers(folder);
    Ok(())
}

/// Marks an unchanged cache as still in use, once a day at most, so that it is not taken for the
/// cache of a vault no longer opened.
fn keep_fresh(file: &Path) {
    let Ok(handle) = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(file)
    else {
        return;
    };
    let age = handle
        .metadata()
        .ok()
        .and_then(|m| m.modified().ok()?.elapsed().ok());
    if age.is_some_and(|age| age > FRESH_AGE) {
        let _ = handle.set_modified(SystemTime::now());
    }
}

/// Removes the temp files a killed run left behind (a live one is renamed within moments), and
/// the caches of vaults not opened for a long while (moved or gone: nothing would read them).
fn remove_leftovers(folder: &Path) {
    let Ok(listing) = fs::read_dir(folder) else {
        return;
    };
    for entry in listing.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let temp =
            name.starts_with(TEMP_PREFIX) && name.ends_with(crate::private_file::TEMP_SUFFIX);
        let cache = name.starts_with(CACHE_PREFIX) && name.ends_with(".json");
        // Not through a link: this is the entry itself.
        let age = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok()?.elapsed().ok());
        let stale = match (temp, cache) {
            (true, _) => age.is_some_and(|age| age > LEFTOVER_AGE),
            (_, true) => age.is_some_and(|age| age > UNUSED_AGE),
            _ => false,
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}
