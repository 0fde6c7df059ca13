//! An answer as it reads inside a sentence of the coach's: a question that gives the start of
//! the answer ("You felt …") puts those words in the sentence, so typed anyway they are not
//! said twice ("It sounds like you felt You felt hurt").

/// The words of `text` to put after a lead in a sentence: without the longest of `leads` (the
/// question's lead, then the beginnings that stand for it) the person typed too, and without
/// the quotes and closing punctuation the sentence gives itself; a word of `apostrophes` typed
/// without its apostrophe ("im") is said with it ("I'm").
pub fn said_after<'l>(
    text: &str,
    leads: impl IntoIterator<Item = &'l str>,
    apostrophes: &[String],
) -> String {
    let text = with_apostrophes(text.trim(), apostrophes);
    // The longest: "you could ask me" is after "you could", not after the lead's last word "you".
    let text = leads
        .into_iter()
        .filter_map(|lead| without_lead(&text, lead))
        .min_by_key(|rest| rest.len())
        .unwrap_or(text.as_str());
    capital_i(
        text.trim_start_matches(['“', '"', ' ', ','])
            .trim_end_matches(['.', '!', '?', '”', '"', '…', ' '])
            .trim(),
    )
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
pub fn join(sentence: &mut String, words: &str) {
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
        None => sentence.push_str(&mid_sentence(words)),
    }
}

/// `words` as they read inside a sentence: a first word capitalised only as the start of the
/// answer ("Hurt and alone") is written small. "I", a word in capitals ("OK") and one with a
/// capital further in ("McKenzie") are left as they are.
pub fn mid_sentence(words: &str) -> String {
    let first: &str = words
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let mut letters = first.chars();
    let capitalised_only = letters.next().is_some_and(char::is_uppercase)
        && first.chars().count() > 1
        && letters.all(char::is_lowercase);
    if !capitalised_only {
        return words.to_string();
    }
    let mut chars = words.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `sentence` with `words` joined on.
    fn joined(sentence: &str, words: &str) -> String {
        let mut sentence = sentence.to_string();
        join(&mut sentence, words);
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
        assert_eq!(said_after("i love you", None, &[]), "I love you");
        assert_eq!(
            said_after("i'm here and i’ll stay", None, &[]),
            "I'm here and I’ll stay"
        );
        assert_eq!(
            said_after("it is in me, i think", None, &[]),
            "it is in me, I think"
        );
        assert_eq!(said_after("i.e. later", None, &[]), "i.e. later");
        assert_eq!(
            said_after("so said i. then i left", None, &[]),
            "so said I. then I left"
        );
        assert_eq!(said_after("ti", None, &[]), "ti");
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
        let said = |text| said_after(text, None, &apostrophes);
        assert_eq!(said("im sorry i yelled"), "I'm sorry I yelled");
        assert_eq!(said("Im so sorry"), "I'm so sorry");
        assert_eq!(said("IM sorry, Dont go"), "I'M sorry, Don't go");
        assert_eq!(said("I cant"), "I can’t");
        assert_eq!(said("don't, dont'"), "don't, dont'");
        assert_eq!(said("imagine, dontcha, him"), "imagine, dontcha, him");
        assert_eq!(said("ill"), "ill");
        let mut sentence = "I ".to_string();
        join(&mut sentence, &said("im sorry"));
        assert_eq!(sentence, "I'm sorry");
    }

    #[test]
    fn the_longest_lead_typed_is_the_one_left_out() {
        let leads = ["Next time, could you", "Next time you could", "Could u"];
        let said = |text| said_after(text, leads, &[]);
        assert_eq!(said("you could ask me"), "ask me");
        assert_eq!(said("could u ask me"), "ask me");
        assert_eq!(said("could you ask me"), "ask me");
        assert_eq!(said("you ask me"), "ask me");
    }

    #[test]
    fn the_words_said_lose_the_lead_the_quotes_and_the_closing_mark() {
        let lead = Some("Next time, could you ");
        assert_eq!(
            said_after("Next time, could you ask me?", lead, &[]),
            "ask me"
        );
        assert_eq!(said_after("“ask me first.”", lead, &[]), "ask me first");
        assert_eq!(said_after("ask me first", None, &[]), "ask me first");
    }
}
