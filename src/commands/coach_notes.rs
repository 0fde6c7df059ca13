//! Finding the coach's own notes (check-in, debrief, summary, break, journal) in the vault: the note of
//! the shipped name if it has the right fileClass (a user's note of that name replaces the
//! shipped one), else the first note of that fileClass.
use crate::model::{
    BreakWords, CheckinWords, Class, DebriefWords, JournalWords, Model, SummaryWords,
};
use crate::vault::Vault;
use anyhow::anyhow;

fn find<'v, T>(
    vault: &'v Vault,
    name: &str,
    file_class: &str,
    pick: impl Fn(&'v Model) -> Option<&'v T>,
) -> anyhow::Result<&'v T> {
    vault
        .get(name)
        .and_then(|entry| pick(&entry.model))
        .or_else(|| {
            vault
                .of_classes(&[Class::of(Some(file_class))])
                .into_iter()
                .find_map(|entry| pick(&entry.model))
        })
        .ok_or_else(|| {
            anyhow!(
                "no note has `fileClass: {file_class}`. If your vault has a note named \"{name}\", \
                 check that it loads with `repair-coach check`"
            )
        })
}

pub(super) fn checkin(vault: &Vault) -> anyhow::Result<&CheckinWords> {
    find(vault, "Check-in", "checkin_guide", |model| match model {
        Model::CheckinWords(words) => Some(&**words),
        _ => None,
    })
}

pub(super) fn debrief(vault: &Vault) -> anyhow::Result<&DebriefWords> {
    find(vault, "Debrief", "debrief_guide", |model| match model {
        Model::DebriefWords(words) => Some(&**words),
        _ => None,
    })
}

pub(super) fn summary(vault: &Vault) -> anyhow::Result<&SummaryWords> {
    find(
        vault,
        "Journal Summary",
        "summary_guide",
        |model| match model {
            Model::SummaryWords(words) => Some(&**words),
            _ => None,
        },
    )
}

pub(super) fn break_words(vault: &Vault) -> anyhow::Result<&BreakWords> {
    find(vault, "Break", "break_guide", |model| match model {
        Model::BreakWords(words) => Some(&**words),
        _ => None,
    })
}

pub(super) fn journal(vault: &Vault) -> anyhow::Result<&JournalWords> {
    find(
        vault,
        "Journal Entries",
        "journal_guide",
        |model| match model {
            Model::JournalWords(words) => Some(&**words),
            _ => None,
        },
    )
}
