//! Every word of a session from notes: the shipped notes, pseudo-localised (every word wrapped in
//! ⟦…⟧), run as whole plain-mode sessions and reflections; every line printed must be wrapped,
//! a number, or the person's own words.
mod support;

use support::Env;
use support::pseudo;

fn run(env: &Env, vault: &std::path::Path, args: &[&str], input: &str) -> (i32, String) {
    let output = env
        .cmd()
        .arg("--vault")
        .arg(vault)
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text += &String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn the_generator_wraps_words_and_keeps_what_notes_are_read_by() {
    let text = "---\nfileClass: core_skill\nsteps: [\"Step 1: Boil the water\"]\nsupporting_meta_skills: [\"[[Owning Impact]]\"]\ncycles: 4\n---\n## Steps\n---\n1. **Boil the water**  \n   → Fresh and cold.\n\n## Questions\n### Boil the water\n- How hot? (optional)\n";
    let out = pseudo::note(text);
    assert!(out.contains("fileClass: core_skill"), "{out}");
    assert!(out.contains("Step 1: ⟦Boil the water⟧"), "{out}");
    assert!(out.contains("[[Owning Impact]]"), "{out}");
    assert!(out.contains("cycles: 4"), "{out}");
    assert!(out.contains("## Steps\n---\n"), "{out}");
    assert!(
        out.contains("1. **⟦Boil the water⟧**  \n   → ⟦Fresh and cold.⟧"),
        "{out}"
    );
    assert!(
        out.contains("### ⟦Boil the water⟧\n- ⟦How hot?⟧ (optional)"),
        "{out}"
    );

    assert!(pseudo::unwrapped_words("⟦a\nb⟧ 12\n⟦c ⟦d⟧⟧", &[]).is_empty());
    assert_eq!(
        pseudo::unwrapped_words("⟦a⟧ Press Enter", &[]),
        ["⟦a⟧ Press Enter"]
    );
    assert!(pseudo::unwrapped_words("⟦You said⟧ my words", &["my words"]).is_empty());
}

#[test]
fn the_pseudo_localised_vault_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let notes = pseudo::write_vault(dir.path());
    assert!(notes.len() >= 10, "{notes:?}");
    let (code, out) = run(&Env::new(), dir.path(), &["check"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("all clear\n"), "{out}");
}

#[test]
fn a_reflection_over_the_pseudo_vault_says_only_wrapped_words() {
    let dir = tempfile::tempdir().unwrap();
    pseudo::write_vault(dir.path());
    let answers = [
        "I took their quiet for not caring",
        "They asked me to notice more",
    ];
    let input = format!("{}\n{}\n", answers[0], answers[1]);
    let (code, out) = run(&Env::new(), dir.path(), &["reflect", "--plain"], &input);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains('⟦'), "{out}");
    let stray = pseudo::unwrapped_words(&out, &answers);
    // The vault's own words reach the reader, not the shipped ones.
    let shipped = repair_coach::coach::Plan::from_vault(&repair_coach::vault::Vault::shipped())
        .unwrap()
        .guide;
    let closing = format!("⟦{}⟧", shipped.reflect.closing.trim());
    assert!(out.contains(&closing), "{closing} in:\n{out}");
    assert!(
        stray.is_empty(),
        "words not from a note: {stray:#?}\n\n{out}"
    );
}

#[test]
fn a_whole_session_over_the_pseudo_vault_says_only_wrapped_words() {
    let dir = tempfile::tempdir().unwrap();
    pseudo::write_vault(dir.path());
    // Safe, both sides, calm (3), no breathing; Repair's steps; the practice; calm at the end.
    let answers = [
        "hurt and left out",
        "I kept looking at my phone while you talked",
        "you are my favourite person",
        "I'll sit with you and listen",
        "they looked after me when I was ill",
        "that I was tired",
        "ask if they want to know",
        "that I needed a hand with the bags",
        "help me with the bags",
        "sometimes",
        "yes, more than once",
    ];
    let input = format!(
        "1\n3\n3\n2\n{}\n\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n2\n\n{}\n{}\n2\n",
        answers[0],
        answers[1],
        answers[2],
        answers[3],
        answers[4],
        answers[5],
        answers[6],
        answers[7],
        answers[8],
        answers[9],
        answers[10]
    );
    let env = Env::new();
    let (code, out) = run(&env, dir.path(), &["start", "--plain"], &input);
    assert_eq!(code, 0, "{out}");
    let stray = pseudo::unwrapped_words(&out, &answers);
    assert!(
        stray.is_empty(),
        "words not from a note: {stray:#?}\n\n{out}"
    );
    assert!(out.contains("⟦Regulate yourself first⟧"), "{out}");
}

#[test]
fn after_the_argument_over_the_pseudo_vault_says_only_wrapped_words() {
    let dir = tempfile::tempdir().unwrap();
    pseudo::write_vault(dir.path());
    // Safe; the first scenario; calm (3), no breathing; every step's questions (one answer
    // flagged by a pseudo-localised phrase, and kept); calm at the end.
    let answers = [
        "I will go first",
        "lonely",
        "the dishes mattered more than me",
        "they were tired",
        "feeling left out as a kid",
        "I raised my voice ⟦but you⟧ did too",
        "ask for a pause",
    ];
    let input = format!(
        "1\n1\n3\n2\n{}\n\n{}\n{}\n{}\n{}\n{}\n2\n{}\n\n2\n",
        answers[0], answers[1], answers[2], answers[3], answers[4], answers[5], answers[6]
    );
    let (code, out) = run(
        &Env::new(),
        dir.path(),
        &["start", "After the Argument", "--plain"],
        &input,
    );
    assert_eq!(code, 0, "{out}");
    // The scenario's frame, the flag and the meta-skill offered all came through.
    assert!(
        out.contains("⟦The same argument keeps coming back"),
        "{out}"
    );
    assert!(out.contains("⟦Leave the “but” off."), "{out}");
    assert!(out.contains("⟦To practise next: Owning Impact."), "{out}");
    let stray = pseudo::unwrapped_words(&out, &answers);
    assert!(
        stray.is_empty(),
        "words not from a note: {stray:#?}\n\n{out}"
    );
}
