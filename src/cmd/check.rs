//! `brake check`: the dry run. One command (`-c`), one command per line (`--lines`), or scripts
//! (`PATH...`). Never executes anything.

use super::{load_config, load_rules, use_color, EXIT_ERROR, EXIT_HELD, EXIT_OK};
use brake::cli::{CheckArgs, Format};
use brake::report::{json, text, Style};
use brake::rules::Ruleset;
use brake::verdict::{check, Decision, Policy, Verdict};
use std::io::{BufRead, Write};

pub fn run(args: CheckArgs) -> u8 {
    let config = match load_config() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let rules = match load_rules(&args.rules, &config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let policy = config.policy;
    let style = Style {
        color: args.output.format == Format::Text && use_color(args.output.color),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let held = std::cell::Cell::new(false);
    let emit = |v: &Verdict, out: &mut dyn Write| -> std::io::Result<()> {
        held.set(held.get() || v.decision != Decision::Allow);
        match args.output.format {
            Format::Json => writeln!(out, "{}", json::verdict_line(v)),
            Format::Text => write!(out, "{}", text::verdict(v, style)),
        }
    };
    let result: Result<(), String> = (|| {
        if let Some(cmd) = &args.command {
            emit(&check(cmd, &rules, &policy), &mut out).map_err(|e| e.to_string())?;
        } else if let Some(path) = &args.lines {
            let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                let f = std::fs::File::open(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                Box::new(std::io::BufReader::new(f))
            };
            check_lines(reader, &rules, &policy, &mut |v| emit(v, &mut out))
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        } else if !args.paths.is_empty() {
            for path in &args.paths {
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let script = String::from_utf8_lossy(&bytes);
                let v = check(&script, &rules, &policy);
                if args.output.format == Format::Text {
                    for f in &v.findings {
                        let (line, col) = line_col(&script, f.span.0);
                        let _ = writeln!(
                            out,
                            "{}:{line}:{col}: {} [{}] {} {}",
                            path.display(),
                            brake::report::severity_name(f.severity),
                            f.rule,
                            brake::report::action_name(f.action),
                            f.target
                        );
                    }
                    held.set(held.get() || v.decision != Decision::Allow);
                } else {
                    emit(&v, &mut out).map_err(|e| e.to_string())?;
                }
            }
        } else {
            return Err("nothing to check: give -c CMD, --lines FILE or PATH...".into());
        }
        Ok(())
    })();
    let flushed = out.flush();
    match result {
        Err(e) => {
            eprintln!("brake: {e}");
            EXIT_ERROR
        }
        Ok(()) if flushed.is_err() => EXIT_ERROR,
        Ok(()) if held.get() => EXIT_HELD,
        Ok(()) => EXIT_OK,
    }
}

/// Checks each line of `reader` as one command, including empty lines. Invalid UTF-8 is
/// decoded lossily (and so judged on what can be read).
pub fn check_lines(
    mut reader: impl BufRead,
    rules: &Ruleset,
    policy: &Policy,
    emit: &mut dyn FnMut(&Verdict) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        let line = String::from_utf8_lossy(&buf);
        emit(&check(&line, rules, policy))?;
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}
