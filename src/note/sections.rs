//! The body's `## Heading` sections, read with pulldown-cmark (wiki-links enabled).

/// One section of a note's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading's text, without `#` marks.
    pub heading: String,
    pub level: u8,
    /// 1-based file line of the heading.
    pub line: usize,
    /// The markdown between this heading and the next one of the same or higher level.
    pub markdown: String,
}
