//! In-file suppression: `# brake: allow` silences every finding that starts on the same line or
//! the line below it; `# brake: allow fs.rm-recursive, git.push-force` only those rules. Words
//! after the rule list are a free-form reason (`# brake: allow fs.rm-recursive -- CI cache`).
//! The comment is found wherever `#` starts one in the file's syntax (shell, YAML, Makefile,
//! Dockerfile, justfile) and inside a `package.json` script string, where it is a shell comment.

use regex::Regex;
use std::sync::LazyLock;

static ALLOW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#\s*brake:\s*allow\b(.*)").expect("allow regex"));
static RULE_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$").expect("id regex"));

/// What one comment allows.
#[derive(Debug, PartialEq)]
pub enum Allow {
    All,
    Rules(Vec<String>),
}

impl Allow {
    pub fn covers(&self, rule: &str) -> bool {
        match self {
            Allow::All => true,
            Allow::Rules(r) => r.iter().any(|r| r == rule),
        }
    }
}

/// The suppression comment on a line, if any.
pub fn on_line(line: &str) -> Option<Allow> {
    let rest = ALLOW.captures(line)?.get(1).map_or("", |m| m.as_str());
    let rules: Vec<String> = rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .take_while(|w| RULE_ID.is_match(w))
        .map(str::to_string)
        .collect();
    Some(if rules.is_empty() {
        Allow::All
    } else {
        Allow::Rules(rules)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_allow_all_or_listed_rules() {
        assert_eq!(on_line("rm -rf x # brake: allow"), Some(Allow::All));
        assert_eq!(
            on_line("  # brake: allow fs.rm-recursive,git.push-force -- cache dir"),
            Some(Allow::Rules(vec![
                "fs.rm-recursive".into(),
                "git.push-force".into()
            ]))
        );
        assert_eq!(on_line("#brake:allow because"), Some(Allow::All));
        assert_eq!(on_line("rm -rf x # brake allows"), None);
        assert!(on_line("# brake: allow fs.rm-glob")
            .unwrap()
            .covers("fs.rm-glob"));
        assert!(!on_line("# brake: allow fs.rm-glob")
            .unwrap()
            .covers("fs.rm-recursive"));
    }
}
