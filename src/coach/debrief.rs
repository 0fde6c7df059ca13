//! Looking back on the talk (`repair-coach debrief`) as a state machine with no I/O: did the
//! talk happen yet (not yet: nothing more is asked, nothing is kept), how it went (0-10), then
//! the note's questions in order (what helped, what was hard, what they said back, one thing to
//! do differently, which a talk rated hard leaves out).
use super::Ask;
use super::questions::{self, Questions};
use crate::model::guide::DangerWords;
use crate::model::{Answered, DebriefWords, HardTalk, KeyedQuestion, Kind, SessionRecord, Status};
use chrono::{DateTime, FixedOffset, TimeDelta};

pub const HAPPENED: &str = "debrief.happened";
pub const RATING: &str = "debrief.rating";

#[derive(Debug, Clone)]
pub struct Debrief<'w> {
    words: &'w DebriefWords,
    /// Words that may mean the person is not safe (the Session Guide's `safety_check.again`).
    danger: DangerWords<'w>,
    answers: Vec<Answered>,
}

impl<'w> Debrief<'w> {
    pub fn new(words: &'w DebriefWords, danger: DangerWords<'w>) -> Debrief<'w> {
        Debrief {
            words,
            danger,
            answers: Vec::new(),
        }
    }

    /// The talk has not happened yet: the debrief ends here and is not kept.
    pub fn not_yet(&self) -> bool {
        questions::choice(&self.answers, HAPPENED) == Some("not_yet")
    }

    /// The note's words for a hard talk, when the talk was rated as low as its `hard.at_most`.
    pub fn rated_hard(&self) -> Option<&'w HardTalk> {
        let rating = questions::scale(&self.answers, RATING)?;
        self.words
            .hard
            .as_ref()
            .filter(|hard| rating <= hard.at_most)
    }

    /// Whether the closing says where help is: after a talk rated hard, or an answer with words
    /// that may mean the person is not safe, however the talk was rated.
    pub fn needs_help(&self) -> bool {
        self.rated_hard().is_some() || questions::any_written_holds(&self.answers, self.danger)
    }

    /// The closing words: gentler where help is said after them.
    pub fn closing(&self) -> &'w str {
        match &self.words.hard {
            Some(hard) if self.needs_help() => &hard.closing,
            _ => &self.words.closing,
        }
    }

    /// The note's questions after the rating: without those a hard talk leaves out (after
    /// words of danger too, which may come part-way).
    fn asked(&self) -> impl Iterator<Item = &'w KeyedQuestion> {
        let leave_out = match &self.words.hard {
            Some(hard) if self.needs_help() => &hard.leave_out[..],
            _ => &[],
        };
        self.words
            .questions
            .iter()
            .filter(move |q| !leave_out.contains(&q.key))
    }

    /// Whether there is anything worth keeping: the talk happened.
    pub fn worth_keeping(&self) -> bool {
        questions::choice(&self.answers, HAPPENED) == Some("yes")
    }

    /// Writes the debrief into a journal record that links the session it looks back on (its
    /// id and times are the journal's).
    pub fn fill_record(&self, record: &mut SessionRecord, session_id: &str, status: Status) {
        record.kind = Kind::Debrief;
        record.status = status;
        record.session = Some(format!("[[{session_id}]]"));
        record.answers = self.answers.clone();
    }
}

impl Questions for Debrief<'_> {
    fn next_ask(&self) -> Option<Ask> {
        let words = self.words;
        let section = words.section.clone();
        match self.answers.len() {
            0 => Some(questions::yes_or_not_yet(
                HAPPENED,
                &section,
                &words.happened,
            )),
            _ if self.not_yet() => None,
            1 => Some(Ask::Scale {
                id: RATING.to_string(),
                section,
                question: words.rating.question.clone(),
                low: words.rating.low.clone(),
                high: words.rating.high.clone(),
            }),
            // The first not answered yet, rather than the nth: what is left out can change
            // part-way, with words of danger.
            _ => self
                .asked()
                .map(|q| (format!("debrief.{}", q.key), q))
                .find(|(id, _)| !self.answers.iter().any(|a| &a.id == id))
                .map(|(id, q)| Ask::Text {
                    id,
                    section,
                    question: q.question.clone(),
                    skippable: q.optional,
                }),
        }
    }

    fn answers(&self) -> &[Answered] {
        &self.answers
    }

    fn keep(&mut self, answered: Answered) {
        self.answers.push(answered);
    }
}

