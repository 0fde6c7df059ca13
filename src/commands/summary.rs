//! `repair-coach journal summary [--since DATE] [--json]`: the figures of
//! [`crate::journal_summary`] in words from the Journal Summary note, with small block-character
//! bars in a terminal and numbers and words alone in plain mode (a screen reader reads "8 to 4").
use super::{Settings, coach_notes, load_vault, print};
use crate::Exit;
use crate::coach::lead::{self, Mending};
use crate::journal_summary::{self, Figures, status_key};
use crate::model::{CheckinWords, SummaryWords};
use crate::render::{self, Style};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use std::collections::BTreeMap;
use std::io::IsTerminal;

pub fn run(
    settings: &Settings,
    since: Option<NaiveDate>,
    json: bool,
    style: Style,
) -> anyhow::Result<Exit> {
    let vault = load_vault(settings)?;
    let (entries, read) = match settings.journal_to_read()? {
        Some(journal) => super::journal::listed(&journal),
        None => (Vec::new(), Exit::Ok),
    };
    let records: Vec<_> = entries.iter().map(|e| &e.record).collect();
    let words = coach_notes::summary(vault)?;
    let figures = sanitized(journal_summary::figures(
        &records,
        since,
        Local::now().date_naive(),
        &words.requests.answer,
    ));
    if json {
        return Ok(read.and(print(&crate::json::to_string(&figures)?)?));
    }
    if records.is_empty() && read == Exit::Failure {
        // Not "nothing here yet": there is, and stderr says what could not be read.
        return Ok(read);
    }
    let checkin_words = coach_notes::checkin(vault)?;
    let bars = !settings.plain() && std::io::stdout().is_terminal();
    // The request's question's leads ("Can you"), typed too, are not said twice either. A guide
    // that does not load has none to give; a session says why.
    let plan = crate::coach::Plan::from_vault(vault).ok();
    let question = plan
        .as_ref()
        .and_then(|p| p.guide.question_at(&words.requests.answer));
    let leads: Vec<&str> = question.into_iter().flat_map(|q| q.leads()).collect();
    let as_said = AsSaid {
        leads: &leads,
        to_them: question.map(|q| &q.to_them),
        mending: plan
            .as_ref()
            .map_or_else(Mending::default, |p| Mending::from(&*p.guide.close)),
    };
    let shown = text(&figures, words, checkin_words, as_said, style, bars);
    Ok(read.and(settings.page(&shown)?))
}

/// What the person wrote, with anything that could drive the terminal taken out, for the
/// text and the JSON alike.
fn sanitized(mut figures: Figures) -> Figures {
    for request in &mut figures.requests {
        request.request = render::sanitize(&request.request).into_owned();
    }
    for mistake in &mut figures.mistakes {
        mistake.mistake = render::sanitize(&mistake.mistake).into_owned();
    }
    figures
}

/// How a request is said back, as in a session's "what you could say": without the leads of
/// its question typed too, with the apostrophes left out put back, and said to them.
#[derive(Clone, Copy, Default)]
pub(crate) struct AsSaid<'a> {
    pub leads: &'a [&'a str],
    /// The question's `to_them` ("don't" said as "not": "could you not interrupt me?").
    pub to_them: Option<&'a BTreeMap<String, String>>,
    pub mending: Mending<'a>,
}

