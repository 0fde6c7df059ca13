//! The metadata cache of the reading commands (issue 14): a second run takes the heads of
//! unchanged notes from it without opening them; a changed note is read again; a missing or
//! damaged cache is rebuilt without a word; the file is private and never reached through a
//! link; `--no-cache` neither reads nor writes it.
mod support;

#[path = "../examples/gen_vault.rs"]
#[allow(dead_code)]
mod gen_vault;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use support::{Env, mode};

/// A core skill note; `description` keeps its length across the tests' edits.
fn tea(description: &str) -> String {
    format!(
        "---\nfileClass: core_skill\ndescription: {description}\nsteps: [\"Boil\", \"Pour\"]\n---\n# Tea\n"
    )
}

/// An hour ago: notes this old have settled and are cached (a note written in the last moments
/// may be written again within one tick of the clock, so it is read again next time).
fn an_hour_ago() -> SystemTime {
    SystemTime::now() - Duration::from_secs(3600)
}

fn set_modified(path: &Path, when: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// A vault of a few notes, all settled.
fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Tea.md"), tea("Tea, slowly.")).unwrap();
    fs::create_dir(dir.path().join("daily")).unwrap();
    fs::write(dir.path().join("daily/Monday.md"), "A plain note.\n").unwrap();
    for path in ["Tea.md", "daily/Monday.md"] {
        set_modified(&dir.path().join(path), an_hour_ago());
    }
    dir
}

fn skills(env: &Env, vault: &Path, extra: &[&str]) -> String {
    let output = env
        .cmd()
        .arg("--vault")
        .arg(vault)
        .args(extra)
        .arg("skills")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    String::from_utf8(output.stdout).unwrap()
}

/// The one cache file of the environment, if there is one.
fn cache_file(env: &Env) -> Option<PathBuf> {
    let files: Vec<PathBuf> = fs::read_dir(env.cache_dir())
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    assert!(files.len() <= 1, "{files:?}");
    files.into_iter().next()
}

#[test]
fn a_second_run_takes_unchanged_notes_from_the_cache_and_the_cache_is_private() {
    let env = Env::new();
    let dir = vault();
    assert!(skills(&env, dir.path(), &[]).contains("Tea — Tea, slowly."));
    let cache = cache_file(&env).expect("a cache is written");
    assert_eq!(mode(&cache), 0o600);
    assert_eq!(mode(&env.cache_dir()), 0o700);

    // The same size and the same modification time: to the cache the file is unchanged, so the
    // second run shows what it cached, which proves it did not open the file.
    let tea_path = dir.path().join("Tea.md");
    let when = fs::metadata(&tea_path).unwrap().modified().unwrap();
    fs::write(&tea_path, tea("Tea, kindly.")).unwrap();
    set_modified(&tea_path, when);
    assert!(skills(&env, dir.path(), &[]).contains("Tea — Tea, slowly."));

    // Without the cache, the file itself; and that run leaves the cache as it was.
    let before = fs::read(&cache).unwrap();
    assert!(skills(&env, dir.path(), &["--no-cache"]).contains("Tea — Tea, kindly."));
    let by_env = env
        .cmd()
        .env("REPAIR_COACH_NO_CACHE", "1")
        .arg("--vault")
        .arg(dir.path())
        .arg("skills")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&by_env.stdout).contains("Tea — Tea, kindly."));
    assert_eq!(fs::read(&cache).unwrap(), before);
}

#[test]
fn a_changed_added_or_removed_note_is_seen_at_once() {
    let env = Env::new();
    let dir = vault();
    skills(&env, dir.path(), &[]);
    let tea_path = dir.path().join("Tea.md");
    // An ordinary edit: a new modification time, the same size.
    fs::write(&tea_path, tea("Tea, kindly.")).unwrap();
    let out = skills(&env, dir.path(), &[]);
    assert!(out.contains("Tea — Tea, kindly."), "{out}");

    // Another length, with the old time put back: the size alone tells.
    let when = fs::metadata(&tea_path).unwrap().modified().unwrap();
    fs::write(&tea_path, tea("Tea, very kindly.")).unwrap();
    set_modified(&tea_path, when);
    assert!(skills(&env, dir.path(), &[]).contains("Tea — Tea, very kindly."));

    fs::write(dir.path().join("Coffee.md"), tea("Coffee, quickly.")).unwrap();
    assert!(skills(&env, dir.path(), &[]).contains("Coffee — Coffee, quickly."));
    fs::remove_file(dir.path().join("Coffee.md")).unwrap();
    assert!(!skills(&env, dir.path(), &[]).contains("Coffee"));

    // A note that became a skill, and one that stopped being one.
    let monday = dir.path().join("daily/Monday.md");
    fs::write(&monday, tea("Monday, gently.")).unwrap();
    assert!(skills(&env, dir.path(), &[]).contains("Monday — Monday, gently."));
    fs::write(&monday, "A plain note again.\n").unwrap();
    assert!(!skills(&env, dir.path(), &[]).contains("Monday"));
}

