//! A check-in (`repair-coach checkin`) as a state machine with no I/O: how are you right now
//! (0-10), what do you need (may be skipped), and, when a need was named, whether you asked for
//! it. Then one quiet line about today against the chosen rhythm, with no streaks or scores; on
//! a very hard day, words of care and where help is instead.
use super::Ask;
use super::questions::{self, Questions};
use crate::model::guide::DangerWords;
use crate::model::{AnswerValue, Answered, CheckinWords, Kind, SessionRecord, Status};
use chrono::NaiveDate;

pub const NOW: &str = "checkin.now";
pub const NEED: &str = "checkin.need";
pub const ASKED: &str = "checkin.asked";

#[derive(Debug, Clone)]
pub struct Checkin<'w> {
    words: &'w CheckinWords,
    /// Words that may mean the person is not safe (the Session Guide's `safety_check.again`).
    danger: DangerWords<'w>,
    answers: Vec<Answered>,
}

impl<'w> Checkin<'w> {
    pub fn new(words: &'w CheckinWords, danger: DangerWords<'w>) -> Checkin<'w> {
        Checkin {
            words,
            danger,
            answers: Vec::new(),
        }
    }

    /// Writes the check-in into a journal record (its id and times are the journal's).
    pub fn fill_record(&self, record: &mut SessionRecord, status: Status) {
        record.kind = Kind::Checkin;
        record.status = status;
        record.answers = self.answers.clone();
    }

    /// Whether how they are was rated as low as the note's `hard.at_most`, or what they need
    /// has words that may mean they are not safe: the closing is then the note's words for a
    /// very hard day, with where help is.
    pub fn hard_time(&self) -> bool {
        let now = questions::scale(&self.answers, NOW);
        matches!((&self.words.hard, now), (Some(hard), Some(n)) if n <= hard.at_most)
            || questions::any_written_holds(&self.answers, self.danger)
    }

    pub fn closing(&self) -> &'w str {
        match &self.words.hard {
            Some(hard) if self.hard_time() => &hard.closing,
            _ => &self.words.closing,
        }
    }

    fn need_named(&self) -> bool {
        self.answers.iter().any(|a| {
            a.id == NEED && matches!(&a.value, AnswerValue::Text(t) if !t.trim().is_empty())
        })
    }
}

impl Questions for Checkin<'_> {
    fn next_ask(&self) -> Option<Ask> {
        let words = self.words;
        let section = words.section.clone();
        match self.answers.len() {
            0 => Some(Ask::Scale {
                id: NOW.to_string(),
                section,
                question: words.now.question.clone(),
                low: words.now.low.clone(),
                high: words.now.high.clone(),
            }),
            1 => Some(Ask::Text {
                id: NEED.to_string(),
                section,
                question: words.need.question.clone(),
                skippable: words.need.optional,
            }),
            // Asking whether they asked for nothing would make no sense, and whether they asked
            // someone they may need to be safe from would be worse.
            2 if self.need_named() && !questions::any_written_holds(&self.answers, self.danger) => {
                Some(questions::yes_or_not_yet(ASKED, &section, &words.asked))
            }
            _ => None,
        }
    }

    fn answers(&self) -> &[Answered] {
        &self.answers
    }

    fn keep(&mut self, answered: Answered) {
        self.answers.push(answered);
    }
}

/// The quiet line about today: which check-in of the day this is, and the rhythm agreed, e.g.
/// "Second check-in today; you chose morning and evening." `None` when no rhythm was agreed
/// or the note has no words for it.
pub fn today_line(
    words: &CheckinWords,
    rhythm: Option<&str>,
    today_count: usize,
) -> Option<String> {
    let rhythm = words.rhythm(rhythm?)?;
    let today = words.today_words(today_count);
    // Past the rhythm, the count alone: the rhythm is not a quota.
    if rhythm
        .per_day
        .is_some_and(|per_day| today_count > per_day as usize)
    {
        let line = words.count_line.as_deref().unwrap_or("{today}");
        return Some(line.replace("{today}", &today));
    }
    Some(
        words
            .rhythm_line
            .replace("{today}", &today)
            .replace("{agreed}", &rhythm.agreed),
    )
}

