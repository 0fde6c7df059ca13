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
    transcript_in(env, None, args, answers)
}

/// [`transcript`] over the user's vault at `vault`, its path written as `[VAULT]`.
fn transcript_in(env: &Env, vault: Option<&Path>, args: &[&str], answers: &[&str]) -> String {
    let input: String = answers.iter().map(|a| format!("{a}\n")).collect();
    let mut cmd = env.cmd();
    if let Some(vault) = vault {
        cmd.arg("--vault").arg(vault);
    }
    let output = cmd.args(args).write_stdin(input).output().unwrap();
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
    let vault_flag = if vault.is_some() {
        "--vault [VAULT] "
    } else {
        ""
    };
    let mut out = format!("$ repair-coach {vault_flag}{}\n", args.join(" "));
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
    let entries = env.entries();
    let out = entries
        .iter()
        .fold(out, |text, entry| text.replace(&entry.id, "[ID]"));
    // When a resumed session began, as `resume` says it.
    let resumed_at = &plan().guide.resume.unwrap().time_format;
    let out = entries.iter().fold(out, |text, entry| {
        let started = entry.record.started.format(resumed_at).to_string();
        text.replace(&started, "[STARTED]")
    });
    match vault {
        Some(vault) => out.replace(&*vault.to_string_lossy(), "[VAULT]"),
        None => out,
    }
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
        for signals in [&plan.signals, &plan.practice_signals] {
            assert!(
                signals::find(signals, &sentence).is_none(),
                "a flagged phrase is offered back: {sentence}"
            );
        }
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

/// Answers in the words people use: "They felt" for "You felt", an apology of their own, the
/// question's "because" again, a small "i", and a phrase said, without its apostrophes, as what
/// they will not say. None is flagged, and "what you could say" says each once, as a sentence.
#[test]
fn in_their_own_words() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers[4] = "They felt Hurt and ignored";
    answers[6] = "I'm sorry I walked away while you were talking";
    answers[7] = "because i love you";
    answers[8] = "I wont say lets just move on. I'll stay close";
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    assert!(!text.contains(&plan.guide.flag.question), "{text}");
    assert!(
        could_say(&plan, &text).contains(&"I'm sorry I walked away while you were talking.".into()),
        "{text}"
    );
    insta::assert_snapshot!("in_their_own_words", text);
}

/// Answers typed in a hurry, as after an argument: apostrophes left out, "u", "bc". Handed back,
/// they read as meant, each lead said once: not "I im sorry" or "because bc".
#[test]
fn typed_in_a_hurry() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers[4] = "u felt hurt, like i didnt care";
    answers[6] = "im sorry i yelled";
    answers[7] = "bc i love u";
    answers[8] = "idk";
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    assert_eq!(
        could_say(&plan, &text),
        [
            "It sounds like you felt hurt, like I didn't care, and that makes sense to me.",
            "I'm sorry I yelled.",
            "You matter to me because I love u.",
        ]
    );
    insta::assert_snapshot!("typed_in_a_hurry", text);
}

/// Answers written to the person, by name ("Sam, you felt…"), as one speaks after an argument:
/// said back, each sentence speaks to them without the name in the middle of it ("you felt Sam,
/// you felt hurt"), and an answer that speaks of them by that name ("Sam is my closest friend")
/// is said to them ("you are my closest friend").
#[test]
fn spoken_to_them() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers[4] = "Sam, you felt hurt and ignored";
    answers[6] = "Sam, I'm sorry I walked away while you were talking";
    answers[7] = "Sam is my closest friend";
    answers[8] = "Honestly, I will stay close and give Sam time";
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    assert_eq!(
        could_say(&plan, &text),
        [
            "It sounds like you felt hurt and ignored, and that makes sense to me.",
            "I'm sorry I walked away while you were talking.",
            "You matter to me because you are my closest friend.",
        ]
    );
    insta::assert_snapshot!("spoken_to_them", text);
}