#[test]
fn a_damaged_cache_is_rebuilt_without_a_word() {
    let env = Env::new();
    let dir = vault();
    let expected = skills(&env, dir.path(), &[]);
    let cache = cache_file(&env).unwrap();
    let whole = fs::read(&cache).unwrap();
    // Another version's: postcard writes the version first, as one byte while it is small.
    let mut older = whole.clone();
    older[0] -= 1;
    for damaged in [
        b"not a cache at all".to_vec(),
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        Vec::new(),
        older,
        // An earlier version's JSON.
        br#"{"version":5,"root":"/","notes":{"Tea.md":[[1,2,3,4],{}]}}"#.to_vec(),
    ] {
        fs::write(&cache, &damaged).unwrap();
        assert_eq!(skills(&env, dir.path(), &[]), expected);
        // Rebuilt as the first run wrote it: whole again, Tea's line in it.
        assert_eq!(fs::read(&cache).unwrap(), whole);
    }
    assert!(contains(&whole, b"Tea, slowly."));
}

fn contains(bytes: &[u8], part: &[u8]) -> bool {
    bytes.windows(part.len()).any(|w| w == part)
}

#[test]
fn the_cache_is_never_reached_through_a_link() {
    let env = Env::new();
    let dir = vault();
    let expected = skills(&env, dir.path(), &[]);
    let cache = cache_file(&env).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();

    // The cache file replaced by a link to another file: that file is neither read nor written.
    let target = elsewhere.path().join("precious.json");
    fs::write(&target, fs::read(&cache).unwrap()).unwrap();
    fs::remove_file(&cache).unwrap();
    std::os::unix::fs::symlink(&target, &cache).unwrap();
    let before = fs::read(&target).unwrap();
    assert_eq!(skills(&env, dir.path(), &[]), expected);
    assert_eq!(fs::read(&target).unwrap(), before);
    assert!(
        fs::symlink_metadata(&cache).unwrap().is_file(),
        "the link was replaced"
    );

    // The cache folder replaced by a link: nothing is written through it.
    fs::remove_dir_all(env.cache_dir()).unwrap();
    let folder = elsewhere.path().join("folder");
    fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink(&folder, env.cache_dir()).unwrap();
    assert_eq!(skills(&env, dir.path(), &[]), expected);
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn no_cache_writes_none() {
    let env = Env::new();
    let dir = vault();
    skills(&env, dir.path(), &["--no-cache"]);
    assert!(cache_file(&env).is_none());
    assert!(!env.cache_dir().exists());
}

/// What the reading commands print on a generated vault is the same without the cache, with a
/// cache being built, and with it built.
#[test]
fn the_reading_commands_say_the_same_with_and_without_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    gen_vault::generate(dir.path(), 300, 42).unwrap();
    let settled = an_hour_ago();
    for entry in walkdir::WalkDir::new(dir.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            set_modified(entry.path(), settled);
        }
    }
    let env = Env::new();
    let run = |args: &[&str]| {
        let output = env
            .cmd()
            .arg("--vault")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    for command in [&["skills"][..], &["mistakes"], &["--plain", "start"]] {
        let without: Vec<&str> = ["--no-cache"]
            .into_iter()
            .chain(command.iter().copied())
            .collect();
        let plain = run(&without);
        assert_eq!(run(command), plain, "{command:?}, building the cache");
        assert_eq!(run(command), plain, "{command:?}, from the cache");
    }
    assert!(cache_file(&env).is_some());
}

