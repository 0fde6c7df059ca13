//! The coaching session's own words, kept in notes so a user's vault can change them:
//! `SessionGuide` (the questions and their order) and `MistakeSignals` (phrases that hint at a
//! common mistake, with what to do instead).
use super::Kind;
use crate::note::{Note, NoteError, WikiLink};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Frontmatter of a `session_guide` note (shipped as `content/coach/Session Guide.md`): every
/// word the session says that does not come from the skill, the practice or the safety note.
/// The flow in `coach` decides the order; this holds only the words and a few numbers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionGuide {
    /// The note's name (file stem); not part of the frontmatter.
    #[serde(skip)]
    pub name: String,
    /// Wiki-links, as written: the skill whose steps the session walks (e.g. `"[[Repair]]"`),
    /// the practice for the "unseen" side, and the note shown when someone is not safe.
    pub skill: String,
    pub practice: String,
    pub safety: String,
    // The sections are boxed so that `Model`, which holds a guide beside skills and practices,
    // stays small.
    pub safety_check: Box<SafetyCheck>,
    pub side: Box<SideQuestion>,
    pub regulate: Box<Regulate>,
    pub repair: Box<RepairWords>,
    pub flag: Box<FlagWords>,
    pub attunement: Box<AttunementWords>,
    pub close: Box<CloseWords>,
    pub reflect: Box<ReflectWords>,
    pub stop: Box<StopWords>,
    pub prompts: Box<PromptWords>,
    pub focus: Box<FocusWords>,
    pub scenario: Box<ScenarioWords>,
    /// Said as `resume` carries on. A guide without it carries on without a word.
    #[serde(default)]
    pub resume: Option<Box<ResumeWords>>,
}

/// Said as `resume` carries on, so that the person knows which one it is: `{time}` is when it
/// began, written with `time_format` (chrono's codes).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResumeWords {
    pub session: String,
    pub reflection: String,
    pub time_format: String,
    /// Asked by `start`, after the safety question, when a session of the last week stopped
    /// part-way. A guide without it begins anew without asking.
    #[serde(default)]
    pub offer: Option<ResumeOffer>,
}

/// Carry on with a session that stopped part-way (`{time}`: when it began), or begin anew.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResumeOffer {
    pub question: String,
    pub carry_on: String,
    pub new: String,
}

impl ResumeWords {
    /// What is said as a `kind` begun at `started` carries on.
    pub fn said(&self, kind: Kind, started: DateTime<FixedOffset>) -> String {
        let words = match kind {
            Kind::Reflection => &self.reflection,
            Kind::Session | Kind::Checkin | Kind::Debrief => &self.session,
        };
        words.replace("{time}", &started.format(&self.time_format).to_string())
    }
}

/// Asked before the session when several skills are marked `current_focus: true`; the options
/// are the skills' names.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FocusWords {
    pub question: String,
}

/// Asked when the walked skill links scenarios (`related_scenarios`): which one frames the
/// session. `frame` is said once it is chosen, `{scenario}` filled with its description.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioWords {
    pub section: String,
    pub question: String,
    /// The option for none of them.
    pub none: String,
    pub frame: String,
}

/// A step of a skill that begins by calming down: it gets the 0-10 scale, the breathing and the
/// break.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegulatingStep {
    /// A wiki-link to the skill.
    pub skill: String,
    /// Its 1-based step number.
    pub step: usize,
}

/// The one question asked before anything else. Its answer is never written down.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SafetyCheck {
    pub question: String,
    pub safe: String,
    pub not_safe: String,
    /// Asked again, once in a session, when an answer holds words that may mean the person is
    /// not safe after all. A guide without it asks only at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub again: Option<SafetyAgain>,
    /// Asked instead of `question` when a session that stopped at the safety note brought back
    /// is carried on; a guide without it asks `question`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_return: Option<String>,
}

impl SafetyCheck {
    /// The question asked as a session that stopped for safety is carried on.
    pub fn on_return(&self) -> &str {
        self.on_return.as_deref().unwrap_or(&self.question)
    }
}

/// Words in an answer ("he hit me", "I want to die") that bring back the safety note, with the
/// choice to stop here, with what was written kept, or to carry on.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SafetyAgain {
    /// Matched as the mistake signals are: any case, whole words, either apostrophe.
    pub phrases: Vec<String>,
    /// Everyday phrases that hold one of `phrases` and mean no danger ("it hit me hard", "hit
    /// me up"): a match inside one of them is passed over.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// Said above the safety note.
    pub said: String,
    pub question: String,
    pub stop: String,
    pub carry_on: String,
    /// Words that may mean the person has hurt someone physically ("I hit her"), with a note of
    /// their own, asked once as the safety note is, with the same choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harm_done: Option<HarmDone>,
}

/// Words that may mean the person physically hurt or frightened someone, and what is said then.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HarmDone {
    /// Matched as [`SafetyAgain::phrases`] are.
    pub phrases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// Said at the answer, above `help`.
    pub said: String,
    /// Where help is: said at the answer, and at the end under `left_out`.
    pub help: String,
    /// Said at the end, when a sentence of "what you could say" is left out for these words.
    pub left_out: String,
}

impl HarmDone {
    pub fn danger_words(&self) -> DangerWords<'_> {
        DangerWords {
            phrases: &self.phrases,
            except: &self.except,
        }
    }
}

