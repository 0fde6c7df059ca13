//! A body's outline (its headings and the items of its top-level lists) and its wiki-links, read
//! without a markdown parse when the body is written plainly: `check` types every skill and
//! practice of a vault, and parsing each body costs more than looking at its lines.
//!
//! "Plainly" is narrower here than for the links alone (`plain_links`, whose reading of lines and
//! fences this builds on): `#` headings, paragraphs, `---` rules, fenced code, and one level of
//! lists whose items may open with a `**Title**`, every block at the left edge or at its item's
//! text. Anything else (a quote, a nested list, any other indent, a line that could underline a
//! heading, emphasis or an entity in an item or a heading) makes the reader give up, and
//! pulldown-cmark, which stays the authority, reads the body instead: a property test holds the
//! two to the same outline and links.
use super::links::find_pair;
use super::list_item::ListItem;
use super::plain_links::{Line, PlainLink, has_special, read_lines};
use super::scan::{Heading, Outline};

/// The outline and the wiki-links of `body` (whose first line is file line `body_line`), or
/// `None` when it is not plain enough to be sure.
pub(crate) fn plain_outline(body: &str, body_line: usize) -> Option<(Outline, Vec<PlainLink<'_>>)> {
    let mut reader = Reader {
        body_line,
        outline: Outline::default(),
        last: Last::Block,
        item: None,
    };
    let links = read_lines(body, |line| reader.line(line))?;
    reader.close_item();
    Some((reader.outline, links))
}

/// What the line before was, as far as the next line's meaning depends on it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Blank,
    /// A paragraph's line outside any list: a `---` under it would make it a heading.
    Paragraph,
    /// A line of an item's text: a line after it at the left edge may carry that text on.
    ItemText,
    /// A heading, a rule or a fence.
    Block,
}

/// The item being read: where it starts, how far in its text stands, and what it holds so far.
struct OpenItem {
    start: usize,
    indent: usize,
    item: ListItem,
}

struct Reader {
    body_line: usize,
    outline: Outline,
    last: Last,
    item: Option<OpenItem>,
}

impl Reader {
    fn line(&mut self, line: Line<'_>) -> Option<()> {
        match line {
            Line::Fence => {
                self.close_item();
                self.last = Last::Block;
                Some(())
            }
            Line::Text {
                text,
                start,
                index,
                next,
            } => self.text_line(text, start, index, next),
        }
    }

    fn text_line(&mut self, line: &str, start: usize, index: usize, next: usize) -> Option<()> {
        let content = line.trim_start_matches(' ');
        if content.is_empty() {
            self.last = Last::Blank;
            return Some(());
        }
        let content = content.trim_end_matches(' ');
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 0 {
            // Only an item's own text may be indented, and by just as much as it.
            let open = self.item.as_mut().filter(|open| open.indent == indent)?;
            if !starts_text(content) {
                return None;
            }
            if self.last == Last::ItemText {
                open.item.text.push(' ');
            }
            push_inline(content, &mut open.item.text)?;
            self.last = Last::ItemText;
            return Some(());
        }
        if content.starts_with('#') {
            let level = content.bytes().take_while(|&b| b == b'#').count();
            let text = content[level..].strip_prefix(' ')?.trim_matches(' ');
            if level > 6 || text.is_empty() || text.ends_with('#') {
                return None;
            }
            let mut heading = String::with_capacity(text.len());
            push_inline(text, &mut heading)?;
            self.close_item();
            self.outline.headings.push(Heading {
                level: level as u8,
                text: heading.trim().to_string(),
                start,
                end: next,
            });
            self.last = Last::Block;
        } else if content.len() >= 3 && content.bytes().all(|b| b == b'-') {
            // Under a paragraph, dashes make it a heading.
            if self.last == Last::Paragraph {
                return None;
            }
            self.close_item();
            self.last = Last::Block;
        } else if let Some((marker, ordered)) = list_marker(content) {
            // A numbered list may break into a paragraph only from 1.
            if ordered && self.last == Last::Paragraph {
                return None;
            }
            self.close_item();
            let mut item = ListItem {
                title: None,
                // Room for the item's first line, which most items are.
                text: String::with_capacity(content.len()),
                line: self.body_line + index,
            };
            let rest = opening_title(&content[marker..], &mut item)?;
            if item.title.is_none() && !starts_text(rest) {
                return None;
            }
            push_inline(rest, &mut item.text)?;
            self.item = Some(OpenItem {
                start,
                indent: marker,
                item,
            });
            self.last = Last::ItemText;
        } else if !starts_text(content) {
            return None;
        } else if let Some(open) = self.item.as_mut().filter(|_| self.last == Last::ItemText) {
            // Carried on at the left edge, the item's text goes on.
            open.item.text.push(' ');
            push_inline(content, &mut open.item.text)?;
        } else {
            self.close_item();
            self.last = Last::Paragraph;
        }
        Some(())
    }

    fn close_item(&mut self) {
        if let Some(open) = self.item.take() {
            let mut item = open.item;
            item.text = item.text.trim().to_string();
            self.outline.items.push((open.start, item));
        }
    }
}

