//! Files only the user can read, written so that a reader sees the old contents or the new,
//! never a part: the journal's sessions, the vault's metadata cache and a journal exported.
use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use tempfile::NamedTempFile;

/// The ending of every temp file written here, so leftovers of a killed process can be known.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";
/// How many random letters and digits a temp file's name has before [`TEMP_SUFFIX`].
pub(crate) const TEMP_RANDOM_LEN: usize = 6;

/// A new 0600 file `PREFIX.XXXXXX.tmp` in `dir` (in the same folder as the file it will become,
/// since a rename cannot cross file systems): never an existing file, never through a link, and
/// removed if dropped before it is persisted.
pub(crate) fn temp_in(dir: &Path, prefix: &str) -> io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(prefix)
        .rand_bytes(TEMP_RANDOM_LEN)
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

/// Writes `bytes` as a new 0600 file at `path`, whole or not at all: never over a file (or a
/// link) already there, whose error is `AlreadyExists`; no temp file is left behind either way.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = temp_in(dir, ".repair-coach-")?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// The whole of the regular file at `path` (a journal entry, a cache file), read neither through
/// a link (an entry replaced by a link to another file must not show that file) nor beyond `max`
/// bytes (nothing the tool writes comes near; a file grown to gigabytes must not take the memory
/// with it).
pub(crate) fn read_bounded(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => io::Error::other("it is a link, not a file of its own"),
            _ => e,
        })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("it is not a regular file"));
    }
    let too_large = || {
        io::Error::other(format!(
            "it is larger than {} MiB, far more than this tool writes",
            max / (1024 * 1024)
        ))
    };
    if meta.len() > max {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}
