//! Stage 3, rules: the YAML format ([`spec`]), the built-in packs embedded at build time
//! ([`embedded`]), user rule files, and the matcher. A [`Ruleset`] is indexed by program name;
//! rules are decoded from the embedded blob, and their regexes compiled, only when a program
//! they name appears in a command.

mod argv;
mod embedded;
mod matcher;
pub mod spec;
pub mod targets;

pub use argv::ParsedArgs;
pub use matcher::{match_rule, Match};

use regex::Regex;
use spec::{PackFile, ProgramSpec, RuleSpec};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A rule ready to match.
#[derive(Debug)]
pub struct Rule {
    pub spec: RuleSpec,
    pub pack: String,
    /// Where it came from: `built-in` or a file path.
    pub origin: String,
    regexes: OnceLock<Regexes>,
}

#[derive(Debug, Default)]
struct Regexes {
    args: Option<Regex>,
    args_exclude: Option<Regex>,
    target: Option<Regex>,
}

impl Rule {
    fn new(spec: RuleSpec, pack: &str, origin: &str) -> Rule {
        Rule {
            spec,
            pack: pack.to_string(),
            origin: origin.to_string(),
            regexes: OnceLock::new(),
        }
    }

    /// Where the rule's damage lands (the rule's `scope`, else its pack's, else `external`).
    pub fn scope(&self) -> spec::Scope {
        self.spec.scope.unwrap_or_default()
    }

    fn regexes(&self) -> &Regexes {
        self.regexes.get_or_init(|| {
            let compile = |r: &Option<String>| r.as_deref().and_then(|r| Regex::new(r).ok());
            Regexes {
                args: compile(&self.spec.args_regex),
                args_exclude: compile(&self.spec.args_exclude_regex),
                target: compile(&self.spec.targets.regex),
            }
        })
    }
}

/// An error in a user rule file: where and what.
#[derive(Debug)]
pub struct RuleFileError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for RuleFileError {}

/// Every rule brake knows: the embedded packs, decoded lazily, plus rules loaded from files.
pub struct Ruleset {
    // Boxed so that an empty slot is one pointer: building the table touches a page, not the
    // ~40 pages unboxed rules would (measured as page faults on every run).
    builtin: Vec<OnceLock<Box<Rule>>>,
    specs: Vec<OnceLock<Box<ProgramSpec>>>,
    extra: Vec<Rule>,
    extra_index: BTreeMap<String, Vec<usize>>,
    extra_prefix: Vec<(String, usize)>,
    extra_specs: BTreeMap<String, ProgramSpec>,
}

static DEFAULT_SPEC: OnceLock<ProgramSpec> = OnceLock::new();

impl Default for Ruleset {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Ruleset {
    /// The built-in packs. Costs nothing until rules are looked up.
    pub fn builtin() -> Ruleset {
        Ruleset {
            builtin: (0..embedded::RULES.len())
                .map(|_| OnceLock::new())
                .collect(),
            specs: (0..embedded::PROGRAM_SPECS.len())
                .map(|_| OnceLock::new())
                .collect(),
            extra: Vec::new(),
            extra_index: BTreeMap::new(),
            extra_prefix: Vec::new(),
            extra_specs: BTreeMap::new(),
        }
    }

    /// The built-in packs plus the rules of `files` (a configuration's `extra_rules`, then any
    /// `--rules FILE`). The first invalid file is the error.
    pub fn with_files<'a>(
        files: impl IntoIterator<Item = &'a PathBuf>,
    ) -> Result<Ruleset, RuleFileError> {
        let mut rules = Ruleset::builtin();
        for f in files {
            rules.load_file(f)?;
        }
        Ok(rules)
    }