/// "What you could say" of the hurt session with `typed` as the answer at `slot`.
fn hurt_could_say(env: &Env, plan: &Plan, slot: usize, typed: &str) -> Vec<String> {
    let mut answers = HURT.to_vec();
    answers[slot] = typed;
    let text = transcript(env, &["start", "--plain"], &answers);
    keeps_the_rules(plan, &text, Some((4, 2)));
    could_say(plan, &text)
}

/// A guess at what they felt ("probably angry", "I guess hurt") is said once, in the sentence's
/// own "It sounds like", not as "you felt probably angry"; several sentences read as one.
#[test]
fn what_they_felt_guessed_is_said_once() {
    let env = Env::new();
    let plan = plan();
    for (typed, said) in [
        ("probably angry", "angry"),
        ("I guess hurt and small", "hurt and small"),
        ("you probably felt alone", "alone"),
        ("Hurt. Alone.", "hurt, alone"),
    ] {
        assert_eq!(
            hurt_could_say(&env, &plan, 4, typed)[0],
            format!("It sounds like you felt {said}, and that makes sense to me."),
            "{typed:?}"
        );
    }
}

/// Why they matter, typed as one types a message ("love you", "dont want to lose you"), is said
/// whole: "because I love you", not "because love you".
#[test]
fn why_they_matter_typed_in_short_is_said_whole() {
    let env = Env::new();
    let plan = plan();
    for (typed, said) in [
        ("Love you", "I love you"),
        ("dont want to lose you", "I don't want to lose you"),
        ("she is my wife", "you are my wife"),
    ] {
        assert_eq!(
            hurt_could_say(&env, &plan, 7, typed)[2],
            format!("You matter to me because {said}."),
            "{typed:?}"
        );
    }
}

/// What they did, told as a sentence of its own ("we argued and I left", "last night I yelled"):
/// said as they wrote it, then "I'm sorry", not after an "I" it cannot follow; and what they are
/// sorry for ("that I walked out", "everything") said after "I'm sorry".
#[test]
fn what_they_did_in_a_sentence_of_its_own() {
    let env = Env::new();
    let plan = plan();
    for (typed, said) in [
        (
            "we argued and I stormed off",
            "We argued and I stormed off. I'm sorry.",
        ),
        (
            "last night i yelled at you",
            "Last night I yelled at you. I'm sorry.",
        ),
        (
            "When you told me, I laughed",
            "When you told me, I laughed. I'm sorry.",
        ),
        (
            "you asked for help and I'm sorry I ignored you",
            "You asked for help and I'm sorry I ignored you.",
        ),
        ("yelled at you", "I yelled at you. I'm sorry."),
        ("That I walked out", "I'm sorry that I walked out."),
        ("Everything", "I'm sorry for everything."),
        (
            "that thing I said about your mum",
            "I'm sorry for that thing I said about your mum.",
        ),
    ] {
        assert_eq!(hurt_could_say(&env, &plan, 6, typed)[1], said, "{typed:?}");
    }
}

/// Answers that only say the person does not know ("Nothing really" is not "I'm sorry for/// Answers that only say the person does not know ("Nothing really" is not "I'm sorry for
/// nothing really"): no sentence is made of them, and the end says the words can come later.
#[test]
fn nothing_to_hand_back() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers[4] = "idk";
    answers[6] = "Nothing really";
    answers[7] = "dunno tbh";
    answers[8] = "";
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    assert!(could_say(&plan, &text).is_empty(), "{text}");
    let close = &plan.guide.close;
    assert!(
        text.contains(&format!(
            "\n{}\n\n{}\n",
            close.could_say_title, close.nothing_to_say
        )),
        "{text}"
    );
    insta::assert_snapshot!("nothing_to_hand_back", text);
}

#[test]
fn more_stirred_up_at_the_end_than_at_the_start() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    *answers.last_mut().unwrap() = "8";
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 8)));
    assert!(
        text.contains(plan.guide.close.break_first.as_str()),
        "{text}"
    );
    insta::assert_snapshot!("rose_to_a_break", text);
}

