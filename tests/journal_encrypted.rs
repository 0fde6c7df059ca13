//! An encrypted journal through the real binary: nothing readable on disk after a whole session,
//! every reading command opening it with one passphrase, a wrong passphrase changing nothing,
//! `journal encrypt` and `decrypt` losing nothing even when killed part way, and the standard
//! `age` tool opening a note (where it is installed).
mod support;

use nix::sys::wait::WaitStatus;
use repair_coach::model::Status;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::Env;

const PASSPHRASE: &str = "river stone lantern";
const ANSWER: &str = "I kept looking at my phone while you talked";
/// A whole "I hurt someone" session in plain mode.
const SESSION: &str = "1\n1\n3\n2\nhurt and left out\n\nI kept looking at my phone while you talked\nyou are my favourite person\nI'll sit with you and listen\n2\n";

/// scrypt at a tiny work factor (debug builds only): the tests open many notes.
const FAST: (&str, &str) = ("REPAIR_COACH_SCRYPT_WORK_FACTOR", "10");

fn config(env: &Env, text: &str) {
    let dir = env.home().join("config/repair-coach");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

/// `encrypt = true`, the passphrase given by a command, as a script would.
fn encrypted_env() -> Env {
    let env = Env::new();
    config(
        &env,
        &format!("encrypt = true\npassphrase_command = \"echo '{PASSPHRASE}'\"\n"),
    );
    env
}

/// `args` run in a pseudo-terminal, the scrypt work factor lowered; `strip` takes escape
/// sequences out of what is read back.
fn pty(env: &Env, args: &[&str], strip: bool) -> rexpect::session::PtySession {
    let mut cmd = env.process(args);
    cmd.env(FAST.0, FAST.1);
    support::in_pty(cmd, strip)
}

fn run(env: &Env, args: &[&str], input: &str) -> (i32, String, String) {
    let output = env
        .cmd()
        .env(FAST.0, FAST.1)
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Every file under `dir`, by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.path().strip_prefix(dir).unwrap().display().to_string();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_whole_session_leaves_no_answer_on_disk_and_journal_show_reads_it() {
    let env = encrypted_env();
    let (code, out, err) = run(&env, &["start", "--plain"], SESSION);
    assert_eq!(code, 0, "{out}{err}");

    let on_disk = files(&env.journal_dir());
    assert_eq!(
        on_disk.len(),
        1,
        "one note and nothing else: {:?}",
        on_disk.keys()
    );
    let (name, bytes) = on_disk.iter().next().unwrap();
    assert!(name.ends_with(".md.age"), "{name}");
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    for words in [
        ANSWER,
        "phone",
        "favourite person",
        "hurt and left out",
        "repair_session",
    ] {
        for (name, bytes) in &files(env.home()) {
            assert!(!contains(bytes, words), "{words:?} is readable in {name}");
        }
    }

    let id = name.trim_end_matches(".md.age");
    let (code, out, err) = run(&env, &["journal", "show", id], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(ANSWER), "{out}");
    let (code, out, _) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 0);
    assert!(out.contains("hurt and left out"), "{out}");
    let (code, out, _) = run(&env, &["journal", "export", "--format", "json"], "");
    assert_eq!(code, 0);
    assert!(out.contains(ANSWER), "{out}");
    // Deleted like a plain one, once the passphrase has opened it to say what it is.
    let (code, out, err) = run(&env, &["journal", "delete", id], "2\n");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Delete the session from"), "{out}");
    assert!(files(&env.journal_dir()).is_empty());
}

#[test]
fn resume_and_reflect_work_on_an_encrypted_journal() {
    let env = encrypted_env();
    // Cut short after the first typed answer: saved, encrypted, paused.
    let (code, ..) = run(
        &env,
        &["start", "--plain"],
        "1\n1\n3\n2\nhurt and left out\n",
    );
    assert_eq!(code, 0);
    let (code, out, err) = run(
        &env,
        &["resume", "--plain"],
        "\nI raised my voice\nyou matter\n\n1\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(
        &env,
        &["reflect", "--plain"],
        "I rushed to explain\nI will ask first\n",
    );
    assert_eq!(code, 0, "{out}{err}");
    for (name, bytes) in files(&env.journal_dir()) {
        assert!(name.ends_with(".md.age"), "{name}");
        for words in ["raised my voice", "rushed to explain"] {
            assert!(!contains(&bytes, words), "{words:?} readable in {name}");
        }
    }
    let entries = journal_entries(&env);
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert!(
        entries
            .iter()
            .any(|(status, text)| *status == Status::Complete && text.contains("raised my voice"))
    );
    assert!(
        entries
            .iter()
            .any(|(_, text)| text.contains("rushed to explain"))
    );
}

/// Each entry's status and its export, read back through the binary.
fn journal_entries(env: &Env) -> Vec<(Status, String)> {
    let (code, out, err) = run(env, &["journal", "export", "--format", "json"], "");
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let status = serde_json::from_value(e["status"].clone()).unwrap();
            (status, e.to_string())
        })
        .collect()
}

