//! `mistakes [NAME]`: a skill's common mistakes, or those a practice's signals name, each with
//! what to do instead.
//!
//! "Instead" comes from the skill's own steps. A `mistake_signals` note for the skill says which
//! step answers which mistake, in words chosen by a person; without one, the step whose words
//! overlap the mistake's most is chosen (see [`closest_step`]), which is a heuristic and says so
//! only by being modest: the step is shown as it is written, not paraphrased.
use crate::model::{Class, MistakeSignals, Model, Signal, Skill, Step};
use crate::render::{self, Style};
use crate::vault::Vault;

pub fn text(vault: &Vault, name: Option<&str>, style: Style) -> anyhow::Result<String> {
    let walked = pick(vault, name)?;
    let mut out = style.bold(&format!(
        "Common mistakes in {}",
        render::sanitize(walked.name)
    ));
    out.push('\n');
    let mistakes = known(vault, &walked);
    if mistakes.is_empty() {
        out.push_str(&format!(
            "\nThis {} lists no common mistakes.\n",
            walked.kind
        ));
        return Ok(out);
    }
    for (i, (mistake, advice)) in mistakes.into_iter().enumerate() {
        let number = format!("{}. ", i + 1);
        let indent = " ".repeat(number.len());
        out.push('\n');
        out.push_str(&render::wrapped(mistake, style, &number, &indent));
        out.push('\n');
        match advice {
            Some(Instead { step, words }) => {
                let (number, title) = step;
                let label = format!("Instead: {} ({} {number})", title.trim(), walked.step);
                out.push_str(&render::wrapped(&label, style, &indent, &indent));
                out.push('\n');
                if !words.trim().is_empty() {
                    out.push_str(&render::wrapped(words.trim(), style, &indent, &indent));
                    out.push('\n');
                }
            }
            None => {
                let hint = format!(
                    "Instead: go back to the {}s (repair-coach show \"{}\")",
                    walked.step, walked.name
                );
                out.push_str(&render::wrapped(&hint, style, &indent, &indent));
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// The skill's own mistakes and those its signals note adds, each with what to do instead, in
/// the order of the steps, as a session meets them (those with no step last): a session flags
/// all of them, so they are listed wherever the person comes to read what a session may point
/// out.
fn known<'v>(vault: &'v Vault, walked: &Walked<'v>) -> Vec<(&'v str, Option<Instead<'v>>)> {
    let signals = signals_for(vault, walked.name);
    let listed: Vec<String> = walked.mistakes.iter().map(|m| normalised(m)).collect();
    let mut added: Vec<&Signal> = Vec::new();
    for signal in signals.iter().flat_map(|s| &s.signals) {
        let mistake = normalised(&signal.mistake);
        if !listed.contains(&mistake) && !added.iter().any(|a| normalised(&a.mistake) == mistake) {
            added.push(signal);
        }
    }
    let mut mistakes: Vec<(&str, Option<Instead>)> = walked
        .mistakes
        .iter()
        .map(|mistake| {
            let advice = match signals.and_then(|s| signal_for(s, mistake)) {
                Some(signal) => from_signal(walked.steps, signal),
                None => from_steps(walked.steps, mistake),
            };
            (mistake.as_str(), advice)
        })
        .chain(
            added
                .into_iter()
                .map(|signal| (signal.mistake.as_str(), from_signal(walked.steps, signal))),
        )
        .collect();
    mistakes.sort_by_key(|(_, advice)| advice.as_ref().map_or(usize::MAX, |a| a.step.0));
    mistakes
}

/// The common mistakes of `skill` as `mistakes` lists them, for `show`.
pub(crate) fn of_skill<'v>(vault: &'v Vault, skill: &'v Skill) -> Vec<&'v str> {
    let walked = Walked::skill(skill);
    known(vault, &walked)
        .into_iter()
        .map(|(mistake, _)| mistake)
        .collect()
}

/// A skill or a practice, as far as its mistakes go: a practice lists none of its own, only
/// those its signals note gives, at its stages.
struct Walked<'v> {
    name: &'v str,
    /// "skill" or "practice".
    kind: &'static str,
    mistakes: &'v [String],
    steps: &'v [Step],
    /// What a step is called: "step" or "stage".
    step: &'static str,
}

/// The skill or practice asked for, or the skill marked `current_focus`.
fn pick<'v>(vault: &'v Vault, name: Option<&str>) -> anyhow::Result<Walked<'v>> {
    let Some(name) = name else {
        let skill = vault.current_focus().ok_or_else(|| {
            anyhow::anyhow!(
                "no skill is marked `current_focus: true`. Name one, e.g. `repair-coach mistakes Repair`."
            )
        })?;
        return Ok(Walked::skill(skill));
    };
    let entry = super::show::find_among(vault, name, Some(Class::WALKED))?;
    match &entry.model {
        Model::Skill(skill) => Ok(Walked::skill(skill)),
        Model::Practice(practice) => Ok(Walked {
            name: &practice.name,
            kind: "practice",
            mistakes: &[],
            steps: &practice.stages,
            step: "stage",
        }),
        _ => anyhow::bail!(
            "\"{}\" is a note, not a skill or a practice, so it has no common mistakes. Try \
             `repair-coach skills`.",
            entry.note.name
        ),
    }
}

