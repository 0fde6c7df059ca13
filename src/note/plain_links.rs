//! Wiki-links read from a body written plainly, without building a markdown parse: `check`
//! reads the links of every note of a vault, and for most notes a parse finds nothing a look at
//! each line would not. "Plainly" is what generated and everyday notes hold: paragraphs,
//! headings, lists and quotes, fenced code blocks at the start of a line, `[text](url)` links and
//! wiki-links on one line. Anything that could change what a bracket means (a backtick outside a
//! fence, `<`, a backslash, an indent that may start code, a lone bracket, a link across lines,
//! markup inside a link) makes the reader give up, and pulldown-cmark, which stays the
//! authority, reads the body instead (a property test holds the two to the same links).

/// A wiki-link as the markdown pass reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainLink<'a> {
    /// What stands before `|` (or `]]`), as written.
    pub destination: &'a str,
    pub embed: bool,
    /// The line of the body it is on, from 0.
    pub line: usize,
    /// What stands after `|`, trimmed; `None` without `|` or when it is blank.
    pub label: Option<&'a str>,
}

/// A fenced code block being read: its fence character and how many of them opened it.
#[derive(Clone, Copy)]
struct Fence {
    mark: u8,
    len: usize,
}

/// A line of a body read plainly, as `read_lines` hands it on once its links are read.
pub(super) enum Line<'a> {
    /// A line outside code, without its line ending.
    Text {
        text: &'a str,
        /// Its byte offset in the body, and its index from 0.
        start: usize,
        index: usize,
        /// Where the next line starts (the body's length after the last).
        next: usize,
    },
    /// A fence line at the left edge, opening or closing a code block.
    Fence,
}

/// Every wiki-link of `body` in order, and the line of each `#` heading as written, or `None`
/// when the body is not plain enough to be sure (a line of `=` or `-` under text, which may make
/// that text a heading, among the rest).
pub(crate) fn plain_links(body: &str) -> Option<(Vec<PlainLink<'_>>, Vec<&str>)> {
    let mut headings = Vec::new();
    // Whether the line before was text that a line of `=` or `-` would make a heading.
    let mut under_text = false;
    let links = read_lines(body, |line| {
        let Line::Text { text, .. } = line else {
            under_text = false;
            return Some(());
        };
        let content = text.trim_matches(' ');
        // Most lines open with a letter: no heading, no underline, no marks before one.
        if content
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphabetic)
        {
            under_text = true;
            return Some(());
        }
        if !content.is_empty() && content.bytes().all(|b| b == b'=' || b == b'-') && under_text {
            return None;
        }
        let is_heading = opens_heading(content);
        // Indented four spaces it is code; in a quote or a list item, a heading all the same:
        // the markdown pass tells.
        let indent = text.len() - text.trim_start_matches(' ').len();
        let after_marks = content.trim_start_matches(|c: char| {
            c.is_ascii_digit() || matches!(c, ' ' | '>' | '-' | '*' | '+' | '.' | ')')
        });
        if (is_heading && indent > 3) || (!is_heading && opens_heading(after_marks)) {
            return None;
        }
        if is_heading {
            headings.push(text);
        }
        under_text = !content.is_empty() && !is_heading;
        Some(())
    })?;
    Some((links, headings))
}

/// `plain_links`, handing each line outside a code block (and each fence line) to `on_line`
/// after its links are read; `None` as soon as `on_line` gives `None`.
pub(super) fn read_lines<'a>(
    body: &'a str,
    mut on_line: impl FnMut(Line<'a>) -> Option<()>,
) -> Option<Vec<PlainLink<'a>>> {
    // Room for a typical body's links: growing from nothing copies them several times.
    let mut links = Vec::with_capacity(16);
    let mut fence: Option<Fence> = None;
    let mut line_start = 0;
    for line_index in 0.. {
        let line_end = memchr::memchr(b'\n', &body.as_bytes()[line_start..])
            .map_or(body.len(), |at| line_start + at);
        let line = &body[line_start..line_end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let is_fence = rest.starts_with("```") || rest.starts_with("~~~");
        // A lone carriage return ends a line, and the line after it could open or close a block.
        if (is_fence || fence.is_some()) && memchr::memchr(b'\r', line.as_bytes()).is_some() {
            return None;
        }
        if is_fence {
            // An indented fence may belong to a list or quote, or close a block early.
            if indent > 0 {
                return None;
            }
            fence = fence_line(rest, fence)?;
            on_line(Line::Fence)?;
        } else if fence.is_none() {
            read_line(line, line_index, &mut links)?;
            on_line(Line::Text {
                text: line,
                start: line_start,
                index: line_index,
                next: (line_end + 1).min(body.len()),
            })?;
        }
        if line_end == body.len() {
            break;
        }
        line_start = line_end + 1;
    }
    Some(links)
}

