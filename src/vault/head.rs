//! The head of a user's note: what the layered load keeps of each note without reading its body
//! (its type, aliases and focus, and what `skills` lists of it), read from no further into the
//! file than its frontmatter goes.
use crate::diagnostic::Finding;
use crate::model::{Class, Model};
use crate::note::frontmatter::{self, Split};
use crate::note::{Frontmatter, Note, NoteError};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// How much of a file is read first for its frontmatter: most frontmatter fits.
const HEAD_BYTES: usize = 4096;

/// What a note's frontmatter says, as far as the layered vault needs it. It is all the metadata
/// cache keeps of a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// What a plain note's head holds is written as nothing at all: most of a cache is plain notes.
pub(super) struct NoteHead {
    /// `fileClass`, trimmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_class: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// `current_focus: true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub current_focus: bool,
    /// What `skills` lists of it, when it is a skill or practice.
    #[serde(default, skip_serializing_if = "Listing::is_unread")]
    pub listing: Listing,
}

/// What `skills` lists of a skill or practice, as far as its head was read for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Listing {
    /// Not looked for: the head was read for a command that lists nothing (or the note is
    /// neither a skill nor a practice).
    #[default]
    Unread,
    /// Only the body can say: its description or steps are written there, or it does not type.
    InBody,
    /// Its frontmatter alone types it.
    Head(ListedHead),
}

impl Listing {
    fn is_unread(&self) -> bool {
        *self == Listing::Unread
    }
}

/// A skill's or practice's line in `skills`, from its frontmatter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct ListedHead {
    pub description: String,
    pub current_focus: bool,
    /// A core skill with steps: `start` can walk it.
    pub walkable: bool,
}

impl NoteHead {
    pub fn class(&self) -> Class {
        Class::of(self.file_class.as_deref())
    }

    /// A skill or practice whose listing was not looked for: `skills` reads its head again.
    pub fn lacks_listing(&self) -> bool {
        self.listing == Listing::Unread && matches!(self.class(), Class::Skill(_) | Class::Practice)
    }
}

/// The head of the note at `path` (shown as `shown`), with what `skills` lists of it when
/// `listing`: `Err` when the head already shows the note cannot load (unreadable, too large, not
/// UTF-8 or frontmatter the parser refuses).
pub(super) fn read(path: &Path, shown: &Path, listing: bool) -> Result<NoteHead, Finding> {
    let unreadable = |e: std::io::Error| Finding::error(shown, None, super::unreadable(&e));
    let file = super::open_note(path).map_err(unreadable)?;
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
            return Ok(NoteHead::default());
        }
        match frontmatter::split(shown, text) {
            Ok(Split {
                yaml: Some((yaml, first_line)),
                body,
                ..
            }) => {
                let through_frontmatter = &text[..text.len() - body.len()];
                let through_frontmatter = listing.then_some(through_frontmatter);
                let mut head = of_frontmatter(shown, yaml, first_line, through_frontmatter)?;
                if listing && head.lacks_listing() {
                    // Typed by a frontmatter only the whole note's parse reads rightly.
                    head.listing = Listing::InBody;
                }
                return Ok(head);
            }
            Ok(Split { yaml: None, .. }) => return Ok(NoteHead::default()),
            Err(e) if complete => return Err(e.into()),
            // The closing fence is further on: read more, up to the frontmatter's cap.
            Err(_) if limit > crate::note::MAX_FRONTMATTER_BYTES => {
                return frontmatter::bounded(shown, text, 2)
                    .map(|()| NoteHead::default())
                    .map_err(Finding::from);
            }
            Err(_) => limit *= 4,
        }
    }
}

/// The fields of a note's frontmatter the head keeps; the rest are skipped by the parser
/// without being built.
#[derive(Deserialize)]
struct Fields {
    #[serde(rename = "fileClass")]
    file_class: Option<serde_yaml::Value>,
    aliases: Option<serde_yaml::Value>,
    current_focus: Option<serde_yaml::Value>,
}

/// The head, given the frontmatter's YAML (which starts on file line `first_line`) and, when
/// what `skills` lists is wanted, the file's text through the closing fence. Frontmatter that
/// can hold neither `fileClass` nor `aliases` is only checked against the parser's bounds;
/// frontmatter the parser refuses is parsed in full for the error `check` would give.
fn of_frontmatter(
    shown: &Path,
    yaml: String,
    first_line: usize,
    through_frontmatter: Option<&str>,
) -> Result<NoteHead, NoteError> {
    frontmatter::bounded(shown, &yaml, first_line)?;
    // A key can only be spelled differently from its text through an escape in quotes.
    let may_matter = yaml.contains("fileClass")
        || yaml.contains("aliases")
        || (yaml.contains('\\') && yaml.contains('"'));
    if !may_matter || yaml.trim().is_empty() {
        return Ok(NoteHead::default());
    }
    // Typed, most likely, with its listing wanted: parsed once as the whole note would be, for
    // head and listing. (A listing left out, say for a `fileClass` spelled with an escape, only
    // means that `skills` reads the note's body for its line.)
    if let Some(text) = through_frontmatter
        && yaml.contains("fileClass")
    {
        return Note::parse(shown, text).map(|note| of_note(&note));
    }
    let fields = match serde_yaml::from_str::<Fields>(&yaml) {
        Ok(fields) => fields,
        Err(_) => return Frontmatter::parse(shown, yaml, first_line).map(|_| NoteHead::default()),
    };
    Ok(NoteHead {
        file_class: fields
            .file_class
            .as_ref()
            .and_then(serde_yaml::Value::as_str)
            .map(|c| c.trim().to_string()),
        aliases: frontmatter::aliases_of(fields.aliases.as_ref()),
        current_focus: fields.current_focus == Some(serde_yaml::Value::Bool(true)),
        listing: Listing::Unread,
    })
}

/// The head of a note parsed through its frontmatter, with its listing.
fn of_note(note: &Note) -> NoteHead {
    let file_class = note.file_class().map(str::to_string);
    let mut head = NoteHead {
        aliases: note.aliases(),
        current_focus: note.field("current_focus") == Some(&serde_yaml::Value::Bool(true)),
        listing: Listing::Unread,
        file_class,
    };
    if matches!(head.class(), Class::Skill(_) | Class::Practice) {
        head.listing = listed(note).map_or(Listing::InBody, Listing::Head);
    }
    head
}

/// The note typed as though it had no body: when that types it, its line in `skills` is what
/// the whole note would give, since a body only adds to what the frontmatter leaves out.
fn listed(note: &Note) -> Option<ListedHead> {
    match Model::from_note(note).ok()?.model {
        Model::Skill(skill) => Some(ListedHead {
            walkable: skill.is_walkable(),
            description: skill.description,
            current_focus: skill.current_focus,
        }),
        Model::Practice(practice) => Some(ListedHead {
            description: practice.description,
            current_focus: false,
            walkable: false,
        }),
        _ => None,
    }
}
