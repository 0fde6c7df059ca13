//! The plain prompter with in-memory input and output: what it writes, how it reads answers,
//! how it asks again, and how it stops. Its words are the shipped guide's.
use repair_coach::coach::{Breathing, Choice, Message, Plan};
use repair_coach::model::PromptWords;
use repair_coach::prompt::plain::PlainPrompter;
use repair_coach::prompt::{MAX_ANSWER_CHARS, PromptError, Prompter};
use repair_coach::render::UNWRAPPED;
use repair_coach::vault::Vault;
use std::io::{self, BufRead, Read};

fn words() -> PromptWords {
    let plan = Plan::from_vault(&Vault::shipped()).expect("the shipped notes make a plan");
    (*plan.guide.prompts).clone()
}

fn breathing(cycles: u32) -> Breathing {
    Breathing {
        inhale_label: "Breathe in".into(),
        exhale_label: "Breathe out".into(),
        inhale_secs: 4,
        exhale_secs: 6,
        cycles,
        count_start: "Follow the count.".into(),
        count_done: "Done. Press any key.".into(),
        done: "Done.".into(),
        at_your_pace: "Breathe in for 4 seconds, then out for 6, at your own pace.".into(),
        go_on: "Press Enter when you have finished.".into(),
    }
}

/// Runs `ask` against a plain prompter reading `input`; returns its result and everything written.
fn run<T>(
    input: &[u8],
    ask: impl FnOnce(&mut PlainPrompter<&[u8], &mut Vec<u8>>) -> Result<T, PromptError>,
) -> (Result<T, PromptError>, String) {
    let mut output = Vec::new();
    let result = {
        let mut prompter = PlainPrompter::new(input, &mut output, 80, words());
        ask(&mut prompter)
    };
    let text = String::from_utf8(output).expect("the plain prompter writes UTF-8");
    assert!(!text.contains('\u{1b}'), "no escape byte ever: {text:?}");
    (result, text)
}

fn sides() -> Vec<Choice> {
    [
        ("hurt", "I hurt someone and want to repair"),
        ("unseen", "I felt unseen or uncared for"),
        ("both", "Both"),
    ]
    .into_iter()
    .map(|(key, label)| Choice {
        key: key.into(),
        label: label.into(),
    })
    .collect()
}

#[test]
fn a_choice_lists_numbered_options_and_takes_a_number() {
    let (chosen, out) = run(b"2\n", |p| p.choose("Which side are you on?", &sides()));
    assert_eq!(chosen.unwrap(), 1);
    assert_eq!(
        out,
        "\nWhich side are you on?\n  1. I hurt someone and want to repair\n  \
         2. I felt unseen or uncared for\n  3. Both\n\
         Type the number of your answer, then press Enter.\n"
    );
}

#[test]
fn a_choice_takes_the_options_words_and_asks_again_gently_otherwise() {
    let (chosen, out) = run(b"7\nmaybe\n\nI felt\n", |p| {
        p.choose("Which side?", &sides())
    });
    assert_eq!(chosen.unwrap(), 1);
    assert_eq!(
        out.matches("Type a number from 1 to 3, then press Enter.\n")
            .count(),
        3,
        "{out}"
    );
    let (chosen, _) = run(b"BOTH\r\n", |p| p.choose("Which side?", &sides()));
    assert_eq!(chosen.unwrap(), 2);
    // Of two, it says the two.
    let (chosen, out) = run(b"3\n1\n", |p| p.choose("Which side?", &sides()[..2]));
    assert_eq!(chosen.unwrap(), 0);
    assert!(out.contains("\nType 1 or 2, then press Enter.\n"), "{out}");
}

#[test]
fn text_can_be_skipped_only_where_skipping_is_allowed() {
    let (answer, out) = run(b"\n", |p| p.text("Anything else?", true));
    assert_eq!(answer.unwrap(), "");
    assert!(
        out.ends_with("Type your answer, then press Enter, or press Enter to skip.\n"),
        "{out}"
    );

    let (answer, out) = run(b"\n   \nI raised my voice.\n", |p| {
        p.text("What happened?", false)
    });
    assert_eq!(answer.unwrap(), "I raised my voice.");
    assert!(!out.contains("skip"), "{out}");
    assert!(
        out.contains("\nType your answer, then press Enter.\n"),
        "{out}"
    );
    assert_eq!(
        out.matches("A few words are enough; “not sure” is fine too. Type them, then press Enter.")
            .count(),
        2,
        "{out}"
    );
}

