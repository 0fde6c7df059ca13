//! The line being typed at a terminal prompt, with its cursor: the keys of a shell's line editor
//! (arrows, Home and End, Backspace and Delete, Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-K, and Ctrl-D, which
//! deletes as Delete does; on an empty line the prompter takes it as the end), so that a typo in
//! the middle of a long answer is mended where it is, not by typing the end again. No I/O: the
//! terminal prompter feeds it keys and draws what it holds.
use super::MAX_ANSWER_CHARS;
use console::Key;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineEdit {
    chars: Vec<char>,
    /// Where the next character goes, in characters from the start.
    cursor: usize,
}

/// What a key did to the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The text or the cursor changed: draw it again.
    Changed,
    /// Nothing to do (a key this editor does not use, or a move past either end).
    Unchanged,
}

impl LineEdit {
    /// A line already holding `text` (as typed: no control characters), the cursor at its end.
    pub fn begun(text: &str) -> LineEdit {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        LineEdit {
            cursor: chars.len(),
            chars,
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    /// The text before the cursor.
    pub fn before_cursor(&self) -> String {
        self.chars[..self.cursor].iter().collect()
    }

    pub fn is_at_end(&self) -> bool {
        self.cursor == self.chars.len()
    }

    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
    }

    /// Applies one key (Enter and Esc are the prompter's, not the line's).
    pub fn key(&mut self, key: &Key) -> Edit {
        let before = (self.chars.len(), self.cursor);
        match key {
            Key::ArrowLeft => self.cursor = self.cursor.saturating_sub(1),
            Key::ArrowRight => self.cursor = (self.cursor + 1).min(self.chars.len()),
            Key::Home | Key::Char('\u{1}') => self.cursor = 0,
            Key::End | Key::Char('\u{5}') => self.cursor = self.chars.len(),
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Key::Del | Key::Char('\u{4}') if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            // Ctrl-U: everything before the cursor; Ctrl-K: everything after it.
            Key::Char('\u{15}') => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            Key::Char('\u{b}') => self.chars.truncate(self.cursor),
            // Past the longest answer taken, a letter more is not taken (as a form's field would).
            Key::Char(c) if !c.is_control() && self.chars.len() < MAX_ANSWER_CHARS => {
                self.chars.insert(self.cursor, *c);
                self.cursor += 1;
            }
            _ => {}
        }
        if (self.chars.len(), self.cursor) == before {
            Edit::Unchanged
        } else {
            Edit::Changed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Key]) -> LineEdit {
        let mut line = LineEdit::default();
        for key in keys {
            line.key(key);
        }
        line
    }

    fn chars(text: &str) -> Vec<Key> {
        text.chars().map(Key::Char).collect()
    }

    #[test]
    fn a_line_takes_no_letter_past_the_longest_answer() {
        let mut line = LineEdit::begun(&"a".repeat(MAX_ANSWER_CHARS - 1));
        assert_eq!(line.key(&Key::Char('b')), Edit::Changed);
        assert_eq!(line.key(&Key::Char('c')), Edit::Unchanged);
        assert_eq!(line.key(&Key::Home), Edit::Changed);
        assert_eq!(line.key(&Key::Char('d')), Edit::Unchanged);
        assert!(line.text().ends_with("ab"));
        assert_eq!(line.key(&Key::Del), Edit::Changed);
        assert_eq!(line.key(&Key::Char('d')), Edit::Changed);
        assert!(line.text().starts_with('d'));
    }

    #[test]
    fn a_begun_line_holds_its_text_as_typed_with_the_cursor_at_the_end() {
        let mut line = LineEdit::begun("I was\x1b[2J tired");
        assert_eq!(line.text(), "I was[2J tired");
        assert!(line.is_at_end());
        line.key(&Key::Char('.'));
        assert_eq!(line.text(), "I was[2J tired.");
    }

    #[test]
    fn a_letter_left_out_is_put_in_where_it_belongs() {
        let mut keys = chars("helo");
        keys.push(Key::ArrowLeft);
        keys.push(Key::Char('l'));
        let line = typed(&keys);
        assert_eq!(line.text(), "hello");
        assert_eq!(line.before_cursor(), "hell");
        assert!(!line.is_at_end());
    }

    #[test]
    fn backspace_and_delete_take_the_character_before_and_under_the_cursor() {
        let mut keys = chars("abcd");
        keys.extend([Key::ArrowLeft, Key::ArrowLeft, Key::Backspace]);
        assert_eq!(typed(&keys).text(), "acd");
        keys.push(Key::Del);
        let line = typed(&keys);
        assert_eq!(line.text(), "ad");
        assert_eq!(line.before_cursor(), "a");
        keys.push(Key::Char('\u{4}')); // Ctrl-D, as in a shell
        assert_eq!(typed(&keys).text(), "a");
        keys.push(Key::Char('\u{4}')); // at the end: nothing to delete
        assert_eq!(typed(&keys).text(), "a");
    }

    #[test]
    fn home_end_and_the_control_keys_move_and_cut_like_a_shell() {
        let mut keys = chars("world");
        keys.push(Key::Home);
        keys.extend(chars("hello "));
        assert_eq!(typed(&keys).text(), "hello world");
        keys.push(Key::Char('\u{b}')); // Ctrl-K: the rest of the line
        assert_eq!(typed(&keys).text(), "hello ");
        keys.push(Key::Char('\u{1}')); // Ctrl-A
        keys.push(Key::Char('\u{5}')); // Ctrl-E
        keys.extend(chars("there"));
        assert_eq!(typed(&keys).text(), "hello there");
        keys.extend(std::iter::repeat_n(Key::ArrowLeft, 5));
        keys.push(Key::Char('\u{15}')); // Ctrl-U: what is before the cursor
        let line = typed(&keys);
        assert_eq!(line.text(), "there");
        assert_eq!(line.before_cursor(), "");
        keys.push(Key::End);
        assert!(typed(&keys).is_at_end());
    }

    #[test]
    fn moves_past_either_end_and_other_keys_change_nothing() {
        let mut line = typed(&chars("ab"));
        assert_eq!(line.key(&Key::ArrowRight), Edit::Unchanged);
        assert_eq!(line.key(&Key::Del), Edit::Unchanged);
        assert_eq!(line.key(&Key::ArrowUp), Edit::Unchanged);
        assert_eq!(line.key(&Key::Char('\u{7}')), Edit::Unchanged);
        line.key(&Key::Home);
        assert_eq!(line.key(&Key::ArrowLeft), Edit::Unchanged);
        assert_eq!(line.key(&Key::Backspace), Edit::Unchanged);
        assert_eq!(line.text(), "ab");
        assert_eq!(line.key(&Key::Char('é')), Edit::Changed);
        assert_eq!(line.text(), "éab");
    }
}