impl SafetyAgain {
    pub fn danger_words(&self) -> DangerWords<'_> {
        DangerWords {
            phrases: &self.phrases,
            except: &self.except,
        }
    }
}

/// Words that may mean someone is not safe, and the everyday phrases around some of them that
/// do not (see [`SafetyAgain`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct DangerWords<'g> {
    pub phrases: &'g [String],
    pub except: &'g [String],
}

impl<'g> DangerWords<'g> {
    /// `phrases`, with no everyday exceptions.
    pub fn without_exceptions(phrases: &'g [String]) -> DangerWords<'g> {
        DangerWords {
            phrases,
            except: &[],
        }
    }
}

/// Which side of the argument the person is on; keys `hurt`, `unseen`, `both` are fixed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SideQuestion {
    pub section: String,
    pub question: String,
    pub hurt: String,
    pub unseen: String,
    pub both: String,
}

/// A 0–10 rating and what its ends mean.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScaleQuestion {
    pub question: String,
    pub low: String,
    pub high: String,
}

/// A question answered in the person's own words.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub question: String,
    /// May be left empty.
    #[serde(default)]
    pub optional: bool,
    /// How the answer is meant to begin ("You felt"): typed anyway, it is not repeated in
    /// "what you could say".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Other beginnings that stand for the lead ("They felt", "Can you"): typed, they are left
    /// out as it is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as_lead: Vec<String>,
    /// Beginnings that speak of them, and how they are said to them ("she is": "you are"): an
    /// answer that begins with one is said back to them ("You matter to me because you are…").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub to_them: BTreeMap<String, String>,
}

impl Question {
    /// A question as a note words it, with no lead.
    pub fn plain(question: String, optional: bool) -> Question {
        Question {
            question,
            optional,
            lead: None,
            same_as_lead: Vec::new(),
            to_them: BTreeMap::new(),
        }
    }

    /// The lead, then the beginnings that stand for it.
    pub fn leads(&self) -> impl Iterator<Item = &str> {
        self.lead
            .iter()
            .chain(&self.same_as_lead)
            .map(String::as_str)
    }
}

/// Calming down before anything else: a rating, paced breathing, and a break when still flooded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Regulate {
    pub activation: ScaleQuestion,
    /// Asked after the breathing, with the same ends as `activation`.
    pub activation_again: String,
    pub breathing: BreathingWords,
    /// A rating at or above this suggests a real break.
    #[serde(default = "default_break_threshold")]
    pub break_threshold: u8,
    /// Markdown shown before the choice to pause or carry on.
    pub break_advice: String,
    /// Shown instead, shorter, when someone back from a break is still as stirred up: the
    /// whole advice again would read like a loop. A guide without it shows `break_advice`.
    #[serde(default)]
    pub break_advice_again: String,
    pub break_question: String,
    pub pause: String,
    pub carry_on: String,
    /// Shown first when someone comes back from a break, before the scale again.
    pub welcome_back: String,
    /// The steps that calm down first, by skill; when the guide lists none, the first step of
    /// its own skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Vec<RegulatingStep>>,
    /// The scale again after a break, with the same ends as `activation`.
    pub activation_after_break: String,
}

fn default_break_threshold() -> u8 {
    7
}

/// Paced breathing. In the words, `{seconds}` (the whole length), `{inhale}`, `{exhale}` and
/// `{cycles}` are filled in from the numbers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BreathingWords {
    pub offer: String,
    pub yes: String,
    pub no: String,
    /// The breathing's heading in the journal, and the two ways it can end.
    pub title: String,
    pub finished: String,
    pub stopped_early: String,
    /// Before and after a count that moves on screen.
    pub count_start: String,
    pub count_done: String,
    pub done: String,
    /// Instead of a count, where nothing moves on screen (plain mode).
    pub at_your_pace: String,
    pub go_on: String,
    pub inhale_label: String,
    pub exhale_label: String,
    #[serde(default = "default_inhale")]
    pub inhale_secs: u32,
    #[serde(default = "default_exhale")]
    pub exhale_secs: u32,
    #[serde(default = "default_cycles")]
    pub cycles: u32,
}

fn default_inhale() -> u32 {
    4
}
fn default_exhale() -> u32 {
    6
}
fn default_cycles() -> u32 {
    4
}

/// The questions for the skill's steps after the first (the first is `regulate`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepairWords {
    /// The title over a step's list of mistakes.
    pub mistakes_title: String,
    /// The question for a step no note gives a question for; `{step}` is its title.
    pub any_step: String,
    #[serde(default)]
    pub steps: Vec<NumberedQuestions>,
}

/// Questions for one step or stage, by its 1-based number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NumberedQuestions {
    #[serde(alias = "stage")]
    pub step: usize,
    pub ask: Vec<Question>,
}

/// The gentle note shown when an answer hints at a common mistake. `{mistake}`, `{phrase}`,
/// `{lands}` and `{instead}` are filled in from the signal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagWords {
    pub title: String,
    pub body: String,
    /// Said instead of `body` when a rewrite still shows the same mistake, with the same
    /// fills. A guide without it says `body` again.
    #[serde(default)]
    pub again: Option<String>,
    pub question: String,
    pub rewrite: String,
    pub keep: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttunementWords {
    /// Said before the practice when the person is on both sides of the argument.
    pub transition: String,
    /// Questions for some of the practice's stages, by 1-based stage number.
    #[serde(default)]
    pub stages: Vec<NumberedQuestions>,
    /// The check-in agreement, asked at its own stage.
    pub checkins: Checkins,
    /// Stages written for the other person, offered as something to share with them.
    pub for_them: ForThem,
    /// The heading over the practice's reflection prompts.
    pub reflection_section: String,
}

