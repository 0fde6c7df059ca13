//! The vault: every note the coach knows, the shipped ones (embedded from `content/`) with the
//! user's own Obsidian vault layered over them (a user's note wins by name).
//!
//! Lookup is by an index built once, so resolving a link never scans the vault.
use crate::diagnostic::Finding;
use crate::model::{Class, MistakeSignals, Model, Practice, Skill, SkillKind};
use crate::note::{Headings, LinkTargets, Note, NoteError, WikiLink};
use anyhow::bail;
use compact_str::CompactString;
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::hash_map::Entry as MapSlot;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use walk::{Discovered, discover, is_markdown, unreadable};

mod fill_in;
mod head;
mod head_cache;
mod layers;
mod progress;
mod shipped_frontmatter;
mod stamp;
mod survey;
mod walk;

use head_cache::HeadCache;
pub use layers::{Listed, ListedKind};
use layers::{Notes, Record, Slot};
use progress::Progress;
pub use survey::Survey;

/// The hash of the vault's lookup tables: `check` looks up every link of every note, and std's
/// SipHash cost more than the lookups themselves. foldhash is seeded per process.
pub(crate) type KeyHash = foldhash::fast::RandomState;

/// The notes compiled into the binary (build.rs reruns the build when a file is added).
static SHIPPED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// The links to nowhere `check` lists one by one in a note; the rest are counted. A note that is
/// a list of a hundred thousand links (an export, say) would otherwise be a report of gigabytes.
const MAX_UNRESOLVED_SAID: usize = 100;

/// Where shipped notes appear in messages.
pub(crate) const SHIPPED_PREFIX: &str = "<shipped>";

/// Notes larger than this are not read: no real note is this big, and a stray export or log
/// file should not stall the coach.
const MAX_NOTE_BYTES: u64 = 4 * 1024 * 1024;

/// Where a note came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary from `content/`.
    Shipped,
    /// Read from the user's vault at this root.
    User(PathBuf),
}

/// A note, its type, and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub note: Note,
    pub model: Model,
    pub origin: Origin,
}

/// What a layered load reads of each note's head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heads {
    /// Type, aliases and focus.
    Plain,
    /// Also what `skills` lists, from the frontmatter where it holds the whole line (the
    /// frontmatter of each skill and practice is then typed).
    WithListing,
}

/// What a load keeps of each note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// Everything, for reading notes: `show`, `start` and the rest.
    #[default]
    Everything,
    /// What `check` needs: each note's name, path, model, aliases and links. Bodies and
    /// frontmatter are dropped as soon as a note is typed (`Entry::note` keeps only its path and
    /// name), so checking a large vault takes little more memory than its names and links.
    ForCheck,
}

#[derive(Debug, Default)]
pub struct Vault {
    notes: Notes,
    /// What the load kept of each note.
    keep: Keep,
    /// Beside `entries`: each note's link targets when the load dropped the bodies they are
    /// read from (`Keep::ForCheck`); empty in a layered vault.
    links: Vec<Option<LinkTargets>>,
    /// Problems met while loading: unreadable files, bad notes, duplicate names, model warnings.
    findings: Vec<Finding>,
    /// In a layered vault: what was wrong with each user note found broken only when a command
    /// read it, and so stood in for by the shipped note it hid, until a command says it.
    stood_in: std::sync::Mutex<Vec<Finding>>,
    /// Normalised name, vault-relative path (without `.md`) and alias -> index in `entries`.
    // Keys of up to 24 bytes (most names) held in the table itself: every link of a large vault
    // is looked up here, and a key behind a pointer costs a cache miss on each.
    index: HashMap<CompactString, usize, KeyHash>,
    /// Normalised vault-relative path and file name of every other file (images, PDFs): links
    /// to them resolve, though they are not notes.
    attachments: HashSet<String, KeyHash>,
}

