//! An answer as it reads inside a sentence of the coach's: a question that gives the start of
//! the answer ("You felt …") puts those words in the sentence, so typed anyway they are not
//! said twice ("It sounds like you felt You felt hurt").

/// The words of `text` to put after `lead` in a sentence: without the lead where the person
/// typed it too, and without the quotes and closing punctuation the sentence gives itself.
pub fn said_after(text: &str, lead: Option<&str>) -> String {
    let text = text.trim();
    let text = lead
        .and_then(|lead| without_lead(text, lead))
        .unwrap_or(text);
    text.trim_start_matches(['“', '"', ' '])
        .trim_end_matches(['.', '!', '?', '”', '"', '…', ' '])
        .trim()
        .to_string()
}

/// `text` after `lead`, where it begins with it (any case, as whole words).
fn without_lead<'t>(text: &'t str, lead: &str) -> Option<&'t str> {
    let text = text.trim_start_matches(['“', '"']);
    let lead = lead.trim();
    let head = text.get(..lead.len())?;
    let rest = &text[lead.len()..];
    // "I" leads "I shouted", not "I'm" or "Instead".
    let word_goes_on = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    (head.to_lowercase() == lead.to_lowercase() && !rest.starts_with(word_goes_on)).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_typed_anyway_is_not_repeated() {
        assert_eq!(without_lead("You felt hurt", "You felt"), Some(" hurt"));
        assert_eq!(without_lead("“you FELT alone", "You felt"), Some(" alone"));
        assert_eq!(without_lead("You feltered", "You felt"), None);
        assert_eq!(without_lead("hurt", "You felt"), None);
        assert_eq!(without_lead("é", "You felt"), None);
    }

    #[test]
    fn the_words_said_lose_the_lead_the_quotes_and_the_closing_mark() {
        let lead = Some("Next time, could you ");
        assert_eq!(said_after("Next time, could you ask me?", lead), "ask me");
        assert_eq!(said_after("“ask me first.”", lead), "ask me first");
        assert_eq!(said_after("ask me first", None), "ask me first");
    }
}
