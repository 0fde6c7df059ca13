//! A user's own copy of a shipped coach note (`content/coach/`: the Session Guide, the check-in,
//! debrief and break words, ...) written for an older version lacks the keys added since. Rather
//! than refuse it, and fall back to the whole shipped note, its frontmatter is laid over the
//! shipped note's (`Frontmatter::fill_in_from`): the user's words wherever they wrote them, the
//! shipped ones elsewhere, and one warning naming what was taken so they can copy it in.
//!
//! Both loads fill in a note the same way, as it is typed (`type_note`), so `check` and `start`
//! agree on what the note says.
use super::{SHIPPED, SHIPPED_PREFIX, key};
use crate::diagnostic::Finding;
use crate::note::Note;
use include_dir::File;
use std::path::Path;
use std::sync::LazyLock;

/// The folder of `content/` whose notes are filled in.
const COACH_FOLDER: &str = "coach";

/// The shipped coach notes, by the key of their name: only names are looked at until a user's
/// note has one, so a vault without such a note parses none of them.
static COACH: LazyLock<Vec<(String, &'static File<'static>)>> = LazyLock::new(|| {
    SHIPPED
        .get_dir(COACH_FOLDER)
        .map(|folder| {
            folder
                .files()
                .map(|file| (key(&crate::note::note_name(file.path())), file))
                .collect()
        })
        .unwrap_or_default()
});

/// Fills in `note` from the shipped coach note of the same name and `fileClass`, if there is
/// one and the note lacks any of its keys; the warning says which keys were taken.
pub(super) fn fill_in(note: &mut Note) -> Option<Finding> {
    // Most notes have no type: known at once, before a lookup key is made for each of them.
    note.file_class()?;
    let name_key = key(&note.name);
    let file = COACH.iter().find(|(key, _)| *key == name_key)?.1;
    let shown = Path::new(SHIPPED_PREFIX).join(file.path());
    let shipped = Note::parse(&shown, file.contents_utf8()?).ok()?;
    if note.file_class().is_none() || note.file_class() != shipped.file_class() {
        return None;
    }
    let frontmatter = note.frontmatter.as_mut()?;
    let taken = frontmatter.fill_in_from(shipped.frontmatter.as_ref()?);
    if taken.is_empty() {
        return None;
    }
    Some(Finding::warning(
        &note.path,
        Some(frontmatter.opening_line()),
        taken_message(&shipped.name, &taken),
    ))
}

/// "this note lacks `a`, `b` and `c`, ...": what was taken and how to make it their own.
fn taken_message(name: &str, taken: &[String]) -> String {
    let keys: Vec<String> = taken.iter().map(|path| format!("`{path}`")).collect();
    let (listed, them) = match keys.as_slice() {
        [one] => (one.clone(), "it"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "them"),
        [] => (String::new(), "them"),
    };
    format!(
        "this note lacks {listed}, which the shipped \"{name}\" has (it may be written for an \
         older version), so the shipped words are used there: to make {them} your own, copy \
         {them} in from content/{COACH_FOLDER}/{name}.md in repair-coach's source"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_lists_each_key_taken() {
        assert_eq!(
            taken_message("Break", &["welcome".into()]),
            "this note lacks `welcome`, which the shipped \"Break\" has (it may be written for an \
             older version), so the shipped words are used there: to make it your own, copy it \
             in from content/coach/Break.md in repair-coach's source"
        );
        let many = taken_message("Session Guide", &["a.b".into(), "c".into(), "stop".into()]);
        assert!(
            many.starts_with("this note lacks `a.b`, `c` and `stop`, "),
            "{many}"
        );
    }

    #[test]
    fn the_shipped_coach_notes_are_known_by_name() {
        for name in ["Session Guide", "Check-in", "Break"] {
            assert!(COACH.iter().any(|(k, _)| *k == key(name)), "{name}");
        }
    }
}
