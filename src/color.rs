//! Whether to style output, decided once for stdout and stderr and for clap's own help and
//! errors alike. `--color always|never` overrules everything; else, in this order: `NO_COLOR`
//! (not empty, as no-color.org asks) turns it off, `CLICOLOR_FORCE` (not empty or `0`) turns it
//! on even into a pipe, and otherwise a stream gets it when it is a terminal, `TERM` is not
//! `dumb` and `CLICOLOR` is not `0`. This is anstream's order, so clap decides as we do.
use crate::global_args::ColorChoice;
use clap::builder::styling::{Style, Styles};
use std::io::IsTerminal;

/// The choice for this run: `--color` as written on the command line, else the environment's.
/// Read before clap parses anything, so that its help and errors follow it too.
pub fn choice(args: &[std::ffi::OsString], env: &dyn Fn(&str) -> Option<String>) -> ColorChoice {
    if let Some(given) = given_on_the_line(args) {
        return given;
    }
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    if set("NO_COLOR").is_some() {
        ColorChoice::Never
    } else if set("CLICOLOR_FORCE").is_some_and(|value| value != "0") {
        ColorChoice::Always
    } else {
        ColorChoice::Auto
    }
}

/// clap's help and errors in the styles everything else uses, bold and dim: clap's own are red,
/// green, yellow and underlined, loud for someone who only mistyped a word.
pub const QUIET_STYLES: Styles = Styles::plain()
    .header(BOLD)
    .usage(BOLD)
    .literal(BOLD)
    .error(BOLD)
    .valid(BOLD)
    .invalid(BOLD)
    .context(Style::new().dimmed());

const BOLD: Style = Style::new().bold();

/// Applies `choice` to both streams, and returns it as clap takes it.
pub fn apply(choice: ColorChoice) -> clap::ColorChoice {
    let auto = |terminal: bool| {
        terminal
            && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
            && std::env::var_os("CLICOLOR").is_none_or(|value| value != "0")
    };
    let (stdout, stderr) = match choice {
        ColorChoice::Auto => (
            auto(std::io::stdout().is_terminal()),
            auto(std::io::stderr().is_terminal()),
        ),
        ColorChoice::Always => (true, true),
        ColorChoice::Never => (false, false),
    };
    console::set_colors_enabled(stdout);
    console::set_colors_enabled_stderr(stderr);
    match choice {
        ColorChoice::Auto => clap::ColorChoice::Auto,
        ColorChoice::Always => clap::ColorChoice::Always,
        ColorChoice::Never => clap::ColorChoice::Never,
    }
}

/// The last `--color WHEN` or `--color=WHEN` before `--`, when WHEN is one clap takes; clap
/// itself says what is wrong with any other.
fn given_on_the_line(args: &[std::ffi::OsString]) -> Option<ColorChoice> {
    let mut given = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        let value = match word.as_ref() {
            "--" => break,
            "--color" => words.next().map(|w| w.into_owned()),
            other => other.strip_prefix("--color=").map(str::to_owned),
        };
        if let Some(value) = value {
            given = <ColorChoice as clap::ValueEnum>::from_str(&value, false)
                .ok()
                .or(given);
        }
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice_of(args: &[&str], vars: &[(&str, &str)]) -> ColorChoice {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        let env = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        };
        choice(&args, &env)
    }

    #[test]
    fn no_color_wins_over_clicolor_force_and_the_flag_over_both() {
        let both = [("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")];
        assert_eq!(choice_of(&["rc", "show"], &both), ColorChoice::Never);
        assert_eq!(
            choice_of(&["rc", "--color", "always", "show"], &both),
            ColorChoice::Always
        );
        assert_eq!(
            choice_of(&["rc", "show", "--color=never"], &[("CLICOLOR_FORCE", "1")]),
            ColorChoice::Never
        );
        assert_eq!(
            choice_of(&["rc", "show"], &[("CLICOLOR_FORCE", "1")]),
            ColorChoice::Always
        );
    }

    #[test]
    fn an_empty_no_color_or_a_zero_clicolor_force_changes_nothing() {
        let vars = [("NO_COLOR", ""), ("CLICOLOR_FORCE", "0")];
        assert_eq!(choice_of(&["rc", "show"], &vars), ColorChoice::Auto);
    }

    #[test]
    fn a_color_word_after_double_dash_or_a_value_clap_refuses_is_not_taken() {
        assert_eq!(
            choice_of(&["rc", "show", "--", "--color=always"], &[]),
            ColorChoice::Auto
        );
        assert_eq!(
            choice_of(&["rc", "--color", "sometimes"], &[]),
            ColorChoice::Auto
        );
    }
}
