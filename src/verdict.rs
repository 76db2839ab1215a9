//! Stage 4, verdict: runs the model through the rules and decides. A [`Finding`] is the one
//! shape every output uses; the [`Decision`] is the most severe over all findings (`allow` <
//! `ask` < `deny`), so one held command in a chain holds the whole line. What brake cannot see
//! into (dynamic program names, scripts of unknown text, unparsable input, limits) becomes a
//! finding too when it looks destructive: brake fails closed.

use crate::fallback;
use crate::limits::Limit;
use crate::model::{self, Invocation, Model, OpaqueKind, Span};
use crate::rules::spec::{Action, OneOrMany, Severity};
use crate::rules::{match_rule, ParsedArgs, Rule, Ruleset};
use crate::vocabulary::{is_destructive_flag, is_verb, looks_destructive, rough_words};
use serde::Serialize;

/// One reason to hold a command.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub action: Action,
    pub target: String,
    pub severity: Severity,
    pub reason: String,
    pub safer: String,
    pub span: Span,
    /// The invocation it was found in, as run (program and arguments).
    #[serde(skip)]
    pub command: String,
    #[serde(skip)]
    pub wrappers: Vec<String>,
    #[serde(skip)]
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Allow,
    Ask,
    Deny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Ask => "ask",
            Decision::Deny => "deny",
        }
    }
}

/// A configured change to one rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Override {
    pub severity: Option<Severity>,
    pub disabled: bool,
    /// From an untrusted project file: the severity may only go up.
    pub raise_only: bool,
}

/// What to do with findings: decision per severity (`ask` unless configured `deny`), per-rule
/// overrides, and protected names.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub deny: Vec<Severity>,
    pub overrides: std::collections::BTreeMap<String, Override>,
    pub protected: crate::protect::Protected,
}

impl Policy {
    pub fn decide(&self, findings: &[Finding]) -> Decision {
        findings
            .iter()
            .map(|f| {
                if self.deny.contains(&f.severity) {
                    Decision::Deny
                } else {
                    Decision::Ask
                }
            })
            .max()
            .unwrap_or(Decision::Allow)
    }
}

/// The verdict on one command line.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    pub command: String,
    pub decision: Decision,
    pub findings: Vec<Finding>,
}

/// Checks what the engine itself reports, outside any rule file.
pub struct EngineCheck {
    pub id: &'static str,
    pub title: &'static str,
    pub reason: &'static str,
    pub safer: &'static str,
}

pub const ENGINE_CHECKS: &[EngineCheck] = &[
    EngineCheck {
        id: "shell.dynamic-command",
        title: "A program whose name is only known when the line runs, with destructive-looking arguments",
        reason: "The program is chosen at run time (a variable, `$(...)`, a glob), so brake cannot tell what will run, and the arguments look destructive.",
        safer: "Write the program name literally so it can be checked.",
    },
    EngineCheck {
        id: "shell.unknown-script",
        title: "Shell code of unknown text is run (piped, fetched or decoded)",
        reason: "A shell runs text that is only known when the line runs: fetched from the network, decoded, or produced by another program. Nothing checks what it does.",
        safer: "Download the script to a file, read it, then run the file.",
    },
    EngineCheck {
        id: "shell.unparsed",
        title: "A line that does not parse contains a destructive verb and a target",
        reason: "The shell parser could not read this line, and it contains a destructive verb followed by a target, so brake holds it on doubt.",
        safer: "Fix the quoting so the line parses; brake will then judge it exactly.",
    },
    EngineCheck {
        id: "limit.input-size",
        title: "The line is larger than brake's parsing limit",
        reason: "brake bounds the work it does on one line; a line past a limit cannot be fully checked, so it is held.",
        safer: "Split the work into smaller commands or put it in a script file.",
    },
    EngineCheck {
        id: "limit.nesting-depth",
        title: "The syntax nests deeper than brake follows",
        reason: "brake bounds the work it does on one line; a line past a limit cannot be fully checked, so it is held.",
        safer: "Flatten the nesting.",
    },
    EngineCheck {
        id: "limit.reparse-depth",
        title: "Shell code nested in strings goes deeper than brake follows",
        reason: "brake bounds the work it does on one line; a line past a limit cannot be fully checked, so it is held.",
        safer: "Unnest the `bash -c` / `eval` layers.",
    },
    EngineCheck {
        id: "limit.command-count",
        title: "The line runs more commands than brake checks",
        reason: "brake bounds the work it does on one line; a line past a limit cannot be fully checked, so it is held.",
        safer: "Split the line.",
    },
    EngineCheck {
        id: "limit.parse-time",
        title: "Parsing the line took longer than brake allows",
        reason: "brake bounds the work it does on one line; a line past a limit cannot be fully checked, so it is held. No timeout turns into an allow.",
        safer: "Split the line.",
    },
    EngineCheck {
        id: "internal.error",
        title: "brake failed while checking the line",
        reason: "An internal error happened while checking; brake holds the command rather than let it through unchecked.",
        safer: "Report the bug with `brake explain`'s output.",
    },
];

