//! Splitting YAML frontmatter from a note by hand (pulldown-cmark's metadata blocks misread
//! `## Heading` followed by `---`; see shared/crates.md), and typing it with serde.
use super::NoteError;
use serde::de::DeserializeOwned;
use std::path::Path;

/// The YAML between the opening `---` and the closing `---` or `...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontmatter {
    /// The raw YAML text, line endings normalised to `\n`.
    pub yaml: String,
    /// 1-based line of the file on which `yaml` starts (2 for a note that opens with `---`).
    pub first_line: usize,
    /// The parsed mapping; unknown fields are kept here.
    pub fields: serde_yaml::Mapping,
}

impl Frontmatter {
    /// Types the frontmatter as `T`, turning serde's errors into ones that name the field and the
    /// file line (YAML locations are relative to the frontmatter, so `first_line` is added).
    pub fn deserialize<T: DeserializeOwned>(&self, path: &Path) -> Result<T, NoteError> {
        let _ = path;
        todo!("loader helper")
    }
}
