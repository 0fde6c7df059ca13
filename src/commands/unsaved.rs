//! Answers a save could not write, said back in the guide's words so that the person can copy
//! them, with why and what happens next.
use crate::model::guide::fill;
use crate::model::{AnswerValue, Answered, UnsavedWords};
use crate::render;
use std::io::ErrorKind;
use std::path::PathBuf;

#[derive(Debug)]
pub(super) struct Unsaved {
    /// The words to hand back, newest last: mid-session only the answer just given (the ones
    /// before it were said back when their own save failed), at the end every one not saved.
    answers: Vec<String>,
    cause: Cause,
    will_retry: bool,
    /// The file that keeps what was saved before, if there is one.
    saved_in: Option<PathBuf>,
    words: UnsavedWords,
}

/// What went wrong: the causes a person can do something about have words of their own.
#[derive(Debug, PartialEq, Eq)]
enum Cause {
    DiskFull,
    Quota,
    TooLarge,
    /// The error as the system put it.
    Other(String),
}

impl Cause {
    fn of(error: &anyhow::Error) -> Cause {
        // By kind, not errno: the temp-file crate wraps the OS error with its path.
        let kind = error
            .chain()
            .find_map(|cause| cause.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        match kind {
            Some(ErrorKind::StorageFull) => Cause::DiskFull,
            Some(ErrorKind::QuotaExceeded) => Cause::Quota,
            Some(ErrorKind::FileTooLarge) => Cause::TooLarge,
            _ => Cause::Other(format!("{error:#}")),
        }
    }

    fn said<'w>(&'w self, words: &'w UnsavedWords) -> &'w str {
        match self {
            Cause::DiskFull => &words.disk_full,
            Cause::Quota => &words.quota,
            Cause::TooLarge => &words.too_large,
            Cause::Other(error) => error,
        }
    }
}

impl Unsaved {
    /// `answers` are those to hand back; `will_retry` when the session goes on and saves them
    /// with its next answer.
    pub(super) fn new<'a>(
        answers: impl Iterator<Item = &'a Answered>,
        error: &anyhow::Error,
        will_retry: bool,
        saved_in: Option<PathBuf>,
        words: &UnsavedWords,
    ) -> Unsaved {
        Unsaved {
            answers: answers.filter_map(words_of).collect(),
            cause: Cause::of(error),
            will_retry,
            saved_in,
            words: words.clone(),
        }
    }

    /// Whether the questions go on after this error, its answers tried again at the next save.
    pub(super) fn will_retry(error: &anyhow::Error) -> bool {
        error
            .downcast_ref::<Unsaved>()
            .is_some_and(|unsaved| unsaved.will_retry)
    }
}

/// A save's result, with a failure the questions go on after (mid-way: the next save tries
/// again) said now and taken as done; any other failure is the caller's.
pub(super) fn said_if_going_on(saved: anyhow::Result<()>) -> anyhow::Result<()> {
    match saved {
        Err(error) if Unsaved::will_retry(&error) => {
            render::report_error(&error);
            Ok(())
        }
        saved => saved,
    }
}

impl std::fmt::Display for Unsaved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = &self.words;
        let why = self.cause.said(words);
        let count = self.answers.len().to_string();
        let lead = match self.answers.len() {
            0 => &words.progress,
            1 => &words.one,
            _ => &words.many,
        };
        write!(f, "{}", fill(lead, &[("why", why), ("count", &count)]))?;
        for answer in &self.answers {
            let indented: Vec<String> = answer.lines().map(|l| format!("    {l}")).collect();
            write!(f, "\n\n{}", indented.join("\n"))?;
        }
        let next = if self.will_retry {
            match self.cause {
                Cause::DiskFull | Cause::Quota => format!("{} {}", words.retry, words.free_space),
                Cause::TooLarge | Cause::Other(_) => words.retry.clone(),
            }
        } else {
            match &self.saved_in {
                Some(path) => fill(&words.kept_in, &[("path", &path.display().to_string())]),
                None => words.nothing_kept.clone(),
            }
        };
        write!(f, "\n\n{next}")
    }
}

impl std::error::Error for Unsaved {}

/// An answer as the person could copy it: their words, or the option or number they gave.
fn words_of(answer: &Answered) -> Option<String> {
    match &answer.value {
        AnswerValue::Text(text) if !text.trim().is_empty() => Some(text.clone()),
        AnswerValue::Text(_) | AnswerValue::Done => None,
        AnswerValue::Choice(key) => Some(answer.label.clone().unwrap_or_else(|| key.clone())),
        AnswerValue::Scale(n) => Some(n.to_string()),
        AnswerValue::YesNo(yes) => Some(if *yes { "yes" } else { "no" }.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_words() -> UnsavedWords {
        (*crate::coach::testing::plan().guide.stop.unsaved).clone()
    }

    fn text(words: &str) -> Answered {
        Answered {
            id: "repair.2.1".into(),
            section: "Acknowledge".into(),
            question: "How do you think they felt?".into(),
            value: AnswerValue::Text(words.into()),
            label: None,
        }
    }

    fn full_disk() -> anyhow::Error {
        std::io::Error::from(ErrorKind::StorageFull).into()
    }

    #[test]
    fn mid_session_the_answer_is_handed_back_and_kept_for_the_next_save() {
        let said = Unsaved::new(
            [text("I was scared.\nAnd tired.")].iter(),
            &full_disk(),
            true,
            Some(PathBuf::from("/j/2026-11-24-1503.md")),
            &shipped_words(),
        );
        assert_eq!(
            said.to_string(),
            "Your last answer could not be saved: the disk is full. Here it is, so you can copy \
             it:\n\n    I was scared.\n    And tired.\n\nThe coach keeps it for now, and tries saving \
             again after your next answer. Freeing some space lets it through."
        );
    }

    #[test]
    fn at_the_end_every_unsaved_answer_is_handed_back() {
        let said = Unsaved::new(
            [text("hurt"), text("  "), text("left out")].iter(),
            &full_disk(),
            false,
            None,
            &shipped_words(),
        );
        assert_eq!(
            said.to_string(),
            "Your last 2 answers could not be saved: the disk is full. Here they are, so you can \
             copy them somewhere safe:\n\n    hurt\n\n    left out\n\nNothing of this session \
             could be written to the journal."
        );
    }

    #[test]
    fn a_cause_without_words_of_its_own_is_said_as_the_system_says_it() {
        let denied = anyhow::Error::from(std::io::Error::from(ErrorKind::PermissionDenied))
            .context("could not write /j/x.md");
        let said = Unsaved::new(
            std::iter::empty(),
            &denied,
            false,
            Some(PathBuf::from("/j/x.md")),
            &shipped_words(),
        )
        .to_string();
        assert!(
            said.starts_with("Your progress could not be saved: could not write /j/x.md: "),
            "{said}"
        );
        assert!(
            said.ends_with("\n\nWhat you wrote before is safe in /j/x.md."),
            "{said}"
        );
        assert!(!said.contains("Freeing"), "{said}");
    }

    #[test]
    fn the_words_come_from_the_guide() {
        let mut words = shipped_words();
        words.one = "Not kept ({why}):".into();
        words.too_large = "too big".into();
        words.retry = "Kept for later.".into();
        let said = Unsaved::new(
            [text("sorry")].iter(),
            &std::io::Error::from(ErrorKind::FileTooLarge).into(),
            true,
            None,
            &words,
        );
        assert_eq!(
            said.to_string(),
            "Not kept (too big):\n\n    sorry\n\nKept for later."
        );
    }
}
