//! `brake rules list|show|test`.

use super::{load_rules, EXIT_ERROR, EXIT_HELD, EXIT_OK};
use brake::cli::{RulesAction, RulesArgs};
use brake::report::{action_name, severity_name};
use brake::rules::{Rule, Ruleset};
use brake::verdict::{check, Decision, Policy, ENGINE_CHECKS};

pub fn run(args: RulesArgs) -> u8 {
    // Examples are judged against the built-in behaviour, not the user's configuration.
    let config = brake::config::Config::default();
    let rules = match load_rules(&args.rules, &config) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match args.action {
        RulesAction::List => {
            for r in rules.all() {
                let s = &r.spec;
                println!(
                    "{:<32} {:<8} {:<9} {}",
                    s.id,
                    severity_name(s.severity),
                    action_name(s.action),
                    s.title
                );
            }
            for c in ENGINE_CHECKS {
                println!("{:<32} {:<8} {:<9} {}", c.id, "high", "-", c.title);
            }
            EXIT_OK
        }
        RulesAction::Show { id } => match rules.get(&id) {
            Some(r) => {
                print!("{}", show(r));
                EXIT_OK
            }
            None => match ENGINE_CHECKS.iter().find(|c| c.id == id) {
                Some(c) => {
                    println!("# {} (engine check, high)\n\n## What it holds\n{}\n\n## Why is this dangerous?\n{}\n\n## Use instead\n{}", c.id, c.title, c.reason, c.safer);
                    EXIT_OK
                }
                None => {
                    eprintln!("brake: no rule `{id}` (see `brake rules list`)");
                    EXIT_ERROR
                }
            },
        },
        RulesAction::Test => {
            let failures = test_examples(&rules);
            let total: usize = rules
                .all()
                .iter()
                .map(|r| r.spec.examples.hold.len() + r.spec.examples.pass.len())
                .sum();
            for f in &failures {
                println!("FAIL {f}");
            }
            println!(
                "{} examples, {} passed, {} failed",
                total,
                total - failures.len(),
                failures.len()
            );
            if failures.is_empty() {
                EXIT_OK
            } else {
                EXIT_HELD
            }
        }
    }
}

/// A ruff-style page for one rule.
pub fn show(r: &Rule) -> String {
    let s = &r.spec;
    let mut out = format!(
        "# {} ({} pack, {}, {})\n\n## What it holds\n{}\n\n## Why is this dangerous?\n{}\n\n## Example\n",
        s.id,
        r.pack,
        severity_name(s.severity),
        action_name(s.action),
        s.title,
        s.reason.trim()
    );
    for h in &s.examples.hold {
        out.push_str(&format!("    {h}\n"));
    }
    out.push_str(&format!("\n## Use instead\n{}\n", s.safer.trim()));
    if !s.examples.pass.is_empty() {
        out.push_str("\n## Not held\n");
        for p in &s.examples.pass {
            out.push_str(&format!("    {p}\n"));
        }
    }
    out
}

/// Runs every example: a hold example must be matched by its own rule; a pass example must be
/// allowed outright. Returns one message per failure.
pub fn test_examples(rules: &Ruleset) -> Vec<String> {
    let policy = Policy::default();
    let mut failures = Vec::new();
    for r in rules.all() {
        let s = &r.spec;
        for h in &s.examples.hold {
            let v = check(h, rules, &policy);
            if !v.findings.iter().any(|f| f.rule == s.id) {
                let got: Vec<&str> = v.findings.iter().map(|f| f.rule.as_str()).collect();
                failures.push(format!(
                    "{}: should hold `{h}` (got: {})",
                    s.id,
                    if got.is_empty() {
                        "allow".into()
                    } else {
                        got.join(", ")
                    }
                ));
            }
        }
        for p in &s.examples.pass {
            let v = check(p, rules, &policy);
            if v.decision != Decision::Allow {
                let got: Vec<&str> = v.findings.iter().map(|f| f.rule.as_str()).collect();
                failures.push(format!(
                    "{}: should pass `{p}` (held by {})",
                    s.id,
                    got.join(", ")
                ));
            }
        }
    }
    failures
}
