//! The safety note as shown to one person: help where they live first, then help for anyone.
//!
//! The note's `## XX` sections (an ISO 3166 alpha-2 code, such as `## GB`) each hold one country's
//! lines. Someone whose locale names a country sees the text before the first section, that
//! country's section, then every section that is not a country's (the general fallback); other
//! countries' sections are left out, so the screen stays short. HTML comments, where the note
//! records the source each line was checked against, are never shown.
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
        select(&self.text, self.country.as_deref(), Intro::Kept)
    }

    /// Only the help lines, for the person's country and for anyone, without the words before
    /// them: what follows other words that point to help (after a talk that went hard, say).
    pub fn help_lines(&self) -> String {
        select(&self.text, self.country.as_deref(), Intro::Left)
    }
}

/// Whether the text before the first section is shown.
#[derive(PartialEq)]
enum Intro {
    Kept,
    Left,
}

fn select(markdown: &str, country: Option<&str>, intro_is: Intro) -> String {
    let text = without_comments(markdown);
    let mut intro = String::new();
    let mut sections: Vec<(&str, String)> = Vec::new();
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
            sections.push((heading.trim(), String::new()));
            if country_code(heading.trim()).is_none() {
                sections.last_mut().expect("just pushed").1 = format!("{line}\n");
            }
            continue;
        }
        let into = match sections.last_mut() {
            Some((_, body)) => body,
            None => &mut intro,
        };
        into.push_str(line);
        into.push('\n');
    }
    let own = sections
        .iter()
        .filter(|(heading, _)| country.is_some() && country_code(heading) == country);
    let general = sections
        .iter()
        .filter(|(heading, _)| country_code(heading).is_none());
    let intro = if intro_is == Intro::Kept {
        intro.as_str()
    } else {
        ""
    };
    let parts = std::iter::once(intro)
        .chain(own.chain(general).map(|(_, body)| body.as_str()))
        .map(str::trim)
        .filter(|part| !part.is_empty());
    parts.collect::<Vec<_>>().join("\n\n")
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
            text: NOTE.into(),
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
            text: NOTE.into(),
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
            text: "Call Sam.\n\n## Later\nRest.".into(),
            country: None,
        };
        assert_eq!(note.clone().for_country(Some("GB")).shown(), note.text);
    }

    #[test]
    fn comments_are_removed_even_when_left_open() {
        assert_eq!(without_comments("a<!-- x -->b<!-- y"), "ab");
    }
}
