//! One module per subcommand. Each returns the process exit code; only these modules and
//! `report` print.

pub mod approvals;
pub mod approve;
pub mod check;
pub mod explain;
pub mod guard;
pub mod log;
pub mod rules;

use brake::cli::{ColorChoice, RuleFileArgs};
use brake::rules::Ruleset;
use std::io::IsTerminal;

/// Exit codes of `brake check` and the other inspection commands.
pub const EXIT_OK: u8 = 0;
pub const EXIT_HELD: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// The built-in rules plus any `--rules FILE`; on a bad file prints where and returns Err.
pub fn load_rules(args: &RuleFileArgs) -> Result<Ruleset, u8> {
    let mut rules = Ruleset::builtin();
    for f in &args.files {
        if let Err(e) = rules.load_file(f) {
            eprintln!("brake: invalid rule file {e}");
            return Err(EXIT_ERROR);
        }
    }
    Ok(rules)
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
