//! The vault: every note the coach knows, the shipped ones (embedded from `content/`) with the
//! user's own Obsidian vault layered over them (a user's note wins by name).
//!
//! Lookup is by an index built once, so resolving a link never scans the vault.
use crate::diagnostic::Finding;
use crate::model::{Model, Practice, Skill};
use crate::note::{Note, WikiLink};
use std::path::{Path, PathBuf};

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

#[derive(Debug, Default)]
pub struct Vault {
    entries: Vec<Entry>,
    /// Problems met while loading: unreadable files, bad notes, duplicate names, model warnings.
    findings: Vec<Finding>,
}

impl Vault {
    /// The shipped notes only.
    pub fn shipped() -> Vault {
        todo!("loader helper")
    }

    /// The shipped notes with the vault at `root` layered over them. A missing or unreadable root
    /// is an error; a bad note inside it is a finding, and the rest still loads.
    pub fn load(root: Option<&Path>) -> anyhow::Result<Vault> {
        let _ = root;
        todo!("loader helper")
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// By name, alias or vault-relative path; case-insensitive and Unicode-normalised.
    pub fn get(&self, name: &str) -> Option<&Entry> {
        let _ = name;
        todo!("loader helper")
    }

    /// Where a link points, if anywhere inside the vault.
    pub fn resolve(&self, link: &WikiLink) -> Option<&Entry> {
        let _ = link;
        todo!("loader helper")
    }

    pub fn skills(&self) -> impl Iterator<Item = &Skill> {
        self.entries.iter().filter_map(|e| match &e.model {
            Model::Skill(s) => Some(s),
            _ => None,
        })
    }

    pub fn practices(&self) -> impl Iterator<Item = &Practice> {
        self.entries.iter().filter_map(|e| match &e.model {
            Model::Practice(p) => Some(p),
            _ => None,
        })
    }

    /// The skill marked `current_focus: true` (the first by path if several are).
    pub fn current_focus(&self) -> Option<&Skill> {
        self.skills().find(|s| s.current_focus)
    }

    /// Everything `check` reports: load findings, unresolved links, frontmatter/body disagreements,
    /// sorted by path and line.
    pub fn check(&self) -> Vec<Finding> {
        todo!("loader helper")
    }
}