pub fn engine_check(id: &str) -> &'static EngineCheck {
    ENGINE_CHECKS
        .iter()
        .find(|c| c.id == id)
        .expect("engine check id")
}

/// The action a destructive verb suggests, for findings that have no rule.
fn action_of(words: &[&str]) -> Action {
    for w in words {
        let w = w.to_ascii_lowercase();
        let w = w.rsplit('/').next().unwrap_or(&w).to_string();
        return match w.as_str() {
            "kill" | "pkill" | "killall" | "terminate" | "shutdown" | "reboot" | "halt"
            | "poweroff" => Action::Terminate,
            "drop" | "dropdb" | "flushall" | "flushdb" | "truncate" => Action::Drop,
            "destroy" | "taint" => Action::Destroy,
            "shred" | "wipefs" | "mkfs" | "dd" | "format" | "blkdiscard" => Action::Wipe,
            _ if is_verb(&w) || is_destructive_flag(&w) => Action::Delete,
            _ => continue,
        };
    }
    Action::Destroy
}

fn engine_finding(
    id: &'static str,
    target: String,
    reason: String,
    span: Span,
    command: String,
    wrappers: Vec<String>,
) -> Finding {
    let check = engine_check(id);
    let words: Vec<&str> = rough_words(&command).collect();
    Finding {
        rule: id.to_string(),
        action: action_of(&words),
        target,
        severity: Severity::High,
        reason,
        safer: check.safer.to_string(),
        span,
        command,
        wrappers,
        why: Vec::new(),
    }
}

pub fn describe(inv: &Invocation) -> String {
    let mut s = inv.name.text.clone();
    for a in &inv.args {
        s.push(' ');
        if a.text.contains(char::is_whitespace) || a.text.is_empty() {
            s.push('\'');
            s.push_str(&a.text.replace('\'', "'\\''"));
            s.push('\'');
        } else {
            s.push_str(&a.text);
        }
    }
    s
}

fn raise(s: Severity) -> Severity {
    match s {
        Severity::Low => Severity::Medium,
        Severity::Medium => Severity::High,
        Severity::High | Severity::Critical => Severity::Critical,
    }
}

/// Rule findings for one invocation, after overrides and protected contexts.
pub fn rule_findings<'r>(
    inv: &Invocation,
    rules: &'r Ruleset,
    policy: &Policy,
) -> Vec<(&'r Rule, Finding)> {
    let candidates = rules.candidates(&inv.program);
    if candidates.is_empty() {
        return Vec::new();
    }
    // `--help` and `-h` never run the operation.
    if inv
        .args
        .iter()
        .any(|w| w.text == "--help" || w.text == "-help")
    {
        return Vec::new();
    }
    let parsed = ParsedArgs::parse(&inv.args, rules.program_spec(&inv.program));
    let mut out = Vec::new();
    for rule in candidates {
        if let Some(m) = match_rule(rule, inv, &parsed, rules) {
            let s = &rule.spec;
            let mut severity = s.severity;
            if let Some(o) = policy.overrides.get(&s.id) {
                if o.disabled {
                    continue;
                }
                if let Some(sev) = o.severity {
                    severity = if o.raise_only { sev.max(severity) } else { sev };
                }
            }
            let mut f = Finding {
                rule: s.id.clone(),
                action: s.action,
                target: m.target,
                severity,
                reason: s.reason.trim().to_string(),
                safer: s.safer.trim().to_string(),
                span: inv.span,
                command: describe(inv),
                wrappers: inv.wrappers.clone(),
                why: m.why,
            };
            if let Some(why) = policy.protected.check(inv, &f) {
                f.severity = raise(f.severity);
                f.reason = format!(
                    "{} Raised to {}: {why}.",
                    f.reason,
                    crate::report::severity_name(f.severity)
                );
                f.why.push(why);
            }
            out.push((rule, f));
        }
    }
    out
}

