//! Spotting a common mistake in an answer just typed: case-insensitive, whole words, curly and
//! straight apostrophes alike. A hit is a gentle hint for the person, never a verdict.
use crate::model::Signal;
use crate::model::guide::normalize_phrase;

/// The first signal whose phrase appears in an answer, and the phrase that matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    pub signal: &'a Signal,
    pub phrase: &'a str,
}

/// The first signal (in the note's order) any of whose phrases the text contains.
pub fn find<'a>(signals: &'a [Signal], text: &str) -> Option<Hit<'a>> {
    let text = normalize_phrase(text);
    signals.iter().find_map(|signal| {
        signal
            .phrases
            .iter()
            .find(|phrase| contains_phrase(&text, phrase))
            .map(|phrase| Hit {
                signal,
                phrase: phrase.as_str(),
            })
    })
}

/// Whether the normalised `text` holds `phrase` as whole words. A phrase ending in a full stop
/// ("fine.") also matches at the very end of the text, where people often leave it off.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let phrase = normalize_phrase(phrase);
    if phrase.is_empty() {
        return false;
    }
    if occurs_as_words(text, &phrase) {
        return true;
    }
    match phrase.strip_suffix('.') {
        Some(stem) if !stem.is_empty() => {
            let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
            trimmed.ends_with(stem) && boundary_before(trimmed, trimmed.len() - stem.len(), stem)
        }
        _ => false,
    }
}

fn occurs_as_words(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(start, _)| {
        let end = start + phrase.len();
        boundary_before(text, start, phrase) && boundary_after(text, end, phrase)
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A phrase that starts with a letter must not start inside a word ("define." is not "fine.").
fn boundary_before(text: &str, start: usize, phrase: &str) -> bool {
    !phrase.starts_with(is_word_char) || !text[..start].ends_with(is_word_char)
}

fn boundary_after(text: &str, end: usize, phrase: &str) -> bool {
    !phrase.ends_with(is_word_char) || !text[end..].starts_with(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn signals() -> Vec<Signal> {
        crate::coach::testing::plan().signals
    }

    #[rstest]
    #[case::intent("I didn't mean to hurt you", Some("Rushing to explain your intent"))]
    #[case::intent_curly("I didn’t mean to hurt you", Some("Rushing to explain your intent"))]
    #[case::intent_upper("I DIDN'T MEAN TO", Some("Rushing to explain your intent"))]
    #[case::intention("My intention was to help", Some("Rushing to explain your intent"))]
    #[case::meant_loving("I meant what I said about loving you", None)]
    #[case::at_least("At least I came home early", Some("Minimising their pain"))]
    #[case::atleast_glued("atleast", None)]
    #[case::overreacting("You're overreacting a bit", Some("Minimising their pain"))]
    #[case::too_sensitive("you are too  sensitive", Some("Minimising their pain"))]
    #[case::sorry_if(
        "I'm sorry if you felt hurt",
        Some("Apologising too early, or with conditions")
    )]
    #[case::sorry_but(
        "Sorry, but you started it",
        Some("Apologising too early, or with conditions")
    )]
    #[case::plain_sorry("I'm sorry I shouted at you", None)]
    #[case::move_on("Let's just move on", Some("Rushing the fix"))]
    #[case::can_we_just("can we just talk tomorrow", Some("Rushing the fix"))]
    #[case::fine_end("Fine", Some("Withdrawing emotionally"))]
    #[case::fine_stop("fine.", Some("Withdrawing emotionally"))]
    #[case::define("I can't define it", None)]
    #[case::fine_inside("I feel fine about talking", None)]
    #[case::whatever_end("ok, whatever", Some("Withdrawing emotionally"))]
    #[case::whatever_you_need("Whatever you need, I'm here", None)]
    #[case::empty("", None)]
    #[case::kind("You matter to me and I want to hear you", None)]
    fn flags_phrases_on_word_boundaries(#[case] text: &str, #[case] mistake: Option<&str>) {
        let signals = signals();
        let hit = find(&signals, text).map(|h| h.signal.mistake.as_str());
        assert_eq!(hit, mistake, "answer: {text:?}");
    }

    #[test]
    fn reports_the_phrase_that_matched() {
        let signals = signals();
        let hit = find(&signals, "Well, TECHNICALLY I was late").expect("a hit");
        assert_eq!(hit.phrase, "technically");
        assert_eq!(hit.signal.step, 2);
    }
}
