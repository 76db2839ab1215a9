//! A private world for one hook or install test: a temporary directory holding HOME, the XDG
//! config and state directories and two projects, so the real user's agent settings, brake
//! configuration, approvals and audit log are never touched. `$PROJECT` has no brake
//! configuration; `$STRICT` has a `.brake.yaml` that denies critical findings.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct World {
    pub root: PathBuf,
}

impl World {
    pub fn new(tag: &str) -> World {
        let root = std::env::temp_dir().join(format!(
            "brake-{tag}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        for d in ["home", "config", "state", "project", "strict"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(
            root.join("strict/.brake.yaml"),
            "decisions: {critical: deny}\n",
        )
        .unwrap();
        World { root }
    }

    pub fn home(&self) -> PathBuf {
        self.root.join("home")
    }

    pub fn project(&self) -> PathBuf {
        self.root.join("project")
    }

    pub fn strict(&self) -> PathBuf {
        self.root.join("strict")
    }

    /// brake, run in `dir` with this world as its environment.
    pub fn brake_in(&self, dir: &Path) -> Command {
        let mut c = super::brake();
        c.current_dir(dir)
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.root.join("config"))
            .env("XDG_STATE_HOME", self.root.join("state"))
            .env_remove("XDG_DATA_HOME")
            .env_remove("BRAKE_DENY")
            .env_remove("BRAKE_PROTECT")
            .env_remove("CLAUDE_CONFIG_DIR")
            .env_remove("CODEX_HOME")
            .env_remove("COPILOT_HOME")
            .env_remove("CLAUDE_CODE_SHELL_PREFIX")
            .env_remove("AMAZON_Q_CHAT_SHELL")
            .env("SHELL", "/bin/bash");
        c
    }

    /// `brake ARGS` in the project, with `stdin` fed.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        self.run_in(&self.project(), args, stdin)
    }

    pub fn run_in(&self, dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
        let mut child = self
            .brake_in(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("brake runs");
        // brake may answer before reading everything (it must not, but a closed pipe is not
        // this helper's failure to report).
        let _ = child.stdin.take().unwrap().write_all(stdin);
        child.wait_with_output().unwrap()
    }

    /// Puts the world's placeholders into a fixture's text.
    pub fn fill(&self, text: &str) -> String {
        text.replace("$PROJECT", &self.project().to_string_lossy())
            .replace("$STRICT", &self.strict().to_string_lossy())
    }

    /// Puts the placeholders back into brake's output, so golden files hold no machine paths.
    pub fn unfill(&self, text: &str) -> String {
        text.replace(&self.strict().to_string_lossy().to_string(), "$STRICT")
            .replace(&self.project().to_string_lossy().to_string(), "$PROJECT")
            .replace(&self.home().to_string_lossy().to_string(), "$HOME")
            .replace(env!("CARGO_BIN_EXE_brake"), "$BRAKE")
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
