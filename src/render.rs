//! Drawing text for the terminal: markdown from notes, styled quietly with `console`, wrapped to
//! the terminal's width (80 when piped), with every control character from a note removed.
//! Also the one place where errors are written for the person to read.
use std::borrow::Cow;

/// How to draw: colour or not, and how wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// False for `--plain`, `NO_COLOR`, or output that is not a terminal.
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// The style for stdout (or stderr) as it is now, honouring `--plain` and `NO_COLOR`.
    pub fn for_stdout(plain: bool) -> Style {
        let _ = plain;
        todo!("render helper")
    }
    pub fn for_stderr(plain: bool) -> Style {
        let _ = plain;
        todo!("render helper")
    }
}

/// Removes control characters and escape sequences (keeps `\n` and `\t`), so a note can never
/// drive the terminal.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    let _ = text;
    todo!("render helper")
}

/// Markdown (with wiki-links) drawn for the terminal: headings, lists, emphasis, links shown by
/// their label; sanitised and wrapped.
pub fn markdown(text: &str, style: Style) -> String {
    let _ = (text, style);
    todo!("render helper")
}

/// Writes an error for the person on stderr: one calm line, then its causes.
pub fn report_error(error: &anyhow::Error) {
    let _ = error;
    todo!("render helper")
}
