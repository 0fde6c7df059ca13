//! Wiki-links in every Obsidian form: `[[Note]]`, `[[Note|label]]`, `[[Note#Heading]]`,
//! `[[Note#Heading|label]]`, `![[Embed]]`.
use super::lines::LineIndex;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WikiLink {
    /// The note named, as written (may be a vault-relative path); empty for a same-note `[[#Heading]]`.
    pub target: String,
    pub heading: Option<String>,
    pub label: Option<String>,
    /// `![[...]]`
    pub embed: bool,
}

impl WikiLink {
    /// Reads one link written out in full, e.g. `"[[Owning Impact]]"` from a YAML string.
    /// `None` when `text` is not exactly one wiki-link.
    pub fn parse(text: &str) -> Option<WikiLink> {
        let text = text.trim();
        let (embed, rest) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let inner = rest.strip_prefix("[[")?.strip_suffix("]]")?;
        if inner.contains("[[") || inner.contains("]]") {
            return None;
        }
        let (destination, label) = match inner.split_once('|') {
            Some((destination, label)) => (destination, Some(label.trim().to_string())),
            None => (inner, None),
        };
        let mut link = WikiLink::from_destination(destination, embed)?;
        link.label = label.filter(|l| !l.is_empty());
        Some(link)
    }

    /// `Note#Heading` as pulldown-cmark hands it over; `None` when it names nothing.
    fn from_destination(destination: &str, embed: bool) -> Option<WikiLink> {
        let (target, heading) = match destination.split_once('#') {
            Some((target, heading)) => (target.trim(), Some(heading.trim().to_string())),
            None => (destination.trim(), None),
        };
        let heading = heading.filter(|h| !h.is_empty());
        if target.is_empty() && heading.is_none() {
            return None;
        }
        Some(WikiLink {
            target: target.to_string(),
            heading,
            label: None,
            embed,
        })
    }

    /// What a reader sees: the label, else the target (and heading).
    pub fn display_text(&self) -> String {
        if let Some(label) = &self.label {
            return label.clone();
        }
        match &self.heading {
            Some(heading) if self.target.is_empty() => heading.clone(),
            Some(heading) => format!("{} > {heading}", self.target),
            None => self.target.clone(),
        }
    }
}

/// A link and the 1-based file line it stands on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedLink {
    pub link: WikiLink,
    pub line: usize,
}

/// Every `[[...]]` (or `![[...]]`) written inside a piece of plain text, such as a YAML string.
pub(crate) fn links_in_text(text: &str) -> Vec<(WikiLink, &str)> {
    let mut found = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    while let Some(open) = rest.find("[[") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else { break };
        let start = if open > 0 && rest.as_bytes()[open - 1] == b'!' {
            open - 1
        } else {
            open
        };
        let end = open + 2 + close + 2;
        let written = &text[consumed + start..consumed + end];
        if let Some(link) = WikiLink::parse(written) {
            found.push((link, written));
        }
        rest = &rest[end..];
        consumed += end;
    }
    found
}

/// The wiki-links of a markdown body (never inside code), with their file lines.
pub(crate) fn body_links(body: &str, body_line: usize) -> Vec<LocatedLink> {
    let lines = LineIndex::new(body, body_line);
    let mut links = Vec::new();
    // The link being read, and its label text so far.
    let mut open: Option<(WikiLink, usize, bool, String)> = None;
    for (event, range) in Parser::new_ext(body, Options::ENABLE_WIKILINKS).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                open = WikiLink::from_destination(&dest_url, false)
                    .map(|link| (link, lines.line_of(range.start), has_pothole, String::new()));
            }
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                open = WikiLink::from_destination(&dest_url, true)
                    .map(|link| (link, lines.line_of(range.start), has_pothole, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, _, label)) = &mut open {
                    label.push_str(&text);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((mut link, line, has_pothole, label)) = open.take() {
                    if has_pothole && !label.trim().is_empty() {
                        link.label = Some(label.trim().to_string());
                    }
                    links.push(LocatedLink { link, line });
                }
            }
            _ => {}
        }
    }
    links
}