fn later_creates(rule: &Rule, model: &Model, after: usize, rules: &Ruleset) -> bool {
    let Some(rc) = &rule.spec.recreate_with else {
        return false;
    };
    let programs = if rc.programs.is_empty() {
        &rule.spec.programs
    } else {
        &rc.programs
    };
    model.invocations[after + 1..].iter().any(|inv| {
        programs.iter().any(|p| p == &inv.program) && {
            let parsed = ParsedArgs::parse(&inv.args, rules.program_spec(&inv.program));
            rc.subcommand.len() <= parsed.positionals.len()
                && rc.subcommand.iter().zip(&parsed.positionals).all(
                    |(step, w): (&OneOrMany, _)| step.alternatives().iter().any(|a| a == &w.text),
                )
        }
    })
}

/// All findings for a model.
pub fn findings(model: &Model, rules: &Ruleset, policy: &Policy) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for (i, inv) in model.invocations.iter().enumerate() {
        for (rule, mut f) in rule_findings(inv, rules, policy) {
            if f.action != Action::Recreate && later_creates(rule, model, i, rules) {
                f.action = Action::Recreate;
                f.reason = format!(
                    "Deleted and created again in the same line: {} {}",
                    f.target, f.reason
                );
                f.why
                    .push("a later command in the line creates it again".into());
            }
            out.push(f);
        }
    }
    for o in &model.opaque {
        let words: Vec<&str> = rough_words(&o.text).collect();
        let held = match o.kind {
            OpaqueKind::DynamicCommand => {
                looks_destructive(words.iter().skip(1).copied())
                    || words
                        .iter()
                        .skip(1)
                        .any(|w| *w == "/" || *w == "~" || *w == "/*")
            }
            OpaqueKind::UnknownScript => true,
        };
        if held {
            let id = match o.kind {
                OpaqueKind::DynamicCommand => "shell.dynamic-command",
                OpaqueKind::UnknownScript => "shell.unknown-script",
            };
            out.push(engine_finding(
                id,
                o.text.clone(),
                o.reason.clone(),
                o.span,
                o.text.clone(),
                o.wrappers.clone(),
            ));
        }
    }
    for u in &model.unparsed {
        if let Some((verb, target)) = fallback::destructive_verb_and_target(&u.text) {
            out.push(engine_finding(
                "shell.unparsed",
                target.clone(),
                format!("The line does not parse as shell, and it contains the destructive verb `{verb}` with the target `{target}`."),
                u.span,
                u.text.clone(),
                u.wrappers.clone(),
            ));
        }
    }
    for (limit, span) in &model.limits {
        out.push(limit_finding(*limit, *span));
    }
    // One finding per rule, target and place.
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert((f.rule.clone(), f.target.clone(), f.span)));
    out
}

