//! Asking the human on the terminal. The question goes to `/dev/tty`, never to stdin or stdout,
//! which belong to the command: brake only asks when `/dev/tty` opens *and* brake is in the
//! terminal's foreground process group (a background job reading the terminal would be stopped).
//! Keys typed before the question appears are discarded, so type-ahead cannot answer it.
//!
//! `high` and below: a yes/no that defaults to No (Enter alone is No). `critical`: the human
//! types the target's name, as molly-guard asks for the hostname. Ctrl-C, end of input or any
//! other answer is No. dialoguer reads keys from fd 0 when that is a terminal, so for the length
//! of the question fd 0 *is* the terminal, and the command's stdin is put back afterwards.

use crate::report::{text, Style};
use crate::rules::spec::Severity;
use crate::verdict::Finding;
use std::fs::File;
use std::io::Write;
use std::os::fd::OwnedFd;

/// The human's answer, with a short note for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Yes(String),
    No(String),
}

/// The controlling terminal, when brake may ask on it.
pub struct Tty {
    file: File,
}

/// Opens `/dev/tty` if there is one and brake is in its foreground process group; otherwise
/// says why not.
pub fn open() -> Result<Tty, String> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| "there is no terminal to ask on".to_string())?;
    let fg = rustix::termios::tcgetpgrp(&file)
        .map_err(|e| format!("the terminal has no foreground process group ({e})"))?;
    if fg != rustix::process::getpgrp() {
        return Err("brake is not in the terminal's foreground process group".into());
    }
    Ok(Tty { file })
}

/// What the human is shown before the question: the command, where it runs, and each finding
/// (severity, action, target, rule, why, safer alternative).
pub fn summary(command: &str, cwd: &str, findings: &[Finding], style: Style) -> String {
    let mut s = format!(
        "{}\n  {}\n{} {}\n\n",
        style.yellow("brake held this command:"),
        style.bold(&text::one_line(command)),
        style.dim("in"),
        cwd
    );
    for f in findings {
        s.push_str(&text::finding(f, style));
    }
    s.push('\n');
    s
}

/// What the human must type for a critical finding: the last component of a path, else the
/// target as written.
pub fn target_name(target: &str) -> String {
    let t = target.trim_end_matches('/');
    match t.rsplit('/').next() {
        Some(last) if !last.is_empty() => last.to_string(),
        _ => target.to_string(),
    }
}

impl Tty {
    /// Colour unless `NO_COLOR` is set or `TERM=dumb`.
    pub fn style(&self) -> Style {
        Style {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb"),
        }
    }

    pub fn write(&self, s: &str) {
        let _ = (&self.file).write_all(s.as_bytes());
        let _ = (&self.file).flush();
    }

    /// Asks whether to run a command with `findings`.
    pub fn ask(&self, findings: &[Finding]) -> Answer {
        let mut names: Vec<String> = Vec::new();
        for f in findings.iter().filter(|f| f.severity == Severity::Critical) {
            let n = target_name(&f.target);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        let (Ok(r), Ok(w)) = (self.file.try_clone(), self.file.try_clone()) else {
            return Answer::No("the terminal could not be read".into());
        };
        let term = console::Term::read_write_pair(r, w);
        let _ = rustix::termios::tcflush(&self.file, rustix::termios::QueueSelector::IFlush);
        let _sigint = SigintIgnored::new();
        let Ok(_stdin) = StdinOnTty::new(&self.file) else {
            return Answer::No("the terminal could not be read".into());
        };
        let answer = if names.is_empty() {
            match dialoguer::Confirm::new()
                .with_prompt("Run it?")
                .default(false)
                .wait_for_newline(true)
                .interact_on_opt(&term)
            {
                Ok(Some(true)) => Answer::Yes("answered yes on the terminal".into()),
                Ok(Some(false)) => Answer::No("answered no".into()),
                Ok(None) => Answer::No("cancelled".into()),
                Err(_) => Answer::No("interrupted (Ctrl-C or end of input)".into()),
            }
        } else {
            self.write(&format!(
                "{}\n",
                self.style()
                    .red("This is critical: type the name of what it destroys to run it.")
            ));
            let mut answer = Answer::Yes("typed the target's name on the terminal".into());
            for name in &names {
                match dialoguer::Input::<String>::new()
                    .with_prompt(format!("Type `{name}` to run it (anything else cancels)"))
                    .allow_empty(true)
                    .interact_text_on(&term)
                {
                    Ok(typed) if typed.trim() == name => {}
                    Ok(_) => {
                        answer = Answer::No(format!("the name typed was not `{name}`"));
                        break;
                    }
                    Err(_) => {
                        answer = Answer::No("interrupted (Ctrl-C or end of input)".into());
                        break;
                    }
                }
            }
            answer
        };
        let _ = term.show_cursor();
        answer
    }
}

/// Ctrl-C during the question means No, not death by SIGINT: SIGINT is ignored while asking and
/// its previous disposition restored afterwards (before any exec).
struct SigintIgnored {
    previous: libc::sighandler_t,
}

impl SigintIgnored {
    fn new() -> SigintIgnored {
        // SAFETY: `signal` with SIG_IGN installs no handler code; the previous disposition is
        // restored in `drop`. brake is single-threaded while asking.
        let previous = unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) };
        SigintIgnored { previous }
    }
}

impl Drop for SigintIgnored {
    fn drop(&mut self) {
        if self.previous != libc::SIG_ERR {
            // SAFETY: restores the disposition `signal` returned.
            unsafe { libc::signal(libc::SIGINT, self.previous) };
        }
    }
}

/// fd 0 pointed at the terminal for the length of the question, then restored.
struct StdinOnTty {
    saved: Option<OwnedFd>,
}

impl StdinOnTty {
    fn new(tty: &File) -> std::io::Result<StdinOnTty> {
        let saved = rustix::io::fcntl_dupfd_cloexec(rustix::stdio::stdin(), 3).ok();
        rustix::stdio::dup2_stdin(tty)?;
        Ok(StdinOnTty { saved })
    }
}

impl Drop for StdinOnTty {
    fn drop(&mut self) {
        match &self.saved {
            Some(fd) => {
                let _ = rustix::stdio::dup2_stdin(fd);
            }
            None => {
                // fd 0 was closed before: leave /dev/null there, not the terminal.
                if let Ok(null) = std::fs::File::open("/dev/null") {
                    let _ = rustix::stdio::dup2_stdin(&null);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_to_type_is_the_last_path_component() {
        assert_eq!(target_name("/tmp/x/victim.txt"), "victim.txt");
        assert_eq!(target_name("prod-db"), "prod-db");
        assert_eq!(target_name("build/"), "build");
        assert_eq!(target_name("/"), "/");
    }
}