/// One file's outcome before the vault is put together, with its lookup keys made while the
/// notes are read on all cores, so that putting the vault together only has to file them. Its
/// lists and keys are boxed slices, held at their length: a large vault holds one for every note
/// at once.
struct Loaded {
    /// The entry, which knows the note's name (its key is made as the vault is put together,
    /// into one buffer: a key of each of a large vault's names, held at once, was part of a
    /// reading command's peak).
    entry: Slot,
    /// The key of its vault-relative path (`folder/Note.md`).
    path_key: Box<str>,
    /// False when the file could not be read or typed: the entry is then a plain stand-in, kept
    /// so links to it still resolve, and never allowed to hide a shipped note.
    sound: bool,
    /// The keys of the note's `aliases:`.
    alias_keys: Box<[String]>,
    /// Its link targets, found while the body was at hand (`Keep::ForCheck` only; boxed, as
    /// the other loads hold a `Loaded` for every note at once without them).
    links: Option<Box<LinkTargets>>,
    findings: Box<[Finding]>,
}

impl Vault {
    /// The shipped notes only.
    pub fn shipped() -> Vault {
        Vault::assemble(Discovered::default(), shipped_notes(Keep::Everything))
    }

    /// The shipped notes with the vault at `root` layered over them. A missing or unreadable root
    /// is an error; a bad note inside it is a finding, and the rest still loads.
    pub fn load(root: Option<&Path>) -> anyhow::Result<Vault> {
        Vault::load_keeping(root, Keep::Everything)
    }

    /// `load`, keeping of each note what `keep` says.
    pub fn load_keeping(root: Option<&Path>, keep: Keep) -> anyhow::Result<Vault> {
        Vault::load_with(root, keep, read_keeping(keep))
    }

    /// The walk of the vault at `root` and its fingerprint (see `survey`), to load it from.
    pub fn survey(root: &Path) -> anyhow::Result<Survey> {
        survey::survey(root)
    }

    /// `load_keeping` the vault `survey` walked.
    pub fn load_surveyed(survey: Survey, keep: Keep) -> Vault {
        let discovered = read_notes(
            &survey.root,
            survey.discovered,
            &survey.progress,
            read_keeping(keep),
        );
        Vault::assemble(discovered, shipped_notes(keep)).keeping(keep)
    }

    /// `load` in layers, for the commands that read a few notes of a vault: each note's
    /// frontmatter is read for its type and aliases, its body only when a command asks for the
    /// note (see `layers`). What the bodies alone would show (a skill without steps, a broken
    /// link) is found by `check`, which reads everything. With a `cache` folder, the heads of
    /// the notes whose files have not changed since the last run come from the metadata cache
    /// there, without opening the files (see `head_cache`).
    pub fn load_layered(
        root: Option<&Path>,
        cache: Option<&Path>,
        heads: Heads,
    ) -> anyhow::Result<Vault> {
        let Some(root) = root else {
            return Ok(Vault::shipped());
        };
        let mut cache = cache
            .and_then(|folder| Some(HeadCache::open(folder, &std::fs::canonicalize(root).ok()?)));
        // Only `skills` pays for typing the frontmatter of every skill and practice; what the
        // others cache without it, `skills` reads again once.
        let listing = heads == Heads::WithListing;
        // What the cache holds is checked against each file's metadata, taken by the walk.
        let with_metadata = cache.as_ref().is_some_and(HeadCache::holds_notes);
        // About as many notes as the last run found: a few more, in case some were added.
        let expected = cache.as_ref().map_or(0, |cache| {
            let known = cache.notes_known();
            known + known / 32
        });
        let discovered = walk_vault(
            root,
            &Progress::new(),
            with_metadata,
            expected,
            |(found, meta)| layers::read_head(root, found, meta, cache.as_ref(), listing),
        )?;
        if let Some(cache) = &mut cache {
            cache.release();
        }
        let vault = Vault::assemble(discovered, shipped_notes(Keep::Everything));
        if let Some(cache) = cache {
            cache.save(vault.heads());
        }
        Ok(vault)
    }

    fn load_with(
        root: Option<&Path>,
        keep: Keep,
        load: impl Fn(&Path, Option<PathBuf>, String) -> Loaded + Sync,
    ) -> anyhow::Result<Vault> {
        let discovered = match root {
            Some(root) => read_all(root, load)?,
            None => Discovered::default(),
        };
        Ok(Vault::assemble(discovered, shipped_notes(keep)).keeping(keep))
    }

    fn keeping(self, keep: Keep) -> Vault {
        Vault { keep, ..self }
    }

