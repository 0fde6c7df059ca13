//! A synthetic Obsidian vault for benchmarks, and a baseline that only reads it.
//!
//! ```text
//! cargo run --release --example gen_vault -- DIR N [SEED]     # write N notes into DIR
//! cargo run --release --example gen_vault -- --read-only DIR  # read every note's bytes, nothing else
//! cargo run --release --example gen_vault -- --read-heads DIR # read every note's first KiB
//! cargo run --release --example gen_vault -- --stat-notes DIR # take every note's metadata
//! cargo run --release --example gen_vault -- --parse-only DIR # read and parse, like any loader must
//! ```
//!
//! The vault is deterministic for a given N and SEED: notes of 1-8 KB in nested folders, about a
//! third of them typed (`core_skill`, `meta_skill`, `practice`, shaped like the shipped notes),
//! wiki-links in every form (some dangling), code blocks holding `[[not a link]]`, an `.obsidian/`
//! folder (with a stray `.md` that must be skipped) and `.png` attachments.
//!
//! `--read-only` is the floor `repair-coach check` is measured against: it walks the vault the way
//! the loader does (`.md` files, hidden folders skipped) and reads every file's bytes on all cores,
//! without parsing anything.
//!
//! `--read-heads` is the floor of a first run of the reading commands (`start`, `skills`, `show`,
//! `mistakes`), which take each note's frontmatter from the first KiB of its file, and its size
//! and time for the metadata cache: the same walk, then each file opened, its metadata taken, at
//! most 1 KiB read and the file closed, on all cores, without parsing anything.
//!
//! `--stat-notes` is the floor of a run of those commands from the metadata cache, which opens
//! no note whose size and time are unchanged: the same walk, then each note's metadata taken
//! (not following a symlink), on all cores, no file opened.
//!
//! `--parse-only` is the floor for a loader built on the card's crates: the same walk and reads,
//! then for each note only what any such loader must do (the frontmatter split off by hand,
//! `serde_yaml` into a `Value`, one pulldown-cmark pass with wiki-links over the body, its events
//! counted), and nothing `check` adds (typing, links, resolution, findings).
use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: gen_vault DIR N [SEED]   |   gen_vault --read-only DIR   |   \
                     gen_vault --read-heads DIR   |   gen_vault --stat-notes DIR   |   \
                     gen_vault --parse-only DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [flag, dir] if flag == "--read-only" => read_only(Path::new(dir)),
        [flag, dir] if flag == "--read-heads" => read_heads(Path::new(dir)),
        [flag, dir] if flag == "--stat-notes" => stat_notes(Path::new(dir)),
        [flag, dir] if flag == "--parse-only" => parse_only(Path::new(dir)),
        [dir, n] => parse_and_generate(dir, n, "1"),
        [dir, n, seed] => parse_and_generate(dir, n, seed),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_vault: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_and_generate(dir: &str, n: &str, seed: &str) -> Result<(), String> {
    let n: usize = n
        .parse()
        .map_err(|_| format!("N must be a number\n{USAGE}"))?;
    let seed: u64 = seed
        .parse()
        .map_err(|_| format!("SEED must be a number\n{USAGE}"))?;
    let bytes = generate(Path::new(dir), n, seed).map_err(|e| format!("{dir}: {e}"))?;
    println!("wrote {n} notes ({bytes} bytes of markdown) to {dir}");
    Ok(())
}

/// Every `.md` file outside hidden folders.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect()
}

/// Reads every `.md` file outside hidden folders, in parallel, and reports the total.
fn read_only(dir: &Path) -> Result<(), String> {
    let files = markdown_files(dir);
    let bytes: usize = files
        .par_iter()
        .map(|path| std::fs::read(path).map(|b| b.len()).unwrap_or(0))
        .sum();
    println!("read {} notes, {bytes} bytes", files.len());
    Ok(())
}

/// Reads the first KiB of every `.md` file outside hidden folders, with its metadata, in
/// parallel, and reports the total.
fn read_heads(dir: &Path) -> Result<(), String> {
    use std::io::Read;
    const HEAD_BYTES: u64 = 1024;
    let files = markdown_files(dir);
    let bytes: usize = files
        .par_iter()
        .map(|path| {
            let mut head = Vec::with_capacity(HEAD_BYTES as usize);
            let read = std::fs::File::open(path).and_then(|file| {
                let size = file.metadata()?.len();
                file.take(size.min(HEAD_BYTES)).read_to_end(&mut head)
            });
            read.unwrap_or(0)
        })
        .sum();
    println!("read the heads of {} notes, {bytes} bytes", files.len());
    Ok(())
}

