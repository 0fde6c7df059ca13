//! One file per subcommand; `dispatch` picks one.
use crate::Exit;
use crate::cli::Cli;

pub fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    let _ = cli;
    todo!("commands")
}