    /// The body of `entry`, read again from its file when the load kept no bodies
    /// (`Keep::ForCheck`): for the one note `check` looks into, the safety note. Empty when the
    /// file can no longer be read.
    pub fn body_of<'e>(&self, entry: &'e Entry) -> Cow<'e, str> {
        if self.keep == Keep::Everything {
            return Cow::Borrowed(entry.note.body());
        }
        let note = match &entry.origin {
            Origin::Shipped => entry
                .note
                .path
                .strip_prefix(SHIPPED_PREFIX)
                .ok()
                .and_then(|relative| SHIPPED.get_file(relative))
                .and_then(|file| Note::parse(&entry.note.path, file.contents_utf8()?).ok()),
            // Where the walk found it, through a symlink too, so long as it stays in the vault.
            Origin::User(root) => std::fs::canonicalize(root.join(&entry.note.path))
                .ok()
                .filter(|path| std::fs::canonicalize(root).is_ok_and(|root| path.starts_with(root)))
                .and_then(|path| read_text(&path, &entry.note.path).ok())
                .and_then(|text| Note::parse_owned(&entry.note.path, text).ok()),
        };
        Cow::Owned(note.map(|note| note.body().to_owned()).unwrap_or_default())
    }

    /// The body of the shipped note whose `fileClass` is `file_class` (the first by path).
    pub fn shipped_body_of_class(file_class: &str) -> Option<String> {
        let mut files = Vec::new();
        collect_shipped(&SHIPPED, &mut files);
        files.sort_by_key(|f| f.path());
        // Only a note that says so is parsed: the YAML of every shipped note takes a while.
        let says = format!("fileClass: {file_class}");
        files.into_iter().find_map(|file| {
            let text = file.contents_utf8().filter(|text| text.contains(&says))?;
            let note = Note::parse(file.path(), text).ok()?;
            (note.file_class() == Some(file_class)).then(|| note.body().to_owned())
        })
    }
}

/// Reads a note of the vault whole, keeping what `keep` says.
fn read_keeping(keep: Keep) -> impl Fn(&Path, Option<PathBuf>, String) -> Loaded + Sync {
    move |root, path, relative| {
        let path = path.unwrap_or_else(|| root.join(&relative));
        load_file(root, &path, &relative, keep)
    }
}

/// Walks the vault at `root` and reads each note with `load` as the walk finds it, on all cores.
fn read_all(
    root: &Path,
    load: impl Fn(&Path, Option<PathBuf>, String) -> Loaded + Sync,
) -> anyhow::Result<Discovered<Loaded>> {
    walk_vault(
        root,
        &Progress::new(),
        false,
        0,
        |((linked, relative), _)| load(root, linked, relative),
    )
}

/// Every file of the vault at `root`, which must be a folder (each note's metadata with it
/// `with_metadata`).
fn walk_vault<N: walk::Visited>(
    root: &Path,
    progress: &Progress,
    with_metadata: bool,
    expected: usize,
    visit: impl Fn(walk::FoundWithMetadata) -> N + Sync,
) -> anyhow::Result<Discovered<N>> {
    match std::fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => bail!(
            "the vault {} is a file, not a folder: point --vault (or REPAIR_COACH_VAULT, or \
                 `vault =` in config.toml) at your notes folder",
            root.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "there is no folder at {}: check the path given with --vault, \
                 REPAIR_COACH_VAULT or `vault =` in config.toml",
            root.display()
        ),
        Err(e) => bail!(
            "cannot open the vault folder {} ({}): check the path given with --vault, \
                 REPAIR_COACH_VAULT or `vault =` in config.toml",
            root.display(),
            crate::render::os_error_words(&e)
        ),
    }
    discover(root, progress, with_metadata, expected, visit)
}

/// Reads each note `discovered` in the vault at `root` with `load`, on all cores.
fn read_notes(
    root: &Path,
    mut discovered: Discovered,
    progress: &Progress,
    load: impl Fn(&Path, Option<PathBuf>, String) -> Loaded + Sync,
) -> Discovered<Loaded> {
    // Each path moves into what is made of its note: the two are never held at once.
    let notes = std::mem::take(&mut discovered.notes)
        .into_par_iter()
        .map(|(path, relative)| {
            progress.tick();
            load(root, path, relative)
        })
        .collect();
    discovered.with_notes(notes)
}

impl walk::Visited for Loaded {
    fn relative(&self) -> &[u8] {
        self.entry.path().as_os_str().as_encoded_bytes()
    }
}

