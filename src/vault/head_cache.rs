//! The metadata cache: the head of each note of a vault (see `head`), kept between runs in the
//! user's cache folder and keyed by the note's path, size, modification time and inode, as
//! Obsidian keeps its metadata cache and ruff its lint cache. A note whose file changed in any of
//! these is read again, so the cache is never stale; a cache that is missing, damaged, of another
//! version or of another vault is rebuilt without a word, so it is never required. It holds only
//! what frontmatter says (types, aliases, descriptions), in a 0600 file in a 0700 folder, read
//! and replaced never through a link.
//!
//! A note is found in it by a 64-bit hash of its path, not by the path itself, which keeps the
//! file, and a run that reads it, smaller (713 KB against 942 at 10,000 notes). Two paths with
//! one hash cost no more than a note read again, as the stamp of one file (its inode among it)
//! is never another's.
use super::head::Held;
use super::stamp::Stamp;
use crate::cache_file::{self, Kind};
use crate::vault::KeyHash;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

/// Bumped whenever what a head holds, or how it is read, changes: an older cache is then rebuilt.
const VERSION: u32 = 8;

/// The key of the note at vault-relative `relative`: the same in every run of this build.
fn path_key(relative: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(relative)
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
    notes: HashMap<u64, Cached<Kept>, KeyHash>,
}

/// The cache file as written: `Stored`, with the heads borrowed from the vault as it goes.
#[derive(Serialize)]
struct Written<'v, N> {
    version: u32,
    root: &'v Path,
    notes: N,
}

/// The notes to write, by their paths' keys, serialised straight from the vault (no second table
/// of them).
struct NotesOf<I>(I);

impl<'v, I> Serialize for NotesOf<I>
where
    I: Iterator<Item = (&'v str, Stamp, &'v Held)> + Clone,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Counted first: postcard writes a map's length before its entries.
        let mut map = serializer.serialize_map(Some(self.0.clone().count()))?;
        for (relative, stamp, head) in self.0.clone() {
            map.serialize_entry(&path_key(relative), &Cached(stamp, head))?;
        }
        map.end()
    }
}

/// What the last run left of one note, until this run takes it (read as the head alone).
#[derive(Debug)]
struct Kept(Mutex<Option<Held>>);

impl<'de> Deserialize<'de> for Kept {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Kept, D::Error> {
        Held::deserialize(deserializer).map(|held| Kept(Mutex::new(Some(held))))
    }
}

/// The cache of one vault for one run: what the last run left, and what this one reads.
#[derive(Debug)]
pub(crate) struct HeadCache {
    folder: PathBuf,
    file: PathBuf,
    root: PathBuf,
    known: HashMap<u64, Cached<Kept>, KeyHash>,
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
        let file = cache_file::path_for(folder, Kind::Heads, root);
        let known = cache_file::read::<Stored>(Kind::Heads, &file)
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

    /// Whether the last run left any note to take.
    pub fn holds_notes(&self) -> bool {
        self.known_count > 0
    }

    /// How many notes the last run left.
    pub fn notes_known(&self) -> usize {
        self.known_count
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
        let cached = self.known.get(&path_key(relative))?;
        if stamp_now() != Some(cached.0) {
            return None;
        }
        let mut kept = cached.1.0.lock().ok()?;
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
    pub fn save<'v>(self, notes: impl Iterator<Item = (&'v str, Stamp, &'v Held)> + Clone) {
        let taken = self.taken.into_inner();
        if taken == notes.clone().count() && taken == self.known_count {
            cache_file::keep_fresh(&self.file);
            return;
        }
        let began = self.began;
        let written = Written {
            version: VERSION,
            root: &self.root,
            notes: NotesOf(notes.filter(move |(_, stamp, _)| !stamp.is_settling(began))),
        };
        let _ = cache_file::write(&self.folder, Kind::Heads, &self.file, &written);
    }
}
