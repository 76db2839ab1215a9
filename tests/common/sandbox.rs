//! A private world for one guarded-execution test: a temporary directory holding HOME, the
//! XDG state and config directories and a work directory, so the real user's approvals, audit
//! log and configuration are never touched. Held commands in these tests only ever target
//! directories created here, so they would be harmless even if they ran.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct Sandbox {
    pub root: PathBuf,
}

impl Sandbox {
    pub fn new(tag: &str) -> Sandbox {
        let root = std::env::temp_dir().join(format!(
            "brake-{tag}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        for d in ["home", "state", "config/brake", "work"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        Sandbox { root }
    }

    pub fn work(&self) -> PathBuf {
        self.root.join("work")
    }

    pub fn state(&self) -> PathBuf {
        self.root.join("state/brake")
    }

    /// Creates `work/NAME/` with a file in it: a target for a held `rm -rf`.
    pub fn victim(&self, name: &str) -> PathBuf {
        let d = self.work().join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("keep.txt"), "still here").unwrap();
        d
    }

    /// The variables that give brake this sandbox as its world.
    pub fn vars(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("HOME", self.root.join("home")),
            ("XDG_STATE_HOME", self.root.join("state")),
            ("XDG_CONFIG_HOME", self.root.join("config")),
        ]
    }

    /// Writes the user config file.
    pub fn config(&self, yaml: &str) {
        std::fs::write(self.root.join("config/brake/config.yaml"), yaml).unwrap();
    }

    /// `brake ARGS` in the work directory, in its own process group and with stdin from
    /// /dev/null: it never gets a terminal to ask on, even when the tests run in one.
    pub fn brake(&self, args: &[&str]) -> Command {
        let mut c = super::brake();
        c.args(args);
        self.setup(&mut c);
        c
    }

    pub fn setup(&self, c: &mut Command) {
        use std::os::unix::process::CommandExt;
        for v in ["BRAKE_CONFIG", "BRAKE_SHELL", "BRAKE_CONFIRMED", "NO_COLOR"] {
            c.env_remove(v);
        }
        for (k, v) in self.vars() {
            c.env(k, v);
        }
        c.current_dir(self.work())
            .process_group(0)
            .stdin(Stdio::null());
    }

    /// Runs `brake ARGS`, bounded in time.
    pub fn run(&self, args: &[&str]) -> Output {
        output(self.brake(args))
    }

    /// The audit log, parsed.
    pub fn log(&self) -> Vec<serde_json::Value> {
        match std::fs::read_to_string(self.state().join("audit.jsonl")) {
            Ok(t) => t
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The outcomes in the audit log, in order.
    pub fn outcomes(&self) -> Vec<String> {
        self.log()
            .iter()
            .map(|e| e["outcome"].as_str().unwrap().to_string())
            .collect()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Runs a command to completion with piped output, killing it after 60 s (a guard that loops
/// must fail the test, not hang it).
pub fn output(mut c: Command) -> Output {
    let child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    wait_bounded(child, Duration::from_secs(60))
}

pub fn wait_bounded(mut child: std::process::Child, limit: Duration) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("process did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The code in the line `brake approve CODE` that a held command prints.
pub fn approval_code(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("brake approve "))
        .unwrap_or_else(|| panic!("no `brake approve CODE` line in:\n{stderr}"))
        .trim()
        .to_string()
}
