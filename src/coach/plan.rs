//! Gathering what a session needs from the vault, with clear errors when a piece is missing.
use super::signals;
use crate::model::{Class, Model, Practice, Scenario, SessionGuide, Signal, Skill};
use crate::note::WikiLink;
use crate::vault::{Entry, Origin, Vault};
use anyhow::{Context, anyhow, bail};
use std::path::PathBuf;

/// The name a user's own guide takes to replace the shipped one.
const GUIDE_NAME: &str = "Session Guide";

/// Everything one session or reflection draws on, read once from the vault.
#[derive(Debug, Clone)]
pub struct Plan {
    pub guide: SessionGuide,
    /// The skill whose steps the session walks (the guide's, Repair as shipped, unless another is
    /// chosen); it has at least one step.
    pub skill: Skill,
    /// The name of the guide's own skill: its questions in the guide, its side question and
    /// "what you could say" belong to it.
    pub guide_skill: String,
    /// The scenarios `skill` links to in `related_scenarios`, that can frame the session.
    pub scenarios: Vec<Scenario>,
    /// The supporting meta-skills `skill` links to, one of which is offered at the end.
    pub meta_skills: Vec<Skill>,
    /// The 1-based step of `skill` that the guide marks as calming down first.
    pub regulating: Option<usize>,
    /// The attunement practice, or the practice named for `reflect`.
    pub practice: Practice,
    pub safety: SafetyNote,
    /// The mistake signals that belong to `skill`, from every `mistake_signals` note for it.
    pub signals: Vec<Signal>,
    /// The mistake signals that belong to `practice`, each at one of its stages.
    pub practice_signals: Vec<Signal>,
    /// How the person runs this program, with the folders they named (`repair-coach --vault
    /// DIR`): the start of a command the session names.
    pub invocation: String,
}

/// The note shown, and nothing else done, when someone is not safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetyNote {
    pub name: String,
    /// Where the note is (vault-relative, or `<shipped>/...`).
    pub path: PathBuf,
    /// Markdown, as written in the note: every country's lines.
    pub text: String,
    /// The shipped safety note's markdown, when this note is the person's own: the lines it
    /// lacks are taken from there (see `safety`). `None` for the shipped note itself.
    pub shipped: Option<String>,
    /// Where the person lives (an ISO 3166 code), whose lines are shown; `None` when not
    /// known: the general lines only.
    pub country: Option<String>,
}

impl SafetyNote {
    /// The note of `entry` as the safety note, for no country yet; a person's own with the
    /// shipped note's lines beside it.
    pub fn of(vault: &Vault, entry: &Entry) -> SafetyNote {
        SafetyNote {
            name: entry.note.name.clone(),
            path: entry.note.path.clone(),
            text: vault.body_of(entry).trim().to_string(),
            shipped: match entry.origin {
                Origin::User(_) => Vault::shipped_body_of_class(super::SAFETY_FILE_CLASS),
                Origin::Shipped => None,
            },
            country: None,
        }
    }
}

impl Plan {
    /// The guide (the note named "Session Guide" if it is one, else the first `session_guide`
    /// note), and the skill, practice and safety note it links to. An error names the note to
    /// fix, so that a session can fall back to the shipped notes and `check` can point at it.
    pub fn from_vault(vault: &Vault) -> Result<Plan, Unplanned> {
        fn as_guide(entry: &Entry) -> Option<(&Entry, &SessionGuide)> {
            match &entry.model {
                Model::SessionGuide(guide) => Some((entry, guide)),
                _ => None,
            }
        }
        let named = vault.get(GUIDE_NAME);
        let Some((guide_entry, guide)) = named.and_then(as_guide).or_else(|| {
            vault
                .of_classes(&[Class::SessionGuide])
                .into_iter()
                .find_map(as_guide)
        }) else {
            return Err(match named {
                Some(entry) => Unplanned::at(
                    entry,
                    "this note takes the place of the shipped session guide, as it has its name, \
                     but it is not a session guide: give it `fileClass: session_guide`, or rename \
                     it",
                ),
                None => Unplanned::new(
                    format!("{GUIDE_NAME}.md"),
                    "no note is a session guide (`fileClass: session_guide`)",
                ),
            });
        };
        let linked = |field: &str, link: &str| linked(vault, guide_entry, field, link);
        // A note the guide links to is the one to fix when it is the user's and the guide is not.
        let blame = |entry: &'_ Entry| -> PathBuf {
            match (&entry.origin, &guide_entry.origin) {
                (Origin::User(_), Origin::Shipped) => entry.note.path.clone(),
                _ => guide_entry.note.path.clone(),
            }
        };