#[test]
fn words_of_harm_done_bring_their_own_note_and_are_left_out_at_the_end() {
    let env = Env::new();
    let mut answers = HURT.to_vec();
    answers[6] = "I shoved you when you tried to walk away";
    answers.insert(7, "2");
    let text = transcript(&env, &["start", "--plain"], &answers);
    let offered = could_say(&plan(), &text);
    assert!(offered.iter().all(|s| !s.contains("shoved")), "{offered:?}");
    insta::assert_snapshot!("harm_done", text);
}

#[test]
fn words_of_danger_bring_back_the_safety_note_then_stopping_and_resuming() {
    let env = Env::new();
    let mut answers = HURT[..4].to_vec();
    answers.extend(["scared, because he hit me when I tried to leave", "1"]);
    let mut text = transcript(&env, &["start", "--plain"], &answers);
    // Carried on, it asks first whether they are safe now.
    let mut back = vec!["1"];
    back.extend(&HURT[5..]);
    text += &transcript(&env, &["resume", "--plain"], &back);
    assert!(
        text.contains(plan().guide.safety_check.on_return()),
        "{text}"
    );
    let offered = could_say(&plan(), &text);
    assert!(offered.iter().all(|s| !s.contains("hit me")), "{offered:?}");
    assert_eq!(offered.len(), 2, "{offered:?}");
    insta::assert_snapshot!("safety_again", text);
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

/// A request asked as "don't …" or "I need you to not …" reads as a question to them: "could you
/// not interrupt me?", and one of several sentences as one ("ask me how I am, maybe hug me").
#[test]
fn unseen_requests_read_as_asked() {
    let env = Env::new();
    let plan = plan();
    for (typed, said) in [
        (
            "dont interrupt me",
            "Next time, could you not interrupt me?",
        ),
        (
            "I need you to not walk away",
            "Next time, could you not walk away?",
        ),
        (
            "Ask me how I am. Maybe hug me.",
            "Next time, could you ask me how I am, maybe hug me?",
        ),
    ] {
        let mut answers = vec!["1", "2", "5", "2"];
        answers.extend(UNSEEN_PRACTICE);
        answers[8] = typed;
        answers.push("5");
        let text = transcript(&env, &["start", "--plain"], &answers);
        keeps_the_rules(&plan, &text, Some((5, 5)));
        assert_eq!(could_say(&plan, &text), [said], "{typed:?}");
    }
}

/// A request with an accusation in it is flagged in the practice's own words, and the
/// rewritten request is the one offered back; what they "should" have noticed is not flagged.
#[test]
fn unseen_a_request_flagged_then_rewritten() {
    let env = Env::new();
    let plan = plan();
    let mut answers = vec!["1", "2", "5", "2"];
    answers.extend(UNSEEN_PRACTICE);
    answers[5] = "that I was upset, they should have seen it";
    answers.splice(
        8..9,
        [
            "stop ignoring me like you always do",
            "1",
            "ask me how I'm doing when I go quiet",
        ],
    );
    answers.push("5");
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((5, 5)));
    let flag = &plan.practice_signals[0];
    assert_eq!(
        text.matches(flag.title.as_deref().unwrap()).count(),
        1,
        "{text}"
    );
    assert!(!text.contains(&plan.signals[0].instead), "{text}");
    assert_eq!(
        could_say(&plan, &text),
        ["Next time, could you ask me how I'm doing when I go quiet?"]
    );
    insta::assert_snapshot!("unseen_request_flagged", text);
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
    // The break: leave now (2), with no time given (Enter).
    let mut text = transcript(
        &env,
        &["start", "--plain"],
        &["1", "1", "8", "2", "1", "2", ""],
    );
    let mut back = vec!["4"];
    back.extend(&HURT[4..]);
    text += &transcript(&env, &["resume", "--plain"], &back);
    keeps_the_rules(&plan, &text, Some((8, 2)));
    insta::assert_snapshot!("break_then_resume", text);
}