/// A command that leaves a process running is taken at its word once it ends; one that prints a
/// file's worth is told so; each error says where the command was set.
#[test]
fn a_passphrase_command_is_waited_for_as_long_as_it_runs_and_its_output_is_bounded() {
    let env = encrypted_env();
    run(&env, &["start", "--plain"], SESSION);
    // The process left running holds the command's output open, not the test's.
    config(
        &env,
        &format!(
            "encrypt = true\npassphrase_command = \"sleep 60 2>/dev/null & echo '{PASSPHRASE}'\"\n"
        ),
    );
    let mut listing = env.cmd();
    listing.env(FAST.0, FAST.1).args(["journal", "list"]);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(listing.output().unwrap()).unwrap());
    let listed = rx
        // Well before the process left running ends, which would end the wait too.
        .recv_timeout(std::time::Duration::from_secs(45))
        .expect("the list waited for the process the command left running");
    assert!(listed.status.success(), "{listed:?}");
    let out = String::from_utf8(listed.stdout).unwrap();
    assert!(out.contains("complete"), "{out}");

    config(&env, "encrypt = true\npassphrase_command = \"yes\"\n");
    let (code, _, err) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 1);
    assert!(err.contains("printed more than 64 KiB"), "{err}");
    assert!(
        err.contains("`passphrase_command` in the config file"),
        "{err}"
    );
}

#[test]
fn a_wrong_passphrase_from_a_command_changes_nothing_and_says_so() {
    let env = encrypted_env();
    run(&env, &["start", "--plain"], SESSION);
    let before = files(env.home());
    config(
        &env,
        "encrypt = true\npassphrase_command = \"echo wrong words\"\n",
    );
    let before_config_change: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(name, _)| !name.ends_with("config.toml"))
        .collect();
    for args in [
        &["journal", "list"][..],
        &["start", "--plain"],
        &["journal", "decrypt"],
    ] {
        let (code, out, err) = run(&env, args, SESSION);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(err.contains("does not open the journal"), "{err}");
        assert!(
            !out.contains(&start_of_safety_question()),
            "asked nothing: {out}"
        );
    }
    let after: BTreeMap<_, _> = files(env.home())
        .into_iter()
        .filter(|(name, _)| !name.ends_with("config.toml"))
        .collect();
    assert_eq!(
        after, before_config_change,
        "every file byte for byte as it was"
    );
}

fn start_of_safety_question() -> String {
    let plan =
        repair_coach::coach::Plan::from_vault(&repair_coach::vault::Vault::shipped()).unwrap();
    plan.guide.safety_check.question.chars().take(20).collect()
}

#[test]
fn a_wrong_passphrase_typed_three_times_changes_nothing() {
    let env = encrypted_env();
    run(&env, &["start", "--plain"], SESSION);
    config(&env, "encrypt = true\n");
    let before = files(env.home());
    let mut p = pty(&env, &["start"], true);
    let mut said = String::new();
    for attempt in 1..=3 {
        said += &p.exp_string("Passphrase for your journal").unwrap();
        p.send_line(&format!("not it {attempt}")).unwrap();
    }
    said += &p.exp_eof().unwrap();
    assert_eq!(
        said.matches("does not open the journal. Try again.")
            .count(),
        2,
        "{said}"
    );
    assert!(
        said.contains("3 times, so nothing was opened or changed"),
        "{said}"
    );
    assert!(
        !said.contains("not it"),
        "the passphrase is never echoed: {said}"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 1)
    ));
    assert_eq!(
        files(env.home()),
        before,
        "every file byte for byte as it was"
    );
}

#[test]
fn the_passphrase_comes_before_the_safety_question_when_several_skills_are_the_focus() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Making Tea.md"),
        "---\nfileClass: core_skill\ndescription: Making tea together.\n\
         steps: [\"Step 1: Boil the water\"]\ncurrent_focus: true\n---\n",
    )
    .unwrap();
    let mut p = pty(&env, &["--vault", vault.to_str().unwrap(), "start"], true);
    let before = p.exp_string("Choose a passphrase").unwrap();
    assert!(!before.contains(&start_of_safety_question()), "{before}");
    p.send_line(PASSPHRASE).unwrap();
    p.exp_string("Type it again").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_string(&start_of_safety_question()).unwrap();
    p.send("\x1b").unwrap(); // leave at once
    p.flush().unwrap();
    p.exp_eof().unwrap();
}

