//! An answer as it reads inside a sentence of the coach's: a question that gives the start of
//! the answer ("You felt …") puts those words in the sentence, so typed anyway they are not
//! said twice ("It sounds like you felt You felt hurt").
use crate::model::guide::CloseWords;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What the guide says of how answers are mended as they are said back.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mending<'w> {
    /// Words typed without their apostrophe ("im"), said with it as written here ("I'm").
    pub apostrophes: &'w [String],
    /// Words an answer goes on with after an aside and a comma ("Sam, I…"): the aside is left
    /// out, as the lead is.
    pub after_aside: &'w [String],
}

impl<'w> From<&'w CloseWords> for Mending<'w> {
    fn from(close: &'w CloseWords) -> Mending<'w> {
        Mending {
            apostrophes: &close.apostrophes,
            after_aside: &close.after_aside,
        }
    }
}

/// The words of `text` to put after a lead in a sentence: without an aside it opens with
/// ("Sam, you felt hurt", see `without_aside`), without the longest of `leads` (the question's
/// lead, then the beginnings that stand for it) the person typed too, and without the quotes
/// and closing punctuation the sentence gives itself; a word of `mending.apostrophes` typed
/// without its apostrophe ("im") is said with it ("I'm").
pub fn said_after<'l>(
    text: &str,
    leads: impl IntoIterator<Item = &'l str>,
    mending: Mending,
) -> String {
    let leads: Vec<&str> = leads.into_iter().collect();
    let text = with_apostrophes(&unshouted(text.trim()), mending.apostrophes);
    let text = without_aside(&text, &leads, mending.after_aside);
    // The longest: "you could ask me" is after "you could", not after the lead's last word "you".
    let text = leads
        .iter()
        .filter_map(|lead| without_lead(text, lead))
        .min_by_key(|rest| rest.len())
        .unwrap_or(text);
    capital_i(
        text.trim_start_matches(['“', '"', ' ', ','])
            .trim_end_matches(['.', '!', '?', '”', '"', '…', ' '])
            .trim(),
    )
}

/// `text` in small letters where it was typed all in capitals ("I YELLED AT YOU"): said back as
/// it is, it would shout. A single word in capitals ("OK", "ADHD") stays as it is.
fn unshouted(text: &str) -> Cow<'_, str> {
    let words = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphabetic))
        .count();
    let shouted = words > 1 && !text.chars().any(char::is_lowercase);
    match shouted {
        true => Cow::Owned(text.to_lowercase()),
        false => Cow::Borrowed(text),
    }
}

/// `words` said to them where they begin by speaking of them: the longest key of `to_them` they
/// begin with (any case, as whole words: "she is", not "she isn't") becomes its value ("you
/// are"), so that "she is my best friend" is said back as "you are my best friend". A key with
/// `{name}` stands for each of `spoken_to`, the names the person spoke to in an aside ("Sam, I'm
/// sorry"): "Sam is my closest friend" is said to Sam as "you are my closest friend".
pub fn to_them(words: &str, to_them: &BTreeMap<String, String>, spoken_to: &[String]) -> String {
    let keys = to_them.iter().flat_map(|(said, to)| {
        let said = said.trim();
        let named: Vec<String> = match said.contains(NAME) {
            true => spoken_to
                .iter()
                .map(|name| said.replace(NAME, name))
                .collect(),
            false => vec![said.to_string()],
        };
        named.into_iter().map(move |said| (said, to))
    });
    let begun = keys
        .filter_map(|(said, to)| Some((after_words(words, &said)?, to)))
        .min_by_key(|(rest, _)| rest.len());
    match begun {
        Some((rest, to)) => format!("{}{rest}", to.trim()),
        None => words.to_string(),
    }
}

/// In a key of a question's `to_them`: a name the person spoke to.
const NAME: &str = "{name}";

/// The most words an aside before a comma can be ("Sam", "my love", "to be honest").
const ASIDE_WORDS: usize = 3;

