//! A prompter that answers from a script given in advance, for tests of the whole flow.
//!
//! It keeps a transcript of everything shown and asked, so a test can assert what the person
//! saw. A script that runs out behaves like end of input (`Paused`); a reply of the wrong kind
//! is an `Io` error naming both the reply and the prompt, so a test fails clearly instead of
//! panicking.
use super::{Breathing, Choice, Message, PromptError, Prompter, Reply};
use crate::coach::Interruption;
use crate::coach::break_timer::{BreakTimer, Clock, Ending};
use std::collections::VecDeque;

/// One answer the script gives, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptedReply {
    /// Picks the option whose key, or else whose label, equals this (case-insensitive).
    Choose(String),
    Text(String),
    Scale(u8),
    /// Lets a breathing exercise finish.
    BreatheDone,
    /// Stops a breathing exercise before its end.
    BreatheStoppedEarly,
    /// The person stops for now, as with end of input: `PromptError::Paused`.
    Stop,
    /// Ctrl-C: `PromptError::Interrupted`.
    Interrupt,
}

impl ScriptedReply {
    pub fn choose(key_or_label: impl Into<String>) -> Self {
        ScriptedReply::Choose(key_or_label.into())
    }

    pub fn text(text: impl Into<String>) -> Self {
        ScriptedReply::Text(text.into())
    }
}

/// One thing the person saw: a passage shown, or a prompt asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    Shown(Message),
    Choice {
        question: String,
        labels: Vec<String>,
    },
    Text {
        question: String,
        skippable: bool,
    },
    Scale {
        question: String,
        low: String,
        high: String,
    },
    Breathe(Breathing),
    /// The next line began with this text: a draft, or an answer to mend.
    Begun(String),
}

impl Seen {
    /// The question asked, for a prompt; `None` for a passage shown or a breathing exercise.
    pub fn question(&self) -> Option<&str> {
        match self {
            Seen::Choice { question, .. }
            | Seen::Text { question, .. }
            | Seen::Scale { question, .. } => Some(question),
            Seen::Shown(_) | Seen::Breathe(_) | Seen::Begun(_) => None,
        }
    }

    /// Every piece of text the person saw in this item, one per line.
    fn lines(&self) -> Vec<&str> {
        match self {
            Seen::Shown(Message::Heading(text)) | Seen::Shown(Message::Markdown(text)) => {
                vec![text]
            }
            Seen::Shown(Message::Mistakes { title, items }) => std::iter::once(title.as_str())
                .chain(items.iter().map(String::as_str))
                .collect(),
            Seen::Shown(Message::Flag { title, body }) => vec![title, body],
            Seen::Choice { question, labels } => std::iter::once(question.as_str())
                .chain(labels.iter().map(String::as_str))
                .collect(),
            Seen::Text { question, .. } => vec![question],
            Seen::Scale {
                question,
                low,
                high,
            } => vec![question, low, high],
            Seen::Breathe(b) => vec![&b.at_your_pace, &b.inhale_label, &b.exhale_label],
            Seen::Begun(draft) => vec![draft],
        }
    }
}

/// Answers prompts from a script and records what was shown and asked.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    script: VecDeque<ScriptedReply>,
    transcript: Vec<Seen>,
    /// What the next line begins with.
    begun: Option<String>,
}

impl ScriptedPrompter {
    pub fn new(script: impl IntoIterator<Item = ScriptedReply>) -> Self {
        ScriptedPrompter {
            script: script.into_iter().collect(),
            transcript: Vec::new(),
            begun: None,
        }
    }

    /// Everything shown and asked so far, in order.
    pub fn transcript(&self) -> &[Seen] {
        &self.transcript
    }

    /// The questions asked so far, in order.
    pub fn questions(&self) -> Vec<&str> {
        self.transcript.iter().filter_map(Seen::question).collect()
    }

