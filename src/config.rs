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
    #[serde(default, deserialize_with = "vault_folder")]
    pub vault: Option<PathBuf>,
    #[serde(default, deserialize_with = "journal_folder")]
    pub journal: Option<PathBuf>,
    /// Keep every journal note encrypted with a passphrase (`encrypt = true`).
    #[serde(default)]
    pub encrypt: bool,
    /// A command whose output is the journal's passphrase, for scripts (`passphrase_command`).
    pub passphrase_command: Option<String>,
}

/// A config file is a few lines; anything bigger is not one (and must not be read whole).
const MAX_CONFIG_BYTES: u64 = 64 * 1024;
/// Longer than any folder name the system would open (PATH_MAX).
const MAX_PATH_BYTES: usize = 4096;
/// How much of a bad name or value an error message quotes.
const EXCERPT_CHARS: usize = 40;
const MAX_MESSAGE_CHARS: usize = 300;

/// The folders the settings are looked up in, as this machine has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// The config file, whether or not it exists.
    pub config_file: Option<PathBuf>,
    /// The default journal folder.
    pub journal_dir: Option<PathBuf>,
    /// Where the vault's metadata cache is kept.
    pub cache_dir: Option<PathBuf>,
    /// For `~/` in paths.
    pub home: Option<PathBuf>,
}

impl Places {
    /// `$XDG_CONFIG_HOME`, `$XDG_DATA_HOME` and `$XDG_CACHE_HOME` when set (on every platform, as people who set them
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
        let cache_dir =
            xdg("XDG_CACHE_HOME").or_else(|| project.as_ref().map(|p| p.cache_dir().to_path_buf()));
        Places {
            config_file: config_dir.map(|d| d.join("config.toml")),
            journal_dir: data_dir.map(|d| d.join("journal")),
            cache_dir,
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
        let Some(text) = read_config_text(file)? else {
            return Ok(Config::default());
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
            let line_text = line.and_then(|line| text.lines().nth(line - 1));
            anyhow::anyhow!(
                "{place}: {} (the config file knows `vault = \"DIR\"`, `journal = \"DIR\"`, \
                 `encrypt = true` and `passphrase_command = \"COMMAND\"`)",
                shorten_quotes(&in_words(e.message().trim_end(), line_text))
            )
        })
    }
}

/// The config file's text, or `None` when there is none. Only a plain file is read, and only
/// up to [`MAX_CONFIG_BYTES`]: a link to `/dev/zero` or a FIFO put in its place must be refused at
/// once, not read forever (the open does not wait for a FIFO's writer, either).
fn read_config_text(file: &Path) -> anyhow::Result<Option<String>> {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let cannot_read = || format!("could not read the config file {}", file.display());
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(file);
    let handle = match opened {
        Ok(handle) => handle,
        // A link to nothing (a dotfiles folder moved, say) is not "no settings": the journal
        // would go elsewhere, unencrypted, without a word.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::read_link(file) {
            Ok(target) => anyhow::bail!(
                "the config file {} is a link to {}, which is not there, so your settings could not be read. Put the file back where the link points, or remove the link",
                file.display(),
                target.display()
            ),
            Err(_) => return Ok(None),
        },
        Err(e) => return Err(e).with_context(cannot_read),
    };
    let meta = handle.metadata().with_context(cannot_read)?;
    let kind = meta.file_type();
    let what = if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a pipe")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else {
        Some("not a plain file")
    };
    if let Some(what) = what {
        anyhow::bail!(
            "the config file {} is {what}, so it was not read. Make it a plain text file with \
             settings such as `vault = \"DIR\"`, or remove it",
            file.display()
        );
    }
    let too_big = || {
        anyhow::anyhow!(
            "the config file {} is larger than {} KiB, too big to be settings, so it was not \
             read. Is it the right file?",
            file.display(),
            MAX_CONFIG_BYTES / 1024
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    handle
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(cannot_read)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big()); // it grew while being read
    }
    String::from_utf8(bytes).map(Some).map_err(|_| {
        anyhow::anyhow!(
            "the config file {} is not UTF-8 text; save it as UTF-8 and try again",
            file.display()
        )
    })
}

fn vault_folder<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    folder(d, "vault")
}

fn journal_folder<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    folder(d, "journal")
}

/// A folder setting: not empty (which would quietly mean the config file's own folder), and not
/// longer than any real folder name, so that no error repeats a huge value.
fn folder<'de, D: serde::Deserializer<'de>>(d: D, key: &str) -> Result<Option<PathBuf>, D::Error> {
    use serde::Deserialize;
    use serde::de::Error;
    let path = PathBuf::deserialize(d)?;
    let len = path.as_os_str().len();
    if len == 0 {
        return Err(D::Error::custom(format!(
            "`{key}` is empty. Set it to a folder, e.g. {key} = \"~/Notes\", or remove the line"
        )));
    }
    if len > MAX_PATH_BYTES {
        return Err(D::Error::custom(format!(
            "`{key}` is {len} characters long, too long to be a folder. Set it to a folder, \
             e.g. {key} = \"~/Notes\""
        )));
    }
    Ok(Some(path))
}

