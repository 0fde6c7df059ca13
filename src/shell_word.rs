//! A word (a path, a note's name) written into a command the person may copy and run.

/// `word` as one shell word: quoted unless it is plainly safe.
pub fn quoted(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-~+=:,@".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn only_a_word_that_needs_it_is_quoted() {
        assert_eq!(quoted("/home/sam/Notes"), "/home/sam/Notes");
        assert_eq!(quoted("Holding Discomfort"), "'Holding Discomfort'");
        assert_eq!(quoted("Sam's notes"), r"'Sam'\''s notes'");
        assert_eq!(quoted(""), "''");
    }
}