/// The aside `text` opens with, if any: up to `ASIDE_WORDS` words and a comma, followed by one
/// of `leads` (or its last words), or by a word of `after_aside` ("Sam, I…", "Honestly, you…").
/// It is the person speaking to them, and the sentence said back speaks to them already; words
/// after the comma that go on otherwise ("Hurt, ignored") are a list, not an aside.
pub fn aside<'t>(text: &'t str, leads: &[&str], after_aside: &[String]) -> Option<&'t str> {
    let text = text.trim_start_matches(['“', '"']);
    let (before, rest) = text.split_once(',')?;
    let words = before.split_whitespace().count();
    let worded = before
        .chars()
        .all(|c| c.is_alphabetic() || c.is_whitespace() || APOSTROPHES.contains(&c));
    // "I was wrong, I know" is a sentence, not an aside: an aside opens with neither a lead nor
    // a word of `after_aside`.
    let opens_a_sentence = leads
        .iter()
        .any(|lead| without_lead(before, lead).is_some())
        || after_aside
            .iter()
            .any(|word| opens_with_word(before.trim_start(), word.trim()));
    if words == 0 || words > ASIDE_WORDS || !worded || opens_a_sentence {
        return None;
    }
    let rest = rest.trim_start();
    let goes_on = leads.iter().any(|lead| without_lead(rest, lead).is_some())
        || after_aside
            .iter()
            .any(|word| opens_with_word(rest, word.trim()));
    goes_on.then_some(before.trim())
}

/// `text` from after the aside it opens with (see `aside`), or all of it.
fn without_aside<'t>(text: &'t str, leads: &[&str], after_aside: &[String]) -> &'t str {
    match aside(text, leads, after_aside) {
        Some(_) => text
            .split_once(',')
            .map_or(text, |(_, rest)| rest.trim_start()),
        None => text,
    }
}

/// Whether `text` begins with `word` (any case), as a word of its own or contracted ("I'm").
fn opens_with_word(text: &str, word: &str) -> bool {
    let Some(head) = text.get(..word.len()) else {
        return false;
    };
    let next = text[word.len()..].chars().next();
    !word.is_empty() && head.eq_ignore_ascii_case(word) && next.is_none_or(|c| !c.is_alphanumeric())
}

/// `text` with each word that is one of `apostrophes` without its apostrophe ("im", "Dont")
/// written with it, in the letters as typed ("i'm", "Don't"). A word already joined to an
/// apostrophe ("isn't" is "isn" and "t") is left as it is.
fn with_apostrophes(text: &str, apostrophes: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(char::is_alphanumeric) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let joined = out.ends_with(APOSTROPHES) || after.starts_with(APOSTROPHES);
        match apostrophes.iter().find_map(|a| restored(word, a)) {
            Some(restored) if !joined => out.push_str(&restored),
            _ => out.push_str(word),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

const APOSTROPHES: [char; 2] = ['\'', '’'];

/// `word` as `contraction` ("I'm") where it is that without the apostrophe ("im", any case):
/// the letters typed, the apostrophe where the contraction has it.
fn restored(word: &str, contraction: &str) -> Option<String> {
    let bare: String = contraction
        .chars()
        .filter(|c| !APOSTROPHES.contains(c))
        .collect();
    let same =
        bare.chars().count() == word.chars().count() && bare.to_lowercase() == word.to_lowercase();
    if !same || bare.len() == contraction.len() {
        return None;
    }
    let mut letters = word.chars();
    contraction
        .chars()
        .map(|c| match APOSTROPHES.contains(&c) {
            true => Some(c),
            false => letters.next(),
        })
        .collect()
}

/// `text` with "i" written "I" where it stands alone ("i love you", "i'm"), as typed in a hurry:
/// said back, their words read as they meant them.
fn capital_i(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let word = |at: usize| chars.get(at).is_some_and(|c| c.is_alphanumeric());
    (0..chars.len())
        .map(|at| {
            let in_a_word = (at > 0 && word(at - 1)) || word(at + 1);
            let i_e = chars.get(at + 1) == Some(&'.') && word(at + 2);
            let alone = chars[at] == 'i' && !in_a_word && !i_e;
            if alone { 'I' } else { chars[at] }
        })
        .collect()
}

/// `text` after `lead`, where it begins with it, or with its last words ("because you care",
/// after "You matter to me because"): any case, as whole words.
fn without_lead<'t>(text: &'t str, lead: &str) -> Option<&'t str> {
    let text = text.trim_start_matches(['“', '"']);
    let lead = lead.trim();
    // Where each of the lead's words begins: the lead from there on is what may be typed again.
    let starts = std::iter::once(0).chain(
        lead.char_indices()
            .filter(|&(at, c)| {
                c.is_whitespace() && !lead[at + 1..].starts_with(char::is_whitespace)
            })
            .map(|(at, c)| at + c.len_utf8()),
    );
    starts
        .map(|at| &lead[at..])
        .filter(|tail| !tail.is_empty())
        .find_map(|tail| after_words(text, tail))
}

