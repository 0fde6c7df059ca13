//! Wiki-links in every Obsidian form: `[[Note]]`, `[[Note|label]]`, `[[Note#Heading]]`,
//! `[[Note#Heading|label]]`, `![[Embed]]`.
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WikiLink {
    /// The note named, as written (may be a vault-relative path); empty for a same-note `[[#Heading]]`.
    pub target: String,
    pub heading: Option<String>,
    pub label: Option<String>,
    /// `![[...]]`
    pub embed: bool,
}

impl WikiLink {
    /// Reads one link written out in full, e.g. `"[[Owning Impact]]"` from a YAML string.
    /// `None` when `text` is not exactly one wiki-link.
    pub fn parse(text: &str) -> Option<WikiLink> {
        let _ = text;
        todo!("loader helper")
    }

    /// What a reader sees: the label, else the target (and heading).
    pub fn display_text(&self) -> String {
        todo!("loader helper")
    }
}

/// A link and the 1-based file line it stands on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedLink {
    pub link: WikiLink,
    pub line: usize,
}