/// Takes the metadata of every `.md` file outside hidden folders, in parallel, and reports the
/// total of their sizes.
fn stat_notes(dir: &Path) -> Result<(), String> {
    let files = markdown_files(dir);
    let bytes: u64 = files
        .par_iter()
        .map(|path| std::fs::symlink_metadata(path).map_or(0, |meta| meta.len()))
        .sum();
    println!("took the metadata of {} notes, {bytes} bytes", files.len());
    Ok(())
}

/// Reads and parses every note in parallel (frontmatter into a YAML value, body into markdown
/// events) and reports how many notes, YAML errors and markdown events there were.
fn parse_only(dir: &Path) -> Result<(), String> {
    let files = markdown_files(dir);
    let (yaml_errors, events) = files
        .par_iter()
        .map(|path| match std::fs::read_to_string(path) {
            Ok(text) => parse_note(&text),
            Err(_) => (0, 0),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "parsed {} notes: {yaml_errors} YAML errors, {events} markdown events",
        files.len()
    );
    Ok(())
}

/// `(YAML errors, markdown events)` of one note.
fn parse_note(text: &str) -> (usize, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml, body) = split_frontmatter(text);
    let yaml_errors = yaml.map_or(0, |yaml| {
        usize::from(serde_yaml::from_str::<serde_yaml::Value>(yaml).is_err())
    });
    let events = Parser::new_ext(body, Options::ENABLE_WIKILINKS).count();
    (yaml_errors, events)
}

/// The frontmatter's YAML (between a first line `---` and a line `---` or `...`) and the body.
fn split_frontmatter(text: &str) -> (Option<&str>, &str) {
    let is_fence = |line: &str, closing: bool| {
        let line = line.trim_end();
        line == "---" || (closing && line == "...")
    };
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next().filter(|line| is_fence(line, false)) else {
        return (None, text);
    };
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        if is_fence(line, true) {
            return (
                Some(&text[yaml_start..offset]),
                &text[offset + line.len()..],
            );
        }
        offset += line.len();
    }
    (None, text)
}

/// xorshift64*: small, fast, and the same on every machine, which is all a benchmark needs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Zero is xorshift's one fixed point; mix the seed so that small seeds differ well.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "listen", "pause", "breath", "notice", "gentle", "partner", "friend", "evening", "kitchen",
    "morning", "careful", "honest", "repair", "moment", "feeling", "words", "quiet", "return",
    "trust", "small", "steady", "warm", "walk", "question", "answer", "together", "apart", "tired",
    "remember", "kindness", "boundary", "request", "again", "slowly", "window", "letter",
    "promise", "change", "habit", "week", "calm", "space", "because", "really", "hear", "the", "a",
    "and", "of", "to", "with", "when", "that", "it", "was", "for", "we", "they", "I",
];
const TOPICS: &[&str] = &[
    "Listening",
    "Boundaries",
    "Apology",
    "Check-in",
    "Conflict",
    "Evening Talk",
    "Trust",
    "Gratitude",
    "Pause",
    "Feedback",
    "Weekend Plan",
    "Family Visit",
    "Money Talk",
    "Chores",
    "Reassurance",
    "Curiosity",
    "Timing",
    "Tone",
    "Presence",
    "Patience",
];
const FOLDERS: &[&str] = &[
    "Journal", "Skills", "People", "Projects", "Archive", "Reading", "Ideas", "Daily",
];
const HEADINGS: &[&str] = &[
    "Notes",
    "Context",
    "What Happened",
    "Next Time",
    "Questions",
];
const DANGLING: &[&str] = &[
    "Someday Maybe",
    "Old Draft",
    "Unwritten Idea",
    "Missing Page",
];

/// One note to write: its name and its folder inside the vault.
struct Planned {
    name: String,
    folder: PathBuf,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Core,
    Meta,
    Practice,
}

/// Writes the vault and returns the bytes of markdown written (the `.obsidian` note excluded).
pub fn generate(root: &Path, n: usize, seed: u64) -> std::io::Result<usize> {
    let mut rng = Rng::new(seed);
    let notes = plan(&mut rng, n);
    let attachments = write_attachments(root, &mut rng, n / 50 + 1)?;
    write_obsidian_folder(root)?;
    let mut total = 0;
    for (index, note) in notes.iter().enumerate() {
        let text = note_text(&mut rng, index, &notes, &attachments);
        let dir = root.join(&note.folder);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{}.md", note.name)), &text)?;
        total += text.len();
    }
    Ok(total)
}

