//! `Note::parse`, frontmatter typing and wiki-links, on inline text.
use repair_coach::note::{Note, WikiLink};
use rstest::rstest;
use std::path::Path;

fn parse(text: &str) -> Note {
    Note::parse(Path::new("n/Note.md"), text).expect("note parses")
}

fn parse_err(text: &str) -> repair_coach::note::NoteError {
    Note::parse(Path::new("n/Note.md"), text).expect_err("note is rejected")
}

#[test]
fn frontmatter_and_body_are_split_with_lines() {
    let note = parse("---\nfileClass: core_skill\ntags: [a]\n---\n# Title\nText\n");
    assert_eq!(note.name, "Note");
    assert_eq!(note.file_class(), Some("core_skill"));
    let fm = note.frontmatter.as_ref().unwrap();
    assert_eq!(fm.first_line, 2);
    assert_eq!(fm.fields().len(), 2);
    assert_eq!(note.body(), "# Title\nText\n");
    assert_eq!(note.body_line, 5);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let note = parse("\u{feff}---\r\nfileClass: practice\r\n...\r\nBody\r\n");
    assert_eq!(note.file_class(), Some("practice"));
    assert_eq!(
        note.frontmatter.as_ref().unwrap().yaml,
        "fileClass: practice\n"
    );
    assert_eq!(note.body(), "Body\r\n");
    assert_eq!(note.body_line, 4);
}

#[test]
fn no_frontmatter_unless_line_one_is_a_fence() {
    let note = parse("Title\n---\nfileClass: x\n---\n");
    assert!(note.frontmatter.is_none());
    assert_eq!(note.body_line, 1);
    assert!(parse("--- \nk: v\n---  \n").frontmatter.is_some());
    assert!(parse(" ---\nk: v\n---\n").frontmatter.is_none());
}

#[test]
fn empty_frontmatter_is_fine() {
    let note = parse("---\n---\nBody");
    assert!(note.frontmatter.unwrap().fields().is_empty());
    assert_eq!(note.body_line, 3);
}

#[test]
fn unterminated_frontmatter_names_line_one() {
    let e = parse_err("---\nfileClass: core_skill\nbody\n");
    assert_eq!(e.line, Some(1));
    assert_eq!(e.path, Path::new("n/Note.md"));
    assert!(e.message.contains("never closed"), "{e}");
    assert_eq!(
        e.to_string(),
        "n/Note.md:1: frontmatter opened on line 1 is never closed: add a line `---` after it"
    );
}

#[test]
fn lines_ended_by_a_carriage_return_alone_are_named() {
    let e = parse_err("---\rfileClass: practice\r---\rBody\r");
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("carriage return alone"), "{e}");
    // A lone `\r` elsewhere is text, and CRLF is fine.
    assert_eq!(parse("Title\rmore\n").frontmatter, None);
    assert!(
        parse("---\r\nfileClass: practice\r\n---\r\n")
            .frontmatter
            .is_some()
    );
}

#[test]
fn a_control_character_in_the_yaml_names_its_line_and_how_to_write_it() {
    for value in ["\"bad\u{7}bell\"", "bad\u{7}bell"] {
        let e = parse_err(&format!("---\nfileClass: practice\ntitle: {value}\n---\n"));
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("(U+0007)"), "{e}");
        assert!(e.message.contains("\\u0007 inside double quotes"), "{e}");
    }
}

#[test]
fn yaml_error_is_located_in_the_file() {
    let e = parse_err("---\nfileClass: core_skill\ndescription: \"open\nsteps: [a\n---\n");
    assert!(e.line.unwrap() >= 3, "{e}");
    assert!(e.message.contains("not valid YAML"), "{e}");
}

#[test]
fn an_unclosed_quote_points_at_where_it_opened() {
    let e = parse_err("---\na: 'open\nb: 2\n---\n");
    assert_eq!(e.line, Some(2));
    assert!(
        e.message
            .contains("while scanning a quoted scalar on line 2"),
        "{e}"
    );
}

#[test]
fn a_field_given_twice_points_at_the_second() {
    let e = parse_err("---\na: 1\nb: 2\na: 3\n---\n");
    assert_eq!(e.line, Some(4));
    assert_eq!(
        e.message,
        "`a` is given more than once in the frontmatter: keep one"
    );
}

#[rstest]
#[case("---\n- a\n- b\n---\n", "a list")]
#[case("---\njust text\n---\n", "a single value")]
fn frontmatter_must_be_a_mapping(#[case] text: &str, #[case] what: &str) {
    let e = parse_err(text);
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains(what), "{e}");
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Typed {
    current_focus: bool,
    count: Option<u32>,
}

#[test]
fn wrong_type_names_the_field_and_line() {
    let note = parse("---\nfileClass: core_skill\ncurrent_focus: maybe\n---\n");
    let e = note
        .frontmatter
        .unwrap()
        .deserialize::<Typed>(&note.path)
        .unwrap_err();
    assert_eq!(e.line, Some(3));
    assert_eq!(
        e.message,
        "`current_focus` should be true or false, not `maybe`"
    );
}

#[test]
fn missing_field_is_named() {
    let note = parse("---\ncount: 3\n---\n");
    let e = note
        .frontmatter
        .unwrap()
        .deserialize::<Typed>(&note.path)
        .unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(e.message.starts_with("`current_focus` is missing"), "{e}");
}

