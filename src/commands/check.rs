//! `check`: the vault linted like a compiler would, `path:line: error|warning: message`, then a
//! summary line. `dispatch` turns any error into exit code 65.
use super::check_cache::KeptReport;
use crate::coach::{Plan, SafetyNote};
use crate::diagnostic::{Finding, Severity};
use crate::render;
use crate::vault::{Keep, KeyHash, Origin, Vault};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Notes looked at: the user's vault when there is one, else the shipped notes; files that
    /// could not be read count too.
    pub notes: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The report of the vault at `root` (of the shipped notes alone without one). With a `cache`
/// folder, a vault unchanged since its last `check` is not read again: its report is the one
/// kept then (see `check_cache`).
pub fn report(root: Option<&Path>, cache: Option<&Path>) -> anyhow::Result<Report> {
    let (vault, kept) = match (root, cache) {
        (Some(root), Some(folder)) => {
            let survey = Vault::survey(root)?;
            let kept = KeptReport::open(folder, &survey);
            if let Some(report) = kept.as_ref().and_then(KeptReport::report::<Report>) {
                return Ok(report);
            }
            (Vault::load_surveyed(survey, Keep::ForCheck), kept)
        }
        _ => (Vault::load_keeping(root, Keep::ForCheck)?, None),
    };
    let report = Report::of(&vault);
    if let Some(kept) = kept {
        kept.keep(&report);
    }
    // The process ends soon: freeing a large vault's many small allocations one by one would
    // only delay the exit, and the system takes the memory back at once anyway.
    std::mem::forget(vault);
    Ok(report)
}

impl Report {
    pub fn of(vault: &Vault) -> Report {
        let mut findings = vault.check();
        let has_user_notes = vault
            .entries()
            .iter()
            .any(|e| matches!(e.origin, Origin::User(_)));
        let mut across = super::skill_findings::of(vault);
        across.extend(super::signal_findings::of(vault));
        // A session falls back to the shipped notes when the person's make none: said here too,
        // where they come to find out why.
        if has_user_notes {
            match Plan::from_vault(vault) {
                Ok(plan) => across.extend(safety_finding(&plan.safety)),
                Err(unplanned) => across.push(Finding::warning(
                    unplanned.note,
                    None,
                    format!(
                        "{}. Until then, `start` uses the shipped notes",
                        unplanned.message
                    ),
                )),
            }
        }
        if !across.is_empty() {
            findings.extend(across);
            findings
                .sort_by(|a, b| (a.path.as_os_str(), a.line).cmp(&(b.path.as_os_str(), b.line)));
        }
        // Paths hashed as plain strings: Path's own hash goes component by component.
        let mut paths: HashSet<&OsStr, KeyHash> = vault
            .entries()
            .iter()
            .filter(|e| !has_user_notes || matches!(e.origin, Origin::User(_)))
            .map(|e| e.note.path.as_os_str())
            .collect();
        paths.extend(findings.iter().map(|f| f.path.as_os_str()));
        let notes = paths.len();
        let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
        Report {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes,
            findings,
        }
    }

    /// One finding a line, as compilers print them, then the summary. A note of the vault at
    /// `root` is named from there, as the person named the vault (`~/Notes/Skills/Repair.md:12`),
    /// so that the path opens from wherever `check` was run.
    pub fn text(&self, root: Option<&Path>) -> String {
        let root = root.map(|root| {
            let shown = root.to_string_lossy();
            match shown.trim_end_matches('/') {
                "" => "/".to_owned(),
                trimmed => format!("{trimmed}/"),
            }
        });
        // A large vault has thousands of findings: they are written in chunks on all cores.
        let chunks: Vec<String> = self
            .findings
            .par_chunks(512)
            .map(|chunk| {
                let mut out = String::new();
                let mut line = String::new();
                for finding in chunk {
                    line.clear();
                    if let Some(root) = &root
                        && finding.path.is_relative()
                        && !finding.path.starts_with(crate::vault::SHIPPED_PREFIX)
                    {
                        line.push_str(root);
                    }
                    let _ = write!(line, "{finding}");
                    let clean = render::sanitize(&line);
                    // One finding, one line, whatever a file name or message holds.
                    if clean.contains(['\n', '\t']) {
                        out.push_str(&clean.replace(['\n', '\t'], " "));
                    } else {
                        out.push_str(&clean);
                    }
                    out.push('\n');
                }
                out
            })
            .collect();
        let mut out = chunks.concat();
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// "42 notes checked: all clear", or the counts.
    pub fn summary(&self) -> String {
        let notes = plural(self.notes, "note", "notes");
        if self.errors == 0 && self.warnings == 0 {
            return format!("{notes} checked: all clear");
        }
        format!(
            "{notes} checked: {}, {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings")
        )
    }

