//! The audit log: every held command and what became of it, appended as JSON Lines to
//! `STATE/audit.jsonl`. Each record carries the SHA-256 of the previous line's exact bytes and a
//! sequence number, and `STATE/audit.head` keeps the number and hash of the last line, so
//! [`verify`] can tell where a record was edited, inserted or deleted, including at the end.
//! Appends happen under an exclusive lock, one `write` per line, so parallel brake processes
//! never interleave or fork the chain. This detects tampering with the files; it cannot stop a
//! process that rewrites the whole log and head consistently, which is why the log is a record,
//! not the guard.

use crate::rules::spec::{Action, Severity};
use crate::statefile::{self, Lock};
use crate::verdict::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// `prev` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What became of a held command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The policy says deny: not run, no question asked.
    Denied,
    /// No terminal: not run; an approval code was issued.
    Held,
    /// Asked on the terminal (or with `brake approve`) and not confirmed: not run.
    Declined,
    /// Confirmed on the terminal: ran.
    Confirmed,
    /// A brake inside a confirmed command found nothing the human had not confirmed: ran.
    ConfirmedByParent,
    /// `brake approve CODE` granted it.
    Approved,
    /// The retry used the approval: ran.
    RanByApproval,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Denied => "denied",
            Outcome::Held => "held",
            Outcome::Declined => "declined",
            Outcome::Confirmed => "confirmed",
            Outcome::ConfirmedByParent => "confirmed-by-parent",
            Outcome::Approved => "approved",
            Outcome::RanByApproval => "ran-by-approval",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedFinding {
    pub rule: String,
    pub action: Action,
    pub target: String,
    pub severity: Severity,
}

impl LoggedFinding {
    pub fn from_finding(f: &Finding) -> LoggedFinding {
        LoggedFinding {
            rule: f.rule.clone(),
            action: f.action,
            target: f.target.clone(),
            severity: f.severity,
        }
    }
}

/// One line of the log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub seq: u64,
    pub time: String,
    pub user: String,
    pub pid: u32,
    pub cwd: String,
    pub command: String,
    pub findings: Vec<LoggedFinding>,
    pub outcome: Outcome,
    /// The approval code involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A short note: why it was declined, how it was confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// SHA-256 of the previous line, or [`GENESIS`].
    pub prev: String,
}

/// What a caller supplies; the log fills in the rest.
pub struct NewEntry<'a> {
    pub cwd: &'a str,
    pub command: &'a str,
    pub findings: Vec<LoggedFinding>,
    pub outcome: Outcome,
    pub code: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Head {
    seq: u64,
    sha256: String,
}

/// Appends one held command and its outcome to the user's log; `Err` carries the message to
/// show. The guard and the hooks record through this.
pub fn record(
    cwd: &str,
    command: &str,
    findings: &[Finding],
    outcome: Outcome,
    code: Option<&str>,
    detail: Option<String>,
) -> Result<(), String> {
    Log::open()
        .and_then(|log| {
            log.append(NewEntry {
                cwd,
                command,
                findings: findings.iter().map(LoggedFinding::from_finding).collect(),
                outcome,
                code: code.map(str::to_string),
                detail,
            })
        })
        .map(|_| ())
        .map_err(|e| format!("cannot write the audit log: {e}"))
}

/// The log files in one directory.
pub struct Log {
    path: PathBuf,
    head: PathBuf,
    lock: PathBuf,
}

impl Log {
    /// The user's log.
    pub fn open() -> std::io::Result<Log> {
        Ok(Log::at(&statefile::dir()?))
    }

