//! `--color auto|always|never`, decided once for stdout and stderr. `auto` is console's own
//! reading of the environment, which is ripgrep's too: no colour when the stream is not a
//! terminal, `TERM=dumb`, `NO_COLOR` is set (even empty) or `CLICOLOR=0`; `CLICOLOR_FORCE` (not
//! `0`) turns it on even into a pipe. `always` and `never` overrule all of those.
use crate::global_args::ColorChoice;

pub fn apply(choice: ColorChoice) {
    let forced = match choice {
        ColorChoice::Auto => return,
        ColorChoice::Always => true,
        ColorChoice::Never => false,
    };
    console::set_colors_enabled(forced);
    console::set_colors_enabled_stderr(forced);
}
