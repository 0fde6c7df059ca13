//! Spotting a common mistake in an answer just typed: case-insensitive, whole words, apostrophes
//! left out ("dont" is "don't"), and passed over where the person says they will not say it. A
//! hit is a gentle hint for the person, never a verdict.
use crate::model::Signal;
use crate::model::guide::{DangerWords, comparable, normalize_phrase};

/// The first signal whose phrase appears in an answer, the phrase, and the answer's own words
/// that matched it (as typed, for quoting back gently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    pub signal: &'a Signal,
    pub phrase: &'a str,
    pub words: String,
}

/// The first signal (in the note's order) any of whose phrases the text contains, where no
/// word of its note's `not_after` comes just before it ("I won't say calm down").
pub fn find<'a>(signals: &'a [Signal], text: &str) -> Option<Hit<'a>> {
    let normalized = Normalized::new(text);
    signals.iter().find_map(|signal| {
        let kinder = Spans::of(&normalized.text, &signal.except);
        signal.phrases.iter().find_map(|phrase| {
            let (start, end) = phrase_at(&normalized.text, phrase).find(|&(start, end)| {
                !said_not_to(&normalized.text[..start], &signal.not_after)
                    && !kinder.hold((start, end))
            })?;
            Some(Hit {
                signal,
                phrase: phrase.as_str(),
                words: normalized.original(text, start, end).to_string(),
            })
        })
    })
}

/// Whether `text` holds any of `phrases`, matched as a signal's are. Words before a phrase are
/// not weighed.
pub fn holds_any(phrases: &[String], text: &str) -> bool {
    holds_danger(DangerWords::without_exceptions(phrases), text)
}

/// Whether `text` holds any of the danger words' phrases, other than inside one of their
/// everyday exceptions ("it hit me hard" holds "hit me").
pub fn holds_danger(words: DangerWords, text: &str) -> bool {
    let normalized = Normalized::new(text);
    let everyday = Spans::of(&normalized.text, words.except);
    words
        .phrases
        .iter()
        .any(|phrase| phrase_at(&normalized.text, phrase).any(|found| !everyday.hold(found)))
}

/// Where a normalised text holds any of some phrases: the exceptions a match inside one of them
/// is passed over for.
struct Spans(Vec<(usize, usize)>);

impl Spans {
    fn of(text: &str, phrases: &[String]) -> Spans {
        Spans(
            phrases
                .iter()
                .flat_map(|phrase| phrase_at(text, phrase))
                .collect(),
        )
    }

    /// Whether the match `start..end` lies inside one of the spans.
    fn hold(&self, (start, end): (usize, usize)) -> bool {
        self.0.iter().any(|&(from, to)| from <= start && end <= to)
    }
}

/// Whether `text` begins with any of `phrases` (as whole words, matched as a signal's are). A
/// phrase `*ing` is a first word that ends so ("ignoring", "being").
pub fn begins_with_any(phrases: &[String], text: &str) -> bool {
    let normalized = Normalized::new(text);
    let text = normalized
        .text
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let first_word = text
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    phrases.iter().any(|phrase| match phrase.strip_prefix('*') {
        Some(ending) => {
            let ending = comparable(ending);
            !ending.is_empty() && first_word.len() > ending.len() && first_word.ends_with(&ending)
        }
        None => phrase_at(text, phrase)
            .next()
            .is_some_and(|(at, _)| at == 0),
    })
}

/// How many words before a phrase a `not_after` word still reaches: "not say", "won't ever say",
/// "don't tell them to". Not four: "I don't know why you're overreacting" is still said.
const NOT_AFTER_REACH: usize = 3;

/// How far back, in bytes, the words before a phrase are looked for: far more than three words
/// take, and a bound, so that an answer of a phrase repeated thousands of times after "not"
/// is not read again from its start at each one.
const NOT_AFTER_LOOK_BACK: usize = 256;

