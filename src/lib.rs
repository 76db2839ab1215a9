//! brake: a pre-execution guard for AI coding agents.
//!
//! The library follows the data flow: [`shell`] parses text into a syntax tree, [`model`] turns it
//! into invocations, [`rules`] matches them against the rule packs, [`verdict`] decides, and
//! [`report`] renders. The binary (`main.rs`, `cli.rs`, `cmd/`) only wires these together.
//! [`scan`] finds the commands in a repository's scripts, pipelines and build files.

pub mod cli;
pub mod config;
pub mod fallback;
pub mod limits;
pub mod model;
pub mod report;
pub mod rules;
pub mod scan;
pub mod shell;
pub mod statements;
pub mod verdict;
pub mod vocabulary;
