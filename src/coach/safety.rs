//! The safety note as shown to one person: help where they live first, then help for anyone.
//!
//! The note's `## XX` sections (an ISO 3166 alpha-2 code, such as `## GB`) each hold one country's
//! lines. Someone whose locale names a country sees the text before the first section, that
//! country's section, then every section that is not a country's (the general fallback); other
//! countries' sections are left out, so the screen stays short. HTML comments, where the note
//! records the source each line was checked against, are never shown.
//!
//! A person's own copy of the note stands in for the shipped one section by section: where it
//! has no lines for their country, or none for anyone (no such section, or one left empty), the
//! shipped note's lines are shown in their place, so that no one who is not safe is shown a
//! note without a help line.
use super::SafetyNote;

/// The `fileClass` of the shipped safety note, by which `show` knows to show it this way too.
pub const SAFETY_FILE_CLASS: &str = "safety";

impl SafetyNote {
    /// The note for someone living in `country` (an upper-case ISO 3166 code), or for someone
    /// whose country is not known (`None`): the general lines only.
    pub fn for_country(self, country: Option<&str>) -> SafetyNote {
        SafetyNote {
            country: country.map(str::to_owned),
            ..self
        }
    }

    /// The note as shown: the words before the sections, then the help lines.
    pub fn shown(&self) -> String {
        self.select(Intro::Kept)
    }

    /// Only the help lines, for the person's country and for anyone, without the words before
    /// them: what follows other words that point to help (after a talk that went hard, say).
    pub fn help_lines(&self) -> String {
        self.select(Intro::Left)
    }

    /// Whether the note has lines for anyone of its own: a section whose heading is not a
    /// country code, with something in it. Without one, the shipped note's are shown.
    pub fn has_lines_for_anyone(&self) -> bool {
        Parts::of(&self.text).general().next().is_some()
    }

    fn select(&self, intro_is: Intro) -> String {
        let own = Parts::of(&self.text);
        let shipped = self.shipped.as_deref().map(Parts::of);
        let country = self.country.as_deref();
        // Each part from the note where it has it, else from the shipped note.
        let or_shipped = |lines: fn(&Parts, Option<&str>) -> Vec<String>| {
            let mine = lines(&own, country);
            match &shipped {
                Some(shipped) if mine.is_empty() => lines(shipped, country),
                _ => mine,
            }
        };
        let country_lines = or_shipped(|parts, country| parts.of_country(country).collect());
        let general_lines = or_shipped(|parts, _| parts.general().collect());
        let intro = match intro_is {
            Intro::Kept => own.intro.as_str(),
            Intro::Left => "",
        };
        let parts = std::iter::once(intro)
            .chain(
                country_lines
                    .iter()
                    .chain(&general_lines)
                    .map(String::as_str),
            )
            .map(str::trim)
            .filter(|part| !part.is_empty());
        parts.collect::<Vec<_>>().join("\n\n")
    }
}

/// Whether the text before the first section is shown.
enum Intro {
    Kept,
    Left,
}

/// A safety note's markdown, comments removed, cut at its `## ` headings.
struct Parts {
    /// The text before the first section.
    intro: String,
    sections: Vec<Part>,
}

/// One `## ` section.
struct Part {
    /// The heading's line as written, and its text.
    line: String,
    heading: String,
    /// The lines under the heading.
    body: String,
}

impl Parts {
    fn of(markdown: &str) -> Parts {
        let text = without_comments(markdown);
        let mut parts = Parts {
            intro: String::new(),
            sections: Vec::new(),
        };
        let mut fence: Option<&str> = None;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if let Some(open) = fence {
                if trimmed.starts_with(open) {
                    fence = None;
                }
            } else if let Some(mark) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
                fence = Some(mark);
            } else if let Some(heading) = line.strip_prefix("## ") {
                parts.sections.push(Part {
                    line: line.to_owned(),
                    heading: heading.trim().to_owned(),
                    body: String::new(),
                });
                continue;
            }
            let into = match parts.sections.last_mut() {
                Some(part) => &mut part.body,
                None => &mut parts.intro,
            };
            into.push_str(line);
            into.push('\n');
        }
        parts
    }

    /// The sections with something in them.
    fn filled(&self) -> impl Iterator<Item = &Part> {
        self.sections
            .iter()
            .filter(|part| !part.body.trim().is_empty())
    }

    /// The lines of `country`'s sections (none when it is not known), without their headings.
    fn of_country(&self, country: Option<&str>) -> impl Iterator<Item = String> {
        self.filled()
            .filter(move |part| country.is_some() && country_code(&part.heading) == country)
            .map(|part| part.body.clone())
    }

    /// The sections for anyone, whose headings are not country codes, each under its heading.
    fn general(&self) -> impl Iterator<Item = String> {
        self.filled()
            .filter(|part| country_code(&part.heading).is_none())
            .map(|part| format!("{}\n{}", part.line, part.body))
    }
}

/// `GB` in a heading `GB`: two capital ASCII letters and nothing else.
fn country_code(heading: &str) -> Option<&str> {
    (heading.len() == 2 && heading.bytes().all(|b| b.is_ascii_uppercase())).then_some(heading)
}

