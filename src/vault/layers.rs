//! The layered load that the reading commands (`start`, `skills`, `show`, `mistakes`) and the
//! shell completions use: the walk gives each note's name and path; the frontmatter at the head
//! of each file (`head`), or the metadata cache for a file unchanged since the last run
//! (`head_cache`), gives its type, aliases, focus and what `skills` lists; a note's body is read
//! and parsed only when a command asks for that note. On a large vault this is the difference
//! between reading every byte and parsing every note, and opening every file for its first few
//! kilobytes, or none. (`check` still loads everything, eagerly.)
use super::head::{self, Held, Listing, NoteHead};
use super::head_cache::HeadCache;
use super::stamp::Stamp;
use super::walk::{Found, note_path};
use super::{Entry, Keep, Loaded, Origin, Vault, key, load_file, stand_in};
use crate::diagnostic::{Finding, Severity};
use crate::model::{Class, Skill, SkillKind};
use std::borrow::Cow;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// A note's entry: ready (typed when loaded), or to be read when first asked for. Boxed: the
/// slots of a large vault are all held at once while it is put together.
#[derive(Debug)]
pub(super) enum Slot {
    Ready(Box<Entry>),
    Later(Box<Pending>),
}

impl Slot {
    pub(super) fn path(&self) -> &Path {
        match self {
            Slot::Ready(entry) => &entry.note.path,
            Slot::Later(pending) => Path::new(&*pending.relative),
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Slot::Ready(entry) => &entry.note.name,
            Slot::Later(pending) => pending.name(),
        }
    }

    pub(super) fn ready(self) -> Option<Box<Entry>> {
        match self {
            Slot::Ready(entry) => Some(entry),
            Slot::Later(_) => None,
        }
    }
}

/// What the head of a user's note said, and where to read the rest.
#[derive(Debug)]
pub(super) struct Pending {
    /// Where to read the note when that is not the vault's folder joined to `relative` (a
    /// link's target). (The folder is the vault's, held once for all its notes.)
    linked: Option<Box<Path>>,
    relative: Box<str>,
    held: Held,
    /// The file's stamp when its head was read, for the metadata cache (none when it could not
    /// be taken).
    stamp: Option<Stamp>,
    /// The head already showed the note cannot load: reading it again would say why, so it
    /// becomes a stand-in without being read.
    broken: bool,
}

impl Pending {
    fn head(&self) -> &NoteHead {
        self.held.get()
    }

    fn path(&self, root: &Path) -> Cow<'_, Path> {
        note_path(root, self.linked.as_deref(), &self.relative)
    }

    /// The note's name: its file's stem, as `note_name` gives it, without a copy of its own.
    fn name(&self) -> &str {
        Path::new(&*self.relative)
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
    }
}

/// One note of a layered vault.
#[derive(Debug)]
pub(super) struct Record {
    /// Where to read the note, until it is read (none for a note typed when loaded).
    pending: Option<Box<Pending>>,
    class: Class,
    /// The entry, once read, and whether it loaded soundly (boxed: most notes are never read).
    read: OnceLock<Box<Read>>,
    /// The shipped note this one hides: what stands for it if it turns out broken.
    fallback: Option<usize>,
    /// A shipped note hidden by a user note of the same name.
    hidden: bool,
}

impl Record {
    pub(super) fn new(slot: Slot, fallback: Option<usize>, hidden: bool) -> Record {
        let (pending, class, read) = match slot {
            Slot::Ready(entry) => (
                None,
                Class::of_model(&entry.model),
                OnceLock::from(Box::new(Read {
                    entry: *entry,
                    sound: true,
                    errors: Box::default(),
                })),
            ),
            Slot::Later(pending) => {
                let class = pending.head().class();
                (Some(pending), class, OnceLock::new())
            }
        };
        Record {
            pending,
            class,
            read,
            fallback,
            hidden,
        }
    }

