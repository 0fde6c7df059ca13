//! The shipped notes' frontmatter as build.rs parsed it from YAML when the tool was built, kept
//! as JSON, which reads several times faster: every command loads the shipped notes, and their
//! YAML was most of what a command did before its own work began.
use crate::note::{Frontmatter, NoteError};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

static PARSED: &str = include_str!(concat!(env!("OUT_DIR"), "/shipped_frontmatter.json"));

/// One shipped note's frontmatter: its YAML text and the fields parsed from it.
#[derive(Deserialize)]
pub(super) struct Parsed {
    yaml: String,
    fields: serde_yaml::Value,
}

/// The frontmatter of each shipped note build.rs could keep, by its path under `content/`.
pub(super) fn parsed() -> HashMap<String, Parsed> {
    serde_json::from_str(PARSED).unwrap_or_default()
}

/// The frontmatter `yaml` of the shipped note at `path` (starting on file line `first_line`):
/// the fields `parsed` holds when they were parsed from that very text, else parsed now.
pub(super) fn frontmatter(
    parsed: Option<Parsed>,
    path: &Path,
    yaml: String,
    first_line: usize,
) -> Result<Frontmatter, NoteError> {
    match parsed {
        Some(parsed) if parsed.yaml == yaml && parsed.fields.is_mapping() => {
            Ok(Frontmatter::of_fields(yaml, first_line, parsed.fields))
        }
        _ => Frontmatter::parse(path, yaml, first_line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::frontmatter::split;

    /// Every shipped note's frontmatter was kept when the tool was built, for the very YAML the
    /// run splits off the note, with the fields parsing that YAML gives now.
    #[test]
    fn every_shipped_note_has_the_fields_its_yaml_gives() {
        let mut files = Vec::new();
        super::super::collect_shipped(&super::super::SHIPPED, &mut files);
        let kept = parsed();
        assert_eq!(kept.len(), files.len(), "kept: {:?}", kept.keys());
        for file in files {
            let relative = file.path().to_string_lossy().replace('\\', "/");
            let text = file.contents_utf8().expect("shipped notes are UTF-8");
            let path = Path::new(&relative);
            let (yaml, _) = split(path, text)
                .unwrap()
                .yaml
                .expect("shipped notes have YAML");
            let parsed = &kept[&relative];
            assert_eq!(parsed.yaml, yaml, "{relative}");
            let fields: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(parsed.fields, fields, "{relative}");
        }
    }

    /// Fields kept for other YAML than the note's are not used: the note's YAML is read.
    #[test]
    fn fields_kept_for_other_yaml_are_not_used() {
        let stale = Parsed {
            yaml: "description: old\n".to_string(),
            fields: serde_yaml::from_str("description: old\n").unwrap(),
        };
        let path = Path::new("<shipped>/Repair.md");
        let read = frontmatter(Some(stale), path, "description: new\n".to_string(), 2).unwrap();
        let now = Frontmatter::parse(path, "description: new\n".to_string(), 2).unwrap();
        assert_eq!(read, now);
        let kept = Parsed {
            yaml: "description: new\n".to_string(),
            fields: serde_yaml::from_str("description: new\n").unwrap(),
        };
        assert_eq!(
            frontmatter(Some(kept), path, "description: new\n".to_string(), 2).unwrap(),
            now
        );
    }
}
