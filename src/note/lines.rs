//! Byte offsets to 1-based file lines, for notes whose body starts part-way down the file.

pub(crate) struct LineIndex {
    /// Byte offset at which each line of the text starts.
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts, first_line }
    }

    /// The file line holding byte `offset` of the text.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        let index = match self.starts.binary_search(&offset) {
            Ok(index) => index,
            Err(next) => next.saturating_sub(1),
        };
        self.first_line + index
    }
}

/// File lines of offsets visited in increasing order, counted as it goes (no index built).
pub(crate) struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a str, first_line: usize) -> Self {
        Self {
            text,
            offset: 0,
            line: first_line,
        }
    }

    /// The file line holding byte `offset`; an offset behind the last one is counted afresh.
    pub(crate) fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            self.line -= count_newlines(&self.text.as_bytes()[offset..self.offset]);
        } else {
            self.line += count_newlines(&self.text.as_bytes()[self.offset..offset]);
        }
        self.offset = offset;
        self.line
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    // A large vault counts lines up to every link of every note: memchr's search is vectorised.
    memchr::memchr_iter(b'\n', bytes).count()
}

/// The pieces of `text` between its `\n`s, as `text.split('\n')` gives them, with the line
/// breaks found by memchr's vectorised search: frontmatter is read a line at a time, for every
/// note of a large vault.
pub(crate) fn split_lines(text: &str) -> SplitLines<'_> {
    SplitLines {
        text,
        breaks: memchr::memchr_iter(b'\n', text.as_bytes()),
        start: Some(0),
    }
}

pub(crate) struct SplitLines<'t> {
    text: &'t str,
    breaks: memchr::Memchr<'t>,
    /// Where the next line starts; none once the last has been given.
    start: Option<usize>,
}

impl<'t> Iterator for SplitLines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let start = self.start?;
        match self.breaks.next() {
            Some(end) => {
                self.start = Some(end + 1);
                Some(&self.text[start..end])
            }
            None => {
                self.start = None;
                Some(&self.text[start..])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_as_str_splits_them() {
        for text in ["", "\n", "a", "a\n", "\na", "a\nbb\n\nccc\nd", "é\n\n€x\n"] {
            let ours: Vec<&str> = split_lines(text).collect();
            let std: Vec<&str> = text.split('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn index_and_counter_agree_forwards_and_backwards() {
        let text = "a\nbb\n\nccc\nd";
        let index = LineIndex::new(text, 7);
        let mut counter = LineCounter::new(text, 7);
        for offset in [0, 2, 5, 6, 10, 11, 3, 0, 11] {
            assert_eq!(
                counter.line_of(offset),
                index.line_of(offset),
                "offset {offset}"
            );
        }
        assert_eq!(index.line_of(0), 7);
        assert_eq!(index.line_of(10), 11);
    }
}
