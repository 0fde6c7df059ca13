//! The report of a vault's last `check`, kept in the user's cache folder with the fingerprint of
//! the vault it was made of (see `vault::Survey`) and the identity of the binary that made it. A
//! later `check` of an unchanged vault, by the same binary, gives that report without reading a
//! note; any change to the vault, or a new binary (new shipped notes, new checks), makes it read
//! them all again. A kept report that is missing, damaged or of another version is ignored.
use crate::cache_file::{self, Kind};
use crate::vault::Survey;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// Bumped whenever what is kept, or what a report holds, changes.
const VERSION: u32 = 1;

/// What identifies a build of this program: its file's size, modification time and inode.
type Binary = (u64, i64, i64, u64);

#[derive(Serialize, Deserialize)]
struct Kept<P, S, R> {
    version: u32,
    /// The vault's folder, canonical.
    root: P,
    binary: Binary,
    fingerprint: S,
    report: R,
}

/// Where the report of the vault a survey walked is kept, and what it must have been made of.
pub(super) struct KeptReport<'f> {
    folder: &'f Path,
    file: PathBuf,
    root: PathBuf,
    binary: Binary,
    fingerprint: String,
    settled: bool,
}

impl<'f> KeptReport<'f> {
    /// The place of the vault's report in the cache `folder`; `None` when this binary cannot
    /// tell which build it is, and so whose report a kept one is.
    pub fn open(folder: &'f Path, survey: &Survey) -> Option<KeptReport<'f>> {
        let binary = std::env::current_exe().ok()?.metadata().ok()?;
        let root = survey.canonical_root();
        Some(KeptReport {
            folder,
            file: cache_file::path_for(folder, Kind::CheckReport, root),
            root: root.to_path_buf(),
            binary: (
                binary.size(),
                binary.mtime(),
                binary.mtime_nsec(),
                binary.ino(),
            ),
            fingerprint: survey.fingerprint().to_string(),
            settled: survey.settled(),
        })
    }

    /// The report kept for the vault as the survey found it, by this binary.
    pub fn report<R: DeserializeOwned>(&self) -> Option<R> {
        let kept: Kept<PathBuf, String, R> = cache_file::read(Kind::CheckReport, &self.file)?;
        let same = kept.version == VERSION
            && kept.root == self.root
            && kept.binary == self.binary
            && kept.fingerprint == self.fingerprint;
        if same {
            cache_file::keep_fresh(&self.file);
        }
        same.then_some(kept.report)
    }

    /// Keeps `report` as that of the vault as the survey found it, once the vault has settled.
    pub fn keep(&self, report: &impl Serialize) {
        if !self.settled {
            return;
        }
        let kept = Kept {
            version: VERSION,
            root: &self.root,
            binary: self.binary,
            fingerprint: &self.fingerprint,
            report,
        };
        let _ = cache_file::write(self.folder, Kind::CheckReport, &self.file, &kept);
    }
}