/// The session a debrief looks back on, from its `session: "[[ID]]"` link.
pub fn linked_session(record: &SessionRecord) -> Option<&str> {
    let link = record.session.as_deref()?.trim();
    link.strip_prefix("[[")?.strip_suffix("]]")
}

/// The session `debrief` looks back on by default: the latest completed session that no
/// debrief links to yet. `records` may be in any order.
pub fn waiting<'r>(records: &[&'r SessionRecord]) -> Option<&'r SessionRecord> {
    let debriefed = debriefed(records);
    completed(records)
        .filter(|r| !debriefed.contains(r.id.as_str()))
        .max_by_key(|r| (r.started, &r.id))
}

/// The session `start` offers to look back on first: the latest completed session, when no
/// debrief links to it yet (an older one left without a debrief is not brought up again) and
/// it ended at least [`OFFER_AFTER`] before `now`.
pub fn due_for_offer<'r>(
    records: &[&'r SessionRecord],
    now: DateTime<FixedOffset>,
) -> Option<&'r SessionRecord> {
    let debriefed = debriefed(records);
    completed(records)
        .max_by_key(|r| (r.started, &r.id))
        .filter(|r| !debriefed.contains(r.id.as_str()))
        // Finished only just now, the talk is most likely still ahead: asked about it then,
        // someone ready to begin again is held up by a question that does not fit.
        .filter(|r| now - r.updated >= OFFER_AFTER)
}

/// How long after a session ends `start` first offers to look back on its talk.
pub const OFFER_AFTER: TimeDelta = TimeDelta::hours(1);

fn completed<'a, 'r>(
    records: &'a [&'r SessionRecord],
) -> impl Iterator<Item = &'r SessionRecord> + 'a {
    records
        .iter()
        .copied()
        .filter(|r| r.kind == Kind::Session && r.status == Status::Complete)
}

