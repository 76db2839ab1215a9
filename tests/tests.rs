//! All integration tests build into this one binary (`autotests = false`). Where new tests go:
//! - `cli.rs`: the `brake check`/`explain`/`rules` contract (formats, exit codes, errors).
//! - `corpus.rs`: the labelled corpus in `tests/corpus/*.tsv`, run through `check --lines`.
//! - `assets.rs`: completions and man page are up to date with the clap definition.
//! - `scan.rs`: `brake check PATH...` on the fixture repositories in `fixtures/` (file kinds,
//!   suppression, Dockerfile context, text/json/sarif/github, exit status); snapshots in
//!   `snapshots/` (insta).
//!
//! Shared helpers live in `common/`. Nothing here executes a destructive command: the corpus
//! and the examples are only ever checked.

mod assets;
mod cli;
mod common;
mod corpus;
mod scan;
