//! `start`, `resume` and `reflect`: a flow from `coach`, asked through a prompter, saved to the
//! journal after every answer, and saved as paused on any way of stopping.
use super::ask;
use super::keeper::{Keeper, lock};
use super::{Settings, load_vault};
use crate::Exit;
use crate::coach::{Flow, Message, Outcome, PauseReason, Plan};
use crate::interrupt;
use crate::model::{Kind, Status};
use crate::prompt::Prompter;
use crate::prompt::plain::PlainPrompter;
use crate::prompt::terminal::TerminalPrompter;
use anyhow::{Context, bail};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

pub fn start(settings: &Settings) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let plan = Plan::from_vault(&vault)?;
    let journal = settings.journal()?;
    let keeper = Keeper::new(journal, Kind::Session);
    run(Flow::new(&plan, Kind::Session), keeper, settings)
}

pub fn reflect(settings: &Settings, practice: Option<&str>) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let mut plan = Plan::from_vault(&vault)?;
    if let Some(name) = practice {
        plan = plan.with_practice(&vault, name)?;
    }
    let journal = settings.journal()?;
    let keeper = Keeper::new(journal, Kind::Reflection);
    run(Flow::new(&plan, Kind::Reflection), keeper, settings)
}

pub fn resume(settings: &Settings, id: Option<&str>) -> anyhow::Result<Exit> {
    let journal = settings.journal()?;
    let id = match id {
        Some(id) => id.to_owned(),
        None => journal.latest_resumable().map(|s| s.id).context(
            "there is no paused session to carry on with. `repair-coach start` begins a new one",
        )?,
    };
    let (open, record) = journal.reopen(&id)?;
    match record.status {
        Status::Complete => bail!(
            "session {id} is already complete. Read it with `repair-coach journal show {id}`, \
             or begin a new one with `repair-coach start`"
        ),
        Status::EndedForSafety => {
            bail!("session {id} ended at the safety question, so there is nothing to carry on with")
        }
        Status::InProgress | Status::Paused => {}
    }
    let vault = load_vault(settings)?;
    let mut plan = Plan::from_vault(&vault)?;
    if record.kind == Kind::Reflection
        && let Some(name) = &record.practice
    {
        plan = plan.with_practice(&vault, name)?;
    }
    let flow = Flow::resume(&plan, &record)
        .with_context(|| format!("could not carry on with session {id}"))?;
    let keeper = Keeper::reopened(journal, open, record);
    run(flow, keeper, settings)
}

fn run(mut flow: Flow, keeper: Keeper, settings: &Settings) -> anyhow::Result<Exit> {
    let keeper = Arc::new(Mutex::new(keeper));
    let resume_hint = settings.clone();
    let on_stop = Arc::clone(&keeper);
    interrupt::on_stop(move || {
        let mut keeper = lock(&on_stop);
        let saved = keeper.pause();
        let message = match (saved, keeper.saved_id()) {
            (Ok(()), Some(id)) => format!(
                "\nStopped. Everything you wrote is saved. When you're ready:\n\n  {}\n",
                resume_hint.command(&format!("resume {id}"))
            ),
            (Ok(()), None) => "\nStopped. Nothing was saved.".to_owned(),
            (Err(e), _) => format!("\nStopped, but the last save failed: {e:#}"),
        };
        eprintln!("{message}");
    });
    interrupt::install()?;

    let mut prompter = prompter(settings.plain());
    let outcome = ask::drive(&mut flow, prompter.as_mut(), &mut |flow, status| {
        lock(&keeper).save(flow, status)
    });
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            let _ = lock(&keeper).pause();
            return Err(error);
        }
    };
    if outcome
        == (Outcome::Paused {
            reason: PauseReason::Interrupted,
        })
    {
        interrupt::stop_and_exit();
    }
    interrupt::clear();
    let keeper = lock(&keeper);
    let closing = closing_words(&flow, &outcome, keeper.saved_id(), settings);
    for message in closing {
        prompter.show(&message)?;
    }
    Ok(Exit::Ok)
}

/// What is said at the end: the words they could use, where their answers are, how to come back.
fn closing_words(
    flow: &Flow,
    outcome: &Outcome,
    saved_id: Option<&str>,
    settings: &Settings,
) -> Vec<Message> {
    let close = &flow.plan().guide.close;
    let mut words = Vec::new();
    match outcome {
        Outcome::Complete { could_say } => {
            if !could_say.is_empty() {
                words.push(Message::Heading(close.could_say_title.clone()));
                let lines: Vec<String> = could_say.iter().map(|s| format!("- {s}")).collect();
                words.push(Message::Markdown(lines.join("\n")));
            }
            words.push(Message::Markdown(match flow.kind() {
                Kind::Session => close.closing.clone(),
                Kind::Reflection => flow.plan().guide.reflect.closing.clone(),
            }));
            if let Some(id) = saved_id {
                words.push(Message::Markdown(format!(
                    "Saved. To read it again:\n\n    repair-coach journal show {id}"
                )));
            }
        }
        Outcome::Paused { .. } => words.push(Message::Markdown(match saved_id {
            Some(id) => format!(
                "Everything you wrote is saved. When you're ready, carry on with:\n\n    {}",
                settings.command(&format!("resume {id}"))
            ),
            None => "Nothing was saved. Come back whenever you're ready.".to_owned(),
        })),
        Outcome::EndedForSafety { text } => words.push(Message::Markdown(text.clone())),
    }
    words
}

/// Arrow-key menus for a person at a terminal; numbered lines for `--plain`, screen readers and
/// pipes (dialoguer refuses to run without a terminal on stderr, and ignores piped stdin).
fn prompter(plain: bool) -> Box<dyn Prompter> {
    if plain || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        Box::new(PlainPrompter::stdio())
    } else {
        Box::new(TerminalPrompter::new())
    }
}
