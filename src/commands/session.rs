//! `start`, `resume` and `reflect`: a flow from `coach`, asked through a prompter, saved to the
//! journal after every answer, and saved as paused on any way of stopping.
use super::ask;
use super::break_wait::{self, Break};
use super::keeper::{JournalAt, Keeper, KeeperWords, lock};
use super::unsaved;
use super::{Settings, coach_notes, debrief, load_vault, session_plan};
use crate::Exit;
use crate::coach::focus::{self, Focus};
use crate::coach::{Choice, Flow, Interruption, Message, Next, Outcome, PauseReason, Plan, flags};
use crate::model::{BreakWords, Class, Kind, PromptWords, Status};
use crate::prompt::plain::PlainPrompter;
use crate::prompt::terminal::TerminalPrompter;
use crate::prompt::{PromptError, Prompter};
use crate::vault::Vault;
use crate::{interrupt, render};
use anyhow::{Context, bail};
use chrono::Local;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

pub fn start(settings: &Settings, skill: Option<&str>) -> anyhow::Result<Exit> {
    let (vault, plan) = session_plan(settings, load_vault(settings)?)?;
    // Before any question, even the safety one: a passphrase is never asked for after answers.
    let journal = journal_at(settings)?;
    let mut prompter = prompter(settings.plain(), &plan.guide.prompts);
    // What the offers below look at: the entries down to the latest finished session, whose
    // talk may be looked back on (its debrief would be newer) and past which no session is
    // waiting to be carried on.
    let entries = match &journal {
        JournalAt::Open(journal) => journal.newest_until(|entry| {
            entry.record.kind == Kind::Session && entry.record.status == Status::Complete
        }),
        JournalAt::Later(_) => Vec::new(),
    };
    let walk = match skill {
        // By name, alias or path, with near names suggested when there is no such note: only
        // skills it can walk, as a meta-skill named whole is told why it is not walked.
        Some(name) => Walk::Named(
            super::show::find_among(vault, name, Some(Class::STARTED))?
                .note
                .name
                .clone(),
        ),
        None => Walk::Focus(focus::focus(vault, &plan.skill)),
    };
    // A session that stopped part-way is offered back only to a plain `start`.
    let stopped = match (&walk, &journal) {
        (Walk::Focus(_), JournalAt::Open(open)) => {
            stopped_part_way(&entries, Local::now().fixed_offset())
                // Not one being answered in another window now.
                .filter(|stopped| !open.is_open_elsewhere(&stopped.id))
        }
        _ => None,
    };
    let several = matches!(walk, Walk::Focus(Focus::Choose(_)));
    let past_safety = stopped.is_some() || several;
    if past_safety {
        // The safety question comes before any other: carrying on, or which skill to work on.
        let mut opening = Flow::new(&plan, Kind::Session);
        let Next::Ask(safety) = opening.next() else {
            bail!("a new session begins with the safety question");
        };
        let safety = safety.ask.clone();
        let Some(answer) = before_start(&plan, prompter.as_mut(), |p| ask::ask(p, &safety))? else {
            return Ok(Exit::Ok);
        };
        opening.answer(answer)?;
        if !opening.is_safe() {
            let words = KeeperWords::of(vault, &plan)?;
            let keeper = Keeper::new(journal, Kind::Session, words);
            return run(
                opening,
                keeper,
                settings,
                Extras::new(vault, None)?,
                prompter,
            );
        }
        if let (Some(stopped), JournalAt::Open(open)) = (&stopped, &journal) {
            match carry_on_instead(&plan, stopped, prompter.as_mut())? {
                None => return Ok(Exit::Ok),
                Some(true) => {
                    let open = open.clone();
                    return carry_on(settings, open, &stopped.id, (vault, plan), Some(prompter));
                }
                Some(false) => {}
            }
        }
    }
    let name = match walk {
        Walk::Named(name) => name,
        Walk::Focus(Focus::Skill(skill)) => skill.name.clone(),
        Walk::Focus(Focus::Choose(skills)) => {
            let Some(name) = choose_focus(&plan, &skills, prompter.as_mut())? else {
                return Ok(Exit::Ok);
            };
            name
        }
    };
    let plan = plan.with_skill(vault, &name)?;
    let offer = debrief::offer_due(&journal, &entries, vault, &plan)?;
    let words = KeeperWords::of(vault, &plan)?;
    let keeper = Keeper::new(journal, Kind::Session, words);
    let extras = Extras::new(vault, offer)?;
    let flow = match past_safety {
        true => Flow::past_safety(&plan),
        false => Flow::new(&plan, Kind::Session),
    };
    run(flow, keeper, settings, extras, prompter)
}

