//! A synthetic journal for benchmarks: `cargo run --release --example gen_journal -- DIR N`
//! writes N journal notes into DIR, exactly as `start`, `checkin` and `debrief` write them
//! (through `journal::to_markdown`): about half sessions (sides, activation before and after,
//! flags rewritten or kept, requests, an agreed rhythm), a third check-ins, the rest debriefs
//! linking a session. Deterministic for a given N.
use chrono::{DateTime, Duration};
use repair_coach::model::{AnswerValue, Answered, Flagged, Kind, Model, SessionRecord, Status};
use std::fs::{self, DirBuilder};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(Ok(n))) = (args.first(), args.get(1).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: gen_journal DIR N");
        return ExitCode::from(2);
    };
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .expect("create the folder");
    let start = DateTime::parse_from_rfc3339("2024-01-01T08:00:00+00:00").unwrap();
    let vault = repair_coach::vault::Vault::shipped();
    let Some(Model::JournalWords(words)) = vault.get("Journal Entries").map(|e| &e.model) else {
        eprintln!("the shipped notes have no Journal Entries note");
        return ExitCode::FAILURE;
    };
    let words = &words.answers;
    let mut last_session = None;
    for i in 0..n {
        // 37 minutes apart: every id is its own minute.
        let at = start + Duration::minutes(37 * i as i64);
        let mut record = SessionRecord::new(Kind::Session, at);
        record.id = at.format("%Y-%m-%d-%H%M").to_string();
        record.status = Status::Complete;
        let answer = |id: &str, question: &str, value| Answered {
            id: id.into(),
            section: "Section".into(),
            question: question.into(),
            value,
            label: None,
        };
        match i % 6 {
            0..=2 => {
                record.side = Some(["hurt", "unseen", "both"][i % 3].into());
                record.activation_before = Some((5 + i % 6) as u8);
                record.activation_after = Some((i % 5) as u8);
                record.skill = Some("Repair".into());
                record.checkins = Some("morning_evening".into());
                record.flags = vec![Flagged {
                    answer: "repair.3.1".into(),
                    mistake: [
                        "Minimising their feelings",
                        "Rushing to explain your intent",
                    ][i % 2]
                        .into(),
                    choice: ["rewrite", "keep"][i % 3 % 2].into(),
                }];
                record.answers = vec![
                    answer(
                        "activation.before",
                        "How stirred up do you feel right now?",
                        AnswerValue::Scale(7),
                    ),
                    answer(
                        "repair.2.1",
                        "Finish their sentence: “I felt …”",
                        AnswerValue::Text(
                            "hurt and left out, like I didn't matter to you that evening".into(),
                        ),
                    ),
                    answer(
                        "repair.3.1",
                        "Finish this: “What I did was …”",
                        AnswerValue::Text(
                            "I kept looking at my phone while you were talking to me".into(),
                        ),
                    ),
                    answer(
                        "attunement.stage.4.2",
                        "Next time, could you …",
                        AnswerValue::Text(format!("tell me when you'll be late, number {i}")),
                    ),
                    answer(
                        "activation.after",
                        "How stirred up do you feel now?",
                        AnswerValue::Scale(3),
                    ),
                ];
                last_session = Some(record.id.clone());
            }
            3 | 4 => {
                record.kind = Kind::Checkin;
                record.answers = vec![
                    answer(
                        "checkin.now",
                        "How are you, right now?",
                        AnswerValue::Scale((i % 11) as u8),
                    ),
                    answer(
                        "checkin.need",
                        "What do you need right now?",
                        AnswerValue::Text("a quiet evening together".into()),
                    ),
                    answer(
                        "checkin.asked",
                        "Did you ask for it?",
                        AnswerValue::Choice("yes".into()),
                    ),
                ];
            }
            _ => {
                record.kind = Kind::Debrief;
                record.session = last_session.as_ref().map(|id| format!("[[{id}]]"));
                record.answers = vec![
                    answer(
                        "debrief.happened",
                        "Did the talk happen yet?",
                        AnswerValue::Choice("yes".into()),
                    ),
                    answer(
                        "debrief.rating",
                        "How did it go?",
                        AnswerValue::Scale((i % 11) as u8),
                    ),
                    answer(
                        "debrief.helped",
                        "What helped?",
                        AnswerValue::Text("listening before answering".into()),
                    ),
                ];
            }
        }
        let path = std::path::Path::new(dir).join(format!("{}.md", record.id));
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .expect("a new journal file");
        file.write_all(repair_coach::journal::to_markdown(&record, words).as_bytes())
            .expect("write a journal file");
    }
    println!("{n} journal notes in {dir}");
    ExitCode::SUCCESS
}
