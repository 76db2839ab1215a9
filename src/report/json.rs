//! The JSON format: one object per command checked (JSON Lines), in input order:
//! `{"command", "decision", "findings": [{"rule", "action", "target", "severity", "reason",
//! "safer", "span": [start, end]}]}`. This shape is a stable contract.
//! A scan of files and directories is one versioned document instead: see [`scan`].

use crate::verdict::Verdict;

pub fn verdict_line(v: &Verdict) -> String {
    serde_json::to_string(v).expect("verdicts serialise")
}

/// The version of the scan document below; bumped on any incompatible change.
pub const SCAN_VERSION: u32 = 1;

/// A scan (`brake check PATH...`) as one JSON document, version [`SCAN_VERSION`]:
/// `{"version", "tool": {"name", "version"}, "files_checked", "findings": [{"path", "line",
/// "column", "end_line", "end_column", "kind", "context", "in", "rule", "title", "action",
/// "target", "severity", "decision", "reason", "safer", "suppressed"}], "errors": [{"path",
/// "message"}]}`. Lines and columns are 1-based, columns count characters, ends are exclusive;
/// `in` is where in the file (``recipe `clean` ``) or null; `context` is `host` or `image`.
/// Suppressed findings are included with `"suppressed": true`.
pub fn scan(r: &crate::scan::ScanReport) -> String {
    use crate::rules::spec::{Action, Severity};
    use crate::scan::{Kind, ScanError};
    use crate::verdict::Decision;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        tool: Tool,
        files_checked: usize,
        findings: Vec<Finding<'a>>,
        errors: &'a [ScanError],
    }
    #[derive(Serialize)]
    struct Tool {
        name: &'static str,
        version: &'static str,
    }
    #[derive(Serialize)]
    struct Finding<'a> {
        path: &'a str,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        kind: Kind,
        context: &'static str,
        #[serde(rename = "in")]
        label: Option<&'a str>,
        rule: &'a str,
        title: &'a str,
        action: Action,
        target: &'a str,
        severity: Severity,
        decision: Decision,
        reason: &'a str,
        safer: &'a str,
        suppressed: bool,
    }

    let doc = Doc {
        version: SCAN_VERSION,
        tool: Tool {
            name: "brake",
            version: env!("CARGO_PKG_VERSION"),
        },
        files_checked: r.files_checked,
        findings: r
            .findings
            .iter()
            .map(|l| Finding {
                path: &l.path,
                line: l.line,
                column: l.column,
                end_line: l.end_line,
                end_column: l.end_column,
                kind: l.kind,
                context: l.context.name(),
                label: l.label.as_deref(),
                rule: &l.finding.rule,
                title: &l.title,
                action: l.finding.action,
                target: &l.finding.target,
                severity: l.finding.severity,
                decision: l.decision,
                reason: &l.finding.reason,
                safer: &l.finding.safer,
                suppressed: l.suppressed,
            })
            .collect(),
        errors: &r.errors,
    };
    serde_json::to_string_pretty(&doc).expect("scan report serialises") + "\n"
}