/// Several runs at once, each with a cache to write: the file is always whole (a rename puts
/// each in place), the runs agree, and no temp file is left behind.
#[test]
fn runs_at_the_same_time_leave_one_whole_cache_and_no_temp_file() {
    let env = Env::new();
    let dir = vault();
    let mut before = 0;
    for round in 0..3 {
        // A new note each round, so that every run has something new to write.
        let note = dir.path().join(format!("Note {round}.md"));
        fs::write(&note, "A plain note.\n").unwrap();
        set_modified(&note, an_hour_ago());
        let runs: Vec<_> = (0..4)
            .map(|_| {
                env.process(&["--vault", dir.path().to_str().unwrap(), "skills"])
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<String> = runs
            .into_iter()
            .map(|run| String::from_utf8(run.wait_with_output().unwrap().stdout).unwrap())
            .collect();
        assert!(
            outputs
                .iter()
                .all(|out| out == &outputs[0] && out.contains("Tea"))
        );
        // Whole: as one run alone writes it, the new note in it.
        let cache = cache_file(&env).unwrap();
        let stored = fs::read(&cache).unwrap();
        fs::remove_file(&cache).unwrap();
        skills(&env, dir.path(), &[]);
        assert_eq!(stored, fs::read(&cache).unwrap());
        // The new note in it too (a note is kept under a hash of its path, not the path).
        assert!(stored.len() > before, "round {round}");
        before = stored.len();
        let names: Vec<String> = fs::read_dir(env.cache_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }
}

/// The cache of a vault not opened for months is removed when another is written; one in use is
/// kept, even when nothing in it changes.
#[test]
fn the_cache_of_a_vault_not_opened_for_months_is_removed() {
    let env = Env::new();
    let dir = vault();
    skills(&env, dir.path(), &[]);
    let cache = cache_file(&env).unwrap();
    let months_ago = SystemTime::now() - Duration::from_secs(200 * 24 * 3600);
    // Another vault's cache, untouched for months, and one an earlier version wrote as JSON.
    let gone = env.cache_dir().join("heads-0123456789abcdef.bin");
    let older = env.cache_dir().join("heads-fedcba9876543210.json");
    for file in [&gone, &older] {
        fs::write(file, b"{}").unwrap();
        set_modified(file, months_ago);
    }
    // This vault's, unchanged but still used: the run marks it.
    set_modified(&cache, months_ago);
    skills(&env, dir.path(), &[]);
    let age = fs::metadata(&cache)
        .unwrap()
        .modified()
        .unwrap()
        .elapsed()
        .unwrap();
    assert!(age < Duration::from_secs(3600), "{age:?}");
    // A change writes this vault's cache, and the other goes.
    fs::write(dir.path().join("New.md"), "New.\n").unwrap();
    skills(&env, dir.path(), &[]);
    assert!(!gone.exists());
    assert!(!older.exists());
    assert!(cache.exists());
}

/// The focus is read from the cache like the rest of a head, and a note that stops being the
/// focus stops at once: `start` offers what the notes say now.
#[test]
fn start_offers_the_focus_the_notes_give_now() {
    let env = Env::new();
    let dir = vault();
    let focus = |on: bool| {
        format!(
            "---\nfileClass: core_skill\ndescription: Tea, slowly.\nsteps: [\"Boil the kettle\"]\ncurrent_focus: {on}\n---\n"
        )
    };
    let tea_path = dir.path().join("Tea.md");
    // Safe, then input ends: only the question after the safety one is asked.
    let first_question = || {
        let output = env
            .cmd()
            .arg("--vault")
            .arg(dir.path())
            .args(["--plain", "start"])
            .write_stdin("1\n")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // Tea and the shipped Repair are both the focus: a choice between them.
    fs::write(&tea_path, focus(true)).unwrap();
    set_modified(&tea_path, an_hour_ago());
    assert!(first_question().contains("2. Tea"));
    assert!(first_question().contains("2. Tea"), "from the cache");
    fs::write(&tea_path, focus(false)).unwrap();
    let out = first_question();
    assert!(!out.contains("Tea"), "{out}");
}

#[test]
fn skills_after_a_command_that_lists_nothing_reads_each_skill_once_more_then_caches_its_line() {
    let env = Env::new();
    let dir = vault();
    // `mistakes` caches the heads without what `skills` lists (it types no frontmatter for it).
    let output = env
        .cmd()
        .arg("--vault")
        .arg(dir.path())
        .arg("mistakes")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(cache_file(&env).is_some(), "a cache is written");

    // An edit the cache cannot see (same size, same time): the first `skills` still reads the
    // skill's file for its line, since its cached head holds no line.
    let tea_path = dir.path().join("Tea.md");
    let when = fs::metadata(&tea_path).unwrap().modified().unwrap();
    fs::write(&tea_path, tea("Tea, kindly.")).unwrap();
    set_modified(&tea_path, when);
    assert!(skills(&env, dir.path(), &[]).contains("Tea — Tea, kindly."));

    // That run cached the line: an edit unseen again shows the cached words.
    fs::write(&tea_path, tea("Tea, gently.")).unwrap();
    set_modified(&tea_path, when);
    assert!(skills(&env, dir.path(), &[]).contains("Tea — Tea, kindly."));
    assert!(skills(&env, dir.path(), &["--no-cache"]).contains("Tea — Tea, gently."));
}

/// A skill whose `fileClass` has a slip in it is not listed, and `skills` says so, from the
/// note's head as from the cache's.
#[test]
fn a_note_with_a_slip_in_its_file_class_is_said_not_listed_from_the_cache_too() {
    let env = Env::new();
    let dir = vault();
    let slipped = dir.path().join("Coffee.md");
    fs::write(
        &slipped,
        tea("Coffee, slowly.").replace("core_skill", "core_skil"),
    )
    .unwrap();
    set_modified(&slipped, an_hour_ago());
    let said = "1 note is not listed: its fileClass looks like a slip";
    let first = skills(&env, dir.path(), &[]);
    assert!(first.contains(said) && !first.contains("Coffee"), "{first}");
    assert!(cache_file(&env).is_some());
    assert_eq!(skills(&env, dir.path(), &[]), first, "from the cache");
    assert_eq!(skills(&env, dir.path(), &["--no-cache"]), first);
    // Mended, it is listed, and nothing more is said.
    fs::write(&slipped, tea("Coffee, slowly.")).unwrap();
    let mended = skills(&env, dir.path(), &[]);
    assert!(
        mended.contains("Coffee") && !mended.contains(said),
        "{mended}"
    );
}
