//! The one JSON writer of the program: pretty-printed serde_json, with every character a terminal
//! could act on written as `\uXXXX`. serde_json escapes only `"`, `\` and U+0000-001F; here DEL,
//! the C1 controls (U+0080-009F, among them the 8-bit CSI U+009B), the bidirectional controls
//! and the line and paragraph separators are escaped too. The data is the same, and JSON read
//! on a terminal is as safe as the text output.
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter, Serializer};
use std::io::{self, Write};

/// The `version` field of every JSON output: raised when a field changes meaning or goes away.
pub const VERSION: u32 = 1;

/// `value` as pretty JSON, ending in a newline.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<String> {
    let mut out = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    out.push(b'\n');
    // Valid UTF-8: serde_json writes only what it was given as `str`, and ASCII escapes.
    Ok(String::from_utf8(out)?)
}

/// Wrapped in `{"version": 1, ...}`: `value` must serialize as a map.
#[derive(Serialize)]
pub struct Versioned<T> {
    pub version: u32,
    #[serde(flatten)]
    pub value: T,
}

impl<T> Versioned<T> {
    pub fn new(value: T) -> Versioned<T> {
        Versioned {
            version: VERSION,
            value,
        }
    }
}

fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// Pretty printing, with `write_string_fragment` escaping [`needs_escape`] characters.
struct Escaping<'a>(PrettyFormatter<'a>);

impl Formatter for Escaping<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Most text is plain ASCII, which needs nothing here.
        if fragment.bytes().all(|b| b < 0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| needs_escape(c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped_and_the_data_round_trips() {
        let text = "a\u{7f}b\u{9b}31mc\u{202e}d\u{2028}e\u{61c}f\u{200f}g\u{2066}h\u{1b}i — ok";
        let json = to_string(&text).unwrap();
        assert_eq!(
            json,
            "\"a\\u007fb\\u009b31mc\\u202ed\\u2028e\\u061cf\\u200fg\\u2066h\\u001bi — ok\"\n"
        );
        assert!(json.chars().all(|c| !c.is_control() || c == '\n'));
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn everything_else_is_serde_jsons_pretty_output() {
        let value = serde_json::json!({"name": "Owning Impact", "steps": [1, 2], "none": null});
        assert_eq!(
            to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap() + "\n"
        );
    }

    #[test]
    fn versioned_puts_the_version_beside_the_fields() {
        #[derive(Serialize)]
        struct Entries {
            entries: Vec<u8>,
        }
        let json = to_string(&Versioned::new(Entries { entries: vec![1] })).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value, serde_json::json!({"version": 1, "entries": [1]}));
    }
}
