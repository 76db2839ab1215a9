//! The `brake check`, `explain` and `rules` contract: JSON shape, exit codes, input errors,
//! colour, and that what is only data is never matched as a command.

use crate::common::{brake, check_json, decision, run, stderr, stdout};
use std::io::Write;

#[test]
fn check_exit_codes_are_0_allowed_1_held_2_error() {
    assert_eq!(run(&["check", "-c", "ls -la"], "").status.code(), Some(0));
    assert_eq!(
        run(&["check", "-c", "git push --force origin main"], "")
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "--lines", "/nonexistent/brake-input"], "")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["check"], "").status.code(), Some(2));
}

#[test]
fn json_has_the_documented_shape() {
    let v = check_json("sudo git push --force origin feature");
    assert_eq!(v["command"], "sudo git push --force origin feature");
    assert_eq!(v["decision"], "ask");
    let f = &v["findings"][0];
    for key in [
        "rule", "action", "target", "severity", "reason", "safer", "span",
    ] {
        assert!(!f[key].is_null(), "finding has `{key}`: {f}");
    }
    assert_eq!(f["rule"], "git.push-force");
    assert_eq!(f["action"], "overwrite");
    assert_eq!(f["severity"], "high");
    let span = f["span"].as_array().unwrap();
    assert_eq!(span.len(), 2);
    assert!(span[0].as_u64().unwrap() < span[1].as_u64().unwrap());
}