    /// The entry, read from the vault at `root` the first time it is asked for. A note found
    /// broken then, that gives way to the shipped note it hides, has what is wrong with it put
    /// in `stood_in`, for the command to say.
    fn read(&self, root: &Path, stood_in: &Mutex<Vec<Finding>>) -> &Read {
        self.read.get_or_init(|| {
            let pending = self
                .pending
                .as_ref()
                .expect("a note not typed when loaded is pending");
            let read = read(pending, root);
            if !read.sound && self.fallback.is_some() {
                let mut stood_in = stood_in.lock().unwrap_or_else(PoisonError::into_inner);
                stood_in.extend(read.errors.iter().map(|error| {
                    Finding::warning(
                        &error.path,
                        error.line,
                        format!(
                            "{}; until then the shipped note \"{}\" is used",
                            error.message,
                            pending.name()
                        ),
                    )
                }));
            }
            Box::new(read)
        })
    }
}

/// A note read when first asked for.
#[derive(Debug)]
struct Read {
    entry: Entry,
    /// Whether it loaded soundly, and if not, the errors that say why.
    sound: bool,
    errors: Box<[Finding]>,
}

/// The notes of a vault, all typed at once (`check`, the shipped notes) or in layers. Boxed
/// entries: a large vault's are all held at once while it is put together.
#[derive(Debug)]
pub(super) enum Notes {
    // Boxed, so that the slots they are moved out of are small: unboxed, the slots and this
    // list were two full copies of every entry at once (12 MB more for 10,000 notes).
    #[expect(clippy::vec_box, reason = "see above")]
    Eager(Vec<Box<Entry>>),
    Layered {
        records: Vec<Record>,
        /// The vault's folder, which the notes' paths are relative to.
        root: Arc<Path>,
    },
}

impl Default for Notes {
    fn default() -> Notes {
        Notes::Eager(Vec::new())
    }
}

/// A skill or practice as `skills` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed<'v> {
    pub name: &'v str,
    pub kind: ListedKind,
    pub description: &'v str,
    pub current_focus: bool,
    /// A core skill with steps: `start NAME` can walk it.
    pub walkable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListedKind {
    Skill(SkillKind),
    Practice,
}

impl Vault {
    /// The entry at `index`, read now if it was not yet; a user note found broken gives way to
    /// the shipped note it meant to replace.
    pub(super) fn entry_at(&self, index: usize) -> &Entry {
        match &self.notes {
            Notes::Eager(entries) => &entries[index],
            Notes::Layered { records, root } => {
                let record = &records[index];
                let read = record.read(root, &self.stood_in);
                match record.fallback {
                    Some(fallback) if !read.sound => self.entry_at(fallback),
                    _ => &read.entry,
                }
            }
        }
    }

    /// What was wrong with each user note found broken when it was read (in a layered vault).
    pub(super) fn read_errors(&self) -> impl Iterator<Item = &Finding> {
        let records = match &self.notes {
            Notes::Layered { records, .. } => records.as_slice(),
            Notes::Eager(_) => &[],
        };
        (records.iter())
            .filter_map(|record| record.read.get())
            .flat_map(|read| &read.errors)
    }

    pub(super) fn len(&self) -> usize {
        match &self.notes {
            Notes::Eager(entries) => entries.len(),
            Notes::Layered { records, .. } => records.len(),
        }
    }

