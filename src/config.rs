//! Where the vault and the journal are: `--vault`/`--journal`, then `REPAIR_COACH_VAULT`/
//! `REPAIR_COACH_JOURNAL` (both through clap), then `$XDG_CONFIG_HOME/repair-coach/config.toml`
//! (`vault = "..."`, `journal = "..."`), then the defaults (shipped notes only; the user's data
//! directory for the journal).
//!
//! The functions that decide take the folders they look in as arguments ([`Places`]), so they are
//! tested without touching the process environment; [`Places::from_env`] is the one reader of it.
use anyhow::Context;
use std::path::{Path, PathBuf};

const APP: &str = "repair-coach";

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub vault: Option<PathBuf>,
    pub journal: Option<PathBuf>,
    /// Keep every journal note encrypted with a passphrase (`encrypt = true`).
    #[serde(default)]
    pub encrypt: bool,
    /// A command whose output is the journal's passphrase, for scripts (`passphrase_command`).
    pub passphrase_command: Option<String>,
}

/// The folders the settings are looked up in, as this machine has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// The config file, whether or not it exists.
    pub config_file: Option<PathBuf>,
    /// The default journal folder.
    pub journal_dir: Option<PathBuf>,
    /// For `~/` in paths.
    pub home: Option<PathBuf>,
}

impl Places {
    /// `$XDG_CONFIG_HOME` and `$XDG_DATA_HOME` when set (on every platform, as people who set them
    /// expect), else the platform's folders from `directories`.
    pub fn from_env() -> Places {
        let project = directories::ProjectDirs::from("", "", APP);
        let xdg = |var: &str| {
            std::env::var_os(var)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|p| p.join(APP))
        };
        let config_dir = xdg("XDG_CONFIG_HOME")
            .or_else(|| project.as_ref().map(|p| p.config_dir().to_path_buf()));
        let data_dir =
            xdg("XDG_DATA_HOME").or_else(|| project.as_ref().map(|p| p.data_dir().to_path_buf()));
        Places {
            config_file: config_dir.map(|d| d.join("config.toml")),
            journal_dir: data_dir.map(|d| d.join("journal")),
            home: directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()),
        }
    }
}

impl Config {
    /// Reads the config file at `places.config_file`; no file is no settings. Paths in it have
    /// `~/` expanded, and a relative path is taken from the config file's folder.
    pub fn load(places: &Places) -> anyhow::Result<Config> {
        let Some(file) = &places.config_file else {
            return Ok(Config::default());
        };
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(e).with_context(|| format!("could not read {}", file.display()));
            }
        };
        let config = Config::parse(&text, file)?;
        let base = file.parent().unwrap_or(Path::new(""));
        let absolute = |p: PathBuf| {
            let p = expand_home(&p, places.home.as_deref());
            if p.is_absolute() { p } else { base.join(p) }
        };
        Ok(Config {
            vault: config.vault.map(absolute),
            journal: config.journal.map(absolute),
            ..config
        })
    }

    /// Parses config text; an error names the file and the line, and says what to fix.
    pub fn parse(text: &str, file: &Path) -> anyhow::Result<Config> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let place = match line {
                Some(line) => format!("{}:{line}", file.display()),
                None => file.display().to_string(),
            };
            anyhow::anyhow!(
                "{place}: {} (the config file knows `vault = \"DIR\"`, `journal = \"DIR\"`, \
                 `encrypt = true` and `passphrase_command = \"COMMAND\"`)",
                e.message().trim_end()
            )
        })
    }
}

/// The user's vault: the flag or environment variable, else the config file; `None` means the
/// shipped notes only.
pub fn vault_dir(flag: Option<&Path>, config: &Config, places: &Places) -> Option<PathBuf> {
    flag.map(|p| expand_home(p, places.home.as_deref()))
        .or_else(|| config.vault.clone())
}

