//! The text format, for people: the decision and, per finding, severity, action, target, rule,
//! reason and the safer alternative.

use super::{action_name, Style};
use crate::verdict::{Decision, Finding, Verdict};

/// One finding, indented, as several lines.
pub fn finding(f: &Finding, style: Style) -> String {
    let mut s = format!(
        "  {} {} {} {}\n",
        style.severity(f.severity),
        style.bold(action_name(f.action)),
        f.target,
        style.dim(&format!("[{}]", f.rule))
    );
    if !f.wrappers.is_empty() {
        s.push_str(&format!(
            "    {} {}\n",
            style.dim("via"),
            f.wrappers.join(" > ")
        ));
    }
    s.push_str(&format!("    {} {}\n", style.dim("why:"), f.reason));
    s.push_str(&format!("    {} {}\n", style.green("safer:"), f.safer));
    s
}

/// A verdict: a heading line and the findings.
pub fn verdict(v: &Verdict, style: Style) -> String {
    let head = match v.decision {
        Decision::Allow => style.green("allow"),
        Decision::Ask => style.yellow("hold"),
        Decision::Deny => style.red("deny"),
    };
    let mut s = format!("{head}: {}\n", one_line(&v.command));
    for f in &v.findings {
        s.push_str(&finding(f, style));
    }
    s
}

/// Shows a multi-line command on one line.
pub fn one_line(cmd: &str) -> String {
    let flat = cmd.replace('\n', "⏎");
    if flat.chars().count() > 200 {
        flat.chars().take(200).collect::<String>() + "…"
    } else {
        flat
    }
}
