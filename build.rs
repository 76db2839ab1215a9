//! Prepares the built-in rule packs at build time, so that running brake never parses YAML or
//! validates rules: each `rules/*.yaml` is parsed and validated here (a bad pack fails the build
//! with file, line and column), then every rule and program spec is encoded with postcard into one
//! blob, with a sorted program -> rules index, all embedded in the binary.

#[path = "src/rules/spec.rs"]
#[allow(dead_code)]
mod spec;

use spec::{PackFile, ProgramSpec};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules/spec.rs");
    let mut files: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();

    let mut blob: Vec<u8> = Vec::new();
    let mut rules_src = String::new();
    let mut packs_src = String::new();
    let mut index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut prefix_index: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut specs: BTreeMap<String, (ProgramSpec, String)> = BTreeMap::new();
    let mut ids = BTreeSet::new();
    let mut n = 0usize;
    let mut errors = Vec::new();

    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("read rule file");
        let pack: PackFile = match serde_saphyr::from_str(&text) {
            Ok(p) => p,
            Err(e) => {
                errors.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        for e in pack.validate() {
            errors.push(format!("{}: {e}", path.display()));
        }
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        writeln!(
            packs_src,
            "    PackEntry {{ name: {:?}, description: {:?}, file: {:?} }},",
            pack.pack, pack.description, file
        )
        .unwrap();
        for (name, spec) in &pack.programs {
            if let Some((old, from)) = specs.get(name) {
                if old != spec {
                    errors.push(format!(
                        "{}: program `{name}` is described differently in {from}",
                        path.display()
                    ));
                }
            } else {
                specs.insert(name.clone(), (spec.clone(), file.clone()));
            }
        }
        for rule in &pack.rules {
            let mut rule = rule.clone();
            rule.scope = rule.scope.or(pack.scope);
            let rule = &rule;
            if !ids.insert(rule.id.clone()) {
                errors.push(format!(
                    "{}: duplicate rule id `{}`",
                    path.display(),
                    rule.id
                ));
            }
            let start = blob.len();
            blob.extend(postcard::to_stdvec(rule).expect("encode rule"));
            writeln!(
                rules_src,
                "    RuleEntry {{ id: {:?}, pack: {:?}, start: {start}, end: {} }},",
                rule.id,
                pack.pack,
                blob.len()
            )
            .unwrap();
            for prog in &rule.programs {
                match prog.strip_suffix('*') {
                    Some(prefix) => prefix_index.entry(prefix.to_string()).or_default().push(n),
                    None => index.entry(prog.clone()).or_default().push(n),
                }
            }
            n += 1;
        }
    }
    if !errors.is_empty() {
        panic!("invalid built-in rules:\n{}", errors.join("\n"));
    }

    let mut specs_src = String::new();
    for (name, (spec, _)) in &specs {
        let start = blob.len();
        blob.extend(postcard::to_stdvec(spec).expect("encode spec"));
        writeln!(specs_src, "    ({name:?}, {start}, {}),", blob.len()).unwrap();
    }
    let table = |m: &BTreeMap<String, Vec<usize>>| {
        let mut s = String::new();
        for (name, rules) in m {
            writeln!(s, "    ({name:?}, &{rules:?}),").unwrap();
        }
        s
    };

    let out = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out).join("rules.bin"), &blob).unwrap();
    let src = format!(
        "pub static BLOB: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/rules.bin\"));\n\
         pub static PACKS: &[PackEntry] = &[\n{packs_src}];\n\
         pub static RULES: &[RuleEntry] = &[\n{rules_src}];\n\
         pub static PROGRAM_INDEX: &[(&str, &[usize])] = &[\n{}];\n\
         pub static PREFIX_INDEX: &[(&str, &[usize])] = &[\n{}];\n\
         pub static PROGRAM_SPECS: &[(&str, usize, usize)] = &[\n{specs_src}];\n",
        table(&index),
        table(&prefix_index)
    );
    std::fs::write(Path::new(&out).join("packs.rs"), src).unwrap();
}
