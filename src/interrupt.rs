//! Stopping mid-session without losing anything: Ctrl-C, a closed terminal (SIGHUP), SIGTERM.
//!
//! Every answer is already on disk before the next question is asked, so stopping only has to
//! mark the session paused, bring the cursor back (console hides it during prompts and does not
//! restore it on SIGINT) and say how to carry on. Two places can notice a stop: the signal handler
//! thread, and a terminal prompt that read Ctrl-C as a key (console then also raises SIGINT).
//! Whichever comes first runs [`stop_and_exit`]; the other waits for the process to end.
//!
//! The stop action must leave nothing for another thread to write after it: the session's keeper
//! seals itself when stopped (see `commands::keeper`), and a thread that tries to save after that
//! calls [`wait_for_exit`].
//!
//! A line being typed is not yet an answer, but it is the person's words: a terminal prompt notes
//! it here as it is edited ([`typing`]), and the keeper takes it ([`take_typed`]) when it saves
//! the session as paused, so that a stop between two keys keeps it as a draft.
use crate::Exit;
use crate::coach::Interruption;
use crate::model::Draft;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

type OnStop = Box<dyn FnMut(Interruption) + Send>;

static ON_STOP: Mutex<Option<OnStop>> = Mutex::new(None);
static STOPPING: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);
/// The line being typed at a prompt, with its question, until it is given and saved.
static TYPING: Mutex<Option<Draft>> = Mutex::new(None);

/// Notes `text` as the line being typed in answer to `question` (called after every edit but a
/// letter typed at the end, which `typed` notes).
pub fn typing(question: &str, text: &str) {
    let mut typing = lock(&TYPING);
    match typing.as_mut() {
        Some(draft) if draft.question == question => text.clone_into(&mut draft.text),
        _ => {
            *typing = Some(Draft {
                question: question.to_owned(),
                text: text.to_owned(),
            })
        }
    }
}

/// Notes `c` typed at the end of the line `typing` noted last.
pub fn typed(c: char) {
    if let Some(draft) = lock(&TYPING).as_mut() {
        draft.text.push(c);
    }
}

/// The line being typed, if a prompt is taking one: it is forgotten here, as the caller keeps it
/// (in a saved answer, or as a draft).
pub fn take_typed() -> Option<Draft> {
    lock(&TYPING).take()
}

/// A write past the file-size limit (`ulimit -f`) then fails with an error that is said in words
/// (and its temp file removed), instead of SIGXFSZ killing the process silently part way through
/// a save. Programs started from here inherit it, and get the same error instead of dying.
pub fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Routes SIGINT, SIGTERM and SIGHUP to [`stop_and_exit`]. Call before the first prompt; a
/// second call (a debrief or a focus choice asked before the session's own) changes nothing.
pub fn install() -> anyhow::Result<()> {
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    ctrlc::set_handler(|| stop_and_exit(Interruption::Signal))
        .map_err(|e| anyhow::anyhow!("could not set up a safe way to stop: {e}"))
}

/// What to do when asked to stop: typically, save the session as paused and, when the person
/// stopped it (not when the output's reader went away), print how to resume. Replaces whatever
/// was set before.
pub fn on_stop(action: impl FnMut(Interruption) + Send + 'static) {
    *lock_on_stop() = Some(Box::new(action));
}

/// Forgets the stop action, once there is nothing left to save.
pub fn clear() {
    *lock_on_stop() = None;
}

/// Runs the stop action once, restores the cursor and exits: with 130 after a signal, and as any
/// command whose reader went away (`skills | head -1`) after a closed output, with 0.
pub fn stop_and_exit(how: Interruption) -> ! {
    if STOPPING.swap(true, Ordering::SeqCst) {
        // Another thread is already saving and exiting; let it finish.
        wait_for_exit();
    }
    // Only where a prompt could have hidden it: a pipe or file gets no escape.
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let _ = console::Term::stderr().show_cursor();
    }
    if let Some(action) = lock_on_stop().as_mut() {
        // A panic in the action (say, stderr gone with the terminal) must not keep the process
        // alive with its session sealed.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| action(how)));
    }
    let exit = match how {
        Interruption::Signal => Exit::Interrupted,
        Interruption::OutputGone => Exit::Ok,
    };
    std::process::exit(exit as i32)
}

/// For a thread that finds the process stopping on another: it never returns.
pub fn wait_for_exit() -> ! {
    loop {
        std::thread::park();
    }
}

/// A panic elsewhere must not stop the save on the way out.
fn lock_on_stop() -> std::sync::MutexGuard<'static, Option<OnStop>> {
    lock(&ON_STOP)
}

fn lock<T>(mutex: &'static Mutex<T>) -> std::sync::MutexGuard<'static, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
