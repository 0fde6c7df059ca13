//! `completions SHELL`: a completion script for the shell, from clap's own model of the command
//! line, so it never falls behind a new option.
use super::print;
use crate::Exit;
use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

pub fn run(shell: Shell) -> anyhow::Result<Exit> {
    // Into a buffer first: clap_complete writing straight to a closed pipe (`| head`) panics.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "repair-coach", &mut script);
    print(&String::from_utf8(script)?)
}
