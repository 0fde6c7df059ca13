//! `man`: one roff manual page for the whole program. clap_mangen's own page names the
//! subcommands only; this one adds, for each, its synopsis, description, options and examples.
use super::print;
use crate::Exit;
use crate::cli::Cli;
use clap::CommandFactory;
use clap_mangen::Man;

pub fn run() -> anyhow::Result<Exit> {
    print(&page()?)
}

/// The page's roff text.
pub fn page() -> std::io::Result<String> {
    let mut command = Cli::command();
    // Built once here so that every subcommand knows its full name (`repair-coach journal list`).
    command.build();
    let mut out = Vec::new();
    Man::new(command.clone()).render(&mut out)?;
    let mut out = String::from_utf8_lossy(&out).replace(".SH EXTRA", ".SH EXAMPLES");
    for sub in subcommands(&command) {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_owned();
        out += &format!(".SH \"{}\"\n", name.to_uppercase());
        let man = Man::new(sub.clone());
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut part)?;
        }
        // Each part is a subsection of the command's own section.
        let part = String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        out += &part.replace(".SS EXTRA", ".SS EXAMPLES");
    }
    Ok(out)
}

/// Every subcommand, depth first, without clap's own `help`.
fn subcommands(command: &clap::Command) -> Vec<&clap::Command> {
    let mut all = Vec::new();
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        all.push(sub);
        all.extend(subcommands(sub));
    }
    all
}