fn limit_finding(limit: Limit, span: Span) -> Finding {
    let check = engine_check(limit.id());
    Finding {
        rule: limit.id().to_string(),
        action: Action::Destroy,
        target: "(the whole line)".into(),
        severity: Severity::High,
        reason: format!("{} {}", check.reason, capitalise(&limit.describe())),
        safer: check.safer.to_string(),
        span,
        command: String::new(),
        wrappers: Vec::new(),
        why: Vec::new(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

/// Checks one command line. Never panics outward: an internal error holds the line.
pub fn check(line: &str, rules: &Ruleset, policy: &Policy) -> Verdict {
    fail_closed(line, policy, || {
        if line.trim().is_empty() || plainly_safe(line, rules) {
            return Vec::new();
        }
        let model = model::build(line);
        findings(&model, rules, policy)
    })
}

/// The fast path: one simple command of plain words, whose program no rule names and which runs
/// nothing inside itself, is allowed without parsing (tree-sitter's tables are never touched).
/// It gives the same verdict as the full path; a property test holds it to that.
pub fn plainly_safe(line: &str, rules: &Ruleset) -> bool {
    let Some(words) = model::plain_words(line) else {
        return false;
    };
    // A program run by its path may be a shell script, whose text the full check reads.
    if words[0].contains('/') {
        return false;
    }
    let program = words[0];
    !program.is_empty()
        && rules.candidates(program).is_empty()
        && !model::runs_more_than_itself(program, &words[1..])
}

/// Checks a line with the full parser, never the fast path (for tests that compare the two).
pub fn check_parsed(line: &str, rules: &Ruleset, policy: &Policy) -> Verdict {
    fail_closed(line, policy, || {
        findings(&model::build(line), rules, policy)
    })
}

/// Runs `work` and turns any panic inside it into a held verdict that reports the error.
pub fn fail_closed(line: &str, policy: &Policy, work: impl FnOnce() -> Vec<Finding>) -> Verdict {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    let findings = result.unwrap_or_else(|payload| {
        let check = engine_check("internal.error");
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        vec![Finding {
            rule: check.id.into(),
            action: Action::Destroy,
            target: "(the whole line)".into(),
            severity: Severity::High,
            reason: format!("{} The error: {msg}", check.reason),
            safer: check.safer.into(),
            span: (0, line.len()),
            command: line.to_string(),
            wrappers: Vec::new(),
            why: Vec::new(),
        }]
    });
    Verdict {
        command: line.to_string(),
        decision: policy.decide(&findings),
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_holds_the_line_and_reports_it() {
        let v = fail_closed("ls", &Policy::default(), || panic!("rule decoder exploded"));
        assert_eq!(v.decision, Decision::Ask);
        assert_eq!(v.findings[0].rule, "internal.error");
        assert!(v.findings[0].reason.contains("rule decoder exploded"));
    }

    #[test]
    fn a_configured_deny_wins_over_ask() {
        let rules = Ruleset::builtin();
        let policy = Policy {
            deny: vec![Severity::High, Severity::Critical],
            ..Policy::default()
        };
        assert_eq!(
            check("rm -rf src", &rules, &policy).decision,
            Decision::Deny
        );
        assert_eq!(check("ls", &rules, &policy).decision, Decision::Allow);
    }

    #[test]
    fn overrides_disable_or_change_severity() {
        let rules = Ruleset::builtin();
        let mut policy = Policy::default();
        policy.overrides.insert(
            "fs.rm-recursive".into(),
            Override {
                disabled: true,
                ..Override::default()
            },
        );
        let v = check("rm -rf src", &rules, &policy);
        assert!(!v.findings.iter().any(|f| f.rule == "fs.rm-recursive"));
        policy.overrides.insert(
            "git.tag-delete".into(),
            Override {
                severity: Some(Severity::Low),
                raise_only: true,
                ..Override::default()
            },
        );
        let v = check("git tag -d v1", &rules, &policy);
        assert_eq!(
            v.findings[0].severity,
            Severity::Medium,
            "an untrusted project cannot lower a severity"
        );
    }

    #[test]
    fn protected_targets_raise_severity_and_say_why() {
        let rules = Ruleset::builtin();
        let v = check("kubectl delete namespace prod", &rules, &Policy::default());
        let f = &v.findings[0];
        assert!(f.reason.contains("protected"), "{f:?}");
        let plain = check(
            "kubectl delete namespace staging",
            &rules,
            &Policy::default(),
        );
        assert!(f.severity > plain.findings[0].severity);
    }
}
