//! Where a held command came from, and whether `brake approve` may grant it from here.
//!
//! A prompt on a pseudo-terminal only proves that whoever holds that terminal answered, and an
//! agent can run `brake approve CODE` itself, even inside a pty it drives. So a held command
//! records its session, its controlling terminal and its ancestors (PID and start time), up to
//! and including the session leader of the terminal the agent runs in (the shell of the tab or
//! pane the agent was started from): the agent, and anything it spawns, lies below that line.
//! Shared infrastructure above it (the terminal emulator, tmux's server, sshd, init) is not
//! recorded, so the human's other terminal is not refused for sharing it.
//!
//! `brake approve` refuses when it runs in the same session, on the same terminal, or below any
//! recorded ancestor, and says which.

use crate::procfs::{self, Proc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub session: i32,
    /// Controlling terminal device number, 0 for none.
    pub tty: u64,
    pub ancestors: Vec<Proc>,
}

/// The origin of this process.
pub fn current() -> Origin {
    let me = procfs::me();
    let pid = rustix::process::getpid().as_raw_nonzero().get();
    let mut ancestors = Vec::new();
    for p in procfs::ancestors(pid) {
        let leader_with_terminal = p.pid == p.session && p.tty != 0;
        ancestors.push(p);
        if leader_with_terminal {
            break;
        }
    }
    Origin {
        session: me.as_ref().map_or(0, |m| m.session),
        tty: me.as_ref().map_or(0, |m| m.tty),
        ancestors,
    }
}

/// Why an approver with origin `approver` (and full ancestry `approver_ancestors`) may not
/// grant a command held from `held`; `None` when it may.
pub fn refusal(held: &Origin, approver: &Origin, approver_ancestors: &[Proc]) -> Option<String> {
    if held.session != 0 && held.session == approver.session {
        return Some(format!(
            "brake approve is running in the same session (id {}) as the held command",
            held.session
        ));
    }
    if held.tty != 0 && held.tty == approver.tty {
        return Some("brake approve is running on the same terminal as the held command".into());
    }
    if let Some(p) = approver_ancestors
        .iter()
        .find(|a| held.ancestors.iter().any(|h| h.same(a)))
    {
        return Some(format!(
            "brake approve is running under {} (pid {}), which also started the held command",
            p.name, p.pid
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pid: i32, name: &str) -> Proc {
        Proc {
            pid,
            start: pid as u64 * 10,
            name: name.into(),
            ppid: 0,
            session: 0,
            tty: 0,
        }
    }

    #[test]
    fn an_agent_cannot_approve_from_below_itself() {
        let held = Origin {
            session: 50,
            tty: 0,
            ancestors: vec![p(51, "bash"), p(40, "agent"), p(30, "zsh")],
        };
        let me = Origin {
            session: 60,
            tty: 0,
            ancestors: vec![],
        };
        let why = refusal(&held, &me, &[p(61, "bash"), p(40, "agent"), p(30, "zsh")]).unwrap();
        assert!(why.contains("agent (pid 40)"), "{why}");
        // The human's other tab shares only the terminal emulator, which is not recorded.
        assert_eq!(
            refusal(&held, &me, &[p(70, "zsh"), p(20, "terminal")]),
            None
        );
        // A reused PID with another start time is another process.
        let mut reused = p(40, "agent");
        reused.start = 1;
        assert_eq!(refusal(&held, &me, &[reused]), None);
    }

    #[test]
    fn same_session_or_terminal_is_refused() {
        let held = Origin {
            session: 50,
            tty: 34817,
            ancestors: vec![],
        };
        let same_session = Origin {
            session: 50,
            tty: 0,
            ancestors: vec![],
        };
        assert!(refusal(&held, &same_session, &[]).is_some());
        let same_tty = Origin {
            session: 9,
            tty: 34817,
            ancestors: vec![],
        };
        assert!(refusal(&held, &same_tty, &[]).is_some());
    }
}
