#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain: tmux, bash and script (from
# bsdutils) for the pseudo-terminal tests, make and sudo for the drop-in shell tests, python3
# for helper scripts. Safe to run again.
set -euo pipefail
need=()
for tool in tmux bash python3 make sudo; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
command -v script >/dev/null 2>&1 || need+=(bsdutils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi
