#!/usr/bin/env bash
# Builds the fastest-starting brake, a static non-PIE executable, and prints its path.
#
# brake runs before every agent command, so what it costs is mostly start-up:
# - Static and non-PIE: no dynamic loader, no relocations (the loader was ~40% of the
#   instructions of `brake check -c 'ls -la'` in a dynamic PIE build, measured with callgrind).
# - musl rather than glibc when the musl target is installed: a static glibc program spends
#   about 0.2 ms starting up on this machine's kind (a Rust program that only execs bash costs
#   1.28x `bash -c true` with static glibc, 1.04x with musl; benches/whole-process.sh), which is
#   the whole difference between meeting the shell-mode aim of 1.2x and missing it. musl's
#   allocator is slower, so bulk `brake check --lines` runs at about 40% of the glibc build's
#   rate; `--glibc` builds that one instead.
#
# Usage: scripts/build-release.sh [--glibc]
# The musl build needs `rustup target add x86_64-unknown-linux-musl` and musl-gcc (Debian:
# musl-tools) for the tree-sitter parser's C code; without them this builds with glibc.
# (Proc-macro crates cannot be built with crt-static, hence the explicit --target, which keeps
# host crates dynamic.)
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
arch=${host%%-*}
musl="$arch-unknown-linux-musl"
target=$host
if [[ "${1:-}" != "--glibc" ]]; then
  if rustup target list --installed 2>/dev/null | grep -qx "$musl" && command -v musl-gcc >/dev/null; then
    target=$musl
  else
    echo "build-release: the $musl target or musl-gcc is missing; building with glibc" >&2
  fi
fi
var="CARGO_TARGET_$(echo "$target" | tr 'a-z-' 'A-Z_')_RUSTFLAGS"
export "$var"="-C relocation-model=static -C target-feature=+crt-static"
cargo build --release --locked --quiet --target "$target" --target-dir target/static
echo "target/static/$target/release/brake"
