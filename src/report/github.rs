//! The `github` format: GitHub Actions workflow commands, one line per unsuppressed finding,
//! which the runner turns into annotations on the pull request's diff:
//! `::error file=F,line=L,col=C,title=T::message`. Severity picks the command: `critical` and
//! `high` are `error`, `medium` is `warning`, `low` is `notice`. Escaping follows the Actions
//! toolkit (`@actions/core`, `command.ts`): in the message `%` `\r` `\n` become `%25` `%0D`
//! `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. Files that could not be
//! read are `::error file=F,title=brake::...` lines.

use super::action_name;
use crate::rules::spec::Severity;
use crate::scan::ScanReport;

pub fn scan(r: &ScanReport) -> String {
    let mut out = String::new();
    for l in r.findings.iter().filter(|l| !l.suppressed) {
        let f = &l.finding;
        let command = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let message = format!(
            "[{}] {} `{}`: {} Safer: {}",
            f.rule,
            action_name(f.action),
            f.target,
            f.reason,
            f.safer
        );
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            property(&l.path),
            l.line,
            l.column,
            property(&format!("brake: {}", l.title)),
            data(&message)
        ));
    }
    for e in &r.errors {
        out.push_str(&format!(
            "::error file={},title=brake::{}\n",
            property(&e.path),
            data(&e.message)
        ));
    }
    out
}

/// Escapes a message (`escapeData`).
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`escapeProperty`).
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
