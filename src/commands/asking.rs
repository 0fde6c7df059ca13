//! Asking a short run of questions (a check-in, a debrief) through a prompter, saving after
//! every answer, and saving as paused on any way of stopping, as a session does.
use super::ask::ask;
use super::keeper::{Keeper, lock};
use super::unsaved;
use crate::coach::questions::Questions;
use crate::coach::{Interruption, Message};
use crate::interrupt;
use crate::model::guide;
use crate::model::{SessionRecord, Status};
use crate::prompt::{PromptError, Prompter};
use crate::render::{self, Style};
use anyhow::Context;
use std::sync::{Arc, Mutex};

/// How the questions ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ended {
    Finished,
    /// End of input or Esc: what was answered is saved as paused.
    Stopped,
}

/// What is said when the questions stop part-way, in the note's words.
pub(super) struct StopWords<'w, Q> {
    /// What was answered is kept: said as the answers so far call for (with where help is,
    /// after a hard one).
    pub stopped: &'w dyn Fn(&Q) -> String,
    /// The last save failed; why follows.
    pub save_failed: &'w str,
    /// A session's words for a stop before anything was saved, at the end of input and at
    /// Ctrl-C.
    pub nothing_saved: &'w guide::StopWords,
    /// How the words, markdown, are written on stderr.
    pub style: Style,
}

/// Asks every question of `questions`, saving the record `fill` makes after each answer that
/// leaves something `worth_keeping`. Ctrl-C, SIGHUP or SIGTERM save what was answered as paused,
/// say so and exit 130; a closed output saves it quietly and exits 0.
pub(super) fn ask_all<Q: Questions>(
    questions: &mut Q,
    keeper: &Arc<Mutex<Keeper>>,
    prompter: &mut dyn Prompter,
    words: &StopWords<Q>,
    worth_keeping: impl Fn(&Q) -> bool,
    fill: impl Fn(&Q, &mut SessionRecord, Status),
) -> anyhow::Result<Ended> {
    let on_stop = Arc::clone(keeper);
    // What a stop says, kept up to date after each answer for the stop handler's thread.
    let stopped = Arc::new(Mutex::new((words.stopped)(questions)));
    let stopped_now = Arc::clone(&stopped);
    let (save_failed, style) = (words.save_failed.to_owned(), words.style);
    let interrupted_nothing_saved = words.nothing_saved.interrupted_nothing_saved.clone();
    interrupt::on_stop(move |how| {
        let mut keeper = lock(&on_stop);
        let message = match (keeper.stop(), keeper.saved_id()) {
            // Nobody is reading: only a save that failed is said.
            (Ok(()), _) if how == Interruption::OutputGone => return,
            (Ok(()), Some(_)) => {
                let stopped = render::markdown(&lock_words(&stopped_now), style);
                stopped.trim_end().to_owned()
            }
            (Ok(()), None) => interrupted_nothing_saved.clone(),
            (Err(e), _) => format!("{save_failed}\n{}", render::error_text(&e)),
        };
        render::say_stopped(&message);
    });
    interrupt::install()?;
    while let Some(next) = questions.next_ask() {
        match ask(prompter, &next) {
            Ok(value) => {
                questions
                    .answer(value)
                    .context("the answer given did not fit the question")?;
                *lock_words(&stopped) = (words.stopped)(questions);
                let status = if questions.next_ask().is_some() {
                    Status::InProgress
                } else {
                    Status::Complete
                };
                if worth_keeping(questions) {
                    let saved = lock(keeper).save_with(|record| fill(questions, record, status));
                    unsaved::said_if_going_on(saved)?;
                }
            }
            Err(PromptError::Paused) => {
                let _ = lock(keeper).pause();
                lock(keeper).close();
                interrupt::clear();
                if lock(keeper).saved_id().is_none() {
                    let nothing = &words.nothing_saved.nothing_saved;
                    prompter.show(&Message::Markdown(nothing.clone()))?;
                }
                return Ok(Ended::Stopped);
            }
            Err(PromptError::LeftAtOnce) => {
                let _ = lock(keeper).pause();
                lock(keeper).close();
                interrupt::clear();
                super::leave_at_once();
            }
            Err(PromptError::Interrupted(how)) => interrupt::stop_and_exit(how),
            Err(PromptError::Io(error)) => {
                let _ = lock(keeper).pause();
                lock(keeper).close();
                return Err(error)
                    .context("could not read your answer; what you wrote so far is saved");
            }
        }
    }
    // Each on its own: the stop handler takes the stop action's lock, then the keeper's.
    lock(keeper).close();
    interrupt::clear();
    Ok(Ended::Finished)
}

/// After the questions: the id of what was saved, with the closing words shown; `None` when
/// nothing was saved, or when the person stopped (the stop words shown).
pub(super) fn closed(
    keeper: &Arc<Mutex<Keeper>>,
    prompter: &mut dyn Prompter,
    ended: Ended,
    stopped: &str,
    closing: &str,
) -> anyhow::Result<Option<String>> {
    let Some(id) = lock(keeper).saved_id().map(str::to_owned) else {
        return Ok(None);
    };
    if ended == Ended::Stopped {
        prompter.show(&Message::Markdown(stopped.to_owned()))?;
        return Ok(None);
    }
    prompter.show(&Message::Markdown(closing.to_owned()))?;
    Ok(Some(id))
}

/// Closing or stopping `words`, followed by the safety note's `help_lines` after a `hard`
/// answer (a very hard day, a talk that went hard).
pub(super) fn with_help_if(hard: bool, words: &str, help_lines: &str) -> String {
    match hard {
        true => format!("{}\n\n{help_lines}", words.trim_end()),
        false => words.to_owned(),
    }
}

fn lock_words(words: &Mutex<String>) -> std::sync::MutexGuard<'_, String> {
    words
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
