//! The report `check` keeps (issue 14's stretch): a second `check` of an unchanged vault gives
//! the report of the first without reading a note; after any change `check` reads, it gives
//! what a run without the cache gives; a damaged or linked kept report is never used; the file
//! is private; `--no-cache` neither reads nor writes it; another build of the binary does not
//! use a report it did not make.
mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::{Env, mode};

/// A vault with a finding of each common kind: a broken link, a bad skill, a note that is not
/// UTF-8, and a link to an attachment that is there.
fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("Tea.md"),
        "---\nfileClass: core_skill\nsteps: [\"Boil\", \"Pour\"]\n---\n# Tea\nSee [[Kettle]] and [[cup.png]].\n",
    )
    .unwrap();
    fs::write(
        root.join("Broken.md"),
        "---\nfileClass: core_skill\nsteps: 3\n---\n",
    )
    .unwrap();
    fs::create_dir(root.join("daily")).unwrap();
    fs::write(root.join("daily/Monday.md"), "A plain note.\n").unwrap();
    fs::write(root.join("daily/Latin.md"), b"caf\xe9\n").unwrap();
    fs::write(root.join("cup.png"), b"\x89PNG").unwrap();
    dir
}

/// Waits until every file written so far has settled: a report is kept only of a vault none of
/// whose notes changed in the last two seconds (as the file system's clock may tick coarsely).
fn settle() {
    std::thread::sleep(Duration::from_millis(3100));
}

/// `check`'s stdout and exit code, with any extra arguments.
fn check(env: &Env, vault: &Path, extra: &[&str]) -> (String, Option<i32>) {
    let output = env
        .cmd()
        .arg("--vault")
        .arg(vault)
        .arg("check")
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code(),
    )
}

/// The kept report of the environment, if there is one.
fn kept(env: &Env) -> Option<PathBuf> {
    let files: Vec<PathBuf> = fs::read_dir(env.cache_dir())
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("check-")
        })
        .collect();
    assert!(files.len() <= 1, "{files:?}");
    files.into_iter().next()
}

/// Writes into the kept report a finding no vault has, to tell a report that came from the
/// cache from one made by reading the notes.
fn tamper(env: &Env) -> PathBuf {
    let file = kept(env).expect("a kept report");
    let text = fs::read_to_string(&file).unwrap();
    let tampered = text.replace("does not match any note", "came from the kept report");
    assert_ne!(text, tampered, "the report names the broken link");
    fs::write(&file, tampered).unwrap();
    file
}

#[test]
fn a_second_check_of_an_unchanged_vault_gives_the_kept_report_the_same_in_every_word() {
    let env = Env::new();
    let vault = vault();
    settle();
    let (first, code) = check(&env, vault.path(), &[]);
    assert_eq!(code, Some(65), "{first}");
    assert!(first.contains("[[Kettle]]"), "{first}");
    assert!(first.contains("Broken.md"), "{first}");
    assert!(first.contains("daily/Latin.md"), "{first}");
    assert!(
        !first.contains("cup.png"),
        "the attachment is there: {first}"
    );
    assert_eq!(check(&env, vault.path(), &["--no-cache"]).0, first);
    // Kept, privately.
    let file = kept(&env).expect("a kept report");
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&env.cache_dir()), 0o700);
    assert_eq!(check(&env, vault.path(), &[]), (first.clone(), Some(65)));
    let json = check(&env, vault.path(), &["--json"]).0;
    assert_eq!(json, check(&env, vault.path(), &["--no-cache", "--json"]).0);

    // The second run's words were the kept ones: a kept report changed by hand shows.
    tamper(&env);
    let (from_cache, code) = check(&env, vault.path(), &[]);
    assert_eq!(code, Some(65));
    assert_eq!(
        from_cache,
        first.replace("does not match any note", "came from the kept report")
    );
    // `--no-cache` does not read it.
    assert_eq!(check(&env, vault.path(), &["--no-cache"]).0, first);
}

