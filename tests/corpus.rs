//! The labelled corpus: every `tests/corpus/*.tsv` line is `hold` or `pass`, a tab, and one
//! command line. All lines of a file go through one `brake check --lines - --format json`, and
//! each verdict must match its label. The commands are only ever checked, never executed.

use crate::common::run;
use std::path::{Path, PathBuf};

pub struct Entry {
    pub line: usize,
    pub hold: bool,
    pub command: String,
}

/// The corpus files, in name order.
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "tsv"));
    files.sort();
    files
}

pub fn load(path: &Path) -> Vec<Entry> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let (label, command) = l.split_once('\t').unwrap_or_else(|| {
                panic!("{}:{}: expected LABEL<TAB>COMMAND", path.display(), i + 1)
            });
            assert!(
                label == "hold" || label == "pass",
                "{}:{}: label `{label}`",
                path.display(),
                i + 1
            );
            Entry {
                line: i + 1,
                hold: label == "hold",
                command: command.to_string(),
            }
        })
        .collect()
}

#[test]
fn every_corpus_line_gets_its_labelled_verdict() {
    let files = corpus_files();
    let mut failures = Vec::new();
    let mut total = 0;
    let mut summary = String::new();
    for file in &files {
        let entries = load(file);
        let input: String = entries.iter().map(|e| format!("{}\n", e.command)).collect();
        let out = run(&["check", "--lines", "-", "--format", "json"], &input);
        let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
        assert_eq!(
            lines.len(),
            entries.len(),
            "{}: one JSON line per input line",
            file.display()
        );
        let (mut held, mut missed, mut false_holds, mut holds) = (0, 0, 0, 0);
        for (e, l) in entries.iter().zip(lines) {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(
                v["command"],
                e.command.as_str(),
                "verdicts come back in input order"
            );
            let got_hold = v["decision"] != "allow";
            holds += e.hold as usize;
            match (e.hold, got_hold) {
                (true, true) => held += 1,
                (true, false) => {
                    missed += 1;
                    failures.push(format!(
                        "{}:{}: MISSED  {}",
                        file.display(),
                        e.line,
                        e.command
                    ));
                }
                (false, true) => {
                    false_holds += 1;
                    let rules: Vec<String> = v["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| f["rule"].to_string())
                        .collect();
                    failures.push(format!(
                        "{}:{}: FALSE HOLD {}  ({})",
                        file.display(),
                        e.line,
                        e.command,
                        rules.join(", ")
                    ));
                }
                (false, false) => {}
            }
        }
        total += entries.len();
        summary.push_str(&format!(
            "{:<18} {:>5} entries  {:>4} to hold: {:>4} held, {:>3} missed  {:>4} to pass: {:>3} false holds\n",
            file.file_name().unwrap().to_string_lossy(),
            entries.len(),
            holds,
            held,
            missed,
            entries.len() - holds,
            false_holds
        ));
    }
    println!("{summary}{total} entries in all");
    assert!(total >= 300, "the corpus has at least 300 entries");
    assert!(
        failures.is_empty(),
        "{} corpus lines disagree with their label:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