    pub fn json(&self) -> anyhow::Result<String> {
        crate::json::to_string(&crate::json::Versioned::new(self))
    }
}

/// A person's own safety note with no help lines for anyone: a session shows the shipped note's
/// in their place, which is said here, where they come to find out why.
fn safety_finding(safety: &SafetyNote) -> Option<Finding> {
    (safety.shipped.is_some() && !safety.has_lines_for_anyone()).then(|| {
        Finding::warning(
            &safety.path,
            None,
            "this safety note has no help lines for anyone, so a session shows the shipped \
             note's in their place: add a section for anyone, such as `## Wherever you are` with \
             your local emergency number and a help line under it (a `## XX` country section is \
             shown only to someone whose locale names that country)",
        )
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(findings: Vec<Finding>, notes: usize) -> Report {
        let count = |s| {
            findings
                .iter()
                .filter(|f: &&Finding| f.severity == s)
                .count()
        };
        Report {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes,
            findings,
        }
    }

    #[test]
    fn a_clean_vault_is_all_clear() {
        assert_eq!(
            report(vec![], 42).text(None),
            "42 notes checked: all clear\n"
        );
        assert_eq!(report(vec![], 1).summary(), "1 note checked: all clear");
    }

    #[test]
    fn findings_come_first_like_a_compiler_then_the_counts() {
        let findings = vec![
            Finding::error("a.md", Some(3), "`steps` should be a list"),
            Finding::warning("b.md", Some(7), "[[Nowhere]] leads to no note"),
            Finding::warning("c\x1b[2J\n.md", None, "two notes are called C"),
        ];
        assert_eq!(
            report(findings, 3).text(None),
            "a.md:3: error: `steps` should be a list\n\
             b.md:7: warning: [[Nowhere]] leads to no note\n\
             c .md: warning: two notes are called C\n\
             3 notes checked: 1 error, 2 warnings\n"
        );
    }

    #[test]
    fn a_note_of_the_vault_is_named_from_the_vault_as_given() {
        let findings = || {
            vec![
                Finding::error("Skills/a.md", Some(3), "bad"),
                Finding::warning("<shipped>/coach/Break.md", None, "old"),
                Finding::warning("/elsewhere/journal", None, "unreadable"),
            ]
        };
        for (root, a) in [
            ("~/Notes", "~/Notes/Skills/a.md:3"),
            ("notes/", "notes/Skills/a.md:3"),
            (".", "./Skills/a.md:3"),
            ("/", "/Skills/a.md:3"),
        ] {
            assert_eq!(
                report(findings(), 3).text(Some(Path::new(root))),
                format!(
                    "{a}: error: bad\n\
                     <shipped>/coach/Break.md: warning: old\n\
                     /elsewhere/journal: warning: unreadable\n\
                     3 notes checked: 1 error, 2 warnings\n"
                )
            );
        }
    }

    #[test]
    fn json_has_the_findings_and_the_counts() {
        let findings = vec![Finding::error("a.md", Some(3), "bad")];
        let value: serde_json::Value =
            serde_json::from_str(&report(findings, 2).json().unwrap()).unwrap();
        assert_eq!(value["notes"], 2);
        assert_eq!(value["errors"], 1);
        assert_eq!(value["warnings"], 0);
        assert_eq!(value["findings"][0]["path"], "a.md");
        assert_eq!(value["findings"][0]["line"], 3);
        assert_eq!(value["findings"][0]["severity"], "error");
    }
}
