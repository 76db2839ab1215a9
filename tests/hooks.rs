//! `brake hook AGENT`: golden answers per agent, and malformed input.
//!
//! Each `tests/hooks/AGENT/CASE.json` is one hook input written from that agent's documented
//! schema (the shape each adapter follows is in its `//!` header); `CASE.expected` is the exact
//! answer: the exit status, stdout and stderr. `$PROJECT` and `$STRICT` stand for the world's two
//! projects (`$STRICT` denies critical findings), and approval codes are written `XXXX-XXXX` and JSON error positions `line L column C`. To
//! refresh the expected files after a deliberate change, run
//! `BRAKE_UPDATE_FIXTURES=1 cargo test --test tests hooks` and read the diff.
//!
//! The commands in the fixtures (`terraform destroy -auto-approve`, `rm -rf …`) are JSON data: a
//! hook only answers, it never runs anything.

use crate::common::world::World;
use regex::Regex;
use std::path::Path;

const AGENTS: [&str; 5] = ["claude", "codex", "gemini", "cursor", "copilot"];

fn render(exit: i32, stdout: &str, stderr: &str) -> String {
    format!("exit: {exit}\n--- stdout\n{stdout}--- stderr\n{stderr}")
}

fn normalise(world: &World, s: &str) -> String {
    let code = Regex::new(r"\b[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}\b").unwrap();
    // JSON error positions move with the length of the temporary paths filled in.
    let position = Regex::new(r"at line \d+ column \d+").unwrap();
    let unfilled = world.unfill(s);
    let s = code.replace_all(&unfilled, "XXXX-XXXX");
    position.replace_all(&s, "at line L column C").into_owned()
}

