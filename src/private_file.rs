//! Files only the user can read, written so that a reader sees the old contents or the new,
//! never a part: the journal's sessions and the vault's metadata cache.
use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use tempfile::NamedTempFile;

/// The ending of every temp file written here, so leftovers of a killed process can be known.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// A new 0600 file `PREFIX.XXXXXX.tmp` in `dir` (in the same folder as the file it will become,
/// since a rename cannot cross file systems): never an existing file, never through a link, and
/// removed if dropped before it is persisted.
pub(crate) fn temp_in(dir: &Path, prefix: &str) -> io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(TEMP_SUFFIX)
        .make_in(dir, |path| {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .custom_flags(libc::O_NOFOLLOW)
                .open(path)
        })
}
