//! The command line as a shell user meets it: every subcommand's help (examples, a line for
//! every argument, the global options under their own heading), completion scripts that load,
//! and a man page that is valid roff naming every command. Subcommands are found through clap's
//! own model, so a new one is checked without being listed here.
mod support;

use clap::CommandFactory;
use repair_coach::cli::Cli;
use repair_coach::model::Kind;
use std::process::Stdio;
use support::Env;

/// Every subcommand's words on the command line, e.g. `["journal", "list"]`, without `help`.
fn subcommands() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut words = path.to_vec();
            words.push(sub.get_name().to_owned());
            out.push(words.clone());
            walk(sub, &words, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

fn stdout(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_help_has_examples_that_use_the_command_itself() {
    let env = Env::new();
    let all = subcommands();
    assert!(all.iter().any(|s| s == &["journal", "export"]), "{all:?}");
    for words in all {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout(&env, &args);
        let examples = help
            .split_once("\nExamples:\n")
            .or_else(|| help.split_once("\nExample:\n"))
            .unwrap_or_else(|| panic!("`{}` has no examples:\n{help}", words.join(" ")))
            .1;
        let name = words.join(" ");
        assert!(
            examples
                .lines()
                .any(|line| line.contains(&format!("repair-coach {name}"))),
            "`{name} --help`'s examples do not show `repair-coach {name}`:\n{examples}"
        );
    }
}

#[test]
fn each_help_lines_its_examples_up_in_one_column() {
    let env = Env::new();
    let mut all = subcommands();
    all.push(Vec::new());
    for words in all {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout(&env, &args);
        let Some((_, examples)) = help.split_once("\nExamples:\n") else {
            continue;
        };
        // Where each example's words begin: after the command and the spaces that follow it,
        // or on a line of their own under a long command.
        let columns: Vec<usize> = examples
            .lines()
            .take_while(|line| !line.trim().is_empty())
            .filter_map(|line| {
                let indent = line.len() - line.trim_start().len();
                if indent > 2 {
                    return Some(indent);
                }
                let gap = line[2..].find("  ")? + 2;
                Some(gap + line[gap..].len() - line[gap..].trim_start().len())
            })
            .collect();
        assert!(!columns.is_empty(), "{words:?}:\n{examples}");
        assert!(
            columns.iter().all(|column| *column == columns[0]),
            "`repair-coach {} --help`'s examples do not line up:\n{examples}",
            words.join(" ")
        );
    }
}

/// `help` takes `-h` and `--help` as every other command does: `help COMMAND -h` is that
/// command's short help, `help -h` the program's, wherever the global options stand.
#[test]
fn help_takes_the_help_flags_as_every_command_does() {
    let env = Env::new();
    for (args, same_as) in [
        (&["help", "-h"][..], &["-h"][..]),
        (&["help", "--help"], &["--help"]),
        (&["help", "start", "-h"], &["start", "-h"]),
        (
            &["help", "journal", "list", "--help"],
            &["journal", "list", "--help"],
        ),
        (
            &["--color", "never", "help", "journal", "show", "-h"],
            &["journal", "show", "-h"],
        ),
    ] {
        assert_eq!(stdout(&env, args), stdout(&env, same_as), "{args:?}");
    }
    // `help COMMAND` itself is unchanged: the command's long help.
    assert_eq!(
        stdout(&env, &["help", "start"]),
        stdout(&env, &["start", "--help"])
    );
}

#[test]
fn every_argument_and_option_has_a_line_of_help() {
    let mut command = Cli::command();
    command.build();
    fn check(command: &clap::Command) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            assert!(
                !help.trim().is_empty(),
                "`{}`: {id} has no help line",
                command.get_bin_name().unwrap_or(command.get_name())
            );
        }
        for sub in command.get_subcommands() {
            check(sub);
        }
    }
    check(&command);
}

#[test]
fn global_options_stand_under_their_own_heading_in_every_subcommand() {
    let env = Env::new();
    for words in subcommands() {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout(&env, &args);
        let globals = help
            .split_once("\nGlobal options:\n")
            .unwrap_or_else(|| panic!("{words:?}:\n{help}"))
            .1;
        for option in ["--vault", "--journal", "--plain", "--color", "--no-pager"] {
            assert!(
                globals.contains(option),
                "{words:?}: {option} not under Global options"
            );
        }
        // Described so that it fits any command, not only a session.
        assert!(
            globals.contains("no colour or styling"),
            "{words:?}:\n{globals}"
        );
    }
}

