//! Whole sessions through the real binary in plain mode, answers piped on stdin as a script or a
//! screen reader would give them: complete, cut by end of input then resumed, ended for safety,
//! paused for a break, a reflection, and the journal commands over what was saved.
mod support;

use repair_coach::coach::Plan;
use repair_coach::model::{AnswerValue, Kind, Status};
use repair_coach::vault::Vault;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use support::Env;

/// The answers of a complete "I hurt someone" session, in the order the shipped guide asks.
const SAFE_HURT_CALM: &str = "1\n1\n3\n2\n";
const STEPS_2_TO_5: &str = "hurt and left out\n\nI kept looking at my phone while you talked\nyou are my favourite person\nI'll sit with you and listen\n";
const CLOSE: &str = "2\n";

fn plan() -> Plan {
    Plan::from_vault(&Vault::shipped()).unwrap()
}

fn run(env: &Env, args: &[&str], input: &str) -> (i32, String) {
    let output = env.cmd().args(args).write_stdin(input).output().unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text += &String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap_or(-1), text)
}

fn text_answer<'a>(record: &'a repair_coach::model::SessionRecord, id: &str) -> &'a str {
    let answer = record.answers.iter().find(|a| a.id == id);
    match answer.map(|a| &a.value) {
        Some(AnswerValue::Text(text)) => text,
        other => panic!("{id}: expected a text answer, got {other:?}"),
    }
}

#[test]
fn a_complete_session_walks_every_step_and_keeps_every_answer() {
    let env = Env::new();
    let input = format!("{SAFE_HURT_CALM}{STEPS_2_TO_5}{CLOSE}");
    let (code, out) = run(&env, &["start", "--plain"], &input);
    assert_eq!(code, 0, "{out}");

    let plan = plan();
    for step in &plan.skill.steps {
        assert!(
            out.contains(&step.title),
            "step {:?} not shown:\n{out}",
            step.title
        );
    }
    assert!(out.contains(&plan.guide.close.could_say_title));
    assert!(
        out.contains("hurt and left out"),
        "their words come back to them:\n{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "plain mode writes no escape sequences"
    );

    let entries = env.entries();
    assert_eq!(entries.len(), 1);
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Complete);
    assert_eq!(record.kind, Kind::Session);
    assert_eq!(record.side.as_deref(), Some("hurt"));
    assert_eq!(record.activation_before, Some(3));
    assert_eq!(record.activation_after, Some(2));
    assert_eq!(text_answer(record, "repair.2.1"), "hurt and left out");
    assert_eq!(
        text_answer(record, "repair.4.1"),
        "you are my favourite person"
    );
    assert!(
        record.answers.iter().all(|a| a.id != "safety"),
        "the safety answer is never kept"
    );

    let mode = std::fs::metadata(&entries[0].path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(env.journal_dir())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o777, 0o700);
}

#[test]
fn end_of_input_pauses_and_resume_carries_on_at_the_next_question_keeping_hand_edits() {
    let env = Env::new();
    // Stop right after the first answer of step 2.
    let (code, out) = run(
        &env,
        &["start", "--plain"],
        &format!("{SAFE_HURT_CALM}hurt and left out\n"),
    );
    assert_eq!(code, 0, "{out}");
    let entries = env.entries();
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Paused);
    assert!(
        out.contains(&format!("repair-coach resume {}", entries[0].id)),
        "{out}"
    );
    // Given tags by hand in Obsidian meanwhile: resume writes the note again with them.
    let path = env.journal_dir().join(format!("{}.md", entries[0].id));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("---\n", "---\ntags: [hard-talk]\n", 1)).unwrap();

    let rest: String = STEPS_2_TO_5.split_once('\n').unwrap().1.to_owned() + CLOSE;
    let (code, out) = run(&env, &["resume", "--plain"], &rest);
    assert_eq!(code, 0, "{out}");
    let plan = plan();
    let step_2 = &plan.skill.steps[1].title;
    let step_3 = &plan.skill.steps[2].title;
    let at_3 = out.find(step_3.as_str()).expect("step 3 is asked");
    assert!(
        out.find(step_2.as_str()).is_none_or(|at_2| at_2 < at_3),
        "resume starts in step 2 at the question after the one answered, not from the top"
    );

    let entries = env.entries();
    assert_eq!(entries.len(), 1, "resume continues the same session");
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Complete);
    assert_eq!(text_answer(record, "repair.2.1"), "hurt and left out");
    assert_eq!(
        text_answer(record, "repair.3.1"),
        "I kept looking at my phone while you talked"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\ntags:\n- hard-talk\n"), "{text}");
}