    pub fn at(dir: &Path) -> Log {
        Log {
            path: dir.join("audit.jsonl"),
            head: dir.join("audit.head"),
            lock: dir.join("audit.lock"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record, chained to the last line.
    pub fn append(&self, new: NewEntry) -> std::io::Result<Entry> {
        if let Some(d) = self.path.parent() {
            statefile::ensure_dir(d)?;
        }
        let _lock = Lock::exclusive(&self.lock)?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .mode(0o600)
            .open(&self.path)?;
        let (last, ends_with_newline) = last_line(&mut file)?;
        let (seq, prev) = match &last {
            None => (1, GENESIS.to_string()),
            Some(line) => {
                let seq = serde_json::from_slice::<Entry>(line)
                    .map(|e| e.seq)
                    .ok()
                    .or_else(|| self.read_head().map(|h| h.seq))
                    .unwrap_or(0);
                (seq + 1, statefile::sha256_hex(line))
            }
        };
        let entry = Entry {
            seq,
            time: statefile::rfc3339(statefile::now()),
            user: user(),
            pid: std::process::id(),
            cwd: new.cwd.to_string(),
            command: new.command.to_string(),
            findings: new.findings,
            outcome: new.outcome,
            code: new.code,
            detail: new.detail,
            prev,
        };
        let json = serde_json::to_string(&entry).map_err(std::io::Error::other)?;
        let mut bytes = Vec::with_capacity(json.len() + 2);
        if last.is_some() && !ends_with_newline {
            bytes.push(b'\n');
        }
        bytes.extend_from_slice(json.as_bytes());
        bytes.push(b'\n');
        file.write_all(&bytes)?;
        file.sync_data()?;
        let head = Head {
            seq,
            sha256: statefile::sha256_hex(json.as_bytes()),
        };
        statefile::write_atomic(
            &self.head,
            &serde_json::to_vec(&head).map_err(std::io::Error::other)?,
        )?;
        Ok(entry)
    }

    fn read_head(&self) -> Option<Head> {
        serde_json::from_slice(&std::fs::read(&self.head).ok()?).ok()
    }

    /// Every line of the log (without its newline); empty when there is no log yet.
    pub fn lines(&self) -> std::io::Result<Vec<String>> {
        match std::fs::read(&self.path) {
            Ok(b) => Ok(String::from_utf8_lossy(&b)
                .split('\n')
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Checks the chain. Returns the number of records and every problem found, each naming
    /// the line (1-based) where the chain breaks and what most likely happened there.
    pub fn verify(&self) -> std::io::Result<(usize, Vec<String>)> {
        let lines = self.lines()?;
        let mut problems = Vec::new();
        let mut expected_prev = GENESIS.to_string();
        let mut expected_seq = 1u64;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut last_seq = 0;
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let hash = statefile::sha256_hex(line.as_bytes());
            match serde_json::from_str::<Entry>(line) {
                Err(_) => {
                    problems.push(format!(
                        "line {n} is not a valid record: it was edited or corrupted"
                    ));
                    expected_seq += 1;
                }
                Ok(e) => {
                    if e.prev != expected_prev {
                        if let Some(&m) = seen.get(&e.prev) {
                            problems.push(format!(
                                "{} inserted: line {n} follows line {m} in the chain",
                                span_of_lines(m + 1, n - 1)
                            ));
                        } else if e.seq > expected_seq {
                            problems.push(format!(
                                "{} deleted before line {n}",
                                span_of_records(expected_seq, e.seq - 1)
                            ));
                        } else if n == 1 {
                            problems.push(
                                "line 1 does not start the chain: it was edited, or the records before it were deleted".into(),
                            );
                        } else {
                            problems.push(format!(
                                "line {} (record {}) was edited: line {n} holds a different hash of it",
                                n - 1,
                                expected_seq - 1
                            ));
                        }
                    } else if e.seq != expected_seq {
                        problems.push(format!(
                            "line {n} was edited: its record number is {} where {expected_seq} was due",
                            e.seq
                        ));
                    }
                    expected_seq = e.seq + 1;
                    last_seq = e.seq;
                }
            }
            seen.insert(hash.clone(), n);
            expected_prev = hash;
        }
        if let Some(head) = self.read_head() {
            let n = lines.len();
            if head.seq > last_seq && !lines.is_empty() || (lines.is_empty() && head.seq > 0) {
                problems.push(format!(
                    "{} deleted at the end (after line {n})",
                    span_of_records(last_seq + 1, head.seq)
                ));
            } else if head.seq == last_seq && head.sha256 != expected_prev {
                problems.push(format!("line {n} (record {last_seq}) was edited: it is the last record and no longer matches its recorded hash"));
            } else if head.seq < last_seq {
                problems.push(format!(
                    "the lines after record {} were added without brake",
                    head.seq
                ));
            }
        }
        Ok((lines.len(), problems))
    }
}

fn span_of_lines(a: usize, b: usize) -> String {
    if a == b {
        format!("line {a} was")
    } else {
        format!("lines {a}-{b} were")
    }
}

fn span_of_records(a: u64, b: u64) -> String {
    if a == b {
        format!("record {a} was")
    } else {
        format!("records {a}-{b} were")
    }
}

/// The last line of `file` (without its newline) and whether the file ends with a newline.
/// Reads backwards in blocks, so a long log costs no more than its last line.
fn last_line(file: &mut std::fs::File) -> std::io::Result<(Option<Vec<u8>>, bool)> {
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok((None, true));
    }
    let mut tail: Vec<u8> = Vec::new();
    let mut pos = len;
    let mut ends_with_newline = None;
    loop {
        let step = pos.min(8192);
        pos -= step;
        let mut block = vec![0u8; step as usize];
        file.seek(SeekFrom::Start(pos))?;
        file.read_exact(&mut block)?;
        block.extend_from_slice(&tail);
        tail = block;
        let ends = *ends_with_newline.get_or_insert(tail.last() == Some(&b'\n'));
        let body = if ends {
            &tail[..tail.len() - 1]
        } else {
            &tail[..]
        };
        if let Some(nl) = body.iter().rposition(|b| *b == b'\n') {
            return Ok((Some(body[nl + 1..].to_vec()), ends));
        }
        if pos == 0 {
            return Ok((Some(body.to_vec()), ends));
        }
    }
}

/// The user's name from `/etc/passwd`, else the numeric uid.
pub fn user() -> String {
    let uid = rustix::process::getuid().as_raw();
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|t| {
            t.lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 2 && f[2] == uid.to_string())
                .map(|f| f[0].to_string())
        })
        .unwrap_or_else(|| uid.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_with(n: usize, tag: &str) -> (Log, PathBuf) {
        let dir = std::env::temp_dir().join(format!("brake-audit-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let log = Log::at(&dir);
        for i in 0..n {
            log.append(NewEntry {
                cwd: "/p",
                command: &format!("rm -rf d{i}"),
                findings: vec![],
                outcome: Outcome::Held,
                code: None,
                detail: None,
            })
            .unwrap();
        }
        (log, dir)
    }

    fn rewrite(log: &Log, f: impl FnOnce(&mut Vec<String>)) {
        let mut lines = log.lines().unwrap();
        f(&mut lines);
        std::fs::write(log.path(), lines.join("\n") + "\n").unwrap();
    }

    #[test]
    fn an_intact_log_verifies() {
        let (log, dir) = log_with(5, "ok");
        assert_eq!(log.verify().unwrap(), (5, vec![]));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn edits_insertions_and_deletions_are_named() {
        let (log, dir) = log_with(5, "tamper");
        let original = log.lines().unwrap();
        rewrite(&log, |l| l[1] = l[1].replace("rm -rf d1", "ls"));
        let (_, p) = log.verify().unwrap();
        assert_eq!(
            p,
            ["line 2 (record 2) was edited: line 3 holds a different hash of it"]
        );

        rewrite(&log, |l| *l = original.clone());
        rewrite(&log, |l| {
            l.remove(2);
        });
        let (_, p) = log.verify().unwrap();
        assert_eq!(p, ["record 3 was deleted before line 3"]);

        rewrite(&log, |l| *l = original.clone());
        // A forged record chained to line 3, as a careful forger would write it.
        let mut forged: Entry = serde_json::from_str(&original[2]).unwrap();
        forged.seq = 4;
        forged.command = "forged".into();
        forged.prev = statefile::sha256_hex(original[2].as_bytes());
        rewrite(&log, |l| {
            l.insert(3, serde_json::to_string(&forged).unwrap())
        });
        let (_, p) = log.verify().unwrap();
        assert_eq!(
            p[0],
            "line 4 was inserted: line 5 follows line 3 in the chain"
        );

        rewrite(&log, |l| *l = original.clone());
        rewrite(&log, |l| {
            l.pop();
        });
        let (_, p) = log.verify().unwrap();
        assert_eq!(p, ["record 5 was deleted at the end (after line 4)"]);

        rewrite(&log, |l| *l = original.clone());
        // Edit the command only: a bare "d4" can also occur inside a hex hash.
        rewrite(&log, |l| l[4] = l[4].replace("rm -rf d4", "rm -rf d9"));
        let (_, p) = log.verify().unwrap();
        assert!(p[0].starts_with("line 5 (record 5) was edited"), "{p:?}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
