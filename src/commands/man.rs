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
    // The top page without its examples, which are drawn below as written, not refilled.
    Man::new(command.clone().after_help(None::<&str>)).render(&mut out)?;
    let mut out = String::from_utf8_lossy(&out).into_owned();
    if let Some(examples) = command.get_after_help() {
        out += &format!(".SH EXAMPLES\n{}", verbatim(&examples.to_string()));
    }
    for sub in subcommands(&command) {
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_owned();
        out += &format!(".SH \"{}\"\n", name.to_uppercase());
        // The global options are on the page once, at the top.
        let own = sub.clone().mut_args(|arg| {
            if arg.is_global_set() {
                arg.hide(true)
            } else {
                arg
            }
        });
        let man = Man::new(own);
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part)?;
        man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part)?;
        }
        // Each part is a subsection of the command's own section.
        out += &String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        if let Some(examples) = sub.get_after_help() {
            out += &format!(".SS EXAMPLES\n{}", verbatim(&examples.to_string()));
        }
    }
    Ok(out)
}

/// Text kept line for line (`.nf`), without its own "Examples:" heading, escaped for roff.
fn verbatim(text: &str) -> String {
    let mut out = String::from(".nf\n");
    let heading = |line: &str| matches!(line.trim_end(), "Examples:" | "Example:");
    for line in text.lines().skip_while(|l| heading(l)) {
        let line = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with `.` or `'` would be read as a request.
        if line.starts_with('.') || line.starts_with('\'') {
            out.push_str("\\&");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out + ".fi\n"
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
