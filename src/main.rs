//! Parses the command line and hands over to the library; nothing else lives here.
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = repair_coach::cli::Cli::parse();
    repair_coach::run(cli).into()
}
