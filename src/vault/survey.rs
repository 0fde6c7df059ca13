//! A survey of a vault for `check`: the walk, and what the file system says of each note's file
//! without opening it, summed up in a fingerprint. Anything `check` reads of the vault changes
//! it: a note added, removed, renamed, written or made unreadable (a change of permissions moves
//! the file's status-change time, which no one can set back), an attachment added or removed, a
//! link led elsewhere, a folder that cannot be read. So a report kept with the fingerprint of
//! the vault it was made of is the report of any vault with the same fingerprint.
use super::progress::Progress;
use super::stamp::is_settling;
use super::walk::{Discovered, Found, Visited, note_path};
use sha2::{Digest, Sha256};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The walk of a vault, with its fingerprint; the vault is then read from it.
pub struct Survey {
    pub(super) root: PathBuf,
    canonical_root: PathBuf,
    pub(super) discovered: Discovered,
    pub(super) progress: Progress,
    fingerprint: String,
    settled: bool,
}

impl Survey {
    /// The vault's folder, canonical.
    pub fn canonical_root(&self) -> &Path {
        &self.canonical_root
    }

    /// Hex digits that differ between two surveys whenever the vault changed in anything `check`
    /// reads of it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// No note changed so recently that it may change again within the same tick of the file
    /// system's clock, unseen by the fingerprint: a report of this vault may be kept.
    pub fn settled(&self) -> bool {
        self.settled
    }
}

/// Walks the vault at `root` (see `walk`) and looks at each note's file, on all cores, before
/// any is read: a note written after it was looked at gives another fingerprint next time.
pub(super) fn survey(root: &Path) -> anyhow::Result<Survey> {
    let progress = Progress::new();
    let began = SystemTime::now();
    let mut looked = super::walk_vault(root, &progress, true, 0, |((linked, relative), meta)| {
        let meta = meta
            .or_else(|| fs::symlink_metadata(note_path(root, linked.as_deref(), &relative)).ok());
        Looked((linked, relative), meta.map(|meta| Look::of(&meta)))
    })?;
    let (notes, looks): (Vec<Found>, Vec<Option<Look>>) = std::mem::take(&mut looked.notes)
        .into_iter()
        .map(|Looked(found, look)| (found, look))
        .unzip();
    let discovered = looked.with_notes(notes);
    let canonical_root = discovered.canonical_root.clone();
    let settled = looks
        .iter()
        .flatten()
        .all(|look| !is_settling(look.modified.0, began) && !is_settling(look.changed.0, began));

    let mut hash = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    // The folder as given too: a finding about the folder itself names it so.
    field(root.as_os_str().as_encoded_bytes());
    field(canonical_root.as_os_str().as_encoded_bytes());
    for ((linked, relative), look) in discovered.notes.iter().zip(&looks) {
        field(relative.as_bytes());
        field(
            linked
                .as_deref()
                .map_or(&[], |p| p.as_os_str().as_encoded_bytes()),
        );
        match look {
            Some(look) => field(&look.bytes()),
            None => field(&[]),
        }
    }
    let mut attachments: Vec<&str> = discovered.attachments.iter().map(String::as_str).collect();
    attachments.sort_unstable();
    field(&attachments.len().to_le_bytes());
    for attachment in attachments {
        field(attachment.as_bytes());
    }
    for finding in &discovered.findings {
        field(finding.to_string().as_bytes());
    }
    let fingerprint = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(Survey {
        root: root.to_path_buf(),
        canonical_root,
        discovered,
        progress,
        fingerprint,
        settled,
    })
}

/// A note found by the walk, and what the file system said of its file then.
struct Looked(Found, Option<Look>);

impl Visited for Looked {
    fn relative(&self) -> &[u8] {
        self.0.relative()
    }
}

/// What the file system says of a note's file.
struct Look {
    device: u64,
    inode: u64,
    mode: u32,
    size: u64,
    modified: (i64, i64),
    /// When the file's status last changed: on every write, and on a change of permissions.
    changed: (i64, i64),
}

impl Look {
    fn of(meta: &fs::Metadata) -> Look {
        Look {
            device: meta.dev(),
            inode: meta.ino(),
            mode: meta.mode(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    fn bytes(&self) -> [u8; 64] {
        let numbers = [
            self.device,
            self.inode,
            u64::from(self.mode),
            self.size,
            self.modified.0 as u64,
            self.modified.1 as u64,
            self.changed.0 as u64,
            self.changed.1 as u64,
        ];
        let mut bytes = [0; 64];
        for (chunk, n) in bytes.chunks_exact_mut(8).zip(numbers) {
            chunk.copy_from_slice(&n.to_le_bytes());
        }
        bytes
    }
}