/// How often to check in: a choice whose options the note names, each with a stable key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checkins {
    /// The 1-based stage of the practice it belongs to.
    pub stage: usize,
    pub question: String,
    pub options: Vec<GuideOption>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ForThem {
    #[serde(default)]
    pub stages: Vec<usize>,
    pub intro: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideOption {
    pub key: String,
    pub label: String,
}

/// How the id of an answer at a stage of the practice begins: `attunement.stage.4.2` is stage 4's
/// second question's.
pub const STAGE_ANSWER: &str = "attunement.stage.";

/// One sentence of "what you could say": its template, or the first of others (`unless`) that
/// its answers choose, by how they begin or by words they have (so that "sorry I shouted" is
/// not said as "I sorry I shouted. I'm sorry.").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CouldSayLine {
    Plain(String),
    Choosing {
        say: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        unless: Vec<SaidInstead>,
        /// It asks something of them: said after the sentences of the person's own repair,
        /// under `close.ask_later`.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        later: bool,
    },
}

/// A sentence said instead of a line's own, when an answer in it begins with one of `begins`
/// (`*ing`: a first word ending so) and has one of `says` (matched as mistake signals' phrases
/// are), where each is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaidInstead {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub begins: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub says: Vec<String>,
    /// Beginnings that `begins` would take but are not meant ("nothing" is not a "doing"
    /// word ending `*ing`): an answer beginning with one of these does not choose `say`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    pub say: String,
}

/// A line with others to say instead, as written: each key named, so that a slip names it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CouldSayChoosing {
    say: String,
    #[serde(default)]
    unless: Vec<SaidInstead>,
    #[serde(default)]
    later: bool,
}

/// A sentence, or a map with its keys; by hand rather than `untagged`, whose error for a slip
/// ("did not match any variant") says neither what was wrong nor what to write.
impl<'de> Deserialize<'de> for CouldSayLine {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Line;
        impl<'de> serde::de::Visitor<'de> for Line {
            type Value = CouldSayLine;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sentence, or `say` with the sentences to say `unless`")
            }
            fn visit_str<E: serde::de::Error>(self, say: &str) -> Result<CouldSayLine, E> {
                Ok(CouldSayLine::Plain(say.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<CouldSayLine, A::Error> {
                let line = CouldSayChoosing::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                if let Some(loose) = line
                    .unless
                    .iter()
                    .find(|i| i.begins.is_empty() && !i.except.is_empty())
                {
                    return Err(serde::de::Error::custom(format!(
                        "`unless: say: {:?}` has `except` but no `begins`: `except` names the \
                         beginnings that `begins` takes but does not mean",
                        loose.say
                    )));
                }
                if let Some(never) = line
                    .unless
                    .iter()
                    .find(|i| i.begins.is_empty() && i.says.is_empty())
                {
                    return Err(serde::de::Error::custom(format!(
                        "`unless: say: {:?}` is never said: give it `begins` or `says`, the words \
                         of an answer that choose it",
                        never.say
                    )));
                }
                Ok(CouldSayLine::Choosing {
                    say: line.say,
                    unless: line.unless,
                    later: line.later,
                })
            }
        }
        deserializer.deserialize_any(Line)
    }
}

impl CouldSayLine {
    /// The line's own template.
    pub fn say(&self) -> &str {
        match self {
            CouldSayLine::Plain(say) | CouldSayLine::Choosing { say, .. } => say,
        }
    }

    /// Whether it asks something of them, to be said after the person's own repair.
    pub fn later(&self) -> bool {
        matches!(self, CouldSayLine::Choosing { later: true, .. })
    }