/// Which skill `start` walks: the one named, or the focus of the vault.
enum Walk<'v> {
    Named(String),
    Focus(Focus<'v>),
}

/// How long a session that stopped part-way is offered back by `start`: after that it is
/// likely left behind on purpose, and `resume ID` still carries on with it.
const OFFERED_BACK_FOR: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// The newest session, if it stopped part-way in the last week.
fn stopped_part_way(
    entries: &[crate::journal::Summary],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Option<&crate::journal::Summary> {
    // Newest first: one begun since, finished or not, means the person moved on.
    let newest = entries.iter().find(|e| e.record.kind == Kind::Session)?;
    let stopped = matches!(newest.record.status, Status::InProgress | Status::Paused);
    (stopped && now - newest.record.updated <= OFFERED_BACK_FOR).then_some(newest)
}

/// Asks whether to carry on with `stopped` rather than begin anew: `None` when the person
/// stopped (nothing has started, so nothing is saved). A guide without the words begins anew.
fn carry_on_instead(
    plan: &Plan,
    stopped: &crate::journal::Summary,
    prompter: &mut dyn Prompter,
) -> anyhow::Result<Option<bool>> {
    let Some((words, offer)) = plan
        .guide
        .resume
        .as_deref()
        .and_then(|words| Some((words, words.offer.as_ref()?)))
    else {
        return Ok(Some(false));
    };
    let time = stopped
        .record
        .started
        .format(&words.time_format)
        .to_string();
    let question = offer.question.replace("{time}", &time);
    let choices = [("carry_on", &offer.carry_on), ("new", &offer.new)]
        .map(|(key, label)| Choice::new(key, label));
    let index = before_start(plan, prompter, |p| p.choose(&question, &choices))?;
    Ok(index.map(|index| index == 0))
}

/// Several skills are marked as the focus: which one to walk. `None` when the person stopped
/// (nothing has started, so nothing is saved).
fn choose_focus(
    plan: &Plan,
    skills: &[&crate::model::Skill],
    prompter: &mut dyn Prompter,
) -> anyhow::Result<Option<String>> {
    let choices: Vec<Choice> = skills
        .iter()
        .map(|s| Choice {
            key: s.name.clone(),
            label: s.name.clone(),
        })
        .collect();
    let index = before_start(plan, prompter, |p| {
        p.choose(&plan.guide.focus.question, &choices)
    })?;
    Ok(index.map(|index| choices[index.min(choices.len() - 1)].key.clone()))
}

/// A question asked before the session's own loop, with nothing yet to save: `None` when the
/// person stopped.
fn before_start<T>(
    plan: &Plan,
    prompter: &mut dyn Prompter,
    ask: impl FnOnce(&mut dyn Prompter) -> crate::prompt::Reply<T>,
) -> anyhow::Result<Option<T>> {
    // Ctrl-C here has nothing to save: the cursor comes back and the process ends.
    interrupt::install()?;
    match ask(prompter) {
        Ok(answer) => Ok(Some(answer)),
        Err(PromptError::Interrupted(how)) => interrupt::stop_and_exit(how),
        Err(PromptError::LeftAtOnce) => super::leave_at_once(),
        Err(PromptError::Paused) => {
            let nothing = Message::Markdown(plan.guide.stop.nothing_saved.clone());
            prompter.show(&nothing)?;
            Ok(None)
        }
        Err(PromptError::Io(error)) => Err(error).context("could not read your answer"),
    }
}

pub fn reflect(settings: &Settings, practice: Option<&str>) -> anyhow::Result<Exit> {
    let (vault, mut plan) = session_plan(settings, load_vault(settings)?)?;
    if let Some(name) = practice {
        plan = plan.with_practice(vault, name)?;
    }
    let words = KeeperWords::of(vault, &plan)?;
    let keeper = Keeper::new(journal_at(settings)?, Kind::Reflection, words);
    let extras = Extras::new(vault, None)?;
    let prompter = prompter(settings.plain(), &plan.guide.prompts);
    run(
        Flow::new(&plan, Kind::Reflection),
        keeper,
        settings,
        extras,
        prompter,
    )
}

/// What `resume` says when nothing waits: nothing to do, as `debrief` with nothing to look back
/// on or an empty `journal list`, is no failure.
const NOTHING_TO_RESUME: &str = "There is no paused session to carry on with.";

pub fn resume(settings: &Settings, id: Option<&str>) -> anyhow::Result<Exit> {
    let nothing_to_resume = || {
        super::print(&format!(
            "{NOTHING_TO_RESUME} `{}` begins a new one.\n",
            settings.command("start")
        ))
    };
    let Some(journal) = settings.journal_to_read()? else {
        // A session asked for by its id that is not there is an error, as any id not found.
        if let Some(id) = id {
            bail!(
                "there is no session {} to carry on with: nothing has been written to this \
                 journal yet. `{}` begins a new one",
                render::typed_name(id),
                settings.command("start")
            );
        }
        return nothing_to_resume();
    };
    let id = match id {
        Some(id) => id.to_owned(),
        None => match journal
            .latest_resumable()
            .ok_or(())
            .map_err(|()| journal.newest_unreadable())
        {
            Ok(latest) => latest.id,
            // Not "there is none": the one that waits may be in the file that could not be read.
            Err(Some(unreadable)) => bail!(
                "the paused session may be in a journal entry that could not be read, so nothing \
                 was carried on.\n{unreadable}\nPut that file right (or move it out of the journal \
                 folder), then try again; `repair-coach start` begins a new session"
            ),
            Err(None) => return nothing_to_resume(),
        },
    };
    let planned = session_plan(settings, load_vault(settings)?)?;
    carry_on(settings, journal, &id, planned, None)
}

/// Carries on with the session or reflection `id` of `journal`, from the plan of `vault`
/// (fitted here to what it walked), asking through `prompter` when one is already asking.
fn carry_on(
    settings: &Settings,
    journal: crate::journal::Journal,
    id: &str,
    (vault, mut plan): (&'static Vault, Plan),
    prompter: Option<Box<dyn Prompter>>,
) -> anyhow::Result<Exit> {
    let (open, record) = journal.reopen(id)?;
    if !record.kind.resumable() {
        bail!(
            "{id} is a {} note, not a session; it is not carried on. `repair-coach {}` begins a new one",
            if record.kind == Kind::Checkin {
                "check-in"
            } else {
                "debrief"
            },
            if record.kind == Kind::Checkin {
                "checkin"
            } else {
                "debrief"
            },
        );
    }
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
    if record.kind == Kind::Reflection
        && let Some(name) = &record.practice
    {
        plan = plan.with_practice(vault, name)?;
    }
    if record.kind == Kind::Session
        && let Some(name) = &record.skill
    {
        plan = plan
            .with_skill(vault, name)
            .with_context(|| format!("could not carry on with session {id}"))?;
    }
    let flow = Flow::resume(&plan, &record)
        .with_context(|| format!("could not carry on with session {id}"))?;
    let extras = Extras::new(vault, None)?;
    let mut record = record;
    let mut prompter =
        prompter.unwrap_or_else(|| self::prompter(settings.plain(), &plan.guide.prompts));
    if let Some(words) = &plan.guide.resume {
        prompter.show(&Message::Markdown(words.said(record.kind, record.started)))?;
    }
    if let Some(until) = record.break_until.take() {
        let now = Local::now().fixed_offset();
        let said = extras.break_words.resuming_after(until, now);
        prompter.show(&Message::Markdown(said))?;
    }
    if let Some(draft) = &record.draft {
        prompter.begin_next_line(&draft.text);
    }
    let words = KeeperWords::of(vault, &plan)?;
    let keeper = Keeper::reopened(journal, open, record, words);
    run(flow, keeper, settings, extras, prompter)
}

/// The journal a new session saves to. A folder that is already there is opened now (so that a
/// warning about it comes first); one that is not is made only at the first save. Either way a
/// passphrase it needs is asked for now, before the first question. Anything else at its path
/// (a link, dangling or not, a file, a path through a file) is opened now too, so that what is
/// wrong is said before anything is asked, not after every answer.
fn journal_at(settings: &Settings) -> anyhow::Result<JournalAt> {
    match std::fs::symlink_metadata(settings.journal_dir()?) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(JournalAt::Later(settings.journal_later()?))
        }
        _ => Ok(JournalAt::Open(settings.journal_to_write()?)),
    }
}

