//! `brake explain CMD`: the trace of how brake reads a line.

use super::{load_rules, use_color, EXIT_OK};
use brake::cli::ExplainArgs;
use brake::report::{explain::explain, Style};

pub fn run(args: ExplainArgs) -> u8 {
    let rules = match load_rules(&args.rules) {
        Ok(r) => r,
        Err(code) => return code,
    };
    print!(
        "{}",
        explain(
            &args.command,
            &rules,
            Style {
                color: use_color(args.color)
            }
        )
    );
    EXIT_OK
}