    /// The template whose `{answer.id}`s are filled: the first of `unless` that `chooses`,
    /// else the line's own.
    pub fn template(&self, chooses: impl Fn(&SaidInstead) -> bool) -> &str {
        match self {
            CouldSayLine::Plain(say) => say,
            CouldSayLine::Choosing { say, unless, .. } => unless
                .iter()
                .find(|instead| chooses(instead))
                .map_or(say, |instead| &instead.say),
        }
    }
}

impl From<&str> for CouldSayLine {
    fn from(say: &str) -> CouldSayLine {
        CouldSayLine::Plain(say.to_string())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CloseWords {
    pub section: String,
    pub activation: String,
    /// The change on the scale, in plain words, by its direction; `{before}` and `{after}`
    /// are filled in.
    pub eased: String,
    pub same: String,
    pub rose: String,
    /// Shown when the closing rating is at the break threshold or above: the session is over,
    /// so it is about the talk ahead. A guide without it shows `regulate.break_advice`.
    #[serde(default)]
    pub break_advice: String,
    pub could_say_title: String,
    /// Sentences with `{answer.id}` placeholders, filled from the person's own answers; one
    /// whose answer is missing or empty is left out.
    #[serde(default)]
    pub could_say: Vec<CouldSayLine>,
    /// Answers that say the person does not know ("not sure"): their sentences are left out, as
    /// an empty answer's are. Compared as lower case, without the closing punctuation.
    #[serde(default)]
    pub unsure: Vec<String>,
    /// Words typed without their apostrophe ("im", "dont"), said back with it as written here
    /// ("I'm", "don't"). Each must have an apostrophe. A guide without them says the words back
    /// as typed.
    #[serde(default, deserialize_with = "with_apostrophes")]
    pub apostrophes: Vec<String>,
    /// Words an answer goes on with after an aside and a comma ("Sam, I…", "Honestly, you…"):
    /// the aside is left out of the sentence said back, as the question's lead is, and a name
    /// said so keeps its capital wherever it begins an answer. A guide without them says every
    /// answer back from its first word.
    #[serde(default)]
    pub after_aside: Vec<String>,
    /// Said under the title of "what you could say" when no sentence is left to say (every
    /// answer in them was unsure or empty), and none was left out for its words. A guide
    /// without it says nothing there.
    #[serde(default)]
    pub nothing_to_say: String,
    /// Said before the sentences marked `later` (a request of them) when sentences of the
    /// person's own repair come first: what they need can wait until the other feels heard. A
    /// guide without it says them all in one list.
    #[serde(default)]
    pub ask_later: String,
    /// Said under the sentences when one was left out because its answer was flagged.
    pub left_out: String,
    /// Said, above the help lines, when one was left out because its answer had words that may
    /// mean the person is not safe. A guide without it says nothing of it.
    #[serde(default)]
    pub left_out_for_safety: String,
    /// Said under the sentences when the closing rating called for a break: the words can wait
    /// until after it. A guide without it says nothing.
    #[serde(default)]
    pub break_first: String,
    /// Markdown shown at the very end.
    pub closing: String,
    /// Above the command that shows the saved session again.
    pub saved: String,
    /// The supporting meta-skill offered at the end; `{skill}` is its name.
    pub practise_next: String,
}

/// `close.apostrophes`, each word with the apostrophe it is said back with.
fn with_apostrophes<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    let words = Vec::<String>::deserialize(deserializer)?;
    match words.iter().find(|w| !w.contains(['\'', '’'])) {
        Some(bare) => Err(serde::de::Error::custom(format!(
            "`apostrophes`: {bare:?} has no apostrophe: write each word as it is to be said back, \
             like \"don't\""
        ))),
        None => Ok(words),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReflectWords {
    pub section: String,
    pub closing: String,
}

/// Said when a session stops before its end: above the resume command, or alone.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StopWords {
    pub saved: String,
    /// After choosing to take a break, above the resume command.
    pub on_break: String,
    pub nothing_saved: String,
    /// After Ctrl-C or a closed terminal.
    pub interrupted: String,
    pub interrupted_nothing_saved: String,
    pub interrupted_save_failed: String,
    /// Said when answers could not be written to the journal, handing them back.
    pub unsaved: Box<UnsavedWords>,
}

/// Said when a save fails (a full disk, a quota, a file-size limit): which answers were not
/// saved, each handed back so it can be copied, and what happens next. `{why}` is one of the
/// causes below, or the system's own words; `{count}` and `{path}` are filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsavedWords {
    /// Nothing to hand back: the last answer was a choice already kept, or had no words.
    pub progress: String,
    /// One answer, shown under this.
    pub one: String,
    /// `{count}` answers, shown under this.
    pub many: String,
    /// Mid-session: the answers are kept in memory and saved with the next one.
    pub retry: String,
    /// At the end, with the session's file: `{path}`.
    pub kept_in: String,
    /// At the end, when the session never had a file.
    pub nothing_kept: String,
    pub disk_full: String,
    pub quota: String,
    pub too_large: String,
    /// After `retry`, when space is what is missing.
    pub free_space: String,
}

/// How each kind of question says what to type, and what is said after an answer it cannot
/// take; `{count}`, `{low}` and `{high}` are filled in. Handed to the prompters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptWords {
    pub choose: String,
    pub choose_again: String,
    /// Said instead of `choose_again` when there are only two ("Type 1 or 2"); a guide without
    /// it says `choose_again`.
    #[serde(default)]
    pub choose_again_of_two: Option<String>,
    pub scale: String,
    /// The ends of the scale, as a short hint beside a terminal prompt.
    pub scale_ends: String,
    pub scale_again: String,
    pub text: String,
    pub text_skippable: String,
    pub text_again: String,
    /// A short hint beside a terminal prompt that can be skipped.
    pub skip: String,
    pub skipped: String,
    /// Said once, under a terminal's first question: Esc leaves at once and clears the screen.
    /// A guide without it says nothing (Esc still works).
    #[serde(default)]
    pub leave: String,
    /// Said once, under a terminal's first menu: how to move through it and choose. A guide
    /// without it says nothing.
    #[serde(default)]
    pub menu: String,
    /// Said before a line that a terminal would begin with the person's `{draft}` (what they
    /// had typed there when the session stopped), where the line cannot begin with it: plain
    /// mode. A guide without it says nothing.
    #[serde(default)]
    pub begun: String,
    /// Said after an answer longer than any that is taken (`MAX_ANSWER_CHARS`), in plain mode,
    /// before asking again; a terminal takes no more letters.
    #[serde(default)]
    pub too_long: String,
    /// Said when input no one types gives answer after answer that does not fit, or a line
    /// with no end, and the coach stops as at the end of input. A guide without it says
    /// nothing before the stop.
    #[serde(default)]
    pub stopped_reading: String,
}

/// A guide's `template` with each `{name}` of `values` filled in (`{count}`, `{seconds}`, …);
/// braces that name nothing here are left as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The longest breath in or out a guide may ask for: paced breathing is a few seconds each way.
const LONGEST_BREATH_SECS: u32 = 30;
/// The most rounds of breathing a guide may ask for at once.
const MOST_BREATHING_CYCLES: u32 = 20;

impl SessionGuide {
    pub fn from_note(note: &Note) -> Result<SessionGuide, NoteError> {
        let fm = frontmatter_of(note)?;
        let mut guide: SessionGuide = fm.deserialize(&note.path)?;
        guide.name = note.name.clone();
        if let Some(resume) = &guide.resume {
            super::summary::check_date_format(note, "resume.time_format", &resume.time_format)?;
        }
        guide.validate().map_err(|(field, message)| {
            NoteError::new(&note.path, line_of(note, field), message)
        })?;
        Ok(guide)
    }