#[test]
fn bash_loads_the_completion_script() {
    let env = Env::new();
    let out = env
        .program("bash")
        .arg("-c")
        .arg("source <(repair-coach completions bash) && complete -p repair-coach")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let registered = String::from_utf8(out.stdout).unwrap();
    assert!(
        registered.contains("_clap_complete_repair_coach repair-coach"),
        "{registered}"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What bash offers at Tab after `words` (the last one being completed), through the script.
fn bash_completes(env: &Env, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(repair-coach completions bash) || exit 1\n\
         COMP_WORDS=({words}); COMP_CWORD={index}; COMP_TYPE=9\n\
         _clap_complete_repair_coach repair-coach '{last}' '{before}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = quoted.join(" "),
        index = words.len() - 1,
        last = words[words.len() - 1],
        before = words[words.len() - 2],
    );
    let out = env.program("bash").arg("-c").arg(script).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommands_note_names_and_journal_ids() {
    let env = Env::new();
    assert_eq!(bash_completes(&env, &["repair-coach", "jou"]), ["journal"]);
    let shown = bash_completes(&env, &["repair-coach", "show", "Re"]);
    assert_eq!(shown, ["Repair", "Resolving\\ Attunement\\ Mishaps"]);
    let shown = bash_completes(&env, &["repair-coach", "show", "Owning\\ I"]);
    assert_eq!(
        shown,
        ["Owning\\ Impact"],
        "a name half typed with its escape"
    );
    let walked = bash_completes(&env, &["repair-coach", "mistakes", ""]);
    assert!(walked.contains(&"Repair".to_owned()), "{walked:?}");
    assert!(
        walked.iter().any(|s| s.contains("Attunement")),
        "practices too: {walked:?}"
    );
    assert!(
        !walked.iter().any(|s| s.contains("Said")),
        "only skills and practices: {walked:?}"
    );
    // No journal yet: no id offered (only options), and no folder made by completing.
    let offered = bash_completes(&env, &["repair-coach", "journal", "show", ""]);
    assert!(offered.iter().all(|o| o.starts_with('-')), "{offered:?}");
    assert!(!env.journal_dir().exists());
    let id = support::write_entry(
        &env.journal_dir(),
        "2026-12-01T18:42:00+00:00",
        Kind::Session,
        "words",
    );
    assert_eq!(
        bash_completes(&env, &["repair-coach", "journal", "show", "2026-12"]),
        std::slice::from_ref(&id)
    );
    // `debrief` looks back on finished sessions: not on a check-in.
    support::write_entry(
        &env.journal_dir(),
        "2026-12-02T08:00:00+00:00",
        Kind::Checkin,
        "words",
    );
    assert_eq!(
        bash_completes(&env, &["repair-coach", "debrief", "2026-12"]),
        [id]
    );
}

/// A note's name goes on the command line as one word, whatever it holds: a name with spaces
/// is one argument, and a `$(...)` in a file name in a shared vault runs nothing.
#[test]
fn bash_puts_a_note_name_on_the_line_as_one_word_that_runs_nothing() {
    let env = Env::new();
    let vault = tempfile::tempdir().unwrap();
    let name = "Evil $(touch PWNED) `touch PWNED2`; a & b";
    std::fs::write(
        vault.path().join(format!("{name}.md")),
        "---\nfileClass: meta_skill\ndescription: d\n---\n",
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let script = "source <(repair-coach completions bash) || exit 1\n\
         COMP_WORDS=(repair-coach show Ev); COMP_CWORD=2; COMP_TYPE=9\n\
         _clap_complete_repair_coach repair-coach Ev show\n\
         eval \"set -- repair-coach show ${COMPREPLY[0]}\"\n\
         printf '%s\\n' \"$#\" \"$3\"";
    let out = env
        .program("bash")
        .current_dir(work.path())
        .env("REPAIR_COACH_VAULT", vault.path())
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(said, format!("3\n{name}\n"), "one argument, as written");
    assert_eq!(
        std::fs::read_dir(work.path()).unwrap().count(),
        0,
        "nothing ran"
    );
}

#[test]
fn every_shell_gets_a_script_that_asks_the_program() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&env, &["completions", shell]);
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        assert!(script.contains("repair-coach"), "{shell}: {script}");
    }
    let out = env.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn a_completion_script_into_a_closed_pipe_is_no_panic() {
    let env = Env::new();
    let mut child = env
        .process(&["completions", "zsh"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn the_man_page_is_roff_with_a_section_for_every_command() {
    let page = stdout(&Env::new(), &["man"]);
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(first.starts_with(".TH repair-coach 1"), "{first}");
    for words in subcommands() {
        let title = format!(".SH \"REPAIR-COACH {}\"", words.join(" ").to_uppercase());
        let section = page
            .split_once(&title)
            .unwrap_or_else(|| panic!("no {title} in the page"))
            .1;
        let section = section.split("\n.SH ").next().unwrap();
        assert!(section.contains(".SS SYNOPSIS"), "{title}");
        assert!(section.contains(".SS EXAMPLES"), "{title}");
    }
    // Every option of a subcommand is in its section, e.g. export's --format.
    let export = page
        .split_once(".SH \"REPAIR-COACH JOURNAL EXPORT\"")
        .unwrap()
        .1;
    assert!(export.contains("\\-\\-format"), "{export}");
    // What no option says, in sections of their own; no page named that does not exist.
    for section in [".SH ENVIRONMENT", ".SH FILES", ".SH \"EXIT STATUS\""] {
        assert!(page.contains(section), "{section}");
    }
    assert!(page.contains("REPAIR_COACH_PAGER") && page.contains("config.toml"));
    assert!(!page.contains("repair\\-coach\\-start(1)"), "{page}");
    // Every line is roff: a request, or text that does not start with a quote or a dot.
    for line in page.lines() {
        assert!(
            line.starts_with('.') || !line.starts_with('\''),
            "not roff: {line:?}"
        );
    }
}

/// Rendered by man itself, where it is installed (it is not in every CI image).
#[test]
fn man_renders_the_page_without_warnings_where_man_is_installed() {
    if std::process::Command::new("man")
        .arg("-w")
        .arg("man")
        .output()
        .is_err()
    {
        eprintln!("man is not installed: skipped");
        return;
    }
    let env = Env::new();
    let page = env.home().join("repair-coach.1");
    std::fs::write(&page, stdout(&env, &["man"])).unwrap();
    let out = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("JOURNAL EXPORT"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    let wide: Vec<&str> = text.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(wide.is_empty(), "wider than the page: {wide:#?}");
}

/// Whether `program` can be run here (zsh and fish are not in every CI image).
fn installed(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Whether a test of `program` is skipped, as it is not installed here (saying so).
fn skipped_without(program: &str) -> bool {
    let missing = !installed(program);
    if missing {
        eprintln!("{program} is not installed: skipped");
    }
    missing
}

#[test]
fn zsh_registers_the_completion_where_zsh_is_installed() {
    if skipped_without("zsh") {
        return;
    }
    let out = Env::new()
        .program("zsh")
        .arg("-c")
        .arg(
            "autoload -U compinit && compinit -u -d \"$HOME/zcompdump\" && \
             source <(repair-coach completions zsh) && print -r -- ${_comps[repair-coach]}",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let registered = String::from_utf8(out.stdout).unwrap();
    assert!(registered.trim().contains("repair_coach"), "{registered:?}");
}

/// What an interactive zsh puts on the line for each of `lines` at Tab, as the words the
/// command then gets (one `Vec` a line), through the completion script, in a pseudo-terminal
/// that zsh's own zpty makes.
fn zsh_completes(env: &Env, lines: &[&str]) -> Vec<Vec<String>> {
    let script = env.home().join("complete.zsh");
    std::fs::write(
        &script,
        r#"zmodload zsh/zpty
for line in "$@"; do
  zpty -b z 'zsh -f -i'
  zpty -w z 'PS1="> "; autoload -U compinit && compinit -u -d "$HOME/zcompdump"; source <(repair-coach completions zsh); said() { print -rl -- START "$@" END }; print READY'
  zpty -r z out '*READY*'
  zpty -r z out '*READY*'
  zpty -w -n z "$line"$'	'
  sleep 1
  zpty -w -n z $'\C-asaid 
'
  zpty -r z out '*END*'
  print -r -- "${${out##*START}%%END*}" | tr -d '
'
  print -r -- '==='
  zpty -d z
done
"#,
    )
    .unwrap();
    // Bounded: a line that never completes would leave zpty waiting.
    let out = env
        .program("timeout")
        .args(["120", "zsh", "-f"])
        .arg(&script)
        .args(lines)
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split("===\n")
        .filter(|said| !said.is_empty())
        .map(|said| {
            // The pseudo-terminal ends its lines with `\r`.
            said.split(['\r', '\n'])
                .filter(|word| !word.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// A name with a space, half typed with its backslash or inside quotes, completes to the whole
/// name as one word: zsh hands the word over as typed, quotes and all.
#[test]
fn zsh_completes_a_name_with_a_space_however_it_was_begun_where_zsh_is_installed() {
    if skipped_without("zsh") {
        return;
    }
    let env = Env::new();
    let said = zsh_completes(
        &env,
        &[
            r"repair-coach show Holding\ D",
            r#"repair-coach show "Holding D"#,
            "repair-coach show 'Holding D",
            "repair-coach --color never mistakes Owning",
        ],
    );
    let words = |line: &[&str]| line.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    assert_eq!(
        said,
        [
            words(&["repair-coach", "show", "Holding Discomfort"]),
            words(&["repair-coach", "show", "Holding Discomfort"]),
            words(&["repair-coach", "show", "Holding Discomfort"]),
            words(&[
                "repair-coach",
                "--color",
                "never",
                "mistakes",
                "Owning Impact"
            ]),
        ]
    );
}

#[test]
fn fish_completes_note_names_where_fish_is_installed() {
    if skipped_without("fish") {
        return;
    }
    let out = Env::new()
        .program("fish")
        .arg("--no-config")
        .arg("-c")
        .arg("repair-coach completions fish | source; complete -C 'repair-coach show Re'")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let offered = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        offered.lines().collect::<Vec<_>>(),
        ["Repair", "Resolving Attunement Mishaps"]
    );
}

/// Begun with a quote (`show "Ow<Tab>`), a name is put on the line for inside the quotes, which
/// bash then closes: one word, and nothing in it runs.
#[test]
fn bash_completes_a_name_begun_with_a_quote_for_inside_the_quotes() {
    let env = Env::new();
    let vault = tempfile::tempdir().unwrap();
    let name = "Evil $(touch PWNED) `touch PWNED2` it's \"x\"";
    std::fs::write(
        vault.path().join(format!("{name}.md")),
        "---\nfileClass: meta_skill\ndescription: d\n---\n",
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    // Each quote as written in COMP_WORDS (escaped for the shell) and inside eval's string.
    let quotes = [("\\\"", "\\\""), ("\\'", "'")];
    for (in_words, in_eval) in quotes {
        let script = format!(
            "source <(repair-coach completions bash) || exit 1\n\
             COMP_WORDS=(repair-coach show {in_words}Ow); COMP_CWORD=2; COMP_TYPE=9\n\
             _clap_complete_repair_coach repair-coach Ow show\n\
             eval \"set -- repair-coach show {in_eval}${{COMPREPLY[0]}}{in_eval}\"\n\
             printf '%s\\n' \"$#\" \"$3\""
        );
        let out = env.program("bash").arg("-c").arg(&script).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            said,
            "3\nOwning Impact\n",
            "{in_eval}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for (in_words, in_eval) in quotes {
        let script = format!(
            "source <(repair-coach completions bash) || exit 1\n\
             COMP_WORDS=(repair-coach show {in_words}Ev); COMP_CWORD=2; COMP_TYPE=9\n\
             _clap_complete_repair_coach repair-coach Ev show\n\
             eval \"set -- repair-coach show {in_eval}${{COMPREPLY[0]}}{in_eval}\"\n\
             printf '%s\\n' \"$#\" \"$3\""
        );
        let out = env
            .program("bash")
            .current_dir(work.path())
            .env("REPAIR_COACH_VAULT", vault.path())
            .arg("-c")
            .arg(&script)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            said,
            format!("3\n{name}\n"),
            "{in_eval}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read_dir(work.path()).unwrap().count(),
            0,
            "nothing ran"
        );
    }
}

#[test]
fn bash_offers_what_each_place_takes() {
    let env = Env::new();
    let walkable = bash_completes(&env, &["repair-coach", "start", ""]);
    assert!(walkable.contains(&"Repair".to_owned()), "{walkable:?}");
    assert!(
        !walkable.iter().any(|s| s.contains("Owning")),
        "no meta-skill to start: {walkable:?}"
    );
    // `resume`: only what can be carried on with.
    let journal = env.journal_dir();
    let done = support::write_entry(&journal, "2026-12-01T18:42:00+00:00", Kind::Session, "a");
    let paused = support::write_entry(&journal, "2026-12-02T18:42:00+00:00", Kind::Session, "b");
    let path = journal.join(format!("{paused}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("status: complete", "status: paused")).unwrap();
    let checkin = support::write_entry(&journal, "2026-12-03T18:42:00+00:00", Kind::Checkin, "c");
    let offered = bash_completes(&env, &["repair-coach", "resume", "2026"]);
    assert_eq!(offered, [paused], "not {done} nor {checkin}");
    // `--vault`: folders, not files.
    std::fs::create_dir(env.home().join("notes")).unwrap();
    std::fs::write(env.home().join("c.bash"), "").unwrap();
    let script = format!(
        "cd '{}' && source <(repair-coach completions bash) || exit 1\n\
         COMP_WORDS=(repair-coach --vault ''); COMP_CWORD=2; COMP_TYPE=9\n\
         _clap_complete_repair_coach repair-coach '' --vault\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        env.home().display()
    );
    let out = env.program("bash").arg("-c").arg(script).output().unwrap();
    let offered = String::from_utf8(out.stdout).unwrap();
    assert!(offered.contains("notes"), "{offered}");
    assert!(!offered.contains("c.bash"), "{offered}");
}
