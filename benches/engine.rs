//! Criterion benchmarks of brake's stages on a representative mix of agent commands: parse
//! (tree-sitter), model (invocations), match (rules), and the whole check. Run with
//! `cargo bench --bench engine`.

use brake::rules::Ruleset;
use brake::verdict::{check, findings, Policy};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const MIX: &[&str] = &[
    "ls -la",
    "git status",
    "cargo test --workspace",
    "git commit -m \"fix: handle rm -rf edge case\" && git push origin main",
    "find . -name '*.log' -mtime +7 | xargs rm -f && echo done > /tmp/out.txt",
    "git commit -m \"$(cat <<'EOF'\nFix bug\n\nrm -rf was wrong\nEOF\n)\"",
    "cat > notes.md <<'EOF'\nDROP TABLE x;\nEOF",
    "sudo -u root bash -c 'rm -rf /var/lib/app && systemctl restart app'",
    "kubectl -n prod delete deployment api && kubectl apply -f api.yaml",
    "terraform destroy -auto-approve",
    "npm ci && npm run build && rm -rf node_modules/.cache",
    "for f in *.txt; do grep -q TODO \"$f\" && echo \"$f\"; done",
];

fn bench(c: &mut Criterion) {
    let rules = Ruleset::builtin();
    let policy = Policy::default();
    // Warm the rule cache once, as a long `--lines` run would.
    for line in MIX {
        check(line, &rules, &policy);
    }
    c.bench_function("parse", |b| {
        b.iter(|| {
            for line in MIX {
                black_box(brake::shell::parse(black_box(line)).ok());
            }
        })
    });
    c.bench_function("model", |b| {
        b.iter(|| {
            for line in MIX {
                black_box(brake::model::build(black_box(line)));
            }
        })
    });
    let models: Vec<_> = MIX.iter().map(|l| brake::model::build(l)).collect();
    c.bench_function("match", |b| {
        b.iter(|| {
            for m in &models {
                black_box(findings(black_box(m), &rules, &policy));
            }
        })
    });
    c.bench_function("check (whole mix)", |b| {
        b.iter(|| {
            for line in MIX {
                black_box(check(black_box(line), &rules, &policy));
            }
        })
    });
    c.bench_function("check ls -la, cold rules", |b| {
        b.iter(|| {
            let rules = Ruleset::builtin();
            black_box(check(black_box("ls -la"), &rules, &policy));
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