        let skill_entry = linked("skill", &guide.skill)?;
        let Model::Skill(skill) = &skill_entry.model else {
            return Err(Unplanned::new(
                blame(skill_entry),
                format!(
                    "the session guide ({}) names [[{}]] as its skill, but that note is not a \
                     skill (it needs `fileClass: core_skill`)",
                    guide_entry.note.path.display(),
                    skill_entry.note.name
                ),
            ));
        };
        if skill.steps.is_empty() {
            return Err(Unplanned::new(
                blame(skill_entry),
                format!(
                    "the skill [[{}]] ({}) has no steps; the session walks its steps, so add \
                     them under `steps:`",
                    skill.name,
                    skill.path.display()
                ),
            ));
        }
        let practice_entry = linked("practice", &guide.practice)?;
        let practice = practice_of(practice_entry).ok_or_else(|| {
            Unplanned::new(
                blame(practice_entry),
                format!(
                    "the session guide ({}) names [[{}]] as its practice, but that note ({}) is \
                     not one: {PRACTICE_NEEDS}",
                    guide_entry.note.path.display(),
                    practice_entry.note.name,
                    practice_entry.note.path.display()
                ),
            )
        })?;
        let safety = SafetyNote::of(vault, linked("safety", &guide.safety)?);
        let mut plan = Plan {
            guide: guide.clone(),
            skill: skill.clone(),
            guide_skill: skill.name.clone(),
            safety,
            signals: Vec::new(),
            practice_signals: signals_of(vault, &practice.name),
            practice,
            scenarios: Vec::new(),
            meta_skills: Vec::new(),
            regulating: None,
            invocation: "repair-coach".to_owned(),
        };
        plan.link_skill(vault);
        Ok(plan)
    }

    /// The same plan with the safety note for someone living in `country` (see
    /// [`super::SafetyNote::for_country`]).
    pub fn with_safety_for(mut self, country: Option<&str>) -> Plan {
        self.safety = self.safety.for_country(country);
        self
    }

    /// The same plan naming commands that begin `invocation`.
    pub fn with_invocation(mut self, invocation: &str) -> Plan {
        self.invocation = invocation.to_owned();
        self
    }

    /// The same plan walking another skill, for `start SKILL` and for a skill chosen among
    /// several focus skills: a core skill with steps, by name or alias.
    pub fn with_skill(mut self, vault: &Vault, name: &str) -> anyhow::Result<Plan> {
        let entry = vault.get(name).with_context(|| {
            format!(
                "there is no note called \"{}\"; `repair-coach skills` lists the skills",
                crate::render::typed_name(name)
            )
        })?;
        let Model::Skill(skill) = &entry.model else {
            // A slip in its fileClass is the likeliest reason a note meant as a skill is not one.
            if let Some(meant) = entry.note.file_class().and_then(Class::near_miss) {
                bail!(
                    "{} ({}) is not a skill: its `fileClass: {}` is not one the coach reads; if \
                     you meant `{meant}`, write `fileClass: {meant}`",
                    entry.note.name,
                    entry.note.path.display(),
                    entry.note.file_class().unwrap_or_default()
                );
            }
            bail!(
                "{} ({}) is not a skill, so it has no steps to go through; `repair-coach skills` \
                 lists the ones you can start",
                entry.note.name,
                entry.note.path.display()
            );
        };
        if !skill.is_walkable() {
            bail!(
                "{} is a meta-skill: it is practised inside a core skill, rather than as a session \
                 of its own. Read it with `repair-coach show \"{}\"`; `repair-coach skills` lists \
                 the skills you can start",
                skill.name,
                skill.name
            );
        }
        self.skill = skill.clone();
        self.link_skill(vault);
        Ok(self)
    }

    /// Whether the walked skill is the guide's own.
    pub fn walks_guide_skill(&self) -> bool {
        self.skill.name == self.guide_skill
    }

    /// The mistake signals, scenarios, meta-skills and regulating step of `self.skill`.
    fn link_skill(&mut self, vault: &Vault) {
        let skill = &self.skill;
        let is_skill = |link: &str| {
            WikiLink::parse(link)
                .and_then(|link| vault.resolve(&link))
                .is_some_and(|e| e.note.name == skill.name)
        };
        let regulating = match &self.guide.regulate.at {
            None => (skill.name == self.guide_skill).then_some(1),
            Some(at) => at.iter().find(|a| is_skill(&a.skill)).map(|a| a.step),
        };
        self.regulating = regulating.filter(|&step| step <= skill.steps.len());
        self.signals = signals_of(vault, &skill.name);
        self.scenarios = skill
            .related_scenarios
            .iter()
            .filter_map(|link| match &vault.resolve(link)?.model {
                Model::Scenario(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        self.meta_skills = skill
            .supporting_meta_skills
            .iter()
            .filter_map(|link| match &vault.resolve(link)?.model {
                Model::Skill(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
    }

    /// The same plan over another practice, for `reflect PRACTICE`.
    pub fn with_practice(mut self, vault: &Vault, name: &str) -> anyhow::Result<Plan> {
        let entry = vault.get(name).with_context(|| {
            let practices = crate::suggest::candidates(vault, Some(&[Class::Practice]));
            let pairs = practices.iter().map(|(n, a)| (n.as_str(), a.as_str()));
            let near = crate::suggest::closest_by(name, pairs);
            format!(
                "there is no note called \"{}\".{} `repair-coach skills` lists the practices",
                crate::render::typed_name(name),
                crate::suggest::hint(&near)
            )
        })?;
        self.practice = practice_of(entry).ok_or_else(|| {
            anyhow!(
                "{} ({}) is not a practice, so it has no reflection questions; `repair-coach \
                 skills` lists the practices ({PRACTICE_NEEDS})",
                entry.note.name,
                entry.note.path.display()
            )
        })?;
        self.practice_signals = signals_of(vault, &self.practice.name);
        Ok(self)
    }

    /// The mistake signal the answer saved under `id` shows, if any. A step's answer is checked
    /// against the skill's signals ([`signals::for_answer`]); a practice stage's answer
    /// (`attunement.stage.4.2`) only against that stage's own, as its other stages ask for what
    /// a signal would flag ("what did you feel they should have noticed?").
    pub fn signal_in<'p>(&'p self, id: &str, text: &str) -> Option<signals::Hit<'p>> {
        match id.strip_prefix(crate::model::guide::STAGE_ANSWER) {
            Some(rest) => {
                let stage = rest.split('.').next()?.parse().ok()?;
                signals::at_step(&self.practice_signals, stage, text)
            }
            None => signals::for_answer(&self.signals, id, text),
        }
    }
}

/// The signals of every `mistake_signals` note whose `skill:` link leads to the note `name`.
fn signals_of(vault: &Vault, name: &str) -> Vec<Signal> {
    vault
        .mistake_signals()
        .filter(|m| vault.resolve(&m.skill).map(|e| e.note.name.as_str()) == Some(name))
        .flat_map(|m| m.signals.iter().cloned())
        .collect()
}

/// The entry a guide field links to, or an error saying which link dangles and how to fix it.
fn linked<'v>(
    vault: &'v Vault,
    guide: &Entry,
    field: &str,
    link: &str,
) -> Result<&'v Entry, Unplanned> {
    let path = guide.note.path.display();
    let parsed = WikiLink::parse(link).ok_or_else(|| {
        Unplanned::at(
            guide,
            format!(
                "the session guide ({path}) has `{field}: {link}`; it should be a wiki-link such \
                 as \"[[Note]]\""
            ),
        )
    })?;
    vault.resolve(&parsed).ok_or_else(|| {
        Unplanned::at(
            guide,
            format!(
                "the session guide ({path}) links to [[{}]] as its {field}, which is not in your \
                 vault. Add a note with that name, or change `{field}:` in the guide",
                parsed.target
            ),
        )
    })
}

/// Why the notes make no session, and the note to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unplanned {
    /// The note as the user knows it: vault-relative, or `<shipped>/...`.
    pub note: PathBuf,
    pub message: String,
}

