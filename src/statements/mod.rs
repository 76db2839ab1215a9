//! Statements an invocation executes in another language: SQL for database clients, Mongo
//! shell code, Redis commands. Found wherever they will run (`psql -c`, heredocs, pipes...)
//! and classified into the kinds rule files name (`drop`, `delete-all`, ...).

use crate::model::Invocation;

/// A statement that matched a rule's kinds.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: String,
    pub statement: String,
    pub target: String,
}

/// The first statement `inv` executes whose kind is one of `kinds`.
pub fn find(_inv: &Invocation, _kinds: &[String]) -> Option<Found> {
    None
}
