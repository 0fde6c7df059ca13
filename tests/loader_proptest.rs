//! No input makes the note parser or the model typing panic.
use proptest::prelude::*;
use repair_coach::model::Model;
use repair_coach::note::Note;
use std::path::Path;

/// Pieces of real notes, so generated text reaches the YAML, list and link code, not only the
/// "no frontmatter" path.
const FRAGMENTS: &[&str] = &[
    "---\n",
    "---\r\n",
    "...\n",
    "\u{feff}",
    "fileClass: core_skill\n",
    "fileClass: meta_skill\n",
    "fileClass: practice\n",
    "description: d\n",
    "steps: [\"Step 1: a\\r\", \"b\"]\n",
    "steps: x\n",
    "stages: [a, b]\n",
    "current_focus: maybe\n",
    "aliases: [x]\n",
    "tags: a, b\n",
    "related_scenarios: \n",
    "supporting_meta_skills: [\"[[A]]\", \"[[B|b]]\"]\n",
    "common_mistakes: a, or b.\n",
    "- item\n",
    "  nested: [\n",
    "'\n",
    "## Steps\n",
    "## Common Mistakes\n",
    "## How to Practise\n",
    "1. **Title**  \n   → guidance\n",
    "**",
    "[[",
    "]]",
    "![[e#h|l]]",
    "[[#h]]",
    "`",
    "```\n",
    "→",
    "\r",
    "\n",
    "é",
    " ",
];

fn note_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(String::from),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn exercise(text: &str) {
    if let Ok(note) = Note::parse(Path::new("fuzz/Note.md"), text) {
        let _ = note.links();
        for section in note.sections() {
            let _ = section.list_items();
            let _ = section.plain_text();
        }
        let _ = note.aliases();
        let _ = Model::from_note(&note);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn note_like_text_never_panics(text in note_text()) {
        exercise(&text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&String::from_utf8_lossy(&bytes));
    }
}
