//! The body's `## Heading` sections, read with pulldown-cmark (wiki-links enabled).
use super::lines::LineCounter;
use super::scan::{Heading, scan};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

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
    /// 1-based file line on which `markdown` starts.
    pub markdown_line: usize,
}

/// One top-level item of a list, such as `1. **Title**  → guidance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The bold text the item opens with, if it opens with bold text.
    pub title: Option<String>,
    /// The item's other text, line breaks turned into spaces.
    pub text: String,
    /// 1-based file line of the item.
    pub line: usize,
}

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_WIKILINKS)
}

/// The headed sections of a body, in order.
pub(crate) fn sections(body: &str, body_line: usize) -> Vec<Section> {
    let mut headings = Vec::new();
    scan(body, body_line, Some(&mut headings), |_, _, _, _| {});
    from_headings(body, body_line, headings)
}

/// The sections under `headings`, as the body's scan found them.
pub(crate) fn from_headings(body: &str, body_line: usize, headings: Vec<Heading>) -> Vec<Section> {
    // Headings come in order, so their lines are counted on the way, with no index of the body.
    let mut lines = LineCounter::new(body, body_line);
    headings
        .iter()
        .enumerate()
        .map(|(index, heading)| {
            let until = headings[index + 1..]
                .iter()
                .find(|next| next.level <= heading.level)
                .map_or(body.len(), |next| next.start);
            let from = heading.end.min(until);
            Section {
                heading: heading.text.clone(),
                level: heading.level,
                line: lines.line_of(heading.start),
                markdown: body[from..until].to_string(),
                markdown_line: lines.line_of(from),
            }
        })
        .collect()
}

impl Section {
    /// Whether the heading reads as one of `names` (ignoring case and surrounding space).
    pub fn is_called(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.heading.eq_ignore_ascii_case(n))
    }

    /// The top-level items of the lists in this section, each with its file line.
    pub fn list_items(&self) -> Vec<ListItem> {
        let mut lines = LineCounter::new(&self.markdown, self.markdown_line);
        let mut items = Vec::new();
        let mut depth = 0usize;
        let mut current: Option<ListItem> = None;
        let mut in_title = false;
        for (event, range) in parser(&self.markdown).into_offset_iter() {
            match event {
                Event::Start(Tag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
                Event::Start(Tag::Item) if depth == 1 => {
                    current = Some(ListItem {
                        title: None,
                        text: String::new(),
                        line: lines.line_of(range.start),
                    });
                }
                Event::End(TagEnd::Item) if depth == 1 => {
                    if let Some(mut item) = current.take() {
                        item.text = item.text.trim().to_string();
                        items.push(item);
                    }
                }
                Event::Start(Tag::Strong) => {
                    if let Some(item) = &mut current
                        && item.title.is_none()
                        && item.text.trim().is_empty()
                    {
                        item.title = Some(String::new());
                        in_title = true;
                    }
                }
                Event::End(TagEnd::Strong) => in_title = false,
                Event::Text(text) | Event::Code(text) => match &mut current {
                    Some(ListItem {
                        title: Some(title), ..
                    }) if in_title => title.push_str(&text),
                    Some(item) => item.text.push_str(&text),
                    None => {}
                },
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(item) = &mut current
                        && !in_title
                    {
                        item.text.push(' ');
                    }
                }
                _ => {}
            }
        }
        for item in &mut items {
            if let Some(title) = &mut item.title {
                *title = title.trim().to_string();
            }
        }
        items
    }

    /// The section as plain text: paragraphs apart by a blank line, list items as `- item` on
    /// lines of their own; rules and markup dropped.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let mut current = String::new();
        let mut previous_was_item = false;
        for event in parser(&self.markdown) {
            match event {
                Event::Text(text) | Event::Code(text) => current.push_str(&text),
                Event::SoftBreak | Event::HardBreak => current.push(' '),
                Event::Start(Tag::Item) => current.push_str("- "),
                Event::End(
                    end @ (TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::CodeBlock
                    | TagEnd::Heading(_)),
                ) => {
                    let block = current.trim();
                    let is_item = end == TagEnd::Item;
                    if !block.is_empty() && block != "-" {
                        if !out.is_empty() {
                            out.push_str(if is_item && previous_was_item {
                                "\n"
                            } else {
                                "\n\n"
                            });
                        }
                        out.push_str(block);
                        previous_was_item = is_item;
                    }
                    current.clear();
                }
                _ => {}
            }
        }
        out
    }
}