/// Whether `text` opens with a heading's `#` marks: one to six, then a space or nothing.
fn opens_heading(text: &str) -> bool {
    let level = text.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&level) && matches!(text.as_bytes().get(level), None | Some(b' '))
}

/// The fence state after a fence line at the start of a line, or `None` when it is not plain.
fn fence_line(line: &str, open: Option<Fence>) -> Option<Option<Fence>> {
    let mark = line.as_bytes()[0];
    let len = line.bytes().take_while(|&b| b == mark).count();
    let after = &line[len..];
    match open {
        Some(open) if open.mark == mark && len >= open.len => {
            if after.trim_matches(' ').is_empty() {
                Some(None)
            } else {
                Some(Some(open))
            }
        }
        Some(open) => Some(Some(open)),
        // A backtick in a backtick fence's info string makes it inline code instead.
        None if mark == b'`' && after.contains('`') => None,
        None => Some(Some(Fence { mark, len })),
    }
}

/// Whether `b` may change what a bracket means: a bracket, a control character, or the start
/// of code, HTML, an escape or a fence.
fn is_special(b: u8) -> bool {
    b < b' ' || matches!(b, b'[' | b'\\' | b']' | b'`' | b'<' | b'~')
}

/// How many bytes `special_mask` looks at in one go.
const LANES: usize = 16;

/// The offset of the first special byte of `line` from `from`, if any. Every line of every
/// note `check` reads is looked through here, sixteen bytes at a time.
pub(super) fn has_special(line: &str, from: usize) -> Option<usize> {
    let bytes = line.as_bytes().get(from..)?;
    let (chunks, rest) = bytes.as_chunks::<LANES>();
    // The last bytes are looked at the same way, after spaces, which are not special.
    let mut last = [b' '; LANES];
    last[..rest.len()].copy_from_slice(rest);
    chunks
        .iter()
        .chain(std::iter::once(&last))
        .enumerate()
        .find_map(|(index, chunk)| {
            let mask = special_mask(chunk);
            (mask != 0).then(|| from + index * LANES + mask.trailing_zeros() as usize)
        })
}

/// Bit `i` set where byte `i` of `chunk` is special (`is_special`).
#[cfg(target_arch = "x86_64")]
fn special_mask(chunk: &[u8; LANES]) -> u32 {
    // SAFETY: SSE2 is part of x86-64 itself: every processor this runs on has it.
    unsafe { sse2_special_mask(chunk) }
}

/// `special_mask` with SSE2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn sse2_special_mask(chunk: &[u8; LANES]) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: the load reads the 16 bytes of `chunk` and no more; it needs no alignment.
    let bytes = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
    let equals = |b: u8| _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b as i8));
    // A byte below a space is the smaller of itself and 0x1f.
    let control = _mm_cmpeq_epi8(_mm_min_epu8(bytes, _mm_set1_epi8(0x1f)), bytes);
    let brackets = _mm_or_si128(_mm_or_si128(equals(b'['), equals(b'\\')), equals(b']'));
    let openers = _mm_or_si128(_mm_or_si128(equals(b'`'), equals(b'<')), equals(b'~'));
    let special = _mm_or_si128(control, _mm_or_si128(brackets, openers));
    _mm_movemask_epi8(special) as u32 & 0xffff
}

#[cfg(not(target_arch = "x86_64"))]
fn special_mask(chunk: &[u8; LANES]) -> u32 {
    special_mask_by_byte(chunk)
}

/// `special_mask` a byte at a time, where SSE2 is not to be had (and to test it against).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn special_mask_by_byte(chunk: &[u8; LANES]) -> u32 {
    (chunk.iter().enumerate()).fold(0, |mask, (i, &b)| mask | u32::from(is_special(b)) << i)
}

