//! A real pseudo-terminal for the tests: a private tmux server (its own socket in the sandbox,
//! no config file), one window per "terminal". Keys are typed with `send-keys`, the screen is
//! read with `capture-pane`, and every wait polls with a generous deadline instead of sleeping a
//! fixed time, so the tests hold on a slow two-core machine.

use super::sandbox::Sandbox;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: PathBuf,
    counter: std::cell::Cell<usize>,
}

const DEADLINE: Duration = Duration::from_secs(60);

impl Tmux {
    /// Starts a server whose first window `main` runs a plain bash in `sb`'s work directory.
    pub fn start(sb: &Sandbox) -> Tmux {
        let t = Tmux {
            socket: sb.root.join("tmux.sock"),
            counter: std::cell::Cell::new(0),
        };
        let mut c = t.tmux();
        c.args([
            "new-session",
            "-d",
            "-s",
            "t",
            "-n",
            "main",
            "-x",
            "200",
            "-y",
            "50",
        ])
        .arg(Self::shell());
        for (k, v) in sb.vars() {
            c.env(k, v);
        }
        for v in ["BRAKE_CONFIG", "BRAKE_SHELL", "BRAKE_CONFIRMED", "TMUX"] {
            c.env_remove(v);
        }
        c.env("PS1", "$ ")
            .env("NO_COLOR", "1")
            .current_dir(sb.work());
        assert!(c.status().expect("tmux runs").success(), "tmux starts");
        t.wait_until_clear("main");
        t
    }

    fn shell() -> &'static str {
        "env PS1='$ ' bash --norc --noprofile"
    }

    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket).arg("-f").arg("/dev/null");
        c
    }

    /// Opens another window (another terminal) named `name`.
    pub fn window(&self, name: &str) {
        let ok = self
            .tmux()
            .args(["new-window", "-d", "-t", "t", "-n", name, Self::shell()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        self.wait_until_clear(name);
    }

    /// Types `text` literally, without Enter.
    pub fn type_text(&self, win: &str, text: &str) {
        let target = format!("t:{win}");
        let ok = self
            .tmux()
            .args(["send-keys", "-t", &target, "-l", text])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    /// Presses a named key (`Enter`, `C-c`).
    pub fn key(&self, win: &str, key: &str) {
        let target = format!("t:{win}");
        let ok = self
            .tmux()
            .args(["send-keys", "-t", &target, key])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    /// Types a line and presses Enter.
    pub fn line(&self, win: &str, text: &str) {
        self.type_text(win, text);
        self.key(win, "Enter");
    }

    /// The visible screen, wrapped lines joined, trailing blank lines dropped.
    pub fn screen(&self, win: &str) -> String {
        let target = format!("t:{win}");
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-J", "-t", &target])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim_end().to_string()
    }

    /// Waits until the screen contains `needle`; returns the screen.
    pub fn wait_for(&self, win: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(win);
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > DEADLINE {
                panic!("`{needle}` never appeared in window {win}:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clears the window, runs `cmd` in its shell and returns the exit status once it ends.
    /// The command may stop at a prompt: then use [`Tmux::start_cmd`] and [`Tmux::status`].
    pub fn run(&self, win: &str, cmd: &str) -> i32 {
        let n = self.start_cmd(win, cmd);
        self.status(win, n)
    }

    /// Clears the window and starts `cmd`; returns a ticket for [`Tmux::status`].
    pub fn start_cmd(&self, win: &str, cmd: &str) -> usize {
        let n = self.counter.get() + 1;
        self.counter.set(n);
        self.line(win, "clear");
        self.wait_until_clear(win);
        self.line(win, &format!("{cmd}; echo \"[done-{n}:$?]\""));
        n
    }

    /// Waits until the window shows only the prompt.
    fn wait_until_clear(&self, win: &str) {
        let start = Instant::now();
        while self.screen(win).trim() != "$" {
            if start.elapsed() > DEADLINE {
                panic!("window {win} never cleared:\n{}", self.screen(win));
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits for the command with ticket `n` to end; its exit status.
    pub fn status(&self, win: &str, n: usize) -> i32 {
        let re = regex::Regex::new(&format!(r"\[done-{n}:(\d+)\]")).unwrap();
        let start = Instant::now();
        loop {
            let s = self.screen(win);
            if let Some(c) = re.captures(&s) {
                return c[1].parse().unwrap();
            }
            if start.elapsed() > DEADLINE {
                panic!("command {n} never finished in window {win}:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}
