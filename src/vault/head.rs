//! The head of a user's note: what the layered load keeps of each note without reading its body
//! (its type, aliases and focus, and what `skills` lists of it), read from no further into the
//! file than its frontmatter goes.
use super::stamp::Stamp;
use crate::diagnostic::Finding;
use crate::model::{ByFields, Class, Model, SkillsLine};
use crate::note::frontmatter::{self, Split};
use crate::note::{Frontmatter, Note, NoteError};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// How much of a file is read first for its frontmatter: most frontmatter fits, and a note
/// without any shows it in its first bytes. More is a cost on every note of a large vault (the
/// copy out of the page cache): 4 KiB took a few per cent longer.
const HEAD_BYTES: usize = 1024;

/// What a note's frontmatter says, as far as the layered vault needs it. It is all the metadata
/// cache keeps of a note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct NoteHead {
    /// What its `fileClass` says it is (written as the `fileClass`).
    #[serde(with = "as_file_class")]
    pub class: Class,
    pub aliases: Vec<String>,
    /// `current_focus: true`.
    pub current_focus: bool,
    /// What `skills` lists of it, when it is a skill or practice.
    pub listing: Listing,
    /// Its `supporting_meta_skills`: `show` reads a skill only when one of them may lead to the
    /// note shown.
    pub supports: Supports,
    /// Its `fileClass` is none the coach reads but looks like a slip for one (`core_skil`): a
    /// skill that `skills` would otherwise leave out without a word.
    #[serde(default)]
    pub slip: bool,
}

/// A head's `supporting_meta_skills`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Supports {
    #[default]
    None,
    /// The entry as the frontmatter writes it, cut out with the head's: most commands never
    /// ask, so it is parsed only when asked.
    Written(Box<str>),
    /// The notes it links to, read (when the whole frontmatter was parsed anyway).
    Targets(Box<[Box<str>]>),
}

impl Supports {
    /// The notes linked to, as written; `None` when the entry cannot be read on its own, so
    /// only the whole note can say.
    pub fn targets(&self) -> Option<Cow<'_, [Box<str>]>> {
        match self {
            Supports::None => Some(Cow::Borrowed(&[])),
            Supports::Targets(targets) => Some(Cow::Borrowed(targets)),
            Supports::Written(entry) => {
                let written =
                    match crate::note::read_plain_yaml_keys(entry, |key| key == SUPPORTING_KEY) {
                        Some(fields) => fields.into_iter().next().map(|(_, value)| value),
                        None => {
                            serde_yaml::from_str::<Supporting>(entry)
                                .ok()?
                                .supporting_meta_skills
                        }
                    };
                Some(Cow::Owned(targets_of(written)))
            }
        }
    }
}

/// The head of a note whose frontmatter says none of it (most notes).
static PLAIN: NoteHead = NoteHead {
    class: Class::Plain,
    aliases: Vec::new(),
    current_focus: false,
    listing: Listing::Unread,
    supports: Supports::None,
    slip: false,
};

/// A head as the vault and the cache hold it for each note: boxed, and nothing at all for a
/// plain note's, since a large vault holds one for every note at once.
#[derive(Debug, Default)]
pub(super) struct Held(Option<Box<NoteHead>>);

impl Held {
    pub fn new(head: NoteHead) -> Held {
        Held((head != PLAIN).then(|| Box::new(head)))
    }

    pub fn get(&self) -> &NoteHead {
        self.0.as_deref().unwrap_or(&PLAIN)
    }
}

/// Written as nothing for a plain note's head: most of a cache is plain notes.
impl Serialize for Held {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.as_deref().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Held {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Held, D::Error> {
        Option::<NoteHead>::deserialize(deserializer)
            .map(|head| Held::new(head.unwrap_or_default()))
    }
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
    Head(SkillsLine),
}

/// A head's class, kept as the `fileClass` that says it.
mod as_file_class {
    use crate::model::Class;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(class: &Class, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(class.file_class().unwrap_or_default())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Class, D::Error> {
        let file_class = String::deserialize(deserializer)?;
        Ok(Class::of(Some(file_class.as_str())))
    }
}

impl NoteHead {
    pub fn class(&self) -> Class {
        self.class
    }

