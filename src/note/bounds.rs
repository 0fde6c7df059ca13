//! Bounds on a note's frontmatter, checked before the YAML parser sees it. libyaml's scanner
//! takes time growing with the square of the nesting depth (80,000 `[` took 7.6 s, 160,000 took
//! 39 s), so frontmatter far larger or deeper than any real note's is refused, with its line.
//!
//! The depth is estimated by a small scan that follows the YAML scanner's rules for what opens a
//! flow collection (`[`, `{` where a token starts, not inside quotes, comments or plain text) and
//! counts each block indentation level and compact `- ` entry on top. Where it is unsure it
//! counts more, never less: every line start is taken as a place a token may start.

/// The shipped Session Guide, the largest note there is, holds about half of this; and the worst
/// note under both caps still loads in under 10 ms (bench/frontmatter.sh), where 64 KiB and 64
/// levels took 40. The parser's time grows with size times depth, so room for a larger guide
/// came from fewer levels (16 KiB and 32 took 8.7 ms).
pub(crate) const MAX_FRONTMATTER_BYTES: usize = 32 * 1024;
/// No real note comes near this many levels of lists and fields inside each other (the guide's
/// deepest is six).
pub(crate) const MAX_DEPTH: usize = 16;

/// Why frontmatter is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Excess {
    TooLarge,
    /// Nested beyond `MAX_DEPTH`: first on this 0-based line of the YAML.
    TooDeep {
        line: usize,
    },
}

/// Whether `yaml` is small and shallow enough for the parser.
pub(crate) fn check(yaml: &str) -> Result<(), Excess> {
    if yaml.len() > MAX_FRONTMATTER_BYTES {
        return Err(Excess::TooLarge);
    }
    Scan::new(yaml.as_bytes(), false).run().map(drop)
}

/// `check`, and where each line of `yaml` that starts at its left edge begins (a top-level key,
/// a comment, a `- ` entry of a list at the left edge): `None` when some line ends inside
/// quotes or brackets, since the scan's view of what follows is then not sure to be the
/// parser's. Otherwise it is: a line that ends outside quotes and brackets leaves the parser
/// in a block scalar, which a line at the left edge ends, or in plain text, which one at the
/// left edge ends too (continuation lines are indented).
pub(crate) fn left_edge_lines(yaml: &str) -> Result<Option<Vec<usize>>, Excess> {
    if yaml.len() > MAX_FRONTMATTER_BYTES {
        return Err(Excess::TooLarge);
    }
    Scan::new(yaml.as_bytes(), true).run()
}

/// A block scalar being skipped: its lines are text, not structure.
struct BlockScalar {
    /// Column of the key or entry it belongs to: its content is indented further.
    parent: usize,
    /// The content's indentation, once its first line with text is seen.
    content: Option<usize>,
    /// The widest of the empty lines before that.
    leading: usize,
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    /// Open flow collections.
    flow: usize,
    /// Indentation of each open block level (only tracked outside flow collections).
    indents: Vec<usize>,
    /// `- ` and `? ` entries opened on the current line after its indentation.
    compact: usize,
    /// Inside a block scalar (`|`, `>`).
    block_scalar: Option<BlockScalar>,
    /// Where the current line starts, and the column of the key or entry that a block scalar
    /// opened on it belongs to (its content must be indented further).
    line_begin: usize,
    parent_column: usize,
    /// Column of the last scalar started on this line (a key, once a `:` follows).
    scalar_column: usize,
    /// A plain scalar in a flow collection runs on over a line break.
    in_plain: bool,
    /// Where each line at the left edge begins, when asked for and while no line has ended
    /// inside quotes or brackets (`None` from then on).
    left_edge: Option<Vec<usize>>,
}

