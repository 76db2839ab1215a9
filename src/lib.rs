//! brake: a pre-execution guard for AI coding agents.
//!
//! The library follows the data flow: [`shell`] parses text into a syntax tree, [`model`] turns it
//! into invocations, [`rules`] matches them against the rule packs, [`verdict`] decides, and
//! [`report`] renders. At the edges, [`hooks`] speaks each coding agent's pre-tool hook protocol
//! and [`install`] wires brake into the agents' settings. The binary (`main.rs`, `cli.rs`,
//! `cmd/`) only wires these together.

pub mod cli;
pub mod config;
pub mod fallback;
pub mod hooks;
pub mod install;
pub mod limits;
pub mod model;
pub mod protect;
pub mod report;
pub mod rules;
pub mod shell;
pub mod statements;
pub mod verdict;
pub mod vocabulary;