    /// A skill or practice whose listing was not looked for: `skills` reads its head again.
    pub fn lacks_listing(&self) -> bool {
        self.listing == Listing::Unread && matches!(self.class(), Class::Skill(_) | Class::Practice)
    }
}

/// The head of the note at `path` (shown as `shown`), with what `skills` lists of it when
/// `listing`, and the stamp of the file it was read from: `Err` when the head already shows the
/// note cannot load (unreadable, too large, not UTF-8 or frontmatter the parser refuses).
pub(super) fn read(path: &Path, shown: &Path, listing: bool) -> Result<(NoteHead, Stamp), Finding> {
    let unreadable = unreadable(shown);
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
    let stamp = Stamp::of_metadata(&meta);
    let head = read_head(file, meta.len(), shown, listing)?;
    Ok((head, stamp))
}

/// `read`, from the open `file` of `size` bytes.
fn read_head(
    file: std::fs::File,
    size: u64,
    shown: &Path,
    listing: bool,
) -> Result<NoteHead, Finding> {
    let unreadable = unreadable(shown);
    let mut bytes = Vec::with_capacity(HEAD_BYTES);
    let mut file = file.take(super::MAX_NOTE_BYTES);
    let mut limit = HEAD_BYTES;
    loop {
        // As far as the file went when it was opened, if that is short of the limit: one read,
        // not a second to find the end.
        let want = if (bytes.len() as u64) < size {
            limit.min(size as usize)
        } else {
            limit
        };
        (&mut file)
            .take((want - bytes.len()) as u64)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        let complete = bytes.len() < limit;
        // No frontmatter: nothing in the head to read (a body that is not UTF-8 is for `check`,
        // or for the command that reads the note, to say).
        if !bytes
            .strip_prefix("\u{feff}".as_bytes())
            .unwrap_or(&bytes)
            .starts_with(b"---")
        {
            return Ok(NoteHead::default());
        }
        let (text, not_utf8_line) = utf8_lines(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = frontmatter::split(shown, text);
        // Not closed before a byte that is not UTF-8: the frontmatter holds it.
        if let (Err(_), Some(line)) = (&split, not_utf8_line) {
            return Err(super::not_utf8(shown, line));
        }
        match split {
            Ok(Split {
                yaml: Some(yaml),
                body,
                ..
            }) => return of_split(shown, text, yaml, body, listing),
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

/// `bytes` as text, up to a character cut by the end of what was read. Where a byte is not
/// UTF-8, the whole lines before it, and the line it is on.
fn utf8_lines(bytes: &[u8]) -> (&str, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            if e.error_len().is_none() {
                return (valid, None);
            }
            let lines = memchr::memrchr(b'\n', valid.as_bytes()).map_or("", |end| &valid[..=end]);
            let line = 1 + memchr::memchr_iter(b'\n', valid.as_bytes()).count();
            (lines, Some(line))
        }
    }
}

/// The head of the note whose `text` holds its frontmatter's `yaml` (and the line it starts on),
/// then `body` (as far as it was read).
fn of_split(
    shown: &Path,
    text: &str,
    (yaml, first_line): (String, usize),
    body: &str,
    listing: bool,
) -> Result<NoteHead, Finding> {
    let through_frontmatter = &text[..text.len() - body.len()];
    let through_frontmatter = listing.then_some(through_frontmatter);
    let mut head = of_frontmatter(shown, yaml, first_line, through_frontmatter)?;
    if listing && head.lacks_listing() {
        // Typed by a frontmatter only the whole note's parse reads rightly.
        head.listing = Listing::InBody;
    }
    Ok(head)
}

/// The finding for a note at `shown` that could not be read.
fn unreadable(shown: &Path) -> impl Fn(std::io::Error) -> Finding + Copy + '_ {
    move |e| Finding::error(shown, None, super::unreadable(&e))
}

/// The fields of a note's frontmatter the head keeps; the rest are skipped by the parser
/// without being built.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Fields {
    #[serde(rename = "fileClass")]
    file_class: Option<serde_yaml::Value>,
    aliases: Option<serde_yaml::Value>,
    current_focus: Option<serde_yaml::Value>,
}

/// The field the head keeps apart, read only when asked (see `Supports`).
#[derive(Deserialize)]
struct Supporting {
    supporting_meta_skills: Option<serde_yaml::Value>,
}

const SUPPORTING_KEY: &str = "supporting_meta_skills";

/// The head, given the frontmatter's YAML (which starts on file line `first_line`) and, when
/// what `skills` lists is wanted, the file's text through the closing fence. Frontmatter that
/// can hold neither `fileClass` nor `aliases` is only checked against the parser's bounds; of
/// the rest, the parser reads only the head's own entries where it can (`TopLevel`), and
/// frontmatter it refuses is parsed in full for the error `check` would give.
fn of_frontmatter(
    shown: &Path,
    yaml: String,
    first_line: usize,
    through_frontmatter: Option<&str>,
) -> Result<NoteHead, NoteError> {
    // Typed, most likely, with its listing wanted: read once as the whole note would be, for
    // head and listing; from the fields as the plain reader gives them where it can (most
    // notes), else by parsing the note. (A listing left out, say for a `fileClass` spelled with
    // an escape, only means that `skills` reads the note's body for its line.)
    if let Some(text) = through_frontmatter
        && yaml.contains("fileClass")
    {
        let plain = (yaml.len() <= crate::note::MAX_FRONTMATTER_BYTES)
            .then(|| crate::note::read_plain_yaml_keys(&yaml, |_| true))
            .flatten()
            .and_then(of_plain_fields);
        if let Some(head) = plain {
            return Ok(head);
        }
        return Note::parse(shown, text).map(|note| of_note(&note));
    }
    // A key can only be spelled differently from its text through an escape in quotes.
    let may_matter = yaml.contains("fileClass")
        || yaml.contains("aliases")
        || (yaml.contains('\\') && yaml.contains('"'));
    if !may_matter || yaml.trim().is_empty() {
        // Nothing of the head in it: only checked against the parser's bounds, which costs less
        // than reading it.
        frontmatter::bounded(shown, &yaml, first_line)?;
        return Ok(NoteHead::default());
    }
    // Written the plainest way (most notes): read whole, without the parser or its bounds.
    if yaml.len() <= crate::note::MAX_FRONTMATTER_BYTES
        && let Some(fields) = crate::note::read_plain_yaml_keys(&yaml, head_key)
    {
        return Ok(of_fields(fields));
    }
    let left_edge = frontmatter::bounded_left_edge(shown, &yaml, first_line)?;
    // The parser reads only the entries of the keys the head keeps, where the frontmatter is
    // laid out plainly enough to be sure where each entry ends; the whole of it otherwise, or
    // when those entries alone do not parse.
    let top_level = left_edge
        .as_ref()
        .and_then(|starts| TopLevel::of(&yaml, starts));
    let picked = top_level.as_ref().map(|top| top.entries(&HEAD_KEYS));
    if picked.as_deref() == Some("") {
        return Ok(NoteHead::default());
    }
    let cut = picked.and_then(|picked| serde_yaml::from_str::<Fields>(&picked).ok());
    let has_supports = yaml.contains(SUPPORTING_KEY);
    let (fields, supports) = match cut {
        Some(fields) => {
            let written = top_level
                .filter(|_| has_supports)
                .map(|top| top.entries(&[SUPPORTING_KEY]))
                .filter(|entry| !entry.is_empty());
            (
                fields,
                written.map_or(Supports::None, |e| Supports::Written(e.into())),
            )
        }
        None => match serde_yaml::from_str::<Fields>(&yaml) {
            Ok(fields) => {
                let supporting = has_supports
                    .then(|| serde_yaml::from_str::<Supporting>(&yaml).ok())
                    .flatten();
                let targets = targets_of(supporting.and_then(|s| s.supporting_meta_skills));
                (fields, Supports::Targets(targets.into()))
            }
            Err(_) => {
                return Frontmatter::parse(shown, yaml, first_line).map(|_| NoteHead::default());
            }
        },
    };
    let (class, slip) = class_of(
        fields
            .file_class
            .as_ref()
            .and_then(serde_yaml::Value::as_str),
    );
    Ok(NoteHead {
        class,
        aliases: frontmatter::aliases_of(fields.aliases.as_ref()),
        current_focus: fields.current_focus == Some(serde_yaml::Value::Bool(true)),
        listing: Listing::Unread,
        supports,
        slip,
    })
}

/// The class a `fileClass` value says, and whether it looks like a slip for one (see `slip`).
fn class_of(written: Option<&str>) -> (Class, bool) {
    let written = written.map(str::trim);
    let class = Class::of(written);
    (class, written.and_then(Class::near_miss).is_some())
}

/// The head of a note whose frontmatter's `fields` (those of the head's keys) were read whole
/// (the listing left unread).
fn of_fields<'f>(fields: impl IntoIterator<Item = (&'f str, serde_yaml::Value)>) -> NoteHead {
    let mut head = NoteHead::default();
    for (key, value) in fields {
        match key {
            "fileClass" => (head.class, head.slip) = class_of(value.as_str()),
            "aliases" => head.aliases = frontmatter::aliases_of(Some(&value)),
            "current_focus" => head.current_focus = value == serde_yaml::Value::Bool(true),
            SUPPORTING_KEY => {
                let targets = targets_of(Some(value));
                if !targets.is_empty() {
                    head.supports = Supports::Targets(targets.into());
                }
            }
            _ => {}
        }
    }
    head
}

