//! A user's Session Guide written for an older version (the one shipped at f9d9dc7, in
//! tests/fixtures/vaults/older_guide): the keys it lacks come from the shipped guide, `check`
//! names them in one warning, and a session uses the user's own words wherever they wrote them.
mod support;

use repair_coach::coach::Plan;
use repair_coach::model::Model;
use repair_coach::vault::{Heads, Vault};
use std::path::{Path, PathBuf};
use support::Env;

fn older_vault() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vaults/older_guide")
}

/// Words the older guide says differently from the shipped one.
const OWN_OFFER: &str = "Would you like to breathe slowly for a minute first?";
const OWN_QUESTION: &str = "Put yourself in their place. Finish their sentence: “I felt …”";

#[test]
fn check_warns_once_naming_the_keys_taken_from_the_shipped_guide() {
    let output = Env::new()
        .cmd()
        .arg("--vault")
        .arg(older_vault())
        .args(["check", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "no errors");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "Session Guide.md")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = findings[0];
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["line"], 1);
    let message = finding["message"].as_str().unwrap();
    for taken in [
        "`safety_check.again`",
        "`regulate.breathing.title`",
        "`attunement.checkins.stage`",
        "`close.eased`",
        "`stop`",
        "`prompts`",
    ] {
        assert!(message.contains(taken), "{taken} in {message}");
    }
    // What the older guide writes is its own, and is not named.
    for own in [
        "`regulate.breathing.offer`",
        "`repair.steps`",
        "`safety_check`",
        "`safety_check.question`",
    ] {
        assert!(!message.contains(own), "{own} in {message}");
    }
    assert!(message.contains("copy them in"), "{message}");
    assert_eq!(report["errors"], 0);
}

#[test]
fn a_session_uses_the_users_words_where_they_wrote_them_and_the_shipped_ones_elsewhere() {
    let env = Env::new();
    let output = env
        .cmd()
        .arg("--vault")
        .arg(older_vault())
        .args(["start", "--plain"])
        // Safe, hurt, 4, no breathing, the repair's answers, then 3 at the close.
        .write_stdin("1\n1\n4\n2\nhurt and ignored\n\nI walked out\nyou are home\n\n3\n")
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{out}");
    let shipped = Plan::from_vault(&Vault::shipped()).unwrap().guide;
    assert!(out.contains(OWN_OFFER), "{out}");
    assert!(out.contains(OWN_QUESTION), "{out}");
    assert!(
        !out.contains("breathe slowly together"),
        "not the shipped offer: {out}"
    );
    // The older guide has no `prompts` or `close.eased`: the shipped words say them.
    assert!(out.contains(&shipped.prompts.choose), "{out}");
    assert!(out.contains("Something has eased"), "{out}");
    let entries = env.entries();
    let asked = entries[0]
        .record
        .answers
        .iter()
        .find(|a| a.id == "repair.2.1")
        .unwrap();
    assert_eq!(
        asked.question, OWN_QUESTION,
        "the journal keeps what was asked"
    );
}

/// `start` reads the vault in layers and `check` all at once: both complete the guide alike.
#[test]
fn the_layered_and_the_eager_load_complete_the_guide_alike() {
    let guide = |vault: &Vault| match &vault.get("Session Guide").unwrap().model {
        Model::SessionGuide(guide) => serde_json::to_value(guide).unwrap(),
        other => panic!("not a guide: {other:?}"),
    };
    let eager = Vault::load(Some(&older_vault())).unwrap();
    let layered = Vault::load_layered(Some(&older_vault()), None, Heads::Plain).unwrap();
    assert_eq!(guide(&eager), guide(&layered));
    assert_eq!(guide(&eager)["regulate"]["breathing"]["offer"], OWN_OFFER);
    assert_eq!(
        guide(&eager)["stop"]["nothing_saved"],
        Plan::from_vault(&Vault::shipped())
            .unwrap()
            .guide
            .stop
            .nothing_saved
    );
}

#[test]
fn a_wrong_type_in_an_older_guide_names_its_key_path_and_line() {
    let vault = tempfile::tempdir().unwrap();
    let older = std::fs::read_to_string(older_vault().join("Session Guide.md")).unwrap();
    let broken = older.replace("    cycles: 4", "    cycles: many");
    assert_ne!(broken, older);
    let line = 1 + broken
        .lines()
        .position(|l| l == "    cycles: many")
        .unwrap();
    std::fs::write(vault.path().join("Session Guide.md"), broken).unwrap();
    let output = Env::new()
        .cmd()
        .arg("--vault")
        .arg(vault.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.contains(&format!(
            "Session Guide.md:{line}: error: `regulate.breathing.cycles` should be a whole number, not `many`"
        )),
        "{out}"
    );
}
