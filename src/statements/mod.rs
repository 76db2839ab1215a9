//! Statements an invocation executes in another language: SQL for database clients, Mongo
//! shell code, Redis commands. Found wherever they will run (`psql -c`, heredocs, pipes...)
//! and classified into the kinds rule files name (`drop`, `delete-all`, ...).
//!
//! `clients` reads each client's command line into its sources (strings, files, standard
//! input); `split` cuts SQL into statements, `sql` classifies them, `mongo` and `redis` read
//! their own syntax. The work is bounded ([`MAX_SQL_BYTES`], [`MAX_SQL_STATEMENTS`],
//! `MAX_SQL_STATEMENT_BYTES`; long statements are parsed on a thread with a deep stack), and
//! only done when a rule with `statements:` already matched the invocation's structure; the
//! result is kept for the next rule asking about the same invocation.

mod clients;
mod mongo;
mod redis;
mod split;
mod sql;

use crate::limits::{MAX_SQL_BYTES, MAX_SQL_STATEMENTS};
use crate::model::{Cwd, Invocation, Stdin};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

/// A statement that matched a rule's kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub kind: String,
    pub statement: String,
    pub target: String,
}

/// The first statement `inv` executes whose kind is one of `kinds`.
pub fn find(inv: &Invocation, kinds: &[String]) -> Option<Found> {
    let all = analysed(inv)?;
    all.iter().find(|f| kinds.contains(&f.kind)).cloned()
}

/// Every destructive statement `inv` executes, or `None` when it is not a known client.
pub fn all(inv: &Invocation) -> Option<Vec<Found>> {
    analysed(inv).map(|v| v.as_ref().clone())
}

thread_local! {
    static LAST: RefCell<Option<(Invocation, Rc<Vec<Found>>)>> = const { RefCell::new(None) };
}

fn analysed(inv: &Invocation) -> Option<Rc<Vec<Found>>> {
    if let Some(hit) = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(k, _)| k == inv)
            .map(|(_, v)| v.clone())
    }) {
        return Some(hit);
    }
    let found = Rc::new(analyse(inv)?);
    LAST.with(|l| *l.borrow_mut() = Some((inv.clone(), found.clone())));
    Some(found)
}

fn analyse(inv: &Invocation) -> Option<Vec<Found>> {
    let mut ctx = Ctx::new(inv);
    if redis::is_client(inv) {
        redis::analyse(&mut ctx);
        return Some(ctx.finish());
    }
    let plan = clients::plan(inv)?;
    for src in plan.sources {
        let input = match src {
            clients::Src::Text(t) => ctx.take_text(t),
            clients::Src::Unknown(why) => Input::Unknown(why),
            clients::Src::File(path, dynamic) => ctx.read(&path, dynamic),
            clients::Src::Stdin => ctx.stdin(),
        };
        let text = match input {
            Input::Text(t) => t,
            Input::Missing => continue,
            Input::Unknown(why) => {
                let target = plan
                    .db
                    .clone()
                    .unwrap_or_else(|| "(statements unknown before they run)".into());
                ctx.push("unparsed-destructive", why, target);
                continue;
            }
        };
        match plan.lang {
            clients::Lang::Sql(d) => sql::analyse(&text, d, &mut ctx),
            clients::Lang::Mongo => mongo::analyse(&text, plan.db.as_deref(), &mut ctx),
        }
    }
    Some(ctx.finish())
}

/// SQL dialects, one per client family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Postgres,
    MySql,
    Sqlite,
    ClickHouse,
    /// Cassandra's CQL, read with the generic dialect.
    Cql,
}

/// What a source turned out to hold.
pub(crate) enum Input {
    Text(String),
    /// A file that does not exist, or no input at all: nothing runs from it.
    Missing,
    /// Statements that run but cannot be known now; says why.
    Unknown(String),
}

/// The state of one analysis: findings, budgets, open transaction.
pub(crate) struct Ctx<'a> {
    pub inv: &'a Invocation,
    found: Vec<Found>,
    /// Findings inside `BEGIN` that a `ROLLBACK` undoes (row changes only).
    tx: Option<Vec<Found>>,
    bytes: usize,
    pub statements: usize,
    pub depth: usize,
}

