//! The lock that keeps a second process from writing a session another one has open.
//!
//! It is an exclusive `flock`-style lock on a sidecar file `.<id>.lock`, not on the session file
//! itself: every save replaces the session file by renaming a new one over it, so a lock on the
//! old inode would protect nothing. Lock files are never deleted, because deleting one while
//! another process has it open would let two processes each lock a different file of that name.
use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Said when a session is already open elsewhere.
pub const HELD_ELSEWHERE: &str =
    "This session is open in another window. Finish or close it there, then try again.";

/// An exclusive lock on one session, released when dropped (the OS releases it too if the
/// process dies, so a crash never leaves a session locked).
#[derive(Debug)]
pub struct SessionLock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{HELD_ELSEWHERE}")]
    Held,
    #[error("could not lock {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub fn lock_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!(".{id}.lock"))
}

impl SessionLock {
    /// Takes the lock at once or fails: it never waits.
    pub fn try_acquire(dir: &Path, id: &str) -> Result<SessionLock, LockError> {
        let path = lock_path(dir, id);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(SessionLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Held),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}