/// What a session offers beyond its flow: the break timer, and (for `start`) looking back on the
/// last talk first.
pub(super) struct Extras {
    break_words: BreakWords,
    offer: Option<debrief::Offer>,
}

impl Extras {
    fn new(vault: &Vault, offer: Option<debrief::Offer>) -> anyhow::Result<Extras> {
        Ok(Extras {
            break_words: coach_notes::break_words(vault)?.clone(),
            offer,
        })
    }
}

/// Saves the session as paused and says how to resume on Ctrl-C, a closed terminal or SIGTERM;
/// with the output's reader gone, only saves (a save that fails is said all the same: the
/// answers it hands back are not to be lost).
fn stop_saving(keeper: &Arc<Mutex<Keeper>>, plan: &Plan, settings: &Settings) {
    let resume_hint = settings.clone();
    let on_stop = Arc::clone(keeper);
    let stop = plan.guide.stop.clone();
    interrupt::on_stop(move |how| {
        // The keeper stays locked until the process ends, so no other save can start.
        let mut keeper = lock(&on_stop);
        let saved = keeper.stop();
        let message = match (saved, keeper.saved_id()) {
            (Ok(()), _) if how == Interruption::OutputGone => return,
            (Ok(()), Some(id)) => format!(
                "{}\n\n  {}\n",
                stop.interrupted,
                resume_hint.command(&format!("resume {}", crate::shell_word::quoted(id)))
            ),
            (Ok(()), None) => stop.interrupted_nothing_saved.clone(),
            (Err(e), _) => format!(
                "{}\n{}",
                stop.interrupted_save_failed,
                render::error_text(&e)
            ),
        };
        render::say_stopped(&message);
    });
}

