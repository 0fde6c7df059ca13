//! Fixture vaults under tests/fixtures/vaults/, one per quirk and one per bad input, each
//! asserting the exact finding `check` reports.
use repair_coach::diagnostic::{Finding, Severity};
use repair_coach::model::Model;
use repair_coach::note::WikiLink;
use repair_coach::vault::{Keep, Origin, Vault};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vaults")
        .join(name)
}

fn load(name: &str) -> Vault {
    Vault::load(Some(&fixture(name))).expect("fixture vault loads")
}

/// What `check` says about the fixture's own files (shipped notes left out).
fn findings(vault: &Vault) -> Vec<(String, Option<usize>, Severity, String)> {
    vault
        .check()
        .into_iter()
        .filter(|f| !f.path.starts_with("<shipped>"))
        .map(|f| (f.path.display().to_string(), f.line, f.severity, f.message))
        .collect()
}

/// Exactly one finding, at `path:line` with this severity and a message containing `words`.
fn assert_one(vault: &Vault, path: &str, line: Option<usize>, severity: Severity, words: &str) {
    let found = findings(vault);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (p, l, s, message) = &found[0];
    assert_eq!((p.as_str(), *l, *s), (path, line, severity), "{message}");
    assert!(
        message.contains(words),
        "{message:?} should contain {words:?}"
    );
}

fn link(target: &str) -> WikiLink {
    WikiLink::parse(&format!("[[{target}]]")).unwrap()
}

#[test]
fn crlf_note_types_and_reports_lines() {
    let vault = load("crlf");
    let skill = vault.skills().find(|s| s.name == "Steady").unwrap();
    let titles: Vec<_> = skill.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, vec!["Breathe", "Listen"]);
    assert_eq!(skill.steps[0].guidance, "Slowly, out longer than in.");
    assert_one(
        &vault,
        "Steady.md",
        Some(13),
        Severity::Warning,
        "[[Missing Crlf]] does not match any note: create Missing Crlf.md or fix the link",
    );
}

#[test]
fn bom_note_keeps_its_frontmatter() {
    let vault = load("bom");
    let entry = vault.get("bom").unwrap();
    assert!(matches!(entry.model, Model::Skill(_)));
    assert!(findings(&vault).is_empty(), "{:?}", findings(&vault));
}

#[test]
fn a_note_without_frontmatter_is_plain_and_linkable() {
    let vault = load("no_frontmatter");
    let entry = vault.get("Resolving Attunement Mishaps").unwrap();
    assert!(matches!(entry.model, Model::Plain));
    assert_eq!(entry.origin, Origin::User(fixture("no_frontmatter")));
    assert!(findings(&vault).is_empty(), "{:?}", findings(&vault));
}

#[test]
fn links_resolve_by_alias() {
    let vault = load("aliases");
    let target = vault.resolve(&link("grounding")).unwrap();
    assert_eq!(target.note.name, "Staying Grounded");
    assert_eq!(
        vault.resolve(&link("FEET ON THE FLOOR")).unwrap().note.name,
        "Staying Grounded"
    );
    assert!(findings(&vault).is_empty(), "{:?}", findings(&vault));
}

#[test]
fn links_resolve_by_path_but_never_outside_the_vault() {
    let vault = load("paths");
    for written in ["folder/Note", "folder/Note.md", "FOLDER/note", "Note"] {
        let entry = vault.resolve(&link(written)).unwrap();
        assert_eq!(entry.note.path, Path::new("folder/Note.md"), "{written}");
    }
    assert!(vault.resolve(&link("../../etc/passwd")).is_none());
    assert!(vault.resolve(&link("#Local")).is_none());
    assert_one(
        &vault,
        "Other.md",
        Some(6),
        Severity::Warning,
        "[[../../etc/passwd]] does not match any note",
    );
}