#[test]
fn not_safe_ends_kindly_and_writes_nothing_at_all() {
    let env = Env::new();
    let (code, out) = run(&env, &["start", "--plain"], "2\n");
    assert_eq!(code, 0, "{out}");
    let plan = plan();
    let first_line = plan
        .safety
        .text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap();
    let words: Vec<&str> = first_line.split_whitespace().take(4).collect();
    assert!(
        out.contains(&words.join(" ")),
        "the safety note is shown:\n{out}"
    );
    assert!(
        !out.contains(&plan.skill.steps[1].title),
        "no repair coaching follows"
    );
    // Not even the journal folder: nothing that someone checking the computer could find.
    assert!(!env.journal_dir().exists(), "the journal folder was made");
}

#[test]
fn still_very_stirred_up_offers_a_break_and_says_how_to_come_back() {
    let env = Env::new();
    let (code, out) = run(&env, &["start", "--plain"], "1\n1\n9\n2\n1\n");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("20 minutes"), "{out}");
    let entries = env.entries();
    assert_eq!(entries[0].record.status, Status::Paused);
    assert!(out.contains(&format!("repair-coach resume {}", entries[0].id)));
}

#[test]
fn stopping_at_the_first_question_saves_nothing() {
    let env = Env::new();
    let (code, out) = run(&env, &["start", "--plain"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Nothing was saved"), "{out}");
    assert!(env.entries().is_empty());
}

#[test]
fn a_journal_folder_given_on_the_command_line_is_in_the_resume_command() {
    let env = Env::new();
    let dir = env.home().join("my journal");
    let dir_arg = dir.to_str().unwrap();
    let (_, out) = run(
        &env,
        &["start", "--plain", "--journal", dir_arg],
        SAFE_HURT_CALM,
    );
    assert!(
        out.contains(&format!("--journal '{dir_arg}' resume")),
        "{out}"
    );
    let (code, out) = run(&env, &["resume", "--plain", "--journal", dir_arg], "");
    assert_eq!(code, 0, "{out}");
}

/// A folder given relative to where the session was started is said whole, so that the
/// command works from any other folder.
#[test]
fn a_relative_journal_folder_is_said_whole_in_the_resume_command() {
    let env = Env::new();
    let output = env
        .cmd()
        .current_dir(env.home())
        .args(["start", "--plain", "--journal", "rel"])
        .write_stdin(SAFE_HURT_CALM)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let whole = env.home().join("rel");
    assert!(
        out.contains(&format!(
            "repair-coach --journal {} resume ",
            whole.display()
        )),
        "{out}"
    );
}

#[test]
fn reflect_asks_the_practice_prompts_and_keeps_the_answers() {
    let env = Env::new();
    let (code, out) = run(
        &env,
        &["reflect", "--plain"],
        "Yes, with my sister\nNot that I noticed\n",
    );
    assert_eq!(code, 0, "{out}");
    let plan = plan();
    for prompt in &plan.practice.reflection_prompts {
        let start: String = prompt.chars().take(30).collect();
        assert!(out.contains(&start), "prompt {prompt:?} not asked:\n{out}");
    }
    let entries = env.entries();
    let record = &entries[0].record;
    assert_eq!(record.kind, Kind::Reflection);
    assert_eq!(record.status, Status::Complete);
    assert!(
        record
            .answers
            .iter()
            .any(|a| a.value == AnswerValue::Text("Yes, with my sister".into()))
    );
}

/// Runs `args` on input that never ends (what `source` writes, for as long as it is read) and
/// waits at most a minute for the coach to stop by itself; (exit code, what it said).
fn run_on_endless_input(env: &Env, args: &[&str], source: &str) -> (i32, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = env
        .process(args)
        .stdin(std::fs::File::open(source).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!(
                "`{}` on {source} was still asking after a minute",
                args.join(" ")
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (status.code().unwrap_or(-1), reader.join().unwrap().unwrap())
}

#[test]
fn input_that_never_fits_or_never_ends_stops_the_session_and_keeps_what_was_answered() {
    let plan = plan();
    let stopped = &plan.guide.prompts.stopped_reading;
    // A file of the same wrong answer, longer than any session: as `yes` would give it.
    let env = Env::new();
    let answers = env.home().join("answers.txt");
    let lines = format!("{SAFE_HURT_CALM}{}", "eleven\n".repeat(100_000));
    std::fs::write(&answers, lines).unwrap();
    let answers = answers.to_str().unwrap();
    let (code, out) = run_on_endless_input(&env, &["start", "--plain"], answers);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches(stopped.as_str()).count(), 1, "{out}");
    let record = &env.entries()[0].record;
    assert_eq!(record.status, Status::Paused);
    // The first question to get "eleven" was the first of step 2 (a text answer): it was taken.
    assert_eq!(text_answer(record, "repair.2.1"), "eleven");
    // A device with no line breaks at all: stopped at the first question, nothing kept.
    let env = Env::new();
    let (code, out) = run_on_endless_input(&env, &["start", "--plain"], "/dev/zero");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(stopped.as_str()), "{out}");
    assert!(env.entries().is_empty());
}

#[test]
fn journal_list_show_and_export_read_back_what_was_written() {
    let env = Env::new();
    let input = format!("{SAFE_HURT_CALM}{STEPS_2_TO_5}{CLOSE}");
    run(&env, &["start", "--plain"], &input);
    let id = env.entries()[0].id.clone();

    let (code, list) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 0);
    assert!(
        list.contains(&id) && list.contains("complete") && list.contains("hurt and left out"),
        "{list}"
    );

    let (code, shown) = run(&env, &["journal", "show", &id], "");
    assert_eq!(code, 0);
    assert!(
        shown.contains("I kept looking at my phone while you talked"),
        "{shown}"
    );
    assert!(
        shown.contains(&plan().guide.side.hurt),
        "a choice reads as the words chosen:\n{shown}"
    );
    assert!(shown.starts_with("Session · "), "{shown}");
    // "What you could say" is kept, under its own heading, after the answers.
    let title = format!("\n{}\n", plan().guide.close.could_say_title);
    let could_say = shown.find(&title).expect("what you could say is shown");
    assert!(
        shown[could_say..].contains("- I kept looking at my phone while you talked. I'm sorry."),
        "{shown}"
    );

    let (code, json) = run(&env, &["journal", "export", "--format", "json"], "");
    assert_eq!(code, 0);
    let export: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(export["version"], 1);
    let records = &export["entries"];
    assert_eq!(records[0]["id"], id.as_str());
    assert_eq!(records[0]["status"], "complete");
    let (_, listed) = run(&env, &["journal", "list", "--json"], "");
    assert_eq!(
        listed, json,
        "journal list --json and export --json are one shape"
    );

    let (code, md) = run(&env, &["journal", "export", &id], "");
    assert_eq!(code, 0);
    assert!(md.starts_with("---\nfileClass: repair_session\n"), "{md}");
    assert!(
        md.contains("skill: '[[Repair]]'\n"),
        "a link to the skill: {md}"
    );
    assert!(md.contains("<!-- could_say -->\n- "), "{md}");
}

#[test]
fn an_export_is_kept_private_in_a_new_file_or_said_when_others_can_read_it() {
    let env = Env::new();
    let input = format!("{SAFE_HURT_CALM}{STEPS_2_TO_5}{CLOSE}");
    run(&env, &["start", "--plain"], &input);
    let (_, on_stdout) = run(&env, &["journal", "export"], "");
    let folder = env.home().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let listed = || std::fs::read_dir(&folder).unwrap().count();

    // --output: a new file only the person can read, holding what stdout would.
    let file = folder.join("journal.md");
    let (code, said) = run(
        &env,
        &["journal", "export", "-o", file.to_str().unwrap()],
        "",
    );
    assert_eq!((code, said.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), on_stdout);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // Never over a file, or a link, already there; and no temp file left beside them.
    std::fs::write(&file, "kept").unwrap();
    let other = folder.join("other.txt");
    std::fs::write(&other, "not mine to change").unwrap();
    let link = folder.join("link.md");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    for taken in [&file, &link] {
        let (code, said) = run(
            &env,
            &["journal", "export", "-o", taken.to_str().unwrap()],
            "",
        );
        assert_eq!(code, 1, "{said}");
        assert!(
            said.contains("is already there, so nothing was written"),
            "{said}"
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "kept");
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "not mine to change"
    );
    assert_eq!(listed(), 3);

    // Redirected into a file: a word when others can read that file, none when they cannot.
    for (mode, warned) in [(0o644, true), (0o600, false)] {
        let file = folder.join(format!("redirected-{mode:o}.md"));
        let out = std::fs::OpenOptions::new()
            .create_new(true)
            .write(true)
            .mode(mode)
            .open(&file)
            .unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = env
            .process(&["journal", "export"])
            .stdout(out)
            .output()
            .unwrap();
        assert!(output.status.success());
        let said = String::from_utf8(output.stderr).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), on_stdout);
        assert_eq!(
            said.contains("other accounts on this computer can read this export"),
            warned,
            "{said}"
        );
        if warned {
            assert!(
                said.contains(&format!("chmod 600 {}", file.display())),
                "{said}"
            );
        }
    }
}

