#!/usr/bin/env bash
# The whole test suite: format, lints, unit and integration tests (including the labelled
# corpus), and every rule example.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
cargo run --locked --quiet -- rules test
