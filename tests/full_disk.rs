//! Saving when the disk says no (issue 9, items 5 and 6): a file-size limit (`ulimit -f`) and a
//! full file system. The answer that could not be saved is said back in words, nothing already
//! on disk is damaged, no temp file stays, and once there is room again every answer is saved.
mod support;

use repair_coach::model::{AnswerValue, Status};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::{Env, names_in};

/// Safe, "I hurt someone", activation 3, no breathing, then the first words of step 2.
const OPENING: &str = "1\n1\n3\n2\nfirst words\n";

fn texts(journal: &Path) -> (Status, Vec<String>) {
    let (entries, findings) = repair_coach::journal::Journal::open(journal)
        .unwrap()
        .list();
    assert!(findings.is_empty(), "{findings:?}");
    let record = &entries[0].record;
    let texts = record
        .answers
        .iter()
        .filter_map(|a| match &a.value {
            AnswerValue::Text(text) if !text.is_empty() => Some(text.clone()),
            _ => None,
        })
        .collect();
    (record.status, texts)
}

/// A session paused after its first answer, in `journal`; returns its file.
fn paused_session(env: &Env, journal: &Path) -> PathBuf {
    let output = env
        .cmd()
        .args(["start", "--plain", "--journal"])
        .arg(journal)
        .write_stdin(OPENING)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let names = names_in(journal);
    assert_eq!(names.len(), 1, "{names:?}");
    journal.join(&names[0])
}

/// `cmd` with at most `bytes` per file written, as `ulimit -f` sets it.
fn with_file_size_limit(mut cmd: Command, bytes: u64) -> Command {
    // SAFETY: setrlimit is async-signal-safe, and the closure touches nothing else.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    cmd
}

/// Runs `cmd` with `typed` as all of its input, and waits for it.
fn typed_into(mut cmd: Command, typed: &[u8]) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(typed).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_file_size_limit_is_said_in_words_and_the_saved_file_stays_as_it_was() {
    let env = Env::new();
    let journal = env.home().join("journal");
    let file = paused_session(&env, &journal);
    let before = std::fs::read(&file).unwrap();
    assert!(before.len() > 512, "the limit below must be too small");

    let mut cmd = with_file_size_limit(env.process(&["resume", "--plain", "--journal"]), 512);
    cmd.arg(&journal);
    let output = typed_into(cmd, b"second words\n");
    let said = String::from_utf8_lossy(&output.stderr);

    // Not killed by SIGXFSZ (exit 153 from a shell): it ends with words.
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(said.contains("could not be saved"), "{said}");
    assert!(said.contains("ulimit -f"), "{said}");
    assert!(
        said.contains("    second words"),
        "the answer is handed back: {said}"
    );
    assert!(
        said.contains("tries saving again"),
        "said at the answer, too: {said}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the saved file is intact"
    );
    assert_eq!(
        names_in(&journal),
        [file.file_name().unwrap().to_str().unwrap()],
        "no temp file, no lock file"
    );
}

/// A tmpfs of 64 KiB mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    /// `None` (with a note) where this cannot be done: not root, or no mounting allowed.
    fn mount(at: &Path) -> Option<SmallDisk> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: mounting a small tmpfs to fill needs root");
            return None;
        }
        std::fs::create_dir_all(at).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"])
            .arg(at)
            .status();
        if !mounted.is_ok_and(|status| status.success()) {
            eprintln!("skipped: could not mount a tmpfs here");
            return None;
        }
        Some(SmallDisk {
            dir: at.to_path_buf(),
        })
    }

    /// Fills what is left of the disk; removing the returned file makes room again.
    fn fill(&self) -> PathBuf {
        let filler = self.dir.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        loop {
            match file.write_all(&block) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        // Whatever a smaller write can still take.
        while file.write_all(b"x").is_ok() {}
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

#[test]
fn on_a_full_disk_the_answer_is_handed_back_and_saved_once_there_is_room() {
    let env = Env::new();
    let Some(disk) = SmallDisk::mount(&env.home().join("small")) else {
        return;
    };
    let file = paused_session(&env, &disk.dir);
    let before = std::fs::read(&file).unwrap();
    let filler = disk.fill();

    let mut child = env
        .process(&["resume", "--plain", "--journal"])
        .arg(&disk.dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"second words\n").unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    while !said.contains("tries saving again") {
        assert!(
            stderr.read_line(&mut said).unwrap() > 0,
            "ended without saying: {said}"
        );
    }
    assert!(said.contains("could not be saved"), "{said}");
    assert!(said.contains("the disk is full"), "{said}");
    assert!(
        said.contains("    second words"),
        "the answer is handed back: {said}"
    );
    assert!(said.contains("Freeing some space"), "{said}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the saved file is intact"
    );
    let mut names = names_in(&disk.dir);
    names.retain(|name| !name.ends_with(".lock"));
    assert_eq!(
        names.len(),
        2,
        "the session and the filler, no temp: {names:?}"
    );

    // Room again: the next answer's save takes the one kept in memory with it.
    std::fs::remove_file(filler).unwrap();
    stdin.write_all(b"third words\n").unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(output.status.success(), "{output:?} {rest}");
    assert!(!rest.contains("could not be saved"), "{rest}");
    let (status, texts) = texts(&disk.dir);
    assert_eq!(status, Status::Paused);
    assert_eq!(texts, ["first words", "second words", "third words"]);
    assert_eq!(names_in(&disk.dir).len(), 1, "{:?}", names_in(&disk.dir));
}

/// A check-in (or a debrief) goes on after a save that failed part-way, as a session does: the
/// answer is handed back, the next question is asked, and at the end every answer not saved is
/// handed back together.
#[test]
fn a_checkin_goes_on_after_a_failed_save_and_hands_every_answer_back_at_the_end() {
    let env = Env::new();
    let journal = env.home().join("journal");
    let mut cmd = with_file_size_limit(env.process(&["checkin", "--plain", "--journal"]), 200);
    cmd.arg(&journal);
    let output = typed_into(cmd, b"4\na long walk\n2\n");
    let (out, said) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );

    assert_eq!(output.status.code(), Some(1), "{out}\n{said}");
    assert!(
        out.contains("Did you ask them for it?"),
        "every question asked: {out}"
    );
    assert!(
        said.contains("Your last answer could not be saved: the file would pass the size limit"),
        "{said}"
    );
    assert!(said.contains("tries saving again"), "{said}");
    assert!(
        said.contains("Your last 3 answers could not be saved")
            && said.contains("    4\n")
            && said.contains("    a long walk\n")
            && said.contains("    Not yet\n"),
        "all handed back at the end: {said}"
    );
    assert!(
        said.contains("Nothing of this session could be written to the journal."),
        "{said}"
    );
    assert!(!out.contains("Thank you for checking in."), "{out}");
    assert!(
        names_in(&journal).iter().all(|name| !name.starts_with('.')),
        "no temp file: {:?}",
        names_in(&journal)
    );
}
