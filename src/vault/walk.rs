//! The walk of a user's vault, on all cores: which files are notes, which are attachments, and
//! what was met on the way. Hidden folders and files are skipped. A symlink is followed only when
//! its target, canonicalised, stays inside the vault (ripgrep does not follow links unless asked;
//! a shared vault must not show `/etc/passwd` as a note); one that leads out is a warning naming
//! it. The walk is capped in entries and depth, so that no folder, not even `/`, can hang the
//! tool.
use super::progress::Progress;
use crate::diagnostic::Finding;
use anyhow::bail;
use rayon::prelude::*;
use std::borrow::Cow;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Far more files and folders than any notes folder holds.
pub(crate) const MAX_ENTRIES: usize = 200_000;
/// Far deeper than any notes folder goes.
pub(crate) const MAX_DEPTH: usize = 64;

/// What a walk of the vault found.
pub(super) struct Discovered<N = Found> {
    /// What `discover`'s visit made of every `.md` file, in the order of the files'
    /// vault-relative paths.
    pub notes: Vec<N>,
    /// The vault-relative path of every other file (not read: links to it just resolve).
    pub attachments: Vec<String>,
    /// The problems met on the way (symlinks out of the vault or in loops, unreadable folders),
    /// in the order of the paths they name.
    pub findings: Vec<Finding>,
    /// The vault's folder, canonical (empty in a default, walkless `Discovered`).
    pub canonical_root: PathBuf,
    /// The vault's folder as given, which the notes' paths are relative to (none in a default,
    /// walkless `Discovered`).
    pub root: Option<Arc<Path>>,
}

impl<N> Default for Discovered<N> {
    fn default() -> Self {
        Discovered {
            notes: Vec::new(),
            attachments: Vec::new(),
            findings: Vec::new(),
            canonical_root: PathBuf::new(),
            root: None,
        }
    }
}

impl<N> Discovered<N> {
    /// What the walk found, with `notes` (made of its notes, in their order) for its notes.
    pub fn with_notes<M>(self, notes: Vec<M>) -> Discovered<M> {
        Discovered {
            notes,
            attachments: self.attachments,
            findings: self.findings,
            canonical_root: self.canonical_root,
            root: self.root,
        }
    }
}

/// A note as the walk finds it: the path to read it by when that is not the vault's folder
/// joined to its vault-relative path (a symlink's target, inside the vault), and that
/// vault-relative path.
pub(super) type Found = (Option<PathBuf>, String);

/// A note as a visit is handed it: `Found`, with the metadata of its file when the walk was
/// asked for it and the note is a regular file. It is taken through the folder being read, which
/// looks up one name where a look by the note's path looks up every folder on the way.
pub(super) type FoundWithMetadata = (Found, Option<Metadata>);

/// What a visit makes of a note: it still knows the note's vault-relative path, which orders
/// the notes once the walk is done.
pub(super) trait Visited: Send + Sync {
    fn relative(&self) -> &[u8];
}

impl Visited for Found {
    fn relative(&self) -> &[u8] {
        self.1.as_bytes()
    }
}

/// A folder still to read: where it is, its path as the user sees it, its canonical path and
/// those of the folders above it (a link back to one of them is a loop), and its depth.
struct Folder {
    path: PathBuf,
    relative: String,
    ancestors: Vec<PathBuf>,
    depth: usize,
}

