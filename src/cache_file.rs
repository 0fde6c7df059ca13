//! The files of the user's cache folder: the metadata cache of each vault (`vault::head_cache`)
//! and the report of its last `check` (`commands::check_cache`). Each is named by the vault it
//! is of, is 0600 in a 0700 folder, is read and replaced never through a link, and is replaced
//! atomically. Best effort throughout: a cache file that cannot be read or written is only a
//! slower next run.
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The kinds of file kept in the cache folder, by the start of their names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// The metadata cache of a vault.
    Heads,
    /// The report of a vault's last `check`.
    CheckReport,
}

const KINDS: [Kind; 2] = [Kind::Heads, Kind::CheckReport];

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Heads => "heads-",
            Kind::CheckReport => "check-",
        }
    }

    /// The start of the name of a file of this kind being written.
    fn temp_prefix(self) -> &'static str {
        match self {
            Kind::Heads => ".heads.",
            Kind::CheckReport => ".check.",
        }
    }

    /// How files of this kind are written. The heads, read by every command on every run, in
    /// postcard: compact, and read back in a fraction of the time JSON takes. The report in JSON,
    /// as its findings serialise for `check --json` (leaving out what is empty, which only a
    /// format that names its fields can read back).
    fn encoding(self) -> Encoding {
        match self {
            Kind::Heads => Encoding::Postcard,
            Kind::CheckReport => Encoding::Json,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Postcard,
    Json,
}

/// Every encoding, of this version's files or an earlier one's (whose heads were JSON).
const ENCODINGS: [Encoding; 2] = [Encoding::Postcard, Encoding::Json];

impl Encoding {
    fn extension(self) -> &'static str {
        match self {
            Encoding::Postcard => "bin",
            Encoding::Json => "json",
        }
    }

    fn decode<T: DeserializeOwned>(self, bytes: &[u8]) -> Option<T> {
        match self {
            Encoding::Postcard => postcard::from_bytes(bytes).ok(),
            Encoding::Json => serde_json::from_slice(bytes).ok(),
        }
    }

    fn encode(self, out: &mut impl Write, stored: &impl Serialize) -> std::io::Result<()> {
        match self {
            Encoding::Postcard => postcard::to_io(stored, out)
                .map(drop)
                .map_err(std::io::Error::other),
            Encoding::Json => Ok(serde_json::to_writer(out, stored)?),
        }
    }
}

/// Far larger than the cache file of the largest vault the walk accepts; a bigger file is not
/// read.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Older than this, a temp file is a killed run's.
const LEFTOVER_AGE: Duration = Duration::from_secs(60);

/// A cache file in use is marked so at most this often.
const FRESH_AGE: Duration = Duration::from_secs(24 * 3600);

/// Not marked for this long, a cache file is of a vault no longer opened: 90 days.
const UNUSED_AGE: Duration = Duration::from_secs(90 * 24 * 3600);

/// The file of `kind` in `folder` for the vault at `root` (canonical).
pub(crate) fn path_for(folder: &Path, kind: Kind, root: &Path) -> PathBuf {
    let digest = Sha256::digest(root.as_os_str().as_encoded_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    folder.join(format!(
        "{}{name}.{}",
        kind.prefix(),
        kind.encoding().extension()
    ))
}

/// What the cache file at `file` (of `kind`) holds, if it is a regular file (not a link) that
/// parses.
pub(crate) fn read<T: DeserializeOwned>(kind: Kind, file: &Path) -> Option<T> {
    let bytes = crate::private_file::read_bounded(file, MAX_BYTES).ok()?;
    kind.encoding().decode(&bytes)
}

/// Replaces `file` (of `kind`) with `stored`, atomically, making `folder` (0700) if need be. A
/// folder that is a link is left alone.
pub(crate) fn write(
    folder: &Path,
    kind: Kind,
    file: &Path,
    stored: &impl Serialize,
) -> std::io::Result<()> {
    match fs::symlink_metadata(folder) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(std::io::Error::other("the cache folder is not a folder")),
        Err(_) => DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)?,
    }
    let mut temp = crate::private_file::temp_in(folder, kind.temp_prefix())?;
    // Never more than `read` takes: a larger file would be written on every run and never read.
    let mut out = std::io::BufWriter::new(Bounded {
        out: temp.as_file_mut(),
        left: MAX_BYTES,
    });
    kind.encoding().encode(&mut out, stored)?;
    out.flush()?;
    drop(out);
    temp.persist(file).map_err(|e| e.error)?;
    remove_leftovers(folder);
    Ok(())
}

/// A writer that fails past `left` bytes.
struct Bounded<W> {
    out: W,
    left: u64,
}

impl<W: Write> Write for Bounded<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let Some(left) = self.left.checked_sub(bytes.len() as u64) else {
            return Err(std::io::Error::other(
                "this would be larger than a cache file is read",
            ));
        };
        self.left = left;
        self.out.write_all(bytes).map(|()| bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Marks an unchanged cache file as still in use, once a day at most, so that it is not taken
/// for the cache of a vault no longer opened.
pub(crate) fn keep_fresh(file: &Path) {
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
/// the cache files of vaults not opened for a long while (moved or gone: nothing would read
/// them).
fn remove_leftovers(folder: &Path) {
    let Ok(listing) = fs::read_dir(folder) else {
        return;
    };
    for entry in listing.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let temp = KINDS.iter().any(|kind| {
            name.starts_with(kind.temp_prefix()) && name.ends_with(crate::private_file::TEMP_SUFFIX)
        });
        let cache = KINDS.iter().any(|kind| {
            name.starts_with(kind.prefix())
                && ENCODINGS.iter().any(|e| name.ends_with(e.extension()))
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_writer_takes_up_to_its_bound_and_fails_past_it() {
        let mut out = Bounded {
            out: Vec::new(),
            left: 5,
        };
        assert!(out.write_all(b"abc").is_ok());
        assert!(out.write_all(b"de").is_ok());
        assert!(out.write_all(b"f").is_err());
        assert_eq!(out.out, b"abcde");
    }
}