/// A resume whose input ends before any answer keeps the line begun before: it is offered
/// again at the next resume, not lost.
#[test]
fn a_draft_outlasts_a_resume_that_answers_nothing() {
    let env = Env::new();
    transcript(&env, &["start", "--plain"], &HURT[..5]);
    let journal = repair_coach::journal::Journal::open(&env.journal_dir()).unwrap();
    let id = env.entries()[0].id.clone();
    let (mut open, mut record) = journal.reopen(&id).unwrap();
    let draft = repair_coach::model::Draft {
        question: "What might that moment have been like for them?".into(),
        text: "lonely, as if I had".into(),
    };
    record.draft = Some(draft.clone());
    open.save(&record, &support::shipped_answer_words())
        .unwrap();
    drop(open);
    let text = transcript(&env, &["resume", "--plain"], &[]);
    assert!(text.contains("lonely, as if I had"), "{text}");
    assert_eq!(env.entries()[0].record.draft, Some(draft.clone()));
    // Answered at the next resume, it is done with.
    transcript(
        &env,
        &["resume", "--plain"],
        &["lonely, as if I had stopped listening"],
    );
    assert_eq!(env.entries()[0].record.draft, None);
}

#[test]
fn stopped_while_typing_then_resumed_in_plain_mode() {
    let env = Env::new();
    let plan = plan();
    // Input ends at the second question of step 2: the session is saved as paused.
    let mut text = transcript(&env, &["start", "--plain"], &HURT[..5]);
    // As a stop at a terminal leaves it, half a line typed there (see tests/session_pty.rs).
    let journal = repair_coach::journal::Journal::open(&env.journal_dir()).unwrap();
    let id = env.entries()[0].id.clone();
    let (mut open, mut record) = journal.reopen(&id).unwrap();
    record.draft = Some(repair_coach::model::Draft {
        question: "What might that moment have been like for them?".into(),
        text: "lonely, as if I had".into(),
    });
    open.save(&record, &support::shipped_answer_words())
        .unwrap();
    drop(open);
    let mut back = vec!["lonely, as if I had stopped listening"];
    back.extend(&HURT[6..]);
    text += &transcript(&env, &["resume", "--plain"], &back);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    let record = &env.entries()[0].record;
    assert_eq!(record.draft, None);
    insta::assert_snapshot!("stopped_while_typing_then_resumed", text);
}

