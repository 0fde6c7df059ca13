//! The layered load that the reading commands (`start`, `skills`, `show`, `mistakes`) use: the
//! walk gives each note's name and path; the frontmatter at the head of each file gives its type,
//! aliases and what `skills` lists; a note's body is read and parsed only when a command asks for
//! that note. On a large vault this is the difference between reading every byte and parsing
//! every note, and opening every file for its first few kilobytes. (`check` still loads
//! everything, eagerly.)
use super::{Entry, Keep, Loaded, Origin, Vault, key, load_file, open_note, stand_in};
use crate::diagnostic::Finding;
use crate::model::{Class, SkillKind};
use crate::note::frontmatter::{self, Split};
use crate::note::{Frontmatter, NoteError};
use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// How much of a file is read first for its frontmatter: most frontmatter fits.
const HEAD_BYTES: usize = 4096;

/// A note's entry: ready (typed when loaded), or to be read when first asked for.
// Short-lived (moved out as the vault is assembled); boxing the entry would cost `check` an
// allocation per note.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(super) enum Slot {
    Ready(Entry),
    Later(Pending),
}

impl Slot {
    pub(super) fn path(&self) -> &Path {
        match self {
            Slot::Ready(entry) => &entry.note.path,
            Slot::Later(pending) => Path::new(&pending.relative),
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Slot::Ready(entry) => &entry.note.name,
            Slot::Later(pending) => &pending.name,
        }
    }

    pub(super) fn ready(self) -> Option<Entry> {
        match self {
            Slot::Ready(entry) => Some(entry),
            Slot::Later(_) => None,
        }
    }
}

/// What the head of a user's note said, and where to read the rest.
#[derive(Debug)]
pub(super) struct Pending {
    /// The vault's folder, shared by all its notes.
    root: Arc<Path>,
    path: PathBuf,
    relative: String,
    name: String,
    class: Class,
    current_focus: bool,
    description: Option<String>,
    /// The head already showed the note cannot load: reading it again would say why, so it
    /// becomes a stand-in without being read.
    broken: bool,
}

/// One note of a layered vault.
#[derive(Debug)]
pub(super) struct Record {
    /// Where to read the note, until it is read (none for a note typed when loaded).
    pending: Option<Pending>,
    class: Class,
    /// The entry, once read, and whether it loaded soundly (boxed: most notes are never read).
    read: OnceLock<Box<(Entry, bool)>>,
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
                OnceLock::from(Box::new((entry, true))),
            ),
            Slot::Later(pending) => {
                let class = pending.class;
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

    fn read(&self) -> &(Entry, bool) {
        self.read.get_or_init(|| {
            Box::new(read(
                self.pending
                    .as_ref()
                    .expect("a note not typed when loaded is pending"),
            ))
        })
    }
}

/// The notes of a vault, all typed at once (`check`, the shipped notes) or in layers.
#[derive(Debug)]
pub(super) enum Notes {
    Eager(Vec<Entry>),
    Layered {
        records: Vec<Record>,
        /// Every entry, read when a caller asks for all of them at once.
        all: OnceLock<Vec<Entry>>,
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
            Notes::Layered { records, .. } => {
                let record = &records[index];
                let (entry, sound) = record.read();
                match record.fallback {
                    Some(fallback) if !sound => self.entry_at(fallback),
                    _ => entry,
                }
            }
        }
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

    /// Every entry, read if need be: a layered vault reads all its notes the first time.
    pub(super) fn all_entries(&self) -> &[Entry] {
        match &self.notes {
            Notes::Eager(entries) => entries,
            Notes::Layered { records, all } => all.get_or_init(|| {
                use rayon::prelude::*;
                (0..records.len())
                    .into_par_iter()
                    .filter(|&i| !records[i].hidden)
                    .map(|i| self.entry_at(i).clone())
                    .collect()
            }),
        }
    }

    /// Whether the entry at `index` may be a skill in focus, by its head.
    pub(super) fn may_be_in_focus(&self, index: usize) -> bool {
        match &self.notes {
            Notes::Eager(_) => true,
            Notes::Layered { records, .. } => {
                let record = &records[index];
                record.fallback.is_some() || record.pending.as_ref().is_none_or(|p| p.current_focus)
            }
        }
    }

    /// The skills and practices for `skills` to list, from their frontmatter where it holds
    /// what the list shows (a note's body is read only when its description is there).
    pub fn listing(&self) -> Vec<Listed<'_>> {
        let from_model = |i: usize| match &self.entry_at(i).model {
            crate::model::Model::Skill(skill) => Some(Listed {
                name: &skill.name,
                kind: ListedKind::Skill(skill.kind),
                description: &skill.description,
                current_focus: skill.current_focus,
            }),
            crate::model::Model::Practice(practice) => Some(Listed {
                name: &practice.name,
                kind: ListedKind::Practice,
                description: &practice.description,
                current_focus: false,
            }),
            _ => None,
        };
        let classes = [
            Class::Skill(SkillKind::Core),
            Class::Skill(SkillKind::Meta),
            Class::Practice,
        ];
        let mut indices: Vec<usize> = classes.iter().flat_map(|&c| self.candidates(c)).collect();
        indices.sort_unstable();
        indices.dedup();
        indices
            .into_iter()
            .filter_map(|i| match &self.notes {
                Notes::Layered { records, .. } => match &records[i].pending {
                    Some(pending) if !pending.broken && records[i].fallback.is_none() => {
                        let kind = match pending.class {
                            Class::Skill(kind) => ListedKind::Skill(kind),
                            Class::Practice => ListedKind::Practice,
                            _ => return None,
                        };
                        match &pending.description {
                            Some(description) => Some(Listed {
                                name: &pending.name,
                                kind,
                                description,
                                current_focus: pending.current_focus,
                            }),
                            None => from_model(i),
                        }
                    }
                    _ => from_model(i),
                },
                Notes::Eager(_) => from_model(i),
            })
            .collect()
    }
}

