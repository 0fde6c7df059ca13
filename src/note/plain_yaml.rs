//! Frontmatter written the plainest way, read without the YAML parser. Most notes' frontmatter is
//! a few `key: value` lines, yet libyaml spends about 150,000 instructions on one of a skill's
//! size (it is set up for each document, then reads a character at a time): more than the rest
//! of loading the note.
//!
//! Only text that can be read one way is taken: top-level `key: value` lines with plain keys,
//! where each value is
//! - nothing (null), or a list of `- item` lines under the key;
//! - a string in quotes without escapes or the quote inside;
//! - plain text that starts with a letter and holds no `#`, `:` or tab (`true`, `false` and
//!   `null` as serde_norway spells them become those);
//! - a whole number without a leading zero, or a date (`2024-02-13`, a string);
//! - a list on one line, `[a, "b"]`, of such items (plain ones without `,[]{}`).
//!
//! Anything else, or a key written twice, gives `None`, and the caller asks the parser, which
//! stays the authority: a test checks that the two agree on every text this reads.
use serde_yaml::{Mapping, Value};

/// The longest key taken: libyaml looks no further than 1,024 characters for a key's `:`.
const MAX_KEY_BYTES: usize = 128;

/// The fields of `yaml`, when it is written the plainest way (see the module's notes).
pub(crate) fn read(yaml: &str) -> Option<Mapping> {
    let fields = read_keys(yaml, |_| true)?;
    Some(
        fields
            .into_iter()
            .map(|(key, value)| (Value::String(key.to_string()), value))
            .collect(),
    )
}

/// `read`, keeping only the fields whose key is `wanted`, in order: the rest are read through,
/// to be sure of the whole, but not built. A list of a few fields, not a map: a note's head
/// looks for three or four keys, and hashing them cost more than looking.
pub(crate) fn read_keys(yaml: &str, wanted: impl Fn(&str) -> bool) -> Option<Vec<(&str, Value)>> {
    // No tab, control character or line break but `\n` anywhere, comments included.
    // A chunk at a time, every byte of it looked at without stopping early, so that the
    // compiler can look at them at once.
    let plain_bytes = yaml.as_bytes().chunks(32).all(|chunk| {
        chunk
            .iter()
            .fold(true, |plain, &b| plain & matches!(b, b' '..=b'~' | b'\n'))
    });
    if !plain_bytes && !yaml.chars().all(|c| c == '\n' || printable(c)) {
        return None;
    }
    let mut fields = Vec::new();
    // Few keys: a list is quicker to look through than a map is to build (and room for a
    // skill's, so that it is not grown as it is read).
    let mut keys: Vec<&str> = Vec::with_capacity(8);
    let mut lines = super::lines::split_lines(yaml).peekable();
    while let Some(line) = lines.next() {
        if skipped(line) {
            continue;
        }
        let (key, written) = key_line(line)?;
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let keep = wanted(key);
        let value = if written.is_empty() {
            // `- item` lines under the key, all at one indent, or nothing.
            let mut items = Vec::new();
            let mut any = false;
            let mut indent = None;
            while let Some(&next) = lines.peek() {
                if skipped(next) {
                    lines.next();
                    continue;
                }
                let Some((width, item)) = item_line(next) else {
                    break;
                };
                if *indent.get_or_insert(width) != width {
                    return None;
                }
                let item = scalar(item, false)?;
                if keep {
                    items.push(item);
                }
                any = true;
                lines.next();
            }
            if !any {
                Written::One(Scalar::Null)
            } else {
                Written::List(items)
            }
        } else if let Some(list) = written.strip_prefix('[') {
            Written::List(flow_list(list, keep)?)
        } else {
            Written::One(scalar(written, false)?)
        };
        if keep {
            fields.push((key, value.into_value()));
        }
    }
    Some(fields)
}

