//! Remembering each flag raised on an answer, for the view over time: a rewrite takes the
//! flagged answer and its flag out of the session's answers, so the flag is kept beside them.
use super::Plan;
use crate::model::{AnswerValue, Answered, Flagged, SessionRecord};

/// When the last answer is a flag's choice (`flag.ID` = rewrite or keep), adds it to
/// `record.flags`, naming the mistake the flagged answer showed. Call once per answer given.
pub fn note_last(record: &mut SessionRecord, plan: &Plan) {
    let Some((last, before)) = record.answers.split_last() else {
        return;
    };
    let (Some(flagged_id), AnswerValue::Choice(choice)) =
        (last.id.strip_prefix("flag."), &last.value)
    else {
        return;
    };
    let mistake = before
        .iter()
        .rev()
        .find(|a| a.id == flagged_id)
        .and_then(text)
        .and_then(|text| plan.signal_in(flagged_id, text))
        .map(|hit| hit.signal.mistake.clone())
        // The signals changed since: the step still says where it was.
        .unwrap_or_else(|| last.section.clone());
    record.flags.push(Flagged {
        answer: flagged_id.to_string(),
        mistake,
        choice: choice.clone(),
    });
}

fn text(answer: &Answered) -> Option<&str> {
    match &answer.value {
        AnswerValue::Text(text) => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::signals;
    use crate::coach::testing::plan;
    use crate::model::Kind;

    fn answered(id: &str, value: AnswerValue) -> Answered {
        Answered {
            id: id.into(),
            section: "Take responsibility for your impact".into(),
            question: "Q".into(),
            value,
            label: None,
        }
    }

    #[test]
    fn the_mistake_remembered_is_the_one_the_flag_named_its_steps_own_first() {
        let plan = plan();
        let mut record = SessionRecord::new(Kind::Session, chrono::Local::now().fixed_offset());
        // Step 2's signal comes first in the note; the flag at step 5 named step 5's.
        let typed = "to be fair, can we just move on";
        record.answers = vec![
            answered("repair.5.1", AnswerValue::Text(typed.into())),
            answered("flag.repair.5.1", AnswerValue::Choice("keep".into())),
        ];
        note_last(&mut record, &plan);
        let shown = signals::for_answer(&plan.signals, "repair.5.1", typed).unwrap();
        assert_eq!(shown.signal.step, 5);
        assert_ne!(signals::find(&plan.signals, typed).unwrap().signal.step, 5);
        assert_eq!(record.flags[0].mistake, shown.signal.mistake);
    }

    #[test]
    fn a_flag_choice_is_remembered_with_the_mistake_its_answer_showed() {
        let plan = plan();
        let mut record = SessionRecord::new(Kind::Session, chrono::Local::now().fixed_offset());
        record.answers = vec![
            answered(
                "repair.3.1",
                AnswerValue::Text("sorry if that upset you".into()),
            ),
            answered("flag.repair.3.1", AnswerValue::Choice("rewrite".into())),
        ];
        note_last(&mut record, &plan);
        assert_eq!(record.flags.len(), 1);
        assert_eq!(record.flags[0].answer, "repair.3.1");
        assert_eq!(record.flags[0].choice, "rewrite");
        assert_eq!(
            record.flags[0].mistake,
            signals::find(&plan.signals, "sorry if")
                .unwrap()
                .signal
                .mistake
        );
        // The next answer is not a flag: nothing more is noted.
        record.answers = vec![answered(
            "repair.3.1",
            AnswerValue::Text("I walked out".into()),
        )];
        note_last(&mut record, &plan);
        assert_eq!(record.flags.len(), 1);
    }
}