#[test]
fn a_journal_file_broken_by_hand_is_reported_and_skipped_never_overwritten() {
    let env = Env::new();
    run(
        &env,
        &["start", "--plain"],
        &format!("{SAFE_HURT_CALM}{STEPS_2_TO_5}{CLOSE}"),
    );
    let broken = env.journal_dir().join("2020-01-01-0000.md");
    let text = "---\nfileClass: repair_session\nstatus: [oops\n---\n";
    std::fs::write(&broken, text).unwrap();

    let (code, out) = run(&env, &["journal", "list"], "");
    assert_eq!(code, 1, "one entry is missing from the list: {out}");
    assert!(
        out.contains("2020-01-01-0000.md:"),
        "the broken file is named with its line:\n{out}"
    );
    assert!(
        out.contains("complete"),
        "the good entry is still listed:\n{out}"
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), text);
}

#[test]
fn a_reflection_stopped_before_its_first_answer_keeps_nothing() {
    let env = Env::new();
    let (code, out) = run(&env, &["reflect", "--plain"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Nothing was saved."), "{out}");
    assert!(env.entries().is_empty());
    let (code, out) = run(&env, &["reflect", "--plain"], "\n");
    assert_eq!(code, 0, "{out}");
    assert_eq!(env.entries().len(), 1, "{out}");
}

#[test]
fn ctrl_c_in_plain_mode_saves_what_was_answered_and_exits_130() {
    use std::io::{BufRead, BufReader, Write};
    let env = Env::new();
    let mut child = env
        .process(&["start", "--plain"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{SAFE_HURT_CALM}first words\n").as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    // Wait for the question after "first words": it is asked only once that answer is saved.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("What might that moment") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the session ended early"
        );
    }
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let said = String::from_utf8_lossy(&output.stderr);
    let entries = env.entries();
    assert!(
        said.contains(&format!("repair-coach resume {}", entries[0].id)),
        "{said}"
    );
    let record = &entries[0].record;
    assert_eq!(record.status, Status::Paused);
    assert_eq!(text_answer(record, "repair.2.1"), "first words");
    drop(stdin);
}

#[test]
fn a_session_guide_in_the_users_vault_replaces_the_shipped_one_and_cannot_drive_the_terminal() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/coach/Session Guide.md"),
    )
    .unwrap();
    let plan = plan();
    let hostile = shipped.replace(
        &plan.guide.safety_check.question,
        "Are you safe?\\u001b[2J\\u001b]52;c;aGk=\\u0007 Tell me",
    );
    assert_ne!(hostile, shipped, "the test edits the real question");
    std::fs::write(vault.join("Session Guide.md"), hostile).unwrap();

    let (code, out) = run(
        &env,
        &["start", "--plain", "--vault", vault.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Are you safe?"),
        "the user's guide is used:\n{out}"
    );
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
}

#[test]
fn a_journal_folder_others_can_list_is_used_but_the_person_is_told() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let dir = env.home().join("shared-journal");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, out) = run(
        &env,
        &["journal", "list", "--journal", dir.to_str().unwrap()],
        "",
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("chmod 700"), "{out}");
    // `start` opens the journal twice (to save, and to offer the look back): told once.
    let (code, out) = run(
        &env,
        &["start", "--plain", "--journal", dir.to_str().unwrap()],
        "1\n",
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("chmod 700").count(), 1, "{out}");
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
    assert_eq!(
        mode & 0o777,
        0o755,
        "a folder the person chose is not changed behind their back"
    );
}