/// Every file under `root` (an existing folder), each note handed to `visit` as soon as its
/// folder is read, with its file's metadata `with_metadata`; room is made for `expected` notes
/// at once (what the last run found), so the list of them is not grown and copied as it fills. Folders are read, and notes
/// visited, on all cores: on a large vault the walk alone took as long as reading the heads of
/// all its notes, one folder after another. An error when the vault is too large or too deep to
/// be a notes folder.
pub(super) fn discover<N: Visited>(
    root: &Path,
    progress: &Progress,
    with_metadata: bool,
    expected: usize,
    visit: impl Fn(FoundWithMetadata) -> N + Sync,
) -> anyhow::Result<Discovered<N>> {
    let canonical_root = std::fs::canonicalize(root)?;
    let walk = Walk {
        root,
        canonical_root: &canonical_root,
        progress,
        with_metadata,
        visit: &visit,
        entries: AtomicUsize::new(0),
        failed: OnceLock::new(),
        found: Mutex::new(Discovered {
            notes: Vec::with_capacity(expected),
            ..Discovered::default()
        }),
    };
    rayon::scope(|scope| {
        walk.read_folder(
            scope,
            Folder {
                path: root.to_path_buf(),
                relative: String::new(),
                ancestors: vec![canonical_root.clone()],
                depth: 0,
            },
        );
    });
    if let Some(error) = walk.failed.into_inner() {
        bail!(error);
    }
    let mut found = walk
        .found
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    found
        .notes
        .par_sort_unstable_by(|a, b| a.relative().cmp(b.relative()));
    found
        .findings
        .sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    found.canonical_root = canonical_root;
    found.root = Some(Arc::from(root));
    Ok(found)
}

/// The most notes of one folder visited in one go.
const PIECE: usize = 64;

/// One walk of a vault, shared by the folders being read at once.
struct Walk<'w, N, V> {
    root: &'w Path,
    canonical_root: &'w Path,
    progress: &'w Progress,
    /// Whether each note's metadata is taken as its folder is read.
    with_metadata: bool,
    visit: &'w V,
    /// Files and folders met so far.
    entries: AtomicUsize,
    /// Why the walk stopped: the vault is no notes folder (the first reason met).
    failed: OnceLock<String>,
    /// What the folders read so far held.
    found: Mutex<Discovered<N>>,
}

