//! Wiki-links in every Obsidian form: `[[Note]]`, `[[Note|label]]`, `[[Note#Heading]]`,
//! `[[Note#Heading|label]]`, `![[Embed]]`.
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
        if find_pair(inner, b'[').is_some() || find_pair(inner, b']').is_some() {
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
        let target = target_of(destination);
        let heading = destination
            .split_once('#')
            .map(|(_, heading)| heading.trim().to_string());
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
    while let Some(open) = find_pair(rest, b'[') {
        let after = &rest[open + 2..];
        let Some(close) = find_pair(after, b']') else {
            break;
        };
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

/// Where `byte` first stands twice in a row in `text` (`[[` or `]]`). Looked for with memchr: a
/// substring search sets itself up anew for every call, which costs more than these short texts
/// take to read.
pub(super) fn find_pair(text: &str, byte: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(byte, &bytes[from..]) {
        let at = from + found;
        if bytes.get(at + 1) == Some(&byte) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The wiki-links of a markdown body (never inside code), with their file lines.
pub(crate) fn body_links(body: &str, body_line: usize) -> Vec<LocatedLink> {
    let mut links = Vec::new();
    let visit = |destination: &str, embed, line, label| {
        if let Some(mut link) = WikiLink::from_destination(destination, embed) {
            link.label = label;
            links.push(LocatedLink { link, line });
        }
    };
    walk_body_links(body, body_line, visit, None);
    links
}

/// Visits each wiki-link of a body in order, as `(destination as written, embed, file line,
/// label)`, allocating nothing for links without a label: `check` walks every note this way,
/// with `heading` given, which is handed each heading as written in its source.
pub(crate) fn walk_body_links(
    body: &str,
    body_line: usize,
    mut visit: impl FnMut(&str, bool, usize, Option<String>),
    heading: Option<&mut dyn FnMut(&str)>,
) {
    // Parsing markdown is the cost here; a body without `[[` cannot hold a wiki-link, and one
    // written plainly has its links (and headings) read without a parse.
    if heading.is_none() && find_pair(body, b'[').is_none() {
        return;
    }
    match super::plain_links::plain_links(body) {
        Some((links, headings)) => {
            for link in links {
                let label = link.label.map(str::to_string);
                visit(link.destination, link.embed, body_line + link.line, label);
            }
            if let Some(heading) = heading {
                headings.into_iter().for_each(heading);
            }
        }
        None => super::scan::scan(body, body_line, None, visit, heading),
    }
}

/// The note part of a destination: `Note` from `Note#Heading`, empty for `#Heading`.
pub(crate) fn target_of(destination: &str) -> &str {
    let end = memchr::memchr(b'#', destination.as_bytes()).unwrap_or(destination.len());
    destination[..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The pair is found where a substring search finds it, overlapping runs included.
        #[test]
        fn a_pair_is_found_where_a_substring_search_finds_it(text in "[\\[\\]a|#!茶]{0,24}") {
            proptest::prop_assert_eq!(find_pair(&text, b'['), text.find("[["));
            proptest::prop_assert_eq!(find_pair(&text, b']'), text.find("]]"));
        }
    }

    #[test]
    fn links_in_text_reads_each_form_and_skips_what_is_not_one_link() {
        let found: Vec<(String, &str)> =
            links_in_text("a [[One]] b ![[Two#H|t]] [[x [[Three]]] ]]")
                .into_iter()
                .map(|(link, written)| (link.display_text(), written))
                .collect();
        assert_eq!(
            found,
            [
                ("One".to_string(), "[[One]]"),
                ("t".to_string(), "![[Two#H|t]]"),
            ]
        );
    }
}
