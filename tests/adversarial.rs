//! Hostile input: every case gets a verdict (held when in doubt), within bounded time and
//! memory, with no crash and no stack overflow. brake runs under a 4 GB address-space limit,
//! and each case must finish well inside a generous deadline; past a named limit, the finding
//! names the limit.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `brake check --lines - --format json` on `input` (one line unless it has newlines, in
/// which case `path_mode` checks it as a script file) under a memory limit.
fn verdict(input: &[u8], script: bool) -> serde_json::Value {
    let dir =
        std::env::temp_dir().join(format!("brake-adv-{}-{}", std::process::id(), input.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("input");
    std::fs::write(&file, input).unwrap();
    let bin = env!("CARGO_BIN_EXE_brake");
    let args = if script {
        format!("'{bin}' check --format json '{}'", file.display())
    } else {
        format!("'{bin}' check --format json --lines '{}'", file.display())
    };
    // Output goes to files: a verdict echoes the megabyte command, more than a pipe holds.
    let out_file = dir.join("stdout");
    let err_file = dir.join("stderr");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 4000000; exec {args}"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(std::fs::File::create(&err_file).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let deadline = Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            start.elapsed() < deadline,
            "brake did not finish within {deadline:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    let stdout = std::fs::read(&out_file).unwrap();
    let stderr = std::fs::read(&err_file).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let code = status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "exit {code:?}, stderr: {}",
        String::from_utf8_lossy(&stderr)
    );
    if script {
        // A scanned file reports a versioned document of file findings; the decision is the
        // exit status (0 nothing held, 1 held).
        let doc: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
        let decision = if code == Some(0) { "allow" } else { "ask" };
        return serde_json::json!({"decision": decision, "findings": doc["findings"]});
    }
    let first = stdout.split(|b| *b == b'\n').next().unwrap();
    serde_json::from_slice(first).unwrap()
}

fn rules(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_one_megabyte_line() {
    let mut line = b"echo ".to_vec();
    line.extend(b"a ".repeat(500_000));
    assert_eq!(verdict(&line, false)["decision"], "allow");
    line.extend(b"; rm -rf /");
    assert_eq!(verdict(&line, false)["decision"], "ask");
}

#[test]
fn ten_thousand_nested_command_substitutions() {
    let n = 10_000;
    let balanced = format!("{}rm -rf /{}", "echo $(".repeat(n), ")".repeat(n));
    let v = verdict(balanced.as_bytes(), false);
    assert_eq!(v["decision"], "ask");
    assert!(
        rules(&v).contains(&"limit.nesting-depth".to_string()),
        "{v}"
    );
    let open = format!("{}rm -rf /", "$(".repeat(n));
    assert_eq!(verdict(open.as_bytes(), false)["decision"], "ask");
}

#[test]
fn ten_thousand_nested_subshells() {
    let n = 10_000;
    let line = format!("{}ls{}", "(".repeat(n), ")".repeat(n));
    let v = verdict(line.as_bytes(), false);
    assert_eq!(v["decision"], "ask", "past the nesting limit brake holds");
    assert!(
        rules(&v).contains(&"limit.nesting-depth".to_string()),
        "{v}"
    );
}

#[test]
fn a_hundred_thousand_commands_in_one_line() {
    let mut line = vec!["true"; 100_000].join(";");
    assert_eq!(verdict(line.as_bytes(), false)["decision"], "allow");
    line.push_str(";rm -rf ~");
    assert_eq!(verdict(line.as_bytes(), false)["decision"], "ask");
}

#[test]
fn ten_thousand_heredocs() {
    let mut script = String::new();
    for i in 0..10_000 {
        script.push_str(&format!("cat <<E{i}\nrm -rf /\nE{i}\n"));
    }
    assert_eq!(
        verdict(script.as_bytes(), true)["decision"],
        "allow",
        "heredoc bodies fed to cat are data"
    );
    script.push_str("bash <<X\nrm -rf ~\nX\n");
    assert_eq!(verdict(script.as_bytes(), true)["decision"], "ask");
}

#[test]
fn deep_bash_c_nesting() {
    let mut s = String::from("rm -rf /");
    for _ in 0..12 {
        s = format!("bash -c '{}'", s.replace('\'', "'\\''"));
    }
    let v = verdict(s.as_bytes(), false);
    assert_eq!(v["decision"], "ask");
    assert!(
        rules(&v).contains(&"limit.reparse-depth".to_string()),
        "{v}"
    );
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    assert_eq!(verdict(b"rm -rf \xff\xfe/", false)["decision"], "ask");
    assert_eq!(verdict(b"echo \xff\xfe", false)["decision"], "allow");
    assert_eq!(verdict(b"rm -rf \x00/", false)["decision"], "ask");
    assert_eq!(verdict(b"ls \x00 -la", false)["decision"], "allow");
}
