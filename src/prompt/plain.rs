//! Line-based prompts for screen readers, pipes, `TERM=dumb` and `--plain`: no colour, no cursor
//! movement, no escape sequences at all. Every question is a line of text followed by a line
//! saying in words what to type; every answer is a line of input. End of input at any prompt
//! pauses the session; a wrong answer gets one gentle line and the prompt waits again.
//! Every word comes from the guide ([`PromptWords`]) or from the coach.
use super::{Breathing, Choice, Message, PromptError, Prompter, Reply};
use crate::model::PromptWords;
use crate::model::guide;
use crate::render::{self, Style};
use std::io::{self, BufRead, IsTerminal, Write};

pub struct PlainPrompter<R: BufRead, W: Write> {
    input: R,
    output: W,
    style: Style,
    words: PromptWords,
}

impl PlainPrompter<io::StdinLock<'static>, io::Stdout> {
    /// Reads stdin and writes stdout: wrapped to the width of a terminal, and not wrapped at
    /// all for a pipe or a file, where a screen reader would pause at every line break.
    pub fn stdio(words: PromptWords) -> Self {
        let width = if io::stdout().is_terminal() {
            Style::for_stdout(true).width
        } else {
            render::UNWRAPPED
        };
        PlainPrompter::new(io::stdin().lock(), io::stdout(), width, words)
    }
}

impl<R: BufRead, W: Write> PlainPrompter<R, W> {
    /// `width`: where to wrap, or [`render::UNWRAPPED`].
    pub fn new(input: R, output: W, width: usize, words: PromptWords) -> Self {
        PlainPrompter {
            input,
            output,
            style: Style {
                color: false,
                width,
            },
            words,
        }
    }

    fn say(&mut self, text: &str) -> Reply<()> {
        self.output.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            self.output.write_all(b"\n")?;
        }
        Ok(())
    }

    /// One line of input without its line ending; end of input pauses.
    fn read_line(&mut self) -> Reply<String> {
        self.output.flush()?;
        let mut bytes = Vec::new();
        if self.input.read_until(b'\n', &mut bytes)? == 0 {
            return Err(PromptError::Paused);
        }
        let line = String::from_utf8_lossy(&bytes);
        Ok(line.trim_end_matches(['\n', '\r']).to_owned())
    }

    /// Reads lines until `parse` accepts one; its error is the gentle line said before waiting
    /// again.
    fn answer<T>(&mut self, parse: impl Fn(&str) -> Result<T, String>) -> Reply<T> {
        loop {
            let line = self.read_line()?;
            match parse(&line) {
                Ok(value) => return Ok(value),
                Err(gentle) => self.say(&gentle)?,
            }
        }
    }

    fn question(&mut self, question: &str) -> Reply<()> {
        let text = render::wrapped(question, self.style, "", "");
        self.say(&format!("\n{text}"))
    }

    /// The line that says what to type.
    fn how_to_answer(&mut self, words: &str) -> Reply<()> {
        let text = render::wrapped(words, self.style, "", "");
        self.say(&text)
    }
}

/// The option `answer` names: its number, its key, its label, or the start of the key or label of
/// exactly one option.
fn pick(answer: &str, choices: &[Choice]) -> Option<usize> {
    let answer = answer.trim().to_lowercase();
    if answer.is_empty() {
        return None;
    }
    if let Ok(n) = answer.parse::<usize>() {
        return (1..=choices.len()).contains(&n).then(|| n - 1);
    }
    let exact = choices
        .iter()
        .position(|c| c.key.to_lowercase() == answer || c.label.to_lowercase() == answer);
    exact.or_else(|| {
        let mut starting = choices.iter().enumerate().filter(|(_, c)| {
            c.label.to_lowercase().starts_with(&answer) || c.key.to_lowercase().starts_with(&answer)
        });
        match (starting.next(), starting.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    })
}

impl<R: BufRead, W: Write> Prompter for PlainPrompter<R, W> {
    fn show(&mut self, message: &Message) -> Reply<()> {
        let text = super::draw(message, self.style);
        self.say(&format!("\n{text}"))
    }

    fn choose(&mut self, question: &str, choices: &[Choice]) -> Reply<usize> {
        if choices.is_empty() {
            // Asking would wait for an answer that cannot exist.
            return Err(PromptError::Io(io::Error::other(format!(
                "a choice with no options: {question}"
            ))));
        }
        self.question(question)?;
        for (n, choice) in choices.iter().enumerate() {
            let first = format!("  {}. ", n + 1);
            let rest = " ".repeat(first.len());
            let line = render::wrapped(&choice.label, self.style, &first, &rest);
            self.say(&line)?;
        }
        let how = self.words.choose.clone();
        self.how_to_answer(&how)?;
        let count = choices.len().to_string();
        let again = guide::fill(&self.words.choose_again, &[("count", &count)]);
        let again = render::wrapped(&again, self.style, "", "");
        self.answer(|line| pick(line, choices).ok_or_else(|| again.clone()))
    }

    fn text(&mut self, question: &str, skippable: bool) -> Reply<String> {
        self.question(question)?;
        let how = if skippable {
            self.words.text_skippable.clone()
        } else {
            self.words.text.clone()
        };
        self.how_to_answer(&how)?;
        let again = render::wrapped(&self.words.text_again, self.style, "", "");
        self.answer(|line| {
            if !line.trim().is_empty() {
                Ok(line.to_owned())
            } else if skippable {
                Ok(String::new())
            } else {
                Err(again.clone())
            }
        })
    }

    fn scale(&mut self, question: &str, low: &str, high: &str) -> Reply<u8> {
        self.question(question)?;
        let how = guide::fill(&self.words.scale, &[("low", low), ("high", high)]);
        self.how_to_answer(&how)?;
        let again = render::wrapped(&self.words.scale_again, self.style, "", "");
        self.answer(|line| match line.trim().parse::<u8>() {
            Ok(n) if n <= 10 => Ok(n),
            _ => Err(again.clone()),
        })
    }

    /// Nothing moves on screen here: the pattern in words, to follow at one's own pace, and
    /// Enter when done. Pressing Enter is their word that they finished.
    fn breathe(&mut self, breathing: &Breathing) -> Reply<bool> {
        self.question(&breathing.at_your_pace)?;
        self.how_to_answer(&breathing.go_on)?;
        self.read_line().map(|_| true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Vec<Choice> {
        [
            ("hurt", "I hurt someone and want to repair"),
            ("unseen", "I felt unseen or uncared for"),
            ("both", "Both"),
        ]
        .into_iter()
        .map(|(key, label)| Choice {
            key: key.into(),
            label: label.into(),
        })
        .collect()
    }

    #[test]
    fn an_option_is_picked_by_number_key_label_or_unambiguous_prefix() {
        let c = choices();
        assert_eq!(pick("2", &c), Some(1));
        assert_eq!(pick(" BOTH ", &c), Some(2));
        assert_eq!(pick("unseen", &c), Some(1));
        assert_eq!(pick("i felt unseen or uncared for", &c), Some(1));
        assert_eq!(pick("I h", &c), Some(0));
        assert_eq!(pick("uns", &c), Some(1), "the start of a key");
        assert_eq!(pick("I", &c), None, "ambiguous");
        assert_eq!(pick("4", &c), None);
        assert_eq!(pick("0", &c), None);
        assert_eq!(pick("", &c), None);
    }
}