#[test]
fn dangling_links_are_warnings_with_lines_and_code_is_not_a_link() {
    let vault = load("dangling");
    assert_eq!(
        findings(&vault),
        vec![
            (
                "Index.md".into(),
                Some(2),
                Severity::Warning,
                "[[Also Missing]] does not match any note: create Also Missing.md or fix the link"
                    .into()
            ),
            (
                "Index.md".into(),
                Some(10),
                Severity::Warning,
                "[[Nowhere]] does not match any note: create Nowhere.md or fix the link".into()
            ),
        ]
    );
}

#[test]
fn duplicate_names_first_by_path_wins_and_check_warns() {
    let vault = load("duplicates");
    assert_eq!(
        vault.resolve(&link("same")).unwrap().note.path,
        Path::new("a/Same.md")
    );
    assert_eq!(
        vault.get("b/same").unwrap().note.path,
        Path::new("b/same.md")
    );
    assert_one(
        &vault,
        "b/same.md",
        None,
        Severity::Warning,
        "two notes are called \"same\": a/Same.md and b/same.md",
    );
}

#[test]
fn hidden_folders_and_other_files_are_skipped() {
    let vault = load("hidden");
    let mut user: Vec<_> = vault
        .entries()
        .iter()
        .filter(|e| e.origin != Origin::Shipped)
        .map(|e| e.note.path.display().to_string())
        .collect();
    user.sort();
    assert_eq!(user, vec!["UPPER.MD", "Visible.md"]);
    assert_one(
        &vault,
        "Visible.md",
        Some(1),
        Severity::Warning,
        "[[Hidden]] does not match any note",
    );
}

#[test]
fn names_match_across_unicode_normal_forms() {
    let vault = load("unicode");
    assert!(vault.get("caf\u{e9}").is_some());
    assert!(findings(&vault).is_empty(), "{:?}", findings(&vault));
}

#[test]
fn a_users_note_wins_over_the_shipped_one() {
    let vault = load("override");
    let repair = vault.get("repair").unwrap();
    assert_eq!(repair.origin, Origin::User(fixture("override")));
    let Model::Skill(skill) = &repair.model else {
        panic!("Repair is a skill")
    };
    assert_eq!(skill.description, "My own words.");
    assert_eq!(vault.skills().filter(|s| s.name == "Repair").count(), 1);
}

#[test]
fn a_broken_users_note_does_not_hide_the_shipped_one() {
    let vault = load("override_broken");
    let repair = vault.get("Repair").unwrap();
    assert_eq!(repair.origin, Origin::Shipped);
    assert!(matches!(repair.model, Model::Skill(_)));
    assert_one(
        &vault,
        "Repair.md",
        Some(3),
        Severity::Error,
        "not valid YAML",
    );
}

#[test]
fn unterminated_frontmatter_is_an_error_on_line_1() {
    assert_one(
        &load("unterminated"),
        "Open.md",
        Some(1),
        Severity::Error,
        "frontmatter opened on line 1 is never closed: add a line `---` after it",
    );
}

#[test]
fn bad_yaml_is_an_error_at_its_file_line() {
    let vault = load("bad_yaml");
    let found = findings(&vault);
    assert_eq!(found.len(), 1, "{found:?}");
    let (path, line, severity, message) = &found[0];
    assert_eq!((path.as_str(), *severity), ("Bad.md", Severity::Error));
    // The flow list opened on line 4 runs into line 5 (`current_focus: true`).
    assert_eq!(*line, Some(5));
    assert!(
        message.contains("not valid YAML (did not find expected ',' or ']' on line 5, while parsing a flow sequence on line 4)"),
        "{message}"
    );
    // A bad note still stands in for its name, so links to it do not dangle.
    assert!(vault.get("Bad").is_some());
}

#[test]
fn steps_as_a_string_names_the_field() {
    assert_one(
        &load("steps_string"),
        "Steps.md",
        Some(4),
        Severity::Error,
        "`steps` should be a list of step titles, like [\"Step 1: ...\", \"Step 2: ...\"], not `Breathe then talk`",
    );
}