/// The targets of `supporting_meta_skills`, read as a skill reads them (none when a skill would
/// not type with them).
fn targets_of(value: Option<serde_yaml::Value>) -> Vec<Box<str>> {
    let links = value.map_or_else(|| Ok(Vec::new()), crate::model::fields::links);
    links
        .unwrap_or_default()
        .into_iter()
        .map(|link| link.target.into_boxed_str())
        .filter(|target| !target.is_empty())
        .collect()
}

/// The keys of `Fields`.
const HEAD_KEYS: [&str; 3] = ["fileClass", "aliases", "current_focus"];

/// Whether a frontmatter's `key` is one the head keeps.
fn head_key(key: &str) -> bool {
    HEAD_KEYS.contains(&key) || key == SUPPORTING_KEY
}

/// The top-level entries of a frontmatter's `yaml`, where the scan is sure where each begins,
/// given where its lines at the left edge begin (`bounds::left_edge_lines`): each entry runs
/// from its key's line to the next key's.
struct TopLevel<'y> {
    yaml: &'y str,
    /// Where each key's line begins, and the key.
    keys: Vec<(usize, &'y str)>,
}

impl<'y> TopLevel<'y> {
    /// `None` when a line at the left edge is neither a plain `key:`, a comment, nor a `- ` item
    /// of the list above it (a quoted or complex key, a merge key, an anchor, a directive, a list
    /// at the top), when the top level is indented, or when the text holds a line break other
    /// than `\n`, which the scan does not follow: only the whole parse reads those rightly.
    fn of(yaml: &'y str, left_edge: &[usize]) -> Option<TopLevel<'y>> {
        if memchr::memchr(b'\r', yaml.as_bytes()).is_some()
            || yaml.contains(['\u{85}', '\u{2028}', '\u{2029}'])
        {
            return None;
        }
        // The top level is at the left edge only when its first line is.
        let first = yaml
            .split('\n')
            .find(|line| !matches!(line.trim_start().as_bytes().first(), None | Some(b'#')))?;
        if first.starts_with([' ', '\t']) {
            return None;
        }
        let mut keys = Vec::new();
        for &start in left_edge {
            let line = &yaml[start..];
            let line = &line[..memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len())];
            let bytes = line.as_bytes();
            match bytes[0] {
                b'#' => {}
                b'-' if matches!(bytes.get(1), None | Some(b' ' | b'\t')) => {
                    if keys.is_empty() {
                        return None;
                    }
                }
                _ => keys.push((start, plain_key(line)?)),
            }
        }
        Some(TopLevel { yaml, keys })
    }