impl Vault {
    /// Layers the user's notes over the shipped ones and builds the lookup index once.
    fn assemble(discovered: Discovered<Loaded>, shipped: Vec<Loaded>) -> Vault {
        let user = discovered.notes;
        let mut findings = discovered.findings;
        let capacity = user.len() + shipped.len();
        let layered = user.iter().any(|l| matches!(l.entry, Slot::Later(_)));
        let mut kept: Vec<Slot> = Vec::with_capacity(capacity);
        // In a layered load: the shipped note each user note hides, and which are hidden.
        let mut fallbacks: Vec<Option<usize>> = Vec::with_capacity(capacity);
        let mut hidden: Vec<bool> = Vec::with_capacity(capacity);
        let mut links = Vec::with_capacity(if layered { 0 } else { capacity });
        let mut aliases = Vec::with_capacity(capacity);
        // Whether each entry loaded soundly.
        let mut sound = Vec::with_capacity(capacity);
        // Normalised name -> index in `kept`; paths and aliases join it below, making the index.
        // Sized for every key it will hold (a name, a path and the aliases of each note): a
        // large vault's index is its largest table.
        let keys = user
            .iter()
            .chain(&shipped)
            .map(|loaded| 2 + loaded.alias_keys.len())
            .sum();
        let mut paths: Vec<(Box<str>, usize)> = Vec::with_capacity(capacity);
        let user_notes = user.len();
        for loaded in user {
            findings.extend(loaded.findings);
            paths.push((loaded.path_key, kept.len()));
            sound.push(loaded.sound);
            kept.push(loaded.entry);
            if !layered {
                links.push(loaded.links.map(|links| *links));
            }
            aliases.push(loaded.alias_keys);
            fallbacks.push(None);
            hidden.push(false);
        }
        // The table is made once what was loaded has been moved out and freed: on a large vault
        // the two are its largest blocks, and together they made the peak of a reading command.
        let mut names: HashMap<CompactString, usize, KeyHash> =
            HashMap::with_capacity_and_hasher(keys, KeyHash::default());
        let mut name_key = String::new();
        for index in 0..user_notes {
            match names.entry(CompactString::from(key_into(
                kept[index].name(),
                &mut name_key,
            ))) {
                MapSlot::Vacant(slot) => {
                    slot.insert(index);
                }
                MapSlot::Occupied(first) => {
                    let first = kept[*first.get()].path();
                    let second = &kept[index];
                    findings.push(Finding::warning(
                        second.path(),
                        None,
                        format!(
                            "two notes are called \"{}\": {} and {}; links by name go to {}, so \
                             rename one of them",
                            second.name(),
                            first.display(),
                            second.path().display(),
                            first.display()
                        ),
                    ));
                }
            }
        }
        for loaded in shipped {
            // A broken user note does not hide the shipped one it meant to replace. A layered
            // load keeps the hidden note for a user note found broken only when it is read.
            let shipped_key = key_into(loaded.entry.name(), &mut name_key);
            let hider = names.get(shipped_key).copied().filter(|&i| sound[i]);
            if hider.is_some() && !layered {
                continue;
            }
            findings.extend(loaded.findings);
            let index = kept.len();
            match hider {
                Some(user) => fallbacks[user] = Some(index),
                None => {
                    names.insert(CompactString::from(&*name_key), index);
                    paths.push((loaded.path_key, index));
                }
            }
            sound.push(true);
            kept.push(loaded.entry);
            if !layered {
                links.push(loaded.links.map(|links| *links));
            }
            aliases.push(if hider.is_some() {
                Box::default()
            } else {
                loaded.alias_keys
            });
            fallbacks.push(None);
            hidden.push(hider.is_some());
        }
        // Names first, then paths, then aliases: a note's own name beats another note's alias.
        let mut index = names;
        for (path, i) in paths {
            index.entry(CompactString::from(path)).or_insert(i);
        }
        for (i, aliases) in aliases.into_iter().enumerate() {
            for alias in aliases {
                index.entry(CompactString::from(alias)).or_insert(i);
            }
        }
        let attachments = discovered
            .attachments
            .iter()
            .flat_map(|relative| {
                let name = relative.rsplit('/').next().unwrap_or(relative);
                [key(relative), key(name)]
            })
            .collect();
        let notes = if layered {
            Notes::Layered {
                root: discovered
                    .root
                    .expect("the notes left for later came from a walk"),
                records: kept
                    .into_iter()
                    .zip(fallbacks.into_iter().zip(hidden))
                    .map(|(slot, (fallback, hidden))| Record::new(slot, fallback, hidden))
                    .collect(),
            }
        } else {
            Notes::Eager(kept.into_iter().filter_map(Slot::ready).collect())
        };
        Vault {
            notes,
            keep: Keep::Everything,
            links,
            findings,
            stood_in: Default::default(),
            index,
            attachments,
        }
    }

