//! GitLab CI (`.gitlab-ci.yml`, `*.gitlab-ci.yml`): `before_script` and `script` of every job
//! (hidden `.templates` too) and of `default:`, then `after_script`. The runner joins
//! `before_script` and `script` into one shell session, so they are checked as one text and
//! `cd` or variables carry over; `after_script` runs in a new shell. Nested lists (from anchors)
//! are flattened; a script shared through an anchor is defined once, and its findings are
//! reported there once. `$[[ inputs.x ]]` interpolation is an opaque word.

use super::github::opaque_expressions;
use super::source::{Context, Snippet};
use super::yaml::{self, Node, Value};
use regex::Regex;
use std::sync::LazyLock;

/// Top-level keys that are not jobs.
const RESERVED: &[&str] = &[
    "stages",
    "variables",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "spec",
];

static INPUT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\[\[.*?\]\]").expect("input regex"));

pub fn snippets(file: &str) -> Result<Vec<Snippet>, String> {
    let doc = yaml::parse(file)?;
    let mut out = Vec::new();
    // Old-style global scripts at the top level.
    job(file, "(global)", &doc, &mut out);
    for (name, node) in doc.entries() {
        if RESERVED.contains(&name.as_str()) || !matches!(node.value, Value::Map(_)) {
            continue;
        }
        job(file, name, node, &mut out);
    }
    Ok(out)
}

fn job(file: &str, name: &str, node: &Node, out: &mut Vec<Snippet>) {
    let parts = |keys: &[&str]| -> Option<Snippet> {
        let mut s: Option<Snippet> = None;
        for key in keys {
            let Some(n) = node.get(key) else { continue };
            let mut items = Vec::new();
            flatten(n, &mut items);
            for item in items {
                let Some(text) = item.as_str() else { continue };
                let piece = yaml::string_snippet(file, text, item.offset, None, Context::Host);
                match &mut s {
                    Some(s) => {
                        s.push_mapped("\n", item.offset);
                        s.append(&piece);
                    }
                    None => s = Some(piece),
                }
            }
        }
        s
    };
    for (keys, what) in [
        (&["before_script", "script"][..], "script"),
        (&["after_script"][..], "after_script"),
    ] {
        if let Some(mut s) = parts(keys) {
            s.label = Some(if name == "(global)" {
                format!("global {what}")
            } else {
                format!("job `{name}` {what}")
            });
            out.push(opaque_expressions(&s, &INPUT));
        }
    }
}

fn flatten<'a>(n: &'a Node, out: &mut Vec<&'a Node>) {
    match &n.value {
        Value::Seq(items) => items.iter().for_each(|i| flatten(i, out)),
        Value::Str(_) => out.push(n),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::snippets;

    #[test]
    fn before_script_and_script_are_one_session() {
        let file = ".defaults: &d\n  before_script:\n    - cd deploy\ndeploy:\n  <<: *d\n  script:\n    - kubectl delete ns $[[ inputs.env ]]\n  after_script: [echo done]\nstages: [a]\n";
        let s = snippets(file).unwrap();
        let texts: Vec<(&str, &str)> = s
            .iter()
            .map(|s| (s.label.as_deref().unwrap(), s.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("job `.defaults` script", "cd deploy"),
                (
                    "job `deploy` script",
                    "cd deploy\nkubectl delete ns ${BRAKE_OPAQUE_0}"
                ),
                ("job `deploy` after_script", "echo done"),
            ]
        );
    }
}