/// Cuts each `quoted` part of an error message (a key or value from the file) to a short excerpt,
/// and the whole message to a few lines' worth.
/// serde's words for a setting it could not take (`unknown field `vualt`, expected one of ...`,
/// `invalid type: integer `1`, expected path string`), said plainly, naming the setting from
/// the start of its line; TOML's own words for a slip in the syntax are plain already.
fn in_words(message: &str, line_text: Option<&str>) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, _)) = rest.split_once('`')
    {
        return format!("`{key}` is not a setting the config file knows");
    }
    let key = line_text
        .and_then(|line| line.split_once('='))
        .map(|(key, _)| key.trim())
        .filter(|key| !key.is_empty());
    match key {
        Some(key)
            if message.starts_with("invalid type") || message.starts_with("invalid value") =>
        {
            format!("`{key}` is not written as the config file takes it")
        }
        _ => message.to_owned(),
    }
}

fn shorten_quotes(message: &str) -> String {
    let shortened = message
        .split('`')
        .enumerate()
        .map(|(n, part)| {
            if n % 2 == 1 && part.chars().count() > EXCERPT_CHARS {
                let start: String = part.chars().take(EXCERPT_CHARS).collect();
                format!("{start}…")
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("`");
    if shortened.chars().count() > MAX_MESSAGE_CHARS {
        let start: String = shortened.chars().take(MAX_MESSAGE_CHARS).collect();
        format!("{start}…")
    } else {
        shortened
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
            cache_dir: Some(dir.join("cache")),
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
        assert!(
            error.contains("`vualt` is not a setting the config file knows"),
            "{error}"
        );
    }

    #[test]
    fn a_config_value_of_the_wrong_type_names_the_line() {
        let error = Config::parse("\n\njournal = 42\n", Path::new("config.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with(
                "config.toml:3: `journal` is not written as the config file takes it (the config \
                 file knows `vault = \"DIR\"`"
            ),
            "{error}"
        );
        // serde's own words (`invalid type: integer`, `expected path string`) stay inside.
        for text in [
            "journal = 42",
            "encrypt = \"yes\"",
            "vault = [1, 2]",
            "vualt = 1",
        ] {
            let error = Config::parse(text, Path::new("config.toml"))
                .unwrap_err()
                .to_string();
            assert!(!error.contains("invalid"), "{error}");
            assert!(!error.contains("expected"), "{error}");
        }
    }

    #[test]
    fn an_empty_folder_setting_is_an_error_naming_the_key_and_line() {
        for key in ["vault", "journal"] {
            let text = format!("# settings\n{key} = \"\"\n");
            let error = Config::parse(&text, Path::new("config.toml"))
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("config.toml:2: "), "{error}");
            assert!(error.contains(&format!("`{key}` is empty")), "{error}");
            assert!(error.contains("remove the line"), "{error}");
        }
    }

    #[test]
    fn errors_quote_only_a_short_excerpt_of_a_huge_key_or_value() {
        let huge = "a".repeat(60_000);
        for text in [
            format!("{huge} = 1\n"),
            format!("vault = \"/{huge}\"\n"),
            format!("journal = [\"{huge}\"]\n"),
            format!("vault = \"{huge}"),
        ] {
            let error = Config::parse(&text, Path::new("config.toml"))
                .unwrap_err()
                .to_string();
            assert!(
                error.len() < 600,
                "{} bytes: {}",
                error.len(),
                &error[..600]
            );
        }
    }

    fn load_error(places: &Places) -> String {
        format!("{:#}", Config::load(places).unwrap_err())
    }

    #[test]
    fn a_config_file_that_is_a_link_to_a_device_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        let file = places.config_file.clone().unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
        let error = load_error(&places);
        assert!(error.contains("is a device"), "{error}");
        assert!(error.contains(&file.display().to_string()), "{error}");
    }

    #[test]
    fn a_config_file_that_is_a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        let file = places.config_file.clone().unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let c_path = std::ffi::CString::new(file.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        // On a thread, so that a regression fails here instead of hanging the suite.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(load_error(&places)).unwrap());
        let error = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("reading a FIFO as the config file waited for a writer");
        assert!(error.contains("is a pipe"), "{error}");
    }

    #[test]
    fn a_config_file_too_big_to_be_settings_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        write_config(&places, &format!("# {}\n", "x".repeat(70_000)));
        let error = load_error(&places);
        assert!(error.contains("larger than 64 KiB"), "{error}");
        assert!(error.len() < 300, "{error}");
    }

    #[test]
    fn a_config_file_that_is_a_folder_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        std::fs::create_dir_all(places.config_file.as_ref().unwrap()).unwrap();
        assert!(load_error(&places).contains("is a folder"));
    }

    #[test]
    fn a_config_file_reached_through_a_link_to_a_plain_file_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "vault = \"/srv/notes\"\n").unwrap();
        let file = places.config_file.clone().unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&real, &file).unwrap();
        let config = Config::load(&places).unwrap();
        assert_eq!(config.vault, Some(PathBuf::from("/srv/notes")));
    }

    #[test]
    fn a_config_file_that_is_a_link_to_nothing_is_an_error_not_no_settings() {
        let dir = tempfile::tempdir().unwrap();
        let places = places_in(dir.path());
        let moved = dir.path().join("dotfiles").join("config.toml");
        let file = places.config_file.clone().unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&moved, &file).unwrap();
        let error = load_error(&places);
        assert!(
            error.contains(&format!(
                "is a link to {}, which is not there",
                moved.display()
            )),
            "{error}"
        );
        std::fs::remove_file(&file).unwrap();
        assert!(
            Config::load(&places).is_ok(),
            "no file at all is no settings"
        );
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
