//! "Did you mean": the names closest to one that was not found, by what it contains or starts
//! with ("owning" finds "Owning Impact") and by edit distance on lowercase, Damerau-Levenshtein
//! normalised to 0..1 ("Repiar" is 0.83 from "Repair"; 0.7 and above counts as close).
use crate::model::Class;
use crate::vault::Vault;
use strsim::normalized_damerau_levenshtein;

/// How close a name must be to be suggested.
const CLOSE: f64 = 0.7;
/// At most this many suggestions, closest first.
const MAX: usize = 3;

/// The candidates closest to `asked`, closest first, each once (ignoring case).
pub fn closest<'c>(asked: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    closest_by(asked, candidates.into_iter().map(|c| (c, c)))
}

/// `closest` over `(shown, matched)` pairs: a note is matched by its name or any alias, and
/// suggested once, by its name (`shown`), however many of them came close.
pub fn closest_by<'c>(
    asked: &str,
    candidates: impl IntoIterator<Item = (&'c str, &'c str)>,
) -> Vec<&'c str> {
    let asked = asked.trim().to_lowercase();
    if asked.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = asked.split_whitespace().filter(|w| w.len() >= 4).collect();
    let asked_len = asked.chars().count();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|(shown, matched)| {
            let lower = matched.to_lowercase();
            let contains = lower.contains(&asked)
                || asked.starts_with(&lower)
                || words.iter().any(|word| lower.contains(word));
            let distance = near_distance(&asked, asked_len, &lower, contains);
            // A name that contains what was typed comes first, whatever its length.
            let score = if contains { 1.0 + distance } else { distance };
            (score >= CLOSE).then_some((score, shown))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut seen = std::collections::HashSet::new();
    scored
        .into_iter()
        .map(|(_, shown)| shown)
        .filter(|shown| seen.insert(shown.to_lowercase()))
        .take(MAX)
        .collect()
}

/// Longer than any name a person types or a note is called; the distance takes time growing
/// with the product of the two lengths, so longer ones are matched by containing only.
const MAX_COMPARED: usize = 200;

/// `normalized_damerau_levenshtein`, without working it out where it is known or too costly.
/// The distance is at least the difference of the lengths, and exactly that for a name that
/// contains what was asked: so `1 - difference / longer` is its bound, and its value then.
fn near_distance(asked: &str, asked_len: usize, name: &str, contains: bool) -> f64 {
    let name_len = name.chars().count();
    let longer = asked_len.max(name_len);
    let bound = 1.0 - asked_len.abs_diff(name_len) as f64 / longer.max(1) as f64;
    match (longer > MAX_COMPARED || bound < CLOSE, contains) {
        (true, true) => bound,
        (true, false) => 0.0,
        (false, _) => normalized_damerau_levenshtein(asked, name),
    }
}

/// " Did you mean X?" (with a leading space), or nothing when there is nothing close.
pub fn hint(near: &[&str]) -> String {
    match near {
        [] => String::new(),
        [one] => format!(" Did you mean {one}?"),
        many => format!(" Did you mean one of: {}?", many.join(", ")),
    }
}

/// `(name, name or alias)` for every name and alias a note of one of `classes` (of any, for
/// `None`) can be asked for by, sanitised: what [`closest_by`] takes. From the notes'
/// heads: no body is read for this.
pub fn candidates(vault: &Vault, classes: Option<&[Class]>) -> Vec<(String, String)> {
    vault
        .names(classes)
        .into_iter()
        .flat_map(|(name, aliases)| {
            let shown = crate::render::sanitize_line(name).into_owned();
            std::iter::once(name.to_string())
                .chain(aliases)
                .map(move |alias| {
                    (
                        shown.clone(),
                        crate::render::sanitize_line(&alias).into_owned(),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &[
        "Repair",
        "Owning Impact",
        "Holding Discomfort",
        "Resolving Attunement Mishaps",
    ];

    fn near(asked: &str) -> Vec<&'static str> {
        closest(asked, NAMES.iter().copied())
    }

    #[test]
    fn a_misspelt_name_finds_the_name_by_edit_distance() {
        assert_eq!(near("Repiar"), vec!["Repair"]);
        assert_eq!(near("owing impact"), vec!["Owning Impact"]);
        assert_eq!(near("HOLDING DISCOMFRT"), vec!["Holding Discomfort"]);
    }

    #[test]
    fn part_of_a_name_finds_it_too() {
        assert_eq!(near("owning"), vec!["Owning Impact"]);
        assert_eq!(
            near("attunement practice"),
            vec!["Resolving Attunement Mishaps"]
        );
        assert_eq!(near("Repairing"), vec!["Repair"]);
    }

    #[test]
    fn names_and_asks_too_long_to_compare_are_matched_by_containing_only() {
        let long_alias = format!("repair {}", "x".repeat(15_000));
        let pairs = [
            ("Repair", long_alias.as_str()),
            ("Owning Impact", "Owning Impact"),
        ];
        assert_eq!(closest_by("repair", pairs), vec!["Repair"]);
        let long_ask = "owning impact ".repeat(100);
        assert_eq!(closest_by(&long_ask, pairs), vec!["Owning Impact"]);
        assert!(closest_by(&"q".repeat(1_000), pairs).is_empty());
        // Close in length and letters, but past what is compared: not suggested.
        let near_twin = format!("{}y", "x".repeat(300));
        assert!(closest_by(&"x".repeat(301), [("Twin", near_twin.as_str())]).is_empty());
    }

    #[test]
    fn nothing_close_suggests_nothing() {
        assert!(near("Xyz").is_empty());
        assert!(near("zebra").is_empty());
        assert!(near("  ").is_empty());
        assert_eq!(hint(&[]), "");
    }

    #[test]
    fn journal_ids_one_digit_off_are_close() {
        let ids = ["2026-12-01-1842", "2026-11-24-2114"];
        assert_eq!(
            closest("2026-12-01-1843", ids.iter().copied()),
            vec!["2026-12-01-1842"]
        );
    }

    #[test]
    fn a_note_near_by_name_and_by_alias_is_suggested_once_by_its_name() {
        let pairs = [
            (
                "Resolving Attunement Mishaps",
                "Resolving Attunement Mishaps",
            ),
            ("Resolving Attunement Mishaps", "Attunement Mishaps"),
            ("Owning Impact", "Owning Impact"),
        ];
        assert_eq!(
            closest_by("resolvng attunement mishaps", pairs),
            vec!["Resolving Attunement Mishaps"]
        );
        assert_eq!(
            closest_by("atunement mishaps", pairs),
            vec!["Resolving Attunement Mishaps"]
        );
    }

    #[test]
    fn the_hint_reads_as_a_question() {
        assert_eq!(hint(&["Repair"]), " Did you mean Repair?");
        assert_eq!(hint(&["A", "B"]), " Did you mean one of: A, B?");
    }
}
