//! Laying one note's frontmatter over another's: what a user's copy of a shipped note, written
//! for an older version, is filled in from (see `vault::fill_in`).
use serde_yaml::{Mapping, Value};

/// Fills in `over` with what `under` has and `over` lacks, recursively: where both hold a
/// mapping under a key the two are merged, and so are two lists of mappings of the same length,
/// item by item (the steps of a guide, each with its own words); anything else `over` holds (a
/// list, a value, a mapping where `under` has none) is kept as it is. Returns the dotted path of each key taken
/// from `under`, outermost only (a whole section taken is named once), in `under`'s order.
pub(crate) fn merge_missing(over: &mut Mapping, under: &Mapping) -> Vec<String> {
    let mut taken = Vec::new();
    merge_into(over, under, "", &mut taken);
    taken
}

fn merge_into(over: &mut Mapping, under: &Mapping, prefix: &str, taken: &mut Vec<String>) {
    for (key, below) in under {
        let path = format!("{prefix}{}", key_text(key));
        match over.get_mut(key) {
            None => {
                over.insert(key.clone(), below.clone());
                taken.push(path);
            }
            Some(Value::Mapping(above)) => {
                if let Value::Mapping(below) = below {
                    merge_into(above, below, &format!("{path}."), taken);
                }
            }
            Some(Value::Sequence(above)) => {
                if let Value::Sequence(below) = below
                    && above.len() == below.len()
                {
                    for (index, (above, below)) in above.iter_mut().zip(below).enumerate() {
                        if let (Value::Mapping(above), Value::Mapping(below)) = (above, below) {
                            merge_into(above, below, &format!("{path}.{}.", index + 1), taken);
                        }
                    }
                }
            }
            // The user's own list or value replaces the one beneath.
            Some(_) => {}
        }
    }
}

/// A key as a path writes it: a string as itself, anything else (`yes:`, `1:`) as YAML would.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn mappings_merge_recursively_and_the_users_lists_and_values_win() {
        let mut user = mapping(
            "regulate:\n  breathing:\n    offer: Breathe with me?\n    cycles: 3\n\
             repair:\n  steps: [mine]\nclose: written as one line\nown: kept\n",
        );
        let shipped = mapping(
            "regulate:\n  breathing:\n    offer: Shipped offer\n    title: Slow breathing\n    cycles: 4\n  \
             welcome_back: Welcome back.\n\
             repair:\n  steps: [first, second]\n  any_step: Any step\n\
             close:\n  section: Before you go\n\
             stop:\n  saved: Saved.\n  nothing_saved: Nothing was saved.\n",
        );
        let taken = merge_missing(&mut user, &shipped);
        assert_eq!(
            taken,
            [
                "regulate.breathing.title",
                "regulate.welcome_back",
                "repair.any_step",
                "stop"
            ]
        );
        let expected = mapping(
            "regulate:\n  breathing:\n    offer: Breathe with me?\n    cycles: 3\n    title: Slow breathing\n  \
             welcome_back: Welcome back.\n\
             repair:\n  steps: [mine]\n  any_step: Any step\n\
             close: written as one line\nown: kept\n\
             stop:\n  saved: Saved.\n  nothing_saved: Nothing was saved.\n",
        );
        assert_eq!(user, expected);
    }

    #[test]
    fn lists_of_mappings_of_one_length_merge_item_by_item() {
        let mut user =
            mapping("steps:\n  - prompt: Mine\n  - prompt: Also mine\n    lead: My lead\n");
        let shipped = mapping(
            "steps:\n  - prompt: First\n    lead: What I did was\n  - prompt: Second\n    lead: Next time\n",
        );
        assert_eq!(merge_missing(&mut user, &shipped), ["steps.1.lead"]);
        let expected = mapping(
            "steps:\n  - prompt: Mine\n    lead: What I did was\n  - prompt: Also mine\n    lead: My lead\n",
        );
        assert_eq!(user, expected);
        // Another length: the user's list stands as written.
        let mut shorter = mapping("steps:\n  - prompt: Only one\n");
        let before = shorter.clone();
        assert!(merge_missing(&mut shorter, &shipped).is_empty());
        assert_eq!(shorter, before);
    }

    #[test]
    fn nothing_is_taken_from_an_equal_or_smaller_note() {
        let mut user = mapping("a:\n  b: 1\n  c: [2]\nd: x\n");
        let before = user.clone();
        assert!(merge_missing(&mut user, &mapping("a:\n  b: 9\nd: y\n")).is_empty());
        assert_eq!(user, before);
    }
}