    /// The indices of the entries that may be of `class` (all of them in an eager vault), in
    /// order, without reading any note.
    pub(super) fn candidates(&self, class: Class) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(move |&i| match &self.notes {
            Notes::Eager(_) => true,
            Notes::Layered { records, .. } => {
                let record = &records[i];
                !record.hidden && (record.class == class || record.fallback.is_some())
            }
        })
    }

    /// Every entry, read if need be: a layered vault reads all its notes (in parallel).
    pub(super) fn all_entries(&self) -> Vec<&Entry> {
        match &self.notes {
            Notes::Eager(entries) => entries.iter().map(|entry| &**entry).collect(),
            Notes::Layered { records, .. } => {
                let shown: Vec<usize> =
                    (0..records.len()).filter(|&i| !records[i].hidden).collect();
                self.read_ahead(&shown);
                shown.into_iter().map(|i| self.entry_at(i)).collect()
            }
        }
    }

    /// How many notes have a `fileClass` that looks like a slip for one the coach reads, so
    /// that they are read as plain notes (by their heads, in a layered vault).
    pub fn slipped_classes(&self) -> usize {
        match &self.notes {
            Notes::Eager(entries) => entries
                .iter()
                .filter(|entry| {
                    matches!(entry.model, crate::model::Model::Plain)
                        && entry.note.file_class().and_then(Class::near_miss).is_some()
                })
                .count(),
            Notes::Layered { records, .. } => records
                .iter()
                .filter(|record| {
                    record
                        .pending
                        .as_ref()
                        .is_some_and(|pending| !pending.broken && pending.head().slip)
                })
                .count(),
        }
    }

    /// Whether the entry at `index` may be a skill in focus, by its head.
    pub(super) fn may_be_in_focus(&self, index: usize) -> bool {
        match &self.notes {
            Notes::Eager(_) => true,
            Notes::Layered { records, .. } => {
                let record = &records[index];
                record.fallback.is_some()
                    || record
                        .pending
                        .as_ref()
                        .is_none_or(|p| p.head().current_focus)
            }
        }
    }

    /// The skills and practices for `skills` to list, in stored order, from their frontmatter
    /// where it alone types them (a note's body is read only when it holds part of the line).
    pub fn listing(&self) -> Vec<Listed<'_>> {
        let classes = [
            Class::Skill(SkillKind::Core),
            Class::Skill(SkillKind::Meta),
            Class::Practice,
        ];
        let mut indices: Vec<usize> = classes.iter().flat_map(|&c| self.candidates(c)).collect();
        indices.sort_unstable();
        indices.dedup();
        let from_head = |i: usize| match &self.notes {
            Notes::Layered { records, .. } if records[i].fallback.is_none() => {
                let pending = records[i].pending.as_ref().filter(|p| !p.broken)?;
                let Listing::Head(listed) = &pending.head().listing else {
                    return None;
                };
                let kind = match pending.head().class() {
                    Class::Skill(kind) => ListedKind::Skill(kind),
                    Class::Practice => ListedKind::Practice,
                    _ => return None,
                };
                Some(Listed {
                    name: pending.name(),
                    kind,
                    description: &listed.description,
                    current_focus: listed.current_focus,
                    walkable: listed.walkable,
                })
            }
            _ => None,
        };
        let unread: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| from_head(i).is_none())
            .collect();
        self.read_ahead(&unread);
        indices
            .into_iter()
            .filter_map(|i| from_head(i).or_else(|| listed_model(&self.entry_at(i).model)))
            .collect()
    }
}

impl Vault {
    /// The skills whose `supporting_meta_skills` lead to `entry`, in stored order. A user's
    /// skill is read only when its head links to a note that may be `entry` (the note the link
    /// leads to, or one that may stand for another): the others cannot draw on it.
    pub fn skills_drawing_on(&self, entry: &Entry) -> Vec<&Skill> {
        let leads_here = |link: &crate::note::WikiLink| {
            self.resolve(link)
                .is_some_and(|e| e.note.path == entry.note.path)
        };
        let Notes::Layered { records, .. } = &self.notes else {
            return self
                .skills()
                .filter(|skill| skill.supporting_meta_skills.iter().any(leads_here))
                .collect();
        };
        // Where the note's name and its path lead (they differ when two notes share a name).
        let shown: Vec<usize> = [
            key(&entry.note.name),
            key(&entry.note.path.to_string_lossy()),
        ]
        .iter()
        .filter_map(|k| self.index.get(k.as_str()).copied())
        .collect();
        let may_be_shown =
            |i: usize| shown.contains(&i) || records[i].hidden || records[i].fallback.is_some();
        let may_draw_on_it = |i: usize| {
            let record = &records[i];
            match record.pending.as_ref().filter(|p| !p.broken) {
                Some(pending) if record.fallback.is_none() && record.read.get().is_none() => {
                    let Some(targets) = pending.head().supports.targets() else {
                        return true;
                    };
                    targets.iter().any(|target| {
                        self.index
                            .get(key(target).as_str())
                            .is_some_and(|&i| may_be_shown(i))
                    })
                }
                _ => true,
            }
        };
        self.skills_where(may_draw_on_it)
            .filter(|skill| skill.supporting_meta_skills.iter().any(leads_here))
            .collect()
    }

