//! The `brake` binary: parses the command line and dispatches. Each subcommand lives in `cmd/`.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let code = match cli.command {
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Explain(args) => cmd::explain::run(args),
        cli::Command::Rules(args) => cmd::rules::run(args),
    };
    ExitCode::from(code)
}
