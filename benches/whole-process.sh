#!/usr/bin/env bash
# Times brake as a whole process with hyperfine, beside the baselines the budgets are stated
# against: `/bin/true` for `brake check -c 'ls -la'`, `bash -c true` for shell mode, and the
# throughput of `brake check --lines` on a generated file of safe and held commands.
# Usage: benches/whole-process.sh [path/to/brake]   (default: the static build of
# scripts/build-release.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BRAKE=${1:-$(scripts/build-release.sh)}
# Time the binary as it is installed, not as the linker left it. The same bytes ran `brake -c
# true` about 0.17 ms slower from target/ than from a copy: the page cache of a file the linker
# has just written page by page costs more per page fault than that of a copied file (`cargo
# install`, a package and a download all copy). `sync` lets the copy settle first.
inst=$(mktemp -d)
trap 'rm -rf "$inst"' EXIT
install -m 755 "$BRAKE" "$inst/brake"
sync
BRAKE=$inst/brake
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
export NO_COLOR=1
echo "## machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
hyperfine -N -i --warmup 50 --runs 500 --export-json /tmp/brake-check.json --export-markdown /tmp/brake-check.md \
  "/bin/true" "$BRAKE check -c 'ls -la'" "$BRAKE check -c 'git push --force origin main'"
cat /tmp/brake-check.md
if "$BRAKE" -c true 2>/dev/null; then
  hyperfine -N --warmup 50 --runs 1000 --export-json /tmp/brake-shell.json --export-markdown /tmp/brake-shell.md "bash -c true" "$BRAKE -c true"
  cat /tmp/brake-shell.md
else
  echo "(shell mode not available in this build)"
fi
lines=/tmp/brake-lines.txt
python3 - "$lines" <<'PY'
import sys
mix = ["ls -la", "git status", "cargo build --release", "git commit -m 'fix rm -rf docs'",
       "rm -rf node_modules", "grep -r TODO src", "npm test", "git push origin main",
       "docker ps -a", "kubectl get pods -n prod"]
with open(sys.argv[1], "w") as f:
    for i in range(200000):
        f.write(mix[i % len(mix)] + "\n")
PY
hyperfine -N --warmup 2 --runs 10 --export-json /tmp/brake-lines.json --export-markdown /tmp/brake-lines.md "$BRAKE check --lines $lines --format json"
cat /tmp/brake-lines.md
echo "commands per run: $(wc -l < "$lines")"

echo
echo "## medians"
python3 - <<'PY'
import json, os
for f in ["/tmp/brake-check.json", "/tmp/brake-shell.json", "/tmp/brake-lines.json"]:
    if os.path.exists(f):
        for r in json.load(open(f))["results"]:
            print(f"{r['median'] * 1000:10.3f} ms  {r['command']}")
PY