/// The sessions a finished debrief looks back on: one stopped part-way leaves its session
/// still waiting, so that it can be looked back on whole.
fn debriefed<'r>(records: &[&'r SessionRecord]) -> std::collections::HashSet<&'r str> {
    records
        .iter()
        .filter(|r| r.kind == Kind::Debrief && r.status == Status::Complete)
        .filter_map(|r| linked_session(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerValue, Model};
    use crate::vault::Vault;
    use rstest::rstest;

    fn words() -> DebriefWords {
        match &Vault::shipped().get("Debrief").expect("shipped").model {
            Model::DebriefWords(words) => (**words).clone(),
            other => panic!("Debrief is not a debrief_guide: {other:?}"),
        }
    }

    fn text(t: &str) -> AnswerValue {
        AnswerValue::Text(t.to_string())
    }
    fn choice(k: &str) -> AnswerValue {
        AnswerValue::Choice(k.to_string())
    }

    #[rstest]
    #[case::really_hard(0, true)]
    #[case::hard(3, true)]
    #[case::middling(4, false)]
    #[case::good(9, false)]
    fn a_talk_rated_hard_is_closed_more_gently(#[case] rating: u8, #[case] gentler: bool) {
        let words = words();
        let mut debrief = Debrief::new(&words, DangerWords::default());
        debrief.answer(choice("yes")).unwrap();
        debrief.answer(AnswerValue::Scale(rating)).unwrap();
        let hard = words
            .hard
            .as_ref()
            .expect("the shipped note has words for a hard talk");
        assert_eq!(debrief.closing() == hard.closing, gentler);
        assert_eq!(debrief.closing() == words.closing, !gentler);
        assert_eq!(debrief.rated_hard().is_some(), gentler);
        assert!(hard.closing.contains("these people can help"));
    }

    #[rstest]
    #[case::danger("he threatened me when I brought it up", true)]
    #[case::everyday("they listened", false)]
    fn words_of_danger_close_with_where_help_is_however_it_was_rated(
        #[case] helped: &str,
        #[case] help: bool,
    ) {
        let words = words();
        let danger = vec!["threatened me".to_string()];
        let mut debrief = Debrief::new(&words, DangerWords::without_exceptions(&danger));
        debrief.answer(choice("yes")).unwrap();
        debrief.answer(AnswerValue::Scale(8)).unwrap();
        debrief.answer(text(helped)).unwrap();
        assert_eq!(debrief.needs_help(), help);
        assert!(
            debrief.rated_hard().is_none(),
            "the rating is still the rating"
        );
        let hard = words.hard.as_ref().unwrap();
        assert_eq!(debrief.closing() == hard.closing, help);
        // What a hard talk leaves out is left out from then on.
        let left_out = &hard.leave_out;
        let asked = words.questions.len() - if help { left_out.len() } else { 0 };
        assert_eq!(debrief.asked().count(), asked);
        while debrief.next_ask().is_some() {
            debrief.answer(text("")).unwrap();
        }
        let ids: Vec<&str> = debrief.answers().iter().map(|a| a.id.as_str()).collect();
        for key in left_out {
            assert_eq!(
                !ids.contains(&format!("debrief.{key}").as_str()),
                help,
                "{ids:?}"
            );
        }
        assert_eq!(ids.len(), 2 + asked, "each question asked once: {ids:?}");
    }

    /// Words of danger part-way leave out what a hard talk leaves out, even a question already
    /// behind: no question after them is skipped or asked twice.
    #[test]
    fn leaving_questions_out_part_way_skips_none_of_the_rest() {
        let mut words = words();
        words.hard.as_mut().unwrap().leave_out = vec!["helped".into()];
        let danger = vec!["threatened me".to_string()];
        let mut debrief = Debrief::new(&words, DangerWords::without_exceptions(&danger));
        debrief.answer(choice("yes")).unwrap();
        debrief.answer(AnswerValue::Scale(8)).unwrap();
        debrief.answer(text("listening")).unwrap();
        debrief.answer(text("he threatened me")).unwrap();
        let mut rest = Vec::new();
        while let Some(ask) = debrief.next_ask() {
            rest.push(ask.id().to_string());
            debrief.answer(text("")).unwrap();
        }
        assert_eq!(rest, ["debrief.said_back", "debrief.differently"]);
    }

    #[rstest]
    #[case::not_yet_ends_at_once(vec![choice("not_yet")], &[HAPPENED], false)]
    #[case::every_question(
        vec![choice("yes"), AnswerValue::Scale(7), text("listening"), text("my voice rose"), text("thank you"), text("slow down")],
        &[HAPPENED, RATING, "debrief.helped", "debrief.hard", "debrief.said_back", "debrief.differently"],
        true
    )]
    #[case::skipped_questions_are_still_answers(
        vec![choice("yes"), AnswerValue::Scale(5), text(""), text(""), text(""), text("")],
        &[HAPPENED, RATING, "debrief.helped", "debrief.hard", "debrief.said_back", "debrief.differently"],
        true
    )]
    #[case::a_hard_talk_is_not_asked_what_to_do_differently(
        vec![choice("yes"), AnswerValue::Scale(3), text("we stopped"), text("shouting"), text("")],
        &[HAPPENED, RATING, "debrief.helped", "debrief.hard", "debrief.said_back"],
        true
    )]
    fn the_questions_follow_the_answers(
        #[case] replies: Vec<AnswerValue>,
        #[case] ids: &[&str],
        #[case] kept: bool,
    ) {
        let words = words();
        let mut debrief = Debrief::new(&words, DangerWords::default());
        for reply in replies {
            debrief.answer(reply).unwrap();
        }
        assert_eq!(debrief.next_ask(), None, "finished");
        let got: Vec<_> = debrief.answers().iter().map(|a| a.id.as_str()).collect();
        assert_eq!(got, ids);
        assert_eq!(debrief.worth_keeping(), kept);
    }

    #[test]
    fn after_yes_the_rating_comes_next_and_not_yet_asks_nothing_more() {
        let words = words();
        let mut debrief = Debrief::new(&words, DangerWords::default());
        debrief.answer(choice("yes")).unwrap();
        assert_eq!(
            debrief.next_ask().map(|a| a.id().to_string()).as_deref(),
            Some(RATING)
        );
        let mut later = Debrief::new(&words, DangerWords::default());
        later.answer(choice("not_yet")).unwrap();
        assert!(later.answer(AnswerValue::Scale(5)).is_err());
    }

    fn session(id: &str, at: &str, status: Status) -> SessionRecord {
        let mut r = SessionRecord::new(
            Kind::Session,
            chrono::DateTime::parse_from_rfc3339(at).unwrap(),
        );
        r.id = id.to_string();
        r.status = status;
        r
    }

    fn days_later() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-12-05T09:00:00+00:00").unwrap()
    }

    #[rstest]
    #[case::minutes_after(TimeDelta::minutes(10), false)]
    #[case::an_hour_after(TimeDelta::hours(1), true)]
    fn a_session_just_finished_is_not_offered_for_a_look_back_yet(
        #[case] since: TimeDelta,
        #[case] offered: bool,
    ) {
        let mut just = session("b", "2026-11-30T18:00:00+00:00", Status::Complete);
        just.updated = DateTime::parse_from_rfc3339("2026-11-30T18:40:00+00:00").unwrap();
        let refs = [&just];
        assert_eq!(
            due_for_offer(&refs, just.updated + since).is_some(),
            offered
        );
        assert!(
            waiting(&refs).is_some(),
            "`debrief` itself can look back at once"
        );
    }

    fn debrief_of(id: &str) -> SessionRecord {
        let mut r = session(
            &format!("d-{id}"),
            "2026-12-02T10:00:00+00:00",
            Status::Complete,
        );
        r.kind = Kind::Debrief;
        r.session = Some(format!("[[{id}]]"));
        r
    }

    #[rstest]
    #[case::the_latest_complete(&[], Some("b"), Some("b"))]
    #[case::the_latest_looked_back_on(&["b"], Some("a"), None)]
    #[case::an_older_one_looked_back_on(&["a"], Some("b"), Some("b"))]
    #[case::both_looked_back_on(&["a", "b"], None, None)]
    fn the_default_session_is_the_latest_complete_one_without_a_debrief(
        #[case] debriefed: &[&str],
        #[case] waiting_one: Option<&str>,
        #[case] offered: Option<&str>,
    ) {
        let mut records = vec![
            session("a", "2026-11-28T18:00:00+00:00", Status::Complete),
            session("b", "2026-11-30T18:00:00+00:00", Status::Complete),
            session("c", "2026-12-01T18:00:00+00:00", Status::Paused),
        ];
        records.extend(debriefed.iter().map(|id| debrief_of(id)));
        let refs: Vec<_> = records.iter().collect();
        assert_eq!(waiting(&refs).map(|r| r.id.as_str()), waiting_one);
        assert_eq!(
            due_for_offer(&refs, days_later()).map(|r| r.id.as_str()),
            offered
        );
    }

    #[test]
    fn a_debrief_stopped_part_way_leaves_its_session_waiting() {
        let mut stopped = debrief_of("b");
        stopped.status = Status::Paused;
        let records = [
            session("b", "2026-11-30T18:00:00+00:00", Status::Complete),
            stopped,
        ];
        let refs: Vec<_> = records.iter().collect();
        assert_eq!(waiting(&refs).map(|r| r.id.as_str()), Some("b"));
        assert_eq!(
            due_for_offer(&refs, days_later()).map(|r| r.id.as_str()),
            Some("b")
        );
    }

    #[test]
    fn the_record_links_the_session_it_looks_back_on() {
        let words = words();
        let mut debrief = Debrief::new(&words, DangerWords::default());
        debrief.answer(choice("yes")).unwrap();
        let mut record = session("", "2026-12-02T10:00:00+00:00", Status::InProgress);
        debrief.fill_record(&mut record, "2026-12-01-1842", Status::InProgress);
        assert_eq!(record.kind, Kind::Debrief);
        assert_eq!(record.session.as_deref(), Some("[[2026-12-01-1842]]"));
        assert_eq!(linked_session(&record), Some("2026-12-01-1842"));
    }
}
