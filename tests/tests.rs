//! All integration tests build into this one binary (`autotests = false`). Where new tests go:
//! - `cli.rs`: the `brake check`/`explain`/`rules` contract (formats, exit codes, errors).
//! - `corpus.rs`: the labelled corpus in `tests/corpus/*.tsv`, run through `check --lines`.
//! - `adversarial.rs`: hostile input is bounded in time and memory and gets a verdict.
//! - `properties.rs`: proptest properties (no panic, equivalent spellings, chains).
//! - `differential.rs`: tree-sitter-bash against `bash -n` on the corpus.
//! - `config.rs`: configuration layers, trust, environment.
//! - `assets.rs`: completions and man page are up to date with the clap definition.
//! - `hooks.rs`: `brake hook AGENT` golden answers (`tests/hooks/AGENT/*.json`) and malformed input.
//! - `install.rs`: `brake install`/`uninstall`/`doctor` on a temporary HOME with existing settings.
//! - `guard.rs`: guarded execution without a terminal: prefix and shell modes, exec fidelity,
//!   77 with an approval code, the real-shell search, deny, the marker, the audit log CLI.
//! - `pty.rs`: the same through a real terminal (tmux): the question, critical names, approve.
//! - `load.rs`: fifty brake processes holding, approving, retrying and logging at once.
//! - `scan.rs`: `brake check PATH...` on the fixture repositories in `fixtures/` (file kinds,
//!   suppression, Dockerfile context, text/json/sarif/github, exit status); snapshots in
//!   `snapshots/` (insta).
//!
//! Shared helpers live in `common/` (`sandbox.rs` gives each guard test its own HOME and state
//! directory; `tmux.rs` drives a pseudo-terminal). Nothing here executes a destructive command:
//! the corpus and the examples are only ever checked, and guard tests hold or run commands that
//! only touch directories the test created.

mod adversarial;
mod assets;
mod cli;
mod common;
mod config;
mod corpus;
mod differential;
mod guard;
mod hooks;
mod install;
mod load;
mod properties;
mod pty;
mod scan;
