//! Reading `/proc`: the facts about a process that brake uses to tell where a command came from
//! (its session, controlling terminal and ancestors, each identified by PID *and* start time so a
//! reused PID is never mistaken for the original process).

use serde::{Deserialize, Serialize};

/// One process, as `/proc/PID/stat` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proc {
    pub pid: i32,
    /// Start time in clock ticks since boot: with the PID, a unique identity.
    pub start: u64,
    /// The command name (`comm`).
    pub name: String,
    pub ppid: i32,
    pub session: i32,
    /// The controlling terminal's device number, 0 for none.
    pub tty: u64,
}

impl Proc {
    /// Whether `other` is the same process (same PID and start time).
    pub fn same(&self, other: &Proc) -> bool {
        self.pid == other.pid && self.start == other.start
    }
}

/// Reads `/proc/PID/stat`.
pub fn stat(pid: i32) -> Option<Proc> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&text)
}

/// Parses a `stat` line. The command name may contain spaces and parentheses, so the fields are
/// read after the last `)`.
pub fn parse_stat(text: &str) -> Option<Proc> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let pid = text[..open].trim().parse().ok()?;
    let name = text[open + 1..close].to_string();
    // Fields after the name, 0-based from `state` (field 3 in proc(5)).
    let f: Vec<&str> = text[close + 1..].split_whitespace().collect();
    Some(Proc {
        pid,
        name,
        ppid: f.get(1)?.parse().ok()?,
        session: f.get(3)?.parse().ok()?,
        tty: f.get(4)?.parse::<i64>().ok()? as u64,
        start: f.get(19)?.parse().ok()?,
    })
}

/// The ancestors of `pid`, parent first, up to but excluding PID 1. Bounded, so a cycle or a
/// very deep tree cannot hang brake.
pub fn ancestors(pid: i32) -> Vec<Proc> {
    let mut out = Vec::new();
    let mut cur = stat(pid).map(|p| p.ppid);
    while let Some(p) = cur.filter(|&p| p > 1) {
        let Some(proc_) = stat(p) else { break };
        cur = Some(proc_.ppid);
        out.push(proc_);
        if out.len() >= 256 {
            break;
        }
    }
    out
}

/// This process.
pub fn me() -> Option<Proc> {
    stat(rustix::process::getpid().as_raw_nonzero().get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_spaces_and_parentheses_parse() {
        let p = parse_stat(
            "42 (a b) c) S 7 42 42 34817 42 4194560 0 0 0 0 0 0 0 0 20 0 1 0 123456 0 0",
        )
        .unwrap();
        assert_eq!(p.pid, 42);
        assert_eq!(p.name, "a b) c");
        assert_eq!(p.ppid, 7);
        assert_eq!(p.session, 42);
        assert_eq!(p.tty, 34817);
        assert_eq!(p.start, 123456);
    }

    #[test]
    fn this_process_has_a_parent() {
        let me = me().unwrap();
        assert!(me.ppid > 0);
        assert!(ancestors(me.pid).iter().all(|p| p.pid > 1));
    }
}