    /// The entries of the `wanted` keys, cut out in order (empty when there are none).
    fn entries(&self, wanted: &[&str]) -> String {
        let mut picked = String::new();
        for (i, &(start, key)) in self.keys.iter().enumerate() {
            if wanted.contains(&key) {
                let end = self
                    .keys
                    .get(i + 1)
                    .map_or(self.yaml.len(), |&(next, _)| next);
                picked.push_str(&self.yaml[start..end]);
                if !picked.ends_with('\n') {
                    picked.push('\n');
                }
            }
        }
        picked
    }
}

/// The key of a line `key: value` (or `key:`) whose key is plain text the parser reads as
/// written: letters, digits, `_`, and after the first also spaces, `.` and `-`.
fn plain_key(line: &str) -> Option<&str> {
    let (key, after) = line.split_once(':')?;
    let first = *key.as_bytes().first()?;
    let plain = (first.is_ascii_alphanumeric() || first == b'_')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b' ' | b'.' | b'-'));
    let ends = after.is_empty() || after.starts_with([' ', '\t']);
    (plain && ends).then(|| key.trim_end())
}

/// The head of a note parsed through its frontmatter, with its listing.
fn of_note(note: &Note) -> NoteHead {
    let fields = note.frontmatter.iter().flat_map(|f| f.fields());
    let mut head = of_fields(fields.filter_map(|(key, value)| {
        let key = key.as_str().filter(|&key| head_key(key))?;
        Some((key, value.clone()))
    }));
    if matches!(head.class(), Class::Skill(_) | Class::Practice) {
        head.listing = listed(note).map_or(Listing::InBody, Listing::Head);
    }
    head
}