    /// The name and aliases of every note of one of `classes` (of every note, for `None`), in
    /// stored order, from the notes' heads: a body is read only for a user note that may yet give
    /// way to the shipped note it hides.
    pub fn names(&self, classes: Option<&[Class]>) -> Vec<(&str, Vec<String>)> {
        let wanted = |class: Class| classes.is_none_or(|c| c.contains(&class));
        fn of_entry(entry: &Entry) -> (&str, Vec<String>) {
            (entry.note.name.as_str(), entry.note.aliases())
        }
        match &self.notes {
            Notes::Eager(entries) => entries
                .iter()
                .filter(|e| wanted(Class::of_model(&e.model)))
                .map(|e| of_entry(e))
                .collect(),
            Notes::Layered { records, .. } => (0..records.len())
                .filter(|&i| !records[i].hidden)
                .filter_map(|i| {
                    let record = &records[i];
                    match &record.pending {
                        Some(pending)
                            if record.fallback.is_none() && record.read.get().is_none() =>
                        {
                            wanted(record.class)
                                .then(|| (pending.name(), pending.head().aliases.clone()))
                        }
                        _ => {
                            let entry = self.entry_at(i);
                            wanted(Class::of_model(&entry.model)).then(|| of_entry(entry))
                        }
                    }
                })
                .collect(),
        }
    }
}

/// A typed skill's or practice's line in `skills`.
fn listed_model(model: &crate::model::Model) -> Option<Listed<'_>> {
    match model {
        crate::model::Model::Skill(skill) => Some(Listed {
            name: &skill.name,
            kind: ListedKind::Skill(skill.kind),
            description: &skill.description,
            current_focus: skill.current_focus,
            walkable: skill.is_walkable(),
        }),
        crate::model::Model::Practice(practice) => Some(Listed {
            name: &practice.name,
            kind: ListedKind::Practice,
            description: &practice.description,
            current_focus: false,
            walkable: false,
        }),
        _ => None,
    }
}

/// Reads and types a note left for later.
fn read(pending: &Pending, root: &Path) -> Read {
    let origin = Origin::User(root.to_path_buf());
    let loaded = if pending.broken {
        stand_in(
            Path::new(&*pending.relative),
            origin,
            &pending.relative,
            Keep::Everything,
            Vec::new(),
        )
    } else {
        load_file(
            root,
            &pending.path(root),
            &pending.relative,
            Keep::Everything,
        )
    };
    let errors = (loaded.findings.into_vec().into_iter())
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    Read {
        sound: loaded.sound,
        entry: *loaded.entry.ready().expect("a note read is typed"),
        errors,
    }
}

/// The head of a user's note (with its file's metadata when the walk took it), from the cache
/// when its file is as it was cached, else read; the body is left for later.
pub(super) fn read_head(
    root: &Path,
    (linked, relative): Found,
    meta: Option<Metadata>,
    cache: Option<&HeadCache>,
    listing: bool,
) -> Loaded {
    let shown = Path::new(&relative);
    let path = || note_path(root, linked.as_deref(), &relative);
    let mut stamp = None;
    let cached = cache.and_then(|cache| {
        cache.take(&relative, listing, || {
            stamp = match &meta {
                Some(meta) => Some(Stamp::of_metadata(meta)),
                None => Stamp::of(&path()),
            };
            stamp
        })
    });
    let (head, stamp, findings) = match cached {
        Some(head) => (head, stamp, Vec::new()),
        None => match head::read(&path(), shown, listing) {
            Ok((head, stamp)) => (Held::new(head), Some(stamp), Vec::new()),
            Err(finding) => (Held::default(), None, vec![finding]),
        },
    };
    let broken = !findings.is_empty();
    let pending = Pending {
        linked: linked.map(PathBuf::into_boxed_path),
        relative: relative.into_boxed_str(),
        held: head,
        stamp,
        broken,
    };
    Loaded {
        path_key: key(&pending.relative).into(),
        sound: !broken,
        alias_keys: pending.head().aliases.iter().map(|a| key(a)).collect(),
        links: None,
        findings: findings.into(),
        entry: Slot::Later(Box::new(pending)),
    }
}

impl Vault {
    /// The head of every user note that read soundly, with its stamp: what the metadata cache
    /// keeps for the next run.
    pub(super) fn heads(&self) -> impl Iterator<Item = (&str, Stamp, &Held)> + Clone {
        let records = match &self.notes {
            Notes::Layered { records, .. } => records.as_slice(),
            Notes::Eager(_) => &[],
        };
        records.iter().filter_map(|record| {
            let pending = record.pending.as_ref().filter(|p| !p.broken)?;
            Some((&*pending.relative, pending.stamp?, &pending.held))
        })
    }
}
