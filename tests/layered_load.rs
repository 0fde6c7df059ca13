//! The layered load of the reading commands (issue 14): the same notes, names and models as the
//! full load, bodies read only for the notes asked for, and `check`'s output unchanged.
mod support;

#[path = "../examples/gen_vault.rs"]
#[allow(dead_code)]
mod gen_vault;

use repair_coach::model::Model;
use repair_coach::vault::{Heads, ListedKind, Origin, Vault};
use std::path::Path;
use support::Env;

fn generated(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    gen_vault::generate(dir.path(), n, 42).unwrap();
    dir
}

/// `check` on the vault examples/gen_vault.rs makes of 300 notes (seed 42) prints what it printed
/// before the loader was layered, byte for byte (the golden's other lines are what that binary
/// printed), with the links to headings their notes lack since that was checked (the generator
/// links a heading its note has, and now and then one it may lack).
#[test]
fn check_output_on_a_generated_vault_is_unchanged() {
    let vault = generated(300);
    let output = Env::new()
        .cmd()
        .arg("--vault")
        .arg(vault.path())
        .arg("check")
        .output()
        .unwrap();
    let golden = include_str!("golden/check_generated_300.txt");
    // Each note is named from the vault as given; the golden names them inside it.
    let out = String::from_utf8(output.stdout)
        .unwrap()
        .replace(&format!("{}/", vault.path().display()), "");
    assert!(out == golden, "check's output changed:\n{out}");
}

fn kind(model: &Model) -> repair_coach::model::Class {
    repair_coach::model::Class::of_model(model)
}

#[test]
fn a_layered_vault_finds_what_a_full_load_finds() {
    let dir = generated(300);
    let full = Vault::load(Some(dir.path())).unwrap();
    let layered = Vault::load_layered(Some(dir.path()), None, Heads::WithListing).unwrap();
    for entry in full.entries() {
        let mut names = vec![entry.note.name.clone()];
        if matches!(entry.origin, Origin::User(_)) {
            names.push(entry.note.path.to_string_lossy().into_owned());
        }
        for name in names {
            let found = layered
                .get(&name)
                .unwrap_or_else(|| panic!("{name} not found"));
            let expected = full.get(&name).unwrap();
            assert_eq!(found.note.path, expected.note.path, "{name}");
            assert_eq!(kind(&found.model), kind(&expected.model), "{name}");
            assert_eq!(found.note.body(), expected.note.body(), "{name}");
        }
    }
    let names = |vault: &Vault| -> Vec<String> { vault.skills().map(|s| s.name.clone()).collect() };
    assert_eq!(names(&layered), names(&full));
    assert_eq!(
        layered.current_focus().map(|s| &s.name),
        full.current_focus().map(|s| &s.name)
    );
    let listed: Vec<(String, String, bool, bool)> = layered
        .listing()
        .iter()
        .map(|l| {
            let (name, description) = (l.name.to_string(), l.description.to_string());
            (name, description, l.walkable, l.current_focus)
        })
        .collect();
    let mut expected: Vec<(String, String, bool, bool)> = full
        .skills()
        .map(|s| {
            let (name, description) = (s.name.clone(), s.description.clone());
            (name, description, s.is_walkable(), s.current_focus)
        })
        .chain(
            full.practices()
                .map(|p| (p.name.clone(), p.description.clone(), false, false)),
        )
        .collect();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    expected.sort();
    assert_eq!(listed_sorted, expected);
    assert!(
        layered
            .listing()
            .iter()
            .any(|l| l.kind == ListedKind::Practice)
    );
    assert_eq!(layered.entries().len(), full.entries().len());
}

