//! One module per subcommand. Each returns the process exit code; only these modules and
//! `report` print.

pub mod approvals;
pub mod approve;
pub mod check;
pub mod config;
pub mod doctor;
pub mod explain;
pub mod guard;
pub mod hook;
pub mod install;
pub mod log;
pub mod rules;

use brake::cli::{ColorChoice, RuleFileArgs};
use brake::config::Config;
use brake::rules::Ruleset;
use std::io::IsTerminal;

/// Exit codes of `brake check` and the other inspection commands.
pub const EXIT_OK: u8 = 0;
pub const EXIT_HELD: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// The effective configuration; on an invalid file prints where and returns Err.
pub fn load_config() -> Result<Config, u8> {
    Config::load().map_err(|e| {
        eprintln!("brake: invalid configuration {e}");
        EXIT_ERROR
    })
}

/// The built-in rules plus the configuration's extra rule files and any `--rules FILE`; on a
/// bad file prints where and returns Err.
pub fn load_rules(args: &RuleFileArgs, config: &Config) -> Result<Ruleset, u8> {
    Ruleset::with_files(config.rule_files().chain(&args.files)).map_err(|e| {
        eprintln!("brake: invalid rule file {e}");
        EXIT_ERROR
    })
}

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}