/// Whether a block's first byte makes it a paragraph for sure: a letter, any character beyond
/// ASCII, or a link's bracket (whose links `plain_links` has read already).
fn starts_text(content: &str) -> bool {
    content
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b >= 0x80 || matches!(b, b'[' | b'!' | b'"'))
}

/// The width of a list marker and the one space after it (`- `, `1. `), and whether it numbers
/// the item; `None` when `content` does not open an item with text after one space.
fn list_marker(content: &str) -> Option<(usize, bool)> {
    let bytes = content.as_bytes();
    let (width, ordered) = match bytes.first()? {
        b'-' | b'+' | b'*' => (1, false),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            (digits + 1, true)
        }
        _ => return None,
    };
    let after = bytes.get(width + 1).copied();
    (bytes.get(width) == Some(&b' ') && after.is_some_and(|b| b != b' '))
        .then_some((width + 1, ordered))
}

/// Reads a `**Title**` opening an item's text into `item`, giving what follows it (all of `text`
/// when it opens with no bold); `None` when bold there could read otherwise.
fn opening_title<'t>(text: &'t str, item: &mut ListItem) -> Option<&'t str> {
    let Some(inner) = text.strip_prefix("**") else {
        return Some(text);
    };
    let close = memchr::memchr(b'*', inner.as_bytes())?;
    let title = &inner[..close];
    let rest = inner[close..].strip_prefix("**")?;
    let plain = !title.is_empty()
        && !title.starts_with(char::is_whitespace)
        && !title.ends_with(char::is_whitespace)
        && has_special(title, 0).is_none()
        && memchr::memchr3(b'_', b'&', b'!', title.as_bytes()).is_none();
    if !plain || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    item.title = Some(title.to_string());
    Some(rest)
}