impl<'a> Ctx<'a> {
    fn new(inv: &'a Invocation) -> Ctx<'a> {
        Ctx {
            inv,
            found: Vec::new(),
            tx: None,
            bytes: 0,
            statements: 0,
            depth: 0,
        }
    }

    pub fn push(&mut self, kind: &str, statement: String, target: String) {
        let f = Found {
            kind: kind.into(),
            statement,
            target,
        };
        match &mut self.tx {
            Some(pending) if matches!(kind, "delete-all" | "update-all") => pending.push(f),
            _ => self.found.push(f),
        }
    }

    pub fn begin(&mut self) {
        self.commit();
        self.tx = Some(Vec::new());
    }

    pub fn commit(&mut self) {
        if let Some(p) = self.tx.take() {
            self.found.extend(p);
        }
    }

    pub fn rollback(&mut self) {
        self.tx = None;
    }

    fn finish(mut self) -> Vec<Found> {
        self.commit();
        self.found
    }

    pub fn statements_left(&self) -> usize {
        MAX_SQL_STATEMENTS.saturating_sub(self.statements)
    }

    /// Counts `t` against the byte budget.
    pub fn take_text(&mut self, t: String) -> Input {
        if self.bytes + t.len() > MAX_SQL_BYTES {
            return Input::Unknown(format!(
                "(statements longer than {MAX_SQL_BYTES} bytes in all: not read)"
            ));
        }
        self.bytes += t.len();
        Input::Text(t)
    }

    /// The file at `path`, named on the command line, when it exists.
    pub fn read(&mut self, path: &str, dynamic: bool) -> Input {
        if elsewhere(self.inv) {
            return Input::Unknown(format!(
                "(statements from `{path}`, a file on another machine or in a container)"
            ));
        }
        self.read_local(path, dynamic)
    }

    /// The file at `path` on this machine (a `<` redirection of the local shell).
    fn read_local(&mut self, path: &str, dynamic: bool) -> Input {
        // Written earlier in the same line: that content, whatever is on disk now.
        if let Some((_, text)) = self.inv.written.iter().find(|(p, _)| p == path) {
            return self.take_text(text.clone());
        }
        if dynamic {
            return Input::Unknown(format!(
                "(statements from `{path}`, a file named only when it runs)"
            ));
        }
        let Some(full) = resolve(path, &self.inv.cwd) else {
            return Input::Unknown(format!(
                "(statements from `{path}` in a directory unknown before it runs)"
            ));
        };
        let Ok(meta) = std::fs::metadata(&full) else {
            return Input::Missing;
        };
        if !meta.is_file() {
            return Input::Missing;
        }
        if meta.len() as usize > MAX_SQL_BYTES.saturating_sub(self.bytes) {
            return Input::Unknown(format!(
                "(statements from `{path}`: longer than {MAX_SQL_BYTES} bytes, not read)"
            ));
        }
        match std::fs::read(&full) {
            Ok(b) => self.take_text(String::from_utf8_lossy(&b).into_owned()),
            Err(e) => Input::Unknown(format!("(statements from `{path}`, unreadable: {e})")),
        }
    }

    /// What the invocation reads on standard input.
    pub fn stdin(&mut self) -> Input {
        let inv = self.inv;
        match &inv.stdin {
            Stdin::Inherited => Input::Missing,
            Stdin::Text(t) => self.take_text(t.clone()),
            // Redirected by the local shell, also for `docker exec -i c psql < f.sql`; inside an
            // `ssh` command string the directory is the remote one, which `resolve` refuses.
            Stdin::File(w) => self.read_local(&w.text, w.dynamic),
            Stdin::Unknown(p) if p.is_empty() => {
                Input::Unknown("(statements piped in, unknown before they run)".into())
            }
            Stdin::Unknown(p) => Input::Unknown(format!(
                "(statements piped in from `{p}`, unknown before they run)"
            )),
            Stdin::Paths(_) => Input::Unknown("(statements piped in from `find`)".into()),
        }
    }
}

/// Programs whose inner command sees another file system (a remote machine, a container).
const ELSEWHERE: &[&str] = &[
    "ssh",
    "docker",
    "podman",
    "nerdctl",
    "kubectl",
    "oc",
    "chroot",
    "nsenter",
    "lxc",
    "incus",
    "vagrant",
    "gcloud",
    "machinectl",
    "systemd-nspawn",
    "distrobox",
    "toolbox",
];

/// Do the files `inv` names live on another machine or in a container?
fn elsewhere(inv: &Invocation) -> bool {
    matches!(&inv.cwd, Cwd::Outside(d) if d == REMOTE_HOME)
        || inv.wrappers.iter().any(|w| {
            let first = w.split_whitespace().next().unwrap_or("");
            ELSEWHERE.contains(&first)
        })
}

/// The working directory the model gives commands run through `ssh`.
const REMOTE_HOME: &str = "the remote home directory";

/// Where `path` is, seen from brake's own directory, or `None` when that cannot be known.
fn resolve(path: &str, cwd: &Cwd) -> Option<PathBuf> {
    if matches!(cwd, Cwd::Outside(d) if d == REMOTE_HOME) {
        return None;
    }
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    if let Some(rest) = path.strip_prefix("~/") {
        return home().map(|h| h.join(rest));
    }
    if path.starts_with('/') {
        return Some(PathBuf::from(path));
    }
    match cwd {
        Cwd::Project(dir) => Some(PathBuf::from(dir).join(path)),
        Cwd::Outside(dir) => match dir.strip_prefix('~') {
            Some(rest) => home().map(|h| h.join(rest.trim_start_matches('/')).join(path)),
            None => Some(PathBuf::from(dir).join(path)),
        },
        // A fresh temporary directory holds no file yet.
        Cwd::Temp => Some(PathBuf::from("/nonexistent-brake-temp-dir").join(path)),
        Cwd::Unknown => None,
    }
}

/// Statement text for a finding: whitespace collapsed, about 80 characters.
pub(crate) fn shorten(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 80 {
        flat.chars().take(79).collect::<String>() + "…"
    } else {
        flat
    }
}

#[cfg(test)]
mod tests;
