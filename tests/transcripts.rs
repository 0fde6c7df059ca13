//! Golden transcripts: whole plain-mode sessions through the real binary, answers piped on
//! stdin as a screen reader or a script gives them, compared with reviewed snapshots. Each typed
//! answer is written into the transcript as `› answer` under the line that asked for it, so a
//! snapshot reads as the person saw it. Beside the snapshots, the rules they must keep, by name.
mod support;

use repair_coach::coach::Plan;
use repair_coach::coach::signals;
use repair_coach::model::guide;
use repair_coach::vault::Vault;
use std::collections::VecDeque;
use std::path::Path;
use support::Env;

fn plan() -> Plan {
    Plan::from_vault(&Vault::shipped()).unwrap()
}

/// Every line with which a plain prompt says what to type, or asks again.
fn how_to_answer_lines(plan: &Plan) -> Vec<String> {
    let words = &plan.guide.prompts;
    let scale = &plan.guide.regulate.activation;
    let mut lines = vec![
        words.choose.clone(),
        guide::fill(&words.scale, &[("low", &scale.low), ("high", &scale.high)]),
        words.scale_again.clone(),
        words.text.clone(),
        words.text_skippable.clone(),
        words.text_again.clone(),
        plan.guide.regulate.breathing.go_on.clone(),
    ];
    for count in 2..=10 {
        let count = count.to_string();
        lines.push(guide::fill(&words.choose_again, &[("count", &count)]));
    }
    lines
}

/// One run of the binary in plain mode: what it printed, with each answer written under the
/// line that asked for it. Every prompt must say what to type: an answer that finds no such
/// line to stand under fails the test.
fn transcript(env: &Env, args: &[&str], answers: &[&str]) -> String {
    let input: String = answers.iter().map(|a| format!("{a}\n")).collect();
    let output = env.cmd().args(args).write_stdin(input).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.is_empty(), "nothing on stderr: {stderr}");
    assert!(
        !stdout.contains('\u{1b}'),
        "no escape sequences in plain mode"
    );
    let how_to = how_to_answer_lines(&plan());
    let mut left: VecDeque<&str> = answers.iter().copied().collect();
    let mut out = format!("$ repair-coach {}\n", args.join(" "));
    for line in stdout.lines() {
        out.push_str(line);
        out.push('\n');
        if how_to.iter().any(|h| h == line)
            && let Some(answer) = left.pop_front()
        {
            out.push_str(format!("› {answer}").trim_end());
            out.push('\n');
        }
    }
    assert!(
        left.is_empty(),
        "answers {left:?} found no prompt saying what to type:\n{out}"
    );
    let ids: Vec<String> = env.entries().into_iter().map(|e| e.id).collect();
    ids.iter().fold(out, |text, id| text.replace(id, "[ID]"))
}

/// The "what you could say" sentences of a transcript.
fn could_say(plan: &Plan, transcript: &str) -> Vec<String> {
    let title = format!("\n{}\n", plan.guide.close.could_say_title);
    let Some(at) = transcript.find(&title) else {
        return Vec::new();
    };
    transcript[at + title.len()..]
        .trim_start()
        .lines()
        .take_while(|line| line.starts_with("- "))
        .map(|line| line[2..].to_string())
        .collect()
}

/// The rules every transcript keeps: no flagged words offered back as something to say, and a
/// complete session says the change on the scale.
fn keeps_the_rules(plan: &Plan, transcript: &str, scale: Option<(u8, u8)>) {
    for sentence in could_say(plan, transcript) {
        assert!(
            signals::find(&plan.signals, &sentence).is_none(),
            "a flagged phrase is offered back: {sentence}"
        );
    }
    if let Some((before, after)) = scale {
        let close = &plan.guide.close;
        let template = match after.cmp(&before) {
            std::cmp::Ordering::Less => &close.eased,
            std::cmp::Ordering::Equal => &close.same,
            std::cmp::Ordering::Greater => &close.rose,
        };
        let (b, a) = (before.to_string(), after.to_string());
        let change = guide::fill(template, &[("before", &b), ("after", &a)]);
        assert!(
            transcript.contains(&format!("\n{change}\n")),
            "the close says {change:?}:\n{transcript}"
        );
    }
}

const HURT: &[&str] = &[
    "1",
    "1",
    "4",
    "2",
    "hurt and ignored, like you didn't matter",
    "",
    "I walked away while you were talking",
    "you are my closest friend",
    "I'll stay close and let you take all the time you need",
    "2",
];

const UNSEEN_PRACTICE: &[&str] = &[
    "they make me tea every morning",
    "",
    "",
    "that I was exhausted",
    "ask me how I'm doing when I go quiet",
    "2",
    "",
    "",
];

