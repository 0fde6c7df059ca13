//! Running the real binary in a clean, private environment: `NO_COLOR=1`, no backtraces, and
//! temporary home, config and data folders, so that the developer's own config, vault or journal
//! never leaks into a test. The folders live as long as the `Env`.
#![allow(dead_code)] // each test file uses its own part of this

pub mod after;
pub mod pseudo;

use assert_cmd::Command;
use repair_coach::journal::{Journal, Summary};
use repair_coach::model::{
    AnswerValue, AnswerWords, Answered, AskLater, CouldSay, Kind, Model, SessionRecord, Status,
};
use rexpect::session::PtySession;
use std::path::{Path, PathBuf};

pub struct Env {
    home: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Where the vault's metadata cache is kept in this environment (`$XDG_CACHE_HOME/repair-coach`).
    pub fn cache_dir(&self) -> PathBuf {
        self.home().join("cache/repair-coach")
    }

    /// Where sessions are kept by default in this environment (`$XDG_DATA_HOME/repair-coach/journal`).
    pub fn journal_dir(&self) -> PathBuf {
        self.home().join("data/repair-coach/journal")
    }

    fn vars(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let home = self.home();
        vec![
            ("PATH", std::env::var_os("PATH").unwrap_or_default()),
            ("HOME", home.into()),
            ("XDG_CONFIG_HOME", home.join("config").into()),
            ("XDG_DATA_HOME", home.join("data").into()),
            ("XDG_CACHE_HOME", home.join("cache").into()),
            ("NO_COLOR", "1".into()),
            ("RUST_BACKTRACE", "0".into()),
            ("TERM", "xterm-256color".into()),
        ]
    }

    /// The binary with piped stdin/stdout, as a script or a screen reader would run it.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("repair-coach").unwrap();
        cmd.env_clear().envs(self.vars());
        cmd
    }

    /// The binary with this environment, for a pseudo-terminal (see [`in_pty`]).
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("repair-coach"));
        cmd.env_clear().envs(self.vars()).args(args);
        cmd
    }

    /// Another program (a shell, say) in this environment, with the binary first on its `PATH`,
    /// as `cargo install` leaves it.
    pub fn program(&self, program: &str) -> std::process::Command {
        let bin = assert_cmd::cargo::cargo_bin("repair-coach");
        let mut path = std::ffi::OsString::from(bin.parent().unwrap());
        path.push(":");
        path.push(std::env::var_os("PATH").unwrap_or_default());
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear().envs(self.vars()).env("PATH", path);
        cmd
    }

    /// The binary with this environment, run by `sh` after `stty` has made the terminal
    /// `rows` tall and 80 wide (a pseudo-terminal starts with no size at all).
    pub fn process_in_rows(&self, rows: u16, args: &[&str]) -> std::process::Command {
        self.process_sized(rows, 80, args)
    }

    /// [`Env::process_in_rows`], `cols` wide.
    pub fn process_sized(&self, rows: u16, cols: u16, args: &[&str]) -> std::process::Command {
        let mut cmd = self.program("sh");
        cmd.arg("-c")
            .arg(format!(
                "stty rows {rows} cols {cols} && exec repair-coach \"$@\""
            ))
            .arg("sh")
            .args(args);
        cmd
    }

    /// The binary in a pseudo-terminal, as a person at a terminal would run it, with escape
    /// sequences stripped from what is read back.
    pub fn pty(&self, args: &[&str]) -> PtySession {
        in_pty(self.process(args), true)
    }

    /// Moves the end of every journal entry two hours back, as if its session had finished a
    /// while ago (`start` offers to look back on a talk only an hour after its session).
    pub fn finished_a_while_ago(&self) {
        let journal = Journal::open(&self.journal_dir()).unwrap();
        for entry in journal.list().0 {
            let (mut open, mut record) = journal.reopen(&entry.id).unwrap();
            record.updated -= chrono::TimeDelta::hours(2);
            open.save(&record, &shipped_answer_words()).unwrap();
        }
    }

    /// The journal's entries, newest first; panics if any file could not be read.
    pub fn entries(&self) -> Vec<Summary> {
        let (entries, findings) = Journal::open(&self.journal_dir()).unwrap().list();
        assert!(
            findings.is_empty(),
            "unreadable journal files: {findings:?}"
        );
        entries
    }
}

/// Spawns `cmd` in a pseudo-terminal; `strip` removes escape sequences from what is read back.
pub fn in_pty(cmd: std::process::Command, strip: bool) -> PtySession {
    // Generous: CI has two cores; nothing here waits unless the binary is slow or stuck.
    let options = rexpect::reader::Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(strip);
    rexpect::session::spawn_with_options(cmd, options).expect("spawn in a pty")
}

fn answer(id: &str, value: AnswerValue, label: Option<&str>, text: &str) -> Answered {
    Answered {
        id: id.into(),
        section: format!("Section {text}"),
        question: format!("Question {text}?"),
        value,
        label: label.map(Into::into),
    }
}

/// Writes a finished journal entry started at `started` (RFC 3339) with every kind of answer,
/// `text` in its words; returns its id.
pub fn write_entry(journal: &Path, started: &str, kind: Kind, text: &str) -> String {
    let now = chrono::DateTime::parse_from_rfc3339(started).unwrap();
    let mut record = SessionRecord::new(kind, now);
    record.status = Status::Complete;
    record.side = Some("hurt".into());
    record.activation_before = Some(6);
    record.activation_after = Some(3);
    record.skill = Some("Repair".into());
    record.answers = vec![
        answer(
            "side",
            AnswerValue::Choice("hurt".into()),
            Some("I hurt someone"),
            text,
        ),
        answer("activation.before", AnswerValue::Scale(6), None, text),
        answer("repair.2.1", AnswerValue::Text(text.into()), None, text),
        answer("breathing", AnswerValue::YesNo(false), None, text),
        answer("attunement.1", AnswerValue::Done, None, text),
    ];
    record.could_say = Some(CouldSay {
        title: format!("What you could say {text}"),
        sentences: vec![format!("I'm sorry {text}.")],
        later: Some(AskLater {
            lead: format!("Then you could ask {text}:"),
            sentences: vec![format!("Could you wait {text}?")],
        }),
    });
    let session = Journal::open(journal)
        .unwrap()
        .create(&record, &shipped_answer_words())
        .unwrap();
    session.id.clone()
}

/// A session at 2026-11-30 21:05 with "tonight" in its words, and a check-in of no words the
/// next morning at 08:15: the session's id.
pub fn session_and_checkin(journal: &Path) -> String {
    let id = write_entry(
        journal,
        "2026-11-30T21:05:00+00:00",
        Kind::Session,
        "tonight",
    );
    write_entry(journal, "2026-12-01T08:15:00+00:00", Kind::Checkin, "");
    id
}

/// The names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// The permission bits of the file or folder at `path` itself (not of a link's target).
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// How the shipped Journal Entries note writes an answer that is not words.
pub fn shipped_answer_words() -> AnswerWords {
    let vault = repair_coach::vault::Vault::shipped();
    match &vault.get("Journal Entries").unwrap().model {
        Model::JournalWords(words) => words.answers.clone(),
        other => panic!("the shipped Journal Entries note is {other:?}"),
    }
}
