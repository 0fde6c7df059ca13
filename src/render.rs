//! Drawing text for the terminal: markdown from notes, styled quietly with `console`, wrapped to
//! the terminal's width (80 when piped), with every control character from a note removed.
//! Also the one place where errors are written for the person to read.
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// Lines longer than this are hard to read, however wide the terminal.
const MAX_WIDTH: usize = 100;
/// The width when output is piped or the terminal will not say.
const PIPED_WIDTH: usize = 80;
/// A width that never wraps: for text a screen reader or another program reads from a pipe.
pub const UNWRAPPED: usize = usize::MAX;
/// Narrower than this and wrapping does more harm than good.
const MIN_WIDTH: usize = 20;

/// How to draw: colour or not, and how wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// False for `--plain`, `--color never`, or what `color::apply` left off (`NO_COLOR`,
    /// `CLICOLOR=0`, output that is not a terminal).
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// The style for stdout (or stderr) as it is now, honouring `--plain` and `NO_COLOR`.
    pub fn for_stdout(plain: bool) -> Style {
        let term = console::Term::stdout();
        let is_terminal = std::io::stdout().is_terminal();
        Style {
            color: !plain && console::colors_enabled(),
            width: width_of(&term, is_terminal),
        }
    }

    pub fn for_stderr(plain: bool) -> Style {
        let term = console::Term::stderr();
        let is_terminal = std::io::stderr().is_terminal();
        Style {
            color: !plain && console::colors_enabled_stderr(),
            width: width_of(&term, is_terminal),
        }
    }

    /// Uncoloured, 80 columns: what a pipe gets, and what tests use.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: PIPED_WIDTH,
        }
    }

    /// Bold, when colour is on; the text unchanged otherwise.
    pub fn bold(&self, text: &str) -> String {
        self.apply(console::Style::new().bold(), text)
    }

    /// Dimmed, when colour is on: for quiet asides such as "(current focus)".
    pub fn dim(&self, text: &str) -> String {
        self.apply(console::Style::new().dim(), text)
    }

    pub fn italic(&self, text: &str) -> String {
        self.apply(console::Style::new().italic(), text)
    }

    fn apply(&self, style: console::Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            // The decision to colour was made here, once; console must not second-guess it.
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }
}

fn width_of(term: &console::Term, is_terminal: bool) -> usize {
    if !is_terminal {
        return PIPED_WIDTH;
    }
    match term.size_checked() {
        Some((_rows, cols)) => usize::from(cols).clamp(MIN_WIDTH, MAX_WIDTH),
        None => PIPED_WIDTH,
    }
}

/// Removes control characters and escape sequences (keeps `\n` and `\t`), so a note can never
/// drive the terminal.
///
/// Whole sequences go, not just their ESC byte: `ESC [ ... final` (CSI), `ESC ] ... BEL|ST` (OSC),
/// and the other string sequences (DCS, SOS, PM, APC); otherwise the printable rest of
/// `\x1b]52;c;...` would still show. Also removed: C0 and C1 controls, DEL, and the bidirectional
/// overrides and isolates that can make text read differently from what it is. The Unicode line
/// and paragraph separators become line breaks.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string_sequence(&mut chars);
                }
                // A two-character escape (e.g. `ESC c`, reset): drop its final byte too.
                Some(&next) if ('\u{20}'..='\u{7e}').contains(&next) => {
                    chars.next();
                }
                _ => {}
            },
            // The 8-bit forms of CSI and OSC/DCS/SOS/PM/APC.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                skip_string_sequence(&mut chars)
            }
            // The line and paragraph separators: a terminal shows them as it likes, or not at
            // all; a line break is what they mean.
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`sanitize`], for text that must stay on one line (a note's name in a sentence, a file name):
/// a newline or tab in it becomes a space, so it cannot begin a line of its own that reads as
/// another message.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    match sanitize(text) {
        clean if clean.contains(['\n', '\t']) => Cow::Owned(clean.replace(['\n', '\t'], " ")),
        clean => clean,
    }
}

fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return (c.is_ascii_control() && c != '\n' && c != '\t') || c == '\u{7f}';
    }
    // The C1 controls (the only other ones), the line and paragraph separators, and the
    // bidirectional overrides and isolates.
    ('\u{80}'..='\u{9f}').contains(&c)
        || ('\u{2028}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Whether `text` holds a character `is_unsafe` refuses, told from its UTF-8 bytes without
/// decoding them: a line of a note almost never does, so most of it is passed over a chunk at a
/// time, and only a chunk with a control byte or the lead byte of an unsafe character is looked
/// at closely.
fn has_unsafe(text: &str) -> bool {
    const CHUNK: usize = 16;
    let bytes = text.as_bytes();
    let may_lead = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2;
    bytes.chunks(CHUNK).enumerate().any(|(chunk, piece)| {
        // Every byte looked at, without stopping early, so the compiler can look at them at once.
        piece.iter().fold(false, |seen, &b| seen | may_lead(b))
            && (0..piece.len()).any(|i| unsafe_at(bytes, chunk * CHUNK + i))
    })
}

/// Whether an unsafe character starts at byte `at` of a text's `bytes`.
fn unsafe_at(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        // U+0080 to U+009F.
        0xc2 => matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
        // U+2028 and U+2029 (made line breaks), U+202A to U+202E, and U+2066 to U+2069.
        0xe2 => matches!(
            bytes.get(at + 1..at + 3),
            Some([0x80, 0xa8..=0xae] | [0x81, 0xa6..=0xa9])
        ),
        _ => false,
    }
}

