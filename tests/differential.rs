//! Differential test against bash: for every corpus line, does tree-sitter-bash (through
//! brake's parser) agree with `bash -n` on whether the line parses? Disagreement with bash is the
//! main way a guard is evaded, so every known disagreement is listed here with why it is safe.

use crate::corpus::{corpus_files, load};
use std::io::Write;
use std::process::{Command, Stdio};

/// Lines where the two parsers disagree, and why brake's verdict is still right.
const KNOWN: &[(&str, &str)] = &[
    // bash rejects the stray `}`, so nothing runs; tree-sitter reads `ls` and allows it.
    ("ls; }", "harmless either way"),
    // Brace expansion in command position: tree-sitter rejects it, so the conservative
    // tokenizer judges it, and holds it for its destructive verb.
    ("{rm,-rf,~}", "held by the tokenizer"),
    ("{ls,-la}", "no destructive verb: allowed by the tokenizer"),
];

#[test]
fn tree_sitter_agrees_with_bash_n_on_the_corpus() {
    let lines: Vec<String> = corpus_files()
        .iter()
        .flat_map(|f| load(f))
        .map(|e| e.command)
        .collect();
    // One bash checks every line: a line it cannot parse prints its index.
    let mut script = String::new();
    for (i, cmd) in lines.iter().enumerate() {
        let quoted = cmd.replace('\'', "'\\''");
        script.push_str(&format!("bash -n -c '{quoted}' 2>/dev/null || echo {i}\n"));
    }
    // The script goes on stdin: as one argument it would pass the kernel's size limit.
    let mut child = Command::new("bash")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("bash runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let bash_rejects: std::collections::HashSet<usize> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    let mut disagreements = Vec::new();
    for (i, cmd) in lines.iter().enumerate() {
        let ts_ok = brake::shell::parse(cmd)
            .map(|s| !s.has_error())
            .unwrap_or(false);
        let bash_ok = !bash_rejects.contains(&i);
        if ts_ok != bash_ok && !KNOWN.iter().any(|(k, _)| k == cmd) {
            disagreements.push(format!(
                "bash {} / tree-sitter {}: {cmd}",
                if bash_ok { "ok" } else { "rejects" },
                if ts_ok { "ok" } else { "rejects" }
            ));
        }
    }
    assert!(lines.len() > 1000);
    assert!(
        disagreements.is_empty(),
        "new parser disagreements:\n{}",
        disagreements.join("\n")
    );
}