#[test]
fn a_layered_load_reads_no_body_it_is_not_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    // Valid frontmatter, then a body that is not UTF-8 far past the head.
    let mut bytes = b"---\ntags: [x]\n---\n".to_vec();
    bytes.extend("word ".repeat(2000).as_bytes());
    bytes.extend([0xff, 0xfe, b'\n']);
    std::fs::write(dir.path().join("Odd.md"), &bytes).unwrap();
    std::fs::write(dir.path().join("Fine.md"), "Fine.\n").unwrap();
    // No frontmatter, and not UTF-8 from its first line: its head holds nothing to read.
    std::fs::write(dir.path().join("Plain.md"), b"Plain \xff words.\n").unwrap();
    // Valid frontmatter, and a body not UTF-8 from the line after it, well within what is read
    // of a head: only the frontmatter is the head's.
    let mut near = b"---\naliases: [Close]\n---\nNot \xff UTF-8.\n".to_vec();
    near.extend("word ".repeat(400).as_bytes());
    std::fs::write(dir.path().join("Near.md"), &near).unwrap();
    assert_eq!(Vault::load(Some(dir.path())).unwrap().load_errors(), 3);
    let layered = Vault::load_layered(Some(dir.path()), None, Heads::WithListing).unwrap();
    assert_eq!(layered.load_errors(), 0);
    assert!(layered.get("Fine").unwrap().note.body().contains("Fine."));
    // Its alias was read from the head all the same.
    let names = layered.names(None);
    assert!(
        names.contains(&("Near", vec!["Close".to_string()])),
        "{names:?}"
    );
    // Asked for, it is read, and stands in as the full load has it.
    let odd = layered.get("Odd").unwrap();
    assert_eq!(odd.note.body(), "");
    // `skills` lists without reading the body, and says nothing of it.
    let output = Env::new()
        .cmd()
        .arg("--vault")
        .arg(dir.path())
        .arg("skills")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn frontmatter_that_is_not_utf8_is_found_by_the_head() {
    let dir = tempfile::tempdir().unwrap();
    // Early in a long note, and late in a long frontmatter: both are the head's to read.
    let mut early = b"---\naliases: [Caf\xe9]\n---\n".to_vec();
    early.extend("word ".repeat(400).as_bytes());
    std::fs::write(dir.path().join("Early.md"), &early).unwrap();
    let mut late = b"---\n".to_vec();
    late.extend("tags: [a]\n".repeat(150).as_bytes());
    late.extend(b"aliases: [Caf\xe9]\n---\nBody.\n");
    std::fs::write(dir.path().join("Late.md"), &late).unwrap();
    let layered = Vault::load_layered(Some(dir.path()), None, Heads::Plain).unwrap();
    assert_eq!(layered.load_errors(), 2);
}

#[test]
fn a_user_note_found_broken_only_when_read_gives_way_to_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    // Sound frontmatter, but a core skill without steps anywhere: only typing the body says so.
    std::fs::write(
        dir.path().join("Repair.md"),
        "---\nfileClass: core_skill\ndescription: Mine.\ncurrent_focus: true\n---\nNo steps here.\n",
    )
    .unwrap();
    let vault = Vault::load_layered(Some(dir.path()), None, Heads::WithListing).unwrap();
    let repair = vault.get("Repair").unwrap();
    assert_eq!(repair.origin, Origin::Shipped);
    assert!(matches!(repair.model, Model::Skill(_)));
    assert_eq!(
        vault.current_focus().unwrap().path,
        Path::new("<shipped>/Repair.md")
    );
    let full = Vault::load(Some(dir.path())).unwrap();
    assert_eq!(full.get("Repair").unwrap().origin, Origin::Shipped);
}

#[test]
fn frontmatter_past_the_head_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(10_000);
    std::fs::write(
        dir.path().join("Long.md"),
        format!("---\nnote: {long}\naliases: [Far Alias]\nfileClass: practice\ndescription: D.\nstages: [a]\n---\nBody.\n"),
    )
    .unwrap();
    let vault = Vault::load_layered(Some(dir.path()), None, Heads::WithListing).unwrap();
    assert_eq!(vault.get("Far Alias").unwrap().note.name, "Long");
    assert!(
        vault
            .listing()
            .iter()
            .any(|l| l.name == "Long" && l.description == "D.")
    );
    assert!(vault.practices().any(|p| p.name == "Long"));
}

#[test]
fn a_character_cut_by_the_first_read_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Two-byte characters laid across every offset near the ends of the first reads of a head.
    let pads: Vec<usize> = (1000..1030).chain(4080..4100).collect();
    for pad in &pads {
        let text = format!(
            "---\nnote: {}{}\naliases: [Alias {pad}]\n---\nBody.\n",
            "x".repeat(*pad),
            "é".repeat(8)
        );
        std::fs::write(dir.path().join(format!("N{pad}.md")), text).unwrap();
    }
    let vault = Vault::load_layered(Some(dir.path()), None, Heads::WithListing).unwrap();
    assert_eq!(vault.load_errors(), 0);
    for pad in &pads {
        let note = vault.get(&format!("Alias {pad}")).unwrap();
        assert_eq!(note.note.name, format!("N{pad}"));
    }
}

