//! The approval store: one private JSON file per code in `STATE/approvals/`, every change made
//! under one exclusive lock (`.lock`) and written atomically, so fifty brake processes holding,
//! approving and retrying at the same moment never lose a record and never use one approval
//! twice: [`Store::consume`] finds and deletes a granted approval in the same locked step, and
//! the unlink itself is the claim.

use super::origin::Origin;
use super::{code, APPROVAL_VALID_SECS, PENDING_VALID_SECS};
use crate::rules::spec::{Action, Severity};
use crate::statefile::{self, Lock};
use crate::verdict::Finding;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A finding as stored, enough to show the human the same summary again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredFinding {
    pub rule: String,
    pub action: Action,
    pub target: String,
    pub severity: Severity,
    pub reason: String,
    pub safer: String,
}

impl StoredFinding {
    pub fn from_finding(f: &Finding) -> StoredFinding {
        StoredFinding {
            rule: f.rule.clone(),
            action: f.action,
            target: f.target.clone(),
            severity: f.severity,
            reason: f.reason.clone(),
            safer: f.safer.clone(),
        }
    }

    pub fn to_finding(&self) -> Finding {
        Finding {
            rule: self.rule.clone(),
            action: self.action,
            target: self.target.clone(),
            severity: self.severity,
            reason: self.reason.clone(),
            safer: self.safer.clone(),
            span: (0, 0),
            command: String::new(),
            wrappers: Vec::new(),
            why: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
}

/// One held command waiting for, or holding, an approval.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub code: String,
    pub status: Status,
    /// The command as shown.
    pub command: String,
    /// SHA-256 of what the approval is bound to (the exact command, a script's content).
    pub bind_sha256: String,
    pub cwd: String,
    pub findings: Vec<StoredFinding>,
    /// Every place the command was held from (retries reuse the pending code).
    pub origins: Vec<Origin>,
    pub created: u64,
    pub approved: Option<u64>,
    /// Unix time after which the record is void.
    pub expires: u64,
}

/// The store in a directory (normally `STATE/approvals`).
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The user's store.
    pub fn open() -> std::io::Result<Store> {
        Store::at(&statefile::dir()?.join("approvals"))
    }

    pub fn at(dir: &Path) -> std::io::Result<Store> {
        statefile::ensure_dir(dir)?;
        Ok(Store {
            dir: dir.to_path_buf(),
        })
    }

    fn lock(&self) -> std::io::Result<Lock> {
        Lock::exclusive(&self.dir.join(".lock"))
    }

    fn path(&self, code: &str) -> PathBuf {
        self.dir.join(format!("{code}.json"))
    }