/// Skips a CSI sequence's parameters up to and including its final byte (`@` to `~`).
fn skip_csi(chars: &mut impl Iterator<Item = char>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// Skips a string sequence up to and including its terminator: BEL, `ESC \` or the 8-bit ST.
fn skip_string_sequence(chars: &mut std::iter::Peekable<impl Iterator<Item = char>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// Markdown (with wiki-links) drawn for the terminal: headings, lists, emphasis, links shown by
/// their label; sanitised and wrapped.
pub fn markdown(text: &str, style: Style) -> String {
    // Sanitised before parsing, because the parser splits text at `[` and `]` and would cut an
    // escape sequence in two; each text event is sanitised again for `&#27;`-style references.
    let text = sanitize(text);
    let mut writer = Writer::new(style);
    for event in Parser::new_ext(&text, Options::ENABLE_WIKILINKS) {
        writer.event(event);
    }
    writer.finish()
}

/// One plain line of text from a note, sanitised and wrapped to the style's width, with a
/// hanging indent: for descriptions, steps and mistakes that the commands lay out themselves.
pub fn wrapped(text: &str, style: Style, first_indent: &str, rest_indent: &str) -> String {
    let clean = sanitize(text);
    textwrap::wrap(&clean, wrap_options(style.width, first_indent, rest_indent)).join("\n")
}

/// How text is wrapped: at spaces only, never at a hyphen, so that a phone number such as
/// 1-800-799-7233 stays whole on one line.
fn wrap_options<'a>(
    width: usize,
    first_indent: &'a str,
    rest_indent: &'a str,
) -> textwrap::Options<'a> {
    textwrap::Options::new(width)
        .initial_indent(first_indent)
        .subsequent_indent(rest_indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// A name or id the person typed, said back in an error: clean, on one line, and cut short, so
/// that a pasted page does not come back as a page.
pub fn typed_name(text: &str) -> String {
    one_line(text.trim(), 60)
}

/// Cuts sanitised text to one line of at most `width` columns, ending with `…` when cut. Read in
/// one pass, as far as the width goes.
pub fn one_line(text: &str, width: usize) -> String {
    let clean = sanitize(text);
    // Most lines (a note's description, or `name — description` in `skills`) are words between
    // single spaces, each character one column: no whitespace to fold and no widths to add up,
    // so cut at once, not a character at a time.
    if !is_flat(&clean) {
        return walked_line(&clean, width);
    }
    let ascii = clean.is_ascii();
    let columns = if ascii {
        clean.len()
    } else {
        clean.chars().count()
    };
    if columns <= width {
        return clean.into_owned();
    }
    // After the first `width - 1` characters, a column left for the `…`.
    let keep = width.saturating_sub(1);
    let cut = if ascii {
        keep
    } else {
        clean
            .char_indices()
            .nth(keep)
            .map_or(clean.len(), |(at, _)| at)
    };
    cut_with_ellipsis(&clean[..cut])
}

/// A single space between each two words and none at either end, every character printable and
/// one column wide.
fn is_flat(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && (bytes.iter().all(|&b| b.is_ascii_graphic() || b == b' ')
            || text
                .chars()
                .all(|c| (c == ' ' || !c.is_whitespace()) && columns_of(c) == 1))
        && memchr::memmem::find(bytes, b"  ").is_none()
}

/// The columns `c` takes, as textwrap counts them.
fn columns_of(c: char) -> usize {
    if c.is_ascii_graphic() || c == ' ' {
        1
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

/// `one_line` of sanitised text, a character at a time: whitespace folded, widths counted.
fn walked_line(clean: &str, width: usize) -> String {
    let mut line = Line {
        flat: String::with_capacity(clean.len()),
        used: 0,
        cut: None,
        width,
    };
    // Runs of whitespace become one space between words.
    let mut space = false;
    for c in clean.chars() {
        if c.is_whitespace() {
            space = !line.flat.is_empty();
            continue;
        }
        if std::mem::take(&mut space) && !line.push(' ') {
            break;
        }
        if !line.push(c) {
            break;
        }
    }
    line.finish()
}

/// A line being cut to its width.
struct Line {
    flat: String,
    /// The columns taken so far.
    used: usize,
    /// Where a cut would fall, leaving a column for the `…`.
    cut: Option<usize>,
    width: usize,
}

impl Line {
    /// Adds `c`; false once the line is past its width, when nothing more is needed.
    fn push(&mut self, c: char) -> bool {
        let w = columns_of(c);
        if self.cut.is_none() && self.used + w + 1 > self.width {
            self.cut = Some(self.flat.len());
        }
        self.flat.push(c);
        self.used += w;
        self.used <= self.width
    }

    fn finish(self) -> String {
        match self.cut.filter(|_| self.used > self.width) {
            Some(cut) => cut_with_ellipsis(&self.flat[..cut]),
            None => self.flat,
        }
    }
}

/// `fit` (what fits of a line, a column left), ended with `…`: cut between words where that
/// keeps most of it.
fn cut_with_ellipsis(mut fit: &str) -> String {
    if let Some(space) = fit.rfind(' ').filter(|&at| at > fit.len() / 2) {
        fit = &fit[..space];
    }
    [fit.trim_end(), "…"].concat()
}

/// One list being drawn: numbered from `next`, or bulleted when `None`.
struct List {
    next: Option<u64>,
    /// Set once an item has ended: a loose list (items made of paragraphs) then gets blank lines.
    past_first_item: bool,
}

/// An inline style in force.
#[derive(Clone, Copy)]
enum Inline {
    Bold,
    Italic,
}

/// Turns pulldown-cmark events into wrapped terminal text. Inline text gathers in `line`; at the
/// end of each block it is wrapped with the indent the enclosing lists and quotes call for.
struct Writer {
    style: Style,
    out: String,
    line: String,
    inline: Vec<Inline>,
    lists: Vec<List>,
    /// The marker (`- `, `3. `) of a list item whose first line is not written yet.
    marker: Option<String>,
    quote_depth: usize,
    /// Inside a link whose own text we replace (a wiki-link without a label, or an embed).
    replaced_text: usize,
    in_code_block: bool,
    /// Set after a heading, so the `---` that Obsidian users put under headings is not drawn.
    after_heading: bool,
}

impl Writer {
    fn new(style: Style) -> Self {
        Writer {
            style,
            out: String::new(),
            line: String::new(),
            inline: Vec::new(),
            lists: Vec::new(),
            marker: None,
            quote_depth: 0,
            replaced_text: 0,
            in_code_block: false,
            after_heading: false,
        }
    }

    fn event(&mut self, event: Event<'_>) {
        let was_after_heading = std::mem::take(&mut self.after_heading);
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) if self.in_code_block => self.code_block_text(&text),
            Event::Text(text) => {
                if self.replaced_text == 0 {
                    self.push_text(&text);
                }
            }
            Event::Code(text) => {
                if self.replaced_text == 0 {
                    self.push_text(&text);
                }
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text),
            // Inline tags are markup noise (the text between them comes as its own events); an
            // HTML block is shown as the text it is, unless it is a comment.
            Event::InlineHtml(_) => {}
            Event::Html(text) => {
                if !text.trim_start().starts_with("<!--") {
                    self.push_text(&text);
                }
            }
            Event::FootnoteReference(label) => self.push_text(&format!("[{label}]")),
            Event::SoftBreak => self.line.push(' '),
            Event::HardBreak => self.line.push('\n'),
            Event::Rule => {
                // A rule under a heading, or opening a section, is decoration, not a break.
                let at_start = self.out.is_empty() && self.line.is_empty();
                if !was_after_heading && !at_start {
                    self.block_gap();
                    let rule = self.style.dim("───");
                    self.out.push_str(&self.indent());
                    self.out.push_str(&rule);
                    self.out.push('\n');
                }
            }
            Event::TaskListMarker(done) => self.line.push_str(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::Heading { .. } => {
                let loose_item = self.lists.last().is_some_and(|list| list.past_first_item);
                if self.marker.is_none() || loose_item {
                    self.block_gap();
                }
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.block_gap();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.block_gap();
                self.in_code_block = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.block_gap();
            }
            Tag::List(first) => {
                self.flush();
                if self.lists.is_empty() {
                    self.block_gap();
                }
                self.lists.push(List {
                    next: first,
                    past_first_item: false,
                });
            }
            Tag::Item => {
                self.flush();
                let list = self.lists.last_mut();
                let marker = match list {
                    Some(List { next: Some(n), .. }) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => "- ".to_string(),
                };
                self.marker = Some(marker);
            }
            Tag::Emphasis => self.inline.push(Inline::Italic),
            Tag::Strong => self.inline.push(Inline::Bold),
            Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            } => {
                if !has_pothole {
                    self.push_text(&wiki_target_text(&dest_url));
                    self.replaced_text += 1;
                }
            }
            Tag::Image {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            } => {
                // `![[Embed]]` is shown as the name of what it embeds.
                self.push_text(&wiki_target_text(&dest_url));
                self.replaced_text += 1;
            }
            Tag::Image { .. } => self.inline.push(Inline::Italic),
            Tag::Link { .. }
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                // Headings stand out by weight when colour is on; plain text otherwise, with the
                // blank line around every block setting them apart.
                let text = std::mem::take(&mut self.line);
                self.line = self.style.bold(&text);
                self.flush();
                self.after_heading = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.in_code_block = false,
            TagEnd::HtmlBlock => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.marker = None;
                if let Some(list) = self.lists.last_mut() {
                    list.past_first_item = true;
                }
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.inline.pop();
            }
            TagEnd::Link | TagEnd::Image => {
                if self.replaced_text > 0 {
                    self.replaced_text -= 1;
                } else if tag == TagEnd::Image {
                    self.inline.pop();
                }
            }
            TagEnd::TableCell => self.line.push_str("  "),
            TagEnd::TableHead | TagEnd::TableRow => self.line.push('\n'),
            TagEnd::Table => self.flush(),
            _ => {}
        }
    }

    /// Adds sanitised note text in the inline styles in force. Each word is styled on its own so
    /// that a style never runs across a wrapped line's indent.
    fn push_text(&mut self, text: &str) {
        let clean = sanitize(text);
        let styled = self.style.color && !self.inline.is_empty();
        if !styled {
            self.line.push_str(&clean);
            return;
        }
        let mut style = console::Style::new();
        for inline in &self.inline {
            style = match inline {
                Inline::Bold => style.bold(),
                Inline::Italic => style.italic(),
            };
        }
        let mut word = String::new();
        for c in clean.chars() {
            if c.is_whitespace() {
                self.push_styled_word(&style, &mut word);
                self.line.push(c);
            } else {
                word.push(c);
            }
        }
        self.push_styled_word(&style, &mut word);
    }

    fn push_styled_word(&mut self, style: &console::Style, word: &mut String) {
        if !word.is_empty() {
            let styled = style.clone().force_styling(true).apply_to(&*word);
            self.line.push_str(&styled.to_string());
            word.clear();
        }
    }

    fn code_block_text(&mut self, text: &str) {
        let indent = format!("{}  ", self.indent());
        for line in sanitize(text).lines() {
            self.out.push_str(&indent);
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// Indent for lines inside the current lists and quotes.
    fn indent(&self) -> String {
        let mut indent = "  ".repeat(self.quote_depth);
        if let Some(list) = self.lists.len().checked_sub(1) {
            // Nested lists sit under their parent's text; the innermost item's hanging indent is
            // added by `flush` from its marker.
            indent.push_str(&"   ".repeat(list));
        }
        indent
    }

    /// Wraps and writes the gathered inline text, with the pending list marker if there is one.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.line);
        let text = text.trim_matches(|c| c == ' ' || c == '\n');
        if text.is_empty() {
            return;
        }
        let indent = self.indent();
        let (first, rest) = match self.marker.take() {
            Some(marker) => {
                let hanging = " ".repeat(marker.len());
                (format!("{indent}{marker}"), format!("{indent}{hanging}"))
            }
            None if !self.lists.is_empty() => {
                // A later paragraph of a list item: under the item's text.
                let hanging = format!("{indent}   ");
                (hanging.clone(), hanging)
            }
            None => (indent.clone(), indent),
        };
        let options = wrap_options(self.style.width.max(MIN_WIDTH), &first, &rest);
        for line in textwrap::wrap(text, options) {
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }

    /// A blank line between blocks (none at the very start, none inside a tight list).
    fn block_gap(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        let trimmed = self.out.trim_end_matches('\n').len();
        self.out.truncate(trimmed);
        self.out.push('\n');
        if self.out == "\n" {
            self.out.clear();
        }
        self.out
    }
}

/// What a reader sees for a wiki-link without a label: `Note`, `Note > Heading` (as Obsidian
/// shows it), or `Heading` for a link within the same note.
fn wiki_target_text(dest: &str) -> String {
    match dest.split_once('#') {
        Some(("", heading)) => heading.to_string(),
        Some((target, heading)) if !heading.is_empty() => format!("{target} > {heading}"),
        Some((target, _)) => target.to_string(),
        None => dest.to_string(),
    }
}

/// Writes a warning or finding (`path:line: warning: ...`) on stderr, as one clean line with
/// any operating-system error in it said in words.
pub fn report_finding(finding: &impl std::fmt::Display) {
    say_on_stderr(&with_os_errors_in_words(&finding.to_string()));
}

/// Writes `text` and a newline on stderr, cleaned of control sequences. A write that fails (the
/// terminal gone at SIGHUP, `2>/dev/full`) is let go: `eprintln!` would panic there.
pub fn say_on_stderr(text: &str) {
    let _ = writeln!(std::io::stderr(), "{}", sanitize(text));
}

/// Writes a warning that belongs to no file on stderr: `repair-coach: warning: text`.
pub fn warn(text: &str) {
    say_on_stderr(&format!("repair-coach: warning: {text}"));
}

/// Writes what a stop says on stderr, below a blank line: the cursor is often at the end of a
/// half-typed answer (`› I felt`), and the words must not run on from it.
pub fn say_stopped(text: &str) {
    say_on_stderr(&format!("\n\n{text}"));
}

/// Writes an error for the person on stderr: one calm line, then its causes.
pub fn report_error(error: &anyhow::Error) {
    let _ = write!(std::io::stderr(), "{}", error_text(error));
}

/// The words of `report_error`: `repair-coach: message`, then `  because: cause` lines. An
/// operating-system error anywhere in them is said in words ([`os_error_words`]).
pub fn error_text(error: &anyhow::Error) -> String {
    let mut chain = error
        .chain()
        .map(|cause| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => os_error_words(io),
            None => with_os_errors_in_words(&cause.to_string()),
        });
    let mut text = format!(
        "repair-coach: {}\n",
        sanitize(&chain.next().unwrap_or_default())
    );
    for cause in chain {
        text.push_str(&format!("  because: {}\n", sanitize(&cause)));
    }
    text
}

/// What a failed file operation means, in words, for the errors people meet; others keep the
/// system's own words, without the `(os error N)` that means nothing to most people.
pub fn os_error_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let words = match error.kind() {
        NotFound => "there is no such file or folder",
        PermissionDenied => "you do not have permission to open it",
        NotADirectory => "part of the path is a file, where a folder should be",
        IsADirectory => "it is a folder, where a file should be",
        StorageFull => "the disk is full",
        QuotaExceeded => "your disk quota is used up",
        FileTooLarge => "the file is larger than this system allows",
        ReadOnlyFilesystem => "the disk is read-only",
        AlreadyExists => "something with that name is already there",
        DirectoryNotEmpty => "the folder is not empty",
        // ELOOP's own kind (FilesystemLoop) is not stable yet.
        _ if error.raw_os_error() == Some(libc::ELOOP) => "the path goes round in a loop of links",
        InvalidFilename => "the name is too long, or not allowed here",
        ResourceBusy => "it is in use by another program",
        CrossesDevices => "it would have to move between disks",
        _ => {
            let text = error.to_string();
            return match text.find(" (os error ") {
                Some(at) => text[..at].to_owned(),
                None => text,
            };
        }
    };
    words.to_owned()
}

/// `message` with any `No such file or directory (os error 2)` in it said in words: for errors
/// that were formatted into a message before they got here.
fn with_os_errors_in_words(message: &str) -> String {
    let mut out = message.to_owned();
    let mut from = 0;
    while let Some(at) = out[from..].find("(os error ").map(|at| from + at) {
        let digits: String = out[at + 10..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        from = at + 1;
        let Ok(code) = digits.parse::<i32>() else {
            continue;
        };
        let raw = std::io::Error::from_raw_os_error(code);
        let system = raw.to_string();
        if let Some(start) = out.find(&system) {
            let words = os_error_words(&raw);
            out.replace_range(start..start + system.len(), &words);
            from = start + words.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_kept_to_one_line_has_no_newline_or_tab_and_no_escape() {
        assert_eq!(
            sanitize_line("Calm\nrepair-coach: your journal is damaged\t\u{1b}[2Jnow"),
            "Calm repair-coach: your journal is damaged now"
        );
        assert!(matches!(sanitize_line("Repair"), Cow::Borrowed("Repair")));
    }

    const ESC: char = '\u{1b}';

    fn plain(width: usize) -> Style {
        Style {
            color: false,
            width,
        }
    }

    fn colour() -> Style {
        Style {
            color: true,
            width: 80,
        }
    }

    #[test]
    fn sanitize_leaves_ordinary_text_alone() {
        let text = "Stay present — don’t rush the fix.\n\tIndented → guidance";
        assert!(matches!(sanitize(text), Cow::Borrowed(_)));
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn sanitize_removes_whole_escape_sequences_from_an_injected_note() {
        let injected = "Calm\x1b]52;c;ZWNobyBwd25lZA==\x07 words\x1b[2J here\u{202E}txt.exe\x1b[31;1m!\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\";
        let clean = sanitize(injected);
        assert_eq!(clean, "Calm words heretxt.exe!link");
        assert!(!clean.contains(ESC));
    }

    #[test]
    fn sanitize_removes_c0_c1_del_and_bidi_controls_but_keeps_newline_and_tab() {
        let text = "a\u{0}b\u{7}c\rd\u{7f}e\u{85}f\u{9b}31mg\u{2066}h\u{2069}i\u{202A}j\n\tk";
        assert_eq!(sanitize(text), "abcdefghij\n\tk");
    }

    #[test]
    fn the_line_and_paragraph_separators_become_line_breaks_and_spaces_on_one_line() {
        assert_eq!(sanitize("desc \u{2028} end\u{2029}"), "desc \n end\n");
        assert_eq!(sanitize_line("Boil \u{2028}X"), "Boil  X");
    }

    #[test]
    fn sanitize_survives_an_escape_at_the_very_end() {
        assert_eq!(sanitize("end\x1b"), "end");
        assert_eq!(sanitize("end\x1b["), "end");
        assert_eq!(sanitize("end\x1b]52;unterminated"), "end");
    }

    #[test]
    fn markdown_draws_headings_paragraphs_and_wiki_links_without_markdown_noise() {
        let text = "---\n## Description\n---\nSee [[Owning Impact]] and [[Holding Discomfort|holding it]], \
                    [[Repair#Steps]] and ![[diagram.png]].\n";
        let out = markdown(text, plain(80));
        assert_eq!(
            out,
            "Description\n\nSee Owning Impact and holding it, Repair > Steps and diagram.png.\n"
        );
    }

    #[test]
    fn markdown_numbered_steps_keep_title_and_arrow_guidance_with_a_hanging_indent() {
        let text = "1. **Regulate yourself first**  \n   → Pause, breathe, and make sure you're grounded enough to show up.\n\n2. **Acknowledge**  \n   → Focus on what they felt.\n";
        let out = markdown(text, plain(40));
        assert_eq!(
            out,
            "1. Regulate yourself first\n   → Pause, breathe, and make sure\n   you're grounded enough to show up.\n\n2. Acknowledge\n   → Focus on what they felt.\n"
        );
    }

    #[test]
    fn markdown_bullets_and_nested_lists_are_indented() {
        let text = "- one\n- two\n  - inner\n- three\n";
        assert_eq!(
            markdown(text, plain(80)),
            "- one\n- two\n   - inner\n- three\n"
        );
    }

    #[test]
    fn markdown_wraps_to_the_width() {
        let text = "word ".repeat(30);
        let out = markdown(&text, plain(24));
        assert!(out.lines().all(|l| l.chars().count() <= 24), "{out}");
        assert!(out.lines().count() > 5);
    }

    #[test]
    fn a_phone_number_is_never_broken_at_its_hyphens() {
        let text = "- National Domestic Violence Hotline, free and confidential, day and night: \
                    **1-800-799-7233**, or text START to 88788\n";
        for width in 40..=100 {
            let out = markdown(text, plain(width));
            assert!(
                out.lines().any(|line| line.contains("1-800-799-7233")),
                "at {width}: {out}"
            );
        }
        assert!(wrapped("call 1-800-799-7233", plain(16), "", "").contains("1-800-799-7233"));
    }

    #[test]
    fn markdown_drops_html_tags_and_comments_but_keeps_their_text() {
        let text = "Some <span class=\"x\">kind</span> words.\n\n<!-- private note -->\n\n\
                    <div>\nA block\n</div>\n\nAfter.";
        assert_eq!(
            markdown(text, plain(80)),
            "Some kind words.\n\n<div>\nA block\n</div>\n\nAfter.\n"
        );
    }

    #[test]
    fn markdown_code_blocks_are_shown_as_they_are() {
        let text = "Before\n\n```\n[[not a link]]\n  kept\n```\n";
        assert_eq!(
            markdown(text, plain(80)),
            "Before\n\n  [[not a link]]\n    kept\n"
        );
    }

    #[test]
    fn markdown_without_colour_has_no_escape_bytes_and_with_colour_only_quiet_ones() {
        let text = "# Title\n\nSome *gentle* and **firm** words.\n\n---\n\nAfter.";
        let plain_out = markdown(text, plain(80));
        assert!(!plain_out.contains(ESC));
        assert!(plain_out.contains("Some gentle and firm words."));
        let coloured = markdown(text, colour());
        assert!(coloured.contains("\x1b[1mTitle"), "{coloured:?}");
        assert!(coloured.contains("\x1b[3mgentle"), "{coloured:?}");
        // Only bold (1), dim (2) and italic (3) and resets: no colours.
        let codes: Vec<&str> = coloured
            .split('\u{1b}')
            .skip(1)
            .map(|s| &s[1..s.find('m').unwrap()])
            .collect();
        assert!(
            codes.iter().all(|c| ["0", "1", "2", "3"].contains(c)),
            "{codes:?}"
        );
    }

    #[test]
    fn markdown_strips_escape_sequences_from_notes_even_with_colour_on() {
        let text = "Hello \x1b]52;c;cGF5bG9hZA==\x07there\x1b[2J **bold\u{202E}**";
        let out = markdown(text, colour());
        let without_own_styles = out.replace("\x1b[1m", "").replace("\x1b[0m", "");
        assert_eq!(without_own_styles, "Hello there bold\n");
        assert!(!markdown(text, plain(80)).contains(ESC));
    }

    #[test]
    fn markdown_strips_controls_written_as_character_references() {
        let out = markdown("a &#27;[2J b &#x9b;31m c &#x202E;d", plain(80));
        assert_eq!(out, "a [2J b 31m c d\n");
    }

    #[test]
    fn one_line_truncates_with_an_ellipsis() {
        assert_eq!(one_line("short", 10), "short");
        assert_eq!(one_line("a much longer line of text", 12), "a much…");
        assert_eq!(one_line("unbreakablewordhere", 10), "unbreakab…");
        assert_eq!(one_line("two\nlines", 20), "two lines");
        // Wide characters take two columns each, and the `…` one.
        assert_eq!(one_line("茶茶茶茶茶", 10), "茶茶茶茶茶");
        assert_eq!(one_line("茶茶茶茶茶", 9), "茶茶茶茶…");
        assert_eq!(one_line("茶茶茶茶茶", 8), "茶茶茶…");
    }

    proptest::proptest! {
        /// What fits is kept whole; what does not is cut to fit with its `…`, as little cut as
        /// the width allows.
        #[test]
        fn one_line_fits_its_width(text in "[a b茶\n\u{301}]{0,30}", width in 1usize..25) {
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let out = one_line(&text, width);
            let w = textwrap::core::display_width;
            if w(&flat) <= width {
                proptest::prop_assert_eq!(out, flat);
            } else {
                let kept = out.strip_suffix('…').unwrap();
                proptest::prop_assert!(w(&out) <= width, "{:?}", out);
                proptest::prop_assert!(flat.starts_with(kept));
                // Cut at a space only where that keeps more than half of what fit.
                let fit = flat.chars().scan(0, |used, c| {
                    *used += w(c.encode_utf8(&mut [0; 4]));
                    Some((*used, c))
                }).take_while(|&(used, _)| used < width).map(|(_, c)| c).collect::<String>();
                let at_space = fit.rfind(' ').filter(|&at| at > fit.len() / 2);
                let expected = at_space.map_or(fit.as_str(), |at| &fit[..at]).trim_end();
                proptest::prop_assert_eq!(kept, expected);
            }
        }
    }

    /// Text with every kind of character `sanitize` treats apart: controls, escape sequences in
    /// part and whole, C1 and bidi controls and their neighbours in UTF-8, wide and combining
    /// characters, and whitespace other than spaces.
    const MIXED: &str = "[a b茶\n\t\r\u{0}\u{7}\u{1b}\u{7f}\u{80}\u{85}\u{9b}\u{9c}\u{9f}\u{a0}\u{2014}\u{2029}\u{202a}\u{202e}\u{202f}\u{2065}\u{2066}\u{2069}\u{206a}\u{301}\\\\\\[\\]P;2Jm]{0,40}";

    proptest::proptest! {
        /// The check on bytes finds exactly what the rule on characters refuses.
        #[test]
        fn the_byte_check_agrees_with_the_character_rule(text in MIXED) {
            proptest::prop_assert_eq!(has_unsafe(&text), text.chars().any(is_unsafe));
        }

        /// Lines taken at once (words between single spaces, one column a character: ASCII, `é`,
        /// `—`, `’`) are cut as the walk a character at a time cuts them; the rest (a wide or a
        /// combining character, a no-break space, spaces doubled) are left to the walk.
        #[test]
        fn a_flat_line_is_cut_as_the_walk_cuts_it(
            text in "[a-z ]{0,40}|([abé—’]{1,5} ){0,8}[abé—’]{1,5}|[ab é—’茶\u{301}\u{a0}]{0,40}"
        ) {
            for width in 0..45 {
                proptest::prop_assert_eq!(one_line(&text, width), walked_line(&text, width));
            }
        }

        /// Cutting as it reads gives what sanitising the whole text, folding its whitespace and
        /// then cutting would, and keeps no control character.
        #[test]
        fn one_line_is_the_cut_of_the_sanitised_text(text in MIXED, width in 1usize..30) {
            let clean = sanitize(&text);
            proptest::prop_assert!(!clean.chars().any(is_unsafe));
            let flat = clean.split_whitespace().collect::<Vec<_>>().join(" ");
            let out = one_line(&text, width);
            proptest::prop_assert_eq!(&out, &one_line(&flat, width));
            proptest::prop_assert!(!has_unsafe(&out));
            if textwrap::core::display_width(&flat) <= width {
                proptest::prop_assert_eq!(out, flat);
            }
        }
    }

    #[test]
    fn os_errors_are_said_in_words_wherever_they_are_in_the_chain() {
        let missing = std::io::Error::from_raw_os_error(libc::ENOENT);
        let error = anyhow::Error::new(missing).context("could not read the vault");
        assert_eq!(
            error_text(&error),
            "repair-coach: could not read the vault\n  because: there is no such file or folder\n"
        );
        let formatted = format!(
            "cannot save ({}), and then ({})",
            std::io::Error::from_raw_os_error(libc::ENOSPC),
            std::io::Error::from_raw_os_error(libc::EACCES)
        );
        assert_eq!(
            error_text(&anyhow::anyhow!(formatted)),
            "repair-coach: cannot save (the disk is full), and then (you do not have permission to open it)\n"
        );
        for (code, words) in [
            (
                libc::ENOTDIR,
                "part of the path is a file, where a folder should be",
            ),
            (libc::EISDIR, "it is a folder, where a file should be"),
            (libc::EROFS, "the disk is read-only"),
            (libc::EFBIG, "the file is larger than this system allows"),
        ] {
            assert_eq!(
                os_error_words(&std::io::Error::from_raw_os_error(code)),
                words
            );
        }
        // One the table does not know keeps the system's words, without the number.
        assert_eq!(
            os_error_words(&std::io::Error::from_raw_os_error(libc::ENOEXEC)),
            "Exec format error"
        );
    }

    #[test]
    fn error_text_is_one_calm_line_then_its_causes() {
        let error = anyhow::anyhow!("the file is not there")
            .context("could not read notes/Repair.md\x1b[2J");
        assert_eq!(
            error_text(&error),
            "repair-coach: could not read notes/Repair.md\n  because: the file is not there\n"
        );
    }
}