fn plan(rng: &mut Rng, n: usize) -> Vec<Planned> {
    (0..n)
        .map(|i| {
            let depth = rng.below(4);
            let folder: PathBuf = (0..depth)
                .map(|level| format!("{} {}", rng.pick(FOLDERS), level + rng.below(3)))
                .collect();
            let kind = match rng.below(9) {
                0 => Kind::Core,
                1 => Kind::Meta,
                2 => Kind::Practice,
                _ => Kind::Plain,
            };
            Planned {
                name: format!("{} {i:05}", rng.pick(TOPICS)),
                folder,
                kind,
            }
        })
        .collect()
}

fn write_attachments(root: &Path, rng: &mut Rng, count: usize) -> std::io::Result<Vec<String>> {
    let dir = root.join("attachments");
    std::fs::create_dir_all(&dir)?;
    const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    (0..count)
        .map(|i| {
            let name = format!("image-{i:04}.png");
            let mut bytes = PNG_SIGNATURE.to_vec();
            bytes.extend((0..512 + rng.below(4096)).map(|_| rng.next() as u8));
            std::fs::write(dir.join(&name), bytes)?;
            Ok(name)
        })
        .collect()
}

/// Obsidian's own settings, and a stray note inside them, which a loader must skip.
fn write_obsidian_folder(root: &Path) -> std::io::Result<()> {
    let dir = root.join(".obsidian");
    std::fs::create_dir_all(dir.join("plugins"))?;
    std::fs::write(
        dir.join("app.json"),
        "{\n  \"alwaysUpdateLinks\": true,\n  \"newFileLocation\": \"folder\"\n}\n",
    )?;
    std::fs::write(
        dir.join("workspace.json"),
        "{\"main\": {\"type\": \"split\"}}\n",
    )?;
    std::fs::write(
        dir.join("plugins").join("README.md"),
        "---\nfileClass: core_skill\nsteps: not a list\n---\nNot a note of the vault.\n",
    )
}

fn note_text(rng: &mut Rng, index: usize, notes: &[Planned], attachments: &[String]) -> String {
    let note = &notes[index];
    let mut text = String::new();
    let headings: Vec<&str> = match note.kind {
        Kind::Core => {
            let count = 3 + rng.below(4);
            let steps = titles(rng, count);
            frontmatter_core(rng, &mut text, notes, &steps);
            text.push_str("\n## Steps\n---\n");
            numbered(rng, &mut text, &steps);
            text.push_str("\n## Common Mistakes\n---\n");
            for _ in 0..3 {
                let _ = writeln!(text, "- {}", sentence(rng, 4));
            }
            vec!["Description", "Notes"]
        }
        Kind::Meta => {
            frontmatter_meta(rng, &mut text);
            vec!["Description", "Why It Matters", "How to Practice"]
        }
        Kind::Practice => {
            let count = 3 + rng.below(4);
            let stages = titles(rng, count);
            frontmatter_practice(rng, &mut text, notes, &stages);
            text.push_str("\n## Stages\n---\n");
            numbered(rng, &mut text, &stages);
            vec!["Description", "Reflection"]
        }
        Kind::Plain => {
            if rng.chance(50) {
                let _ = writeln!(
                    text,
                    "---\ncreated: 2024-0{}-1{}\ntags: [{}]\naliases: [\"{} alias {index}\"]\n---",
                    1 + rng.below(9),
                    rng.below(9),
                    rng.pick(WORDS),
                    rng.pick(TOPICS)
                );
            }
            HEADINGS.to_vec()
        }
    };
    let target = 1024 + rng.below(7 * 1024);
    let mut sections = headings.iter().cycle();
    while text.len() < target {
        let heading = sections.next().copied().unwrap_or("Notes");
        let _ = write!(text, "\n## {heading}\n\n");
        paragraph(rng, &mut text, notes, attachments);
        if rng.chance(20) {
            text.push_str("\n```markdown\nExample: [[not a link]] stays text in code.\n```\n");
        }
        if rng.chance(25) {
            text.push('\n');
            for _ in 0..2 + rng.below(3) {
                let _ = writeln!(
                    text,
                    "- {} {}",
                    sentence(rng, 5),
                    link(rng, notes, attachments)
                );
            }
        }
    }
    text
}

fn frontmatter_core(rng: &mut Rng, text: &mut String, notes: &[Planned], steps: &[String]) {
    let meta: Vec<String> = (0..2 + rng.below(3))
        .map(|_| format!("\"[[{}]]\"", some_note(rng, notes, Kind::Meta)))
        .collect();
    let quoted: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| format!("\"Step {}: {s}\"", i + 1))
        .collect();
    let _ = writeln!(
        text,
        "---\nfileClass: core_skill\ndescription: {}\nwhy_it_matters: {}\nsteps: [{}]\n\
         common_mistakes: {}\nsupporting_meta_skills: [{}]\nrelated_scenarios:\ncurrent_focus: false\n---",
        sentence(rng, 12),
        sentence(rng, 20),
        quoted.join(", "),
        sentence(rng, 14),
        meta.join(", ")
    );
}