#[test]
fn every_fixture_gets_its_golden_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hooks");
    let update = std::env::var_os("BRAKE_UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for agent in AGENTS {
        let mut cases: Vec<_> = std::fs::read_dir(root.join(agent))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        cases.sort();
        assert!(cases.len() >= 6, "{agent}: too few fixtures");
        for case in cases {
            count += 1;
            // Each case in a fresh world: no approval or log carries over.
            let world = World::new("hook");
            let input = world.fill(&std::fs::read_to_string(&case).unwrap());
            let out = world.run(&["hook", agent], input.as_bytes());
            let got = render(
                out.status.code().unwrap_or(-1),
                &normalise(&world, &String::from_utf8_lossy(&out.stdout)),
                &normalise(&world, &String::from_utf8_lossy(&out.stderr)),
            );
            let expected_path = case.with_extension("expected");
            if update {
                std::fs::write(&expected_path, &got).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if got != expected {
                failures.push(format!(
                    "{}:\n--- expected\n{expected}\n--- got\n{got}",
                    case.display()
                ));
            }
        }
    }
    assert!(count >= 40, "only {count} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What "blocked" means for each protocol: exit 2 with the reason on stderr and nothing on
/// stdout, except Copilot, whose every non-zero exit lets the command run: there it is a whole
/// `deny` on stdout.
fn assert_blocked(agent: &str, out: &std::process::Output, what: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("brake: blocked"),
        "{agent} {what}: no message on stderr: {stderr}"
    );
    if agent == "copilot" {
        assert_eq!(out.status.code(), Some(0), "{agent} {what}");
        let v: serde_json::Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{agent} {what}: not one JSON answer ({e}): {stdout}"));
        assert_eq!(v["permissionDecision"], "deny", "{agent} {what}");
    } else {
        assert_eq!(out.status.code(), Some(2), "{agent} {what}: {stderr}");
        assert!(stdout.is_empty(), "{agent} {what}: partial answer {stdout}");
    }
}

#[test]
fn malformed_input_blocks_in_each_protocols_way() {
    let world = World::new("malformed");
    let shell_call = |agent: &str, command_json: &str| -> String {
        let p = world.project().to_string_lossy().to_string();
        match agent {
            "claude" | "codex" => format!(
                r#"{{"cwd":"{p}","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{{"command":{command_json}}}}}"#
            ),
            "gemini" => format!(
                r#"{{"cwd":"{p}","hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{{"command":{command_json}}}}}"#
            ),
            "cursor" => format!(
                r#"{{"cwd":"{p}","hook_event_name":"beforeShellExecution","command":{command_json}}}"#
            ),
            _ => format!(
                r#"{{"cwd":"{p}","toolName":"bash","toolArgs":{{"command":{command_json}}}}}"#
            ),
        }
    };
    for agent in AGENTS {
        let mut inputs: Vec<(&str, Vec<u8>)> = vec![
            ("empty input", Vec::new()),
            ("whitespace", b" \n\t".to_vec()),
            ("not JSON", b"terraform destroy -auto-approve".to_vec()),
            ("truncated JSON", b"{\"tool_name\":\"Bash\",".to_vec()),
            ("a JSON array", b"[]".to_vec()),
            ("a JSON string", b"\"ls\"".to_vec()),
            ("a number command", shell_call(agent, "42").into_bytes()),
            ("a null command", shell_call(agent, "null").into_bytes()),
            (
                "a lone surrogate",
                shell_call(agent, r#""rm -rf \ud800""#).into_bytes(),
            ),
            ("a relative cwd", {
                let p = world.project().to_string_lossy().to_string();
                shell_call(agent, r#""ls""#)
                    .replace(&p, "relative/dir")
                    .into_bytes()
            }),
        ];
        // Raw bytes that are not UTF-8 inside the command string.
        let mut raw = shell_call(agent, "\"rm -rf X\"").into_bytes();
        let at = raw.iter().position(|b| *b == b'X').unwrap();
        raw[at] = 0xff;
        inputs.push(("non-UTF-8 bytes", raw));
        // Larger than brake reads.
        inputs.push(("16 MiB of spaces", vec![b' '; 16 * 1024 * 1024 + 2]));
        for (what, input) in inputs {
            let out = world.run(&["hook", agent], &input);
            assert_blocked(agent, &out, what);
        }
    }
}

#[test]
fn an_invalid_configuration_blocks_rather_than_guess() {
    let world = World::new("badconfig");
    std::fs::write(
        world.project().join(".brake.yaml"),
        "decisions: [not a map\n",
    )
    .unwrap();
    let p = world.project().to_string_lossy().to_string();
    let input = format!(r#"{{"cwd":"{p}","tool_name":"Bash","tool_input":{{"command":"ls"}}}}"#);
    let out = world.run(&["hook", "claude"], input.as_bytes());
    assert_blocked("claude", &out, "invalid .brake.yaml");
    assert!(String::from_utf8_lossy(&out.stderr).contains(".brake.yaml"));
}

#[test]
fn the_hook_reads_the_configuration_of_the_inputs_cwd_not_its_own() {
    let world = World::new("cwd");
    let s = world.strict().to_string_lossy().to_string();
    let input = format!(
        r#"{{"cwd":"{s}","tool_name":"Bash","tool_input":{{"command":"terraform destroy -auto-approve"}}}}"#
    );
    // brake itself runs in the unconfigured project; the call is in the strict one.
    let out = world.run(&["hook", "claude"], input.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
}

#[test]
fn files_the_command_runs_are_read_from_the_inputs_cwd() {
    // The agent's shell is in a subdirectory; the hook starts elsewhere. `./reset` (no `#!`
    // line, so /bin/sh runs it) and `bash reset` must be read from the agent's directory.
    let world = World::new("hook-files");
    let dir = world.project().join("ops");
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("reset");
    let victim = world.root.join("data");
    std::fs::write(&script, format!("rm -rf '{}'\n", victim.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let d = dir.to_string_lossy().to_string();
    for command in ["./reset", "bash reset"] {
        let input =
            format!(r#"{{"cwd":"{d}","tool_name":"Bash","tool_input":{{"command":"{command}"}}}}"#);
        let out = world.run_in(&world.home(), &["hook", "claude"], input.as_bytes());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{command}: {e}: {:?}", out));
        assert_eq!(
            v["hookSpecificOutput"]["permissionDecision"], "ask",
            "{command}"
        );
        let reason = v["hookSpecificOutput"]["permissionDecisionReason"].to_string();
        assert!(reason.contains("fs.rm-recursive"), "{command}: {reason}");
    }
}

fn code_in(text: &str) -> String {
    let re = Regex::new(r"brake approve ([2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4})\b").unwrap();
    re.captures(text)
        .unwrap_or_else(|| panic!("no `brake approve CODE` line in {text}"))[1]
        .to_string()
}

fn audit_outcomes(world: &World) -> Vec<String> {
    std::fs::read_to_string(world.root.join("state/brake/audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{} {}",
                v["outcome"].as_str().unwrap(),
                v["command"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn codex_and_gemini_hold_with_a_code_and_the_approved_retry_runs_once() {
    for (agent, event, tool, allowed) in [
        ("codex", "PreToolUse", "Bash", ""),
        (
            "gemini",
            "BeforeTool",
            "run_shell_command",
            "{\"decision\":\"allow\"}\n",
        ),
    ] {
        let world = World::new("approve");
        let p = world.project().to_string_lossy().to_string();
        let input = format!(
            r#"{{"cwd":"{p}","hook_event_name":"{event}","tool_name":"{tool}","tool_input":{{"command":"terraform destroy -auto-approve"}}}}"#
        );
        let first = world.run(&["hook", agent], input.as_bytes());
        let text = String::from_utf8_lossy(&first.stdout).to_string();
        assert!(text.contains("\"deny\""), "{agent}: {text}");
        let code = code_in(&text);
        // A retry before any approval keeps the same code and is still denied.
        let again = world.run(&["hook", agent], input.as_bytes());
        assert_eq!(
            code_in(&String::from_utf8_lossy(&again.stdout)),
            code,
            "{agent}"
        );
        // A human approves (what `brake approve` does after asking on their terminal).
        let store =
            brake::approval::store::Store::at(&world.root.join("state/brake/approvals")).unwrap();
        let normal = brake::approval::code::normalize(&code).unwrap();
        store.grant(&normal).unwrap().unwrap();
        // Another command, or the same one from elsewhere, is not approved by it.
        let other = input.replace("-auto-approve", "-auto-approve -lock=false");
        let o = world.run(&["hook", agent], other.as_bytes());
        assert!(String::from_utf8_lossy(&o.stdout).contains("\"deny\""));
        // The retry runs, once.
        let retry = world.run(&["hook", agent], input.as_bytes());
        assert_eq!(retry.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&retry.stdout), allowed, "{agent}");
        let after = world.run(&["hook", agent], input.as_bytes());
        let text = String::from_utf8_lossy(&after.stdout).to_string();
        assert!(text.contains("\"deny\""), "{agent}: single use: {text}");
        assert_ne!(code_in(&text), code, "{agent}: a new hold gets a new code");
        let log = audit_outcomes(&world);
        assert_eq!(
            log.iter()
                .filter(|l| *l == "ran-by-approval terraform destroy -auto-approve")
                .count(),
            1,
            "{agent}: {log:?}"
        );
        assert!(log.contains(&"held terraform destroy -auto-approve".to_string()));
    }
}

#[test]
fn asking_and_denying_agents_record_the_held_command_in_the_audit_log() {
    let world = World::new("audit");
    let p = world.project().to_string_lossy().to_string();
    let s = world.strict().to_string_lossy().to_string();
    let ask = format!(
        r#"{{"cwd":"{p}","hook_event_name":"beforeShellExecution","command":"git push --force"}}"#
    );
    let o = world.run(&["hook", "cursor"], ask.as_bytes());
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"ask\""));
    let deny = format!(
        r#"{{"cwd":"{s}","toolName":"bash","toolArgs":{{"command":"terraform destroy -auto-approve"}}}}"#
    );
    let o = world.run(&["hook", "copilot"], deny.as_bytes());
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"deny\""));
    let safe = format!(r#"{{"cwd":"{p}","tool_name":"Bash","tool_input":{{"command":"ls"}}}}"#);
    world.run(&["hook", "claude"], safe.as_bytes());
    assert_eq!(
        audit_outcomes(&world),
        [
            "held git push --force",
            "denied terraform destroy -auto-approve"
        ]
    );
    let log = std::fs::read_to_string(world.root.join("state/brake/audit.jsonl")).unwrap();
    assert!(
        log.contains("asked through Cursor's own confirmation"),
        "{log}"
    );
}

#[test]
fn a_crash_while_checking_blocks_instead_of_failing_open() {
    // Every agent reads a crashed hook as "let it run". The checking happens in a child; when
    // it dies (here a SIGSEGV raised on purpose, in test builds only) the parent blocks.
    let world = World::new("crash");
    let p = world.project().to_string_lossy().to_string();
    for agent in AGENTS {
        let input = match agent {
            "claude" | "codex" => format!(
                r#"{{"cwd":"{p}","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{{"command":"ls"}}}}"#
            ),
            "gemini" => format!(
                r#"{{"cwd":"{p}","hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{{"command":"ls"}}}}"#
            ),
            "cursor" => format!(
                r#"{{"cwd":"{p}","hook_event_name":"beforeShellExecution","command":"ls"}}"#
            ),
            _ => format!(r#"{{"cwd":"{p}","toolName":"bash","toolArgs":{{"command":"ls"}}}}"#),
        };
        let mut c = world.brake_in(&world.project());
        c.args(["hook", agent])
            .env("BRAKE_TEST_CRASH_IN_HOOK", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_blocked(agent, &out, "a crash while checking");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("crashed"),
            "{agent}: {out:?}"
        );
    }
}
