//! The nested-brake marker. When a human confirms a held command, brake execs it with
//! `BRAKE_CONFIRMED=<token>` and records the token under the state directory together with the
//! findings the human saw and the identity (PID and start time) of the process that became the
//! command. A brake started *inside* that command (`make SHELL=brake`, `script`, a nested
//! `brake -c`) still checks its own line; it only skips the question when every one of its
//! findings was among those the human confirmed *and* the recorded process is the nested brake
//! itself (a shell execs the last command of its line) or one of its ancestors. So the variable
//! is not a bypass: a forged or copied token names no such process, and a new finding is always
//! asked about.

use crate::procfs::{self, Proc};
use crate::statefile;
use crate::verdict::Finding;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The variable a confirmed command carries.
pub const VAR: &str = "BRAKE_CONFIRMED";

#[derive(Debug, Serialize, Deserialize)]
struct Mark {
    process: Proc,
    findings: Vec<String>,
    created: u64,
}

fn key(f: &Finding) -> String {
    format!("{}\u{1f}{}", f.rule, f.target)
}

fn dir() -> std::io::Result<PathBuf> {
    let d = statefile::dir()?.join("confirmed");
    statefile::ensure_dir(&d)?;
    Ok(d)
}

fn valid_token(t: &str) -> bool {
    t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Records that the human confirmed `findings` for this process (which is about to become the
/// command) and returns the variable to give it. Marks of processes that are gone are removed.
pub fn grant(findings: &[Finding]) -> Option<(String, String)> {
    let me = procfs::me()?;
    let dir = dir().ok()?;
    prune(&dir);
    let token = statefile::hex(&statefile::random_bytes(16));
    let mark = Mark {
        process: me,
        findings: findings.iter().map(key).collect(),
        created: statefile::now(),
    };
    let bytes = serde_json::to_vec(&mark).ok()?;
    statefile::write_atomic(&dir.join(&token), &bytes).ok()?;
    Some((VAR.to_string(), token))
}

/// Whether a human already confirmed every one of `findings` for an ancestor of this process.
pub fn covers(findings: &[Finding]) -> bool {
    let Some(token) = std::env::var(VAR).ok().filter(|t| valid_token(t)) else {
        return false;
    };
    let Some(mark) = dir()
        .ok()
        .and_then(|d| std::fs::read(d.join(&token)).ok())
        .and_then(|b| serde_json::from_slice::<Mark>(&b).ok())
    else {
        return false;
    };
    // The confirmed process itself counts: a shell execs the last command of its line, so the
    // nested brake may be that very process.
    let me = rustix::process::getpid().as_raw_nonzero().get();
    let below_confirmed = procfs::stat(me)
        .into_iter()
        .chain(procfs::ancestors(me))
        .any(|p| p.same(&mark.process));
    below_confirmed
        && !findings.is_empty()
        && findings.iter().all(|f| mark.findings.contains(&key(f)))
}

fn prune(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let alive = std::fs::read(e.path())
            .ok()
            .and_then(|b| serde_json::from_slice::<Mark>(&b).ok())
            .is_some_and(|m| procfs::stat(m.process.pid).is_some_and(|p| p.same(&m.process)));
        if !alive && !e.file_name().to_string_lossy().starts_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