    /// Every note. A layered vault reads all its notes for this: the commands that should stay
    /// quick on a large vault ask for what they need (`get`, `skills`, `listing`, ...).
    pub fn entries(&self) -> Vec<&Entry> {
        self.all_entries()
    }

    /// By name, alias or vault-relative path; case-insensitive and Unicode-normalised.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.index
            .get(key(name).as_str())
            .map(|&i| self.entry_at(i))
    }

    /// Where a link points, if anywhere inside the vault. A same-note link (`[[#Heading]]`)
    /// has no target of its own and gives `None`.
    pub fn resolve(&self, link: &WikiLink) -> Option<&Entry> {
        if link.target.is_empty() {
            return None;
        }
        self.get(&link.target)
    }

    /// Whether a link names a file of the vault that is not a note (an image, a PDF).
    pub fn is_attachment(&self, link: &WikiLink) -> bool {
        self.attachments.contains(&key(&link.target))
    }

    /// The entries that may be of one of `classes`, in stored order: in a layered vault only
    /// those notes are read (in parallel), never the plain notes.
    pub fn of_classes(&self, classes: &[Class]) -> Vec<&Entry> {
        let mut indices: Vec<usize> = classes.iter().flat_map(|&c| self.candidates(c)).collect();
        indices.sort_unstable();
        indices.dedup();
        self.read_ahead(&indices);
        indices.into_iter().map(|i| self.entry_at(i)).collect()
    }

    /// Reads the notes at `indices` in parallel, so that a walk over them finds them read.
    fn read_ahead(&self, indices: &[usize]) {
        if indices.len() > 1 {
            indices.par_iter().for_each(|&i| {
                self.entry_at(i);
            });
        }
    }

    pub fn skills(&self) -> impl Iterator<Item = &Skill> {
        self.skills_where(|_| true)
    }

    /// The skills among the entries `wanted` picks by index, in order (core and meta skills
    /// interleaved as they are stored).
    fn skills_where(&self, wanted: impl Fn(usize) -> bool + Sync) -> impl Iterator<Item = &Skill> {
        let candidates: Vec<usize> = self
            .candidates(Class::Skill(SkillKind::Core))
            .chain(self.candidates(Class::Skill(SkillKind::Meta)))
            .collect();
        // On all cores: asking may read a frontmatter entry of each of thousands of skills.
        let mut indices: Vec<usize> = candidates.into_par_iter().filter(|&i| wanted(i)).collect();
        indices.sort_unstable();
        indices.dedup();
        self.read_ahead(&indices);
        indices
            .into_iter()
            .filter_map(|i| match &self.entry_at(i).model {
                Model::Skill(s) => Some(s),
                _ => None,
            })
    }

    pub fn practices(&self) -> impl Iterator<Item = &Practice> {
        self.candidates(Class::Practice)
            .filter_map(|i| match &self.entry_at(i).model {
                Model::Practice(p) => Some(p),
                _ => None,
            })
    }

    /// Every `scenario` note.
    pub fn scenarios(&self) -> impl Iterator<Item = &crate::model::Scenario> {
        self.candidates(Class::Scenario)
            .filter_map(|i| match &self.entry_at(i).model {
                Model::Scenario(s) => Some(s),
                _ => None,
            })
    }

    /// Every `mistake_signals` note.
    pub fn mistake_signals(&self) -> impl Iterator<Item = &MistakeSignals> {
        self.candidates(Class::MistakeSignals)
            .filter_map(|i| match &self.entry_at(i).model {
                Model::MistakeSignals(m) => Some(m),
                _ => None,
            })
    }

    /// The skills marked `current_focus: true`, in stored order: only the notes whose
    /// frontmatter may say so are read.
    pub fn focus_skills(&self) -> impl Iterator<Item = &Skill> {
        self.skills_where(|i| self.may_be_in_focus(i))
            .filter(|s| s.current_focus)
    }

    /// The skill marked `current_focus: true` (the first by path if several are).
    pub fn current_focus(&self) -> Option<&Skill> {
        self.focus_skills().next()
    }

    /// How many problems loading met that `check` counts as errors: notes that could not be read
    /// or typed, and so were left out (or stood in for by the shipped note of the same name).
    pub fn load_errors(&self) -> usize {
        self.load_error_findings().count()
    }

    /// Those problems, each naming its file.
    pub fn load_error_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == crate::diagnostic::Severity::Error)
    }

    /// The errors met loading `entry`'s file (when it was read, too, in a layered vault): when
    /// there are any, the entry is an empty stand-in.
    pub fn load_errors_of<'v>(&'v self, entry: &'v Entry) -> impl Iterator<Item = &'v Finding> {
        (self.findings.iter())
            .filter(|f| f.severity == crate::diagnostic::Severity::Error)
            .chain(self.read_errors())
            .filter(move |f| f.path == entry.note.path)
    }

    /// Each user note read since the last call and found broken, which the shipped note of its
    /// name stood in for, as a warning saying what is wrong and that the shipped note is used:
    /// for a reading command to say, once, as the load's findings are said at its start.
    pub fn take_stood_in(&self) -> Vec<Finding> {
        std::mem::take(
            &mut self
                .stood_in
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Everything `check` reports: load findings, unresolved links, frontmatter/body disagreements,
    /// sorted by path and line.
    pub fn check(&self) -> Vec<Finding> {
        let unresolved: Vec<Finding> = self
            .all_entries()
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, entry)| {
                // Kept only by an eager load for `check`: a layered vault keeps none.
                let links = self.links.get(i).and_then(Option::as_ref);
                let mut found = Vec::new();
                let mut more = 0usize;
                // One key buffer per note: most links resolve and need no allocation at all.
                let mut buffer = String::new();
                let targets =
                    links.map_or_else(|| Cow::Owned(entry.note.link_targets()), Cow::Borrowed);
                // The headings of the note at an index, where the load kept them.
                let headings_at = |index: usize| {
                    let kept = self.links.get(index).and_then(Option::as_ref);
                    kept.map(|targets| &targets.headings)
                };
                for (destination, line) in targets.iter() {
                    let target = crate::note::links::target_of(destination);
                    let heading = destination.split_once('#').map(|(_, heading)| heading);
                    // `[[#Heading]]` points into the same note.
                    let (headings, missing) = if target.is_empty() {
                        (Some(&targets.headings), None)
                    } else {
                        let key = key_into(target, &mut buffer);
                        match self.index.get(key) {
                            Some(&index) => (headings_at(index), None),
                            None if self.attachments.contains(key) => (None, None),
                            None => (None, Some(unresolved_message(target))),
                        }
                    };
                    let missing = missing.or_else(|| {
                        let heading = heading?;
                        let lacking = missing_heading(heading, headings?)?;
                        Some(heading_message(destination, target, lacking))
                    });
                    let Some(message) = missing else {
                        continue;
                    };
                    if found.len() == MAX_UNRESOLVED_SAID {
                        more += 1;
                        continue;
                    }
                    found.push(Finding::warning(&entry.note.path, Some(line), message));
                }
                if more > 0 {
                    let last = found.last().and_then(|f| f.line);
                    found.push(Finding::warning(
                        &entry.note.path,
                        last,
                        format!(
                            "and {more} more links in this note that lead to no note or heading \
                             (the first {MAX_UNRESOLVED_SAID} are listed)"
                        ),
                    ));
                }
                found
            })
            .collect();
        let mut findings = self.findings.clone();
        findings.extend(unresolved);
        // Paths compared as strings (as `discover` sorts them): Path's component-wise
        // comparison costs more than everything else here on a large vault.
        findings.sort_by(|a, b| (a.path.as_os_str(), a.line).cmp(&(b.path.as_os_str(), b.line)));
        findings
    }
}