/// `text` after `words`, where it begins with them (any case), ending where a word ends.
fn after_words<'t>(text: &'t str, words: &str) -> Option<&'t str> {
    let head = text.get(..words.len())?;
    let rest = &text[words.len()..];
    // "I" leads "I shouted", not "I'm" or "Instead".
    let word_goes_on = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    (head.to_lowercase() == words.to_lowercase() && !rest.starts_with(word_goes_on)).then_some(rest)
}

/// Puts `words` after `sentence`. Where they begin with the sentence's last word made a
/// contraction ("I" then "I'm sorry"), that word is said once: "I'm sorry", not "I I'm sorry".
/// A first word of `names` (sorted) keeps its capital (see `mid_sentence`).
pub fn join(sentence: &mut String, words: &str, names: &[String]) {
    let before = sentence.trim_end();
    let last = before.rsplit(' ').next().unwrap_or(before);
    let contracted = words
        .get(..last.len())
        .filter(|head| !last.is_empty() && head.eq_ignore_ascii_case(last))
        .map(|_| &words[last.len()..])
        .filter(|rest| rest.starts_with(['\'', '’']));
    match contracted {
        Some(rest) => {
            sentence.truncate(before.len());
            sentence.push_str(rest);
        }
        None if before.is_empty() => sentence.push_str(words),
        None => sentence.push_str(&mid_sentence(words, names)),
    }
}

