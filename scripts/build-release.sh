#!/usr/bin/env bash
# Builds the fastest-starting brake: a static, non-PIE executable for this machine's target.
# brake runs before every agent command, and a dynamic PIE binary spends most of its start-up
# in the loader relocating itself (measured with callgrind: ~40% of the instructions of
# `brake check -c 'ls -la'`). Static linking removes the loader; non-PIE removes the
# relocations. Prints the path of the binary. (Proc-macro crates cannot be built with
# crt-static, hence the explicit --target, which keeps host crates dynamic.)
set -euo pipefail
cd "$(dirname "$0")/.."
host=$(rustc -vV | sed -n 's/^host: //p')
var="CARGO_TARGET_$(echo "$host" | tr 'a-z-' 'A-Z_')_RUSTFLAGS"
export "$var"="-C relocation-model=static -C target-feature=+crt-static"
cargo build --release --locked --quiet --target "$host" --target-dir target/static
echo "target/static/$host/release/brake"
