//! `brake check`: the dry run. One command (`-c`), one command per line (`--lines`), or a scan
//! of files and directories (`PATH...`, default `.`): the CI checker. Never executes anything.
//! A scan prints per-file errors to stderr and goes on; its exit status is 2 when any file
//! could not be read or parsed, else 1 when an unsuppressed finding reaches `--fail-on`, else 0.

use super::{load_config, load_rules, use_color, EXIT_ERROR, EXIT_HELD, EXIT_OK};
use brake::cli::{CheckArgs, Format, SeverityArg};
use brake::report::{github, json, sarif, text, Style};
use brake::rules::spec::Severity;
use brake::rules::Ruleset;
use brake::scan;
use brake::verdict::{check, Decision, Policy, Verdict};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// A scan of at least this many files shows a progress bar (on a terminal).
const PROGRESS_MIN_FILES: usize = 200;

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
    if args.command.is_none() && args.lines.is_none() {
        return run_scan(&args, &rules, &policy, style);
    }
    if matches!(args.output.format, Format::Sarif | Format::Github) {
        eprintln!(
            "brake: --format sarif and github are for scans of files (PATH...), not -c or --lines"
        );
        return EXIT_ERROR;
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let held = std::cell::Cell::new(false);
    let emit = |v: &Verdict, out: &mut dyn Write| -> std::io::Result<()> {
        held.set(held.get() || v.decision != Decision::Allow);
        match args.output.format {
            Format::Json => writeln!(out, "{}", json::verdict_line(v)),
            _ => write!(out, "{}", text::verdict(v, style)),
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

/// Scans files and directories: walk, check on every core, render, exit status.
fn run_scan(args: &CheckArgs, rules: &Ruleset, policy: &Policy, style: Style) -> u8 {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (targets, walk_errors) = scan::targets(&roots);
    let bar = progress_bar(targets.len());
    let mut report = scan::scan(&targets, rules, policy, &|| bar.inc(1));
    bar.finish_and_clear();
    report.errors.splice(0..0, walk_errors);
    for e in &report.errors {
        eprintln!("brake: {}: {}", e.path, e.message);
    }
    let rendered = match args.output.format {
        Format::Text => {
            let mut s = String::new();
            for l in report.findings.iter().filter(|l| !l.suppressed) {
                s.push_str(&text::located(l, style));
            }
            s + &text::scan_summary(&report)
        }
        Format::Json => json::scan(&report),
        Format::Sarif => sarif::scan(&report, rules),
        Format::Github => github::scan(&report),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_all(rendered.as_bytes())
        .and_then(|()| out.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("brake: cannot write: {e}");
            return EXIT_ERROR;
        }
    }
    let fail_on = match args.fail_on {
        SeverityArg::Low => Severity::Low,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::High => Severity::High,
        SeverityArg::Critical => Severity::Critical,
    };
    if !report.errors.is_empty() {
        EXIT_ERROR
    } else if report.fails(fail_on) {
        EXIT_HELD
    } else {
        EXIT_OK
    }
}

/// A progress bar on stderr for long scans on a terminal; hidden otherwise.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    let terminal =
        std::io::stderr().is_terminal() && std::env::var("TERM").map_or(true, |t| t != "dumb");
    if !terminal || files < PROGRESS_MIN_FILES {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} files {elapsed}")
            .expect("progress template")
            .progress_chars("=> "),
    );
    bar.set_prefix("brake: checking");
    bar
}