#[test]
fn hurt() {
    let env = Env::new();
    let plan = plan();
    let text = transcript(&env, &["start", "--plain"], HURT);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    insta::assert_snapshot!("hurt", text);
}

#[test]
fn unseen() {
    let env = Env::new();
    let plan = plan();
    let mut answers = vec!["1", "2", "5", "2"];
    answers.extend(UNSEEN_PRACTICE);
    answers.push("5");
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((5, 5)));
    insta::assert_snapshot!("unseen", text);
}

#[test]
fn both_with_breathing_and_a_wrong_answer_on_the_way() {
    let env = Env::new();
    let plan = plan();
    // "7" is not an option: asked again, gently. Breathing: Enter when finished.
    let mut answers = vec!["1", "7", "3", "6", "1", "", "4"];
    answers.extend(&HURT[4..9]);
    answers.extend(UNSEEN_PRACTICE);
    answers.push("3");
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((6, 3)));
    insta::assert_snapshot!("both", text);
}

#[test]
fn break_then_resume() {
    let env = Env::new();
    let plan = plan();
    let mut text = transcript(&env, &["start", "--plain"], &["1", "1", "8", "2", "1"]);
    let mut back = vec!["4"];
    back.extend(&HURT[4..]);
    text += &transcript(&env, &["resume", "--plain"], &back);
    keeps_the_rules(&plan, &text, Some((8, 2)));
    insta::assert_snapshot!("break_then_resume", text);
}

#[test]
fn flagged_then_rewritten() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers.splice(
        4..5,
        [
            "I didn't mean to, but you felt ignored",
            "1",
            "hurt and ignored",
        ],
    );
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    insta::assert_snapshot!("flagged_then_rewritten", text);
}

#[test]
fn flagged_then_kept() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers.splice(
        6..7,
        [
            "I walked out while you were talking, sorry if that upset you",
            "2",
        ],
    );
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    assert!(!text.contains("sorry if that upset you."), "{text}");
    assert!(text.contains(&plan.guide.close.left_out), "{text}");
    assert_eq!(could_say(&plan, &text).len(), 2);
    insta::assert_snapshot!("flagged_then_kept", text);
}

/// Names, sizes, permissions and modification times of everything in `dir`.
fn listing(dir: &Path) -> Vec<(String, u64, u32, std::time::SystemTime)> {
    use std::os::unix::fs::PermissionsExt;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                meta.len(),
                meta.permissions().mode(),
                meta.modified().unwrap(),
            )
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn not_safe_leaves_the_journal_folder_exactly_as_it_found_it() {
    let env = Env::new();
    // A journal that already holds a session.
    transcript(
        &env,
        &["reflect", "--plain"],
        &["yes, when they forgot my birthday", ""],
    );
    let dir = env.journal_dir();
    let before = (
        listing(&dir),
        std::fs::metadata(&dir).unwrap().modified().unwrap(),
    );
    let text = transcript(&env, &["start", "--plain"], &["2"]);
    let after = (
        listing(&dir),
        std::fs::metadata(&dir).unwrap().modified().unwrap(),
    );
    assert_eq!(before, after, "the not-safe path wrote to the journal");
    let plan = plan();
    let first_words: Vec<&str> = plan
        .safety
        .text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap()
        .split_whitespace()
        .take(4)
        .collect();
    assert!(
        text.contains(&first_words.join(" ")),
        "the note is shown:\n{text}"
    );
    insta::assert_snapshot!("not_safe", text);
}

#[test]
fn reflect() {
    let env = Env::new();
    let text = transcript(
        &env,
        &["reflect", "--plain"],
        &["yes, when they forgot my birthday", ""],
    );
    insta::assert_snapshot!("reflect", text);
}

/// The README's "A short session" is this real run, so it cannot drift from the product.
#[test]
fn the_readme_short_session_is_a_real_transcript() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("## A short session")
        .expect("the README has a short session");
    let block = &readme[start..];
    let open = block.find("```text\n").expect("a text block") + "```text\n".len();
    let close = block[open..].find("```").unwrap();
    let shown = &block[open..open + close];
    let env = Env::new();
    let text = transcript(
        &env,
        &["start", "--plain"],
        &[
            "1",
            "1",
            "4",
            "2",
            "I didn't mean to, but ignored",
            "1",
            "hurt and ignored",
            "",
        ],
    );
    let text = text.replace("[ID]", "2026-11-24-2114");
    assert_eq!(
        shown, text,
        "README.md's short session differs from a real run; paste this in:\n{text}"
    );
}