/// What to say about a link that leads nowhere: a missing note is created as `NAME.md`, while a
/// missing picture or PDF (`[[photo.png]]`) is a file to add.
fn unresolved_message(target: &str) -> String {
    if names_a_file(target) {
        format!("[[{target}]] does not match any file in the vault: add {target} or fix the link")
    } else {
        format!(
            "[[{target}]] does not match any note: create {}.md or fix the link",
            strip_md(target)
        )
    }
}

/// The first heading of `heading` (`A`, or each of `A#B`, a heading under another) that the
/// note lacks; `None` when it has them all, and for a block reference (`^id`), not checked.
fn missing_heading<'h>(heading: &'h str, headings: &Headings) -> Option<&'h str> {
    if heading.trim().is_empty() || heading.trim_start().starts_with('^') {
        return None;
    }
    heading
        .split('#')
        .map(str::trim)
        .find(|part| !part.is_empty() && !headings.has(part))
}

/// What to say about a link to a heading its note lacks.
fn heading_message(destination: &str, target: &str, lacking: &str) -> String {
    let destination = destination.trim();
    if target.is_empty() {
        format!(
            "[[{destination}]]: this note has no heading \"{lacking}\": add it, or fix the link \
             to one of its headings"
        )
    } else {
        format!(
            "[[{destination}]]: \"{target}\" has no heading \"{lacking}\": add it there, or \
             fix the link to one of its headings"
        )
    }
}