/// Reads the links of one line outside code, or `None` when the line is not plain.
fn read_line<'a>(line: &'a str, line_index: usize, links: &mut Vec<PlainLink<'a>>) -> Option<()> {
    let bytes = line.as_bytes();
    // Code indented four spaces past the quote and list marks would make its brackets text.
    let marks = bytes
        .iter()
        .position(|&b| {
            !matches!(
                b,
                b' ' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
            )
        })
        .unwrap_or(bytes.len());
    let indented = line[..marks].contains("    ");
    let mut at = 0;
    while let Some(found) = has_special(line, at) {
        at = match bytes[found] {
            b'[' if indented => return None,
            b'[' if bytes.get(found + 1) == Some(&b'[') => {
                let (link, end) = wiki_link(line, found)?;
                links.push(PlainLink {
                    line: line_index,
                    ..link
                });
                end
            }
            b'[' => inline_link(line, found)?,
            // A fence after a list or quote mark opens code all the same.
            b'~' if !bytes[found..].starts_with(b"~~~") => found + 1,
            _ => return None,
        };
    }
    Some(())
}

/// The wiki-link opening at `open` (its `[[`) and the offset just past its `]]`.
fn wiki_link(line: &str, open: usize) -> Option<(PlainLink<'_>, usize)> {
    let inner_start = open + 2;
    let inner_len = super::links::find_pair(&line[inner_start..], b']')?;
    let inner = &line[inner_start..inner_start + inner_len];
    let end = inner_start + inner_len + 2;
    let plain = |b: u8| !is_special(b) && !matches!(b, b'&' | b'*' | b'_' | b'!');
    if !inner.bytes().all(plain) || matches!(line.as_bytes().get(end), Some(b']' | b'(')) {
        return None;
    }
    let (destination, label) = match memchr::memchr(b'|', inner.as_bytes()) {
        Some(bar) => (&inner[..bar], Some(inner[bar + 1..].trim())),
        None => (inner, None),
    };
    if destination.is_empty() {
        return None;
    }
    let link = PlainLink {
        destination,
        embed: open > 0 && line.as_bytes()[open - 1] == b'!',
        line: 0,
        label: label.filter(|label| !label.is_empty()),
    };
    Some((link, end))
}