#[test]
fn a_letter_half_pasted_when_the_session_stopped_is_listed_and_resumed_whole() {
    let env = Env::new();
    transcript(&env, &["start", "--plain"], &HURT[..5]);
    let journal = repair_coach::journal::Journal::open(&env.journal_dir()).unwrap();
    let id = env.entries()[0].id.clone();
    let (mut open, mut record) = journal.reopen(&id).unwrap();
    // Far more than a note's frontmatter may hold (16 KiB).
    let letter = format!(
        "Dear Sam, {}and",
        "I keep thinking about last night. ".repeat(600)
    );
    record.draft = Some(repair_coach::model::Draft {
        question: "What might that moment have been like for them?".into(),
        text: letter.clone(),
    });
    open.save(&record, &support::shipped_answer_words())
        .unwrap();
    drop(open);
    let list = env.cmd().args(["journal", "list"]).output().unwrap();
    assert!(list.stderr.is_empty(), "{list:?}");
    assert!(String::from_utf8(list.stdout).unwrap().contains("paused"));
    assert_eq!(env.entries()[0].record.draft.as_ref().unwrap().text, letter);
    let back = format!("{letter} stopped listening\n");
    let resumed = env
        .cmd()
        .args(["resume", "--plain"])
        .write_stdin(back)
        .output()
        .unwrap();
    assert!(
        String::from_utf8(resumed.stdout).unwrap().contains(&letter),
        "the letter is shown to be carried on"
    );
    let record = &env.entries()[0].record;
    assert!(record.answers.iter().any(|a| a.value
        == repair_coach::model::AnswerValue::Text(format!("{letter} stopped listening"))));
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
fn flagged_twice_then_rewritten() {
    let env = Env::new();
    let plan = plan();
    let mut answers = HURT.to_vec();
    answers.splice(
        4..5,
        [
            "I didn't mean to, but you felt ignored",
            "1",
            "I didn't mean to ignore you",
            "1",
            "hurt and ignored",
        ],
    );
    let text = transcript(&env, &["start", "--plain"], &answers);
    keeps_the_rules(&plan, &text, Some((4, 2)));
    let again = plan.guide.flag.again.as_deref().unwrap();
    let (before, after) = again.split_once("{phrase}").unwrap();
    assert_eq!(text.matches(before).count(), 1, "{text}");
    assert!(text.contains(after), "{text}");
    insta::assert_snapshot!("flagged_twice_then_rewritten", text);
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

// Skills other than Repair (issue 13): a user's own, one with its own questions, the shipped
// After the Argument, the choice between two focus skills, and a resume.

/// A user's vault in a temporary folder holding `notes` (name, text).
fn vault_of(notes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in notes {
        std::fs::write(dir.path().join(format!("{name}.md")), text).unwrap();
    }
    dir
}

/// The plan `start SKILL` makes over `vault`.
fn plan_for(vault: &Path, skill: &str) -> Plan {
    let vault = Vault::load(Some(vault)).unwrap();
    Plan::from_vault(&vault)
        .unwrap()
        .with_skill(&vault, skill)
        .unwrap()
}

/// A skill of the user's own: three steps, no questions anywhere, not the focus.
const MAKING_TEA: &str = "---\nfileClass: core_skill\ndescription: Making tea together, slowly, as a way back to each other.\nsteps: [\"Step 1: Boil the water\", \"Step 2: Warm the pot\", \"Step 3: Pour for them first\"]\ncurrent_focus: false\n---\n\n## Steps\n1. **Boil the water**\n   → Fresh, cold water; no hurry.\n2. **Warm the pot**\n3. **Pour for them first**\n   → A small way of saying they come first.\n";

#[test]
fn a_users_own_skill_asks_the_any_step_question_at_each_step() {
    let env = Env::new();
    let vault = vault_of(&[("Making Tea", MAKING_TEA)]);
    let answers = [
        "1",
        "put the kettle on and wait with them",
        "warm it while we talk about the day",
        "hand them the first cup",
    ];
    let text = transcript_in(
        &env,
        Some(vault.path()),
        &["start", "making tea", "--plain"],
        &answers,
    );
    let plan = plan_for(vault.path(), "Making Tea");
    for step in &plan.skill.steps {
        let question = guide::fill(&plan.guide.repair.any_step, &[("step", &step.title)]);
        assert!(text.contains(&format!("\n{question}\n")), "{text}");
    }
    // No regulating step, no side question, no closing rating; nothing to practise next.
    assert!(!text.contains(&plan.guide.side.question), "{text}");
    assert!(!text.contains(&plan.guide.close.activation), "{text}");
    keeps_the_rules(&plan, &text, None);
    let record = &env.entries()[0].record;
    assert_eq!(record.skill.as_deref(), Some("Making Tea"));
    let ids: Vec<&str> = record.answers.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["step.1.1", "step.2.1", "step.3.1"]);
    insta::assert_snapshot!("own_skill", text);
}

/// A skill with its own questions for its first step (one optional) and none for the second.
const SLOW_MORNING: &str = "---\nfileClass: core_skill\ndescription: Starting the day after an argument gently, together.\naliases: [mornings]\nsteps: [\"Step 1: Wake without the phone\", \"Step 2: Say one kind thing\"]\nsupporting_meta_skills: [\"[[Staying Grounded]]\"]\n---\n\n## Questions\n### Wake without the phone\n- What will you do in the first five minutes instead?\n- What might get in the way? (optional)\n";

#[test]
fn a_skill_asks_its_own_questions_then_the_any_step_question() {
    let env = Env::new();
    let vault = vault_of(&[("Slow Morning", SLOW_MORNING)]);
    let answers = [
        "1",
        "open the curtains and sit with my coffee",
        "",
        "tell them I slept better next to them",
    ];
    let text = transcript_in(
        &env,
        Some(vault.path()),
        &["start", "mornings", "--plain"],
        &answers,
    );
    let plan = plan_for(vault.path(), "Slow Morning");
    assert!(
        text.contains("\nWhat will you do in the first five minutes instead?\n"),
        "{text}"
    );
    assert!(
        text.contains("\nWhat could “Say one kind thing” look like for you, now?\n"),
        "{text}"
    );
    offered(
        &text,
        &plan,
        "Staying Grounded",
        "repair-coach --vault [VAULT] show 'Staying Grounded'",
    );
    keeps_the_rules(&plan, &text, None);
    insta::assert_snapshot!("own_questions", text);
}

/// The meta-skill `skill` offered at the end, as a plain transcript shows it: the guide's words,
/// and `command`, which reads it, on a line of its own to copy.
fn offered(text: &str, plan: &Plan, skill: &str, command: &str) {
    let offer = guide::fill(
        &plan.guide.close.practise_next,
        &[("skill", skill), ("command", command)],
    );
    for line in offer.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(text.lines().any(|l| l.trim() == line), "{line:?} in {text}");
    }
    assert!(text.contains(&format!("\n  {command}\n")), "{text}");
}

