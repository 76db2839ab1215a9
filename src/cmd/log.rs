//! `brake log [--json] [-n N]` shows the audit log of held commands; `brake log verify` checks
//! its hash chain and names the line where a record was edited, inserted or deleted.

use brake::audit::{Entry, Log};
use brake::cli::{LogAction, LogArgs};
use brake::report::text::one_line;

pub fn run(args: LogArgs) -> u8 {
    let log = match Log::open() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("brake: cannot open the audit log: {e}");
            return 2;
        }
    };
    if let Some(LogAction::Verify) = args.action {
        return verify(&log);
    }
    let lines = match log.lines() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("brake: cannot read {}: {e}", log.path().display());
            return 2;
        }
    };
    let skip = args.n.map_or(0, |n| lines.len().saturating_sub(n));
    for line in &lines[skip..] {
        if args.json {
            println!("{line}");
            continue;
        }
        match serde_json::from_str::<Entry>(line) {
            Ok(e) => print!("{}", render(&e)),
            Err(_) => println!("(unreadable record: {})", one_line(line)),
        }
    }
    0
}

fn render(e: &Entry) -> String {
    let rules: Vec<&str> = e.findings.iter().map(|f| f.rule.as_str()).collect();
    let mut s = format!(
        "{}  {:<19}  {}\n    in {}",
        e.time,
        e.outcome.as_str(),
        one_line(&e.command),
        e.cwd
    );
    if !rules.is_empty() {
        s.push_str(&format!("  [{}]", rules.join(", ")));
    }
    if let Some(c) = &e.code {
        s.push_str(&format!("  code {}", brake::approval::code::display(c)));
    }
    if let Some(d) = &e.detail {
        s.push_str(&format!("  ({d})"));
    }
    s.push('\n');
    s
}

fn verify(log: &Log) -> u8 {
    match log.verify() {
        Ok((n, problems)) if problems.is_empty() => {
            println!("ok: {n} records, the hash chain is intact");
            0
        }
        Ok((n, problems)) => {
            for p in &problems {
                println!("{}: {p}", log.path().display());
            }
            println!("tampered: {} problem(s) in {n} records", problems.len());
            1
        }
        Err(e) => {
            eprintln!("brake: cannot read {}: {e}", log.path().display());
            2
        }
    }
}