    /// Checks what serde cannot: links are links, numbers are in range, keys are unique.
    /// On failure: the top-level field to point at, and what to fix.
    fn validate(&self) -> Result<(), (&'static str, String)> {
        for (field, value) in [
            ("skill", &self.skill),
            ("practice", &self.practice),
            ("safety", &self.safety),
        ] {
            if WikiLink::parse(value).is_none() {
                return Err((
                    field,
                    format!("`{field}` should be a wiki-link such as \"[[Note]]\", not {value:?}"),
                ));
            }
        }
        for at in self.regulate.at.iter().flatten() {
            if WikiLink::parse(&at.skill).is_none() || at.step == 0 {
                return Err((
                    "regulate",
                    format!(
                        "`regulate.at` needs a skill as a wiki-link and a step from 1, like \
                         `- skill: \"[[Repair]]\"` and `step: 1`; found {:?} step {}",
                        at.skill, at.step
                    ),
                ));
            }
        }
        if self.regulate.break_threshold > 10 {
            return Err((
                "regulate",
                format!(
                    "`regulate.break_threshold` is {}; it should be a number from 0 to 10",
                    self.regulate.break_threshold
                ),
            ));
        }
        let b = &self.regulate.breathing;
        let in_range = |n: u32, most: u32| (1..=most).contains(&n);
        if !in_range(b.inhale_secs, LONGEST_BREATH_SECS)
            || !in_range(b.exhale_secs, LONGEST_BREATH_SECS)
            || !in_range(b.cycles, MOST_BREATHING_CYCLES)
        {
            return Err((
                "regulate",
                format!(
                    "`regulate.breathing` has inhale_secs {}, exhale_secs {} and cycles {}; \
                     each breath should take from 1 to {LONGEST_BREATH_SECS} seconds, and the \
                     cycles be from 1 to {MOST_BREATHING_CYCLES}",
                    b.inhale_secs, b.exhale_secs, b.cycles
                ),
            ));
        }
        let options = &self.attunement.checkins.options;
        if options.is_empty() {
            return Err((
                "attunement",
                "`attunement.checkins.options` needs at least one option (key and label)"
                    .to_string(),
            ));
        }
        let mut keys = BTreeSet::new();
        if let Some(dup) = options.iter().find(|o| !keys.insert(o.key.as_str())) {
            return Err((
                "attunement",
                format!(
                    "`attunement.checkins.options` uses the key {:?} twice; keys must differ",
                    dup.key
                ),
            ));
        }
        let stage = self.attunement.checkins.stage;
        if stage == 0 {
            return Err((
                "attunement",
                "`attunement.checkins.stage` numbers the stages from 1; it is 0".to_string(),
            ));
        }
        let numbered = [
            ("repair", &self.repair.steps),
            ("attunement", &self.attunement.stages),
        ];
        for (field, list) in numbered {
            if list.iter().any(|q| q.step == 0) {
                return Err((
                    field,
                    format!("`{field}` numbers its steps from 1; a step 0 was found"),
                ));
            }
        }
        Ok(())
    }

    /// The question whose answer is saved under `id` (`repair.2.1`, `attunement.stage.4.2`).
    pub fn question_at(&self, id: &str) -> Option<&Question> {
        let (list, rest) = if let Some(rest) = id.strip_prefix("repair.") {
            (&self.repair.steps, rest)
        } else {
            (&self.attunement.stages, id.strip_prefix(STAGE_ANSWER)?)
        };
        let (number, q) = rest.split_once('.')?;
        let questions = SessionGuide::questions_for(list, number.parse().ok()?);
        questions.get(q.parse::<usize>().ok()?.checked_sub(1)?)
    }

    /// The words that may mean the person is not safe (`safety_check.again`); none for a guide
    /// without them.
    pub fn danger_words(&self) -> DangerWords<'_> {
        self.safety_check
            .again
            .as_ref()
            .map(SafetyAgain::danger_words)
            .unwrap_or_default()
    }

    /// The questions the guide has for step (or stage) `number` of `list`.
    pub fn questions_for(list: &[NumberedQuestions], number: usize) -> &[Question] {
        list.iter()
            .find(|q| q.step == number)
            .map(|q| q.ask.as_slice())
            .unwrap_or(&[])
    }
}

