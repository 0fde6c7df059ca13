//! `journal encrypt` and `journal decrypt`: every note turned into the other kind, one at a time,
//! under its session's lock. Each new file is written atomically, read back and compared with
//! the words it should hold before the old file is removed, so that an interruption at any
//! point (even kill -9) leaves every note whole, in one kind or both; running again finishes.
use super::crypt::Key;
use super::lock::{LockError, SessionLock};
use super::{
    Journal, Replace, entry_path, is_sealed, modified, read_entry, read_file, remove_synced,
    write_atomic,
};
use anyhow::{Context, bail};
use std::path::Path;

/// What a conversion did.
#[derive(Debug, Default)]
pub struct Converted {
    /// The ids turned into the other kind.
    pub done: Vec<String>,
    /// Ids left as they were, and why.
    pub skipped: Vec<(String, String)>,
}

impl Journal {
    /// Encrypts every plaintext note (`to_sealed`) or decrypts every encrypted one, with the
    /// passphrase given to [`Journal::unlock`].
    pub fn convert(&self, to_sealed: bool) -> anyhow::Result<Converted> {
        let mut converted = Converted::default();
        let sources = self.sources(to_sealed)?;
        if sources.is_empty() {
            return Ok(converted);
        }
        let key = self
            .key
            .as_deref()
            .context("converting the journal needs its passphrase")?;
        for (id, source) in sources {
            let _lock = match SessionLock::try_acquire(&self.dir, &id) {
                Ok(lock) => lock,
                Err(LockError::Held) => {
                    let why = "it is open in another window; run this again once it is closed";
                    converted.skipped.push((id, why.to_owned()));
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let target = entry_path(&self.dir, &id, to_sealed);
            match convert_one(&self.dir, &id, &source, &target, key, to_sealed) {
                Ok(()) => converted.done.push(id),
                Err(e) => converted.skipped.push((id, format!("{e:#}"))),
            }
        }
        Ok(converted)
    }

    /// `(id, path)` of each note file of the kind being converted from, by id.
    fn sources(&self, to_sealed: bool) -> anyhow::Result<Vec<(String, std::path::PathBuf)>> {
        let mut sources = self.note_files()?;
        sources.retain(|(_, path)| is_sealed(path) != to_sealed);
        sources.sort();
        Ok(sources)
    }
}

/// Turns `source` into `target`, then removes `source`.
fn convert_one(
    dir: &Path,
    id: &str,
    source: &Path,
    target: &Path,
    key: &Key,
    to_sealed: bool,
) -> anyhow::Result<()> {
    let read =
        |path: &Path| read_file(path).with_context(|| format!("could not read {}", path.display()));
    let open = |bytes: Vec<u8>, path: &Path| -> anyhow::Result<Vec<u8>> {
        key.open(&bytes)
            .with_context(|| format!("could not open {}", path.display()))
    };
    // A target newer than its source was written by a run cut short after its write, or saved
    // since: when it reads as a whole note, it is the one to keep.
    if target.exists()
        && modified(target) > modified(source)
        && read_entry(id, target, Some(key)).is_ok()
    {
        return remove_synced(dir, source)
            .with_context(|| format!("could not remove {}", source.display()));
    }
    let plain = match to_sealed {
        true => read(source)?,
        false => open(read(source)?, source)?,
    };
    let contents = match to_sealed {
        true => key.seal(&plain)?,
        false => plain.clone(),
    };
    write_atomic(dir, id, target, &contents, Replace::Always)
        .with_context(|| format!("could not write {}", target.display()))?;
    let back = match to_sealed {
        true => open(read(target)?, target)?,
        false => read(target)?,
    };
    if back != plain {
        bail!(
            "{} did not read back the same, so {} was kept",
            target.display(),
            source.display()
        );
    }
    remove_synced(dir, source).with_context(|| format!("could not remove {}", source.display()))
}
