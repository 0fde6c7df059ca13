//! The asking loop of `start`, `resume` and `reflect`: show the intro, ask, apply the answer,
//! save, repeat. Prints nothing itself; everything the person sees goes through the prompter.
use crate::coach::{Ask, Flow, Next, Outcome, PauseReason};
use crate::model::{AnswerValue, Status};
use crate::prompt::{PromptError, Prompter, Reply};
use anyhow::Context;

/// Runs `flow` until it ends or the person stops. `save` gets the flow and the status to record
/// after every answer, before the next question is asked, and once more when the person stops
/// (status paused). Nothing is saved before the safety question is answered, and nothing at all
/// when the answer is that they are not safe: no file is left for someone else to find.
///
/// `after_safety` runs once, just after a new session's safety question is answered "safe"
/// (`start` offers the debrief there).
pub fn drive(
    flow: &mut Flow,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&Flow, Status) -> anyhow::Result<()>,
    after_safety: &mut dyn FnMut(&mut dyn Prompter) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    loop {
        let prompt = match flow.next() {
            Next::Done(outcome) => return Ok(outcome.clone()),
            Next::Ask(prompt) => prompt.clone(),
        };
        if let Some(earlier) = flow.answer_to_mend() {
            prompter.mend_next_line(earlier);
        }
        let reply = prompt
            .intro
            .iter()
            .try_for_each(|message| prompter.show(message))
            .and_then(|()| ask(prompter, &prompt.ask));
        let stopped = match reply {
            Ok(value) => {
                let was_started = flow.has_started();
                flow.answer(value)
                    .context("the answer given did not fit the question")?;
                if flow.status() != Status::EndedForSafety {
                    // Before the session's first save: a stop during the debrief then leaves no
                    // empty session behind.
                    if !was_started && flow.has_started() {
                        after_safety(prompter)?;
                    }
                    if flow.worth_keeping() {
                        save(flow, flow.status())?;
                    }
                }
                continue;
            }
            Err(PromptError::Paused) => Ok(PauseReason::Stopped),
            Err(PromptError::LeftAtOnce) => Ok(PauseReason::LeftAtOnce),
            Err(PromptError::Interrupted(how)) => Ok(PauseReason::Interrupted(how)),
            Err(PromptError::Io(error)) => Err(error),
        };
        if flow.worth_keeping() {
            save(flow, Status::Paused)?;
        }
        return match stopped {
            Ok(reason) => Ok(Outcome::Paused { reason }),
            Err(error) => {
                Err(error).context("could not read your answer; what you wrote so far is saved")
            }
        };
    }
}

/// Asks one question through the prompter and returns the answer as the flow takes it.
pub fn ask(prompter: &mut dyn Prompter, ask: &Ask) -> Reply<AnswerValue> {
    match ask {
        Ask::Choice {
            question, choices, ..
        } => {
            let index = prompter.choose(question, choices)?;
            let chosen = choices.get(index).ok_or_else(|| {
                std::io::Error::other(format!(
                    "option {} was chosen, but “{question}” has {}",
                    index + 1,
                    choices.len()
                ))
            })?;
            Ok(AnswerValue::Choice(chosen.key.clone()))
        }
        Ask::Text {
            question,
            skippable,
            ..
        } => Ok(AnswerValue::Text(prompter.text(question, *skippable)?)),
        Ask::Scale {
            question,
            low,
            high,
            ..
        } => Ok(AnswerValue::Scale(prompter.scale(question, low, high)?)),
        Ask::Breathe { breathing, .. } => Ok(Ask::breathed(prompter.breathe(breathing)?)),
    }
}