/// Frontmatter of a `mistake_signals` note:
/// ```yaml
/// fileClass: mistake_signals
/// skill: "[[Repair]]"
/// signals:
///   - mistake: Rushing to explain your intent   # as the skill's Common Mistakes list says it
///     step: 2                                   # the step (1-based) whose guidance is the way instead
///     phrases: ["i didn't mean", "my intention was"]
///     lands: It can sound as if your reasons matter more than what they felt.
///     instead: Stay with what they felt before you explain what you meant.
/// not_after: ["not", "won't", "without"]   # "I won't say calm down" is not flagged
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct MistakeSignals {
    pub name: String,
    /// The skill these signals belong to.
    pub skill: crate::note::WikiLink,
    pub signals: Vec<Signal>,
    /// Words that, just before a phrase, say it is not what the person will say.
    pub not_after: Vec<String>,
    /// The file lines of `skill:`, and of each signal's `step:`, for `check` to point at.
    #[serde(skip)]
    pub lines: SignalLines,
}

/// Where a signals note writes what `check` may point at across the vault.
#[derive(Debug, Clone, Default)]
pub struct SignalLines {
    pub skill: Option<usize>,
    /// Each signal's `step:`, in the signals' order.
    pub steps: Vec<Option<usize>>,
}

/// One common mistake, where it belongs, what to do instead, and phrases that hint at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub mistake: String,
    /// How the flag names it, in plainer words than the skill's name for the mistake, where
    /// that name would not fit the words flagged.
    pub title: Option<String>,
    /// 1-based step number of the skill.
    pub step: usize,
    /// How such words can land with the other person, said gently after the flag.
    pub lands: String,
    pub instead: String,
    /// Lower-case phrases; a match is a gentle hint, never a verdict.
    pub phrases: Vec<String>,
    /// Kinder phrases that hold one of `phrases` ("I don't care how long it takes"): a match
    /// inside one of them is passed over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<String>,
    /// The supporting meta-skill that helps with this mistake, offered at the end of a session
    /// that met it (the link's target).
    pub practise: Option<String>,
    /// Its note's `not_after` words: a phrase just after one of them is passed over.
    #[serde(skip)]
    pub not_after: Arc<[String]>,
}

/// The frontmatter as written, before links are read and phrases normalised.
#[derive(Debug, Deserialize)]
struct SignalsFrontmatter {
    skill: String,
    signals: Vec<SignalFrontmatter>,
    #[serde(default)]
    not_after: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct SignalFrontmatter {
    mistake: String,
    #[serde(default)]
    title: Option<String>,
    step: usize,
    /// Older notes have none; the flag then says only what to do instead.
    #[serde(default)]
    lands: String,
    instead: String,
    phrases: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    practise: Option<String>,
}

impl MistakeSignals {
    pub fn from_note(note: &Note) -> Result<MistakeSignals, NoteError> {
        let fm = frontmatter_of(note)?;
        let raw: SignalsFrontmatter = fm.deserialize(&note.path)?;
        let skill = WikiLink::parse(&raw.skill).ok_or_else(|| {
            NoteError::new(
                &note.path,
                line_of(note, "skill"),
                format!(
                    "`skill` should be a wiki-link such as \"[[Repair]]\", not {:?}",
                    raw.skill
                ),
            )
        })?;
        let not_after = normalized_phrases(&raw.not_after);
        let signals = Signal::from_frontmatter(raw.signals, not_after.as_slice().into())
            .map_err(|message| NoteError::new(&note.path, line_of(note, "signals"), message))?;
        let lines = SignalLines {
            skill: line_of(note, "skill"),
            steps: (0..signals.len())
                .map(|i| fm.key_path_line(&format!("signals[{i}].step")))
                .collect(),
        };
        Ok(MistakeSignals {
            name: note.name.clone(),
            skill,
            signals,
            not_after,
            lines,
        })
    }
}

impl Signal {
    /// Normalises phrases (lower case, straight apostrophes, single spaces) and checks that each
    /// signal has a step and at least one phrase.
    fn from_frontmatter(
        raw: Vec<SignalFrontmatter>,
        not_after: Arc<[String]>,
    ) -> Result<Vec<Signal>, String> {
        raw.into_iter()
            .enumerate()
            .map(|(i, s)| {
                let phrases = normalized_phrases(&s.phrases);
                if s.step == 0 {
                    return Err(format!(
                        "signal {} ({:?}) has step 0; steps are numbered from 1",
                        i + 1,
                        s.mistake
                    ));
                }
                if phrases.is_empty() {
                    return Err(format!(
                        "signal {} ({:?}) has no phrases; give at least one",
                        i + 1,
                        s.mistake
                    ));
                }
                Ok(Signal {
                    mistake: s.mistake.trim().to_string(),
                    title: s
                        .title
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty()),
                    step: s.step,
                    lands: s.lands.trim().to_string(),
                    instead: s.instead.trim().to_string(),
                    phrases,
                    except: normalized_phrases(&s.except),
                    practise: s.practise.as_deref().and_then(|name| {
                        WikiLink::parse(name)
                            .or_else(|| WikiLink::parse(&format!("[[{}]]", name.trim())))
                            .map(|link| link.target)
                    }),
                    not_after: Arc::clone(&not_after),
                })
            })
            .collect()
    }
}

