//! A top-level list item of a note's body, as the body's one markdown pass (`scan`) reads it and
//! sections (`sections`) hand it out: its own file, so that neither of the two depends on the other.

/// One top-level item of a list, such as `1. **Title**  → guidance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The bold text the item opens with, if it opens with bold text.
    pub title: Option<String>,
    /// The item's other text, line breaks turned into spaces.
    pub text: String,
    /// 1-based file line of the item.
    pub line: usize,
}
