//! The one pulldown-cmark pass over a body that both sections and links are read from: typing a
//! skill needs its headings and `check` needs its links, and a large vault should be parsed once.
use super::lines::LineCounter;
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

/// Walks `body` once, collecting its headings into `headings` (when given) and visiting each
/// wiki-link in order as `(destination as written, embed, file line, label)`. Labels are built
/// for pothole links only, so a body of plain links allocates nothing for them.
pub(crate) fn scan(
    body: &str,
    body_line: usize,
    mut headings: Option<&mut Vec<Heading>>,
    mut visit_link: impl FnMut(&str, bool, usize, Option<String>),
) {
    let mut lines = LineCounter::new(body, body_line);
    // The link being read: destination, embed, line, and its label so far (pothole links only).
    let mut open_link: Option<(CowStr, bool, usize, Option<String>)> = None;
    // The heading being read: level, text so far, start.
    let mut open_heading: Option<(u8, String, usize)> = None;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_WIKILINKS).into_offset_iter() {
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
            Event::Start(Tag::Heading { level, .. }) if headings.is_some() => {
                open_heading = Some((level as u8, String::new(), range.start));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let (Some(headings), Some((level, text, start))) =
                    (headings.as_deref_mut(), open_heading.take())
                {
                    headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        start,
                        end: range.end,
                    });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, _, Some(label))) = &mut open_link {
                    label.push_str(&text);
                }
                if let Some((_, heading, _)) = &mut open_heading {
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
}