/// Appends the text pulldown-cmark gives for `text`, part of one line whose links `plain_links`
/// has read: each link as its label, or its destination without one. `None` where emphasis or an
/// entity could change the text.
fn push_inline(text: &str, out: &mut String) -> Option<()> {
    if memchr::memchr3(b'*', b'_', b'&', text.as_bytes()).is_some() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = has_special(text, at) {
        if bytes[found] != b'[' {
            // `plain_links` lets only a lone `~` by, which is text.
            at = found + 1;
            continue;
        }
        // An embed's `!` is not part of the text.
        let before = if found > 0 && bytes[found - 1] == b'!' {
            found - 1
        } else {
            found
        };
        out.push_str(&text[copied..before]);
        copied = if bytes.get(found + 1) == Some(&b'[') {
            let inner_start = found + 2;
            let inner_len = find_pair(&text[inner_start..], b']')?;
            let inner = &text[inner_start..inner_start + inner_len];
            out.push_str(match memchr::memchr(b'|', inner.as_bytes()) {
                Some(bar) => &inner[bar + 1..],
                None => inner,
            });
            inner_start + inner_len + 2
        } else {
            let label_start = found + 1;
            let label_len = memchr::memchr(b']', &bytes[label_start..])?;
            out.push_str(&text[label_start..label_start + label_len]);
            let url_start = label_start + label_len + 2;
            url_start + memchr::memchr(b')', bytes.get(url_start..)?)? + 1
        };
        at = copied;
    }
    out.push_str(&text[copied..]);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An outline and links, in terms both readers can be compared in.
    #[derive(Debug, PartialEq)]
    struct Read {
        headings: Vec<(u8, String, usize, usize)>,
        items: Vec<(usize, Option<String>, String, usize)>,
        links: Vec<(String, bool, usize, Option<String>)>,
    }

    fn read_of(outline: Outline, links: Vec<(String, bool, usize, Option<String>)>) -> Read {
        Read {
            headings: outline
                .headings
                .into_iter()
                .map(|h| (h.level, h.text, h.start, h.end))
                .collect(),
            items: outline
                .items
                .into_iter()
                .map(|(start, item)| (start, item.title, item.text, item.line))
                .collect(),
            links,
        }
    }

    /// What the markdown pass reads.
    fn parsed(body: &str) -> Read {
        let mut outline = Outline::default();
        let mut links = Vec::new();
        super::super::scan::scan(
            body,
            1,
            Some(&mut outline),
            |destination, embed, line, label| {
                links.push((destination.to_string(), embed, line, label));
            },
            None,
        );
        read_of(outline, links)
    }

    fn plain(body: &str) -> Option<Read> {
        plain_outline(body, 1).map(|(outline, links)| {
            let links = links
                .into_iter()
                .map(|l| {
                    let label = l.label.map(str::to_string);
                    (l.destination.to_string(), l.embed, 1 + l.line, label)
                })
                .collect();
            read_of(outline, links)
        })
    }

    /// What most lines start with: words, or a link.
    const WORDS: &[&str] = &["Words", "more words"];
    const LINKS: &[&str] = &[
        "[[a]]",
        "[[B c|d e]]",
        "![[a#b]]",
        "[[a| ]]",
        "[[ a ]]",
        "[[a|b|c]]",
        "[t](u)",
        "![t](https://x.org/1)",
    ];
    /// Other plain text.
    const TEXT: &[&str] = &[
        " ", "  ", "→ then", "é", "\u{a0}", ":", ".", "#", "\"q\"", "~",
    ];
    /// Text that emphasis, an entity, code, HTML or an escape could change.
    const TRICKY_TEXT: &[&str] = &["**T**", "*", "_", "&amp;", "`", "<b>", "\\", "[", "]", "!"];

    /// How lines start: block marks and indents the reader takes.
    const OPENINGS: &[&str] = &[
        "",
        "",
        "",
        "## ",
        "# ",
        "###### ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "2) ",
        "10. ",
        "- **Title** ",
        "1. **Step one**  ",
        "   ",
        "  ",
    ];
    /// And openings that could change what a line is.
    const TRICKY_OPENINGS: &[&str] = &[
        "    ", "      ", "> ", "=== ", "- - ", "-", "#", "1.", "\t", "####### ", " ",
    ];

    /// Whole lines that stand alone.
    const LINES: &[&str] = &[
        "", "", "", "---", "----  ", "===", "***", "```", "~~~ a", "```md",
    ];

    /// Words or a link first (as most lines start), then anything.
    fn inline() -> impl Strategy<Value = String> {
        let any = || {
            prop_oneof![
                1 => proptest::sample::select(WORDS),
                1 => proptest::sample::select(LINKS),
                1 => proptest::sample::select(TEXT),
            ]
        };
        let first = prop_oneof![
            12 => proptest::sample::select(WORDS),
            4 => proptest::sample::select(LINKS),
            2 => proptest::sample::select(TEXT),
            1 => proptest::sample::select(TRICKY_TEXT),
        ];
        let piece = prop_oneof![
            40 => any(),
            1 => proptest::sample::select(TRICKY_TEXT),
        ];
        (first, proptest::collection::vec(piece, 0..5))
            .prop_map(|(first, pieces)| first.to_string() + &pieces.concat())
    }

    fn line() -> impl Strategy<Value = String> {
        let opening = prop_oneof![
            40 => proptest::sample::select(OPENINGS),
            1 => proptest::sample::select(TRICKY_OPENINGS),
        ];
        prop_oneof![
            5 => (opening, inline()).prop_map(|(opening, text)| format!("{opening}{text}")),
            1 => proptest::sample::select(LINES).prop_map(str::to_string),
        ]
    }

    /// Bodies of lines, ended by `\n` or now and then `\r\n`.
    fn body() -> impl Strategy<Value = String> {
        let ending = prop_oneof![8 => Just("\n"), 1 => Just("\r\n"), 1 => Just("")];
        proptest::collection::vec((line(), ending), 0..16).prop_map(|lines| {
            lines
                .into_iter()
                .map(|(line, ending)| line + ending)
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// Whatever the plain reader reads, it reads as the markdown pass does.
        #[test]
        fn the_plain_outline_is_what_the_markdown_pass_reads(body in body()) {
            if let Some(read) = plain(&body) {
                prop_assert_eq!(read, parsed(&body), "body: {:?}", body);
            }
        }
    }

    /// The property above says nothing of bodies read by the markdown pass alone: enough of the
    /// bodies it is given must be read plainly, items with titles and text among them.
    #[test]
    fn the_bodies_the_property_is_tried_on_are_mostly_read_plainly() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let (mut plainly, mut titled) = (0, 0);
        for _ in 0..1000 {
            let body = body().new_tree(&mut runner).unwrap().current();
            if let Some(read) = plain(&body) {
                plainly += 1;
                titled += usize::from(read.items.iter().any(|i| i.1.is_some() && !i.2.is_empty()));
            }
        }
        assert!(
            plainly > 250 && titled > 50,
            "{plainly} read plainly, {titled} with titled items"
        );
    }

    #[test]
    fn a_generated_skill_is_read_plainly() {
        let body = "\n## Steps\n---\n1. **Of the boundary 1**  \n   → They hear [[A|a]].\n\n\
            2. **Space 2**  \n   → Trust.\n\n\n## Common Mistakes\n---\n- Morning request.\n\
            - We of [[calm]] ![[B#c]] [hear](https://example.org/4).\n\n## Notes\n\nText \
            [[C]] more.\n\n```markdown\nExample: [[not a link]]\n```\n";
        let read = plain(body).expect("read plainly");
        assert_eq!(read, parsed(body));
        assert_eq!(read.headings.len(), 3);
        assert_eq!(
            read.items[0],
            (
                14,
                Some("Of the boundary 1".into()),
                "→ They hear a.".into(),
                4
            )
        );
        assert_eq!(read.items[3].2, "We of calm B#c hear.");
    }

    #[test]
    fn what_could_read_otherwise_is_left_to_the_markdown_pass() {
        for body in [
            "Words\n---\n",
            "Words\n===\n",
            "> - quoted item\n",
            "- item\n  - nested\n",
            "- *em* item\n",
            "## A &amp; B\n",
            "- **a** and **b**\n",
            "Words\n2. item\n",
            "  ## indented heading\n",
            "- item\n\n      code\n",
        ] {
            assert_eq!(plain(body), None, "{body:?}");
        }
    }
}