/// The summary as text. `bars`: block-character bars beside the numbers (a terminal).
pub(crate) fn text(
    figures: &Figures,
    words: &SummaryWords,
    checkin_words: &CheckinWords,
    as_said: AsSaid,
    style: Style,
    bars: bool,
) -> String {
    let mut out = String::new();
    let title = |out: &mut String, text: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&style.bold(&render::one_line(text, style.width)));
        out.push('\n');
    };
    let line = |out: &mut String, text: &str| {
        out.push_str(&render::wrapped(text, style, "  ", "    "));
        out.push('\n');
    };
    let when = |at: &DateTime<FixedOffset>| at.format(&words.time_format).to_string();

    title(&mut out, &words.title);
    if let Some(day) = figures.since {
        line(
            &mut out,
            &words
                .since
                .replace("{date}", &day.format(&words.date_format).to_string()),
        );
    }
    let nothing =
        figures.sessions.total == 0 && figures.checkins.total == 0 && figures.debriefs.total == 0;
    if nothing {
        line(&mut out, &words.empty);
        return out;
    }

    let s = &words.sessions;
    title(&mut out, &s.title);
    line(
        &mut out,
        &s.total
            .replace("{count}", &figures.sessions.total.to_string()),
    );
    // One line for each way of counting them, its counts between commas.
    let counted = |out: &mut String, template: &str, counts: Vec<(&str, usize)>| {
        if counts.is_empty() {
            return;
        }
        let counts: Vec<String> = counts
            .into_iter()
            .map(|(label, n)| {
                // The number first: a label (a skill's name) may hold braces of its own.
                s.count
                    .replace("{count}", &n.to_string())
                    .replace("{label}", label)
            })
            .collect();
        line(out, &template.replace("{counts}", &counts.join(", ")));
    };
    let sides = [
        ("hurt", &s.sides.hurt),
        ("unseen", &s.sides.unseen),
        ("both", &s.sides.both),
        ("none", &s.sides.none),
    ];
    let by_side = sides
        .into_iter()
        .filter_map(|(key, label)| Some((label.as_str(), *figures.sessions.by_side.get(key)?)))
        .collect();
    counted(&mut out, &s.by_side, by_side);
    let statuses = [
        (crate::model::Status::Complete, &s.statuses.complete),
        (crate::model::Status::InProgress, &s.statuses.in_progress),
        (crate::model::Status::Paused, &s.statuses.paused),
        (
            crate::model::Status::EndedForSafety,
            &s.statuses.ended_for_safety,
        ),
    ];
    let by_status = statuses
        .into_iter()
        .filter_map(|(status, label)| {
            Some((
                label.as_str(),
                *figures.sessions.by_status.get(status_key(status))?,
            ))
        })
        .collect();
    counted(&mut out, &s.by_status, by_status);
    let by_skill = figures
        .sessions
        .by_skill
        .iter()
        .filter(|(skill, _)| *skill != "none")
        .map(|(skill, n)| (skill.as_str(), *n))
        .collect();
    counted(&mut out, &s.by_skill, by_skill);

    if !figures.activation.is_empty() {
        title(&mut out, &words.activation.title);
        for a in &figures.activation {
            let rated = words
                .activation
                .line
                .replace("{before}", &rating(a.before, bars))
                .replace("{after}", &rating(a.after, bars));
            line(&mut out, &format!("{}  {rated}", when(&a.started)));
        }
    }

    title(&mut out, &words.mistakes.title);
    if figures.mistakes.is_empty() {
        line(&mut out, &words.mistakes.none);
    }
    for m in &figures.mistakes {
        line(
            &mut out,
            &words
                .mistakes
                .line
                .replace("{mistake}", &m.mistake)
                .replace("{flagged}", &m.flagged.to_string())
                .replace("{rewritten}", &m.rewritten.to_string())
                .replace("{kept}", &m.kept.to_string()),
        );
    }

    title(&mut out, &words.requests.title);
    if figures.requests.is_empty() {
        line(&mut out, &words.requests.none);
    }
    // The line's own words before the request are the question's lead: typed too, they are
    // not said twice.
    let (lead, after) = words.requests.line.split_once("{request}").unzip();
    let names = lead::names(
        figures
            .requests
            .iter()
            .map(|r| (r.request.as_str(), as_said.leads.to_vec())),
        as_said.mending,
    );
    for r in &figures.requests {
        let request = lead::said_after(
            &r.request,
            lead.into_iter().chain(as_said.leads.iter().copied()),
            as_said.mending,
        );
        let request = match as_said.to_them {
            Some(to_them) => lead::to_them(&request, to_them, &names.spoken_to),
            None => request,
        };
        let request = lead::placed_before(request, after.unwrap_or_default(), &names.written);
        // Inside the line, after its own words: "could you tell me", not "could you Tell me".
        let request = match lead.is_some_and(|lead| !lead.trim().is_empty()) {
            true => lead::mid_sentence(&request, &names.written),
            false => request,
        };
        line(
            &mut out,
            &words.requests.line.replace("{request}", &request),
        );
    }

    let c = &words.checkins;
    title(&mut out, &c.title);
    let agreed = figures
        .checkins
        .rhythm
        .as_deref()
        .and_then(|key| checkin_words.rhythm(key));
    match agreed {
        Some(rhythm) => line(&mut out, &c.rhythm.replace("{agreed}", &rhythm.agreed)),
        None => line(&mut out, &c.no_rhythm),
    }
    // Only the days that had one: a row of zeros reads as days missed, and a day with fewer
    // check-ins than hoped is just a day.
    let days = &figures.checkins.days;
    if days.iter().all(|day| day.count == 0) {
        line(&mut out, &c.none);
    }
    for day in days.iter().filter(|day| day.count > 0) {
        let count = if bars && day.count > 0 {
            format!("{} {}", "▪".repeat(day.count.min(12)), day.count)
        } else {
            day.count.to_string()
        };
        let date = day.date.format(&words.date_format).to_string();
        line(
            &mut out,
            &c.line.replace("{day}", &date).replace("{count}", &count),
        );
    }

    let d = &words.debriefs;
    title(&mut out, &d.title);
    if figures.debriefs.items.is_empty() {
        line(&mut out, &d.none);
    }
    for item in &figures.debriefs.items {
        let Some(n) = item.rating else { continue };
        let session = item.session.as_deref().unwrap_or(&item.debrief);
        let date = item.started.format(&words.date_format).to_string();
        line(
            &mut out,
            &d.line
                .replace("{date}", &date)
                .replace("{session}", &render::sanitize(session))
                .replace("{rating}", &rating(n, bars)),
        );
    }
    if let Some(average) = figures.debriefs.average_rating {
        line(
            &mut out,
            &d.average.replace("{average}", &format!("{average}")),
        );
    }
    out
}

