//! brake: a pre-execution guard for AI coding agents.
//!
//! The library follows the data flow: [`shell`] parses text into a syntax tree, [`model`] turns it
//! into invocations, [`rules`] matches them against the rule packs, [`verdict`] decides, and
//! [`report`] renders. At run time, [`guard`] turns brake's argv into what to check and what to
//! exec, [`confirm`] asks on the terminal, [`approval`] keeps approval codes, and [`audit`] logs
//! every held command. [`scan`] finds the commands in a repository's scripts, pipelines and build
//! files. At the edges, [`hooks`] speaks each coding agent's pre-tool hook protocol and
//! [`install`] wires brake into the agents' settings. The binary (`main.rs`, `cli.rs`, `cmd/`)
//! only wires these together.

pub mod approval;
pub mod audit;
pub mod cli;
pub mod config;
pub mod confirm;
pub mod fallback;
pub mod guard;
pub mod hooks;
pub mod install;
pub mod limits;
pub mod model;
pub mod procfs;
pub mod protect;
pub mod report;
pub mod rules;
pub mod scan;
pub mod shell;
pub mod statefile;
pub mod statements;
pub mod verdict;
pub mod vocabulary;