/// Each phrase normalised (see [`normalize_phrase`]), the empty ones left out.
fn normalized_phrases(phrases: &[String]) -> Vec<String> {
    phrases
        .iter()
        .map(|p| normalize_phrase(p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// How a phrase and an answer are compared: [`normalize_phrase`]d, and without apostrophes, so
/// that "dont", typed in a hurry, is "don't".
pub fn comparable(text: &str) -> String {
    normalize_phrase(&normalize_phrase(text).replace('\'', ""))
}

/// Lower case, typographic apostrophes made straight, runs of whitespace made one space. Used on
/// both the phrases and the answers, so that "I didn’t" and "i didn't" are the same words.
pub fn normalize_phrase(text: &str) -> String {
    let lowered: String = text
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn frontmatter_of(note: &Note) -> Result<&crate::note::Frontmatter, NoteError> {
    note.frontmatter.as_ref().ok_or_else(|| {
        NoteError::new(
            &note.path,
            Some(1),
            "this note has a fileClass but no frontmatter; add a `---` block at the top",
        )
    })
}

/// The file line of a top-level frontmatter key, for errors serde cannot place.
pub(super) fn line_of(note: &Note, key: &str) -> Option<usize> {
    let fm = note.frontmatter.as_ref()?;
    let prefix = format!("{key}:");
    fm.yaml
        .lines()
        .position(|line| line.starts_with(&prefix))
        .map(|i| fm.first_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::path::Path;

    const GUIDE: &str = include_str!("../../content/coach/Session Guide.md");
    const SIGNALS: &str = include_str!("../../content/coach/Mistake Signals.md");

    fn note(text: &str) -> Note {
        Note::parse(Path::new("vault/Session Guide.md"), text).unwrap()
    }

    #[test]
    fn resuming_names_the_kind_and_when_it_began() {
        let guide = SessionGuide::from_note(&note(GUIDE)).unwrap();
        let words = guide.resume.unwrap();
        let began = DateTime::parse_from_rfc3339("2026-11-30T21:05:00+00:00").unwrap();
        assert_eq!(
            words.said(Kind::Session, began),
            "Carrying on with your session from Monday 30 November, 21:05."
        );
        assert_eq!(
            words.said(Kind::Reflection, began),
            "Carrying on with your reflection from Monday 30 November, 21:05."
        );
        let bad = GUIDE.replace(
            "time_format: \"%A %-d %B, %H:%M\"",
            "time_format: \"%A %Q\"",
        );
        let error = SessionGuide::from_note(&note(&bad)).unwrap_err();
        let line = line_of_guide("time_format: \"%A %-d %B, %H:%M\"");
        assert_eq!(error.line, line, "{error}");
        assert!(error.message.contains("`resume.time_format`"), "{error}");
    }

    #[test]
    fn the_shipped_guide_types_with_its_links_and_numbers() {
        let guide = SessionGuide::from_note(&note(GUIDE)).unwrap();
        assert_eq!(guide.name, "Session Guide");
        assert_eq!(
            [&guide.skill, &guide.practice, &guide.safety],
            [
                "[[Repair]]",
                "[[Resolving Attunement Mishaps]]",
                "[[Staying Safe]]"
            ]
        );
        let b = &guide.regulate.breathing;
        assert_eq!((b.inhale_secs, b.exhale_secs, b.cycles), (4, 6, 4));
        // A comma inside a flow list splits the item unless it is quoted: every beginning that
        // stands for a lead is whole.
        let request = guide.question_at("attunement.stage.4.2").unwrap();
        assert!(
            request
                .same_as_lead
                .contains(&"Next time, can you".to_string())
        );
        assert!(!request.same_as_lead.contains(&"can you".to_string()));
        assert_eq!(guide.regulate.break_threshold, 7);
        assert!(guide.regulate.break_advice.contains("20 minutes"));
        let steps: Vec<usize> = guide.repair.steps.iter().map(|s| s.step).collect();
        assert_eq!(steps, [2, 3, 4, 5]);
        assert!(guide.repair.steps[0].ask[1].optional);
        assert!(!guide.repair.steps[0].ask[0].optional);
        let keys: Vec<&str> = guide
            .attunement
            .checkins
            .options
            .iter()
            .map(|o| o.key.as_str())
            .collect();
        assert_eq!(
            keys,
            ["three_a_day", "morning_evening", "daily", "together"]
        );
    }

    #[test]
    fn the_shipped_signals_cover_the_issues_examples() {
        let signals = MistakeSignals::from_note(&note(SIGNALS)).unwrap();
        assert_eq!(signals.skill.target, "Repair");
        let step_of = |phrase: &str| {
            signals
                .signals
                .iter()
                .find(|s| s.phrases.iter().any(|p| p == phrase))
                .map(|s| s.step)
        };
        assert_eq!(step_of("i didn't mean"), Some(2));
        assert_eq!(step_of("my intention"), Some(2));
        assert_eq!(step_of("at least"), Some(3));
        assert_eq!(step_of("overreacting"), Some(3));
        assert_eq!(step_of("sorry if"), Some(3));
        assert_eq!(step_of("let's just move on"), Some(5));
        assert_eq!(step_of("whatever."), Some(5));
    }

    #[test]
    fn a_signal_names_the_meta_skill_that_helps_as_a_link_or_a_name() {
        let text = "---\nfileClass: mistake_signals\nskill: \"[[Repair]]\"\nsignals:\n  - mistake: M\n    step: 2\n    instead: I\n    phrases: [a]\n    practise: \"[[Owning Impact]]\"\n  - mistake: N\n    step: 2\n    instead: I\n    phrases: [b]\n    practise: Staying Grounded\n  - mistake: O\n    step: 2\n    instead: I\n    phrases: [c]\n---\n";
        let signals = MistakeSignals::from_note(&note(text)).unwrap();
        let practise: Vec<Option<&str>> = signals
            .signals
            .iter()
            .map(|s| s.practise.as_deref())
            .collect();
        assert_eq!(
            practise,
            [Some("Owning Impact"), Some("Staying Grounded"), None]
        );
    }

    #[test]
    fn phrases_are_normalised_when_loaded() {
        let text = "---\nfileClass: mistake_signals\nskill: \"[[Repair]]\"\nsignals:\n  - mistake: M\n    step: 2\n    instead: I\n    phrases: [\"I  Didn’t MEAN\"]\n---\n";
        let signals = MistakeSignals::from_note(&note(text)).unwrap();
        assert_eq!(signals.signals[0].phrases, ["i didn't mean"]);
    }

    /// The shipped guide with one line replaced, to test what a user's edit can break.
    /// The line of the guide that holds `text`, counted from one.
    fn line_of_guide(text: &str) -> Option<usize> {
        GUIDE.lines().position(|l| l.contains(text)).map(|i| i + 1)
    }

    fn edited(from: &str, to: &str) -> String {
        assert!(GUIDE.contains(from), "{from:?} is not in the guide");
        GUIDE.replacen(from, to, 1)
    }

    #[rstest]
    #[case::not_a_link(
        edited("skill: \"[[Repair]]\"", "skill: Repair"),
        "`skill` should be a wiki-link",
        Some(6)
    )]
    #[case::threshold(
        edited("break_threshold: 7", "break_threshold: 12"),
        "from 0 to 10",
        None
    )]
    #[case::no_cycles(edited("cycles: 4", "cycles: 0"), "cycles be from 1 to 20", None)]
    #[case::a_breath_of_a_lifetime(
        edited("inhale_secs: 4", "inhale_secs: 4294967295"),
        "from 1 to 30 seconds",
        None
    )]
    #[case::regulating_step_zero(
        edited(
            "    - skill: \"[[Repair]]\"\n      step: 1",
            "    - skill: \"[[Repair]]\"\n      step: 0"
        ),
        "`regulate.at` needs a skill as a wiki-link and a step from 1",
        None
    )]
    #[case::duplicate_key(edited("key: daily", "key: together"), "\"together\" twice", None)]
    #[case::missing_field(
        edited("  closing: |\n    Thank", "  ending: |\n    Thank"),
        "closing",
        None
    )]
    #[case::wrong_type(
        edited("break_threshold: 7", "break_threshold: high"),
        "break_threshold",
        None
    )]
    #[case::could_say_not_a_list(
        edited("says: [sorry, apologise, apologize, apologies]", "says: sorry"),
        "`close.could_say.2.unless.2.says` should be a list",
        line_of_guide("says: [sorry")
    )]
    #[case::could_say_slipped_key(
        edited("says: [sorry", "sez: [sorry"),
        "`close.could_say.2.unless.2`: unknown field `sez`, expected one of `begins`, `says`",
        None
    )]
    #[case::could_say_never_said(
        edited(
            "        - begins: [sorry, so sorry, really sorry, very sorry, truly sorry, apologies, my apologies]\n          say:",
            "        - say:"
        ),
        "is never said: give it `begins` or `says`",
        None
    )]
    #[case::except_misspelt(
        edited("except: &not_doing", "excpet: &not_doing"),
        "unknown field `excpet`, expected one of `begins`, `says`, `except`, `say`",
        None
    )]
    #[case::except_without_begins(
        edited(
            "        - begins: [\"*ing\", not]\n          except: *not_doing",
            "        - except: *not_doing"
        ),
        "has `except` but no `begins`",
        None
    )]
    #[case::an_apostrophe_left_out(
        edited("apostrophes: [I'm,", "apostrophes: [Im,"),
        "`close`: `apostrophes`: \"Im\" has no apostrophe",
        None
    )]
    #[case::could_say_a_number(
        edited("    - \"You matter to me because {repair.4.1}.\"", "    - 3"),
        "`close.could_say.3` should be a sentence, or `say` with the sentences to say `unless`",
        None
    )]
    fn a_broken_guide_names_the_file_and_what_to_fix(
        #[case] text: String,
        #[case] says: &str,
        #[case] line: Option<usize>,
    ) {
        let error = SessionGuide::from_note(&note(&text)).unwrap_err();
        assert_eq!(error.path, Path::new("vault/Session Guide.md"));
        assert!(error.message.contains(says), "{error}");
        if let Some(line) = line {
            assert_eq!(error.line, Some(line));
        }
    }

    #[rstest]
    #[case::step_zero("    step: 0", "step 0")]
    #[case::no_phrases("    phrases: []", "no phrases")]
    fn a_broken_signal_says_which(#[case] line: &str, #[case] says: &str) {
        let text = format!(
            "---\nfileClass: mistake_signals\nskill: \"[[Repair]]\"\nsignals:\n  - mistake: M\n    instead: I\n{}\n{}\n---\n",
            if line.contains("step") {
                line
            } else {
                "    step: 2"
            },
            if line.contains("phrases") {
                line
            } else {
                "    phrases: [a]"
            },
        );
        let error = MistakeSignals::from_note(&note(&text)).unwrap_err();
        assert!(error.message.contains(says), "{error}");
        assert_eq!(error.line, Some(4));
    }
}