fn run(
    mut flow: Flow,
    keeper: Keeper,
    settings: &Settings,
    extras: Extras,
    mut prompter: Box<dyn Prompter>,
) -> anyhow::Result<Exit> {
    let keeper = Arc::new(Mutex::new(keeper));
    let plan = flow.plan();
    stop_saving(&keeper, plan, settings);
    interrupt::install()?;

    let mut offer = extras.offer;
    // Asked safe before its focus was chosen, the session is past the point that offers the look
    // back on the last talk: it is offered now, before the first save.
    if flow.has_started()
        && flow.answers().is_empty()
        && let Some(due) = offer.take()
    {
        debrief::offer(settings, due, prompter.as_mut())?;
        stop_saving(&keeper, plan, settings);
    }
    let outcome = loop {
        let outcome = ask::drive(
            &mut flow,
            prompter.as_mut(),
            &mut |flow, status| {
                // A stop saves once more with the same answers: only a new answer is noted.
                let answered = status == flow.status();
                let saved = lock(&keeper).save_with(|record| {
                    flow.fill_record(record, status);
                    if answered {
                        flags::note_last(record, flow.plan());
                    }
                });
                unsaved::said_if_going_on(saved)
            },
            &mut |prompter| {
                let Some(offer) = offer.take() else {
                    return Ok(());
                };
                let looked_back = debrief::offer(settings, offer, prompter);
                // The debrief had its own way of stopping; the session's is back now.
                stop_saving(&keeper, plan, settings);
                looked_back
            },
        );
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(error) => {
                let _ = lock(&keeper).pause();
                // The stop action keeps the keeper alive to the end: release the lock file now.
                lock(&keeper).close();
                return Err(error);
            }
        };
        if outcome
            != (Outcome::Paused {
                reason: PauseReason::Break,
            })
        {
            break outcome;
        }
        let now = Local::now().fixed_offset();
        match break_wait::take(&extras.break_words, prompter.as_mut(), now) {
            Ok(Break::Waited) => {
                // Back from the break: carried on as `resume` would, welcome and all.
                let record = lock(&keeper).record().clone();
                flow = Flow::resume(plan, &record).context("could not carry on after the break")?;
            }
            Ok(Break::Left { until }) => {
                if let Some(until) = until {
                    lock(&keeper).save_with(|record| record.break_until = Some(until))?;
                    let said = extras.break_words.leaving_until(until, now);
                    prompter.show(&Message::Markdown(said))?;
                }
                break outcome;
            }
            Err(PromptError::Paused) => break outcome,
            Err(PromptError::LeftAtOnce) => {
                // Saved as paused at the break already.
                lock(&keeper).close();
                interrupt::clear();
                super::leave_at_once();
            }
            Err(PromptError::Interrupted(how)) => interrupt::stop_and_exit(how),
            Err(PromptError::Io(error)) => {
                lock(&keeper).close();
                return Err(error).context("could not read your answer; what you wrote is saved");
            }
        }
    };
    if let Outcome::Paused {
        reason: PauseReason::Interrupted(how),
    } = outcome
    {
        interrupt::stop_and_exit(how);
    }
    // Each on its own: the stop handler takes the stop action's lock, then the keeper's.
    lock(&keeper).close();
    interrupt::clear();
    if outcome
        == (Outcome::Paused {
            reason: PauseReason::LeftAtOnce,
        })
    {
        // Saved as paused already; the screen keeps nothing of the session, and nothing follows.
        crate::prompt::terminal::leave_at_once()?;
        return Ok(Exit::Ok);
    }
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
                    settings.command(&format!("journal show {}", crate::shell_word::quoted(id)))
                )));
            }
            words
        }
        Outcome::Paused { reason } => vec![Message::Markdown(match saved_id {
            Some(id) => format!(
                "{}\n\n    {}",
                match reason {
                    PauseReason::Break => &guide.stop.on_break,
                    // (Leaving at once says nothing at all: it never gets here.)
                    PauseReason::Stopped
                    | PauseReason::Interrupted(_)
                    | PauseReason::LeftAtOnce => {
                        &guide.stop.saved
                    }
                },
                settings.command(&format!("resume {}", crate::shell_word::quoted(id)))
            ),
            None => guide.stop.nothing_saved.clone(),
        })],
        Outcome::EndedForSafety { text } => vec![Message::Markdown(text.clone())],
    }
}