/// A 0-10 rating: the number alone, or in a terminal a bar of that many blocks before it.
fn rating(n: u8, bars: bool) -> String {
    if bars {
        let n = usize::from(n.min(10));
        format!("{}{} {n}", "█".repeat(n), " ".repeat(10 - n))
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal_summary::Activation;
    use crate::model::Model;
    use crate::vault::Vault;

    fn words() -> (SummaryWords, CheckinWords) {
        let vault = Vault::shipped();
        let summary = match &vault.get("Journal Summary").unwrap().model {
            Model::SummaryWords(w) => (**w).clone(),
            _ => panic!("shipped summary words"),
        };
        let checkin = match &vault.get("Check-in").unwrap().model {
            Model::CheckinWords(w) => (**w).clone(),
            _ => panic!("shipped check-in words"),
        };
        (summary, checkin)
    }

    fn one_session() -> Figures {
        let started = DateTime::parse_from_rfc3339("2026-12-01T18:42:00+00:00").unwrap();
        let mut session = crate::model::SessionRecord::new(crate::model::Kind::Session, started);
        session.id = "2026-12-01-1842".into();
        let mut figures = journal_summary::figures(
            &[&session],
            None,
            started.date_naive(),
            "attunement.stage.4.2",
        );
        figures.activation = vec![Activation {
            session: session.id.clone(),
            started,
            before: 8,
            after: 4,
        }];
        figures
    }

    #[test]
    fn plain_mode_reads_numbers_and_words_alone() {
        let (words, checkin) = words();
        let text = text(
            &one_session(),
            &words,
            &checkin,
            AsSaid::default(),
            Style::plain(),
            false,
        );
        assert!(text.contains("Tue 1 Dec 18:42  8 to 4"), "{text}");
        assert!(!text.contains('█') && !text.contains('▪'), "{text}");
    }

    #[test]
    fn a_fortnight_without_check_ins_is_one_line_and_only_days_with_one_are_listed() {
        let (words, checkin) = words();
        let mut figures = one_session();
        let text_now = |figures: &Figures| {
            text(
                figures,
                &words,
                &checkin,
                AsSaid::default(),
                Style::plain(),
                false,
            )
        };
        let quiet = text_now(&figures);
        assert!(quiet.contains(&words.checkins.none), "{quiet}");
        assert!(!quiet.contains("Tue 1 Dec: 0"), "{quiet}");
        figures.checkins.days.last_mut().unwrap().count = 2;
        let listed = text_now(&figures);
        assert!(!listed.contains(&words.checkins.none), "{listed}");
        assert!(listed.contains("Tue 1 Dec: 2"), "{listed}");
        assert!(
            !listed.contains(": 0\n"),
            "no day is listed as missed: {listed}"
        );
    }

    #[test]
    fn a_request_typed_with_the_lines_own_start_says_it_once() {
        let (words, checkin) = words();
        let mut figures = one_session();
        let request = |text: &str| journal_summary::Request {
            session: figures.activation[0].session.clone(),
            started: figures.activation[0].started,
            request: text.into(),
        };
        figures.requests = vec![
            request("Next time, could you ask me how my day was?"),
            request("tell me when you'll be late."),
            request("Can you hug me first?"),
            request("Tell me sooner"),
            request("tell me when youre upset"),
            request("dont interrupt me. Ask me first."),
        ];
        let apostrophes = ["you're".to_string(), "don't".to_string()];
        let to_them = BTreeMap::from([("don't".to_string(), "not".to_string())]);
        let as_said = AsSaid {
            leads: &["Can you"],
            to_them: Some(&to_them),
            mending: Mending {
                apostrophes: &apostrophes,
                ..Mending::default()
            },
        };
        let text = text(&figures, &words, &checkin, as_said, Style::plain(), false);
        assert!(
            text.contains("could you tell me when you're upset?"),
            "{text}"
        );
        assert!(
            text.contains("Next time, could you ask me how my day was?\n"),
            "{text}"
        );
        assert!(!text.contains("could you Next time"), "{text}");
        assert!(
            text.contains("Next time, could you tell me when you'll be late?\n"),
            "{text}"
        );
        // A beginning that stands for the lead, given by the request's question.
        assert!(
            text.contains("Next time, could you hug me first?\n"),
            "{text}"
        );
        assert!(
            text.contains("Next time, could you tell me sooner?\n"),
            "{text}"
        );
        // Said to them, and as one request.
        assert!(
            text.contains("Next time, could you not interrupt me, ask me first?\n"),
            "{text}"
        );
    }

    #[test]
    fn in_a_terminal_each_rating_has_a_bar_beside_its_number() {
        let (words, checkin) = words();
        let text = text(
            &one_session(),
            &words,
            &checkin,
            AsSaid::default(),
            Style::plain(),
            true,
        );
        assert!(text.contains("████████   8 to ████       4"), "{text}");
    }

    #[test]
    fn an_empty_journal_says_so_gently() {
        let (words, checkin) = words();
        let today = "2026-12-01".parse().unwrap();
        let text = text(
            &journal_summary::figures(&[], None, today, "attunement.stage.4.2"),
            &words,
            &checkin,
            AsSaid::default(),
            Style::plain(),
            false,
        );
        assert!(text.contains(&words.empty), "{text}");
        assert!(!text.contains(&words.sessions.title), "{text}");
    }
}