/// Whether the last few words of `before` (back to the start of its clause) hold one of
/// `not_after`, so that the phrase after them is something the person means not to say.
fn said_not_to(before: &str, not_after: &[String]) -> bool {
    if not_after.is_empty() {
        return false;
    }
    let from = (before.len().saturating_sub(NOT_AFTER_LOOK_BACK)..=before.len())
        .find(|&at| before.is_char_boundary(at))
        .unwrap_or(0);
    let before = &before[from..];
    let clause = before
        .rsplit(['.', ',', ';', ':', '!', '?', '—', '–'])
        .next()
        .unwrap_or(before);
    let words: Vec<&str> = clause
        .split_whitespace()
        .filter(|word| word.contains(is_word_char))
        .collect();
    let near = words[words.len().saturating_sub(NOT_AFTER_REACH)..].join(" ");
    not_after
        .iter()
        .any(|word| phrase_at(&near, word).next().is_some())
}

/// The signal an answer saved under `id` shows: first those of its own step (`repair.3.1` is
/// step 3's), then any, in the note's order. What the session flags and what the journal
/// records of it are both this.
pub fn for_answer<'a>(signals: &'a [Signal], id: &str, text: &str) -> Option<Hit<'a>> {
    let step: Option<usize> = id.split('.').nth(1).and_then(|n| n.parse().ok());
    step.and_then(|number| at_step(signals, number, text))
        .or_else(|| find(signals, text))
}

/// The first of the signals placed at `step` whose phrase the text holds.
pub fn at_step<'a>(signals: &'a [Signal], step: usize, text: &str) -> Option<Hit<'a>> {
    signals
        .iter()
        .filter(|s| s.step == step)
        .find_map(|s| find(std::slice::from_ref(s), text))
}

/// Text made comparable (see `comparable`), remembering where each byte came from.
struct Normalized {
    text: String,
    /// For each byte of `text`, the byte offset of the character it came from in the original.
    origin: Vec<usize>,
}

impl Normalized {
    fn new(original: &str) -> Normalized {
        let mut text = String::new();
        let mut origin = Vec::new();
        let mut push = |text: &mut String, c: char, at: usize| {
            text.push(c);
            origin.extend(std::iter::repeat_n(at, c.len_utf8()));
        };
        for (at, c) in original.trim().char_indices() {
            let at = at + (original.len() - original.trim_start().len());
            if c.is_whitespace() {
                if !text.ends_with(' ') {
                    push(&mut text, ' ', at);
                }
                continue;
            }
            for lower in normalize_phrase(&c.to_string()).chars() {
                if lower != '\'' {
                    push(&mut text, lower, at);
                }
            }
        }
        Normalized { text, origin }
    }

    /// The original text behind `text[start..end]`.
    fn original<'t>(&self, original: &'t str, start: usize, end: usize) -> &'t str {
        let from = self.origin[start];
        let last = self.origin[end - 1];
        let to = last + original[last..].chars().next().map_or(0, char::len_utf8);
        &original[from..to]
    }
}