/// Arrow-key menus for a person at a terminal; numbered lines for `--plain`, screen readers and
/// pipes (dialoguer refuses to run without a terminal on stderr, and ignores piped stdin), and
/// for `TERM=dumb`, which cannot move the cursor or redraw a line.
pub(super) fn prompter(plain: bool, words: &PromptWords) -> Box<dyn Prompter> {
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    if plain || dumb || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        Box::new(PlainPrompter::stdio(words.clone()))
    } else {
        Box::new(TerminalPrompter::new(words.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Summary;
    use chrono::{DateTime, FixedOffset};

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn entry(kind: Kind, status: Status, updated: &str) -> Summary {
        let mut record = crate::model::SessionRecord::new(kind, at(updated));
        record.status = status;
        Summary {
            id: updated.to_owned(),
            path: std::path::PathBuf::new(),
            record,
        }
    }

    #[test]
    fn only_the_newest_session_is_offered_back_and_only_for_a_week() {
        let now = at("2026-12-07T20:00:00+00:00");
        let paused = entry(Kind::Session, Status::Paused, "2026-12-01T21:00:00+00:00");
        // Newest first, as the journal lists them; a check-in or a reflection since changes
        // nothing.
        let checkin = entry(Kind::Checkin, Status::Complete, "2026-12-07T08:00:00+00:00");
        let reflection = entry(
            Kind::Reflection,
            Status::Paused,
            "2026-12-06T08:00:00+00:00",
        );
        let entries = [checkin, reflection, paused.clone()];
        assert_eq!(
            stopped_part_way(&entries, now).map(|e| e.id.as_str()),
            Some(paused.id.as_str())
        );
        // A session begun since, finished or not, is where the person is now.
        let since = entry(Kind::Session, Status::Complete, "2026-12-05T21:00:00+00:00");
        assert!(stopped_part_way(&[since, paused.clone()], now).is_none());
        // Past a week it is left to `resume ID`.
        let later = at("2026-12-08T21:00:01+00:00");
        assert!(stopped_part_way(std::slice::from_ref(&paused), later).is_none());
        let ended = entry(
            Kind::Session,
            Status::EndedForSafety,
            "2026-12-07T19:00:00+00:00",
        );
        assert!(stopped_part_way(&[ended], now).is_none());
    }
}