#[test]
fn an_answer_longer_than_any_taken_is_let_go_gently_and_asked_for_again() {
    use repair_coach::prompt::MAX_ANSWER_CHARS;
    let longest = "é".repeat(MAX_ANSWER_CHARS);
    let (answer, out) = run(format!("{longest}\n").as_bytes(), |p| {
        p.text("What happened?", false)
    });
    assert_eq!(
        answer.unwrap(),
        longest,
        "the longest answer taken is taken whole"
    );
    assert!(!out.contains("more than one answer can hold"), "{out}");

    for too_long in [
        "a".repeat(MAX_ANSWER_CHARS + 1),
        "é".repeat(MAX_ANSWER_CHARS + 1),
        // Past the bytes read at once: the rest of the line is read and let go too.
        "b".repeat(9 * MAX_ANSWER_CHARS),
    ] {
        let input = format!("{too_long}\nI raised my voice.\n");
        let (answer, out) = run(input.as_bytes(), |p| p.text("What happened?", false));
        assert_eq!(answer.unwrap(), "I raised my voice.");
        assert_eq!(
            out.matches("That is more than one answer can hold.")
                .count(),
            1,
            "said once, then asked again: {out}"
        );
        assert!(words().too_long.contains("fewer words"));
    }
}

#[test]
fn a_scale_takes_a_whole_number_from_0_to_10() {
    let (n, out) = run(b"eleven\n11\n-1\n 7 \n", |p| {
        p.scale("How activated do you feel?", "calm", "flooded")
    });
    assert_eq!(n.unwrap(), 7);
    assert!(
        out.contains("Type a number from 0 to 10, then press Enter. 0 is calm, 10 is flooded.\n"),
        "{out}"
    );
    assert_eq!(
        out.matches("Type a whole number from 0 to 10, then press Enter.")
            .count(),
        3
    );
}

#[test]
fn breathing_is_one_instruction_and_a_line_to_go_on() {
    let (finished, out) = run(b"\nleft over\n", |p| p.breathe(&breathing(4)));
    assert!(finished.unwrap(), "Enter is their word that they finished");
    assert_eq!(
        out,
        "\nBreathe in for 4 seconds, then out for 6, at your own pace.\n\
         Press Enter when you have finished.\n"
    );
}

#[test]
fn end_of_input_pauses_at_every_kind_of_prompt() {
    let breathing = breathing(1);
    let paused = |r: Result<(), PromptError>| matches!(r, Err(PromptError::Paused));
    assert!(paused(run(b"", |p| p.choose("?", &sides()).map(drop)).0));
    // A wrong answer, then the end: still a pause, never a loop.
    assert!(paused(run(b"9\n", |p| p.choose("?", &sides()).map(drop)).0));
    assert!(paused(run(b"", |p| p.text("?", true).map(drop)).0));
    assert!(paused(run(b"\n", |p| p.text("?", false).map(drop)).0));
    assert!(paused(run(b"", |p| p.scale("?", "", "").map(drop)).0));
    assert!(paused(run(b"", |p| p.breathe(&breathing).map(drop)).0));
}

#[test]
fn input_no_one_types_stops_after_twenty_answers_in_a_row_that_do_not_fit() {
    let stopped = words().stopped_reading;
    assert!(stopped.contains("stops here for now"), "{stopped}");
    let again = "Type a whole number from 0 to 10, then press Enter.";
    // One short of the bound: still asked again, and the answer taken.
    let (n, out) = run(format!("{}7\n", "eleven\n".repeat(19)).as_bytes(), |p| {
        p.scale("?", "calm", "flooded")
    });
    assert_eq!(n.unwrap(), 7);
    assert_eq!(out.matches(again).count(), 19, "{out}");
    assert!(!out.contains(&stopped), "{out}");
    // `yes | repair-coach start`: stopped as at the end of input, saying why, once.
    let (n, out) = run("y\n".repeat(1000).as_bytes(), |p| {
        p.scale("?", "calm", "flooded")
    });
    assert!(matches!(n, Err(PromptError::Paused)), "{n:?}");
    assert_eq!(out.matches(again).count(), 19, "{out}");
    assert_eq!(out.matches(&stopped).count(), 1, "{out}");
    assert!(out.ends_with(&format!("{stopped}\n")), "{out}");
    // Lines too long to be answers count the same.
    let long = format!("{}\n", "a".repeat(MAX_ANSWER_CHARS + 1)).repeat(25);
    let (answer, out) = run(long.as_bytes(), |p| p.text("?", false));
    assert!(matches!(answer, Err(PromptError::Paused)), "{answer:?}");
    assert_eq!(out.matches("more than one answer can hold").count(), 19);
    assert_eq!(out.matches(&stopped).count(), 1, "{out}");
}