    /// All the text the person saw, one piece per line, for `contains` assertions.
    pub fn seen_text(&self) -> String {
        let mut out = String::new();
        for line in self.transcript.iter().flat_map(Seen::lines) {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// Replies not yet used; a test of a complete flow expects none.
    pub fn remaining(&self) -> &VecDeque<ScriptedReply> {
        &self.script
    }

    /// Records `seen`, then takes the next reply; stop and interrupt become their errors.
    fn ask(&mut self, seen: Seen) -> Reply<ScriptedReply> {
        self.transcript.push(seen);
        match self.script.pop_front() {
            None | Some(ScriptedReply::Stop) => Err(PromptError::Paused),
            Some(ScriptedReply::Interrupt) => Err(PromptError::Interrupted(Interruption::Signal)),
            Some(reply) => Ok(reply),
        }
    }

    fn wrong_kind(&self, reply: &ScriptedReply) -> PromptError {
        let asked = self
            .transcript
            .last()
            .map(|seen| format!("{seen:?}"))
            .unwrap_or_default();
        PromptError::Io(std::io::Error::other(format!(
            "scripted reply {reply:?} does not fit the prompt {asked}"
        )))
    }
}

impl Prompter for ScriptedPrompter {
    fn show(&mut self, message: &Message) -> Reply<()> {
        self.transcript.push(Seen::Shown(message.clone()));
        Ok(())
    }

    fn choose(&mut self, question: &str, choices: &[Choice]) -> Reply<usize> {
        let reply = self.ask(Seen::Choice {
            question: question.to_owned(),
            labels: choices.iter().map(|c| c.label.clone()).collect(),
        })?;
        let ScriptedReply::Choose(wanted) = &reply else {
            return Err(self.wrong_kind(&reply));
        };
        choices
            .iter()
            .position(|c| c.key.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                choices
                    .iter()
                    .position(|c| c.label.to_lowercase() == wanted.to_lowercase())
            })
            .ok_or_else(|| self.wrong_kind(&reply))
    }

    fn text(&mut self, question: &str, skippable: bool) -> Reply<String> {
        if let Some(draft) = self.begun.take() {
            self.transcript.push(Seen::Begun(draft));
        }
        let reply = self.ask(Seen::Text {
            question: question.to_owned(),
            skippable,
        })?;
        match reply {
            ScriptedReply::Text(text) if skippable || !text.is_empty() => Ok(text),
            other => Err(self.wrong_kind(&other)),
        }
    }

    fn begin_next_line(&mut self, draft: &str) {
        self.begun = Some(draft.to_owned());
    }

    fn mend_next_line(&mut self, earlier: &str) {
        self.begun.get_or_insert_with(|| earlier.to_owned());
    }

    fn scale(&mut self, question: &str, low: &str, high: &str) -> Reply<u8> {
        match self.ask(Seen::Scale {
            question: question.to_owned(),
            low: low.to_owned(),
            high: high.to_owned(),
        })? {
            ScriptedReply::Scale(n) if n <= 10 => Ok(n),
            other => Err(self.wrong_kind(&other)),
        }
    }

    fn breathe(&mut self, breathing: &Breathing) -> Reply<bool> {
        match self.ask(Seen::Breathe(breathing.clone()))? {
            ScriptedReply::BreatheDone => Ok(true),
            ScriptedReply::BreatheStoppedEarly => Ok(false),
            other => Err(self.wrong_kind(&other)),
        }
    }

    /// The timer runs out at once (its clock is ignored), showing its start and end lines.
    fn wait_out(&mut self, timer: &mut BreakTimer, _clock: &dyn Clock) -> Reply<Ending> {
        self.show(&Message::Markdown(timer.start_line(false)))?;
        self.show(&Message::Markdown(timer.end_line(false).to_owned()))?;
        Ok(Ending::TimeUp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Vec<Choice> {
        [("hurt", "I hurt someone"), ("unseen", "I felt unseen")]
            .into_iter()
            .map(|(key, label)| Choice {
                key: key.into(),
                label: label.into(),
            })
            .collect()
    }

    fn breathing() -> Breathing {
        Breathing {
            inhale_label: "Breathe in".into(),
            exhale_label: "Breathe out".into(),
            inhale_secs: 4,
            exhale_secs: 6,
            cycles: 4,
            count_start: "Follow the count.".into(),
            count_done: "4 rounds, done. Press any key.".into(),
            done: "4 rounds, done.".into(),
            at_your_pace: "In for 4, out for 6, 4 times.".into(),
            go_on: "Press Enter when you have finished.".into(),
        }
    }

    #[test]
    fn answers_each_kind_in_order_and_records_what_was_seen() {
        let mut p = ScriptedPrompter::new([
            ScriptedReply::choose("unseen"),
            ScriptedReply::choose("i hurt SOMEONE"),
            ScriptedReply::text("I was tired"),
            ScriptedReply::Scale(7),
            ScriptedReply::BreatheDone,
            ScriptedReply::BreatheStoppedEarly,
        ]);
        p.show(&Message::Heading("Regulate yourself first".into()))
            .unwrap();
        assert_eq!(p.choose("Which side?", &choices()).unwrap(), 1);
        assert_eq!(p.choose("Again?", &choices()).unwrap(), 0);
        assert_eq!(p.text("What happened?", false).unwrap(), "I was tired");
        assert_eq!(p.scale("How activated?", "calm", "flooded").unwrap(), 7);
        assert!(p.breathe(&breathing()).unwrap(), "finished");
        assert!(!p.breathe(&breathing()).unwrap(), "stopped early");

        assert_eq!(
            p.questions(),
            ["Which side?", "Again?", "What happened?", "How activated?"]
        );
        assert_eq!(
            p.transcript()[0],
            Seen::Shown(Message::Heading("Regulate yourself first".into()))
        );
        let seen = p.seen_text();
        assert!(seen.contains("I felt unseen\n"), "{seen}");
        assert!(seen.contains("flooded\n"), "{seen}");
        assert!(p.remaining().is_empty());
    }

    #[test]
    fn an_exhausted_script_or_stop_pauses_and_interrupt_interrupts() {
        let mut p = ScriptedPrompter::new([ScriptedReply::Stop, ScriptedReply::Interrupt]);
        assert!(matches!(p.text("One", true), Err(PromptError::Paused)));
        assert!(matches!(
            p.text("Two", true),
            Err(PromptError::Interrupted(Interruption::Signal))
        ));
        assert!(matches!(p.scale("Three", "", ""), Err(PromptError::Paused)));
        // The prompts were still asked, so the transcript shows where the flow stopped.
        assert_eq!(p.questions(), ["One", "Two", "Three"]);
    }

    #[test]
    fn a_reply_of_the_wrong_kind_is_an_error_naming_both() {
        let mut p = ScriptedPrompter::new([ScriptedReply::text("hello")]);
        let Err(PromptError::Io(e)) = p.scale("Save now?", "", "") else {
            panic!("expected an Io error");
        };
        let message = e.to_string();
        assert!(message.contains("Text(\"hello\")"), "{message}");
        assert!(message.contains("Save now?"), "{message}");
    }

    #[test]
    fn an_unknown_option_an_out_of_range_scale_or_an_empty_required_text_is_an_error() {
        let mut p = ScriptedPrompter::new([
            ScriptedReply::choose("neither"),
            ScriptedReply::Scale(11),
            ScriptedReply::text(""),
            ScriptedReply::text(""),
        ]);
        let Err(PromptError::Io(e)) = p.choose("Which side?", &choices()) else {
            panic!("expected an Io error");
        };
        assert!(e.to_string().contains("neither"), "{e}");
        assert!(e.to_string().contains("I felt unseen"), "{e}");
        assert!(matches!(p.scale("How?", "", ""), Err(PromptError::Io(_))));
        assert!(matches!(p.text("Required", false), Err(PromptError::Io(_))));
        assert_eq!(p.text("Optional", true).unwrap(), "");
    }
}