/// The target ends in a file extension other than `.md` (`photo.png`, `docs/file.pdf`). A dot
/// followed by a word with a space or by digits alone (`Dr. Who`, `Plan v1.2`) still names a note.
fn names_a_file(target: &str) -> bool {
    let name = target.rsplit(['/', '\\']).next().unwrap_or(target);
    name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && extension.chars().all(|c| c.is_ascii_alphanumeric())
            && extension.chars().any(|c| c.is_ascii_alphabetic())
            && !extension.eq_ignore_ascii_case("md")
    })
}

/// The lookup key of a name, alias or path: `.md` dropped, `/` separators, NFC, lower case.
fn key(name: &str) -> String {
    let mut key = String::new();
    key_into(name, &mut key);
    key
}

/// `key`, written into a reused buffer.
fn key_into<'b>(name: &str, buffer: &'b mut String) -> &'b str {
    buffer.clear();
    let mut name = name.trim();
    // `strip_prefix` in a loop: `trim_start_matches` with a string pattern sets up a substring
    // search, which costs more than the rest of the key on every link of a large vault.
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    let name = strip_md(name.trim_start_matches(['/', '\\']));
    let separators = |c: char| if c == '\\' { '/' } else { c };
    // Most names are ASCII, which every normal form leaves alone.
    if name.is_ascii() {
        buffer.push_str(name);
        buffer.make_ascii_lowercase();
        if buffer.contains('\\') {
            *buffer = buffer.replace('\\', "/");
        }
    } else {
        buffer.extend(name.nfc().flat_map(char::to_lowercase).map(separators));
    }
    buffer
}

fn strip_md(name: &str) -> &str {
    match name.len().checked_sub(3) {
        Some(cut) if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".md") => {
            &name[..cut]
        }
        _ => name,
    }
}

/// Reads, parses and types one user file; any failure becomes a finding and a stand-in entry.
fn load_file(root: &Path, path: &Path, relative: &str, keep: Keep) -> Loaded {
    let shown = PathBuf::from(relative);
    let origin = Origin::User(root.to_path_buf());
    match read_text(path, &shown) {
        Ok(text) => type_note(
            &shown,
            Note::parse_owned(&shown, text),
            origin,
            relative,
            keep,
        ),
        Err(finding) => stand_in(&shown, origin, relative, keep, vec![finding]),
    }
}

/// The file's text, or an error finding saying why it cannot be a note.
fn read_text(path: &Path, shown: &Path) -> Result<String, Finding> {
    let unreadable = |e: std::io::Error| Finding::error(shown, None, unreadable(&e));
    let file = open_note(path).map_err(unreadable)?;
    let too_large = || too_large(shown);
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(unreadable(std::io::Error::other(
            "it is not a regular file",
        )));
    }
    let size = meta.len();
    if size > MAX_NOTE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // `take` guards against a file that grows while it is read.
    file.take(MAX_NOTE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_NOTE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        not_utf8(shown, 1 + valid.iter().filter(|&&b| b == b'\n').count())
    })
}