/// Reads and types a note left for later.
fn read(pending: &Pending) -> (Entry, bool) {
    let origin = Origin::User(pending.root.to_path_buf());
    let loaded = if pending.broken {
        stand_in(
            Path::new(&pending.relative),
            origin,
            &pending.relative,
            Keep::Everything,
            Vec::new(),
        )
    } else {
        load_file(
            &pending.root,
            &pending.path,
            &pending.relative,
            Keep::Everything,
        )
    };
    let sound = loaded.sound;
    let entry = loaded.entry.ready().expect("a note read is typed");
    (entry, sound)
}

/// The head of a user's note: its frontmatter typed just enough for the vault's index (type,
/// aliases) and for `skills` (description, focus); the body is left for later.
pub(super) fn read_head(root: &Arc<Path>, path: &Path, relative: &str) -> Loaded {
    let shown = PathBuf::from(relative);
    let name = crate::note::note_name(&shown);
    let mut pending = Pending {
        root: Arc::clone(root),
        path: path.to_path_buf(),
        relative: relative.to_string(),
        name,
        class: Class::Plain,
        current_focus: false,
        description: None,
        broken: false,
    };
    let mut findings = Vec::new();
    let mut alias_keys = Vec::new();
    match head_frontmatter(path, &shown) {
        Ok(None) => {}
        Ok(Some(head)) => {
            pending.class = Class::of(
                head.file_class
                    .as_ref()
                    .and_then(|c| c.as_str())
                    .map(str::trim),
            );
            pending.current_focus = head.current_focus == Some(serde_yaml::Value::Bool(true));
            pending.description = head
                .description
                .as_ref()
                .and_then(serde_yaml::Value::as_str)
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty());
            alias_keys = frontmatter::aliases_of(head.aliases.as_ref())
                .iter()
                .map(|a| key(a))
                .collect();
        }
        Err(finding) => {
            pending.broken = true;
            findings.push(finding);
        }
    }
    Loaded {
        name_key: key(&pending.name),
        path_key: key(relative),
        sound: !pending.broken,
        alias_keys,
        links: None,
        findings,
        entry: Slot::Later(pending),
    }
}

/// The frontmatter at the head of the file, read no further than it goes. Its YAML is parsed
/// only when it may hold a type or aliases; any frontmatter is held to the parser's bounds.
fn head_frontmatter(path: &Path, shown: &Path) -> Result<Option<Head>, Finding> {
    let unreadable = |e: std::io::Error| Finding::error(shown, None, super::unreadable(&e));
    let file = open_note(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(unreadable(std::io::Error::other(
            "it is not a regular file",
        )));
    }
    if meta.len() > super::MAX_NOTE_BYTES {
        return Err(super::too_large(shown));
    }
    let mut bytes = Vec::with_capacity(HEAD_BYTES);
    let mut file = file.take(super::MAX_NOTE_BYTES);
    let mut limit = HEAD_BYTES;
    loop {
        (&mut file)
            .take((limit - bytes.len()) as u64)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        let complete = bytes.len() < limit;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            // Cut in the middle of a character: the head up to it.
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
            }
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                let line = 1 + memchr::memchr_iter(b'\n', valid).count();
                return Err(super::not_utf8(shown, line));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if !text.starts_with("---") {
            return Ok(None);
        }
        match frontmatter::split(shown, text) {
            Ok(Split {
                yaml: Some((yaml, first_line)),
                ..
            }) => return parse_if_needed(shown, yaml, first_line).map_err(Finding::from),
            Ok(Split { yaml: None, .. }) => return Ok(None),
            Err(e) if complete => return Err(e.into()),
            // The closing fence is further on: read more, up to the frontmatter's cap.
            Err(_) if limit > crate::note::MAX_FRONTMATTER_BYTES => {
                return frontmatter::bounded(shown, text, 2)
                    .map(|()| None)
                    .map_err(Finding::from);
            }
            Err(_) => limit *= 4,
        }
    }
}

/// The fields of a note's frontmatter that the layered vault keeps; the rest are skipped by the
/// parser without being built.
#[derive(Deserialize)]
struct Head {
    #[serde(rename = "fileClass")]
    file_class: Option<serde_yaml::Value>,
    aliases: Option<serde_yaml::Value>,
    current_focus: Option<serde_yaml::Value>,
    description: Option<serde_yaml::Value>,
}

/// Frontmatter that can hold neither `fileClass` nor `aliases` is only checked against the
/// parser's bounds; the rest is parsed for the fields of `Head`. Frontmatter the parser refuses
/// is read in full for the error `check` would give.
fn parse_if_needed(
    shown: &Path,
    yaml: String,
    first_line: usize,
) -> Result<Option<Head>, NoteError> {
    frontmatter::bounded(shown, &yaml, first_line)?;
    // A key can only be spelled differently from its text through an escape in quotes.
    let may_matter = yaml.contains("fileClass")
        || yaml.contains("aliases")
        || (yaml.contains('\\') && yaml.contains('"'));
    if !may_matter || yaml.trim().is_empty() {
        return Ok(None);
    }
    match serde_yaml::from_str::<Head>(&yaml) {
        Ok(head) => Ok(Some(head)),
        Err(_) => Frontmatter::parse(shown, yaml, first_line).map(|_| None),
    }
}