/// The note typed as though it had no body: when that types it, its line in `skills` is what
/// the whole note would give, since a body only adds to what the frontmatter leaves out.
fn listed(note: &Note) -> Option<SkillsLine> {
    Model::from_note(note).ok()?.model.skills_line()
}

/// The head and listing of a note with these frontmatter `fields` (all of them, as the plain
/// reader gives them), typed without building the note; `None` when only the note's own typing
/// can say (see `ByFields::Unsure`).
fn of_plain_fields(fields: Vec<(&str, serde_yaml::Value)>) -> Option<NoteHead> {
    let head_fields = fields.iter().filter(|(key, _)| head_key(key));
    let mut head = of_fields(head_fields.map(|(key, value)| (*key, value.clone())));
    if let Some(line) = Model::skills_line_by_fields(head.class(), &fields) {
        head.listing = match line {
            ByFields::Line(line) => Listing::Head(line),
            ByFields::Untyped => Listing::InBody,
            ByFields::Unsure => return None,
        };
    }
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The head's entries cut out of `yaml`, where the scan is sure of them (see `TopLevel`).
    fn cut_entries(yaml: &str) -> Option<String> {
        let starts = left_edge(yaml).unwrap()?;
        TopLevel::of(yaml, &starts).map(|top| top.entries(&HEAD_KEYS))
    }

    /// The head's fields read from the entries cut out, when they can be.
    fn picked_fields(yaml: &str) -> Option<Fields> {
        let starts = left_edge(yaml).ok()??;
        let picked = TopLevel::of(yaml, &starts).map(|top| top.entries(&HEAD_KEYS))?;
        if picked.is_empty() {
            return serde_yaml::from_str("{}").ok();
        }
        serde_yaml::from_str(&picked).ok()
    }

    fn left_edge(yaml: &str) -> Result<Option<Vec<usize>>, NoteError> {
        frontmatter::bounded_left_edge(Path::new("Tea.md"), yaml, 2)
    }

    fn whole_fields(yaml: &str) -> Option<Fields> {
        serde_yaml::from_str(yaml).ok()
    }

    /// Frontmatter that runs past the first read, its closing fence or a letter of two bytes
    /// cut by it, is read on to its end: the head is the parsed note's.
    #[test]
    fn frontmatter_cut_by_the_first_read_is_read_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Tea.md");
        for pad in HEAD_BYTES - 60..HEAD_BYTES + 10 {
            let text = format!(
                "---\nfileClass: core_skill\ndescription: {}é\naliases: [Chai]\n---\n----\n",
                "a".repeat(pad - 40)
            );
            std::fs::write(&path, &text).unwrap();
            let (head, _) = read(&path, &path, true).unwrap();
            let note = Note::parse(&path, &text).unwrap();
            assert_eq!(head, of_note(&note), "padded by {pad}");
            assert_eq!(head.class(), Class::Skill(crate::model::SkillKind::Core));
        }
    }

    #[test]
    fn a_plain_head_is_held_as_nothing_and_every_head_is_written_as_it_was() {
        assert!(Held::new(NoteHead::default()).0.is_none());
        let typed = NoteHead {
            class: Class::Skill(crate::model::SkillKind::Core),
            aliases: vec!["Tea".into()],
            current_focus: true,
            listing: Listing::InBody,
            supports: Supports::Written("supporting_meta_skills: [\"[[Pause]]\"]\n".into()),
            slip: false,
        };
        let slipped = NoteHead {
            slip: true,
            ..NoteHead::default()
        };
        let listed = NoteHead {
            class: Class::Practice,
            listing: Listing::Head(SkillsLine {
                description: "Tea, slowly.".into(),
                current_focus: false,
                walkable: false,
            }),
            supports: Supports::Targets(vec!["Pause".into()].into()),
            ..NoteHead::default()
        };
        for head in [NoteHead::default(), typed, slipped, listed] {
            let written = postcard::to_allocvec(&Held::new(head.clone())).unwrap();
            let read: Held = postcard::from_bytes(&written).unwrap();
            assert_eq!(read.get(), &head);
        }
        assert_eq!(postcard::to_allocvec(&Held::default()).unwrap(), [0]);
    }

    #[test]
    fn a_head_holds_the_targets_of_supporting_meta_skills_as_a_skill_reads_them() {
        let head =
            |yaml: &str| of_frontmatter(Path::new("a.md"), yaml.to_string(), 2, None).unwrap();
        let supporting = "supporting_meta_skills:\n  - \"[[Holding Discomfort]]\"\n  - \"[[skills/Pause|a pause]]\"\n";
        // Written the plainest way: read whole.
        let plain = head(&format!("fileClass: core_skill\n{supporting}"));
        assert_eq!(
            plain.supports,
            Supports::Targets([Box::from("Holding Discomfort"), Box::from("skills/Pause")].into())
        );
        // With an entry only the parser reads (a number with a point), the head's entries are
        // cut out for it, and the skills drawn on are kept as written, read when asked.
        let listed = head(&format!("fileClass: core_skill\nweight: 1.5\n{supporting}"));
        assert_eq!(listed.class(), Class::Skill(crate::model::SkillKind::Core));
        assert!(matches!(listed.supports, Supports::Written(_)));
        let targets = |head: &NoteHead| head.supports.targets().map(|t| t.into_owned());
        assert_eq!(
            targets(&listed),
            Some(vec![
                Box::from("Holding Discomfort"),
                Box::from("skills/Pause")
            ])
        );
        // One link as a string, as a skill takes it; not links at all, nothing.
        let one = head("fileClass: core_skill\nsupporting_meta_skills: Presence\n");
        assert_eq!(targets(&one), Some(vec![Box::from("Presence")]));
        let neither = head("fileClass: core_skill\nsupporting_meta_skills: {a: b}\n");
        assert_eq!(targets(&neither), Some(vec![]));
        assert_eq!(neither.class(), Class::Skill(crate::model::SkillKind::Core));
        // Laid out so that the scan cannot cut it: read with the whole frontmatter.
        let whole =
            head("fileClass: core_skill\nsupporting_meta_skills: [\"[[A]]\",\n  \"[[B]]\"]\n");
        assert_eq!(
            whole.supports,
            Supports::Targets([Box::from("A"), Box::from("B")].into())
        );
        assert_eq!(head("fileClass: core_skill\n").supports, Supports::None);
    }

    #[test]
    fn the_entries_of_the_head_keys_are_cut_out_whole() {
        let yaml = "# a comment\ntitle: Tea\naliases:\n- Brew\n# inside\n- Steep\nsteps: [\"a\",\n  \"b\"]\n";
        // A list that runs over lines: the scan is not sure of what follows.
        assert_eq!(picked_fields(yaml), None);
        let yaml = "title: Tea\naliases:\n- Brew\n# inside\n- Steep\nfileClass: core_skill\nnotes: |\n  fileClass: not this\n";
        assert_eq!(
            cut_entries(yaml).unwrap(),
            "aliases:\n- Brew\n# inside\n- Steep\nfileClass: core_skill\n"
        );
        assert_eq!(picked_fields(yaml), whole_fields(yaml));
        assert_eq!(
            cut_entries("title: Tea\ntags: [a, b]\n").as_deref(),
            Some("")
        );
    }

    #[test]
    fn what_the_scan_cannot_be_sure_of_is_left_to_the_whole_parse() {
        for yaml in [
            // A key hidden in quoted text over lines.
            "description: \"one\nfileClass: core_skill\"\n",
            "description: 'one\nfileClass: core_skill'\n",
            // A quote the parser reads as plain text, the scan as a quote left open.
            "description: a long\n  \"line\nfileClass: core_skill\n",
            // Line breaks the scan does not follow.
            "description: one\rfileClass: core_skill\n",
            "description: one\u{85}fileClass: core_skill\n",
            // Keys that are not plain text, merge keys, a list at the top.
            "\"fileClass\": core_skill\n",
            "? fileClass\n: core_skill\n",
            "<<: {fileClass: core_skill}\n",
            "- fileClass: core_skill\n",
            "%YAML 1.2\n",
            "key:value\nfileClass: core_skill\n",
        ] {
            assert_eq!(cut_entries(yaml), None, "{yaml:?}");
        }
    }

    /// The head as the note's own parse and typing give it, against which the plain reading of
    /// a typed frontmatter is held.
    fn parsed_head(text: &str) -> Option<NoteHead> {
        Note::parse(Path::new("Tea.md"), text)
            .ok()
            .map(|note| of_note(&note))
    }

    /// A note's text through its frontmatter, given the frontmatter's YAML.
    fn through_frontmatter(yaml: &str) -> String {
        format!("---\n{yaml}---\n")
    }

    #[test]
    fn a_plainly_written_skill_is_listed_from_its_fields_as_its_parse_would_list_it() {
        let skill = "fileClass: core_skill\ndescription: Coming back after a rupture.\nsteps: [\"Step 1: Pause\", \"Step 2: Own your part\"]\ncommon_mistakes: Rushing.\nsupporting_meta_skills: [\"[[Pause]]\"]\nrelated_scenarios:\ncurrent_focus: true\n";
        let practice = "fileClass: practice\ndescription: Noticing a miss.\nstages:\n  - Notice\n  - Name it\nreflection_prompts: [\"What did you notice?\"]\n";
        let meta = "fileClass: meta_skill\ndescription: Staying with it.\naliases: Presence\n";
        for yaml in [skill, practice, meta] {
            let fields = crate::note::read_plain_yaml_keys(yaml, |_| true).unwrap();
            let plain = of_plain_fields(fields).expect("typed from the fields as read");
            assert!(matches!(plain.listing, Listing::Head(_)), "{yaml}");
            assert_eq!(
                Some(plain),
                parsed_head(&through_frontmatter(yaml)),
                "{yaml}"
            );
        }
        let fields = crate::note::read_plain_yaml_keys(skill, |_| true).unwrap();
        let Listing::Head(line) = of_plain_fields(fields).unwrap().listing else {
            unreachable!()
        };
        assert_eq!(
            line,
            SkillsLine {
                description: "Coming back after a rupture.".into(),
                current_focus: true,
                walkable: true,
            }
        );
        // No steps in a core skill's frontmatter: only the body can give its line.
        let stepless = "fileClass: core_skill\ndescription: Tea.\n";
        let fields = crate::note::read_plain_yaml_keys(stepless, |_| true).unwrap();
        assert_eq!(of_plain_fields(fields).unwrap().listing, Listing::InBody);
        // A number where a sentence goes: serde refuses the value as read, and the note's own
        // typing, which reads the text again, is left to say.
        let numbered = "fileClass: practice\ndescription: 5\nstages: [a]\n";
        let fields = crate::note::read_plain_yaml_keys(numbered, |_| true).unwrap();
        assert_eq!(of_plain_fields(fields), None);
    }

    /// A skill's or practice's frontmatter written the plainest way: its fields in any order, each
    /// mostly in a shape the note may give it, sometimes in a wrong one, and now and then a
    /// stray list item or a key written twice.
    fn typed_yaml() -> impl Strategy<Value = String> {
        // Those a line needs, mostly written; the rest as often left out.
        const NEEDED: [&str; 3] = ["description", "steps", "stages"];
        const OTHERS: [&str; 11] = [
            "why_it_matters",
            "common_mistakes",
            "supporting_meta_skills",
            "related_scenarios",
            "related_skills",
            "how_to_practice",
            "current_focus",
            "aliases",
            "tags",
            "reflection_prompts",
            "title",
        ];
        const ANY: [&str; 18] = [
            "",
            " Tea, slowly.",
            " \"  \"",
            " \"\"",
            " 5",
            " true",
            " null",
            " [a, b]",
            " []",
            " \"[[Pause]]\"",
            " [\"Step 1: Pause\", \"Step 2: \"]",
            " [1, 2]",
            " [true]",
            " 2024-02-13",
            " [\"[[A]]\", \"[[B|b]]\"]",
            " Presence",
            " false",
            " yes",
        ];
        fn fitting(key: &str) -> Vec<&'static str> {
            match key {
                "steps" | "stages" => vec![
                    " [\"Step 1: Pause\", \"Step 2: Own it\"]",
                    " [a]",
                    "\n  - Notice\n  - Name it",
                    " []",
                ],
                "supporting_meta_skills" | "related_scenarios" | "related_skills" => {
                    vec![" [\"[[A]]\", \"[[B|b]]\"]", " \"[[Pause]]\"", ""]
                }
                "current_focus" => vec![" true", " false", ""],
                "aliases" | "tags" => vec![" Presence", " [a, b]", "\n  - Tea"],
                "reflection_prompts" => vec![" [\"What did you notice?\"]", "\n  - Why?"],
                _ => vec![" Tea, slowly.", " \"Tea: hot\"", " \"  \""],
            }
        }
        let needed = prop::collection::vec(prop::bool::weighted(0.85), NEEDED.len());
        let others = prop::sample::subsequence(OTHERS.to_vec(), 0..=OTHERS.len());
        let entries = (needed, others)
            .prop_map(|(written, others)| {
                let needed = NEEDED
                    .iter()
                    .zip(written)
                    .filter(|(_, w)| *w)
                    .map(|(k, _)| *k);
                needed.chain(others).collect::<Vec<_>>()
            })
            .prop_shuffle()
            .prop_flat_map(|keys| {
                keys.into_iter()
                    .map(|key| {
                        prop_oneof![
                            5 => prop::sample::select(fitting(key)),
                            1 => prop::sample::select(ANY.to_vec()),
                        ]
                        .prop_map(move |value| format!("{key}:{value}"))
                    })
                    .collect::<Vec<_>>()
            });
        let stray = prop::sample::select(vec![
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "  - 3",
            "tags: [again]",
            "fileClass: practice",
        ]);
        (file_class_line(), entries, stray).prop_map(|(file_class, entries, stray)| {
            let mut lines = vec![file_class];
            lines.extend(entries);
            if !stray.is_empty() {
                lines.push(stray.to_string());
            }
            lines.join("\n") + "\n"
        })
    }

    /// The `fileClass` a typed frontmatter opens with: of a skill or practice mostly, spelled with
    /// spaces in quotes (which the model trims), of another class, or not a name at all.
    fn file_class_line() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "fileClass: core_skill",
            "fileClass: meta_skill",
            "fileClass: practice",
            "fileClass: \" practice \"",
            "fileClass: scenario",
            "fileClass: [core_skill]",
        ])
        .prop_map(str::to_string)
    }

    /// Lines of frontmatter, many of them awkward for a scan.
    fn line() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "fileClass: core_skill",
            "fileClass: practice",
            "fileClass: \"core_skill\"",
            "fileClass: &c meta_skill",
            "fileClass:",
            "aliases: [Tea, \"Brew\"]",
            "aliases:",
            "- Tea",
            "- \"Brew: hot\"",
            "  - nested",
            "current_focus: true",
            "current_focus: false",
            "current_focus: yes",
            "description: it's a \"note\" #1",
            "description: \"one",
            "  two fileClass: x\"",
            "description: 'one",
            "fileClass: x'",
            "notes: |",
            "notes: >-",
            "  fileClass: inside",
            "  aliases: [inside]",
            "steps: [\"a\",",
            "  \"b\"]",
            "map: {a: 1, b: [2]}",
            "# fileClass: comment",
            "",
            "   ",
            "title: a: b",
            "x: *anchor",
            "y: &anchor v",
            "<<: {current_focus: true}",
            "plain: long",
            "  continued \"quote",
            "  continued 'quote'",
            "fileClass: core_skill # typed",
            "aliases: Tea",
            "\tfileClass: tab",
            "Key With Spaces: v",
            "dotted.key-x: v",
            "aliases : [Spaced]",
            "current_focus : true",
            "fileClass:core_skill",
            "...",
            "---",
            "obj: {a: 1,",
            "  fileClass: in_flow}",
            "q: \"a\\",
            "fileClass: escaped\"",
            "fileClass: practice",
            "- [a,",
            "  b]",
            "? complex",
            ": value",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        /// A typed note's head and listing, read from its fields as the plain reader gives them,
        /// are what parsing and typing the note give.
        #[test]
        fn a_head_read_from_plain_fields_agrees_with_the_parsed_note(yaml in typed_yaml()) {
            let text = through_frontmatter(&yaml);
            let read = of_frontmatter(Path::new("Tea.md"), yaml.clone(), 2, Some(&text)).ok();
            prop_assert_eq!(read, parsed_head(&text), "{:?}", yaml);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(30000))]
        /// Wherever the whole frontmatter parses, the entries cut out of it (when they are)
        /// give the same fields.
        #[test]
        fn the_cut_agrees_with_the_whole(lines in prop::collection::vec(line(), 0..10)) {
            let yaml = lines.join("\n") + "\n";
            if let (Some(whole), Some(picked)) = (whole_fields(&yaml), cut_entries(&yaml)) {
                let cut: Option<Fields> = if picked.is_empty() {
                    serde_yaml::from_str("{}").ok()
                } else {
                    serde_yaml::from_str(&picked).ok()
                };
                // An entry that needs the rest (an anchor defined elsewhere) does not parse
                // alone: then the whole is parsed, as `of_frontmatter` does.
                if let Some(cut) = cut {
                    prop_assert_eq!(cut, whole, "{:?} cut to {:?}", yaml, picked);
                }
            }
        }
    }
}
