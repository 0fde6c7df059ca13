//! The lock that keeps a second process from writing a session another one has open.
//!
//! It is an exclusive `flock`-style lock on a sidecar file `.<id>.lock`, not on the session file
//! itself: every save replaces the session file by renaming a new one over it, so a lock on the
//! old inode would protect nothing.
//!
//! The lock file is removed when the lock is released, so no empty files pile up. Removing it is
//! safe only with two rules, kept here: it is removed while still locked, and whoever takes the
//! lock then checks that the file they locked is still the one at the path (same device and
//! inode) and starts again if not. Without the check, a process that opened the file just before
//! it was removed would lock a file no one else can find, while a third locks a new one.
//!
//! The file is opened without following a symbolic link, so a link planted in a shared folder
//! cannot make this program create or lock a file somewhere else.
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Said when a session is already open elsewhere.
pub const HELD_ELSEWHERE: &str =
    "This session is open in another window. Finish or close it there, then try again.";

/// How often the lock file may vanish under us before giving up; only a process that keeps
/// removing it could use them all.
const ATTEMPTS: usize = 100;

/// An exclusive lock on one session, released (and its file removed) when dropped. The OS
/// releases it too if the process dies, so a crash never leaves a session locked.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{HELD_ELSEWHERE}")]
    Held,
    #[error(
        "{} is a symbolic link or not a plain file, so it was not used; someone may have put it \
         there. Remove it, then try again",
        path.display()
    )]
    NotAFile { path: PathBuf },
    #[error("could not lock {}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub fn lock_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!(".{id}.lock"))
}

/// The session id a lock file's name is for, if it is one: `.ID.lock` with an id the journal
/// makes (another app's `.app.lock` is not ours to remove).
pub fn id_of(file_name: &str) -> Option<&str> {
    file_name
        .strip_prefix('.')?
        .strip_suffix(".lock")
        .filter(|id| super::is_id(id))
}

impl SessionLock {
    /// Takes the lock at once or fails: it never waits.
    pub fn try_acquire(dir: &Path, id: &str) -> Result<SessionLock, LockError> {
        let path = lock_path(dir, id);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        for _ in 0..ATTEMPTS {
            let file = match open_no_follow(&path) {
                Ok(file) => file,
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                    return Err(LockError::NotAFile { path });
                }
                Err(e) => return Err(io(e)),
            };
            let opened = file.metadata().map_err(io)?;
            if !opened.is_file() {
                return Err(LockError::NotAFile { path });
            }
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => return Err(LockError::Held),
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
            match fs::symlink_metadata(&path) {
                Ok(now) if same_file(&now, &opened) => return Ok(SessionLock { file, path }),
                // Removed (or replaced) by the holder who released it while we were opening:
                // this file is no longer the lock. Open the one at the path afresh.
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(io(e)),
            }
        }
        Err(io(std::io::Error::other(
            "the lock file kept disappearing; is another program removing files in this folder?",
        )))
    }
}

impl Drop for SessionLock {
    /// Removes the lock file while the lock is still held (see the module's note), and only if
    /// the path still names the file this lock holds.
    fn drop(&mut self) {
        let ours = match (fs::symlink_metadata(&self.path), self.file.metadata()) {
            (Ok(at_path), Ok(held)) => same_file(&at_path, &held),
            _ => false,
        };
        if ours {
            let _ = fs::remove_file(&self.path);
        }
        // The lock goes with the file, which is closed after this.
    }
}

/// Read-write, created 0600 if missing, never through a symbolic link; non-blocking so that a
/// FIFO planted at the path cannot stall the open.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    #[test]
    fn a_lock_that_failed_says_its_cause_once() {
        let error = anyhow::Error::new(LockError::Io {
            path: PathBuf::from("/j/.x.lock"),
            source: std::io::Error::other("the disk is read-only"),
        });
        assert_eq!(
            format!("{error:#}"),
            "could not lock /j/.x.lock: the disk is read-only"
        );
    }

    #[test]
    fn a_released_lock_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let lock = SessionLock::try_acquire(dir.path(), "a").unwrap();
        assert!(lock_path(dir.path(), "a").exists());
        drop(lock);
        assert!(!lock_path(dir.path(), "a").exists());
    }

    #[test]
    fn a_held_lock_is_refused_and_survives_the_refusal() {
        let dir = tempfile::tempdir().unwrap();
        let lock = SessionLock::try_acquire(dir.path(), "a").unwrap();
        assert!(matches!(
            SessionLock::try_acquire(dir.path(), "a"),
            Err(LockError::Held)
        ));
        assert!(
            lock_path(dir.path(), "a").exists(),
            "the holder's file stays"
        );
        drop(lock);
        SessionLock::try_acquire(dir.path(), "a").unwrap();
    }

    /// Many threads take and release the same lock as fast as they can; at no moment may two
    /// of them hold it, although each release removes the file the others are opening.
    #[test]
    fn contending_threads_never_hold_the_lock_together() {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let holders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let start = Arc::new(Barrier::new(4));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (dir, holders, start) = (dir.clone(), holders.clone(), start.clone());
                std::thread::spawn(move || {
                    start.wait();
                    let mut taken = 0;
                    for _ in 0..500 {
                        if let Ok(lock) = SessionLock::try_acquire(dir.path(), "a") {
                            let before = holders.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            assert_eq!(before, 0, "two holders at once");
                            taken += 1;
                            holders.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                            drop(lock);
                        }
                    }
                    taken
                })
            })
            .collect();
        let taken: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert!(taken > 0);
        assert!(!lock_path(dir.path(), "a").exists());
    }

    #[test]
    fn a_planted_symbolic_link_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, lock_path(dir.path(), "a")).unwrap();
        let error = SessionLock::try_acquire(dir.path(), "a").unwrap_err();
        assert!(matches!(error, LockError::NotAFile { .. }), "{error}");
        assert!(error.to_string().contains("Remove it"), "{error}");
        assert!(!target.exists(), "the link's target was not created");
    }

    #[test]
    fn a_planted_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(dir.path(), "a");
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let error = SessionLock::try_acquire(dir.path(), "a").unwrap_err();
        assert!(matches!(error, LockError::NotAFile { .. }), "{error}");
    }
}
