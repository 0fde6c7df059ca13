//! What identifies one version of a note's file: its size, modification time and inode, as
//! the metadata cache keys its notes; and when a file has changed too recently to be taken as
//! settled.
use serde::{Deserialize, Serialize};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A note written this recently may be written again within the same tick of the file system's
/// clock, leaving its size and time unchanged; it is not cached until it has settled.
const SETTLING: Duration = Duration::from_secs(2);

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
    pub fn is_settling(&self, now: SystemTime) -> bool {
        is_settling(self.modified_s, now)
    }
}

/// Whether a file changed at `changed_s` (seconds since the epoch) may, as of `now`, change again
/// within the same tick of the file system's clock.
pub(super) fn is_settling(changed_s: i64, now: SystemTime) -> bool {
    let Ok(now) = now.duration_since(SystemTime::UNIX_EPOCH) else {
        return true;
    };
    changed_s >= now.as_secs() as i64 - SETTLING.as_secs() as i64
}
