//! The one pulldown-cmark pass over a body that sections, their list items and links are all read
//! from: typing a skill needs its headings and lists and `check` needs its links, and a large
//! vault should be parsed once.
use super::lines::LineCounter;
use super::list_item::ListItem;
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// A heading as the pass meets it.
pub(crate) struct Heading {
    pub level: u8,
    /// Its text, without `#` marks, trimmed.
    pub text: String,
    /// Byte range of the heading in the body.
    pub start: usize,
    pub end: usize,
}

/// The body's structure: its headings and the items of its top-level lists, each with the byte
/// offset it starts at, in order.
#[derive(Default)]
pub(crate) struct Outline {
    pub headings: Vec<Heading>,
    pub items: Vec<(usize, ListItem)>,
}

/// The list item being read, and whether its bold title is open.
struct OpenItem {
    start: usize,
    item: ListItem,
    in_title: bool,
}

impl OpenItem {
    fn push_text(&mut self, text: &str) {
        match &mut self.item.title {
            Some(title) if self.in_title => title.push_str(text),
            _ => self.item.text.push_str(text),
        }
    }

    fn finish(self) -> (usize, ListItem) {
        let mut item = self.item;
        item.text = item.text.trim().to_string();
        if let Some(title) = &mut item.title {
            *title = title.trim().to_string();
        }
        (self.start, item)
    }
}

/// Walks `body` once, filling `outline` (when given) and visiting each wiki-link in order as
/// `(destination as written, embed, file line, label)`, and each heading as written in its
/// source (when `visit_heading` is given). Labels are built for pothole links only, so a body
/// of plain links allocates nothing for them.
pub(crate) fn scan(
    body: &str,
    body_line: usize,
    mut outline: Option<&mut Outline>,
    mut visit_link: impl FnMut(&str, bool, usize, Option<String>),
    mut visit_heading: Option<&mut dyn FnMut(&str)>,
) {
    let mut lines = LineCounter::new(body, body_line);
    // The link being read: destination, embed, line, and its label so far (pothole links only).
    let mut open_link: Option<(CowStr, bool, usize, Option<String>)> = None;
    // The heading being read: level, text so far, start.
    let mut open_heading: Option<(u8, String, usize)> = None;
    let mut open_item: Option<OpenItem> = None;
    let mut list_depth = 0usize;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_WIKILINKS).into_offset_iter() {
        if let (Event::Start(Tag::Heading { .. }), Some(visit)) = (&event, &mut visit_heading) {
            visit(body.get(range.clone()).unwrap_or_default());
        }
        match event {
            Event::Start(
                Tag::Link {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    ..
                }
                | Tag::Image {
                    link_type: LinkType::WikiLink { has_pothole },
                    dest_url,
                    ..
                },
            ) => {
                let embed = body.get(range.clone()).is_some_and(|s| s.starts_with('!'));
                let label = has_pothole.then(String::new);
                open_link = Some((dest_url, embed, lines.line_of(range.start), label));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((destination, embed, line, label)) = open_link.take() {
                    let label = label
                        .map(|l| l.trim().to_string())
                        .filter(|l| !l.is_empty());
                    visit_link(&destination, embed, line, label);
                }
            }
            _ if outline.is_none() => {
                if let (Event::Text(text) | Event::Code(text), Some((_, _, _, Some(label)))) =
                    (&event, &mut open_link)
                {
                    label.push_str(text);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                open_heading = Some((level as u8, String::new(), range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(outline), Some((level, text, start))) =
                    (outline.as_deref_mut(), open_heading.take())
                {
                    outline.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        start,
                        end: range.end,
                    });
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                // A list nested in an item goes on its text after a space, not glued to it.
                if let Some(open) = &mut open_item {
                    open.push_text(" ");
                }
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) if list_depth == 1 => {
                open_item = Some(OpenItem {
                    start: range.start,
                    item: ListItem {
                        title: None,
                        text: String::new(),
                        line: lines.line_of(range.start),
                    },
                    in_title: false,
                });
            }
            Event::End(TagEnd::Item) if list_depth == 1 => {
                if let (Some(outline), Some(item)) = (outline.as_deref_mut(), open_item.take()) {
                    outline.items.push(item.finish());
                }
            }
            // Bold at the very start of an item is its title.
            Event::Start(Tag::Strong) => {
                if let Some(open) = &mut open_item
                    && open.item.title.is_none()
                    && open.item.text.trim().is_empty()
                {
                    open.item.title = Some(String::new());
                    open.in_title = true;
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(open) = &mut open_item {
                    open.in_title = false;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, _, Some(label))) = &mut open_link {
                    label.push_str(&text);
                }
                if let Some((_, heading, _)) = &mut open_heading {
                    heading.push_str(&text);
                }
                if let Some(open) = &mut open_item {
                    open.push_text(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(open) = &mut open_item
                    && !open.in_title
                {
                    open.item.text.push(' ');
                }
            }
            _ => {}
        }
    }
}