/// The journal folder: the flag or environment variable, else the config file, else the data folder.
pub fn journal_dir(
    flag: Option<&Path>,
    config: &Config,
    places: &Places,
) -> anyhow::Result<PathBuf> {
    flag.map(|p| expand_home(p, places.home.as_deref()))
        .or_else(|| config.journal.clone())
        .or_else(|| places.journal_dir.clone())
        .context(
            "could not find a folder for your journal: pass --journal DIR, or set \
             REPAIR_COACH_JOURNAL or `journal = \"DIR\"` in the config file",
        )
}

/// `~` and `~/rest` become the home folder (as a shell would, for values that no shell expanded:
/// environment variables set in quotes, the config file).
pub fn expand_home(path: &Path, home: Option<&Path>) -> PathBuf {
    let Some(home) = home else {
        return path.to_path_buf();
    };
    match path.strip_prefix("~") {
        Ok(rest) => home.join(rest),
        Err(_) => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places_in(dir: &Path) -> Places {
        Places {
            config_file: Some(dir.join("repair-coach").join("config.toml")),
            journal_dir: Some(dir.join("data").join("journal")),
            home: Some(PathBuf::from("/home/someone")),
        }
    }

    fn write_config(places: &Places, text: &str) {
        let file = places.config_file.as_ref().unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    #[test]
    fn no_config_file_means_no_settings_and_the_default_journal() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        let config = Config::load(&places).unwrap();
        assert_eq!(config, Config::default());
        assert_eq!(vault_dir(None, &config, &places), None);
        assert_eq!(
            journal_dir(None, &config, &places).unwrap(),
            dir.path().join("data/journal")
        );
    }

    #[test]
    fn config_file_paths_expand_home_and_are_used_when_no_flag_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        write_config(&places, "vault = \"~/Notes\"\njournal = \"/srv/journal\"\n");
        let config = Config::load(&places).unwrap();
        assert_eq!(
            vault_dir(None, &config, &places),
            Some(PathBuf::from("/home/someone/Notes"))
        );
        assert_eq!(
            journal_dir(None, &config, &places).unwrap(),
            PathBuf::from("/srv/journal")
        );
    }

    #[test]
    fn a_relative_config_path_is_taken_from_the_config_files_folder() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        write_config(&places, "vault = \"notes\"\n");
        let config = Config::load(&places).unwrap();
        assert_eq!(config.vault, Some(dir.path().join("repair-coach/notes")));
    }

    #[test]
    fn the_flag_wins_over_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        write_config(
            &places,
            "vault = \"/from/config\"\njournal = \"/from/config\"\n",
        );
        let config = Config::load(&places).unwrap();
        assert_eq!(
            vault_dir(Some(Path::new("~/flag")), &config, &places),
            Some(PathBuf::from("/home/someone/flag"))
        );
        assert_eq!(
            journal_dir(Some(Path::new("/flag")), &config, &places).unwrap(),
            PathBuf::from("/flag")
        );
    }

    #[test]
    fn a_bad_config_file_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        write_config(&places, "# my settings\nvault = \"~/Notes\"\nvualt = 3\n");
        let error = Config::load(&places).unwrap_err().to_string();
        let file = places.config_file.unwrap();
        assert!(
            error.starts_with(&format!("{}:3: ", file.display())),
            "{error}"
        );
        assert!(error.contains("vualt"), "{error}");
    }

    #[test]
    fn a_config_value_of_the_wrong_type_names_the_line() {
        let error = Config::parse("\n\njournal = 42\n", Path::new("config.toml"))
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("config.toml:3: "), "{error}");
    }

    #[test]
    fn no_data_folder_and_nothing_set_is_a_clear_error() {
        let places = Places::default();
        let error = journal_dir(None, &Config::default(), &places).unwrap_err();
        assert!(error.to_string().contains("--journal"));
    }

    #[test]
    fn expand_home_touches_only_a_leading_tilde() {
        let home = Some(Path::new("/h"));
        assert_eq!(expand_home(Path::new("~"), home), PathBuf::from("/h"));
        assert_eq!(expand_home(Path::new("~/a"), home), PathBuf::from("/h/a"));
        assert_eq!(expand_home(Path::new("a/~"), home), PathBuf::from("a/~"));
        assert_eq!(expand_home(Path::new("~a"), home), PathBuf::from("~a"));
    }
}