#[test]
fn a_slip_in_a_file_class_is_a_warning_naming_the_class_meant() {
    let vault = load("file_class_slip");
    assert_one(
        &vault,
        "Apology.md",
        Some(3),
        Severity::Warning,
        "`fileClass: core_skil` is not one the coach reads, so this note is read as a plain note: \
         if you meant `core_skill`, write `fileClass: core_skill`",
    );
    // Read as written all the same: a plain note, not a skill; the vault's own class is left alone.
    assert!(matches!(vault.get("Apology").unwrap().model, Model::Plain));
    assert!(vault.skills().all(|skill| skill.name != "Apology"));
}

#[test]
fn current_focus_maybe_names_the_field() {
    assert_one(
        &load("current_focus_maybe"),
        "Focus.md",
        Some(5),
        Severity::Error,
        "`current_focus` should be true or false, not `maybe`",
    );
}

#[test]
fn missing_description_names_the_field() {
    assert_one(
        &load("missing_description"),
        "Nodesc.md",
        Some(1),
        Severity::Error,
        "`description` is missing: add a line `description: ",
    );
}

#[test]
fn an_empty_description_is_named_on_its_own_line() {
    assert_one(
        &load("empty_description"),
        "Blank.md",
        Some(3),
        Severity::Error,
        "`description` is empty: write ",
    );
}

#[test]
fn frontmatter_that_is_a_list_is_an_error() {
    assert_one(
        &load("not_a_mapping"),
        "List.md",
        Some(2),
        Severity::Error,
        "the frontmatter is a list",
    );
}

#[test]
fn step_mismatch_loads_and_warns_at_the_body_line() {
    let vault = load("step_mismatch");
    let skill = vault.skills().find(|s| s.name == "Mismatch").unwrap();
    assert_eq!(skill.steps[1].title, "Listen");
    assert_eq!(skill.steps[1].guidance, "Not yet.");
    assert_one(
        &vault,
        "Mismatch.md",
        Some(10),
        Severity::Warning,
        "step 2 is called \"Listen\" in the frontmatter (line 4) but \"Explain yourself\" in the body (line 10)",
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_and_the_rest_loads() {
    let vault = load("non_utf8");
    assert!(vault.get("Good").is_some());
    assert_one(
        &vault,
        "Latin1.md",
        Some(4),
        Severity::Error,
        "this file is not UTF-8 text, so it was skipped: save it as UTF-8",
    );
}

#[test]
fn a_missing_vault_folder_says_which_and_what_to_do() {
    let missing = fixture("no such vault");
    let error = Vault::load(Some(&missing)).unwrap_err().to_string();
    assert!(error.contains("no such vault"), "{error}");
    assert!(error.contains("--vault"), "{error}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_survived_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("inner")).unwrap();
    std::fs::write(dir.path().join("inner/Note.md"), "Text.\n").unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("inner/loop")).unwrap();
    let vault = Vault::load(Some(dir.path())).unwrap();
    assert!(vault.get("Note").is_some());
    assert_one(
        &vault,
        "inner/loop",
        None,
        Severity::Warning,
        "this symlink leads back to the vault folder (a loop), so it was skipped",
    );
}

#[test]
fn a_file_over_4_mib_is_an_error_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Small.md"), "Fine.\n").unwrap();
    std::fs::write(dir.path().join("Huge.md"), "a".repeat(4 * 1024 * 1024 + 1)).unwrap();
    let vault = Vault::load(Some(dir.path())).unwrap();
    assert!(vault.get("Small").is_some());
    assert_one(
        &vault,
        "Huge.md",
        None,
        Severity::Error,
        "this file is larger than 4 MiB",
    );
}

#[test]
fn check_is_sorted_by_path_then_line() {
    let vault = load("dangling");
    let all: Vec<Finding> = vault.check();
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| (a.path.as_os_str(), a.line).cmp(&(b.path.as_os_str(), b.line)));
    assert_eq!(all, sorted);
}

#[test]
fn the_shipped_vault_holds_the_repair_skill_in_focus() {
    let vault = Vault::shipped();
    let repair = vault.current_focus().expect("a skill in focus");
    assert_eq!(repair.name, "Repair");
    assert_eq!(repair.path, Path::new("<shipped>/Repair.md"));
    assert_eq!(vault.get("repair").unwrap().origin, Origin::Shipped);
}

