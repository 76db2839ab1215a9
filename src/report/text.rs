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

/// A finding in a file, gcc-style, with the source line and a caret under the command:
///
/// ```text
/// deploy.sh:6:3: high [fs.rm-recursive] delete `src`: Recursive delete of ...
///     6 |   rm -rf src
///       |   ^^^^^^^^^^
///       = safer: List what would go first ...
/// ```
pub fn located(l: &crate::scan::Located, style: Style) -> String {
    let f = &l.finding;
    let mut s = format!(
        "{}: {} {} {} `{}`: {}\n",
        style.bold(&format!("{}:{}:{}", l.path, l.line, l.column)),
        style.severity(f.severity),
        style.dim(&format!("[{}]", f.rule)),
        action_name(f.action),
        f.target,
        l.title
    );
    let number = l.line.to_string();
    let gutter = " ".repeat(number.len());
    let (shown, pad, width) = caret_line(l);
    s.push_str(&format!(
        "  {} {} {shown}\n",
        style.dim(&number),
        style.dim("|")
    ));
    s.push_str(&format!(
        "  {gutter} {} {pad}{}\n",
        style.dim("|"),
        style.red(&"^".repeat(width.max(1)))
    ));
    if let Some(label) = &l.label {
        s.push_str(&format!("  {gutter} {} in {label}\n", style.dim("=")));
    }
    s.push_str(&format!(
        "  {gutter} {} {} {}\n",
        style.dim("="),
        style.green("safer:"),
        f.safer
    ));
    s
}

/// The source line with tabs expanded, the padding up to the column, and the caret width.
fn caret_line(l: &crate::scan::Located) -> (String, String, usize) {
    let mut shown = String::new();
    let mut pad = 0;
    let mut width = 0;
    let last = if l.end_line == l.line {
        l.end_column
    } else {
        usize::MAX
    };
    for (i, c) in l.source_line.chars().enumerate() {
        let col = i + 1;
        let w = if c == '\t' { 4 } else { 1 };
        if c == '\t' {
            shown.push_str("    ");
        } else {
            shown.push(c);
        }
        if col < l.column {
            pad += w;
        } else if col < last {
            width += w;
        }
    }
    (shown, " ".repeat(pad), width)
}

/// The last line of a scan in text.
pub fn scan_summary(r: &crate::scan::ScanReport) -> String {
    let suppressed = r.findings.iter().filter(|l| l.suppressed).count();
    let held = r.findings.len() - suppressed;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {} suppressed, {} checked\n",
        plural(held, "finding", "findings"),
        suppressed,
        plural(r.files_checked, "file", "files")
    )
}
