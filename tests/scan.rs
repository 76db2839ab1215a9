//! `brake check PATH...`, the CI checker, on the fixture repositories in `tests/fixtures/`:
//! every file kind, what the walker skips, suppression, the Dockerfile context, each output
//! format and the exit status. The fixtures are only ever scanned, never run. Paths are
//! relative to the package root (where cargo runs the tests), so snapshots hold no machine path.

use crate::common::{brake, run, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

const REPO: &str = "tests/fixtures/repo";
const BROKEN: &str = "tests/fixtures/broken";
const SEVERITIES: &str = "tests/fixtures/severities";
const RULES: &str = "tests/fixtures/severities/rules.yaml";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all, "");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json for {args:?}: {e}: {}", stdout(&out)))
}

fn findings(doc: &serde_json::Value) -> Vec<serde_json::Value> {
    doc["findings"].as_array().unwrap().clone()
}

/// `path:line:col rule `target` (context)`, one finding a line.
fn compact(doc: &serde_json::Value) -> String {
    findings(doc)
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} `{}` ({}){}\n",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap(),
                f["target"].as_str().unwrap(),
                f["context"].as_str().unwrap(),
                if f["suppressed"] == true {
                    " suppressed"
                } else {
                    ""
                }
            )
        })
        .collect()
}

/// A scratch directory for a test, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brake-scan-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

#[test]
fn every_file_kind_gives_findings_at_file_line_and_column() {
    insta::assert_snapshot!(compact(&json(&[REPO])));
}

#[test]
fn gitignored_brakeignored_and_non_script_files_are_not_read() {
    let doc = json(&[REPO]);
    assert_eq!(doc["files_checked"], 9, "{doc}");
    for f in findings(&doc) {
        let path = f["path"].as_str().unwrap();
        for skipped in ["ignored/", "vendor/", "NOTES", "generated"] {
            assert!(!path.contains(skipped), "{path} should not be read");
        }
    }
    // Named on the command line, an ignored file is read all the same.
    let doc = json(&[&format!("{REPO}/ignored/wipe.sh")]);
    assert_eq!(findings(&doc).len(), 2, "{doc}");
}

#[test]
fn dockerfile_run_holds_only_what_leaves_the_image() {
    let doc = json(&[&format!("{REPO}/Dockerfile")]);
    let got: Vec<(u64, String, bool)> = findings(&doc)
        .iter()
        .map(|f| {
            assert_eq!(f["context"], "image");
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["suppressed"] == true,
            )
        })
        .collect();
    let want: Vec<(u64, String, bool)> = [
        // heredoc body: `git reset --hard` (line 12) stays in the image, the push does not
        (13, "git.push-force", false),
        // `ssh host 'rm -rf ...'` runs on another machine
        (21, "fs.rm-recursive", false),
        (21, "fs.rm-outside-project", false),
        // a device escapes the image
        (22, "fs.truncate-system-file", false),
        // exec form, under `# brake: allow git.push-delete`
        (24, "git.push-delete", true),
    ]
    .into_iter()
    .map(|(l, r, s)| (l, r.to_string(), s))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn the_same_commands_on_the_host_are_held() {
    let dir = scratch("host");
    std::fs::write(
        dir.join("cleanup.sh"),
        "rm -rf /var/lib/apt/lists/* /usr/share/doc\ngit reset --hard\n",
    )
    .unwrap();
    let doc = json(&[dir.to_str().unwrap()]);
    let rules: Vec<String> = findings(&doc)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(rules.iter().any(|r| r.starts_with("fs.")), "{doc}");
    assert!(rules.iter().any(|r| r == "git.reset-hard"), "{doc}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn suppressed_findings_stay_in_json_and_sarif_but_not_in_text_or_github() {
    let doc = json(&[REPO]);
    let all = findings(&doc);
    let suppressed = all.iter().filter(|f| f["suppressed"] == true).count();
    assert_eq!(suppressed, 7);
    let held = all.len() - suppressed;

    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&["check", "--format", "sarif", REPO], "").stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), all.len());
    let with_suppression = results
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "inSource")
        .count();
    assert_eq!(with_suppression, suppressed);

    let github = stdout(&run(&["check", "--format", "github", REPO], ""));
    assert_eq!(github.lines().count(), held);
    let text = stdout(&run(&["check", "--color", "never", REPO], ""));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("tests/")).count(),
        held
    );
    assert!(text.ends_with(&format!(
        "{held} findings, {suppressed} suppressed, 9 files checked\n"
    )));
    // `git push --force origin main # brake: allow` in deploy.sh
    assert!(!text.contains("deploy.sh:16"), "{text}");
}

#[test]
fn text_format_is_gcc_style_with_the_source_line() {
    // Made-up rules, so the snapshot shows the format, not the built-in rules' wording.
    let out = run(
        &["check", "--color", "never", "--rules", RULES, SEVERITIES],
        "",
    );
    insta::assert_snapshot!(stdout(&out));
    // A recipe line: the tab is shown as four spaces, the caret starts after the `-` prefix.
    let out = run(
        &["check", "--color", "never", &format!("{REPO}/Makefile")],
        "",
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("tests/fixtures/repo/Makefile:16:3: "),
        "{text}"
    );
    assert_eq!(lines[1], "  16 |     -rm -rf $(DATA) \\");
    assert_eq!(lines[2], "     |      ^^^^^^^^^^^^^^^^");
    assert_eq!(lines[3], "     = in recipe `distclean`");
}