impl<'v> Walked<'v> {
    fn skill(skill: &'v Skill) -> Walked<'v> {
        Walked {
            name: &skill.name,
            kind: "skill",
            mistakes: &skill.mistakes,
            steps: &skill.steps,
            step: "step",
        }
    }
}

/// The `mistake_signals` note whose `skill:` link leads to the note `name`, if the vault has one.
fn signals_for<'v>(vault: &'v Vault, name: &str) -> Option<&'v MistakeSignals> {
    vault.mistake_signals().find(|signals| {
        vault
            .resolve(&signals.skill)
            .is_some_and(|target| target.note.name.eq_ignore_ascii_case(name))
    })
}

fn signal_for<'s>(signals: &'s MistakeSignals, mistake: &str) -> Option<&'s Signal> {
    let wanted = normalised(mistake);
    signals
        .signals
        .iter()
        .find(|signal| normalised(&signal.mistake) == wanted)
}

/// Lower case, one space between words, one kind of apostrophe: so that "don’t" in a skill and
/// "don't" in a signals note are the same mistake.
fn normalised(text: &str) -> String {
    text.to_lowercase()
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What to do instead: the step (1-based number and title) and the words to show.
struct Instead<'s> {
    step: (usize, &'s str),
    words: &'s str,
}

fn from_signal<'s>(steps: &'s [Step], signal: &'s Signal) -> Option<Instead<'s>> {
    let step = steps.get(signal.step.checked_sub(1)?)?;
    Some(Instead {
        step: (signal.step, &step.title),
        words: &signal.instead,
    })
}

fn from_steps<'s>(steps: &'s [Step], mistake: &str) -> Option<Instead<'s>> {
    let index = closest_step(steps, mistake)?;
    let step = &steps[index];
    Some(Instead {
        step: (index + 1, &step.title),
        words: step.guidance.trim().trim_start_matches('→').trim_start(),
    })
}

/// The step (0-based) that shares most words with the mistake, the earlier step on a tie; `None`
/// when no step shares any.
///
/// A heuristic, kept simple on purpose: words are lower-cased, common little words dropped, and a
/// few English endings cut ("rushing" -> "rush"); two words count as the same when their stems are
/// equal or begin the same way (see [`same_word`]).
fn closest_step(steps: &[Step], mistake: &str) -> Option<usize> {
    let mistake_words = stems(mistake);
    let mut best: Option<(usize, usize)> = None;
    for (i, step) in steps.iter().enumerate() {
        let step_words = stems(&format!("{} {}", step.title, step.guidance));
        let overlap = mistake_words
            .iter()
            .filter(|m| step_words.iter().any(|s| same_word(m, s)))
            .count();
        if overlap > 0 && best.is_none_or(|(_, most)| overlap > most) {
            best = Some((i, overlap));
        }
    }
    best.map(|(i, _)| i)
}

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "don't", "for", "from", "if",
    "in", "into", "is", "it", "its", "not", "of", "on", "or", "so", "that", "the", "their", "them",
    "they", "this", "to", "too", "up", "was", "what", "when", "with", "you", "your", "you're",
];

fn stems(text: &str) -> Vec<String> {
    let text = text.to_lowercase().replace('’', "'");
    let mut words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(stem)
        .collect();
    words.sort();
    words.dedup();
    words
}

fn stem(word: &str) -> String {
    for ending in ["ingly", "edly", "ing", "ed", "ly", "es", "s"] {
        if let Some(root) = word.strip_suffix(ending)
            && root.chars().count() >= 3
        {
            return root.to_string();
        }
    }
    word.to_string()
}

