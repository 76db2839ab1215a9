//! Under load: agents run tool calls in parallel. Fifty brake processes at once, twice:
//! first twenty humans approving in twenty terminals while thirty agent calls are held, then
//! fifty agent calls retrying at the same moment (each of twenty approved commands twice, plus
//! ten that were never approved). Afterwards every approval was used exactly once, nothing
//! unapproved ran, and the audit log verifies with every record present, numbered without gaps.
//! The commands only delete directories this test created.

use crate::common::sandbox::{approval_code, Sandbox};
use crate::common::tmux::Tmux;
use std::collections::BTreeMap;
use std::path::Path;

const APPROVED: usize = 20;
const HELD_DURING_APPROVAL: usize = 30;
const UNAPPROVED_RETRIES: usize = 10;

/// A bash script that runs every `(name, target)` agent call at once, each without a terminal
/// (`setsid`), recording its exit status and stderr under `st/`.
fn agent_script(dir: &Path, calls: &[(String, String)]) -> String {
    let mut s = format!(
        "B='{}'\nS='{}'\nrun() {{ setsid -w \"$B\" rm -rf \"$2\" </dev/null 2>\"$S/$1.err\"; echo $? >\"$S/$1.code\"; }}\n",
        env!("CARGO_BIN_EXE_brake"),
        dir.display()
    );
    for (name, target) in calls {
        s.push_str(&format!("run '{name}' '{target}' &\n"));
    }
    s.push_str("wait\n");
    s
}

fn read(dir: &Path, name: &str, ext: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap_or_default()
}

#[test]
fn fifty_processes_hold_approve_and_retry_without_losing_or_reusing_anything() {
    let sb = Sandbox::new("load");
    let t = Tmux::start(&sb);
    let st = sb.root.join("st");
    std::fs::create_dir(&st).unwrap();
    let approved: Vec<_> = (0..APPROVED).map(|i| sb.victim(&format!("v{i}"))).collect();
    let others: Vec<_> = (0..HELD_DURING_APPROVAL)
        .map(|i| sb.victim(&format!("x{i}")))
        .collect();

    // Setup: the twenty commands that humans will approve are held once.
    let calls: Vec<_> = approved
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("a{i}"), v.display().to_string()))
        .collect();
    std::fs::write(sb.root.join("a.sh"), agent_script(&st, &calls)).unwrap();
    assert_eq!(
        t.run("main", &format!("bash {}/a.sh", sb.root.display())),
        0
    );
    let codes: Vec<String> = (0..APPROVED)
        .map(|i| {
            assert_eq!(read(&st, &format!("a{i}"), "code").trim(), "77");
            approval_code(&read(&st, &format!("a{i}"), "err"))
        })
        .collect();

    // Moment one: twenty `brake approve` in twenty terminals, answered together, while thirty
    // new agent calls are held.
    let mut tickets = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let w = format!("h{i}");
        t.window(&w);
        tickets.push(t.start_cmd(
            &w,
            &format!("{} approve {code}", env!("CARGO_BIN_EXE_brake")),
        ));
    }
    for i in 0..APPROVED {
        t.wait_for(&format!("h{i}"), "Run it? [y/N]");
    }
    let calls: Vec<_> = others
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("b{i}"), v.display().to_string()))
        .collect();
    std::fs::write(sb.root.join("b.sh"), agent_script(&st, &calls)).unwrap();
    let agent = t.start_cmd("main", &format!("bash {}/b.sh", sb.root.display()));
    for i in 0..APPROVED {
        t.type_text(&format!("h{i}"), "y");
        t.key(&format!("h{i}"), "Enter");
    }
    assert_eq!(t.status("main", agent), 0);
    for (i, n) in tickets.iter().enumerate() {
        let w = format!("h{i}");
        assert_eq!(t.status(&w, *n), 0, "{}", t.screen(&w));
    }
    for i in 0..HELD_DURING_APPROVAL {
        assert_eq!(read(&st, &format!("b{i}"), "code").trim(), "77");
    }

    // Moment two: fifty retries at once.
    let mut calls = Vec::new();
    for (i, v) in approved.iter().enumerate() {
        calls.push((format!("c{i}-1"), v.display().to_string()));
        calls.push((format!("c{i}-2"), v.display().to_string()));
    }
    for (i, v) in others.iter().take(UNAPPROVED_RETRIES).enumerate() {
        calls.push((format!("d{i}"), v.display().to_string()));
    }
    assert_eq!(calls.len(), 50);
    std::fs::write(sb.root.join("c.sh"), agent_script(&st, &calls)).unwrap();
    assert_eq!(
        t.run("main", &format!("bash {}/c.sh", sb.root.display())),
        0
    );

    for (i, v) in approved.iter().enumerate() {
        let mut codes = [
            read(&st, &format!("c{i}-1"), "code"),
            read(&st, &format!("c{i}-2"), "code"),
        ]
        .map(|c| c.trim().to_string());
        codes.sort();
        assert_eq!(codes, ["0", "77"], "approval {i} was used exactly once");
        assert!(!v.exists(), "the approved command ran");
    }
    for (i, v) in others.iter().enumerate() {
        assert!(v.join("keep.txt").exists(), "x{i} was never approved");
        if i < UNAPPROVED_RETRIES {
            assert_eq!(read(&st, &format!("d{i}"), "code").trim(), "77");
        }
    }

    // The log: every record present, numbered 1..N without gaps, chain intact.
    let log = sb.log();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for e in &log {
        *count
            .entry(e["outcome"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let held = APPROVED + HELD_DURING_APPROVAL + APPROVED + UNAPPROVED_RETRIES;
    assert_eq!(count.get("held"), Some(&held), "{count:?}");
    assert_eq!(count.get("approved"), Some(&APPROVED), "{count:?}");
    assert_eq!(count.get("ran-by-approval"), Some(&APPROVED), "{count:?}");
    assert_eq!(log.len(), held + 2 * APPROVED);
    let seqs: Vec<u64> = log.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=log.len() as u64).collect::<Vec<_>>());
    let o = sb.run(&["log", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // No approval is left to use twice.
    let list = String::from_utf8_lossy(&sb.run(&["approvals"]).stdout).into_owned();
    assert!(!list.contains("approved"), "{list}");
    println!(
        "load: {} log records {:?}, chain verified; {} approvals each used once",
        log.len(),
        count,
        APPROVED
    );
}