fn too_large(shown: &Path) -> Finding {
    Finding::error(
        shown,
        None,
        "this file is larger than 4 MiB, too big to be a note, so it was skipped: split it up or move \
         it out of the vault",
    )
}

fn not_utf8(shown: &Path, line: usize) -> Finding {
    Finding::error(
        shown,
        Some(line),
        "this file is not UTF-8 text, so it was skipped: save it as UTF-8 (most editors offer this \
         under \"Save with encoding\")",
    )
}

/// Opens a note the walk found: never through a symlink (the walk resolved those to a target
/// inside the vault) and without waiting, should a FIFO have taken the file's place since.
fn open_note(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Types a parsed note; a note that failed to parse or type keeps a stand-in entry.
fn type_note(
    shown: &Path,
    parsed: Result<Note, NoteError>,
    origin: Origin,
    relative: &str,
    keep: Keep,
) -> Loaded {
    let mut note = match parsed {
        Ok(note) => note,
        Err(e) => return stand_in(shown, origin, relative, keep, vec![e.into()]),
    };
    // A user's older copy of a coach note gets the keys it lacks from the shipped one.
    let filled_in = match origin {
        Origin::User(_) => fill_in::fill_in(&mut note),
        Origin::Shipped => None,
    };
    let mut links = None;
    let typed = match keep {
        Keep::Everything => Model::from_note(&note),
        // A skill or practice is typed from its sections: its links come from the same pass.
        Keep::ForCheck => Model::from_note_with(&note, |note| {
            let (sections, targets) = note.sections_and_link_targets();
            links = Some(targets);
            sections
        }),
    };
    let (model, mut findings) = match typed {
        Ok(typed) => (typed.model, typed.warnings),
        Err(e) => (Model::Plain, vec![e.into()]),
    };
    findings.extend(filled_in);
    let alias_keys = note.aliases().iter().map(|alias| key(alias)).collect();
    if keep == Keep::ForCheck {
        let mut targets = links.unwrap_or_else(|| note.link_targets());
        targets.shrink_to_fit();
        links = Some(targets);
        note.forget_text();
    }
    Loaded {
        sound: findings
            .iter()
            .all(|f| f.severity != crate::diagnostic::Severity::Error),
        path_key: key(relative).into(),
        entry: Slot::Ready(Box::new(Entry {
            note,
            model,
            origin,
        })),
        alias_keys,
        links: links.map(Box::new),
        findings: findings.into(),
    }
}

fn stand_in(
    shown: &Path,
    origin: Origin,
    relative: &str,
    keep: Keep,
    findings: Vec<Finding>,
) -> Loaded {
    let note = Note::empty(shown);
    Loaded {
        path_key: key(relative).into(),
        entry: Slot::Ready(Box::new(Entry {
            note,
            model: Model::Plain,
            origin,
        })),
        sound: false,
        alias_keys: Box::default(),
        links: (keep == Keep::ForCheck).then(Box::default),
        findings: findings.into(),
    }
}

/// Every `.md` file compiled in from `content/`, shown as `<shipped>/...`.
fn shipped_notes(keep: Keep) -> Vec<Loaded> {
    let mut files = Vec::new();
    collect_shipped(&SHIPPED, &mut files);
    files.sort_by_key(|f| f.path());
    let mut parsed = shipped_frontmatter::parsed();
    files
        .into_iter()
        .map(|file| {
            let relative = file.path().to_string_lossy().replace('\\', "/");
            let shown = Path::new(SHIPPED_PREFIX).join(&relative);
            match file.contents_utf8() {
                Some(text) => {
                    let fields = parsed.remove(&relative);
                    let note =
                        Note::parse_owned_with(&shown, text.to_string(), |path, yaml, line| {
                            shipped_frontmatter::frontmatter(fields, path, yaml, line)
                        });
                    type_note(&shown, note, Origin::Shipped, &relative, keep)
                }
                None => stand_in(
                    &shown,
                    Origin::Shipped,
                    &relative,
                    keep,
                    vec![Finding::error(
                        &shown,
                        None,
                        "this shipped file is not UTF-8 text",
                    )],
                ),
            }
        })
        .collect()
}

fn collect_shipped(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
    out.extend(dir.files().filter(|f| is_markdown(f.path())));
    for sub in dir.dirs() {
        collect_shipped(sub, out);
    }
}
