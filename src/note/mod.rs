//! A note is one markdown file: optional YAML frontmatter, then a markdown body.
//!
//! `Note::parse` is pure (path and text in, note or error out) so it is tested with inline strings.
//! Typing a note into a `Skill` or `Practice` happens in `model`; this module only splits and reads.

mod bounds;
pub mod frontmatter;
mod headings;
mod lines;
pub mod links;
mod list_item;
mod merge;
mod plain_links;
mod plain_outline;
mod plain_yaml;
mod scan;
pub mod sections;

use std::path::{Path, PathBuf};

pub(crate) use bounds::MAX_FRONTMATTER_BYTES;
pub use frontmatter::Frontmatter;
pub(crate) use headings::Headings;
pub use links::{LocatedLink, WikiLink};
pub use list_item::ListItem;
pub(crate) use plain_yaml::read_keys as read_plain_yaml_keys;
pub use sections::Section;

/// A note as read from disk or from the shipped content, before it is typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Where it came from, as the user should see it in messages (vault-relative where there is a vault).
    pub path: PathBuf,
    /// The file stem: a note's name, as in Obsidian.
    pub name: String,
    pub frontmatter: Option<Frontmatter>,
    /// The file's text; the body is the part from `body_start` on.
    text: String,
    body_start: usize,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// A note that cannot be read: names the file and, where known, the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct NoteError {
    pub path: PathBuf,
    pub line: Option<usize>,
    /// Plain words: what is wrong and what to fix.
    pub message: String,
}

impl NoteError {
    pub fn new(path: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl From<NoteError> for crate::diagnostic::Finding {
    fn from(e: NoteError) -> Self {
        crate::diagnostic::Finding::error(e.path, e.line, e.message)
    }
}

impl Note {
    /// Splits `text` into frontmatter and body. Never panics, whatever the input.
    pub fn parse(path: &Path, text: &str) -> Result<Note, NoteError> {
        Note::parse_owned(path, text.to_string())
    }

    /// `parse`, keeping the text's own buffer: the vault reads thousands of notes and this saves
    /// a copy of each.
    pub(crate) fn parse_owned(path: &Path, text: String) -> Result<Note, NoteError> {
        Note::parse_owned_with(path, text, Frontmatter::parse)
    }

    /// `parse_owned`, with the frontmatter's YAML (and the line it starts on) made into fields by
    /// `frontmatter`.
    pub(crate) fn parse_owned_with(
        path: &Path,
        text: String,
        frontmatter: impl FnOnce(&Path, String, usize) -> Result<Frontmatter, NoteError>,
    ) -> Result<Note, NoteError> {
        let bom = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let split = frontmatter::split(path, &text[bom..])?;
        let body_start = text.len() - split.body.len();
        let (yaml, body_line) = (split.yaml, split.body_line);
        let frontmatter = yaml
            .map(|(yaml, first_line)| frontmatter(path, yaml, first_line))
            .transpose()?;
        Ok(Note {
            path: path.to_path_buf(),
            name: note_name(path),
            frontmatter,
            text,
            body_start,
            body_line,
        })
    }

    /// A note with no text: what stands in for a file that could not be read.
    pub(crate) fn empty(path: &Path) -> Note {
        Note {
            path: path.to_path_buf(),
            name: note_name(path),
            frontmatter: None,
            text: String::new(),
            body_start: 0,
            body_line: 1,
        }
    }

    /// The markdown after the frontmatter (the whole text when there is none), BOM removed.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Drops the text and frontmatter, keeping the path and name: what `check` keeps of a note
    /// once it is typed and its links are read.
    pub(crate) fn forget_text(&mut self) {
        self.text = String::new();
        self.body_start = 0;
        self.frontmatter = None;
    }

    /// A frontmatter field, if the note has it.
    pub fn field(&self, name: &str) -> Option<&serde_yaml::Value> {
        self.frontmatter.as_ref()?.get(name)
    }

    /// The `fileClass` field, if the note has one.
    pub fn file_class(&self) -> Option<&str> {
        self.frontmatter.as_ref()?.file_class()
    }

    /// `aliases:` from the frontmatter (a list or a single string), for link resolution.
    pub fn aliases(&self) -> Vec<String> {
        self.frontmatter
            .as_ref()
            .map(Frontmatter::aliases)
            .unwrap_or_default()
    }

    /// Every wiki-link in the note, in frontmatter strings and in the body (not inside code),
    /// each with the file line it stands on.
    pub fn links(&self) -> Vec<LocatedLink> {
        let mut links = self
            .frontmatter
            .as_ref()
            .map(Frontmatter::links)
            .unwrap_or_default();
        links.extend(links::body_links(self.body(), self.body_line));
        links
    }

    /// Every link's destination (`Note#Heading` of `[[Note#Heading|label]]`, `#Heading` for a
    /// same-note link) with its line, and the note's headings: what `check` resolves.
    pub(crate) fn link_targets(&self) -> LinkTargets {
        let mut targets = self.frontmatter_link_targets();
        let mut headings = headings::Gathered::default();
        links::walk_body_links(
            self.body(),
            self.body_line,
            |destination, _, line, _| targets.push(destination, line),
            Some(&mut |heading| headings.add(heading)),
        );
        targets.headings = headings.done();
        targets
    }

    /// The body's sections and `link_targets`, from one reading of the body: what typing a skill
    /// or practice for `check` needs.
    pub(crate) fn sections_and_link_targets(&self) -> (Vec<Section>, LinkTargets) {
        let mut targets = self.frontmatter_link_targets();
        let mut headings = headings::Gathered::default();
        let sections = sections::sections_and_links(
            self.body(),
            self.body_line,
            |destination, _, line, _| targets.push(destination, line),
            |heading| headings.add(heading),
        );
        targets.headings = headings.done();
        (sections, targets)
    }

    fn frontmatter_link_targets(&self) -> LinkTargets {
        // Room for a typical note's links up front: growing a buffer from nothing copies it
        // several times, and the buffers are shrunk to fit once the note is read.
        let mut targets = LinkTargets {
            text: String::with_capacity(512),
            ends: Vec::with_capacity(32),
            headings: Headings::default(),
        };
        for located in self.frontmatter.iter().flat_map(Frontmatter::links) {
            match &located.link.heading {
                Some(heading) => {
                    targets.push(&format!("{}#{heading}", located.link.target), located.line)
                }
                None => targets.push(&located.link.target, located.line),
            }
        }
        targets
    }

    /// The body's `#` sections in order, each with its file line.
    pub fn sections(&self) -> Vec<Section> {
        sections::sections(self.body(), self.body_line)
    }
}

/// The destination of each link of a note (`Note#Heading`, as written before any `|`), with its
/// file line, in one buffer, and the note's headings: a vault being checked keeps these for
/// every note after dropping the bodies, so they are kept small.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LinkTargets {
    /// The destinations, one after another.
    text: String,
    /// Where each destination ends in `text`, and its line.
    ends: Vec<(u32, u32)>,
    /// The note's own headings, for links into it.
    pub(crate) headings: Headings,
}

impl LinkTargets {
    fn push(&mut self, target: &str, line: usize) {
        self.text.push_str(target);
        // A note is at most 4 MiB (the vault skips larger files), so both fit.
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.ends.push((to_u32(self.text.len()), to_u32(line)));
    }

    /// `(destination, line)` in the order the links are written.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, line)| {
            let target = self.text.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            (target, line as usize)
        })
    }

    /// Gives back spare capacity: kept for every note of a vault.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// A note's name is its file stem, as in Obsidian.
pub(crate) fn note_name(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}