#[test]
fn after_any_change_check_reads_gives_what_a_run_without_the_cache_gives() {
    // Each change on its own vault, all settled at once.
    type Change = fn(&Path);
    let changes: [(&str, Change); 9] = [
        ("an edit", |root| {
            fs::write(
                root.join("Tea.md"),
                "---\nfileClass: core_skill\nsteps: [\"Boil\"]\n---\n# Tea\n",
            )
            .unwrap()
        }),
        (
            "an edit of the same size with its old modification time",
            |root| {
                let path = root.join("daily/Monday.md");
                let modified = fs::metadata(&path).unwrap().modified().unwrap();
                fs::write(&path, "[[Nowhere]] x\n").unwrap();
                assert_eq!(
                    fs::metadata(&path).unwrap().len(),
                    "A plain note.\n".len() as u64
                );
                let file = fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(modified).unwrap();
            },
        ),
        ("the note a broken link wanted, added", |root| {
            fs::write(root.join("daily/Kettle.md"), "Boils.\n").unwrap()
        }),
        ("a note removed", |root| {
            fs::remove_file(root.join("Broken.md")).unwrap()
        }),
        ("a note renamed", |root| {
            fs::rename(root.join("daily/Latin.md"), root.join("Kettle.md")).unwrap()
        }),
        ("an attachment removed", |root| {
            fs::remove_file(root.join("cup.png")).unwrap()
        }),
        ("a folder of notes added", |root| {
            fs::create_dir(root.join("more")).unwrap();
            fs::write(root.join("more/Tea.md"), "Another tea.\n").unwrap();
        }),
        ("a note linked in from elsewhere in the vault", |root| {
            fs::create_dir(root.join("elsewhere")).unwrap();
            fs::write(root.join("elsewhere/real.md"), "[[Also nowhere]]\n").unwrap();
            std::os::unix::fs::symlink(root.join("elsewhere/real.md"), root.join("Kettle.md"))
                .unwrap();
        }),
        ("a note made unreadable", |root| {
            let path = root.join("Tea.md");
            fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        }),
    ];
    let env = Env::new();
    let vaults: Vec<tempfile::TempDir> = changes.iter().map(|_| vault()).collect();
    settle();
    for ((what, change), vault) in changes.iter().zip(&vaults) {
        let before = check(&env, vault.path(), &[]).0;
        assert!(kept(&env).is_some(), "{what}: the report is kept");
        change(vault.path());
        let after = check(&env, vault.path(), &[]);
        assert_eq!(after, check(&env, vault.path(), &["--no-cache"]), "{what}");
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        if !(root && *what == "a note made unreadable") {
            assert_ne!(after.0, before, "{what} changes the report");
        }
        fs::remove_file(kept(&env).unwrap()).unwrap();
    }
}

#[test]
fn a_vault_written_moments_ago_is_read_again_next_time() {
    let env = Env::new();
    let vault = vault();
    let (first, _) = check(&env, vault.path(), &[]);
    assert_eq!(
        kept(&env),
        None,
        "a note may still change within the clock's tick"
    );
    assert_eq!(check(&env, vault.path(), &[]).0, first);
}

#[test]
fn a_damaged_or_linked_kept_report_is_never_used_and_is_replaced() {
    let env = Env::new();
    let vault = vault();
    settle();
    let (first, _) = check(&env, vault.path(), &[]);
    let file = kept(&env).unwrap();

    fs::write(&file, "{\"version\": 1, \"report\": [").unwrap();
    assert_eq!(check(&env, vault.path(), &[]).0, first);
    let rebuilt = fs::read_to_string(&file).unwrap();
    assert!(rebuilt.contains("does not match any note"), "{rebuilt}");

    // A kept report that is a link to another file is not followed, and the file is untouched.
    tamper(&env);
    let elsewhere = env.home().join("elsewhere.json");
    fs::rename(&file, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
    let tampered = fs::read_to_string(&elsewhere).unwrap();
    assert_eq!(check(&env, vault.path(), &[]).0, first);
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), tampered);
    assert!(!fs::symlink_metadata(&file).unwrap().is_symlink());
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn no_cache_neither_reads_nor_writes_a_report() {
    let env = Env::new();
    let vault = vault();
    settle();
    check(&env, vault.path(), &["--no-cache"]);
    assert_eq!(kept(&env), None);
}

#[test]
fn another_build_of_the_binary_does_not_use_a_report_it_did_not_make() {
    let env = Env::new();
    let vault = vault();
    settle();
    let (first, _) = check(&env, vault.path(), &[]);
    tamper(&env);
    // The same program, as another file: as a new build or a new version would be.
    // Copied by `cp`, not `fs::copy`: a file this process held open for writing would be
    // inherited by the children other tests fork meanwhile, and running it would then fail as
    // busy (ETXTBSY).
    let copy = env.home().join("repair-coach");
    let copied = std::process::Command::new("cp")
        .arg(assert_cmd::cargo::cargo_bin("repair-coach"))
        .arg(&copy)
        .status()
        .unwrap();
    assert!(copied.success());
    let same_env = env.process(&[]);
    let output = std::process::Command::new(&copy)
        .env_clear()
        .envs(same_env.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .arg("--vault")
        .arg(vault.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), first);
}