/// The text with every `<!-- … -->` removed (an unclosed one runs to the end, as in markdown).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start + 4..]
            .find("-->")
            .map_or("", |end| &rest[start + 4 + end + 3..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "# Staying Safe\n\nYou matter.\n\n\
        ## GB\n**In the UK**\n- Call 999 <!-- checked: https://example.org/gb -->\n\n\
        ## DE\n**In Germany**\n- Call 110\n<!--\nchecked:\nhttps://example.org/de\n-->\n\n\
        ## Wherever you are\n- Your local emergency number.\n\n```\n## US\n```\n";

    fn shown(country: Option<&str>) -> String {
        SafetyNote {
            name: "Staying Safe".into(),
            path: "Staying Safe.md".into(),
            text: NOTE.into(),
            shipped: None,
            country: None,
        }
        .for_country(country)
        .shown()
    }

    #[test]
    fn the_persons_country_comes_first_then_the_general_lines() {
        assert_eq!(
            shown(Some("GB")),
            "# Staying Safe\n\nYou matter.\n\n**In the UK**\n- Call 999\n\n\
             ## Wherever you are\n- Your local emergency number.\n\n```\n## US\n```"
        );
        let de = shown(Some("DE"));
        assert!(
            de.contains("In Germany") && !de.contains("In the UK"),
            "{de}"
        );
        assert!(!de.contains("checked"), "{de}");
    }

    #[test]
    fn the_help_lines_alone_leave_out_the_words_before_them() {
        let note = SafetyNote {
            name: "Staying Safe".into(),
            path: "Staying Safe.md".into(),
            text: NOTE.into(),
            shipped: None,
            country: None,
        };
        assert_eq!(
            note.clone().for_country(Some("GB")).help_lines(),
            "**In the UK**\n- Call 999\n\n\
             ## Wherever you are\n- Your local emergency number.\n\n```\n## US\n```"
        );
        assert!(note.help_lines().starts_with("## Wherever you are\n"));
    }

    #[test]
    fn an_unknown_or_unlisted_country_gets_the_general_lines_only() {
        for country in [None, Some("FR")] {
            let text = shown(country);
            assert!(
                text.starts_with("# Staying Safe\n\nYou matter.\n\n## Wherever"),
                "{text}"
            );
            assert!(!text.contains("999") && !text.contains("110"), "{text}");
        }
    }

    #[test]
    fn a_note_without_country_sections_is_shown_whole() {
        let note = SafetyNote {
            name: "Mine".into(),
            path: "Mine.md".into(),
            text: "Call Sam.\n\n## Later\nRest.".into(),
            shipped: None,
            country: None,
        };
        assert_eq!(note.clone().for_country(Some("GB")).shown(), note.text);
    }

    /// A person's own copy, with the shipped note beside it.
    fn own(text: &str, country: Option<&str>) -> SafetyNote {
        SafetyNote {
            name: "Staying Safe".into(),
            path: "Staying Safe.md".into(),
            text: text.into(),
            shipped: Some(NOTE.into()),
            country: None,
        }
        .for_country(country)
    }

    #[test]
    fn a_copy_without_lines_for_anyone_shows_the_shipped_ones() {
        for copy in [
            "Mine.\n\n## GB\n- Call Mill Lane.\n",
            "Mine.\n\n## GB\n- Call Mill Lane.\n\n## For anyone\n<!-- to do -->\n",
        ] {
            let note = own(copy, Some("GB"));
            assert!(!note.has_lines_for_anyone(), "{copy}");
            assert_eq!(
                note.shown(),
                "Mine.\n\n- Call Mill Lane.\n\n## Wherever you are\n- Your local emergency \
                 number.\n\n```\n## US\n```"
            );
        }
        assert!(own("## Anyone\n- Sam.\n", None).has_lines_for_anyone());
    }

    #[test]
    fn a_copy_without_the_persons_country_shows_the_shipped_lines_for_it() {
        let note = own(
            "Mine.\n\n## DE\n- Ruf an.\n\n## Anyone\n- Sam.\n",
            Some("GB"),
        );
        assert_eq!(
            note.shown(),
            "Mine.\n\n**In the UK**\n- Call 999\n\n## Anyone\n- Sam."
        );
        assert_eq!(
            note.help_lines(),
            "**In the UK**\n- Call 999\n\n## Anyone\n- Sam."
        );
        // A country the shipped note has no lines for either: the lines for anyone.
        let elsewhere = own("## Anyone\n- Sam.\n", Some("FR")).shown();
        assert_eq!(elsewhere, "## Anyone\n- Sam.");
    }

    #[test]
    fn a_copy_with_every_part_shows_its_own_lines_only() {
        let note = own(
            "Mine.\n\n## GB\n- Mill Lane.\n\n## Anyone\n- Sam.\n",
            Some("GB"),
        );
        assert_eq!(note.shown(), "Mine.\n\n- Mill Lane.\n\n## Anyone\n- Sam.");
    }

    #[test]
    fn comments_are_removed_even_when_left_open() {
        assert_eq!(without_comments("a<!-- x -->b<!-- y"), "ab");
    }
}
