//! Where the vault and the journal are: `--vault`/`--journal`, then `REPAIR_COACH_VAULT`/
//! `REPAIR_COACH_JOURNAL` (both through clap), then `$XDG_CONFIG_HOME/repair-coach/config.toml`
//! (`vault = "..."`, `journal = "..."`), then the defaults (shipped notes only; the user's data
//! directory for the journal).
use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub vault: Option<PathBuf>,
    pub journal: Option<PathBuf>,
}
