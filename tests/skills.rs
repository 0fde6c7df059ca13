//! A vault's own skills through the real binary: what `check`, `skills` and `show` say about
//! them (several focus skills, questions in a skill note, scenario links, meta-skills).
mod support;

use std::path::Path;
use support::Env;

/// A vault in a temporary folder holding `notes` (name, text).
fn vault(notes: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in notes {
        let path = dir.path().join(format!("{name}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(env: &Env, vault: &Path, args: &[&str]) -> (i32, String) {
    let output = env
        .cmd()
        .arg("--vault")
        .arg(vault)
        .args(args)
        .output()
        .unwrap();
    let mut text = String::from_utf8(output.stdout).unwrap();
    text += &String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap_or(-1), text)
}

const TEA: &str = "---\nfileClass: core_skill\ndescription: Making tea together, slowly.\nsteps: [\"Step 1: Boil the water\", \"Step 2: Warm the pot\", \"Step 3: Pour for them first\"]\ncurrent_focus: true\n---\n";

#[test]
fn two_focus_skills_are_a_warning_at_each_focus_line() {
    let dir = vault(&[("Making Tea", TEA)]);
    let (code, out) = run(&Env::new(), dir.path(), &["check"]);
    assert_eq!(code, 0, "warnings only: {out}");
    let warnings: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("current_focus"))
        .collect();
    assert_eq!(warnings.len(), 2, "{out}");
    assert!(
        warnings[0].starts_with(
            "<shipped>/Repair.md:9: warning: 2 skills are marked `current_focus: true` \
             ([[Making Tea]], [[Repair]]): `repair-coach start` will ask which one each time; \
             to take it off this shipped skill, copy Repair.md into your vault"
        ),
        "{out}"
    );
    assert!(
        warnings[1].contains("Making Tea.md:5: warning: 2 skills are marked"),
        "{out}"
    );
    assert!(
        warnings[1].ends_with("set it on one skill only to start with that one"),
        "{out}"
    );
    assert!(out.ends_with("checked: 0 errors, 2 warnings\n"), "{out}");

    // One focus: no warning.
    let one = vault(&[(
        "Making Tea",
        &TEA.replace("current_focus: true", "current_focus: false"),
    )]);
    let (_, out) = run(&Env::new(), one.path(), &["check"]);
    assert!(out.ends_with("all clear\n"), "{out}");
}

#[test]
fn check_points_at_questions_that_fit_no_step() {
    let text =
        format!("{TEA}\n## Questions\n### Drink it\n- Too late?\n### Step 2\n- Which pot?\n")
            .replace("current_focus: true", "current_focus: false");
    let dir = vault(&[("Making Tea", &text)]);
    let (_, out) = run(&Env::new(), dir.path(), &["check"]);
    assert!(
        out.contains("Making Tea.md:9: warning: `### Drink it` under `## Questions` names no step of this skill"),
        "{out}"
    );
    // One sentence, its words a space apart.
    assert!(!out.contains("  "), "{out}");
    assert!(out.ends_with("checked: 0 errors, 1 warning\n"), "{out}");
}

#[test]
fn related_scenarios_must_lead_to_scenarios() {
    let skill = TEA.replace(
        "current_focus: true",
        "related_scenarios: [\"[[Guests Arrive]]\", \"[[Owning Impact]]\"]",
    );
    let scenario = "---\nfileClass: scenario\ndescription: Guests arrive early.\n---\n";
    let dir = vault(&[("Making Tea", &skill), ("Guests Arrive", scenario)]);
    let (_, out) = run(&Env::new(), dir.path(), &["check"]);
    assert!(
        out.contains("Making Tea.md:5: warning: `related_scenarios` links to [[Owning Impact]], which is not a scenario"),
        "{out}"
    );
    assert!(!out.contains("[[Guests Arrive]], which"), "{out}");
    assert!(out.ends_with("checked: 0 errors, 1 warning\n"), "{out}");
}

#[test]
fn a_scenario_without_a_description_is_an_error_naming_the_field() {
    let dir = vault(&[("Guests Arrive", "---\nfileClass: scenario\n---\n")]);
    let (code, out) = run(&Env::new(), dir.path(), &["check"]);
    assert_eq!(code, 65, "{out}");
    assert!(
        out.contains("Guests Arrive.md:1: error: `description` is missing"),
        "{out}"
    );
}

#[test]
fn skills_marks_a_users_skill_walkable_and_both_focus_skills() {
    let dir = vault(&[("Making Tea", TEA)]);
    let (code, out) = run(&Env::new(), dir.path(), &["skills"]);
    assert_eq!(code, 0, "{out}");
    let line = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("  {name} —")))
            .unwrap_or_else(|| panic!("{name} not listed:\n{out}"))
            .to_string()
    };
    assert!(
        line("Making Tea").ends_with("(current focus, step by step)"),
        "{out}"
    );
    assert!(
        line("Repair").ends_with("(current focus, step by step)"),
        "{out}"
    );
    assert!(
        line("After the Argument").ends_with("(step by step)"),
        "{out}"
    );
    assert!(!line("Staying Grounded").contains('('), "{out}");
    assert!(
        line("It Keeps Coming Back").contains("comes back")
            || out.contains("Scenarios\n  It Keeps Coming Back —"),
        "{out}"
    );
}

