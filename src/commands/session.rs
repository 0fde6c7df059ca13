//! `start`, `resume` and `reflect`: a flow from `coach`, asked through a prompter, saved to the
//! journal after every answer, and saved as paused on any way of stopping.
use super::ask;
use super::keeper::{JournalAt, Keeper, lock};
use super::{Settings, load_vault};
use crate::Exit;
use crate::coach::{Flow, Message, Outcome, PauseReason, Plan};
use crate::interrupt;
use crate::model::{Kind, PromptWords, Status};
use crate::prompt::Prompter;
use crate::prompt::plain::PlainPrompter;
use crate::prompt::terminal::TerminalPrompter;
use anyhow::{Context, bail};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

pub fn start(settings: &Settings) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let plan = Plan::from_vault(&vault)?;
    let keeper = Keeper::new(journal_at(settings)?, Kind::Session);
    run(Flow::new(&plan, Kind::Session), keeper, settings)
}

pub fn reflect(settings: &Settings, practice: Option<&str>) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let mut plan = Plan::from_vault(&vault)?;
    if let Some(name) = practice {
        plan = plan.with_practice(&vault, name)?;
    }
    let keeper = Keeper::new(journal_at(settings)?, Kind::Reflection);
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

/// The journal a new session saves to. A folder that is already there is opened now (so that a
/// warning about it comes first); one that is not is made only at the first save.
fn journal_at(settings: &Settings) -> anyhow::Result<JournalAt> {
    if settings.journal_dir()?.exists() {
        return Ok(JournalAt::Open(settings.journal()?));
    }
    let settings = settings.clone();
    Ok(JournalAt::Later(Box::new(move || settings.journal())))
}

fn run(mut flow: Flow, keeper: Keeper, settings: &Settings) -> anyhow::Result<Exit> {
    let keeper = Arc::new(Mutex::new(keeper));
    let resume_hint = settings.clone();
    let on_stop = Arc::clone(&keeper);
    let stop = flow.plan().guide.stop.clone();
    interrupt::on_stop(move || {
        let mut keeper = lock(&on_stop);
        let saved = keeper.pause();
        let message = match (saved, keeper.saved_id()) {
            (Ok(()), Some(id)) => format!(
                "\n{}\n\n  {}\n",
                stop.interrupted,
                resume_hint.command(&format!("resume {id}"))
            ),
            (Ok(()), None) => format!("\n{}", stop.interrupted_nothing_saved),
            (Err(e), _) => format!("\n{} {e:#}", stop.interrupted_save_failed),
        };
        eprintln!("{}", crate::render::sanitize(&message));
    });
    interrupt::install()?;

    let mut prompter = prompter(settings.plain(), &flow.plan().guide.prompts);
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

/// What is said at the end: the flow's closing words, where the answers are, how to come back.
fn closing_words(
    flow: &Flow,
    outcome: &Outcome,
    saved_id: Option<&str>,
    settings: &Settings,
) -> Vec<Message> {
    let guide = &flow.plan().guide;
    match outcome {
        Outcome::Complete { closing, .. } => {
            let mut words = closing.clone();
            if let Some(id) = saved_id {
                words.push(Message::Markdown(format!(
                    "{}\n\n    {}",
                    guide.close.saved,
                    settings.command(&format!("journal show {id}"))
                )));
            }
            words
        }
        Outcome::Paused { reason } => vec![Message::Markdown(match saved_id {
            Some(id) => format!(
                "{}\n\n    {}",
                match reason {
                    PauseReason::Break => &guide.stop.on_break,
                    PauseReason::Stopped | PauseReason::Interrupted => &guide.stop.saved,
                },
                settings.command(&format!("resume {id}"))
            ),
            None => guide.stop.nothing_saved.clone(),
        })],
        Outcome::EndedForSafety { text } => vec![Message::Markdown(text.clone())],
    }
}

/// Arrow-key menus for a person at a terminal; numbered lines for `--plain`, screen readers and
/// pipes (dialoguer refuses to run without a terminal on stderr, and ignores piped stdin), and
/// for `TERM=dumb`, which cannot move the cursor or redraw a line.
fn prompter(plain: bool, words: &PromptWords) -> Box<dyn Prompter> {
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    if plain || dumb || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        Box::new(PlainPrompter::stdio(words.clone()))
    } else {
        Box::new(TerminalPrompter::new(words.clone()))
    }
}