/// After the Argument: a scenario, the regulating first step, its own questions; a "but" at
/// step 5 flagged and kept, so the meta-skill that signal suggests is offered at the end.
const AFTER: &[&str] = &[
    "1",
    "1",
    "3",
    "2",
    "I'll go first and say when I'm done",
    "",
    "lonely and a bit scared",
    "it felt like the dishes mattered more than me",
    "that they were tired after a long week",
    "it reminded me of feeling left out as a kid",
    "I raised my voice, but you started it",
    "2",
    "ask for a pause before I raise my voice",
    "",
    "2",
];

#[test]
fn after_the_argument() {
    let env = Env::new();
    let text = transcript(&env, &["start", "After the Argument", "--plain"], AFTER);
    let vault = Vault::shipped();
    let plan = Plan::from_vault(&vault)
        .unwrap()
        .with_skill(&vault, "After the Argument")
        .unwrap();
    keeps_the_rules(&plan, &text, Some((3, 2)));
    assert!(text.contains(&plan.scenarios[0].description), "{text}");
    // The "but" is flagged as the mistake of the step it was written at (step 5).
    let flag = guide::fill(
        &plan.guide.flag.title,
        &[("mistake", "owning your part with a “but”")],
    );
    assert!(text.contains(&format!("\n{flag}\n")), "{text}");
    offered(
        &text,
        &plan,
        "Owning Impact",
        "repair-coach show 'Owning Impact'",
    );
    assert!(!text.contains(&plan.guide.side.question), "{text}");
    let record = &env.entries()[0].record;
    assert_eq!(record.skill.as_deref(), Some("After the Argument"));
    insta::assert_snapshot!("after_the_argument", text);
}

#[test]
fn two_focus_skills_are_a_choice_right_after_the_safety_question() {
    let env = Env::new();
    let tea = MAKING_TEA.replace("current_focus: false", "current_focus: true");
    let vault = vault_of(&[("Making Tea", &tea)]);
    let answers = ["1", "1", "the kettle", "the pot", "the first cup"];
    let text = transcript_in(&env, Some(vault.path()), &["start", "--plain"], &answers);
    let plan = plan_for(vault.path(), "Making Tea");
    assert!(
        text.starts_with(&format!(
            "$ repair-coach --vault [VAULT] start --plain\n\n{}\n",
            plan.guide.safety_check.question
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "› 1\n\n{}\n  1. Making Tea\n  2. Repair\n",
            plan.guide.focus.question
        )),
        "{text}"
    );
    assert_eq!(text.matches(&plan.guide.safety_check.question).count(), 1);
    assert_eq!(env.entries()[0].record.skill.as_deref(), Some("Making Tea"));
    insta::assert_snapshot!("two_focus_skills", text);
}