    fn write(&self, r: &Record) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(r).map_err(std::io::Error::other)?;
        statefile::write_atomic(&self.path(&r.code), &bytes)
    }

    /// Every live record; expired ones are deleted (the caller holds the lock).
    fn load_all(&self, now: u64) -> Vec<Record> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return out;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".json") || name.starts_with('.') {
                continue;
            }
            match std::fs::read(e.path())
                .ok()
                .and_then(|b| serde_json::from_slice::<Record>(&b).ok())
            {
                Some(r) if r.expires > now => out.push(r),
                _ => {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        out.sort_by_key(|r| (r.created, r.code.clone()));
        out
    }

    /// Records a held command and returns its code. A command already pending from the same
    /// directory keeps its code (an agent retrying does not pile up codes); the new origin is
    /// added to it.
    pub fn hold(
        &self,
        command: &str,
        bind: &str,
        cwd: &str,
        findings: &[Finding],
        origin: Origin,
    ) -> std::io::Result<Record> {
        let _lock = self.lock()?;
        let now = statefile::now();
        let sha = statefile::sha256_hex(bind.as_bytes());
        let all = self.load_all(now);
        if let Some(mut r) = all
            .iter()
            .find(|r| r.status == Status::Pending && r.bind_sha256 == sha && r.cwd == cwd)
            .cloned()
        {
            if !r.origins.contains(&origin) {
                r.origins.push(origin);
                self.write(&r)?;
            }
            return Ok(r);
        }
        let mut code = code::generate();
        while all.iter().any(|r| r.code == code) {
            code = code::generate();
        }
        let r = Record {
            code,
            status: Status::Pending,
            command: command.to_string(),
            bind_sha256: sha,
            cwd: cwd.to_string(),
            findings: findings.iter().map(StoredFinding::from_finding).collect(),
            origins: vec![origin],
            created: now,
            approved: None,
            expires: now + PENDING_VALID_SECS,
        };
        self.write(&r)?;
        Ok(r)
    }

    /// A live record by code.
    pub fn get(&self, code: &str) -> std::io::Result<Option<Record>> {
        let _lock = self.lock()?;
        Ok(self
            .load_all(statefile::now())
            .into_iter()
            .find(|r| r.code == code))
    }

    /// Grants the pending record `code`: it may now be used once within the validity window.
    pub fn grant(&self, code: &str) -> std::io::Result<Result<Record, String>> {
        let _lock = self.lock()?;
        let now = statefile::now();
        let Some(mut r) = self.load_all(now).into_iter().find(|r| r.code == code) else {
            return Ok(Err(format!(
                "no pending command has the code {}",
                code::display(code)
            )));
        };
        if r.status == Status::Approved {
            return Ok(Err(format!(
                "{} is already approved and not yet used",
                code::display(code)
            )));
        }
        r.status = Status::Approved;
        r.approved = Some(now);
        r.expires = now + APPROVAL_VALID_SECS;
        self.write(&r)?;
        Ok(Ok(r))
    }

    /// Uses the approval for exactly this command in exactly this directory, if one is
    /// granted and still valid: the record is deleted in the same locked step, so it runs once.
    pub fn consume(&self, bind: &str, cwd: &str) -> std::io::Result<Option<Record>> {
        let _lock = self.lock()?;
        let sha = statefile::sha256_hex(bind.as_bytes());
        let found = self
            .load_all(statefile::now())
            .into_iter()
            .find(|r| r.status == Status::Approved && r.bind_sha256 == sha && r.cwd == cwd);
        let Some(r) = found else { return Ok(None) };
        // Deleting the file is the claim: of two processes that both saw it (possible only if
        // the lock were bypassed), exactly one unlink succeeds.
        match std::fs::remove_file(self.path(&r.code)) {
            Ok(()) => Ok(Some(r)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every live record, oldest first.
    pub fn list(&self) -> std::io::Result<Vec<Record>> {
        let _lock = self.lock()?;
        Ok(self.load_all(statefile::now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            session: 1,
            tty: 0,
            ancestors: vec![],
        }
    }

    #[test]
    fn hold_grant_consume_once() {
        let dir = std::env::temp_dir().join(format!("brake-store-{}", std::process::id()));
        let s = Store::at(&dir).unwrap();
        let a = s.hold("rm -rf x", "rm -rf x", "/p", &[], origin()).unwrap();
        let again = s.hold("rm -rf x", "rm -rf x", "/p", &[], origin()).unwrap();
        assert_eq!(a.code, again.code, "a retry keeps its pending code");
        let other_dir = s.hold("rm -rf x", "rm -rf x", "/q", &[], origin()).unwrap();
        assert_ne!(a.code, other_dir.code);
        assert!(
            s.consume("rm -rf x", "/p").unwrap().is_none(),
            "not approved yet"
        );
        s.grant(&a.code).unwrap().unwrap();
        assert!(s.grant(&a.code).unwrap().is_err());
        assert!(
            s.consume("rm -rf x ", "/p").unwrap().is_none(),
            "other text"
        );
        assert!(
            s.consume("rm -rf x", "/q").unwrap().is_none(),
            "other directory"
        );
        assert!(s.consume("rm -rf x", "/p").unwrap().is_some());
        assert!(s.consume("rm -rf x", "/p").unwrap().is_none(), "single use");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
