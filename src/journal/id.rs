//! A journal id, the one shape the journal gives its entries: the minute the entry began,
//! `2026-11-24-1503`, then `-2`, `-3` ... for the next ones begun in that same minute.
//!
//! Only a name of exactly this shape is the journal's own. It is safe to print in a command and
//! to put in a file name, so a file another app (or a sync tool) named is never read as an
//! entry, nor its lock or temp file cleared away as a leftover.
use chrono::NaiveDateTime;

/// How many sessions may start in the same minute before `create` gives up.
pub(super) const MAX_SAME_MINUTE: u32 = 1000;

const MINUTE_FORMAT: &str = "%Y-%m-%d-%H%M";
/// `YYYY-MM-DD-HHMM`.
const MINUTE_LEN: usize = 15;

/// The id of the `n`th entry (from 1) begun in the minute of `started`.
pub(super) fn make(started: &chrono::DateTime<chrono::FixedOffset>, n: u32) -> String {
    make_from_minute(&started.format(MINUTE_FORMAT).to_string(), n)
}

/// [`make`], from a minute already written `YYYY-MM-DD-HHMM`.
pub(super) fn make_from_minute(minute: &str, n: u32) -> String {
    match n {
        1 => minute.to_owned(),
        n => format!("{minute}-{n}"),
    }
}

/// Whether `text` is an id the journal could have made.
pub fn is_id(text: &str) -> bool {
    parse(text).is_some()
}

/// Whether `text` begins with an id's minute but is not an id: a copy a sync tool renamed
/// (`2026-12-07-1640 (Sam's conflicted copy)`), most likely. Its id's minute, if so.
pub(super) fn renamed_from(text: &str) -> Option<&str> {
    let minute = text.get(..MINUTE_LEN).filter(|m| is_minute(m))?;
    (!is_id(text)).then_some(minute)
}

/// `(minute, n)` of an id: `n` is 1 for the first of its minute.
fn parse(text: &str) -> Option<(&str, u32)> {
    let minute = text.get(..MINUTE_LEN).filter(|m| is_minute(m))?;
    let n = match &text[MINUTE_LEN..] {
        "" => 1,
        rest => {
            let digits = rest.strip_prefix('-')?;
            // As `make` writes it: no sign, no leading zero, no `-1`.
            if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            digits
                .parse()
                .ok()
                .filter(|n| (2..=MAX_SAME_MINUTE).contains(n))?
        }
    };
    Some((minute, n))
}

/// `YYYY-MM-DD-HHMM`, digit for digit, and a minute that was.
fn is_minute(text: &str) -> bool {
    let shaped = text.len() == MINUTE_LEN
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 | 10 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped && NaiveDateTime::parse_from_str(text, MINUTE_FORMAT).is_ok()
}

/// Ids newest first: by the minute they began, then by the count of that minute (`-2` ... `-10`),
/// which a plain comparison of the text would put out of order. (Only ids are compared; anything
/// else would sort last.)
pub(super) fn newest_first(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |id| parse(id).unwrap_or(("", 0));
    key(b).cmp(&key(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_shape_the_journal_makes_is_an_id() {
        let started = chrono::DateTime::parse_from_rfc3339("2026-12-07T16:40:59+01:00").unwrap();
        for n in [1, 2, 10, MAX_SAME_MINUTE] {
            assert!(is_id(&make(&started, n)), "{}", make(&started, n));
        }
        assert_eq!(make(&started, 1), "2026-12-07-1640");
        assert_eq!(make(&started, 3), "2026-12-07-1640-3");
        for not_an_id in [
            "",
            "2026-12-07-1640 (Sam's conflicted copy)",
            "2026-12-07-1640$(touch X)",
            "2026-12-07-1640\nfake",
            "2026-12-07-1640\u{1b}[2J",
            "2026-12-07-1640-1",
            "2026-12-07-1640-02",
            "2026-12-07-1640-+2",
            "2026-12-07-1640-1001",
            "2026-12-07-1640-",
            "2026-13-07-1640",
            "2026-02-30-1640",
            "2026-12-07-2460",
            "+026-12-07-1640",
            "2026-12-07-164",
            "app",
            "notes",
            "2026-12-07-164é",
        ] {
            assert!(!is_id(not_an_id), "{not_an_id:?}");
        }
    }

    #[test]
    fn a_renamed_copy_is_known_by_the_minute_it_begins_with() {
        assert_eq!(
            renamed_from("2026-12-07-1640 (Sam's conflicted copy)"),
            Some("2026-12-07-1640")
        );
        assert_eq!(
            renamed_from("2026-12-07-1640-2 copy"),
            Some("2026-12-07-1640")
        );
        assert_eq!(renamed_from("2026-12-07-1640"), None, "an id itself");
        assert_eq!(renamed_from("2026-12-07-1640-2"), None, "an id itself");
        assert_eq!(renamed_from("Tea with Sam"), None);
        assert_eq!(renamed_from("$(touch X)"), None);
    }

    #[test]
    fn newest_first_counts_the_minute_then_its_number() {
        let mut ids = vec![
            "2026-11-24-1503-2",
            "2026-11-24-1503-10",
            "2026-11-25-0900",
            "2026-11-24-1503",
        ];
        ids.sort_by(|a, b| newest_first(a, b));
        assert_eq!(
            ids,
            [
                "2026-11-25-0900",
                "2026-11-24-1503-10",
                "2026-11-24-1503-2",
                "2026-11-24-1503"
            ]
        );
    }
}