impl<N: Visited, V: Fn(FoundWithMetadata) -> N + Sync> Walk<'_, N, V> {
    /// Reads `folder`, sets its folders to be read on any core, then visits its notes.
    fn read_folder<'s>(&'s self, scope: &rayon::Scope<'s>, folder: Folder) {
        if self.failed.get().is_some() {
            return;
        }
        let mut notes: Vec<FoundWithMetadata> = Vec::new();
        let mut attachments = Vec::new();
        let mut findings = Vec::new();
        let shown = |relative: &str| {
            if relative.is_empty() {
                self.root.display().to_string()
            } else {
                relative.to_string()
            }
        };
        let listing = match std::fs::read_dir(&folder.path) {
            Ok(listing) => listing,
            Err(e) => {
                let finding = Finding::error(shown(&folder.relative), None, unreadable(&e));
                self.keep(Vec::new(), Vec::new(), vec![finding]);
                return;
            }
        };
        for item in listing {
            let entries = self.entries.fetch_add(1, Ordering::Relaxed) + 1;
            self.progress.tick();
            if entries > MAX_ENTRIES {
                self.fail(format!(
                    "the vault {} holds more than {} files and folders (the count passed it in {}), \
                     too many for a notes folder, so nothing was loaded: point --vault (or \
                     REPAIR_COACH_VAULT, or `vault =` in config.toml) at the folder of your notes",
                    self.root.display(),
                    thousands(MAX_ENTRIES),
                    folder.path.display()
                ));
                return;
            }
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    findings.push(Finding::error(
                        shown(&folder.relative),
                        None,
                        unreadable(&e),
                    ));
                    continue;
                }
            };
            let name = item.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let relative = if folder.relative.is_empty() {
                name.into_owned()
            } else {
                // Not `format!`, which costs several times more, once for every entry.
                [folder.relative.as_str(), "/", &name].concat()
            };
            let kind = match item.file_type() {
                Ok(kind) => kind,
                Err(e) => {
                    findings.push(Finding::error(relative, None, unreadable(&e)));
                    continue;
                }
            };
            // Where the entry really is, and whether it is a folder or a regular file; anything
            // else (a FIFO, a device) is never opened.
            let path = || item.path();
            let (real, is_dir) = if kind.is_symlink() {
                match follow(self.canonical_root, &path(), &folder.ancestors) {
                    Ok((target, is_dir)) => (Some(target), is_dir),
                    Err(why) => {
                        let message = why.message(self.canonical_root);
                        findings.push(match why {
                            Unfollowed::Unreadable(_) => Finding::error(relative, None, message),
                            _ => Finding::warning(relative, None, message),
                        });
                        continue;
                    }
                }
            } else if kind.is_dir() {
                let real = folder.ancestors[folder.ancestors.len() - 1].join(&*item.file_name());
                (Some(real), true)
            } else if kind.is_file() {
                // Read where it is: the vault's folder joined to `relative`.
                (None, false)
            } else {
                // Opening a pipe could wait for ever; a note by its name should not just vanish.
                if is_markdown(Path::new(&relative)) {
                    findings.push(Finding::warning(
                        relative,
                        None,
                        "this is not a regular file (a pipe, socket or device), so it was not \
                         read: a note needs to be a plain file",
                    ));
                }
                continue;
            };
            if is_dir {
                let path = path();
                if folder.depth + 1 > MAX_DEPTH {
                    self.fail(format!(
                        "the folder {} is more than {MAX_DEPTH} folders deep inside the vault {}, \
                         deeper than any notes folder goes, so nothing was loaded: point --vault \
                         at the folder of your notes, or move that folder up",
                        path.display(),
                        self.root.display()
                    ));
                    return;
                }
                let mut ancestors = folder.ancestors.clone();
                ancestors.extend(real);
                let inner = Folder {
                    path,
                    relative,
                    ancestors,
                    depth: folder.depth + 1,
                };
                scope.spawn(move |scope| self.read_folder(scope, inner));
            } else if is_markdown(Path::new(&relative)) {
                let meta = (self.with_metadata && real.is_none())
                    .then(|| item.metadata().ok())
                    .flatten();
                notes.push(((real, relative), meta));
            } else {
                attachments.push(relative);
            }
        }
        // A folder of many notes is visited on all cores too, in pieces set going like its
        // folders (not joined: a thread waiting on a join takes up other folders on its stack).
        while notes.len() > PIECE {
            let piece = notes.split_off(notes.len() - PIECE);
            scope.spawn(move |_| self.keep(self.visit_all(piece), Vec::new(), Vec::new()));
        }
        self.keep(self.visit_all(notes), attachments, findings);
    }

    fn visit_all(&self, notes: Vec<FoundWithMetadata>) -> Vec<N> {
        notes
            .into_iter()
            .map(|met| {
                self.progress.tick();
                (self.visit)(met)
            })
            .collect()
    }

    /// Adds what part of a folder held to what the walk found.
    fn keep(&self, notes: Vec<N>, attachments: Vec<String>, findings: Vec<Finding>) {
        let mut found = self.found.lock().unwrap_or_else(PoisonError::into_inner);
        found.notes.extend(notes);
        found.attachments.extend(attachments);
        found.findings.extend(findings);
    }

    fn fail(&self, why: String) {
        let _ = self.failed.set(why);
    }
}

/// Why a symlink is not followed.
enum Unfollowed {
    Dangling,
    /// Links leading round to each other, never to a file or folder.
    Circle,
    Loop(PathBuf),
    OutOfVault(PathBuf),
    Unreadable(std::io::Error),
}

impl Unfollowed {
    fn message(&self, canonical_root: &Path) -> String {
        match self {
            Unfollowed::Dangling => {
                "this symlink points to something that does not exist, so it was \
                                     skipped: fix or remove the link"
                    .to_string()
            }
            Unfollowed::Circle => "this symlink leads round a circle of links to no file or \
                                   folder, so it was skipped: fix or remove the link"
                .to_string(),
            Unfollowed::Loop(ancestor) => format!(
                "this symlink leads back to {} (a loop), so it was skipped",
                match relative(canonical_root, ancestor) {
                    r if r.is_empty() => "the vault folder".to_string(),
                    r => r,
                }
            ),
            Unfollowed::OutOfVault(target) => format!(
                "this symlink leads out of the vault (to {}), so it was not read: copy what it \
                 points to into the vault if it belongs with your notes",
                target.display()
            ),
            Unfollowed::Unreadable(e) => unreadable(e),
        }
    }
}