fn link(target: &str, heading: Option<&str>, label: Option<&str>, embed: bool) -> WikiLink {
    WikiLink {
        target: target.into(),
        heading: heading.map(Into::into),
        label: label.map(Into::into),
        embed,
    }
}

#[rstest]
#[case("[[Note]]", Some(link("Note", None, None, false)))]
#[case("[[Note|label]]", Some(link("Note", None, Some("label"), false)))]
#[case("[[Note#Heading]]", Some(link("Note", Some("Heading"), None, false)))]
#[case(
    "[[Note#Heading|label]]",
    Some(link("Note", Some("Heading"), Some("label"), false))
)]
#[case("![[Embed]]", Some(link("Embed", None, None, true)))]
#[case("[[#Heading]]", Some(link("", Some("Heading"), None, false)))]
#[case("[[folder/Note]]", Some(link("folder/Note", None, None, false)))]
#[case("[[Note.md]]", Some(link("Note.md", None, None, false)))]
#[case("[[]]", None)]
#[case("`[[Note]]`", None)]
fn every_link_form_in_the_body(#[case] written: &str, #[case] expected: Option<WikiLink>) {
    let note = parse(&format!("---\na: 1\n---\n\nSee {written} here.\n"));
    let links: Vec<_> = note.links().into_iter().collect();
    match expected {
        Some(expected) => {
            assert_eq!(links.len(), 1, "{links:?}");
            assert_eq!(links[0].link, expected);
            assert_eq!(links[0].line, 5);
            if !written.starts_with('`') {
                assert_eq!(WikiLink::parse(written), Some(links[0].link.clone()));
            }
        }
        None => assert!(links.is_empty(), "{links:?}"),
    }
}

#[test]
fn links_in_code_blocks_are_not_links() {
    let note = parse("```\n[[Not a link]]\n```\n\n    [[Indented]]\n\n[[Real]]\n");
    let targets: Vec<_> = note
        .links()
        .into_iter()
        .map(|l| (l.link.target, l.line))
        .collect();
    assert_eq!(targets, vec![("Real".to_string(), 7)]);
}

#[test]
fn frontmatter_links_carry_their_lines() {
    let note = parse(
        "---\nskills: [\"[[A]]\", \"[[B|b]]\"]\nnested:\n  deep:\n    - \"see [[C#h]] and [[A]]\"\n---\nBody [[D]]\n",
    );
    let found: Vec<_> = note
        .links()
        .into_iter()
        .map(|l| (l.link.target, l.line))
        .collect();
    assert_eq!(
        found,
        vec![
            ("A".into(), 2),
            ("B".into(), 2),
            ("C".into(), 5),
            ("A".into(), 5),
            ("D".into(), 7)
        ]
    );
}

#[test]
fn display_text() {
    assert_eq!(WikiLink::parse("[[A|b]]").unwrap().display_text(), "b");
    assert_eq!(WikiLink::parse("[[A#H]]").unwrap().display_text(), "A > H");
    assert_eq!(WikiLink::parse("[[#H]]").unwrap().display_text(), "H");
    assert_eq!(WikiLink::parse("[[A]]").unwrap().display_text(), "A");
}

#[test]
fn aliases_from_a_list_or_a_string() {
    assert_eq!(
        parse("---\naliases: [One, \" Two \"]\n---\n").aliases(),
        vec!["One", "Two"]
    );
    assert_eq!(parse("---\naliases: Solo\n---\n").aliases(), vec!["Solo"]);
    assert!(parse("Body").aliases().is_empty());
}

#[test]
fn seed_001_is_a_plain_note() {
    // A byte-for-byte copy of /work/shared/seeds/001, kept in the repository for CI.
    let text = std::fs::read_to_string("tests/fixtures/seeds/001_resolving_attunement_mishaps.txt")
        .unwrap();
    let note = Note::parse(Path::new("Resolving Attunement Mishaps.md"), &text).unwrap();
    assert!(note.frontmatter.is_none());
    assert_eq!(note.file_class(), None);
    assert!(note.body().starts_with("Resolving Attunement Mishaps"));
}

#[test]
fn empty_frontmatter_missing_a_required_field_names_it() {
    let note = parse("---\n---\n");
    let e = note
        .frontmatter
        .unwrap()
        .deserialize::<Typed>(&note.path)
        .unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(e.message.starts_with("`current_focus` is missing"), "{e}");
}

#[test]
fn sections_carry_headings_lines_items_and_text() {
    let note = parse(
        "---\na: 1\n---\n# Title\n## Steps\n---\n1. **One**  \n   → first\n2. Plain item\n\n## Notes\nFirst para\ngoes on.\n\nSecond.\n\n- x\n- y\n### Deeper\nInside.\n",
    );
    let sections = note.sections();
    let heads: Vec<_> = sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level, s.line))
        .collect();
    assert_eq!(
        heads,
        vec![
            ("Title", 1, 4),
            ("Steps", 2, 5),
            ("Notes", 2, 11),
            ("Deeper", 3, 19)
        ]
    );
    let items = sections[1].list_items();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (
            items[0].title.as_deref(),
            items[0].text.as_str(),
            items[0].line
        ),
        (Some("One"), "→ first", 7)
    );
    assert_eq!(
        (
            items[1].title.as_deref(),
            items[1].text.as_str(),
            items[1].line
        ),
        (None, "Plain item", 9)
    );
    assert_eq!(
        sections[2].plain_text(),
        "First para goes on.\n\nSecond.\n\n- x\n- y\n\nDeeper\n\nInside."
    );
    assert!(sections[2].is_called(&["notes"]));
}
