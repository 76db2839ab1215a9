#!/usr/bin/env python3
"""Corpus accuracy per file and per `# == section ==` header: held / missed / false holds.

Runs `brake check --lines - --format json` (which never executes anything) on every
tests/corpus/*.tsv. Usage: scripts/corpus-accuracy.py [path/to/brake]
"""
import glob, json, os, subprocess, sys
from collections import Counter

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
brake = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/debug/brake")
rows, total = {}, Counter()
for path in sorted(glob.glob(os.path.join(root, "tests/corpus/*.tsv"))):
    name = os.path.basename(path)
    section, entries = name, []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# =="):
            section = name + " / " + line.strip("# =").strip()
        if line.strip() and not line.startswith("#"):
            label, cmd = line.split("\t", 1)
            entries.append((section, label, cmd))
    out = subprocess.run([brake, "check", "--lines", "-", "--format", "json"],
                         input="".join(c + "\n" for _, _, c in entries).encode(), capture_output=True)
    for (sec, label, _), line in zip(entries, out.stdout.decode().splitlines()):
        held = json.loads(line)["decision"] != "allow"
        c = rows.setdefault(sec, Counter())
        for counter in (c, total):
            counter["lines"] += 1
            counter[label] += 1
            if label == "hold":
                counter["held" if held else "missed"] += 1
            elif held:
                counter["false holds"] += 1
cols = ["lines", "hold", "held", "missed", "pass", "false holds"]
print(f"{'corpus / section':<40}" + "".join(f"{c:>12}" for c in cols))
for sec, c in list(rows.items()) + [("total", total)]:
    print(f"{sec:<40}" + "".join(f"{c[k]:>12}" for k in cols))
