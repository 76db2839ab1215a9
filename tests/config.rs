//! Configuration layers: the user's file, a project's `.brake.yaml` that may only tighten
//! unless trusted (through a human at a terminal), environment variables that only tighten,
//! and `brake config` saying where each part came from.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Sandbox {
    root: PathBuf,
}

impl Sandbox {
    fn new(name: &str) -> Sandbox {
        let root = std::env::temp_dir().join(format!("brake-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("home")).unwrap();
        std::fs::create_dir_all(root.join("project/sub")).unwrap();
        Sandbox { root }
    }

    fn project(&self) -> PathBuf {
        self.root.join("project")
    }

    fn brake(&self, dir: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_brake"));
        c.args(args)
            .current_dir(dir)
            .env("HOME", self.root.join("home"))
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_STATE_HOME")
            .env_remove("BRAKE_DENY")
            .env_remove("BRAKE_PROTECT")
            .stdin(Stdio::null());
        c
    }

    fn check(&self, dir: &Path, cmd: &str) -> serde_json::Value {
        let out = self
            .brake(dir, &["check", "--format", "json", "-c", cmd])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)))
    }

    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        self.brake(dir, args).output().unwrap()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

const LOOSEN: &str = "rules:\n  fs.rm-recursive: {disabled: true}\n  git.tag-delete: {severity: low}\ndecisions:\n  high: ask\n";

#[test]
fn an_untrusted_project_file_cannot_loosen() {
    let s = Sandbox::new("loosen");
    std::fs::write(s.project().join(".brake.yaml"), LOOSEN).unwrap();
    // Found from a subdirectory too.
    let v = s.check(&s.project().join("sub"), "rm -rf src");
    assert_eq!(v["decision"], "ask");
    let v = s.check(&s.project(), "git tag -d v1");
    assert_eq!(v["findings"][0]["severity"], "medium");
    let out = String::from_utf8(s.run(&s.project(), &["config"]).stdout).unwrap();
    assert!(out.contains("untrusted"), "{out}");
    assert!(
        out.contains("ignored") && out.contains("rule fs.rm-recursive: disabled"),
        "{out}"
    );
}

#[test]
fn a_project_file_may_tighten() {
    let s = Sandbox::new("tighten");
    std::fs::write(
        s.project().join(".brake.yaml"),
        "decisions:\n  high: deny\nrules:\n  git.tag-delete: {severity: critical}\nprotected:\n  namespaces: [payments]\n",
    )
    .unwrap();
    assert_eq!(s.check(&s.project(), "rm -rf src")["decision"], "deny");
    assert_eq!(
        s.check(&s.project(), "git tag -d v1")["findings"][0]["severity"],
        "critical"
    );
    let v = s.check(&s.project(), "kubectl delete deploy api -n payments");
    assert!(
        v["findings"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("payments"),
        "{v}"
    );
}

#[test]
fn the_user_file_sets_decisions_and_may_loosen() {
    let s = Sandbox::new("user");
    let dir = s.root.join("home/.config/brake");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.yaml"),
        "decisions:\n  critical: deny\nrules:\n  git.tag-delete: {disabled: true}\n",
    )
    .unwrap();
    assert_eq!(
        s.check(&s.project(), "rm -rf /")["decision"],
        "deny",
        "rm -rf / is critical"
    );
    assert_eq!(s.check(&s.project(), "git tag -d v1")["decision"], "allow");
    std::fs::write(dir.join("config.yaml"), "decisions: [not a map\n").unwrap();
    let out = s.run(&s.project(), &["check", "-c", "ls"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("config.yaml"));
}

#[test]
fn environment_variables_only_tighten() {
    let s = Sandbox::new("env");
    let out = s
        .brake(
            &s.project(),
            &["check", "--format", "json", "-c", "rm -rf src"],
        )
        .env("BRAKE_DENY", "high")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decision"], "deny");
    let out = s
        .brake(
            &s.project(),
            &[
                "check",
                "--format",
                "json",
                "-c",
                "kubectl delete deploy x -n billing",
            ],
        )
        .env("BRAKE_PROTECT", "billing")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("billing"));
}

/// `brake trust` asks on the terminal; `script` gives it one.
fn trust_through_a_terminal(s: &Sandbox, answer: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_brake");
    let mut c = Command::new("script");
    c.args(["-qec", &format!("'{bin}' trust"), "/dev/null"])
        .current_dir(s.project())
        .env("HOME", s.root.join("home"))
        .env_remove("XDG_STATE_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn trust_needs_a_human_and_is_voided_by_any_change() {
    let s = Sandbox::new("trust");
    let file = s.project().join(".brake.yaml");
    std::fs::write(&file, LOOSEN).unwrap();
    // Without a terminal nothing is trusted.
    let out = s.run(&s.project(), &["trust"]);
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(s.check(&s.project(), "rm -rf src")["decision"], "ask");
    // A wrong answer at the terminal trusts nothing.
    trust_through_a_terminal(&s, "yes\n");
    assert_eq!(s.check(&s.project(), "rm -rf src")["decision"], "ask");
    // The right answer trusts exactly this content.
    let out = trust_through_a_terminal(&s, "trust\n");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("trusted"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(s.check(&s.project(), "rm -rf src")["decision"], "allow");
    let out = String::from_utf8(s.run(&s.project(), &["config"]).stdout).unwrap();
    assert!(out.contains("(trusted)"), "{out}");
    // Any change voids it.
    std::fs::write(&file, format!("{LOOSEN}# edited\n")).unwrap();
    assert_eq!(s.check(&s.project(), "rm -rf src")["decision"], "ask");
}