fn frontmatter_meta(rng: &mut Rng, text: &mut String) {
    let _ = writeln!(
        text,
        "---\nfileClass: meta_skill\ndescription: {}\nwhy_it_matters: {}\nhow_to_practice: {}\n\
         related: \"[[Repair]]\"\ntags: [meta_skill]\n---",
        sentence(rng, 12),
        sentence(rng, 20),
        sentence(rng, 20)
    );
}

fn frontmatter_practice(rng: &mut Rng, text: &mut String, notes: &[Planned], stages: &[String]) {
    let quoted: Vec<String> = stages.iter().map(|s| format!("\"{s}\"")).collect();
    let _ = writeln!(
        text,
        "---\nfileClass: practice\ndescription: {}\nstages: [{}]\nreflection_prompts: [\"{}?\", \"{}?\"]\n\
         related_skills: [\"[[Repair]]\", \"[[{}]]\"]\ntags: [practice]\n---",
        sentence(rng, 12),
        quoted.join(", "),
        sentence(rng, 8).trim_end_matches('.'),
        sentence(rng, 8).trim_end_matches('.'),
        some_note(rng, notes, Kind::Core)
    );
}

/// Distinct titles for steps or stages.
fn titles(rng: &mut Rng, count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            format!(
                "{} the {} {}",
                capitalised(rng.pick(WORDS)),
                rng.pick(WORDS),
                i + 1
            )
        })
        .collect()
}

fn numbered(rng: &mut Rng, text: &mut String, titles: &[String]) {
    for (i, title) in titles.iter().enumerate() {
        let _ = writeln!(
            text,
            "{}. **{title}**  \n   → {}\n",
            i + 1,
            sentence(rng, 14)
        );
    }
}

fn paragraph(rng: &mut Rng, text: &mut String, notes: &[Planned], attachments: &[String]) {
    for _ in 0..3 + rng.below(5) {
        let words = 8 + rng.below(14);
        text.push_str(&sentence(rng, words));
        text.push(' ');
        if rng.chance(45) {
            text.push_str(&link(rng, notes, attachments));
            text.push(' ');
        }
    }
    text.push('\n');
}

/// A wiki-link in one of Obsidian's forms; a few point nowhere.
fn link(rng: &mut Rng, notes: &[Planned], attachments: &[String]) -> String {
    let note = &notes[rng.below(notes.len())];
    let heading = rng.pick(HEADINGS);
    match rng.below(20) {
        0 => format!("[[{} {}]]", rng.pick(DANGLING), rng.below(100)),
        1 => format!("![[{}]]", attachments[rng.below(attachments.len())]),
        2 | 3 => format!("[[{}|{}]]", note.name, rng.pick(WORDS)),
        4 | 5 => format!("[[{}#{}]]", note.name, note.kind.sure_heading()),
        // Now and then a heading the note may not have ("Questions" comes last, in long notes
        // only), as a vault has a few: the rest are headings the note has, as Obsidian offers.
        6 => {
            let heading = if heading == "Questions" {
                heading
            } else {
                note.kind.sure_heading()
            };
            format!("[[{}#{heading}|{}]]", note.name, rng.pick(WORDS))
        }
        7 => format!("[[{}]]", note.folder.join(&note.name).display()),
        8 => format!("![[{}]]", note.name),
        9 => format!(
            "[{}](https://example.org/{})",
            rng.pick(WORDS),
            rng.below(1000)
        ),
        _ => format!("[[{}]]", note.name),
    }
}

impl Kind {
    /// A heading every note of this kind has (see `note_text`).
    fn sure_heading(self) -> &'static str {
        match self {
            Kind::Core => "Steps",
            Kind::Practice => "Stages",
            Kind::Meta => "Description",
            Kind::Plain => "Notes",
        }
    }
}

/// A note of the given kind, if the vault has one near a random place; else any note.
fn some_note<'a>(rng: &mut Rng, notes: &'a [Planned], kind: Kind) -> &'a str {
    let start = rng.below(notes.len());
    notes[start..]
        .iter()
        .chain(&notes[..start])
        .take(64)
        .find(|n| n.kind == kind)
        .unwrap_or(&notes[start])
        .name
        .as_str()
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let body: Vec<&str> = (0..words.max(1)).map(|_| rng.pick(WORDS)).collect();
    format!("{}.", capitalised(&body.join(" ")))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
