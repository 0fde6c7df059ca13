//! The body's `## Heading` sections, read plainly where the body allows and else with
//! pulldown-cmark (wiki-links enabled).
use super::lines::LineCounter;
use super::list_item::ListItem;
use super::plain_outline::plain_outline;
use super::scan::{Outline, scan};
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
    /// The items of the top-level lists in `markdown`.
    items: Vec<ListItem>,
}

/// The headed sections of a body, in order.
pub(crate) fn sections(body: &str, body_line: usize) -> Vec<Section> {
    sections_and_links(body, body_line, |_, _, _, _| {}, |_| {})
}

/// The headed sections of a body, visiting each wiki-link in order on the way as `scan` does,
/// then each heading as written in its source.
pub(crate) fn sections_and_links(
    body: &str,
    body_line: usize,
    mut visit_link: impl FnMut(&str, bool, usize, Option<String>),
    visit_heading: impl FnMut(&str),
) -> Vec<Section> {
    let outline = match plain_outline(body, body_line) {
        Some((outline, links)) => {
            for link in links {
                let label = link.label.map(str::to_string);
                visit_link(link.destination, link.embed, body_line + link.line, label);
            }
            outline
        }
        None => {
            let mut outline = Outline::default();
            scan(body, body_line, Some(&mut outline), visit_link, None);
            outline
        }
    };
    (outline.headings.iter())
        .map(|heading| body.get(heading.start..heading.end).unwrap_or_default())
        .for_each(visit_heading);
    from_outline(body, body_line, outline)
}

/// The sections under the outline's headings.
fn from_outline(body: &str, body_line: usize, outline: Outline) -> Vec<Section> {
    let Outline { headings, items } = outline;
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
            // Items are in order too: those that start inside this section.
            let first = items.partition_point(|(start, _)| *start < from);
            let last = items.partition_point(|(start, _)| *start < until);
            Section {
                heading: heading.text.clone(),
                level: heading.level,
                line: lines.line_of(heading.start),
                markdown: body[from..until].to_string(),
                markdown_line: lines.line_of(from),
                items: items[first..last.max(first)]
                    .iter()
                    .map(|(_, item)| item.clone())
                    .collect(),
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
    pub fn list_items(&self) -> &[ListItem] {
        &self.items
    }

    /// The section as plain text: paragraphs apart by a blank line, list items as `- item` on
    /// lines of their own; rules and markup dropped.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let mut current = String::new();
        let mut previous_was_item = false;
        for event in Parser::new_ext(&self.markdown, Options::ENABLE_WIKILINKS) {
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

#[cfg(test)]
mod tests {
    use super::sections;

    /// Items as `(title, text, line)` for comparing.
    fn items(section: &super::Section) -> Vec<(Option<&str>, &str, usize)> {
        section
            .list_items()
            .iter()
            .map(|item| (item.title.as_deref(), item.text.as_str(), item.line))
            .collect()
    }

    #[test]
    fn each_section_holds_the_list_items_written_under_it_and_its_subsections() {
        let body = "# Top\n- **A** first\n\n## Sub\n1. second\n   - nested, not its own item\n\n## Next\n- third\n";
        let found = sections(body, 10);
        let heads: Vec<_> = found.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(heads, ["Top", "Sub", "Next"]);
        assert_eq!(
            items(&found[0]),
            [
                (Some("A"), "first", 11),
                (None, "second nested, not its own item", 14),
                (None, "third", 18)
            ]
        );
        assert_eq!(
            items(&found[1]),
            [(None, "second nested, not its own item", 14)]
        );
        assert_eq!(items(&found[2]), [(None, "third", 18)]);
    }
}