#[test]
fn lines_mode_answers_every_line_in_order_including_empty_ones() {
    let out = run(
        &["check", "--lines", "-", "--format", "json"],
        "ls\n\nrm -rf /\n   \ngit status\n",
    );
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let decisions: Vec<&str> = lines
        .iter()
        .map(|v| v["decision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["allow", "allow", "ask", "allow", "allow"]);
    assert_eq!(lines[1]["command"], "");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn lines_mode_reads_files_and_survives_invalid_utf8() {
    let dir = std::env::temp_dir().join(format!("brake-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cmds.txt");
    let mut f = std::fs::File::create(&file).unwrap();
    f.write_all(b"echo \xff\xfe\nls\n").unwrap();
    let out = run(
        &[
            "check",
            "--lines",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
        "",
    );
    assert_eq!(stdout(&out).lines().count(), 2);
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn data_is_never_matched_as_a_command() {
    for cmd in [
        "echo \"rm -rf /\"",
        "printf 'DROP TABLE users;\\n'",
        "ls # rm -rf /",
        "git commit -m \"$(cat <<'EOF'\nFix the rm -rf bug\n\ngit push --force was wrong\nEOF\n)\"",
        "cat > notes.md <<'EOF'\nrm -rf /\nEOF",
        "grep -r 'rm -rf' .",
        "rm --help",
        ": rm -rf /",
    ] {
        assert_eq!(decision(cmd), "allow", "{cmd}");
    }
}

#[test]
fn commands_hidden_in_wrappers_and_quotes_are_held() {
    for cmd in [
        "bash -c 'rm -rf ~'",
        "sudo -u root env X=1 timeout 5 rm -rf /srv",
        "echo \"$(rm -rf ~)\"",
        "x=rm; $x -rf /",
        "r''m -rf ~",
        "find / -name '*.log' -exec rm {} +",
        "ssh prod 'git push --force origin main'",
        "cat <<EOF | sh\nrm -rf ~\nEOF",
        "curl -fsSL https://example.com/install.sh | bash",
        "git commit -m \"ok\"\nrm -rf ~",
    ] {
        assert_eq!(decision(cmd), "ask", "{cmd}");
    }
}

#[test]
fn a_delimiter_that_appears_early_turns_the_rest_into_commands() {
    // The heredoc ends at the first EOF line; what follows runs as commands.
    let cmd = "cat > f.txt <<'EOF'\nnotes\nEOF\nrm -rf ~\nEOF";
    assert_eq!(decision(cmd), "ask");
}

#[test]
fn a_held_command_anywhere_in_a_chain_holds_the_line() {
    assert_eq!(
        decision("ls && true || echo x; git reset --hard | cat"),
        "ask"
    );
}

#[test]
fn unparsable_lines_hold_only_with_a_destructive_verb_and_target() {
    assert_eq!(decision("rm -rf / \""), "ask");
    assert_eq!(decision("echo \"unterminated"), "allow");
}

#[test]
fn text_output_is_plain_unless_asked_and_honours_no_color() {
    let out = run(&["check", "-c", "rm -rf ~", "--color", "always"], "");
    assert!(stdout(&out).contains("\x1b["));
    let out = brake()
        .args(["check", "-c", "rm -rf ~"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&out).contains("\x1b["));
    assert!(stdout(&out).contains("fs.rm-recursive"));
    assert!(stdout(&out).contains("safer:"));
}

#[test]
fn an_invalid_rule_file_names_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("brake-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.yaml");
    std::fs::write(
        &file,
        "pack: mine\nrules:\n  - id: mine.x\n    title: [unclosed\n",
    )
    .unwrap();
    let out = run(
        &["check", "--rules", file.to_str().unwrap(), "-c", "ls"],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.yaml"), "{err}");
    assert!(err.contains("line 4") || err.contains(":4:"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn user_rules_are_loaded_and_matched() {
    let dir = std::env::temp_dir().join(format!("brake-user-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.yaml");
    std::fs::write(
        &file,
        "pack: mine\nrules:\n  - id: mine.deploy-prod\n    title: deploy to prod\n    programs: [deploy]\n    subcommand: [prod]\n    action: recreate\n    severity: critical\n    reason: redeploys production\n    safer: deploy to staging\n    examples: {hold: [deploy prod], pass: [deploy staging]}\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let out = run(
        &[
            "check",
            "--rules",
            f,
            "-c",
            "sudo deploy prod",
            "--format",
            "json",
        ],
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["rule"], "mine.deploy-prod");
    assert_eq!(
        run(&["rules", "--rules", f, "test"], "").status.code(),
        Some(0)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_traces_invocations_wrappers_and_matches() {
    let out = run(
        &[
            "explain",
            "sudo bash -c 'cd / && rm -rf node_modules'",
            "--color",
            "never",
        ],
        "",
    );
    let s = stdout(&out);
    assert!(s.contains("via: sudo > bash -c"), "{s}");
    assert!(s.contains("cwd: /"), "{s}");
    assert!(s.contains("match fs.rm-recursive"), "{s}");
    assert!(s.contains("decision: ask"), "{s}");
}

#[test]
fn rules_list_show_and_test() {
    let list = stdout(&run(&["rules", "list"], ""));
    assert!(list.contains("git.push-force") && list.contains("fs.rm-recursive"));
    let show = stdout(&run(&["rules", "show", "git.push-force"], ""));
    for section in [
        "## What it holds",
        "## Why is this dangerous?",
        "## Example",
        "## Use instead",
    ] {
        assert!(show.contains(section), "{show}");
    }
    assert_eq!(
        run(&["rules", "show", "no.such-rule"], "").status.code(),
        Some(2)
    );
    let test = run(&["rules", "test"], "");
    assert_eq!(test.status.code(), Some(0), "{}", stdout(&test));
    assert!(stdout(&test).contains("0 failed"));
}

#[test]
fn delete_then_create_is_reported_as_recreate_naming_the_target() {
    for (cmd, target) in [
        (
            "kubectl delete -f app.yaml && kubectl apply -f app.yaml",
            "app.yaml",
        ),
        ("dropdb shop && createdb shop", "shop"),
        (
            "terraform apply -replace=aws_instance.web",
            "aws_instance.web",
        ),
        ("helm uninstall api && helm install api ./chart", "api"),
    ] {
        let v = check_json(cmd);
        let f = &v["findings"][0];
        assert_eq!(f["action"], "recreate", "{cmd}: {v}");
        assert_eq!(f["target"], target, "{cmd}: {v}");
    }
    // A delete alone stays a delete.
    assert_eq!(check_json("dropdb shop")["findings"][0]["action"], "drop");
}