/// What `skills` lists from frontmatter alone is what the whole notes say: a description or steps
/// written only in the body are read from it, and a skill whose frontmatter does not type is left
/// out, as the full load leaves it out.
#[test]
fn the_listing_reads_a_body_only_when_the_frontmatter_leaves_part_of_the_line_out() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "Whole.md",
        "---\nfileClass: core_skill\ndescription: All up top.\nsteps: [One]\ncurrent_focus: true\n---\n",
    );
    write(
        "Body Words.md",
        "---\nfileClass: core_skill\n---\n## Description\nSaid below.\n\n## Steps\n1. First\n",
    );
    write(
        "Mistyped.md",
        "---\nfileClass: core_skill\ndescription: Bad.\nsteps: [One]\ncurrent_focus: maybe\n---\n",
    );
    write(
        "Meta.md",
        "---\nfileClass: meta_skill\ndescription: Beside the others.\n---\n",
    );
    // The key spelled with an escape: typed all the same, its line read from the whole note.
    write(
        "Escaped.md",
        "---\n\"file\\u0043lass\": core_skill\ndescription: Spelled oddly.\nsteps: [One]\n---\n",
    );
    let full = Vault::load(Some(dir.path())).unwrap();
    let layered = Vault::load_layered(Some(dir.path()), None, Heads::WithListing).unwrap();
    let lines = |vault: &Vault| -> Vec<String> {
        let mut lines: Vec<String> = vault
            .listing()
            .iter()
            .map(|l| {
                format!(
                    "{} | {} | {} | {}",
                    l.name, l.description, l.walkable, l.current_focus
                )
            })
            .collect();
        lines.sort();
        lines
    };
    let listed = lines(&layered);
    assert_eq!(listed, lines(&full));
    assert!(
        listed.contains(&"Body Words | Said below. | true | false".to_string()),
        "{listed:?}"
    );
    assert!(
        listed.contains(&"Whole | All up top. | true | true".to_string()),
        "{listed:?}"
    );
    assert!(
        listed.contains(&"Meta | Beside the others. | false | false".to_string()),
        "{listed:?}"
    );
    assert!(
        !listed.iter().any(|l| l.starts_with("Mistyped")),
        "{listed:?}"
    );
}