impl Unplanned {
    fn new(note: impl Into<PathBuf>, message: impl Into<String>) -> Unplanned {
        Unplanned {
            note: note.into(),
            message: message.into(),
        }
    }

    fn at(entry: &Entry, message: impl Into<String>) -> Unplanned {
        Unplanned::new(entry.note.path.clone(), message)
    }
}

fn practice_of(entry: &Entry) -> Option<Practice> {
    match &entry.model {
        Model::Practice(p) => Some(p.clone()),
        _ => None,
    }
}

const PRACTICE_NEEDS: &str =
    "a practice needs `fileClass: practice`, with `stages` and `reflection_prompts`";

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const GUIDE: &str = include_str!("../../content/coach/Session Guide.md");

    /// A request with an edge in it is flagged as an accusation; a plain one is not.
    #[rstest]
    #[case::stop_ignoring("stop ignoring me", true)]
    #[case::for_a_change("actually listen for a change", true)]
    #[case::less_selfish("be less selfish", true)]
    #[case::like_a_normal("pay attention like a normal partner would", true)]
    #[case::obviously("notice when I'm tired, obviously", true)]
    #[case::plain("ask me how I am when I go quiet", false)]
    #[case::a_break("tell me when you need a break", false)]
    fn a_request_with_an_edge_is_flagged(#[case] request: &str, #[case] flagged: bool) {
        let plan = crate::coach::testing::plan();
        let hit = plan.signal_in("attunement.stage.4.2", request);
        assert_eq!(hit.is_some(), flagged, "{request:?}");
    }

    /// A user's vault holding one note, layered over the shipped ones.
    fn vault_with(name: &str, text: &str) -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("{name}.md")), text).unwrap();
        let vault = Vault::load(Some(dir.path())).unwrap();
        (dir, vault)
    }

    #[test]
    fn the_shipped_notes_make_a_plan() {
        let plan = Plan::from_vault(&Vault::shipped()).unwrap();
        assert_eq!(plan.guide.name, "Session Guide");
        assert_eq!(plan.skill.name, "Repair");
        assert_eq!(plan.skill.steps.len(), 5);
        assert_eq!(plan.practice.name, "Resolving Attunement Mishaps");
        assert_eq!(plan.practice.reflection_prompts.len(), 2);
        assert_eq!(plan.safety.name, "Staying Safe");
        for line in ["## GB", "## US", "## DE", "999", "0808 2000 247", "116 016"] {
            assert!(
                plan.safety.text.contains(line),
                "the safety note lists {line}"
            );
        }
        assert!(
            plan.signals
                .iter()
                .any(|s| s.mistake == "Rushing to explain your intent")
        );
    }

    #[rstest]
    #[case::the_request("attunement.stage.4.2", "you always ignore me", true)]
    #[case::what_they_hoped("attunement.stage.4.1", "that you never ask", true)]
    #[case::should_is_asked_for("attunement.stage.2.1", "you should have seen it", false)]
    #[case::a_request_said_kindly("attunement.stage.4.2", "ask me how I am", false)]
    #[case::a_step_of_the_skill("repair.2.1", "you should have seen it", false)]
    fn a_practice_answer_is_checked_against_its_stage_only(
        #[case] id: &str,
        #[case] text: &str,
        #[case] flagged: bool,
    ) {
        let plan = Plan::from_vault(&Vault::shipped()).unwrap();
        let hit = plan.signal_in(id, text);
        assert_eq!(hit.is_some(), flagged, "{id}: {text}");
        if let Some(hit) = hit {
            assert!(plan.practice_signals.contains(hit.signal));
        }
        // The skill's signals are not the practice's: "sorry if" flags a step, not a stage.
        assert!(plan.signal_in("repair.3.1", "sorry if").is_some());
        assert!(plan.signal_in("attunement.stage.4.2", "sorry if").is_none());
    }

    #[test]
    fn after_the_argument_passes_over_a_phrase_said_as_not_meant() {
        let vault = Vault::shipped();
        let after = Plan::from_vault(&vault)
            .unwrap()
            .with_skill(&vault, "aftermath")
            .unwrap();
        assert!(after.signal_in("step.4.1", "it was your fault").is_some());
        assert!(after.signal_in("step.4.1", "it's not your fault").is_none());
    }

    #[test]
    fn another_skill_brings_its_own_signals_scenarios_and_meta_skills() {
        let vault = Vault::shipped();
        let plan = Plan::from_vault(&vault).unwrap();
        assert!(plan.walks_guide_skill());
        assert_eq!(plan.regulating, Some(1));
        assert!(plan.scenarios.is_empty());
        assert_eq!(plan.meta_skills.len(), 5);
        let after = plan.with_skill(&vault, "aftermath").unwrap();
        assert_eq!(after.skill.name, "After the Argument");
        assert!(!after.walks_guide_skill());
        assert_eq!(after.guide_skill, "Repair");
        assert_eq!(after.regulating, Some(1));
        let scenarios: Vec<&str> = after.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            scenarios,
            ["It Keeps Coming Back", "Said Something Hurtful"]
        );
        let metas: Vec<&str> = after.meta_skills.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            metas,
            [
                "Partnering Instead of Defending",
                "Owning Impact",
                "Staying Grounded"
            ]
        );
        assert!(after.signals.iter().all(|s| s.step <= 6));
        assert!(
            after
                .signals
                .iter()
                .any(|s| s.mistake == "Blaming them for what set you off")
        );
        assert!(
            !after
                .signals
                .iter()
                .any(|s| s.mistake == "Rushing to explain your intent"),
            "Repair's signals stay with Repair"
        );
    }

    #[rstest]
    #[case::not_a_note("Baking", "there is no note called \"Baking\"")]
    #[case::not_a_skill("Staying Safe", "is not a skill, so it has no steps to go through")]
    #[case::a_meta_skill(
        "Owning Impact",
        "Owning Impact is a meta-skill: it is practised inside"
    )]
    fn only_a_core_skill_can_be_walked(#[case] name: &str, #[case] says: &str) {
        let vault = Vault::shipped();
        let error = Plan::from_vault(&vault)
            .unwrap()
            .with_skill(&vault, name)
            .unwrap_err()
            .to_string();
        assert!(error.contains(says), "{error}");
    }

    #[test]
    fn a_users_guide_replaces_the_shipped_one_by_name() {
        let (_dir, vault) = vault_with(
            "Session Guide",
            &GUIDE.replace(
                "Which of these is closest to what happened?",
                "What happened?",
            ),
        );
        let plan = Plan::from_vault(&vault).unwrap();
        assert_eq!(plan.guide.side.question, "What happened?");
    }

    #[rstest]
    #[case::dangling_practice(
        GUIDE.replace("[[Resolving Attunement Mishaps]]", "[[Listening Practice]]"),
        "links to [[Listening Practice]] as its practice, which is not in your vault"
    )]
    #[case::skill_not_a_skill(
        GUIDE.replace("skill: \"[[Repair]]\"", "skill: \"[[Staying Safe]]\""),
        "names [[Staying Safe]] as its skill, but that note is not a skill"
    )]
    #[case::practice_not_a_practice(
        GUIDE.replace("[[Resolving Attunement Mishaps]]", "[[Owning Impact]]"),
        "names [[Owning Impact]] as its practice, but that note (<shipped>/Owning Impact.md) is not one"
    )]
    fn a_missing_piece_is_named(#[case] guide: String, #[case] says: &str) {
        let (_dir, vault) = vault_with("Session Guide", &guide);
        let error = Plan::from_vault(&vault).unwrap_err().to_string();
        assert!(error.contains(says), "{error}");
        assert!(error.contains("Session Guide.md"), "{error}");
    }

    #[test]
    fn reflect_can_take_another_practice_or_says_it_is_not_one() {
        let (_dir, vault) = vault_with(
            "Evening Review",
            "---\nfileClass: practice\ndescription: A short look back.\nstages: [\"Look back\"]\nreflection_prompts: [\"What went well?\"]\n---\n",
        );
        let plan = Plan::from_vault(&vault)
            .unwrap()
            .with_practice(&vault, "evening review")
            .unwrap();
        assert_eq!(plan.practice.reflection_prompts, ["What went well?"]);
        // The shipped practice's signals do not come along.
        assert!(plan.practice_signals.is_empty());
        assert!(
            !Plan::from_vault(&vault)
                .unwrap()
                .practice_signals
                .is_empty()
        );
        let error = Plan::from_vault(&vault)
            .unwrap()
            .with_practice(&vault, "Repair")
            .unwrap_err();
        assert!(error.to_string().contains("is not a practice"), "{error}");
    }
}