/// How many check-ins in `records` were made on `day` (in the records' own local time).
pub fn count_on(records: &[&SessionRecord], day: NaiveDate) -> usize {
    records
        .iter()
        .filter(|r| r.kind == Kind::Checkin && r.started.date_naive() == day)
        .count()
}

/// The rhythm agreed in the latest session that agreed one.
pub fn agreed_rhythm<'r>(records: &[&'r SessionRecord]) -> Option<&'r str> {
    records
        .iter()
        .filter(|r| r.kind == Kind::Session && r.checkins.is_some())
        .max_by_key(|r| r.started)
        .and_then(|r| r.checkins.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::FlowError;
    use crate::model::Model;
    use crate::vault::Vault;
    use rstest::rstest;

    fn words() -> CheckinWords {
        match &Vault::shipped().get("Check-in").expect("shipped").model {
            Model::CheckinWords(words) => (**words).clone(),
            other => panic!("Check-in is not a checkin_guide: {other:?}"),
        }
    }

    fn scale(n: u8) -> AnswerValue {
        AnswerValue::Scale(n)
    }
    fn text(t: &str) -> AnswerValue {
        AnswerValue::Text(t.to_string())
    }
    fn choice(k: &str) -> AnswerValue {
        AnswerValue::Choice(k.to_string())
    }

    #[rstest]
    #[case::need_named_then_asked(vec![scale(6), text("a hug"), choice("not_yet")], &[NOW, NEED, ASKED])]
    #[case::need_skipped_ends_at_once(vec![scale(3), text("")], &[NOW, NEED])]
    #[case::need_of_spaces_is_skipped(vec![scale(3), text("   ")], &[NOW, NEED])]
    fn the_questions_follow_the_answers(#[case] replies: Vec<AnswerValue>, #[case] ids: &[&str]) {
        let words = words();
        let mut checkin = Checkin::new(&words, DangerWords::default());
        for reply in replies {
            checkin.answer(reply).unwrap();
        }
        assert_eq!(checkin.next_ask(), None, "finished");
        let got: Vec<_> = checkin.answers().iter().map(|a| a.id.as_str()).collect();
        assert_eq!(got, ids);
    }

    #[rstest]
    #[case::words_for_a_rating(vec![text("fine")], "needs a number")]
    #[case::over_ten(vec![scale(11)], "not on the scale")]
    #[case::unknown_choice(vec![scale(5), text("time"), choice("maybe")], "not one of the options")]
    #[case::after_the_end(vec![scale(5), text(""), text("more")], "already finished")]
    fn an_answer_that_does_not_fit_is_refused_and_changes_nothing(
        #[case] replies: Vec<AnswerValue>,
        #[case] error: &str,
    ) {
        let words = words();
        let mut checkin = Checkin::new(&words, DangerWords::default());
        let (last, first) = replies.split_last().unwrap();
        for reply in first {
            checkin.answer(reply.clone()).unwrap();
        }
        let before = checkin.answers().len();
        let refused: FlowError = checkin.answer(last.clone()).unwrap_err();
        assert!(refused.to_string().contains(error), "{refused}");
        assert_eq!(checkin.answers().len(), before);
    }

    #[rstest]
    #[case::second_of_two(
        Some("morning_evening"),
        2,
        Some("Second check-in today; you chose morning and evening.")
    )]
    #[case::first_once_a_day(Some("daily"), 1, Some("First check-in today; you chose once a day."))]
    #[case::the_last_of_three(
        Some("three_a_day"),
        3,
        Some(
            "Third check-in today; you chose three times a day, on days you're together all day."
        )
    )]
    #[case::past_the_rhythm_the_count_alone(Some("three_a_day"), 4, Some("Fourth check-in today."))]
    #[case::past_the_named_counts(Some("daily"), 7, Some("Check-in number 7 today."))]
    #[case::agreed_together(
        Some("together"),
        9,
        Some("Check-in number 9 today; you said you'd agree on a rhythm together.")
    )]
    #[case::no_rhythm(None, 2, None)]
    #[case::a_rhythm_this_note_does_not_know(Some("hourly"), 2, None)]
    fn the_line_about_today_says_the_count_and_the_rhythm_and_nothing_else(
        #[case] rhythm: Option<&str>,
        #[case] count: usize,
        #[case] line: Option<&str>,
    ) {
        assert_eq!(today_line(&words(), rhythm, count).as_deref(), line);
    }

    #[rstest]
    #[case::a_very_hard_time(0, true)]
    #[case::hard(2, true)]
    #[case::middling(3, false)]
    #[case::good(8, false)]
    fn a_very_hard_day_is_closed_with_care(#[case] now: u8, #[case] hard: bool) {
        let words = words();
        let mut checkin = Checkin::new(&words, DangerWords::default());
        assert!(!checkin.hard_time(), "not before it is said");
        checkin.answer(AnswerValue::Scale(now)).unwrap();
        assert_eq!(checkin.hard_time(), hard);
        let care = &words
            .hard
            .as_ref()
            .expect("the shipped note has words")
            .closing;
        assert_eq!(checkin.closing() == care, hard);
        assert_eq!(checkin.closing() == words.closing, !hard);
    }

    #[rstest]
    #[case::danger("to get away from him, he hit me", true)]
    #[case::everyday("a quiet evening", false)]
    fn words_of_danger_close_with_care_whatever_the_rating(#[case] need: &str, #[case] care: bool) {
        let words = words();
        let danger = vec!["he hit me".to_string()];
        let mut checkin = Checkin::new(&words, DangerWords::without_exceptions(&danger));
        checkin.answer(AnswerValue::Scale(7)).unwrap();
        checkin.answer(text(need)).unwrap();
        assert_eq!(checkin.hard_time(), care);
        assert_eq!(checkin.closing() == words.closing, !care);
        // Whether they asked for it is not asked after such words.
        assert_eq!(checkin.next_ask().is_none(), care);
    }

    fn record(kind: Kind, at: &str, checkins: Option<&str>) -> SessionRecord {
        let mut record =
            SessionRecord::new(kind, chrono::DateTime::parse_from_rfc3339(at).unwrap());
        record.checkins = checkins.map(str::to_string);
        record
    }

    #[rstest]
    #[case::the_same_day("2026-12-01", 2)]
    #[case::the_day_before("2026-11-30", 1)]
    #[case::a_day_with_none("2026-12-02", 0)]
    fn check_ins_are_counted_by_their_own_local_day(#[case] day: &str, #[case] count: usize) {
        let records = [
            record(Kind::Checkin, "2026-11-30T23:59:00+01:00", None),
            record(Kind::Checkin, "2026-12-01T00:01:00+01:00", None),
            record(Kind::Checkin, "2026-12-01T21:30:00+01:00", None),
            record(Kind::Session, "2026-12-01T08:00:00+01:00", None),
        ];
        let refs: Vec<_> = records.iter().collect();
        assert_eq!(count_on(&refs, day.parse().unwrap()), count);
    }

    #[test]
    fn the_rhythm_is_the_one_agreed_in_the_latest_session_that_agreed_one() {
        let records = [
            record(Kind::Session, "2026-11-20T18:00:00+00:00", Some("daily")),
            record(
                Kind::Session,
                "2026-11-28T18:00:00+00:00",
                Some("morning_evening"),
            ),
            record(Kind::Session, "2026-11-30T18:00:00+00:00", None),
            record(Kind::Checkin, "2026-12-01T08:00:00+00:00", Some("daily")),
        ];
        let refs: Vec<_> = records.iter().collect();
        assert_eq!(agreed_rhythm(&refs), Some("morning_evening"));
        assert_eq!(agreed_rhythm(&refs[2..]), None);
    }

    #[test]
    fn the_record_is_a_checkin_with_the_answers_and_labels() {
        let words = words();
        let mut checkin = Checkin::new(&words, DangerWords::default());
        for reply in [scale(4), text("quiet time"), choice("yes")] {
            checkin.answer(reply).unwrap();
        }
        let mut record = SessionRecord::new(Kind::Session, chrono::Local::now().fixed_offset());
        checkin.fill_record(&mut record, Status::Complete);
        assert_eq!(record.kind, Kind::Checkin);
        assert_eq!(record.answers[2].label.as_deref(), Some("Yes, I asked"));
        assert_eq!(record.answers[0].section, "Check-in");
    }
}