/// The passphrase is asked in the words of the vault's Journal Entries note; a copy of it that
/// sets only some of them keeps the shipped ones for the rest.
#[test]
fn the_passphrase_is_asked_in_the_vaults_words() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Journal Entries.md"),
        "---\nfileClass: journal_guide\npassphrase:\n  choose: \"Pick a secret phrase: \"\n\
         \x20 not_the_same: Those differ, try again.\n---\n",
    )
    .unwrap();
    let mut p = pty(&env, &["--vault", vault.to_str().unwrap(), "start"], true);
    p.exp_string("Pick a secret phrase: ").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_string("Type it again: ").unwrap();
    p.send_line("another").unwrap();
    p.exp_string("Those differ, try again.").unwrap();
    p.exp_string("Pick a secret phrase: ").unwrap();
    p.send("\x1b").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
}

/// Ctrl-C at the passphrase stops with 130, its line ended, and nothing written.
#[test]
fn ctrl_c_at_the_passphrase_stops_on_a_line_of_its_own() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    let mut p = pty(&env, &["start"], true);
    p.exp_string("Choose a passphrase for your journal: ")
        .unwrap();
    p.send("half\x03").unwrap();
    p.flush().unwrap();
    let said = p.exp_eof().unwrap();
    assert!(said.ends_with('\n'), "the line ended: {said:?}");
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 130)
    ));
    assert!(!env.journal_dir().exists(), "no journal begun");
}

#[test]
fn ctrl_d_at_an_empty_passphrase_ends_the_command_and_writes_nothing() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    let mut p = pty(&env, &["start"], true);
    p.exp_string("Choose a passphrase for your journal: ")
        .unwrap();
    // With letters typed, Ctrl-D is not the end; on the empty line it is.
    p.send("ab\x04\x7f\x7f\x04").unwrap();
    p.flush().unwrap();
    let said = p.exp_eof().unwrap();
    assert!(
        said.contains("no passphrase was typed, so nothing was opened or changed"),
        "{said:?}"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 1)
    ));
    assert!(!env.journal_dir().exists(), "no journal begun");
}

/// Someone may come in while the passphrase is typed: Esc leaves at once there too, the screen
/// cleared, nothing written.
#[test]
fn esc_at_the_passphrase_leaves_at_once_and_writes_nothing() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    // Keep escape sequences: the clearing is what is tested.
    let mut p = pty(&env, &["start"], false);
    p.exp_string("Choose a passphrase").unwrap();
    p.send("half a passphrase\x1b").unwrap();
    p.flush().unwrap();
    let said = p.exp_eof().unwrap();
    assert!(
        said.ends_with("\x1b[H\x1b[2J\x1b[3J\x1b[?25h"),
        "cleared, and nothing after: {said:?}"
    );
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
    assert!(!env.journal_dir().exists(), "no journal begun");
}

#[test]
fn a_new_passphrase_is_typed_twice_without_echo_before_the_first_question() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    let mut p = pty(&env, &["start"], true);
    p.exp_string("Choose a passphrase").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_string("Type it again").unwrap();
    p.send_line("a different one").unwrap();
    p.exp_string("not the same").unwrap();
    p.exp_string("Choose a passphrase").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_string("Type it again").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    let asked = p.exp_string(&start_of_safety_question()).unwrap();
    assert!(
        !asked.contains(PASSPHRASE) && !asked.contains("different"),
        "{asked}"
    );
    p.send("\r").unwrap(); // safe
    p.flush().unwrap();
    p.exp_string("Which of these").unwrap();
    p.send("\r").unwrap(); // the first side
    p.flush().unwrap();
    p.exp_string("How stirred up").unwrap();
    p.send("\x1b").unwrap(); // leave at once: saved, encrypted
    p.flush().unwrap();
    p.exp_eof().unwrap();
    let on_disk = files(&env.journal_dir());
    assert_eq!(on_disk.len(), 1);
    assert!(
        on_disk.keys().all(|name| name.ends_with(".md.age")),
        "{on_disk:?}"
    );

    // Read back with the same passphrase, from a command this time.
    let cmd_env = [(
        "REPAIR_COACH_PASSPHRASE_COMMAND",
        format!("echo '{PASSPHRASE}'"),
    )];
    let output = env
        .cmd()
        .env(FAST.0, FAST.1)
        .envs(cmd_env)
        .args(["journal", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("paused"));
}

