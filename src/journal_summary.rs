//! The view over time (`repair-coach journal summary`): figures computed from journal records,
//! with no I/O and the day passed in, so that the same records always give the same figures.
//! One pass over the records: linear in the size of the journal.
use crate::coach::{checkin, debrief};
use crate::model::{AnswerValue, Kind, SessionRecord, Status};
use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many days of check-ins the summary shows, ending today.
pub const CHECKIN_DAYS: u64 = 14;

/// The `version` field, as every JSON output has it.
pub const VERSION: u32 = crate::json::VERSION;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub version: u32,
    /// Only records started on or after this day count.
    pub since: Option<NaiveDate>,
    pub sessions: Sessions,
    /// Each session rated both at the start and at the end, oldest first.
    pub activation: Vec<Activation>,
    /// Most often flagged first.
    pub mistakes: Vec<Mistake>,
    /// "Next time, could you …" as the person finished it, oldest first.
    pub requests: Vec<Request>,
    pub checkins: Checkins,
    pub debriefs: Debriefs,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sessions {
    pub total: usize,
    /// By side key (`hurt`, `unseen`, `both`, or `none` when not chosen yet).
    pub by_side: BTreeMap<String, usize>,
    /// By status (`complete`, `in_progress`, `paused`, `ended_for_safety`).
    pub by_status: BTreeMap<String, usize>,
    /// By the skill walked (its note's name; `none` for a session saved before skills were kept).
    pub by_skill: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Activation {
    pub session: String,
    pub started: DateTime<FixedOffset>,
    pub before: u8,
    pub after: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mistake {
    pub mistake: String,
    pub flagged: usize,
    pub rewritten: usize,
    pub kept: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub session: String,
    pub started: DateTime<FixedOffset>,
    pub request: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checkins {
    /// The rhythm agreed in the latest session that agreed one (its key).
    pub rhythm: Option<String>,
    /// Every check-in in the summary's range.
    pub total: usize,
    /// The last [`CHECKIN_DAYS`] days, oldest first, each with its count.
    pub days: Vec<Day>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Debriefs {
    pub total: usize,
    /// The mean rating of those rated, to one decimal.
    pub average_rating: Option<f64>,
    /// Oldest first.
    pub items: Vec<DebriefFigure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebriefFigure {
    pub debrief: String,
    /// The session it looks back on, by id.
    pub session: Option<String>,
    pub started: DateTime<FixedOffset>,
    pub rating: Option<u8>,
}

/// The figures of `records` (in any order) started on or after `since`, with check-ins counted
/// for the [`CHECKIN_DAYS`] days up to `today`. `request_answer`: the id of the session answer
/// that holds a request.
pub fn figures(
    records: &[&SessionRecord],
    since: Option<NaiveDate>,
    today: NaiveDate,
    request_answer: &str,
) -> Figures {
    // A rhythm agreed before `since` still holds.
    let rhythm = checkin::agreed_rhythm(records).map(str::to_string);
    let mut records: Vec<&SessionRecord> = records
        .iter()
        .copied()
        .filter(|r| since.is_none_or(|day| r.started.date_naive() >= day))
        .collect();
    records.sort_by_key(|r| (r.started, r.id.as_str()));

    let first_day = today
        .checked_sub_days(Days::new(CHECKIN_DAYS - 1))
        .unwrap_or(today);
    let mut days: Vec<Day> = first_day
        .iter_days()
        .take_while(|d| *d <= today)
        .map(|date| Day { date, count: 0 })
        .collect();
    let mut sessions = Sessions {
        total: 0,
        by_side: BTreeMap::new(),
        by_status: BTreeMap::new(),
        by_skill: BTreeMap::new(),
    };
    let mut activation = Vec::new();
    let mut mistakes: Vec<Mistake> = Vec::new();
    let mut requests = Vec::new();
    let mut checkin_total = 0;
    let mut debrief_items = Vec::new();

    for record in &records {
        match record.kind {
            Kind::Session => {
                sessions.total += 1;
                let skill = record.skill.as_deref().unwrap_or("none");
                *sessions.by_skill.entry(skill.to_string()).or_default() += 1;
                let side = record.side.as_deref().unwrap_or("none");
                *sessions.by_side.entry(side.to_string()).or_default() += 1;
                *sessions
                    .by_status
                    .entry(status_key(record.status).to_string())
                    .or_default() += 1;
                if let (Some(before), Some(after)) =
                    (record.activation_before, record.activation_after)
                {
                    activation.push(Activation {
                        session: record.id.clone(),
                        started: record.started,
                        before,
                        after,
                    });
                }
                for flag in &record.flags {
                    let at = match mistakes.iter().position(|m| m.mistake == flag.mistake) {
                        Some(at) => at,
                        None => {
                            mistakes.push(Mistake {
                                mistake: flag.mistake.clone(),
                                flagged: 0,
                                rewritten: 0,
                                kept: 0,
                            });
                            mistakes.len() - 1
                        }
                    };
                    let mistake = &mut mistakes[at];
                    mistake.flagged += 1;
                    match flag.choice.as_str() {
                        "rewrite" => mistake.rewritten += 1,
                        "keep" => mistake.kept += 1,
                        _ => {}
                    }
                }
                if let Some(AnswerValue::Text(text)) = answer(record, request_answer)
                    && !text.trim().is_empty()
                {
                    requests.push(Request {
                        session: record.id.clone(),
                        started: record.started,
                        request: text.trim().to_string(),
                    });
                }
            }
            Kind::Checkin => {
                checkin_total += 1;
                let date = record.started.date_naive();
                if let Some(day) = days.iter_mut().find(|d| d.date == date) {
                    day.count += 1;
                }
            }
            Kind::Debrief => debrief_items.push(DebriefFigure {
                debrief: record.id.clone(),
                session: debrief::linked_session(record).map(str::to_string),
                started: record.started,
                rating: match answer(record, debrief::RATING) {
                    Some(AnswerValue::Scale(n)) => Some(*n),
                    _ => None,
                },
            }),
            Kind::Reflection => {}
        }
    }
    // Most often first; among equals, the one first flagged.
    mistakes.sort_by_key(|m| std::cmp::Reverse(m.flagged));
    let ratings: Vec<u8> = debrief_items.iter().filter_map(|d| d.rating).collect();
    let average_rating = (!ratings.is_empty()).then(|| {
        let mean = ratings.iter().map(|&n| f64::from(n)).sum::<f64>() / ratings.len() as f64;
        (mean * 10.0).round() / 10.0
    });
    Figures {
        version: VERSION,
        since,
        sessions,
        activation,
        mistakes,
        requests,
        checkins: Checkins {
            rhythm,
            total: checkin_total,
            days,
        },
        debriefs: Debriefs {
            total: debrief_items.len(),
            average_rating,
            items: debrief_items,
        },
    }
}

fn answer<'r>(record: &'r SessionRecord, id: &str) -> Option<&'r AnswerValue> {
    record.answers.iter().find(|a| a.id == id).map(|a| &a.value)
}

/// The status as the journal's frontmatter writes it.
pub fn status_key(status: Status) -> &'static str {
    match status {
        Status::InProgress => "in_progress",
        Status::Paused => "paused",
        Status::Complete => "complete",
        Status::EndedForSafety => "ended_for_safety",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answered, Flagged};

    fn at(time: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(time).unwrap()
    }

    fn record(kind: Kind, id: &str, time: &str) -> SessionRecord {
        let mut r = SessionRecord::new(kind, at(time));
        r.id = id.to_string();
        r.status = Status::Complete;
        r
    }

    fn answered(id: &str, value: AnswerValue) -> Answered {
        Answered {
            id: id.to_string(),
            section: "S".into(),
            question: "Q".into(),
            value,
            label: None,
        }
    }

    fn flag(mistake: &str, choice: &str) -> Flagged {
        Flagged {
            answer: "repair.3.1".into(),
            mistake: mistake.into(),
            choice: choice.into(),
        }
    }

    fn journal() -> Vec<SessionRecord> {
        let mut first = record(Kind::Session, "s1", "2026-11-20T18:00:00+00:00");
        first.side = Some("hurt".into());
        first.skill = Some("Repair".into());
        (first.activation_before, first.activation_after) = (Some(8), Some(4));
        first.flags = vec![
            flag("Minimizing", "rewrite"),
            flag("Explaining intent", "keep"),
        ];
        let mut second = record(Kind::Session, "s2", "2026-11-29T18:00:00+00:00");
        second.side = Some("both".into());
        second.skill = Some("Repair".into());
        second.checkins = Some("morning_evening".into());
        (second.activation_before, second.activation_after) = (Some(9), Some(6));
        second.flags = vec![flag("Minimizing", "rewrite"), flag("Minimizing", "keep")];
        second.answers = vec![answered(
            REQUEST,
            AnswerValue::Text("tell me when you'll be late".into()),
        )];
        let mut paused = record(Kind::Session, "s3", "2026-11-30T18:00:00+00:00");
        paused.status = Status::Paused;
        paused.activation_before = Some(7);
        let mut debrief = record(Kind::Debrief, "d1", "2026-11-30T09:00:00+00:00");
        debrief.session = Some("[[s2]]".into());
        debrief.answers = vec![answered(debrief::RATING, AnswerValue::Scale(7))];
        let checkins = [
            "2026-11-10T08:00:00+00:00",
            "2026-11-30T08:00:00+00:00",
            "2026-12-01T08:00:00+00:00",
            "2026-12-01T20:00:00+00:00",
        ]
        .iter()
        .enumerate()
        .map(|(n, time)| record(Kind::Checkin, &format!("c{n}"), time));
        let mut all = vec![first, second, paused, debrief];
        all.extend(checkins);
        all.push(record(Kind::Reflection, "r1", "2026-11-25T18:00:00+00:00"));
        all
    }

    const REQUEST: &str = "attunement.stage.4.2";

    fn today() -> NaiveDate {
        "2026-12-01".parse().unwrap()
    }

    #[test]
    fn the_figures_of_a_journal() {
        let records = journal();
        let refs: Vec<_> = records.iter().rev().collect();
        let f = figures(&refs, None, today(), REQUEST);
        assert_eq!(f.sessions.total, 3);
        assert_eq!(f.sessions.by_side["hurt"], 1);
        assert_eq!(f.sessions.by_side["both"], 1);
        assert_eq!(f.sessions.by_side["none"], 1);
        assert_eq!(f.sessions.by_status["complete"], 2);
        assert_eq!(f.sessions.by_status["paused"], 1);
        assert_eq!(f.sessions.by_skill["Repair"], 2);
        assert_eq!(f.sessions.by_skill["none"], 1);
        let pairs: Vec<_> = f
            .activation
            .iter()
            .map(|a| (a.session.as_str(), a.before, a.after))
            .collect();
        assert_eq!(
            pairs,
            [("s1", 8, 4), ("s2", 9, 6)],
            "oldest first; only rated twice"
        );
        assert_eq!(
            f.mistakes,
            [
                Mistake {
                    mistake: "Minimizing".into(),
                    flagged: 3,
                    rewritten: 2,
                    kept: 1
                },
                Mistake {
                    mistake: "Explaining intent".into(),
                    flagged: 1,
                    rewritten: 0,
                    kept: 1
                },
            ]
        );
        assert_eq!(f.requests.len(), 1);
        assert_eq!(f.requests[0].request, "tell me when you'll be late");
        assert_eq!(f.checkins.rhythm.as_deref(), Some("morning_evening"));
        assert_eq!(f.checkins.total, 4);
        assert_eq!(f.checkins.days.len(), 14);
        assert_eq!(
            f.checkins.days[0].date,
            "2026-11-18".parse::<NaiveDate>().unwrap()
        );
        let counts: Vec<_> = f.checkins.days.iter().map(|d| d.count).collect();
        assert_eq!(counts[12..], [1, 2], "the 10th is outside the two weeks");
        assert_eq!(counts.iter().sum::<usize>(), 3);
        assert_eq!(f.debriefs.total, 1);
        assert_eq!(f.debriefs.items[0].session.as_deref(), Some("s2"));
        assert_eq!(f.debriefs.average_rating, Some(7.0));
    }

    #[test]
    fn since_leaves_out_what_came_before_but_keeps_the_rhythm_agreed() {
        let records = journal();
        let refs: Vec<_> = records.iter().collect();
        let f = figures(&refs, Some("2026-11-30".parse().unwrap()), today(), REQUEST);
        assert_eq!(f.sessions.total, 1, "only the paused one");
        assert!(f.activation.is_empty() && f.mistakes.is_empty() && f.requests.is_empty());
        assert_eq!(f.checkins.total, 3);
        assert_eq!(f.checkins.rhythm.as_deref(), Some("morning_evening"));
        assert_eq!(f.debriefs.total, 1);
    }

    #[test]
    fn an_empty_journal_has_fourteen_empty_days_and_nothing_else() {
        let f = figures(&[], None, today(), REQUEST);
        assert_eq!(f.sessions.total, 0);
        assert_eq!(f.checkins.days.iter().map(|d| d.count).sum::<usize>(), 0);
        assert_eq!(f.checkins.days.len(), 14);
        assert_eq!(f.debriefs.average_rating, None);
    }
}
