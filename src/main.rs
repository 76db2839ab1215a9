//! The `brake` binary: parses the command line and dispatches. Each subcommand lives in `cmd/`.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = brake::cli::Cli::parse();
    let code = match cli.command {
        brake::cli::Command::Check(args) => cmd::check::run(args),
        brake::cli::Command::Explain(args) => cmd::explain::run(args),
        brake::cli::Command::Rules(args) => cmd::rules::run(args),
        brake::cli::Command::Config => cmd::config::show(),
        brake::cli::Command::Trust { file } => cmd::config::trust(file),
        brake::cli::Command::Hook { agent } => cmd::hook::run(agent.agent()),
        brake::cli::Command::Install(args) => cmd::install::install(args),
        brake::cli::Command::Uninstall(args) => cmd::install::uninstall(args),
        brake::cli::Command::Doctor => cmd::doctor::run(),
    };
    ExitCode::from(code)
}
