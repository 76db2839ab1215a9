//! The `brake` binary: parses the command line and dispatches. Each subcommand lives in `cmd/`.
//! brake's own argv is classified before clap is loaded: guarded execution (prefix mode and the
//! drop-in shell) is the hot path and never pays for clap.

mod cmd;

use brake::guard::argv::{classify, Mode};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mode = classify(&argv);
    if mode != Mode::Subcommand {
        return ExitCode::from(cmd::guard::run(mode));
    }
    let cli = brake::cli::Cli::parse_from(argv);
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
        brake::cli::Command::Approve(args) => cmd::approve::run(&args.code),
        brake::cli::Command::Approvals => cmd::approvals::run(),
        brake::cli::Command::Log(args) => cmd::log::run(args),
    };
    ExitCode::from(code)
}
