//! Parses the command line and hands over to the library; nothing else lives here.
use clap::{CommandFactory, Parser};
use std::process::ExitCode;

/// mimalloc: `check` on a large vault makes millions of small allocations, and this allocator
/// takes about a tenth off its time. Built without transparent huge pages, which would make it
/// hold far more memory than it uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash repair-coach -- ...`) is answered and left.
    clap_complete::CompleteEnv::with_factory(repair_coach::cli::Cli::command)
        .var(repair_coach::commands::completions::COMPLETE_VAR)
        .complete();
    let cli = repair_coach::cli::Cli::parse();
    repair_coach::run(cli).into()
}