/// Where the normalised `text` holds `phrase` as whole words, in order. A phrase ending in a
/// full stop ("fine.") also matches at the very end of the text, where people often leave it off.
fn phrase_at<'t>(text: &'t str, phrase: &str) -> impl Iterator<Item = (usize, usize)> + 't {
    let phrase = comparable(phrase);
    let whole_words: Vec<(usize, usize)> = if phrase.is_empty() {
        Vec::new()
    } else {
        text.match_indices(phrase.as_str())
            .map(|(start, _)| (start, start + phrase.len()))
            .filter(|&(start, end)| {
                boundary_before(text, start, &phrase) && boundary_after(text, end, &phrase)
            })
            .collect()
    };
    let at_the_end = (|| {
        let stem = phrase.strip_suffix('.').filter(|stem| !stem.is_empty())?;
        let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
        let start = trimmed.len().checked_sub(stem.len())?;
        (trimmed.ends_with(stem) && boundary_before(trimmed, start, stem))
            .then_some((start, trimmed.len()))
    })();
    whole_words.into_iter().chain(at_the_end)
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
    #[case::at_least("At least I came home early", Some("Minimizing their pain"))]
    #[case::atleast_glued("atleast", None)]
    #[case::overreacting("You're overreacting a bit", Some("Minimizing their pain"))]
    #[case::too_sensitive("you are too  sensitive", Some("Minimizing their pain"))]
    #[case::only_raised("I only raised my voice a little", Some("Minimizing their pain"))]
    #[case::just_a_bit("i was just a bit short with you", Some("Minimizing their pain"))]
    #[case::only_myself("I only thought about myself", None)]
    #[case::sorry_if(
        "I'm sorry if you felt hurt",
        Some("Apologizing too early without attunement")
    )]
    #[case::sorry_but(
        "Sorry, but I was tired",
        Some("Apologizing too early without attunement")
    )]
    #[case::plain_sorry("I'm sorry I shouted at you", None)]
    #[case::move_on("Let's just move on", Some("Demanding instant resolution"))]
    #[case::can_we_just("can we just talk tomorrow", Some("Demanding instant resolution"))]
    #[case::fine_end("Fine", Some("Shutting down when they don’t respond immediately"))]
    #[case::fine_stop("fine.", Some("Shutting down when they don’t respond immediately"))]
    #[case::define("I can't define it", None)]
    #[case::fine_inside("I feel fine about talking", None)]
    #[case::whatever_end(
        "ok, whatever",
        Some("Shutting down when they don’t respond immediately")
    )]
    #[case::whatever_you_need("Whatever you need, I'm here", None)]
    #[case::only_meant(
        "You felt hurt, but I only meant to help",
        Some("Rushing to explain your intent")
    )]
    #[case::its_not_in_the_phrase(
        "It was not my intention to hurt you",
        Some("Rushing to explain your intent")
    )]
    #[case::sorry_you_feel(
        "I'm sorry you feel that way",
        Some("Apologizing too early without attunement")
    )]
    #[case::just_joking("I was just joking", Some("Minimizing their pain"))]
    #[case::wont_say("I won't ever say calm down", None)]
    #[case::not_after_reaches_three_words(
        "I don't know why you're overreacting",
        Some("Minimizing their pain")
    )]
    #[case::not_say("sit with them, and not say are we good now", None)]
    #[case::without_saying("without saying let's just move on", None)]
    #[case::instead_of("Instead of saying at least, listen", None)]
    #[case::you_are_not_overreacting("You're not overreacting", None)]
    #[case::not_too_far_back(
        "I don't know why you think it's not that bad",
        Some("Minimizing their pain")
    )]
    #[case::not_in_another_clause(
        "Not now. At least I came home early",
        Some("Minimizing their pain")
    )]
    #[case::said_later_anyway(
        "I won't say calm down, but calm down",
        Some("Minimizing their pain")
    )]
    #[case::no_apostrophe("I didnt mean to", Some("Rushing to explain your intent"))]
    #[case::no_apostrophe_after_not("i wont say calm down", None)]
    #[case::kinder_words_around_it("I'll wait, I don't care how long it takes", None)]
    #[case::whatever_it_takes("I'll do whatever it takes", None)]
    #[case::until_she_feels_fine("sit with her until she feels fine", None)]
    #[case::at_least_until("hold her hand, at least until she is ready", None)]
    #[case::at_least_i_think("upset, at least i think so", None)]
    #[case::what_they_felt_i_felt("You felt that I don't care", None)]
    #[case::told_of_having_said("I told you you were overreacting", None)]
    #[case::said_it_was("I said it was just a joke", None)]
    #[case::still_dismissive(
        "do whatever you want",
        Some("Shutting down when they don’t respond immediately")
    )]
    #[case::an_excuse(
        "i yelled but only because you ignored me",
        Some("Apologizing too early without attunement")
    )]
    #[case::as_usual("crazy as usual", Some("Getting defensive or factual"))]
    #[case::nothing_wrong("Nothing, I did nothing wrong", Some("Getting defensive or factual"))]
    #[case::empty("", None)]
    #[case::kind("You matter to me and I want to hear you", None)]
    fn flags_phrases_on_word_boundaries(#[case] text: &str, #[case] mistake: Option<&str>) {
        let signals = signals();
        let hit = find(&signals, text).map(|h| h.signal.mistake.as_str());
        assert_eq!(hit, mistake, "answer: {text:?}");
    }

    /// A "but" is named for the step it is typed at: after what they felt, or in an apology.
    #[test]
    fn a_but_is_named_for_its_step() {
        let signals = signals();
        let title = |id: &str, text: &str| {
            for_answer(&signals, id, text).and_then(|hit| hit.signal.title.clone())
        };
        assert_eq!(
            title("repair.2.1", "hurt, but I was tired").as_deref(),
            Some("a “but” after what they felt")
        );
        assert_eq!(
            title("repair.3.1", "yelled, but I was tired").as_deref(),
            Some("an apology with an “if” or a “but”")
        );
        assert_eq!(
            title("repair.5.1", "stay, but you need to talk").as_deref(),
            Some("an apology with an “if” or a “but”")
        );
        assert_eq!(title("repair.2.1", "hurt but also relieved"), None);
        assert_eq!(
            title("repair.2.1", "angry, which is unfair").as_deref(),
            Some("words that can sound like arguing the facts")
        );
    }

    #[test]
    fn a_beginning_can_be_a_word_ending() {
        let ing = ["*ing".to_string(), "not".to_string()];
        assert!(begins_with_any(&ing, "Ignoring you"));
        assert!(begins_with_any(&ing, "“being late”"));
        assert!(begins_with_any(&ing, "not calling"));
        assert!(
            !begins_with_any(&ing, "ing"),
            "the ending alone is not a word ending so"
        );
        assert!(!begins_with_any(&ing, "I was ignoring you"));
        assert!(!begins_with_any(&ing, "nothingness? no: notable"));
        assert!(!begins_with_any(&["*".to_string()], "anything"));
    }

    /// The words before each phrase are looked for near it only: an answer as long as one can
    /// be, of a passed-over phrase again and again, is still read in one go. (Without the bound,
    /// each of its 11,000 phrases read the whole answer before it again.)
    #[test]
    fn a_phrase_passed_over_again_and_again_is_read_once() {
        let signals = signals();
        let answer = "not calm down ".repeat(crate::prompt::MAX_ANSWER_CHARS / 14);
        assert!(find(&signals, &answer).is_none());
        let later = format!("{answer}. calm down");
        assert_eq!(find(&signals, &later).unwrap().words, "calm down");
        // A "not" more than three words back does not reach.
        let far = format!("not {}calm down", "very ".repeat(100));
        assert!(find(&signals, &far).is_some());
    }

    #[rstest]
    #[case::plain("Well, TECHNICALLY I was late", "technically", "TECHNICALLY")]
    #[case::curly_and_spaces("Oh, I  Didn’t\tmean to.", "i didn't mean", "I  Didn’t\tmean")]
    #[case::at_the_end("  ok then, Whatever  ", "whatever.", "Whatever")]
    #[case::accented("Écoute, sorry but no", "sorry but", "sorry but")]
    fn reports_the_phrase_and_the_words_as_typed(
        #[case] text: &str,
        #[case] phrase: &str,
        #[case] words: &str,
    ) {
        let signals = signals();
        let hit = find(&signals, text).expect("a hit");
        assert_eq!((hit.phrase, hit.words.as_str()), (phrase, words));
    }
}