#[test]
fn a_line_with_no_end_is_read_only_so_far_then_the_asking_stops() {
    for ask in [0, 1, 2] {
        let mut output = Vec::new();
        let endless = io::BufReader::new(io::repeat(b'z'));
        let mut p = PlainPrompter::new(endless, &mut output, 80, words());
        let stopped = match ask {
            0 => p.text("?", false).map(drop),
            1 => p.choose("?", &sides()).map(drop),
            _ => p.breathe(&breathing(1)).map(drop),
        };
        assert!(matches!(stopped, Err(PromptError::Paused)), "{stopped:?}");
        let out = String::from_utf8(output).unwrap();
        assert!(
            out.ends_with(&format!("{}\n", words().stopped_reading)),
            "{out}"
        );
    }
}

#[test]
fn a_line_without_a_newline_at_the_end_is_still_an_answer() {
    let (answer, _) = run(b"last words", |p| p.text("?", false));
    assert_eq!(answer.unwrap(), "last words");
}

#[test]
fn invalid_utf8_is_read_lossily_not_a_panic() {
    let (answer, _) = run(b"caf\xe9 \xff\n", |p| p.text("?", false));
    assert_eq!(answer.unwrap(), "caf\u{fffd} \u{fffd}");
}

#[test]
fn passages_are_drawn_without_colour_and_without_a_notes_escape_sequences() {
    let (_, out) = run(b"", |p| {
        p.show(&Message::Heading("Stay present\u{1b}[31m".into()))?;
        p.show(&Message::Markdown(
            "Take **your** time.\u{1b}]0;title\u{7}".into(),
        ))?;
        p.show(&Message::Mistakes {
            title: "Watch for".into(),
            items: vec!["Defending intent".into(), "Minimizing".into()],
        })?;
        p.show(&Message::Flag {
            title: "A gentle note".into(),
            body: "\"At least\" can sound like minimising.".into(),
        })
    });
    assert_eq!(
        out,
        "\nStay present\n\nTake your time.\n\nWatch for\n- Defending intent\n- Minimizing\n\n\
         A gentle note\n\"At least\" can sound like minimising.\n"
    );
}

/// A reader that fails: the error comes back as `Io`, not a pause and not a panic.
struct Broken;

impl Read for Broken {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("the terminal went away"))
    }
}

impl BufRead for Broken {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        Err(io::Error::other("the terminal went away"))
    }
    fn consume(&mut self, _: usize) {}
}

#[test]
fn a_read_error_is_an_io_error() {
    let mut output = Vec::new();
    let mut p = PlainPrompter::new(Broken, &mut output, 80, words());
    match p.text("?", true) {
        Err(PromptError::Io(e)) => assert_eq!(e.to_string(), "the terminal went away"),
        other => panic!("expected an Io error, got {other:?}"),
    }
}

#[test]
fn text_for_a_pipe_is_never_hard_wrapped_and_text_for_a_terminal_is() {
    let long = "How stirred up do you feel right now, after everything that happened this evening between the two of you?";
    let asked = |width: usize| {
        let mut output = Vec::new();
        let mut p = PlainPrompter::new(&b"3\n"[..], &mut output, width, words());
        p.show(&Message::Markdown(long.into())).unwrap();
        p.scale(long, "calm", "overwhelmed").unwrap();
        drop(p);
        String::from_utf8(output).unwrap()
    };
    let piped = asked(UNWRAPPED);
    assert_eq!(piped.matches(long).count(), 2, "each on one line: {piped}");
    let narrow = asked(40);
    assert!(!narrow.contains(long), "{narrow}");
    assert!(
        narrow.lines().all(|line| line.chars().count() <= 40),
        "{narrow}"
    );
}