impl<'a> Scan<'a> {
    fn new(bytes: &'a [u8], left_edge: bool) -> Self {
        Scan {
            bytes,
            at: 0,
            line: 0,
            flow: 0,
            indents: Vec::new(),
            compact: 0,
            block_scalar: None,
            line_begin: 0,
            parent_column: 0,
            scalar_column: 0,
            in_plain: false,
            left_edge: left_edge.then(Vec::new),
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn depth(&self) -> usize {
        self.flow + self.indents.len() + self.compact
    }

    fn too_deep(&self) -> Result<(), Excess> {
        if self.depth() > MAX_DEPTH {
            Err(Excess::TooDeep { line: self.line })
        } else {
            Ok(())
        }
    }

    fn run(mut self) -> Result<Option<Vec<usize>>, Excess> {
        while self.at < self.bytes.len() {
            if self.line_start()? {
                self.rest_of_line()?;
            }
        }
        Ok(self.left_edge)
    }

    /// A line ended (or the text did) inside quotes or brackets.
    fn tangled(&mut self) {
        self.left_edge = None;
    }

    /// Indentation, block levels and block scalars, at the start of a line: false when the
    /// line was a block scalar's text, skipped.
    fn line_start(&mut self) -> Result<bool, Excess> {
        let indent = self.bytes[self.at..]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        let first = self.bytes.get(self.at + indent).copied();
        // Nothing on the line but space or a comment: it decides no level.
        let blank = matches!(first, None | Some(b'\n' | b'\r' | b'\t' | b'#'));
        self.compact = 0;
        self.line_begin = self.at;
        self.parent_column = indent;
        if self.flow == 0 {
            if let Some(scalar) = &mut self.block_scalar {
                // As the YAML scanner does: the content is indented as far as its first line
                // with text, or as its leading empty lines if they reach further; a line
                // indented less ends it.
                if matches!(first, None | Some(b'\n')) {
                    if scalar.content.is_none() {
                        scalar.leading = scalar.leading.max(indent);
                    }
                    self.skip_line();
                    return Ok(false);
                }
                let content = *scalar.content.get_or_insert(indent.max(scalar.leading));
                if indent > scalar.parent && indent >= content {
                    self.skip_line();
                    return Ok(false);
                }
                self.block_scalar = None;
            }
            if !blank {
                while self.indents.last().is_some_and(|&open| open >= indent) {
                    self.indents.pop();
                }
                self.indents.push(indent);
            }
            if indent == 0
                && first.is_some_and(|b| b != b'\n' && b != b'\r')
                && let Some(starts) = &mut self.left_edge
            {
                starts.push(self.at);
            }
        }
        self.at += indent;
        self.too_deep()?;
        Ok(true)
    }

    /// The tokens of one line, up to and including its line break (quoted text may run on over
    /// several lines).
    fn rest_of_line(&mut self) -> Result<(), Excess> {
        let in_flow_plain = std::mem::take(&mut self.in_plain);
        if in_flow_plain && self.flow > 0 && self.peek(0).is_some_and(|b| !ends_plain(b, true)) {
            self.plain();
        }
        loop {
            while matches!(self.peek(0), Some(b' ' | b'\t')) {
                self.at += 1;
            }
            let Some(byte) = self.peek(0) else {
                if self.flow > 0 {
                    self.tangled();
                }
                return Ok(());
            };
            let blank_after =
                |scan: &Self| matches!(scan.peek(1), None | Some(b' ' | b'\t' | b'\n' | b'\r'));
            match byte {
                b'\n' => {
                    if self.flow > 0 {
                        self.tangled();
                    }
                    self.at += 1;
                    self.line += 1;
                    return Ok(());
                }
                b'#' => self.skip_to_line_end(),
                b'[' | b'{' => {
                    self.flow += 1;
                    self.at += 1;
                    self.too_deep()?;
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    self.at += 1;
                }
                b',' => self.at += 1,
                b'"' => {
                    self.scalar_column = self.column();
                    self.double_quoted();
                }
                b'\'' => {
                    self.scalar_column = self.column();
                    self.single_quoted();
                }
                b'|' | b'>' if self.flow == 0 => {
                    self.block_scalar = Some(BlockScalar {
                        parent: self.parent_column,
                        content: None,
                        leading: 0,
                    });
                    self.skip_to_line_end();
                }
                b'-' | b'?' if blank_after(self) => {
                    if self.flow == 0 {
                        self.compact += 1;
                        self.parent_column = self.column();
                        self.too_deep()?;
                    }
                    self.at += 1;
                }
                b':' if blank_after(self)
                    || (self.flow > 0 && self.peek(1).is_some_and(is_flow_indicator)) =>
                {
                    if self.flow == 0 {
                        self.parent_column = self.scalar_column;
                    }
                    self.at += 1;
                }
                b'!' | b'&' | b'*' => {
                    while self.peek(0).is_some_and(|b| {
                        !matches!(b, b' ' | b'\t' | b'\n' | b'\r') && !is_flow_indicator(b)
                    }) {
                        self.at += 1;
                    }
                }
                _ => {
                    self.scalar_column = self.column();
                    self.plain();
                    // A plain scalar in a flow collection goes on over the line break.
                    if self.peek(0) == Some(b'\n') && self.flow > 0 {
                        self.in_plain = true;
                    }
                }
            }
        }
    }

    /// A plain scalar, up to what ends it on this line.
    fn plain(&mut self) {
        let flow = self.flow > 0;
        while let Some(byte) = self.peek(0) {
            let ends = match byte {
                b'\n' => true,
                b':' => {
                    matches!(self.peek(1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
                        || (flow && self.peek(1).is_some_and(is_flow_indicator))
                }
                b' ' | b'\t' => self.peek(1) == Some(b'#'),
                _ => flow && is_flow_indicator(byte),
            };
            if ends {
                return;
            }
            self.at += 1;
        }
    }

    /// `"…"`, with backslash escapes; it may run over lines.
    fn double_quoted(&mut self) {
        self.at += 1;
        while let Some(byte) = self.peek(0) {
            self.at += 1;
            match byte {
                b'\\' if self.peek(0) == Some(b'\n') => {
                    self.tangled();
                    self.at += 1;
                    self.line += 1;
                }
                b'\\' => self.at += 1,
                b'"' => return,
                b'\n' => {
                    self.tangled();
                    self.line += 1;
                }
                _ => {}
            }
        }
        self.tangled();
    }

    /// `'…'`, where `''` is a quote; it may run over lines.
    fn single_quoted(&mut self) {
        self.at += 1;
        while let Some(byte) = self.peek(0) {
            self.at += 1;
            match byte {
                b'\'' if self.peek(0) == Some(b'\'') => self.at += 1,
                b'\'' => return,
                b'\n' => {
                    self.tangled();
                    self.line += 1;
                }
                _ => {}
            }
        }
        self.tangled();
    }

    fn column(&self) -> usize {
        self.at - self.line_begin
    }

    fn skip_to_line_end(&mut self) {
        self.at =
            memchr::memchr(b'\n', &self.bytes[self.at..]).map_or(self.bytes.len(), |i| self.at + i);
    }

    fn skip_line(&mut self) {
        self.skip_to_line_end();
        if self.at < self.bytes.len() {
            self.at += 1;
            self.line += 1;
        }
    }
}

fn is_flow_indicator(byte: u8) -> bool {
    matches!(byte, b',' | b'[' | b']' | b'{' | b'}')
}

/// What cannot carry on a plain scalar at the start of a continuation line in a flow collection.
fn ends_plain(byte: u8, flow: bool) -> bool {
    matches!(byte, b'#' | b'\n') || (flow && is_flow_indicator(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_ok(yaml: &str) -> bool {
        check(yaml).is_ok()
    }

    #[test]
    fn real_frontmatter_passes() {
        let yaml = "fileClass: core_skill\ndescription: it's a [note] {x}\nsteps: [\"Step 1: a [\", 'b ]]]]', c]\n\
                    related: \"[[Repair]]\"\nnested:\n  - a: [1, {b: [2]}]\n    c: |\n      [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n";
        assert_eq!(check(yaml), Ok(()));
    }

    #[test]
    fn deep_flow_nesting_is_refused_on_its_line() {
        let yaml = format!("a: 1\nx: {}\n", "[".repeat(10_000));
        assert_eq!(check(&yaml), Err(Excess::TooDeep { line: 1 }));
        assert!(depth_ok(&format!(
            "x: {}{}\n",
            "[".repeat(14),
            "]".repeat(14)
        )));
        assert!(!depth_ok(&format!(
            "x: {}{}\n",
            "[".repeat(17),
            "]".repeat(17)
        )));
    }

    #[test]
    fn closing_brackets_inside_quotes_or_comments_do_not_hide_depth() {
        let interleaved = "[ \"]\" ".repeat(70);
        assert!(!depth_ok(&format!("x: {interleaved}\n")));
        let single = "[ ']' ".repeat(70);
        assert!(!depth_ok(&format!("x: {single}\n")));
        let commented = "[ # ]\n".repeat(70);
        assert!(!depth_ok(&format!("x: {commented}\n")));
        let plain = "[ a]b\n".repeat(2);
        assert!(depth_ok(&format!("x: {plain}\n")));
    }

    #[test]
    fn deep_block_nesting_is_refused_too() {
        let deep: String = (0..70)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(matches!(check(&deep), Err(Excess::TooDeep { line: 16 })));
        let compact = format!("{}x\n", "- ".repeat(70));
        assert!(!depth_ok(&compact));
    }

    #[test]
    fn large_frontmatter_is_refused() {
        let yaml = format!("x: {}\n", "a".repeat(MAX_FRONTMATTER_BYTES));
        assert_eq!(check(&yaml), Err(Excess::TooLarge));
    }
}