/// A value as written, not yet built.
enum Written<'y> {
    One(Scalar<'y>),
    List(Vec<Scalar<'y>>),
}

#[derive(Clone, Copy)]
enum Scalar<'y> {
    Null,
    Bool(bool),
    Number(u64),
    Text(&'y str),
}

impl Written<'_> {
    fn into_value(self) -> Value {
        match self {
            Written::One(one) => one.into_value(),
            Written::List(items) => {
                Value::Sequence(items.into_iter().map(Scalar::into_value).collect())
            }
        }
    }
}

impl Scalar<'_> {
    fn into_value(self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Number(n) => Value::Number(n.into()),
            Scalar::Text(text) => Value::String(text.to_string()),
        }
    }
}

/// A blank line, or a comment at the left edge.
fn skipped(line: &str) -> bool {
    line.bytes().all(|b| b == b' ') || line.starts_with('#')
}

/// `key: value` at the left edge: the key and the value's text, trimmed (empty for `key:`).
fn key_line(line: &str) -> Option<(&str, &str)> {
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let key = key.trim_end_matches(' ');
    let first = *key.as_bytes().first()?;
    let plain = (first.is_ascii_alphabetic() || first == b'_')
        && key.len() <= MAX_KEY_BYTES
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b' ' | b'.' | b'-'))
        && word(key).is_none();
    if !plain {
        return None;
    }
    match rest.strip_prefix(' ') {
        Some(value) => Some((key, value.trim_matches(' '))),
        None if rest.is_empty() => Some((key, "")),
        None => None,
    }
}

/// `- item` indented by some spaces: the indent and the item's text, trimmed.
fn item_line(line: &str) -> Option<(usize, &str)> {
    let item = line.trim_start_matches(' ');
    let indent = line.len() - item.len();
    let text = item.strip_prefix("- ")?.trim_matches(' ');
    Some((indent, text))
}

/// The items of a list written on one line, after its `[` (checked, and not kept unless `keep`).
fn flow_list(mut rest: &str, keep: bool) -> Option<Vec<Scalar<'_>>> {
    let mut items = Vec::new();
    rest = rest.trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return after.is_empty().then_some(items);
    }
    loop {
        // Every byte looked for is ASCII, so the text is cut between characters.
        let bytes = rest.as_bytes();
        let end = if rest.starts_with(['"', '\'']) {
            // Past the closing quote (no quote is inside: see `quoted`).
            1 + memchr::memchr(bytes[0], &bytes[1..])? + 1
        } else {
            memchr::memchr2(b',', b']', bytes)?
        };
        let item = scalar(rest[..end].trim_end_matches(' '), true)?;
        if keep {
            items.push(item);
        }
        rest = rest[end..].trim_start_matches(' ');
        match rest.as_bytes().first()? {
            b',' => rest = rest[1..].trim_start_matches(' '),
            b']' => return (rest.len() == 1).then_some(items),
            _ => return None,
        }
    }
}

/// One value written on one line, trimmed: quoted, or plain (inside a `[...]` list when
/// `in_list`).
fn scalar(text: &str, in_list: bool) -> Option<Scalar<'_>> {
    if let Some(inner) = quoted(text) {
        return Some(Scalar::Text(inner));
    }
    let first = text.chars().next()?;
    // All of them ASCII, so looked for byte by byte.
    let special = |b: &u8| {
        matches!(b, b'#' | b':') || (in_list && matches!(b, b',' | b'[' | b']' | b'{' | b'}'))
    };
    if text.as_bytes().iter().any(special) {
        return None;
    }
    if first.is_alphabetic() {
        return Some(word(text).unwrap_or(Scalar::Text(text)));
    }
    number_or_date(text)
}

/// `true`, `false` and `null`, as serde_norway reads them unquoted.
fn word(text: &str) -> Option<Scalar<'_>> {
    match text {
        "true" | "True" | "TRUE" => Some(Scalar::Bool(true)),
        "false" | "False" | "FALSE" => Some(Scalar::Bool(false)),
        "null" | "Null" | "NULL" => Some(Scalar::Null),
        _ => None,
    }
}