/// A symlink's canonical target and whether it is a folder, when it may be followed: it exists,
/// stays inside the vault, is a folder or a regular file, and is no folder above it.
fn follow(
    canonical_root: &Path,
    link: &Path,
    ancestors: &[PathBuf],
) -> Result<(PathBuf, bool), Unfollowed> {
    let target = std::fs::canonicalize(link).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unfollowed::Dangling,
        _ if e.raw_os_error() == Some(libc::ELOOP) => Unfollowed::Circle,
        _ => Unfollowed::Unreadable(e),
    })?;
    if !target.starts_with(canonical_root) {
        return Err(Unfollowed::OutOfVault(target));
    }
    if ancestors.contains(&target) {
        return Err(Unfollowed::Loop(target));
    }
    let meta = std::fs::metadata(&target).map_err(Unfollowed::Unreadable)?;
    if meta.is_dir() {
        Ok((target, true))
    } else if meta.is_file() {
        Ok((target, false))
    } else {
        // A FIFO or a device: never opened, as a plain one is not either.
        Err(Unfollowed::Unreadable(std::io::Error::other(
            "it is not a regular file or folder",
        )))
    }
}

/// Why a file or folder could not be read, and what to do about it.
pub(super) fn unreadable(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => {
            format!("this could not be read ({error}): check its permissions")
        }
        _ => format!("this could not be read ({error}), so it was skipped"),
    }
}

/// Where to read a note: where a link led (`linked`), or else where the walk found it.
pub(super) fn note_path<'p>(
    root: &Path,
    linked: Option<&'p Path>,
    relative: &str,
) -> Cow<'p, Path> {
    match linked {
        Some(path) => path.into(),
        None => root.join(relative).into(),
    }
}

pub(super) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// `path` relative to `root`, `/`-separated, as the user sees it in messages.
fn relative(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        relative.into_owned()
    } else {
        relative.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// 200000 -> "200,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// What a test's visit keeps of a note.
    #[derive(Debug, PartialEq)]
    struct Seen {
        relative: String,
        linked: bool,
        /// The inode and size of the metadata the note came with.
        meta: Option<(u64, u64)>,
    }

    impl Visited for Seen {
        fn relative(&self) -> &[u8] {
            self.relative.as_bytes()
        }
    }

    /// Asked for, each regular note's metadata comes with it, the same as a look by its path
    /// gives, however deep its folder; a note reached through a link comes without, as does every
    /// note of a walk not asked.
    #[test]
    fn a_note_comes_with_its_metadata_when_asked_and_it_is_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("Top.md"), "top\n").unwrap();
        std::fs::write(root.join("a/b/Deep.md"), "a deeper note\n").unwrap();
        std::os::unix::fs::symlink(root.join("Top.md"), root.join("a/Link.md")).unwrap();
        let walk = |with_metadata| {
            discover(
                root,
                &Progress::new(),
                with_metadata,
                0,
                |((linked, relative), meta)| Seen {
                    relative,
                    linked: linked.is_some(),
                    meta: meta.map(|meta| (meta.ino(), meta.len())),
                },
            )
            .unwrap()
            .notes
        };
        let looked = |relative: &str| {
            let meta = std::fs::symlink_metadata(root.join(relative)).unwrap();
            Some((meta.ino(), meta.len()))
        };
        let seen = |relative: &str, linked, meta| Seen {
            relative: relative.to_string(),
            linked,
            meta,
        };
        assert_eq!(
            walk(true),
            [
                seen("Top.md", false, looked("Top.md")),
                seen("a/Link.md", true, None),
                seen("a/b/Deep.md", false, looked("a/b/Deep.md")),
            ]
        );
        assert_eq!(
            walk(false),
            [
                seen("Top.md", false, None),
                seen("a/Link.md", true, None),
                seen("a/b/Deep.md", false, None),
            ]
        );
    }
}