#[test]
fn show_of_a_meta_skill_lists_the_skills_that_draw_on_it() {
    let skill = TEA.replace(
        "current_focus: true",
        "supporting_meta_skills: [\"[[Owning Impact]]\"]",
    );
    let dir = vault(&[("Making Tea", &skill)]);
    let (code, out) = run(&Env::new(), dir.path(), &["show", "Owning Impact"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Skills that draw on it\n\n- After the Argument\n- Making Tea\n- Repair\n"),
        "{out}"
    );
    // A core skill lists nothing of the kind.
    let (_, out) = run(&Env::new(), dir.path(), &["show", "Repair"]);
    assert!(!out.contains("draw on it"), "{out}");
}

#[test]
fn stopping_at_the_focus_choice_saves_nothing() {
    let dir = vault(&[("Making Tea", TEA)]);
    let env = Env::new();
    let output = env
        .cmd()
        .arg("--vault")
        .arg(dir.path())
        .args(["start", "--plain"])
        .write_stdin("1\n")
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{out}");
    let guide = repair_coach::coach::Plan::from_vault(&repair_coach::vault::Vault::shipped())
        .unwrap()
        .guide;
    let safety = out.find(&guide.safety_check.question).expect(&out);
    let focus = out.find(&guide.focus.question).expect(&out);
    assert!(safety < focus, "the safety question comes first: {out}");
    assert!(out.contains(&guide.stop.nothing_saved), "{out}");
    assert!(!env.journal_dir().exists(), "no journal folder was made");
}

#[test]
fn start_names_what_cannot_be_walked() {
    let env = Env::new();
    let dir = vault(&[]);
    let (code, out) = run(&env, dir.path(), &["start", "Owning Impact", "--plain"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Owning Impact is a meta-skill"), "{out}");
    let (code, out) = run(&env, dir.path(), &["start", "Aftr the Argument", "--plain"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("no note called \"Aftr the Argument\""),
        "{out}"
    );
    assert!(
        out.contains("After the Argument"),
        "a near name is suggested: {out}"
    );
}

#[test]
fn skills_json_says_which_skills_start_can_walk() {
    let dir = vault(&[("Making Tea", TEA)]);
    let (code, out) = run(&Env::new(), dir.path(), &["skills", "--json"]);
    assert_eq!(code, 0, "{out}");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let walkable = |name: &str| {
        value["notes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|note| note["name"] == name)
            .unwrap_or_else(|| panic!("{name} not listed:\n{out}"))["walkable"]
            .clone()
    };
    assert_eq!(walkable("Repair"), true, "{out}");
    assert_eq!(walkable("Making Tea"), true, "a user's core skill: {out}");
    assert_eq!(walkable("Staying Grounded"), false, "a meta-skill: {out}");
    // Only skills are walked; a practice has no such field.
    assert_eq!(
        walkable("Resolving Attunement Mishaps"),
        serde_json::Value::Null
    );
}

#[test]
fn a_skill_whose_file_class_has_a_slip_is_named_with_the_fix_by_check_and_by_start() {
    let slipped = TEA.replace("fileClass: core_skill", "fileClass: Core_skil");
    let dir = vault(&[("Making Tea", &slipped)]);
    let fix = "if you meant `core_skill`, write `fileClass: core_skill`";
    let (code, out) = run(&Env::new(), dir.path(), &["check"]);
    assert_eq!(code, 0, "a warning: {out}");
    assert!(
        out.contains("Making Tea.md:2: warning: `fileClass: Core_skil`"),
        "{out}"
    );
    assert!(out.contains(fix), "{out}");
    // Not a skill as written, so not listed; and `start` says why, with the same fix.
    let (_, listed) = run(&Env::new(), dir.path(), &["skills"]);
    assert!(!listed.contains("Making Tea"), "{listed}");
    let (code, out) = run(&Env::new(), dir.path(), &["start", "Making Tea"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Making Tea (Making Tea.md) is not a skill"),
        "{out}"
    );
    assert!(out.contains(fix), "{out}");
}

/// Signals placed past a skill's steps (or a practice's stages), or tied to a note that is
/// neither, are never raised where they belong: `check` says so, at the note's lines.
#[test]
fn signals_that_no_step_or_session_uses_are_warnings() {
    let tea_signals = "---\nfileClass: mistake_signals\nskill: \"[[Making Tea]]\"\nsignals:\n  - mistake: Rushing the brew\n    step: 2\n    instead: Wait.\n    phrases: [quick cup]\n  - mistake: Cold cups\n    step: 7\n    instead: Warm them.\n    phrases: [cold cup]\n---\n";
    let plain_signals = "---\nfileClass: mistake_signals\nskill: \"[[Kitchen]]\"\nsignals:\n  - mistake: M\n    step: 1\n    instead: I\n    phrases: [p]\n---\n";
    let dir = vault(&[
        ("Making Tea", TEA),
        ("Tea Signals", tea_signals),
        ("Kitchen", "---\ntags: [place]\n---\nWhere the kettle is.\n"),
        ("Kitchen Signals", plain_signals),
    ]);
    let (_, out) = run(&Env::new(), dir.path(), &["check"]);
    assert!(
        out.contains(
            "Tea Signals.md:10: warning: signal 2 (\"Cold cups\") is at step 7, but [[Making Tea]] \
             has 3 steps, so none of them lists it: give it a step from 1 to 3\n"
        ),
        "{out}"
    );
    assert!(!out.contains("signal 1 (\"Rushing the brew\")"), "{out}");
    assert!(
        out.contains(
            "Kitchen Signals.md:3: warning: [[Kitchen]] is not a skill or a practice, so no \
             session uses these signals"
        ),
        "{out}"
    );
}

/// A step with no title would be asked about as "What could “” look like for you?".
#[test]
fn check_names_a_step_without_a_title() {
    let text = TEA
        .replace("\"Step 3: Pour for them first\"", "\"Step 3:\"")
        .replace("current_focus: true", "current_focus: false");
    let dir = vault(&[("Making Tea", &text)]);
    let (_, out) = run(&Env::new(), dir.path(), &["check"]);
    assert!(
        out.contains(
            "warning: step 3 in `steps` has no title (\"Step 3:\"): give it one, like \"Step 3: …\""
        ),
        "{out}"
    );
}