/// Equal stems, or a shared beginning of at least five letters that is most (four fifths) of the
/// shorter word: "defensive" and "defending", "intent" and "intentional", but not "react" and
/// "reach" or "emotion" and "emotive".
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    shared >= 5 && shared * 5 >= shorter * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(title: &str, guidance: &str) -> Step {
        Step {
            title: title.into(),
            guidance: guidance.into(),
        }
    }

    /// A skill of its own, so the test does not hang on the shipped notes' wording.
    fn kettle_steps() -> Vec<Step> {
        vec![
            step(
                "Fill the kettle",
                "Use fresh cold water, enough for the cups you need.",
            ),
            step(
                "Warm the pot",
                "Swirl hot water in the teapot before the leaves go in.",
            ),
            step(
                "Steep patiently",
                "Leave the leaves for four minutes; do not rush the brew.",
            ),
        ]
    }

    #[test]
    fn the_closest_step_shares_the_most_stemmed_words() {
        let steps = kettle_steps();
        assert_eq!(closest_step(&steps, "Rushing the brewing"), Some(2));
        assert_eq!(closest_step(&steps, "A cold pot"), Some(0)); // tie: the earlier step
        assert_eq!(closest_step(&steps, "Skipping the warm teapot"), Some(1));
        assert_eq!(closest_step(&steps, "Forgetting biscuits"), None);
    }

    #[test]
    fn stems_drop_little_words_and_common_endings() {
        assert_eq!(
            stems("Rushing to explain your intent"),
            ["explain", "intent", "rush"]
        );
        assert_eq!(
            stems("Shutting down when they don’t respond"),
            ["down", "respond", "shutt"]
        );
        assert!(same_word(&stem("defensive"), &stem("defending")));
        assert!(same_word(&stem("intent"), &stem("intentional")));
        assert!(!same_word("rush", "rust"));
        assert!(!same_word(&stem("react"), &stem("reach")));
        assert!(!same_word(&stem("emotion"), &stem("emotive")));
    }

    fn tea_skill(steps: Vec<Step>) -> Skill {
        Skill {
            name: "Making Tea".into(),
            path: "Making Tea.md".into(),
            kind: crate::model::SkillKind::Core,
            description: String::new(),
            why_it_matters: String::new(),
            questions: vec![Vec::new(); steps.len()],
            steps,
            mistakes: vec!["Rushing the brewing".into()],
            mistakes_summary: None,
            supporting_meta_skills: Vec::new(),
            related_scenarios: Vec::new(),
            how_to_practice: None,
            current_focus: false,
            lines: Default::default(),
            aliases: Vec::new(),
            tags: Vec::new(),
            extra: Default::default(),
        }
    }

    #[test]
    fn without_signals_instead_is_the_closest_steps_title_and_guidance() {
        let skill = tea_skill(vec![
            step("Fill the kettle", "→ Use fresh cold water."),
            step("Steep patiently", "→ Four minutes; do not rush the brew."),
        ]);
        let instead = from_steps(&skill.steps, &skill.mistakes[0]).unwrap();
        assert_eq!(instead.step, (2, "Steep patiently"));
        assert_eq!(instead.words, "Four minutes; do not rush the brew.");
        assert!(from_steps(&skill.steps, "Forgetting biscuits").is_none());
    }

    #[test]
    fn a_signal_names_the_step_and_its_own_words_instead() {
        let steps = kettle_steps();
        let skill = tea_skill(steps);
        let signals = MistakeSignals {
            name: "Tea Signals".into(),
            skill: crate::note::WikiLink::parse("[[Making Tea]]").unwrap(),
            signals: vec![Signal {
                mistake: "rushing the BREWING".into(),
                title: None,
                step: 3,
                lands: String::new(),
                instead: "Set a timer and sit down.".into(),
                phrases: vec!["quick cup".into()],
                except: Vec::new(),
                practise: None,
                not_after: Default::default(),
            }],
            not_after: Vec::new(),
            lines: Default::default(),
        };
        let signal = signal_for(&signals, "Rushing the brewing").expect("matched");
        let instead = from_signal(&skill.steps, signal).unwrap();
        assert_eq!(instead.step, (3, "Steep patiently"));
        assert_eq!(instead.words, "Set a timer and sit down.");
        assert!(signal_for(&signals, "Skipping the warm teapot").is_none());
        // A step number the skill does not have falls back to the steps, not a panic.
        let wrong = Signal {
            step: 9,
            ..signal.clone()
        };
        assert!(from_signal(&skill.steps, &wrong).is_none());
    }

    #[test]
    fn mistakes_match_their_signal_whatever_the_apostrophe_or_case() {
        assert_eq!(
            normalised("Shutting down when they don’t  respond"),
            normalised("shutting down when they don't respond")
        );
    }
}