/// The names of the skills drawing on the note called `name`, as `show` lists them.
fn drawing_on(vault: &Vault, name: &str) -> Vec<String> {
    let entry = vault.get(name).unwrap();
    let mut names: Vec<String> = vault
        .skills_drawing_on(entry)
        .iter()
        .map(|s| s.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn the_skills_drawing_on_a_meta_skill_are_those_a_full_load_finds() {
    let dir = generated(300);
    let full = Vault::load(Some(dir.path())).unwrap();
    let layered = Vault::load_layered(Some(dir.path()), None, Heads::Plain).unwrap();
    let metas: Vec<String> = full
        .skills()
        .filter(|s| s.kind == repair_coach::model::SkillKind::Meta)
        .map(|s| s.name.clone())
        .collect();
    assert!(metas.len() > 5);
    let mut drawn_on = 0;
    for name in &metas {
        let expected = drawing_on(&full, name);
        drawn_on += usize::from(!expected.is_empty());
        assert_eq!(drawing_on(&layered, name), expected, "{name}");
    }
    assert!(
        drawn_on > 2,
        "the generated vault links skills to its meta skills"
    );
}

#[test]
fn a_skill_is_read_for_show_only_when_its_head_may_link_to_the_note_shown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let skill = |links: &str, body: &[u8]| {
        let mut text = format!(
            "---\nfileClass: core_skill\ndescription: A skill.\nsteps: [\"One\"]\nsupporting_meta_skills: {links}\n---\n"
        )
        .into_bytes();
        text.extend(body);
        text
    };
    let write = |name: &str, bytes: &[u8]| {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write(
        "meta/Calm.md",
        b"---\nfileClass: meta_skill\ndescription: Calm.\naliases: [Stillness]\n---\n",
    );
    write("By Name.md", &skill("[\"[[Calm]]\"]", b"Fine.\n"));
    write(
        "By Alias.md",
        &skill("\"[[Stillness|be still]]\"", b"Fine.\n"),
    );
    write("By Path.md", &skill("[\"[[meta/Calm]]\"]", b"Fine.\n"));
    // Its head links here, but the skill does not type: it draws on nothing.
    write(
        "Untyped.md",
        b"---\nfileClass: core_skill\nsupporting_meta_skills: [\"[[Calm]]\"]\n---\n",
    );
    // Links elsewhere: it is never read.
    let elsewhere = skill("[\"[[Patience]]\"]", b"Fine.\n");
    write("Elsewhere.md", &elsewhere);
    let layered = Vault::load_layered(Some(root), None, Heads::Plain).unwrap();
    // Were it read after its head, it would now be read linking here.
    write("Elsewhere.md", &skill("[\"[[Calm]]\"]", b"Fine.\n"));
    assert_eq!(
        drawing_on(&layered, "Calm"),
        ["By Alias", "By Name", "By Path"],
        "only the skills that may draw on it are read"
    );
    // The untyped skill's error is found when it is read, not by its head.
    assert_eq!(layered.load_errors(), 0);
    write("Elsewhere.md", &elsewhere);
    let full = Vault::load(Some(root)).unwrap();
    assert_eq!(drawing_on(&full, "Calm"), drawing_on(&layered, "Calm"));
}

/// A user's copy of a shipped note whose frontmatter reads but whose body is not UTF-8 is found
/// broken only when a reading command reads it: the shipped note stands in, and the command says
/// once, as a warning naming the file and line, what is wrong and what to fix.
#[test]
fn a_copy_whose_body_is_not_utf8_gives_way_to_the_shipped_note_and_is_said_once() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    let shipped = include_bytes!("../content/Repair.md");
    let head_end = 4
        + shipped[4..]
            .windows(5)
            .position(|w| w == b"\n---\n")
            .unwrap()
        + 5;
    let mut copy = shipped[..head_end].to_vec();
    copy.extend_from_slice(b"\nCaf\xe9 au lait.\n");
    copy.extend_from_slice(&shipped[head_end..]);
    std::fs::write(vault.join("Repair.md"), copy).unwrap();
    let line = 1 + shipped[..head_end].iter().filter(|&&b| b == b'\n').count() + 1;
    let warning = format!(
        "{}/Repair.md:{line}: warning: this file is not UTF-8 text, so it was skipped: save it as \
         UTF-8 (most editors offer this under \"Save with encoding\"); until then the shipped \
         note \"Repair\" is used\n",
        vault.display()
    );
    let vault = vault.to_str().unwrap();
    for (args, stdin, shows) in [
        (
            &["start", "--plain"][..],
            "1\n1\n",
            "Regulate yourself first",
        ),
        (
            &["show", "Repair", "--plain"][..],
            "",
            "Regulate yourself first",
        ),
        (&["mistakes", "Repair"][..], "", "Common mistakes in Repair"),
    ] {
        let output = env
            .cmd()
            .arg("--vault")
            .arg(vault)
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        let out = String::from_utf8(output.stdout).unwrap();
        assert!(out.contains(shows), "{args:?}:\n{out}");
        let err = String::from_utf8(output.stderr).unwrap();
        assert_eq!(err, warning, "{args:?}");
    }
}

/// A note of the user's own found not UTF-8 when read has nothing to fall back on: `show` says
/// why it cannot show it, rather than an empty page.
#[test]
fn a_note_of_their_own_whose_body_is_not_utf8_is_not_shown_empty() {
    let output = Env::new()
        .cmd()
        .args([
            "--vault",
            "tests/fixtures/vaults/non_utf8",
            "show",
            "Latin1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("Latin1.md:4 could not be read") && err.contains("save it as UTF-8"),
        "{err}"
    );
    assert!(output.stdout.is_empty());
}

/// `check` warns about a link to a heading its note lacks, naming the file, line, heading and
/// note; headings match whatever their case, space and markdown, and block references are left
/// alone.
#[test]
fn check_warns_about_a_link_to_a_heading_the_note_lacks() {
    let env = Env::new();
    let vault = env.home().join("vault");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(
        vault.join("Making Tea.md"),
        "# Tea\n\n## Step 1: **Steeping**\n\nSee [[#step 1 steeping]] and [[#Pouring]].\n",
    )
    .unwrap();
    std::fs::write(
        vault.join("Index.md"),
        "[[Making Tea#Step 1: Steeping]] [[Making Tea#^a1b2]] [[Making Tea# STEP 1 STEEPING |x]]\n\
         [[Making Tea#Boiling]]\n",
    )
    .unwrap();
    let output = env
        .cmd()
        .arg("--vault")
        .arg(&vault)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let out = String::from_utf8(output.stdout).unwrap();
    let root = vault.display();
    assert_eq!(
        out,
        format!(
            "{root}/Index.md:2: warning: [[Making Tea#Boiling]]: \"Making Tea\" has no heading \
             \"Boiling\": add it there, or fix the link to one of its headings\n\
             {root}/Making Tea.md:5: warning: [[#Pouring]]: this note has no heading \"Pouring\": \
             add it, or fix the link to one of its headings\n\
             2 notes checked: 0 errors, 2 warnings\n"
        )
    );
}