/// The offset just past a `[text](url)` link opening at `open`, or `None` when what opens there
/// is anything else (a reference, a footnote, brackets in text).
fn inline_link(line: &str, open: usize) -> Option<usize> {
    let text_len = line[open + 1..].find(']')?;
    let text_end = open + 1 + text_len;
    let text = &line.as_bytes()[open + 1..text_end];
    if text.iter().any(|&b| is_special(b)) || !line[text_end + 1..].starts_with('(') {
        return None;
    }
    let url_start = text_end + 2;
    let url_len = line[url_start..].find(')')?;
    let url = &line[url_start..url_start + url_len];
    let plain = |b: u8| !is_special(b) && !matches!(b, b' ' | b'(' | b'"' | b'\'');
    url.bytes().all(plain).then_some(url_start + url_len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Headings;
    use proptest::prelude::*;

    /// A link as `(destination, embed, line, label)`.
    type Found = (String, bool, usize, Option<String>);

    /// What the markdown pass finds, in the plain reader's terms.
    fn parsed(body: &str) -> Vec<Found> {
        let mut found = Vec::new();
        let visit = |destination: &str, embed, line, label| {
            found.push((destination.to_string(), embed, line, label));
        };
        super::super::scan::scan(body, 0, None, visit, None);
        found
    }

    fn plain(body: &str) -> Option<Vec<Found>> {
        plain_links(body).map(|(links, _)| {
            links
                .into_iter()
                .map(|l| {
                    let label = l.label.map(str::to_string);
                    (l.destination.to_string(), l.embed, l.line, label)
                })
                .collect()
        })
    }

    /// Pieces of plain markdown, whole links among them, so that most bodies are read plainly.
    const PLAIN: &[&str] = &[
        "[[a]]",
        "[[B c|d e]]",
        "![[a#b]]",
        "[[a| ]]",
        "[[ a ]]",
        "[[a|b|c]]",
        "[t](u)",
        "![t](https://x.org/1)",
        "[[",
        "]]",
        "[",
        "]",
        "(",
        ")",
        "|",
        "!",
        "#",
        "a",
        "B c",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "```",
        "~~~",
        "\n```\n",
        "\n~~~~ a\n",
        "> ",
        "- ",
        "1. ",
        "## ",
        "---",
        ":",
        "é",
        "+ ",
        "1) ",
        "[^1]",
        "[a]: u",
        "\u{a0}",
        "[[a|\u{a0}b\u{a0}]]",
        "\n\n   ",
    ];

    /// Pieces that can change what a bracket means.
    const TRICKY: &[&str] = &[
        "    ",
        "  ",
        "\t",
        "\r",
        "`",
        "*",
        "_",
        "&amp;",
        "<",
        "<div>",
        "\\",
        "===",
        "\u{0}",
        "* ",
        "&#91;",
        "\n\n    ",
        "<!-- x -->",
    ];

    fn body() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => proptest::sample::select(PLAIN),
            1 => proptest::sample::select(TRICKY),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        /// The special bytes are found sixteen at a time where a look at each byte finds them.
        #[test]
        fn a_special_byte_is_found_where_a_look_at_each_byte_finds_it(
            bytes in proptest::collection::vec(any::<u8>(), 0..80),
            from in 0usize..90,
        ) {
            let text = String::from_utf8_lossy(&bytes);
            let by_byte = text.as_bytes().get(from..).and_then(|rest| {
                rest.iter().position(|&b| is_special(b)).map(|at| from + at)
            });
            prop_assert_eq!(has_special(&text, from), by_byte);
        }

        /// Each platform's mask marks the bytes the byte-at-a-time one marks.
        #[test]
        fn the_mask_marks_the_special_bytes(chunk in any::<[u8; LANES]>()) {
            prop_assert_eq!(special_mask(&chunk), special_mask_by_byte(&chunk));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Whatever the plain reader reads, it reads as the markdown pass does.
        #[test]
        fn the_plain_reader_finds_what_the_markdown_pass_finds(body in body()) {
            if let Some(links) = plain(&body) {
                prop_assert_eq!(links, parsed(&body), "body: {:?}", body);
            }
        }

        /// And the same headings.
        #[test]
        fn the_plain_reader_finds_the_headings_the_markdown_pass_finds(body in body()) {
            if let Some((_, headings)) = plain_links(&body) {
                let mut parsed = Vec::new();
                let mut visit = |heading: &str| parsed.push(heading.to_string());
                super::super::scan::scan(&body, 0, None, |_, _, _, _| {}, Some(&mut visit));
                let parsed = Headings::of(parsed.iter().map(String::as_str));
                prop_assert_eq!(Headings::of(headings), parsed, "body: {:?}", body);
            }
        }
    }

    #[test]
    fn a_generated_note_is_read_plainly() {
        let body = "## Description\n\nWords [[One]] more ![[Two#Notes]]. [[Three|a label ]]\n\n\
            ```markdown\nExample: [[not a link]] stays text in code.\n```\n\n\
            - Item. [hear](https://example.org/476)\n1. **Step**  \n   → Then [[Four|x]]\n";
        assert_eq!(
            plain(body),
            Some(vec![
                ("One".to_string(), false, 2, None),
                ("Two#Notes".to_string(), true, 2, None),
                ("Three".to_string(), false, 2, Some("a label".to_string())),
                ("Four".to_string(), false, 10, Some("x".to_string())),
            ])
        );
        assert_eq!(plain(body), Some(parsed(body)));
    }

    #[test]
    fn what_could_change_a_bracket_is_left_to_the_markdown_pass() {
        for body in [
            "`[[code]]`",
            "    [[indented code]]",
            ">     [[code in a quote]]",
            "  ```\n[[a]]\n  ```",
            "<div>\n[[html]]\n</div>",
            "\\[[escaped]]",
            "[[across\nlines]]",
            "[[a|*em*]]",
            "[ref]: https://x.org",
            "[[a]]]",
        ] {
            assert_eq!(plain(body), None, "{body:?}");
        }
    }
}
