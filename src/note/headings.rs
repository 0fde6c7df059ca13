//! A note's headings as `check` keeps them, to resolve `[[Note#Heading]]` and `[[#Heading]]`: a
//! hash of each, held for every note of a vault once its body is dropped.
//!
//! A link matches a heading as in Obsidian: whatever the case and the space around it, and
//! whatever markdown the heading holds. Both are compared by their letters and digits alone:
//! emphasis, code and highlight marks (`*`, `_`, `` ` ``, `~`, `=`) are dropped, and every other
//! run of anything else (spaces, `:`, `#` marks, the line under a setext heading) counts as one
//! space. `## Step 1: **Calm** down` is matched by `[[Note#step 1 calm down]]`.
use std::hash::BuildHasher;

/// The hashes of a note's headings, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Headings(Box<[u64]>);

impl Headings {
    /// The headings of a note, each as written in its source (`## Heading`, or a setext heading
    /// with its underline).
    #[cfg(test)]
    pub(crate) fn of<'a>(written: impl IntoIterator<Item = &'a str>) -> Headings {
        let mut gathered = Gathered::default();
        written
            .into_iter()
            .for_each(|heading| gathered.add(heading));
        gathered.done()
    }

    /// Whether the note has the heading a link names (the part after `#`).
    pub(crate) fn has(&self, heading: &str) -> bool {
        self.0
            .binary_search(&key(heading, &mut String::new()))
            .is_ok()
    }
}

/// A note's headings as a reading of its body meets them.
#[derive(Default)]
pub(crate) struct Gathered {
    keys: Vec<u64>,
    buffer: String,
}

impl Gathered {
    /// A heading as written in the note's source.
    pub(crate) fn add(&mut self, written: &str) {
        self.keys.push(key(written, &mut self.buffer));
    }

    pub(crate) fn done(mut self) -> Headings {
        self.keys.sort_unstable();
        self.keys.dedup();
        Headings(self.keys.into())
    }
}

/// The hash of `text` as headings are compared, made in `buffer`.
fn key(text: &str, buffer: &mut String) -> u64 {
    buffer.clear();
    let mut apart = false;
    for c in text.chars() {
        let kept = c.is_alphanumeric();
        if kept && apart && !buffer.is_empty() {
            buffer.push(' ');
        }
        match c {
            // Most headings are ASCII: written small without `to_lowercase`'s iterator.
            _ if c.is_ascii_alphanumeric() => buffer.push(c.to_ascii_lowercase()),
            _ if kept => buffer.extend(c.to_lowercase()),
            '*' | '_' | '`' | '~' | '=' => continue,
            _ => {
                apart = true;
                continue;
            }
        }
        apart = false;
    }
    foldhash::fast::FixedState::with_seed(0).hash_one(buffer.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_is_matched_whatever_its_case_space_and_markdown() {
        let headings = Headings::of([
            "## Step 1: **Calm** down\n",
            "Setext heading\n===\n",
            "# `code` and ==marks== ##",
            "### Café",
        ]);
        for link in [
            "Step 1: **Calm** down",
            " step 1 calm down ",
            "Step 1 Calm down",
            "setext heading",
            "code and marks",
            "CAFÉ",
        ] {
            assert!(headings.has(link), "{link}");
        }
        for link in ["Step 1", "Calm down", "Cafe", "Other"] {
            assert!(!headings.has(link), "{link}");
        }
    }
}
