//! `brake explain`: a readable trace of how a line was read — parse, invocations with their
//! wrappers, working directory, flags and targets with their classes, what could not be seen
//! into, and every rule that matched with why.

use super::{action_name, severity_name, Style};
use crate::model::{self, Stdin};
use crate::rules::targets::classify;
use crate::rules::{ParsedArgs, Ruleset};
use crate::verdict::{self, Policy};
use std::fmt::Write;

pub fn explain(line: &str, rules: &Ruleset, policy: &Policy, style: Style) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}",
        style.bold("command:"),
        super::text::one_line(line)
    );
    match crate::shell::parse(line) {
        Ok(syn) if syn.has_error() => {
            let _ = writeln!(
                s,
                "{} does not parse as shell: the conservative tokenizer judges it",
                style.bold("parse:")
            );
        }
        Ok(syn) => {
            let _ = writeln!(
                s,
                "{} ok ({} top-level statement(s))",
                style.bold("parse:"),
                syn.root().named_child_count()
            );
        }
        Err(limit) => {
            let _ = writeln!(
                s,
                "{} not attempted: {}",
                style.bold("parse:"),
                limit.describe()
            );
        }
    }
    let model = model::build(line);
    let _ = writeln!(
        s,
        "{} {}",
        style.bold("invocations:"),
        model.invocations.len()
    );
    for (i, inv) in model.invocations.iter().enumerate() {
        let _ = writeln!(s, "  {}. {}", i + 1, style.bold(&verdict::describe(inv)));
        let _ = writeln!(
            s,
            "     program: {}   cwd: {}",
            inv.program,
            inv.cwd.describe()
        );
        if !inv.wrappers.is_empty() {
            let _ = writeln!(s, "     via: {}", inv.wrappers.join(" > "));
        }
        if !inv.assignments.is_empty() {
            let env: Vec<String> = inv
                .assignments
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let _ = writeln!(s, "     env: {}", env.join(" "));
        }
        for r in &inv.redirects {
            let _ = writeln!(
                s,
                "     redirect: {}{} {}",
                r.fd.clone().unwrap_or_default(),
                r.op,
                r.target.text
            );
        }
        match &inv.stdin {
            Stdin::Inherited => {}
            Stdin::Text(t) => {
                let _ = writeln!(s, "     stdin: text ({} bytes)", t.len());
            }
            Stdin::File(w) => {
                let _ = writeln!(s, "     stdin: file {}", w.text);
            }
            Stdin::Paths(p) => {
                let _ = writeln!(
                    s,
                    "     stdin: paths {}",
                    p.iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                );
            }
            Stdin::Unknown(from) => {
                let _ = writeln!(s, "     stdin: output of `{from}`");
            }
        }
        let candidates = rules.candidates(&inv.program);
        if candidates.is_empty() {
            let _ = writeln!(s, "     rules: none name `{}`", inv.program);
            continue;
        }
        let parsed = ParsedArgs::parse(&inv.args, rules.program_spec(&inv.program));
        let flags: Vec<String> = parsed
            .flags
            .iter()
            .map(|(f, v)| match v {
                Some(v) => format!("{f}={v}"),
                None => f.clone(),
            })
            .collect();
        let _ = writeln!(
            s,
            "     flags: {}",
            if flags.is_empty() {
                "(none)".into()
            } else {
                flags.join(" ")
            }
        );
        for p in &parsed.positionals {
            let classes = classify(p, &inv.cwd).names();
            let _ = writeln!(s, "     positional: {} [{}]", p.text, classes.join(", "));
        }
        let found = verdict::rule_findings(inv, rules, policy);
        let _ = writeln!(
            s,
            "     rules: {} candidate(s), {} matched",
            candidates.len(),
            found.len()
        );
        for (_, f) in found {
            let _ = writeln!(
                s,
                "       {} {} {} {} on `{}`: {}",
                style.red("match"),
                f.rule,
                severity_name(f.severity),
                action_name(f.action),
                f.target,
                f.why.join("; ")
            );
        }
    }
    for o in &model.opaque {
        let _ = writeln!(s, "  {} {} ({})", style.yellow("opaque:"), o.reason, o.text);
    }
    for u in &model.unparsed {
        let _ = writeln!(
            s,
            "  {} {}",
            style.yellow("unparsed:"),
            super::text::one_line(&u.text)
        );
    }
    for (l, _) in &model.limits {
        let _ = writeln!(s, "  {} {}", style.red("limit:"), l.describe());
    }
    let v = verdict::check(line, rules, policy);
    let _ = writeln!(s, "{} {}", style.bold("decision:"), v.decision.as_str());
    for f in &v.findings {
        s.push_str(&super::text::finding(f, style));
    }
    s
}
