//! What `check` says about mistake signals that only the whole vault shows: signals whose
//! `skill:` leads to a note that is neither a skill nor a practice, so that no session uses
//! them, and a signal placed at a step its skill (or a stage its practice) does not have, which
//! no step lists (and a practice, which checks each stage's own only, never raises).
use crate::diagnostic::Finding;
use crate::model::Model;
use crate::vault::Vault;

/// The findings, in no particular order (`check` sorts them with the rest). A `skill:` link
/// that leads nowhere is left to the links' own check.
pub fn of(vault: &Vault) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entry in vault.entries() {
        let Model::MistakeSignals(signals) = &entry.model else {
            continue;
        };
        let Some(target) = vault.resolve(&signals.skill) else {
            continue;
        };
        let (unit, count) = match &target.model {
            Model::Skill(skill) => ("step", skill.steps.len()),
            Model::Practice(practice) => ("stage", practice.stages.len()),
            _ => {
                findings.push(Finding::warning(
                    &entry.note.path,
                    signals.lines.skill,
                    format!(
                        "[[{}]] is not a skill or a practice, so no session uses these signals: \
                         link the skill (or practice) whose answers they are for",
                        target.note.name
                    ),
                ));
                continue;
            }
        };
        for (i, signal) in signals.signals.iter().enumerate() {
            if signal.step > count {
                findings.push(Finding::warning(
                    &entry.note.path,
                    signals.lines.steps.get(i).copied().flatten(),
                    format!(
                        "signal {} ({:?}) is at {unit} {}, but [[{}]] has {count} {unit}s, so \
                         none of them lists it: give it a {unit} from 1 to {count}",
                        i + 1,
                        signal.mistake,
                        signal.step,
                        target.note.name
                    ),
                ));
            }
        }
    }
    findings
}
