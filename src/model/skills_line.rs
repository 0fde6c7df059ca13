//! What `skills` lists of a skill or practice: its description, whether it is the current focus,
//! and whether `start` can walk it. A large vault's `skills` reads it from each note's
//! frontmatter alone, without building the note, wherever the fields as read say all of it.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillsLine {
    pub description: String,
    pub current_focus: bool,
    /// A core skill with steps: `start` can walk it.
    pub walkable: bool,
}

/// What a frontmatter's fields, read without the note, say of a skill's or practice's line when
/// the note has no body.
#[derive(Debug, PartialEq, Eq)]
pub enum ByFields {
    Line(SkillsLine),
    /// The note does not type on its frontmatter alone (no description, no steps): only its body
    /// can give the line.
    Untyped,
    /// serde refuses the fields as read, where the note's own typing, which reads the YAML text
    /// again, may not: only that can say.
    Unsure,
}
