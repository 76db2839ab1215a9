//! Helpers shared by the integration tests.

pub mod sandbox;
pub mod tmux;
pub mod world;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The brake binary under test.
pub fn brake() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_brake"));
    c.env_remove("NO_COLOR");
    c
}

/// Runs brake with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = brake()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("brake runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `brake check -c CMD --format json`, parsed.
pub fn check_json(cmd: &str) -> serde_json::Value {
    let o = run(&["check", "-c", cmd, "--format", "json"], "");
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("json for {cmd:?}: {e}: {}", stdout(&o)))
}

/// The decision for one command.
pub fn decision(cmd: &str) -> String {
    check_json(cmd)["decision"].as_str().unwrap().to_string()
}
