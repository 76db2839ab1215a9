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
//!
//! Shared helpers live in `common/`. Nothing here executes a destructive command: the corpus
//! and the examples are only ever checked.

mod adversarial;
mod assets;
mod cli;
mod common;
mod config;
mod corpus;
mod differential;
mod hooks;
mod install;
mod properties;