/// `words` as they read inside a sentence: a first word capitalised only as the start of the
/// answer ("Hurt and alone") is written small. "I", a word in capitals ("OK"), one with a
/// capital further in ("McKenzie") and one of `names`, sorted ("Sam is my closest friend"), are
/// left as they are.
pub fn mid_sentence(words: &str, names: &[String]) -> String {
    let first = first_word(words);
    if !capitalised_only(first)
        || names
            .binary_search_by(|name| name.as_str().cmp(first))
            .is_ok()
    {
        return words.to_string();
    }
    let mut chars = words.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// `words` as they read where `after` follows them in a sentence: sentences of their own where
/// the sentence ends after them ("I yelled. I left. I'm sorry."), one clause where it goes on
/// ("you felt hurt, alone, and…", "could you ask me, maybe hug me?").
pub fn placed_before(words: String, after: &str, names: &[String]) -> String {
    match after.is_empty() || after.starts_with(['.', '!']) {
        true => words,
        false => as_one_clause(&words, names),
    }
}

/// `words` of several sentences ("Hurt. Alone.") as one part of a sentence that goes on after
/// them ("hurt, alone, and that makes sense"): each sentence after the first is joined on with a
/// comma, as it reads inside a sentence (see `mid_sentence`).
fn as_one_clause(words: &str, names: &[String]) -> String {
    let mut clause = String::with_capacity(words.len());
    let mut rest = words.trim();
    while !rest.is_empty() {
        // A sentence ends at its stops, where a space or the end follows them (not inside "3.5").
        let end = rest
            .char_indices()
            .find(|&(at, c)| {
                let after = rest[at..].trim_start_matches(['.', '!', '?']);
                matches!(c, '.' | '!' | '?')
                    && (after.is_empty() || after.starts_with(char::is_whitespace))
            })
            .map_or(rest.len(), |(at, _)| at);
        let sentence = rest[..end].trim();
        rest = rest[end..].trim_start_matches(['.', '!', '?']).trim_start();
        if sentence.is_empty() {
            continue;
        }
        if !clause.is_empty() {
            clause.push_str(", ");
            clause.push_str(&mid_sentence(sentence, names));
        } else {
            clause.push_str(sentence);
        }
    }
    clause
}

fn first_word(text: &str) -> &str {
    text.split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
}

/// A capital, then small letters only ("Sam", not "I", "OK" or "McKenzie").
fn capitalised_only(word: &str) -> bool {
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && letters.all(char::is_lowercase)
}

/// The names in the answers, as the person wrote them (see `names`).
#[derive(Debug, Default, PartialEq)]
pub struct Names {
    /// Every name written, sorted, each once: one keeps its capital where an answer begins with
    /// it ("Sam is my closest friend").
    pub written: Vec<String>,
    /// The names spoken to in a one-word aside ("Sam, I'm sorry"), sorted, each once: the person
    /// the sentences at the end are said to.
    pub spoken_to: Vec<String>,
}

/// The names in the answers: a one-word aside ("Sam, I'm sorry", see `aside`), or a word with a
/// capital of its own inside a sentence, past the question's lead ("I told Sam", not "They felt
/// Hurt"). Each answer comes with its question's leads.
pub fn names<'t, 'l>(
    answers: impl IntoIterator<Item = (&'t str, Vec<&'l str>)>,
    mending: Mending,
) -> Names {
    let mut names = Names::default();
    for (text, leads) in answers {
        let aside =
            aside(text, &leads, mending.after_aside).filter(|aside| capitalised_only(aside));
        names.spoken_to.extend(aside.map(str::to_string));
        let said = said_after(text, leads, mending);
        let inside = said
            .split(['.', '!', '?', '\n'])
            .flat_map(|sentence| {
                sentence
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|word| !word.is_empty())
                    .skip(1)
            })
            .filter(|word| capitalised_only(word))
            .map(str::to_string);
        names
            .written
            .extend(aside.map(str::to_string).into_iter().chain(inside));
    }
    // Sorted and each once: an answer can hold thousands of capitalised words.
    for list in [&mut names.written, &mut names.spoken_to] {
        list.sort_unstable();
        list.dedup();
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sentence` with `words` joined on.
    fn joined(sentence: &str, words: &str) -> String {
        let mut sentence = sentence.to_string();
        join(&mut sentence, words, &[]);
        sentence
    }

    #[test]
    fn a_lead_typed_anyway_is_not_repeated() {
        assert_eq!(without_lead("You felt hurt", "You felt"), Some(" hurt"));
        assert_eq!(without_lead("“you FELT alone", "You felt"), Some(" alone"));
        assert_eq!(without_lead("You feltered", "You felt"), None);
        assert_eq!(without_lead("hurt", "You felt"), None);
        assert_eq!(without_lead("é", "You felt"), None);
    }

    #[test]
    fn a_capital_that_only_began_the_answer_is_small_inside_a_sentence() {
        assert_eq!(
            joined("you felt ", "Hurt and alone"),
            "you felt hurt and alone"
        );
        assert_eq!(
            joined("you felt ", "I think scared"),
            "you felt I think scared"
        );
        assert_eq!(joined("because ", "I love you"), "because I love you");
        assert_eq!(joined("could you ", "OK me first"), "could you OK me first");
        assert_eq!(
            joined("because ", "McKenzie said so"),
            "because McKenzie said so"
        );
        assert_eq!(joined("because ", "Élan"), "because élan");
        assert_eq!(joined("", "Hurt"), "Hurt");
    }

    #[test]
    fn an_i_standing_alone_is_said_as_i() {
        assert_eq!(
            said_after("i love you", None, Mending::default()),
            "I love you"
        );
        assert_eq!(
            said_after("i'm here and i’ll stay", None, Mending::default()),
            "I'm here and I’ll stay"
        );
        assert_eq!(
            said_after("it is in me, i think", None, Mending::default()),
            "it is in me, I think"
        );
        assert_eq!(
            said_after("i.e. later", None, Mending::default()),
            "i.e. later"
        );
        assert_eq!(
            said_after("so said i. then i left", None, Mending::default()),
            "so said I. then I left"
        );
        assert_eq!(said_after("ti", None, Mending::default()), "ti");
    }

    #[test]
    fn the_last_words_of_a_lead_typed_anyway_are_not_repeated() {
        let lead = "You matter to me because";
        assert_eq!(without_lead("because you care", lead), Some(" you care"));
        assert_eq!(
            without_lead("to me because you care", lead),
            Some(" you care")
        );
        assert_eq!(without_lead("becauseless", lead), None);
        assert_eq!(without_lead("you care", lead), None);
        let lead = "Next time, could you";
        assert_eq!(without_lead("could you ask me", lead), Some(" ask me"));
        assert_eq!(without_lead("time, could you ask", lead), Some(" ask"));
        assert_eq!(without_lead("ask me", lead), None);
        assert_eq!(without_lead("felt hurt", "You felt"), Some(" hurt"));
        assert_eq!(without_lead("I'm sorry", "I"), None);
    }

    #[test]
    fn a_word_the_answer_begins_with_contracted_is_said_once() {
        assert_eq!(joined("I ", "i'm sorry I shouted"), "I'm sorry I shouted");
        assert_eq!(joined("I ", "I’ve been distant"), "I’ve been distant");
        assert_eq!(joined("I ", "shouted at you"), "I shouted at you");
        assert_eq!(
            joined("I ", "Instead of listening"),
            "I instead of listening"
        );
        assert_eq!(joined("you felt ", "hurt"), "you felt hurt");
        assert_eq!(joined("", "I'm here"), "I'm here");
        assert_eq!(joined("Next: ", "é'"), "Next: é'");
    }

    #[test]
    fn a_word_typed_without_its_apostrophe_is_said_with_it() {
        let apostrophes: Vec<String> = ["I'm", "don't", "can’t"].map(String::from).into();
        let mending = Mending {
            apostrophes: &apostrophes,
            ..Mending::default()
        };
        let said = |text| said_after(text, None, mending);
        assert_eq!(said("im sorry i yelled"), "I'm sorry I yelled");
        assert_eq!(said("Im so sorry"), "I'm so sorry");
        assert_eq!(said("IM sorry, Dont go"), "I'M sorry, Don't go");
        assert_eq!(said("I cant"), "I can’t");
        assert_eq!(said("don't, dont'"), "don't, dont'");
        assert_eq!(said("imagine, dontcha, him"), "imagine, dontcha, him");
        assert_eq!(said("ill"), "ill");
        let mut sentence = "I ".to_string();
        join(&mut sentence, &said("im sorry"), &[]);
        assert_eq!(sentence, "I'm sorry");
    }

    #[test]
    fn the_longest_lead_typed_is_the_one_left_out() {
        let leads = ["Next time, could you", "Next time you could", "Could u"];
        let said = |text| said_after(text, leads, Mending::default());
        assert_eq!(said("you could ask me"), "ask me");
        assert_eq!(said("could u ask me"), "ask me");
        assert_eq!(said("could you ask me"), "ask me");
        assert_eq!(said("you ask me"), "ask me");
    }

    #[test]
    fn the_words_said_lose_the_lead_the_quotes_and_the_closing_mark() {
        let lead = Some("Next time, could you ");
        assert_eq!(
            said_after("Next time, could you ask me?", lead, Mending::default()),
            "ask me"
        );
        assert_eq!(
            said_after("“ask me first.”", lead, Mending::default()),
            "ask me first"
        );
        assert_eq!(
            said_after("ask me first", None, Mending::default()),
            "ask me first"
        );
    }

    /// Words an answer goes on with after an aside, as the shipped guide has some of them.
    fn after_aside() -> Vec<String> {
        ["I", "you"].map(String::from).into()
    }

    fn with_asides(after_aside: &[String]) -> Mending<'_> {
        Mending {
            after_aside,
            ..Mending::default()
        }
    }

    #[test]
    fn an_aside_before_the_lead_is_left_out_and_a_list_is_kept() {
        let after_aside = after_aside();
        let mending = with_asides(&after_aside);
        let said = |text, lead| said_after(text, Some(lead), mending);
        assert_eq!(said("Sam, you felt hurt", "You felt"), "hurt");
        assert_eq!(said("Sam, felt hurt", "You felt"), "hurt");
        assert_eq!(said("“Sam, I walked away", "I"), "walked away");
        assert_eq!(said("Sam, I'm sorry I left", "I"), "I'm sorry I left");
        assert_eq!(said("to be honest, I shouted", "I"), "shouted");
        assert_eq!(
            said("Babe, you are my person", "You matter to me because"),
            "you are my person"
        );
        // Not asides: a list, more words than an aside has, a number.
        assert_eq!(
            said("Hurt, ignored, alone", "You felt"),
            "Hurt, ignored, alone"
        );
        assert_eq!(
            said("when we were at dinner, I left", "I"),
            "when we were at dinner, I left"
        );
        assert_eq!(said("Sam 2, I left", "I"), "Sam 2, I left");
        assert_eq!(said("Sam, Instead of", "I"), "Sam, Instead of");
        // A guide without `after_aside` still knows the lead.
        assert_eq!(
            said_after("Sam, you are kind", Some("because"), Mending::default()),
            "Sam, you are kind"
        );
    }

    #[test]
    fn a_name_written_keeps_its_capital_at_the_start_of_an_answer() {
        let after_aside = after_aside();
        let mending = with_asides(&after_aside);
        let names = names(
            [
                ("Sam, I'm sorry", vec!["I"]),
                ("I told Jo. Then I left", vec!["I"]),
                ("They felt Hurt, ignored", vec!["They felt"]),
                ("Sorry, OK McKenzie", vec![]),
            ],
            mending,
        );
        assert_eq!(names.written, ["Jo", "Sam"]);
        assert_eq!(names.spoken_to, ["Sam"]);
        let mut sentence = "because ".to_string();
        join(&mut sentence, "Sam is my closest friend", &names.written);
        assert_eq!(sentence, "because Sam is my closest friend");
        let mut sentence = "because ".to_string();
        join(&mut sentence, "Then I knew", &names.written);
        assert_eq!(sentence, "because then I knew");
    }

    #[test]
    fn words_that_speak_of_them_are_said_to_them() {
        let map: BTreeMap<String, String> = [("she is", "you are"), ("she's", "you're")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into();
        let none: &[String] = &[];
        assert_eq!(to_them("She is my person", &map, none), "you are my person");
        assert_eq!(to_them("she's kind", &map, none), "you're kind");
        assert_eq!(to_them("she isn't here", &map, none), "she isn't here");
        assert_eq!(to_them("shes kind", &map, none), "shes kind");
        assert_eq!(to_them("you are kind", &map, none), "you are kind");
    }

    #[test]
    fn a_sentence_before_a_comma_is_no_aside() {
        let after_aside = after_aside();
        let said = |text: &str, lead: &str| said_after(text, Some(lead), with_asides(&after_aside));
        assert_eq!(said("I was wrong, I know", "I"), "was wrong, I know");
        assert_eq!(
            said("you were tired, I know", "I"),
            "you were tired, I know"
        );
        assert_eq!(said("Sam, I was wrong", "I"), "was wrong");
        assert_eq!(said("to be honest, I was wrong", "I"), "was wrong");
    }

    #[test]
    fn an_answer_typed_in_capitals_is_not_shouted_back() {
        let said = |text: &str| said_after(text, Some("I"), Mending::default());
        assert_eq!(said("I YELLED AT YOU!!"), "yelled at you");
        assert_eq!(said("I WAS WRONG, I KNOW"), "was wrong, I know");
        assert_eq!(said("yelled at you, OK"), "yelled at you, OK");
        assert_eq!(said("ADHD"), "ADHD");
    }

    #[test]
    fn sentences_inside_a_sentence_are_joined_as_one_clause() {
        let names = ["Sam".to_string()];
        assert_eq!(as_one_clause("Hurt. Alone.", &names), "Hurt, alone");
        assert_eq!(
            as_one_clause("hurt!! Ignored? Small", &names),
            "hurt, ignored, small"
        );
        assert_eq!(
            as_one_clause("Hurt. I wasn't there. Sam saw it", &names),
            "Hurt, I wasn't there, Sam saw it"
        );
        assert_eq!(as_one_clause("hurt...", &names), "hurt");
        assert_eq!(as_one_clause("a 3.5 out of 10", &names), "a 3.5 out of 10");
        assert_eq!(as_one_clause("", &names), "");
    }

    #[test]
    fn a_name_spoken_to_is_said_to_them_as_you() {
        let map: BTreeMap<String, String> = [("{name} is", "you are"), ("she is", "you are")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into();
        let spoken_to = ["Jo".to_string(), "Sam".to_string()];
        assert_eq!(
            to_them("Sam is my closest friend", &map, &spoken_to),
            "you are my closest friend"
        );
        assert_eq!(to_them("sam is kind", &map, &spoken_to), "you are kind");
        // Only a name they spoke to: another is someone else.
        assert_eq!(
            to_them("Mia is why I stay", &map, &spoken_to),
            "Mia is why I stay"
        );
        assert_eq!(
            to_them("Samuel is here", &map, &spoken_to),
            "Samuel is here"
        );
        assert_eq!(
            to_them("Sam isn't here", &map, &spoken_to),
            "Sam isn't here"
        );
        // With no name spoken to, a key with `{name}` matches nothing, not the braces.
        assert_eq!(to_them("{name} is x", &map, &[]), "{name} is x");
    }
}