#[test]
fn a_broken_note_in_the_users_vault_is_mentioned_once_and_the_session_still_starts() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Repair.md"),
        "---\nfileClass: core_skill\nsteps: [oops\n---\n",
    )
    .unwrap();
    let vault_arg = vault.to_str().unwrap();
    let output = env
        .cmd()
        .args(["start", "--plain", "--vault", vault_arg])
        .write_stdin(SAFE_HURT_CALM)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains(&format!(
            "Repair.md could not be read; `repair-coach --vault {vault_arg} check`"
        )),
        "{said}"
    );
    assert_eq!(output.status.code(), Some(0), "{said}");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(&plan().skill.steps[1].title),
        "the shipped Repair stands in:\n{out}"
    );
}

/// As `start --plain | head`: output whose reader goes away is not the person stopping. What was
/// answered is kept, paused, and nothing more is said; the exit is that of any command whose
/// reader left (`skills | head -1`), 0, not Ctrl-C's 130.
#[test]
fn output_whose_reader_goes_away_keeps_the_answers_and_ends_quietly() {
    use std::io::{BufRead, BufReader, Write};
    let env = Env::new();
    let mut child = env
        .process(&["start", "--plain"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(format!("{SAFE_HURT_CALM}first words\n").as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("What might that moment") {
        line.clear();
        assert!(stdout.read_line(&mut line).unwrap() > 0, "ended early");
    }
    // As `start | head`: the reader closes while the person is still answering.
    drop(stdout);
    stdin.write_all(b"more words\n").unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert_eq!(said, "", "nothing more is said");
    let entries = env.entries();
    assert_eq!(entries[0].record.status, Status::Paused);
    assert_eq!(text_answer(&entries[0].record, "repair.2.1"), "first words");
}

/// A paused session whose file cannot be read is not passed over as if there were none: `resume`
/// names the file and line, and what to do.
#[test]
fn resume_names_a_paused_session_it_cannot_read() {
    let env = Env::new();
    let (code, said) = run(&env, &["start", "--plain"], "1\n1\n3\n2\nfirst words\n");
    assert_eq!(code, 0, "{said}");
    let journal = env.journal_dir();
    let name = support::names_in(&journal).remove(0);
    let path = journal.join(&name);
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("scale=\"").expect("a scale answer") + "scale=\"".len();
    let end = at + text[at..].find('"').unwrap();
    std::fs::write(&path, format!("{}abc{}", &text[..at], &text[end..])).unwrap();

    let (code, said) = run(&env, &["resume", "--plain"], "");
    assert_ne!(code, 0, "{said}");
    assert!(!said.contains("there is no paused session"), "{said}");
    assert!(said.contains("could not be read"), "{said}");
    assert!(
        said.contains(&format!("{}:", path.display())),
        "file and line: {said}"
    );
    assert!(said.contains("Put that file right"), "what to do: {said}");
}

/// Nothing to do is no failure, whichever command finds it: `resume` with nothing paused,
/// `debrief` with nothing to look back on and `journal list` on an empty journal each say so on
/// stdout and exit 0, with no journal folder yet and with an empty one. An id asked for that is
/// not there is an error (1), as anywhere.
#[test]
fn nothing_to_do_exits_0_and_says_so_on_stdout() {
    let env = Env::new();
    for made in [false, true] {
        if made {
            std::fs::create_dir_all(env.journal_dir()).unwrap();
        }
        for (args, words) in [
            (
                &["resume"][..],
                "There is no paused session to carry on with. `repair-coach start` begins a new one.",
            ),
            (&["debrief"], "no finished session waiting"),
            (&["journal", "list"], "Nothing here yet."),
        ] {
            let output = env.cmd().args(args).output().unwrap();
            let said = String::from_utf8_lossy(&output.stdout);
            assert_eq!(output.status.code(), Some(0), "{args:?}: {said}");
            assert!(said.contains(words), "{args:?}: {said}");
            assert!(output.stderr.is_empty(), "{args:?}: not as an error");
        }
    }
    let (code, said) = run(&env, &["resume", "2026-01-01-0000"], "");
    assert_eq!(code, 1, "{said}");
    assert!(said.starts_with("repair-coach: "), "{said}");
}