#[test]
fn no_terminal_and_no_passphrase_command_is_a_clear_error_before_anything_is_written() {
    let env = Env::new();
    config(&env, "encrypt = true\n");
    let (code, out, err) = run(&env, &["start", "--plain"], SESSION);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("passphrase_command"), "{err}");
    assert!(
        !env.journal_dir().exists(),
        "nothing written, not even the folder"
    );
}

/// Plain notes made by whole sessions, as the journal holds them before it is encrypted.
fn plain_journal(env: &Env, sessions: usize) -> BTreeMap<String, Vec<u8>> {
    for _ in 0..sessions {
        let (code, ..) = run(env, &["start", "--plain"], SESSION);
        assert_eq!(code, 0);
    }
    files(&env.journal_dir())
}

#[test]
fn encrypt_then_decrypt_gives_back_the_original_bytes_and_a_mixed_journal_works() {
    let env = Env::new();
    let original = plain_journal(&env, 3);
    assert_eq!(original.len(), 3);
    config(
        &env,
        &format!("passphrase_command = \"echo '{PASSPHRASE}'\"\n"),
    );

    let (code, out, err) = run(&env, &["journal", "encrypt"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 notes encrypted"), "{out}");
    // Where to keep them so, named: the config file this run reads.
    let file = env.home().join("config/repair-coach/config.toml");
    assert!(
        out.contains(&format!(
            "add the line `encrypt = true` to {}.",
            file.display()
        )),
        "{out}"
    );
    let sealed = files(&env.journal_dir());
    assert!(sealed.keys().all(|n| n.ends_with(".md.age")), "{sealed:?}");
    for bytes in sealed.values() {
        assert!(!contains(bytes, ANSWER));
    }

    // A plaintext note written after (encrypt is not on): both kinds are read, and with
    // `encrypt = true` the plaintext one is named.
    let (code, ..) = run(&env, &["start", "--plain"], SESSION);
    assert_eq!(code, 0);
    let plain_name = files(&env.journal_dir())
        .into_keys()
        .find(|n| n.ends_with(".md") && !n.ends_with(".md.age"))
        .expect("a plaintext note");
    config(
        &env,
        &format!("encrypt = true\npassphrase_command = \"echo '{PASSPHRASE}'\"\n"),
    );
    let (code, out, err) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(
        err.contains(&plain_name) && err.contains("not encrypted"),
        "{err}"
    );
    std::fs::remove_file(env.journal_dir().join(&plain_name)).unwrap();

    let (code, out, err) = run(&env, &["journal", "decrypt"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 notes decrypted"), "{out}");
    assert!(files(&env.journal_dir()) == original, "byte for byte");
}

#[test]
fn decrypt_cut_short_at_its_last_note_finishes_when_run_again() {
    // The state `journal decrypt` leaves when killed after writing its last note's plaintext
    // and before removing that note's encrypted file: every note reads as plaintext, and one
    // still has its encrypted twin, older.
    let env = Env::new();
    let original = plain_journal(&env, 2);
    let last = original.keys().next_back().unwrap();
    let twin = env.journal_dir().join(format!("{last}.age"));
    let passphrase = format!("passphrase_command = \"echo '{PASSPHRASE}'\"\n");
    config(&env, &passphrase);
    let (code, _, err) = run(&env, &["journal", "encrypt"], "");
    assert_eq!(code, 0, "{err}");
    let sealed = std::fs::read(&twin).unwrap();
    let (code, _, err) = run(&env, &["journal", "decrypt"], "");
    assert_eq!(code, 0, "{err}");
    std::fs::write(&twin, &sealed).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&twin)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();

    // A passphrase that does not open the twin is told, and nothing is removed.
    config(&env, "passphrase_command = \"echo wrong words\"\n");
    let (code, _, err) = run(&env, &["journal", "decrypt"], "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not open the journal"), "{err}");
    assert!(twin.exists());

    config(&env, &passphrase);
    let (code, out, err) = run(&env, &["journal", "decrypt"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 note decrypted"), "{out}");
    assert!(files(&env.journal_dir()) == original, "byte for byte");
}

#[test]
fn journal_encrypt_killed_at_random_points_loses_nothing_and_finishes_when_run_again() {
    let env = Env::new();
    let original = plain_journal(&env, 12);
    config(
        &env,
        &format!("passphrase_command = \"echo '{PASSPHRASE}'\"\n"),
    );
    // A seed from the clock, printed, so that a failure can be told apart from the next run.
    let mut seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("seed {seed}");
    for round in 0..6 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let to_sealed = round % 2 == 0;
        let (command, made) = if to_sealed {
            ("encrypt", ".md.age")
        } else {
            ("decrypt", ".md")
        };
        // Killed once a random number of notes are done, a random moment after.
        let done_before_kill = 1 + (seed >> 40) as usize % (original.len() - 1);
        let extra = Duration::from_micros((seed >> 20) % 3000);
        let mut child = env.process(&["journal", command]);
        child.env(FAST.0, "13").stdout(std::process::Stdio::null());
        let mut child = child.spawn().unwrap();
        // Names only: files come and go while it runs.
        let made_count = || {
            std::fs::read_dir(env.journal_dir())
                .unwrap()
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.ends_with(made) && !n.starts_with('.'))
                .count()
        };
        while made_count() < done_before_kill && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(extra);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let delay = format!("{done_before_kill} notes and {extra:?}");
        // Whatever was cut short, every note reads whole, in one kind or the other.
        let (code, out, err) = run(&env, &["journal", "list"], "");
        assert_eq!(code, 0, "round {round} after {delay:?}: {err}");
        assert_eq!(
            out.lines().count(),
            original.len(),
            "round {round}: {out}{err}"
        );
        assert!(err.is_empty(), "round {round}: {err}");
        // Running again finishes the job.
        let (code, _, err) = run(&env, &["journal", command], "");
        assert_eq!(code, 0, "{err}");
    }
    let (code, _, err) = run(&env, &["journal", "decrypt"], "");
    assert_eq!(code, 0, "{err}");
    // The notes; a kill can leave an empty lock file, which holds nothing and is ignored.
    let notes: BTreeMap<_, _> = files(&env.journal_dir())
        .into_iter()
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    assert!(
        notes == original,
        "every note, byte for byte: {:?}",
        notes.keys()
    );
}

#[test]
fn the_age_tool_opens_a_journal_note() {
    if std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: the `age` tool is not installed (apt-get install age)");
        return;
    }
    let env = encrypted_env();
    run(&env, &["start", "--plain"], SESSION);
    let (name, _) = files(&env.journal_dir()).into_iter().next().unwrap();
    let note = env.journal_dir().join(&name);
    let out = env.home().join("opened.md");
    let mut age = std::process::Command::new("age");
    age.arg("-d").arg("-o").arg(&out).arg(&note);
    let mut p = support::in_pty(age, true);
    p.exp_string("Enter passphrase").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_eof().unwrap();
    let opened = std::fs::read_to_string(&out).unwrap();
    assert!(
        opened.starts_with("---\nfileClass: repair_session\n"),
        "{opened}"
    );
    assert!(opened.contains(ANSWER), "{opened}");
}

#[test]
fn a_damaged_encrypted_note_is_named_and_the_others_still_open() {
    let env = encrypted_env();
    run(&env, &["start", "--plain"], SESSION);
    let damaged = env.journal_dir().join("2020-01-01-0000.md.age");
    std::fs::write(&damaged, "not an age file").unwrap();
    let (code, out, err) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 1, "one note is missing from the list: {err}");
    assert!(out.contains("hurt and left out"), "{out}");
    assert!(
        err.contains("2020-01-01-0000.md.age") && err.contains("not a readable age file"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&damaged).unwrap(),
        b"not an age file",
        "left as it was"
    );
}

#[test]
fn a_note_encrypted_by_the_age_tool_opens_here() {
    if std::process::Command::new("age")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: the `age` tool is not installed (apt-get install age)");
        return;
    }
    let env = Env::new();
    let original = plain_journal(&env, 1);
    let (name, bytes) = original.into_iter().next().unwrap();
    let plain = env.journal_dir().join(&name);
    let sealed = env.journal_dir().join(format!("{name}.age"));
    let mut age = std::process::Command::new("age");
    age.arg("-p").arg("-o").arg(&sealed).arg(&plain);
    let mut p = support::in_pty(age, true);
    p.exp_string("Enter passphrase").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_string("Confirm passphrase").unwrap();
    p.send_line(PASSPHRASE).unwrap();
    p.exp_eof().unwrap();
    std::fs::remove_file(&plain).unwrap();

    config(
        &env,
        &format!("passphrase_command = \"echo '{PASSPHRASE}'\"\n"),
    );
    let (code, out, err) = run(&env, &["journal", "decrypt"], "");
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read(&plain).unwrap(), bytes, "the note as it was");
}
