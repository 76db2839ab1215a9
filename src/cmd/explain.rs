//! `brake explain CMD`: the trace of how brake reads a line.

use super::{load_config, load_rules, use_color, EXIT_OK};
use brake::cli::ExplainArgs;
use brake::report::{explain::explain, Style};

pub fn run(args: ExplainArgs) -> u8 {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rules = match load_rules(&args.rules, &config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let style = Style {
        color: use_color(args.color),
    };
    print!("{}", explain(&args.command, &rules, &config.policy, style));
    EXIT_OK
}
