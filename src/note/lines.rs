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