#[test]
fn text_is_coloured_only_when_asked_or_on_a_terminal() {
    let file = format!("{REPO}/bin/release");
    assert!(stdout(&run(&["check", "--color", "always", &file], "")).contains("\x1b["));
    assert!(!stdout(&run(&["check", &file], "")).contains("\x1b["));
}

#[test]
fn json_is_one_versioned_document() {
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--rules",
            RULES,
            &format!("{SEVERITIES}/medium.sh"),
        ],
        "",
    );
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    for args in [
        vec![REPO],
        vec![BROKEN],
        vec![REPO, "--fail-on", "critical"],
    ] {
        let mut all = vec!["check", "--format", "sarif"];
        all.extend(args.iter().copied());
        let sarif: serde_json::Value = serde_json::from_slice(&run(&all, "").stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert_eq!(sarif["version"], "2.1.0");
        let run0 = &sarif["runs"][0];
        let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
        for r in run0["results"].as_array().unwrap() {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1), "{r}");
            assert!(
                region["startColumn"].as_u64().is_some_and(|c| c >= 1),
                "{r}"
            );
        }
    }
    // A file that does not parse is a notification, and the run is not successful.
    let sarif: serde_json::Value =
        serde_json::from_slice(&run(&["check", "--format", "sarif", BROKEN], "").stdout).unwrap();
    let inv = &sarif["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert!(inv["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("line 4 column 12"));
}

#[test]
fn github_format_is_workflow_commands_with_escaped_properties() {
    // Made-up rules whose titles and reasons hold `:` `,` `%` and a line break.
    let out = run(
        &[
            "check", "--format", "github", "--rules", RULES, SEVERITIES, BROKEN,
        ],
        "",
    );
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn exit_status_is_0_clean_1_findings_2_errors_and_fail_on_raises_the_bar() {
    let check = |file: &str, fail_on: &str| {
        let path = format!("{SEVERITIES}/{file}");
        code(&run(
            &["check", "--rules", RULES, &path, "--fail-on", fail_on],
            "",
        ))
    };
    assert_eq!(check("low.sh", "low"), Some(1));
    assert_eq!(check("low.sh", "medium"), Some(0));
    assert_eq!(check("medium.sh", "medium"), Some(1));
    assert_eq!(check("medium.sh", "high"), Some(0));
    assert_eq!(check("critical.sh", "critical"), Some(1));

    assert_eq!(code(&run(&["check", REPO], "")), Some(1));
    assert_eq!(code(&run(&["check", BROKEN], "")), Some(2));
    assert_eq!(
        code(&run(&["check", "/nonexistent/brake-scan"], "")),
        Some(2)
    );
    assert_eq!(
        code(&run(&["check", "--fail-on", "bogus", REPO], "")),
        Some(2)
    );
    assert_eq!(
        code(&run(&["check", "-c", "ls", "--format", "sarif"], "")),
        Some(2)
    );
    let dir = scratch("exit");
    std::fs::write(
        dir.join("ok.sh"),
        "#!/bin/sh\nrm -rf node_modules\ncargo build\n",
    )
    .unwrap();
    assert_eq!(code(&run(&["check", dir.to_str().unwrap()], "")), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_default_path_is_the_current_directory() {
    let out = brake()
        .args(["check", "--color", "never"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(REPO).join("web"))
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(1));
    assert!(
        stdout(&out).starts_with("package.json:7:14: high [fs.rm-recursive]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_named_file_keeps_its_kind_from_where_it_is() {
    let out = brake()
        .args(["check", "--format", "json", "ci.yml"])
        .current_dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(REPO)
                .join(".github/workflows"),
        )
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"][0]["kind"], "github-workflow", "{doc}");
    assert_eq!(doc["findings"][0]["path"], "ci.yml");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = scratch("progress");
    for i in 0..250 {
        std::fs::write(dir.join(format!("s{i}.sh")), "echo hi\n").unwrap();
    }
    let out = run(&["check", dir.to_str().unwrap()], "");
    assert_eq!(code(&out), Some(0));
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).ends_with("250 files checked\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_progress_bar_on_a_terminal_for_long_scans_only() {
    // `script` (util-linux) gives brake a pseudo-terminal as stderr and records what it draws.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = scratch("tty");
    let record = |files: usize| -> String {
        for i in 0..files {
            std::fs::write(dir.join(format!("s{i}.sh")), "echo hi\n").unwrap();
        }
        let log = dir.join("typescript.log");
        let cmd = format!(
            "'{}' check '{}' > /dev/null",
            env!("CARGO_BIN_EXE_brake"),
            dir.join("").display()
        );
        let out = std::process::Command::new("script")
            .args(["-qefc", &cmd, log.to_str().unwrap()])
            .env_remove("NO_COLOR")
            .env("TERM", "xterm")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        std::fs::read_to_string(&log).unwrap()
    };
    assert!(!record(20).contains("brake: checking"));
    let drawn = record(250);
    assert!(drawn.contains("brake: checking ["), "{drawn}");
    assert!(drawn.contains("/250 files"), "{drawn}");
    std::fs::remove_dir_all(&dir).unwrap();
}