/// The text inside `"..."` or `'...'`, when the quotes hold no escape, quote or tab.
fn quoted(text: &str) -> Option<&str> {
    let quote = match text.as_bytes().first()? {
        b'"' => '"',
        b'\'' => '\'',
        _ => return None,
    };
    let inner = text.get(1..)?.strip_suffix(quote)?;
    let escaped = quote == '"' && inner.contains('\\');
    (!inner.contains(quote) && !escaped).then_some(inner)
}

/// A whole number without a leading zero (short enough for a `u64`), or a date, which the
/// parser keeps as text.
fn number_or_date(text: &str) -> Option<Scalar<'_>> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
    {
        return Some(Scalar::Text(text));
    }
    let whole =
        !b.is_empty() && b.len() <= 18 && digits(0..b.len()) && (b[0] != b'0' || b.len() == 1);
    let number: u64 = text.parse().ok().filter(|_| whole)?;
    Some(Scalar::Number(number))
}

/// A character libyaml takes as it is, on one line (its printable set, without line breaks
/// and tabs).
fn printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fields, in order, as `Frontmatter::parse` keeps what the parser makes of `yaml`.
    fn parsed(yaml: &str) -> Option<Vec<(Value, Value)>> {
        match serde_yaml::from_str::<Value>(yaml).ok()? {
            Value::Null => Some(Vec::new()),
            Value::Mapping(fields) => Some(fields.into_iter().collect()),
            _ => None,
        }
    }

    fn read_in_order(yaml: &str) -> Option<Vec<(Value, Value)>> {
        read(yaml).map(|fields| fields.into_iter().collect())
    }

    #[test]
    fn what_notes_write_is_read_as_the_parser_reads_it() {
        for yaml in [
            // A generated skill's frontmatter (examples/gen_vault.rs).
            "fileClass: core_skill\ndescription: Warm was tired to apart because question.\nsteps: [\"Step 1: Of the boundary 1\", \"Step 2: Space the space 2\"]\ncommon_mistakes: Apart a that I that kitchen change.\nsupporting_meta_skills: [\"[[Money Talk 08020]]\", \"[[Timing 04409]]\"]\nrelated_scenarios:\ncurrent_focus: false\n",
            "created: 2024-02-13\ntags: [small]\naliases: [\"Tone alias 855\"]\n",
            // As Obsidian's properties write them.
            "aliases:\n  - Tea\n  - \"Brew: hot\"\ntags:\n- tea\n- drinks\ncssclasses:\nrating: 4\npublish: true\nmood: null\n",
            "# a comment\n\ntitle: It's a note, (really) - ok!\nquote: 'single: \"quoted\"'\nempty: []\nspaced: [ a b ,  c ]\n",
            "Key With Spaces: v\ndotted.key-x: café au lait\n_private: x\naliases : [Spaced]\n",
        ] {
            let ours = read_in_order(yaml);
            assert!(ours.is_some(), "{yaml:?}");
            assert_eq!(ours, parsed(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn what_could_be_read_two_ways_is_left_to_the_parser() {
        for yaml in [
            // Text over more than one line.
            "description: one\n  two\n",
            "steps: [\"a\",\n  \"b\"]\n",
            "notes: |\n  text\n",
            "notes: >-\n  text\n",
            // Escapes, quotes inside quotes, comments after a value.
            "a: \"tab\\there\"\n",
            "a: 'it''s'\n",
            "a: text # note\n",
            "a: \"text\" # note\n",
            // What the parser may read otherwise: numbers with a sign, a point or a leading zero,
            // `~`, anchors, tags, nested lists and maps, `key:value`, a key written twice.
            "a: 1.5\n",
            "a: -3\n",
            "a: 007\n",
            "a: ~\n",
            "a: &x v\nb: *x\n",
            "a: !tag v\n",
            "a: [[b]]\n",
            "a: {b: c}\n",
            "a:\n  b: c\n",
            "a:\n  - - b\n",
            "a:\n  - b\n    c\n",
            "a:\n  - b\n   - c\n",
            "a:b\n",
            "a: b\na: c\n",
            "true: b\n",
            "\"a\": b\n",
            "  a: b\n",
            "a:\tb\n",
            "a: b\u{85}c\n",
            "- a\n",
            "%YAML 1.2\n",
            "? a\n: b\n",
        ] {
            assert_eq!(read_in_order(yaml), None, "{yaml:?}");
        }
    }

    fn key() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "title",
            "tags",
            "aliases",
            "Key With Spaces",
            "a.b-c",
            "_x",
            "x",
            "x ",
            "true",
            "Null",
            "e5",
            "inf",
            "a-",
            "fileClass",
        ])
        .prop_map(str::to_string)
    }

    /// Values built of the pieces of text that matter to YAML.
    fn value() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a",
            "Tea",
            "b c",
            " ",
            "  ",
            "#",
            " #",
            ":",
            ": ",
            ",",
            ", ",
            "[",
            "]",
            "{",
            "}",
            "\"",
            "'",
            "-",
            "- ",
            "?",
            "? ",
            "&x",
            "*x",
            "!t",
            "|",
            ">",
            "%",
            "@",
            "`",
            "~",
            "<<",
            "0",
            "1",
            "07",
            "1.5",
            "1e3",
            ".inf",
            "0x1f",
            "-",
            "+",
            "é",
            "茶",
            "\\",
            "\\n",
            "\t",
            "\u{85}",
            "\u{2028}",
            "\u{feff}",
            "\r",
            "true",
            "null",
            "yes",
            "2024-02-13",
        ]);
        prop::collection::vec(piece, 0..5).prop_map(|pieces| pieces.concat())
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            (key(), value()).prop_map(|(k, v)| format!("{k}: {v}")),
            (key(), value()).prop_map(|(k, v)| format!("{k}:{v}")),
            (key(), value()).prop_map(|(k, v)| format!("{k}: \"{v}\"")),
            (key(), value()).prop_map(|(k, v)| format!("{k}: '{v}'")),
            (key(), prop::collection::vec(value(), 0..4))
                .prop_map(|(k, items)| format!("{k}: [{}]", items.join(", "))),
            (key(), prop::collection::vec(value(), 0..4))
                .prop_map(|(k, items)| format!("{k}: [\"{}\"]", items.join("\", \""))),
            key().prop_map(|k| format!("{k}:")),
            (0usize..3, value()).prop_map(|(indent, v)| format!("{}- {v}", " ".repeat(indent))),
            (0usize..3, value()).prop_map(|(indent, v)| format!("{}- \"{v}\"", " ".repeat(indent))),
            value(),
            prop::sample::select(vec![
                "",
                "  ",
                "# comment",
                "  # indented comment",
                "created: 2024-02-13",
                "n: 12",
                "n: 0",
                "n: 1234567890123456789",
                "z: 2024-2-13",
                "---",
                "...",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20000))]
        /// Whatever is read here, the parser reads the same, key by key and in order; and the
        /// fields of some keys alone are those of the whole, when it reads.
        #[test]
        fn what_is_read_agrees_with_the_parser(lines in prop::collection::vec(line(), 0..8)) {
            let yaml = lines.join("\n") + "\n";
            let wanted = |key: &str| matches!(key, "aliases" | "x" | "fileClass");
            let some: Option<Vec<(Value, Value)>> =
                read_keys(&yaml, wanted).map(|fields| {
                    fields.into_iter().map(|(key, value)| (Value::from(key), value)).collect()
                });
            let whole = read_in_order(&yaml);
            let kept = whole.clone().map(|fields| {
                fields.into_iter().filter(|(key, _)| wanted(key.as_str().unwrap())).collect()
            });
            prop_assert_eq!(some, kept, "{:?}", yaml);
            if let Some(ours) = whole {
                prop_assert_eq!(Some(ours), parsed(&yaml), "{:?}", yaml);
            }
        }
    }
}
