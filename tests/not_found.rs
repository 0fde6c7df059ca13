//! What a person reads when something is not there: the closest names, aliases or ids, and
//! the operating system's errors in words; `journal list` in columns that line up, and an
//! entry that cannot be read named, with a failing exit.
mod support;

use repair_coach::model::Kind;
use support::Env;
use unicode_width::UnicodeWidthStr;

fn stderr_of(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_misspelt_name_suggests_the_closest_note_skill_or_practice() {
    let env = Env::new();
    for (args, suggestion) in [
        (&["show", "Repiar"][..], "Did you mean Repair?"),
        (&["show", "owing impact"], "Did you mean Owning Impact?"),
        (&["mistakes", "Repiar"], "Did you mean Repair?"),
        (
            &["reflect", "Resolvng Attunement Mishaps"],
            "Did you mean Resolving Attunement Mishaps?",
        ),
    ] {
        let said = stderr_of(&env, args);
        assert!(said.contains(suggestion), "{args:?}: {said}");
        assert_eq!(said.lines().count(), 1, "{said}");
    }
    let said = stderr_of(&env, &["show", "Xyzzy"]);
    assert!(!said.contains("Did you mean"), "{said}");
}

/// `start` suggests only what it can walk: the core skills, never a meta-skill or a coach note
/// that happens to be near by name ("Stayin" is near Staying Grounded and Staying Safe).
#[test]
fn start_suggests_only_skills_it_can_walk() {
    let env = Env::new();
    for (asked, suggestion) in [
        ("Repiar", Some("Did you mean Repair?")),
        ("Stayin", None),
        ("Owning", None),
    ] {
        let said = stderr_of(&env, &["start", "--plain", asked]);
        match suggestion {
            Some(suggestion) => assert!(said.contains(suggestion), "{asked}: {said}"),
            None => assert!(!said.contains("Did you mean"), "{asked}: {said}"),
        }
    }
    // `show` still finds them all.
    assert!(stderr_of(&env, &["show", "Stayin"]).contains("Staying Grounded"));
}

#[test]
fn a_journal_id_one_digit_off_suggests_the_real_one() {
    let env = Env::new();
    let id = support::write_entry(
        &env.journal_dir(),
        "2026-12-01T18:42:00+00:00",
        Kind::Session,
        "words",
    );
    assert_eq!(id, "2026-12-01-1842");
    for command in ["show", "export"] {
        let said = stderr_of(&env, &["journal", command, "2026-12-01-1843"]);
        assert!(
            said.contains("no journal entry 2026-12-01-1843. Did you mean 2026-12-01-1842?"),
            "{command}: {said}"
        );
    }
}

#[test]
fn a_broken_entry_asked_for_by_id_says_what_is_wrong_not_that_it_is_missing() {
    let env = Env::new();
    support::write_entry(
        &env.journal_dir(),
        "2026-12-01T18:42:00+00:00",
        Kind::Session,
        "w",
    );
    std::fs::write(
        env.journal_dir().join("2026-12-02-0900.md"),
        "---\nnot: [valid\n",
    )
    .unwrap();
    let said = stderr_of(&env, &["journal", "show", "2026-12-02-0900"]);
    assert!(!said.contains("no journal entry"), "{said}");
    assert!(said.contains("2026-12-02-0900"), "{said}");
}

#[test]
fn os_errors_are_said_in_words() {
    let env = Env::new();
    let said = stderr_of(&env, &["--vault", "/nonexistent", "skills"]);
    assert!(
        said.contains("there is no folder at /nonexistent"),
        "{said}"
    );
    let file = env.home().join("a-file");
    std::fs::write(&file, "").unwrap();
    let inside = file.join("journal");
    let said = stderr_of(
        &env,
        &["--journal", inside.to_str().unwrap(), "journal", "list"],
    );
    assert!(
        said.contains("part of the path is a file, where a folder should be"),
        "{said}"
    );
    assert!(!said.contains("os error"), "{said}");
}

#[test]
fn journal_list_columns_line_up_whatever_the_ids_and_words() {
    let env = Env::new();
    let dir = env.journal_dir();
    // Two in the same minute: the second id is longer (`...-1842-2`).
    support::write_entry(
        &dir,
        "2026-12-01T18:42:00+00:00",
        Kind::Session,
        "plain words",
    );
    support::write_entry(
        &dir,
        "2026-12-01T18:42:00+00:00",
        Kind::Reflection,
        "说了 hurtful things",
    );
    support::write_entry(
        &dir,
        "2026-11-03T09:05:00+00:00",
        Kind::Session,
        "ünïcödé first",
    );
    let out = env.cmd().args(["journal", "list"]).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    let starts: Vec<usize> = lines
        .iter()
        .map(|line| {
            let at = ["plain words", "说了", "ünïcödé"]
                .iter()
                .find_map(|w| line.find(w))
                .unwrap_or_else(|| panic!("no first words in {line:?}"));
            UnicodeWidthStr::width(&line[..at])
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "{starts:?}\n{list}"
    );
    // The columns between line up too: each line's kind starts where the others' do.
    let kinds: Vec<usize> = lines
        .iter()
        .map(|line| {
            line.find("session")
                .or_else(|| line.find("reflection"))
                .unwrap()
        })
        .collect();
    assert!(kinds.windows(2).all(|w| w[0] == w[1]), "{kinds:?}\n{list}");
    assert!(list.contains("2026-12-01-1842-2"), "{list}");
}

/// An entry that cannot be read is named, the others are still listed, exported and summed up,
/// and the exit says something is missing, so that a script or a backup notices.
#[test]
fn an_unreadable_entry_is_named_and_the_exit_says_something_is_missing() {
    let env = Env::new();
    let dir = env.journal_dir();
    support::write_entry(
        &dir,
        "2026-12-01T18:42:00+00:00",
        Kind::Session,
        "plain words",
    );
    std::fs::write(dir.join("2026-11-02-0900.md"), "Just some words.\n").unwrap();
    for args in [
        &["journal", "list"][..],
        &["journal", "list", "--json"],
        &["journal", "export"],
        &["journal", "export", "--json"],
        &["journal", "summary", "--plain"],
        &["journal", "summary", "--json"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        let (said, shown) = (
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout),
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains("2026-11-02-0900.md"), "{args:?}: {said}");
        assert!(
            !shown.is_empty(),
            "{args:?}: the readable entry is still there"
        );
        if args[1] != "summary" {
            assert!(shown.contains("plain words"), "{args:?}: {shown}");
        }
    }

    std::fs::remove_file(dir.join("2026-11-02-0900.md")).unwrap();
    for args in [&["journal", "list"][..], &["journal", "export"]] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
}

/// A name or id pasted by mistake (a page of text) is said back cut short, not as a page.
#[test]
fn a_very_long_name_or_id_is_said_back_cut_short() {
    let env = Env::new();
    support::write_entry(
        &env.journal_dir(),
        "2026-12-01T18:42:00+00:00",
        Kind::Session,
        "words",
    );
    let long = "a".repeat(100_000);
    for args in [
        &["resume", long.as_str()][..],
        &["journal", "show", &long],
        &["show", &long],
        &["start", &long],
        &["reflect", &long],
    ] {
        let said = stderr_of(&env, args);
        assert!(said.len() < 400, "{}: {} bytes", args[0], said.len());
        assert!(said.contains("aaaa…"), "{}: {said}", args[0]);
    }
}

/// A command that only reads the journal makes no folder for it, and a journal folder named on
/// the command line that is not there is said to be missing: a typo must not look like a journal
/// with nothing in it. The default folder, before anything is written, is only empty.
#[test]
fn reading_a_journal_that_is_not_there_makes_no_folder() {
    let env = Env::new();
    let typo = env.home().join("jornal");
    let typo_arg = typo.to_str().unwrap();
    for args in [
        &["journal", "list"][..],
        &["journal", "list", "--json"],
        &["journal", "export"],
        &["journal", "summary", "--plain"],
        &["journal", "show", "2026-12-01"],
        &["resume"],
    ] {
        let out = env
            .cmd()
            .arg("--journal")
            .arg(typo_arg)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!("there is no journal at {typo_arg}")),
            "{args:?}: {said}"
        );
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        assert!(!typo.exists(), "{args:?} made {}", typo.display());
    }
    let out = env.cmd().args(["journal", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!env.journal_dir().exists());
}