#[test]
fn every_shipped_note_loads_and_check_is_clean() {
    let vault = Vault::shipped();
    assert_eq!(vault.check(), Vec::<Finding>::new());
    assert!(vault.entries().iter().all(|e| e.origin == Origin::Shipped));
}

#[test]
fn repairs_five_meta_skill_links_all_resolve_to_meta_skills() {
    let vault = Vault::shipped();
    let repair = vault.get("Repair").unwrap();
    let Model::Skill(skill) = &repair.model else {
        panic!("Repair is a skill")
    };
    assert_eq!(skill.supporting_meta_skills.len(), 5);
    for link in &skill.supporting_meta_skills {
        let target = vault
            .resolve(link)
            .unwrap_or_else(|| panic!("{link:?} dangles"));
        let Model::Skill(meta) = &target.model else {
            panic!("{} is not a skill", target.note.name)
        };
        assert_eq!(meta.kind, repair_coach::model::SkillKind::Meta);
        assert_eq!(meta.name, link.target);
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_a_warning_and_a_folder_named_like_a_note_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Fine.md"), "Text.\n").unwrap();
    std::fs::create_dir(dir.path().join("Folder.md")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/Gone.md", dir.path().join("Gone.md")).unwrap();
    let vault = Vault::load(Some(dir.path())).unwrap();
    assert!(vault.get("Fine").is_some());
    assert!(vault.get("Folder").is_none());
    assert_one(
        &vault,
        "Gone.md",
        None,
        Severity::Warning,
        "this symlink points to something that does not exist, so it was skipped",
    );
}

#[test]
fn a_yaml_alias_bomb_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, previous) in "bcdefghi".chars().zip("abcdefgh".chars()) {
        let refs = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    std::fs::write(dir.path().join("Bomb.md"), format!("---\n{yaml}---\n")).unwrap();
    let vault = Vault::load(Some(dir.path())).unwrap();
    assert_one(
        &vault,
        "Bomb.md",
        Some(2),
        Severity::Error,
        "repetition limit exceeded",
    );
}

#[test]
fn links_to_attachments_in_the_vault_resolve_and_missing_ones_warn() {
    let vault = load("attachments");
    let warning = |line, message: &str| {
        (
            "Gallery.md".to_string(),
            Some(line),
            Severity::Warning,
            message.to_string(),
        )
    };
    assert_eq!(
        findings(&vault),
        vec![
            warning(
                5,
                "[[missing.png]] does not match any file in the vault: add missing.png or fix the link"
            ),
            warning(
                6,
                "[[old.png]] does not match any file in the vault: add old.png or fix the link"
            ),
            warning(
                7,
                "[[docs/report.pdf]] does not match any file in the vault: add docs/report.pdf or \
                 fix the link"
            ),
            warning(
                8,
                "[[Dr. Who]] does not match any note: create Dr. Who.md or fix the link"
            ),
        ]
    );
    assert!(vault.is_attachment(&link("assets/image-0001.png")));
    assert!(!vault.is_attachment(&link("missing.png")));
    // An attachment is not a note: nothing to show or type.
    assert!(vault.get("image-0001.png").is_none());
}

/// A load for `check` drops the bodies but must find exactly what a full load finds.
#[test]
fn a_load_for_check_finds_what_a_full_load_finds_in_every_fixture() {
    let vaults = std::fs::read_dir(fixture("")).unwrap();
    let mut checked = 0;
    for dir in vaults {
        let dir = dir.unwrap().path();
        let full = Vault::load(Some(&dir)).unwrap();
        let for_check = Vault::load_keeping(Some(&dir), Keep::ForCheck).unwrap();
        assert_eq!(for_check.check(), full.check(), "{}", dir.display());
        assert!(
            for_check.entries().iter().all(|e| e.note.body().is_empty()),
            "{}",
            dir.display()
        );
        checked += 1;
    }
    assert!(checked > 10, "only {checked} fixture vaults");
}