    /// Adds the rules of a YAML file (same format as the built-in packs).
    pub fn load_file(&mut self, path: &Path) -> Result<(), RuleFileError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RuleFileError {
            file: file.clone(),
            message: format!("cannot read: {e}"),
        })?;
        self.load_str(&text, &file)
    }

    /// Adds the rules of YAML text; `origin` names it in errors.
    pub fn load_str(&mut self, text: &str, origin: &str) -> Result<(), RuleFileError> {
        let err = |message: String| RuleFileError {
            file: origin.to_string(),
            message,
        };
        let pack: PackFile = serde_saphyr::from_str(text).map_err(|e| err(e.to_string()))?;
        let problems = pack.validate();
        if !problems.is_empty() {
            return Err(err(problems.join("; ")));
        }
        for (name, spec) in pack.programs {
            self.extra_specs.insert(name, spec);
        }
        for mut spec in pack.rules {
            spec.scope = spec.scope.or(pack.scope);
            if self.get(&spec.id).is_some() {
                return Err(err(format!("rule id `{}` is already defined", spec.id)));
            }
            let n = self.extra.len();
            for p in &spec.programs {
                match p.strip_suffix('*') {
                    Some(prefix) => self.extra_prefix.push((prefix.to_string(), n)),
                    None => self.extra_index.entry(p.clone()).or_default().push(n),
                }
            }
            self.extra.push(Rule::new(spec, &pack.pack, origin));
        }
        Ok(())
    }

    fn builtin_rule(&self, i: usize) -> &Rule {
        self.builtin[i].get_or_init(|| {
            let e = &embedded::RULES[i];
            let spec: RuleSpec = postcard::from_bytes(&embedded::BLOB[e.start..e.end])
                .expect("embedded rule decodes: build.rs encoded it");
            Box::new(Rule::new(spec, e.pack, "built-in"))
        })
    }

    /// Rules that name `program`.
    pub fn candidates(&self, program: &str) -> Vec<&Rule> {
        let mut out = Vec::new();
        if let Ok(pos) = embedded::PROGRAM_INDEX.binary_search_by(|(p, _)| (*p).cmp(program)) {
            out.extend(
                embedded::PROGRAM_INDEX[pos]
                    .1
                    .iter()
                    .map(|&i| self.builtin_rule(i)),
            );
        }
        for (prefix, rules) in embedded::PREFIX_INDEX {
            if program.starts_with(prefix) {
                out.extend(rules.iter().map(|&i| self.builtin_rule(i)));
            }
        }
        if let Some(v) = self.extra_index.get(program) {
            out.extend(v.iter().map(|&i| &self.extra[i]));
        }
        for (prefix, i) in &self.extra_prefix {
            if program.starts_with(prefix.as_str()) {
                out.push(&self.extra[*i]);
            }
        }
        out
    }

    /// How to read `program`'s arguments.
    pub fn program_spec(&self, program: &str) -> &ProgramSpec {
        if let Some(s) = self.extra_specs.get(program) {
            return s;
        }
        match embedded::PROGRAM_SPECS.binary_search_by(|(p, _, _)| (*p).cmp(program)) {
            Ok(i) => self.specs[i].get_or_init(|| {
                let (_, start, end) = embedded::PROGRAM_SPECS[i];
                Box::new(
                    postcard::from_bytes(&embedded::BLOB[start..end])
                        .expect("embedded spec decodes"),
                )
            }),
            Err(_) => DEFAULT_SPEC.get_or_init(ProgramSpec::default),
        }
    }

    /// Every rule, built-in first, in pack order.
    pub fn all(&self) -> Vec<&Rule> {
        (0..self.builtin.len())
            .map(|i| self.builtin_rule(i))
            .chain(self.extra.iter())
            .collect()
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        if let Some(i) = embedded::RULES.iter().position(|r| r.id == id) {
            return Some(self.builtin_rule(i));
        }
        self.extra.iter().find(|r| r.spec.id == id)
    }

    /// How many built-in rules and program specs have been decoded so far (for tests that prove
    /// a command touches only the rules of its programs).
    pub fn decoded(&self) -> usize {
        self.builtin.iter().filter(|r| r.get().is_some()).count()
            + self.specs.iter().filter(|s| s.get().is_some()).count()
    }

    /// The built-in packs: name, description, file.
    pub fn packs() -> Vec<(&'static str, &'static str, &'static str)> {
        embedded::PACKS
            .iter()
            .map(|p| (p.name, p.description, p.file))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{check, Policy};

    #[test]
    fn a_command_no_rule_names_touches_no_rule() {
        let rules = Ruleset::builtin();
        check(
            "ls -la | grep x && echo hi >> out.txt; cat <<EOF\nrm -rf /\nEOF",
            &rules,
            &Policy::default(),
        );
        assert_eq!(rules.decoded(), 0);
        // A truncating redirection is the pseudo-program `>`: only its rule is looked at.
        check("echo hi > out.txt", &rules, &Policy::default());
        assert_eq!(rules.decoded(), rules.candidates(">").len());
    }

    #[test]
    fn only_the_rules_of_programs_present_are_decoded() {
        let rules = Ruleset::builtin();
        check("git status", &rules, &Policy::default());
        let git_rules = rules
            .all()
            .iter()
            .filter(|r| r.spec.programs.iter().any(|p| p == "git"))
            .count();
        let fresh = Ruleset::builtin();
        check("git status", &fresh, &Policy::default());
        assert!(
            fresh.decoded() <= git_rules + 1,
            "{} > {}",
            fresh.decoded(),
            git_rules + 1
        );
        assert!(fresh.decoded() > 0);
    }
}