#[test]
fn not_safe_with_two_focus_skills_shows_the_safety_note_and_asks_nothing_more() {
    let env = Env::new();
    let tea = MAKING_TEA.replace("current_focus: false", "current_focus: true");
    let vault = vault_of(&[("Making Tea", &tea)]);
    let text = transcript_in(&env, Some(vault.path()), &["start", "--plain"], &["2"]);
    let plan = plan_for(vault.path(), "Making Tea");
    assert!(text.contains("Staying Safe"), "{text}");
    assert!(text.contains("not a crisis service"), "{text}");
    assert!(!text.contains(&plan.guide.focus.question), "{text}");
    assert!(
        env.entries().is_empty(),
        "nothing is kept of a not-safe start"
    );
}

#[test]
fn a_session_that_stopped_part_way_is_offered_back_by_start() {
    let env = Env::new();
    let plan = plan();
    // Input ends after the first answer of step 2: the session is saved as paused.
    let mut text = transcript(&env, &["start", "--plain"], &HURT[..5]);
    // Safe, then "yes, carry on with it", then the rest.
    let mut again = vec!["1", "1"];
    again.extend(&HURT[5..]);
    text += &transcript(&env, &["start", "--plain"], &again);
    let entries = env.entries();
    assert_eq!(entries.len(), 1, "carried on, not begun anew");
    assert_eq!(
        entries[0].record.status,
        repair_coach::model::Status::Complete
    );
    let offer = plan.guide.resume.as_ref().unwrap().offer.as_ref().unwrap();
    let (before, _) = offer.question.split_once("{time}").unwrap();
    assert_eq!(text.matches(before).count(), 1, "{text}");
    keeps_the_rules(&plan, &text, Some((4, 2)));
    insta::assert_snapshot!("stopped_then_offered_back", text);

    // Declined: a new session begins, and the one that stopped is kept as it was.
    let env = Env::new();
    transcript(&env, &["start", "--plain"], &HURT[..5]);
    let stopped = env.entries()[0].clone();
    let mut declined = vec!["1", "2"];
    declined.extend(&HURT[1..]);
    let text = transcript(&env, &["start", "--plain"], &declined);
    assert!(text.contains(&offer.new), "{text}");
    let entries = env.entries();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries[0].record.status,
        repair_coach::model::Status::Complete
    );
    assert_eq!(entries[1].record, stopped.record);
    // And that new one is the newest: the next start asks nothing of the old.
    let next = transcript(&env, &["start", "--plain"], &["1"]);
    assert!(!next.contains(before), "{next}");
}

#[test]
fn after_the_argument_stopped_then_resumed() {
    let env = Env::new();
    // Input ends after step 2: the session is saved as paused.
    let mut text = transcript(
        &env,
        &["start", "After the Argument", "--plain"],
        &AFTER[..7],
    );
    text += &transcript(&env, &["resume", "--plain"], &AFTER[7..]);
    let record = &env.entries()[0].record;
    assert_eq!(record.status, repair_coach::model::Status::Complete);
    assert_eq!(record.skill.as_deref(), Some("After the Argument"));
    let vault = Vault::shipped();
    let plan = Plan::from_vault(&vault)
        .unwrap()
        .with_skill(&vault, "After the Argument")
        .unwrap();
    keeps_the_rules(&plan, &text, Some((3, 2)));
    insta::assert_snapshot!("after_the_argument_resumed", text);
}
