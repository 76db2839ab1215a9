//! The rule file format: what a YAML pack in `rules/` may say.
//!
//! This file is compiled twice: by `build.rs`, which parses and validates the built-in packs and
//! embeds them in a compact binary form, and by the library, which decodes them lazily and also
//! parses user rule files at run time. Keep it free of anything but plain data and serde, so both
//! sides agree on the shape. `rules/README.md` documents every field.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One YAML file: a pack of rules for one ecosystem.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    /// Short name of the pack, e.g. `filesystem`.
    pub pack: String,
    /// One sentence on what the pack covers.
    #[serde(default)]
    pub description: String,
    /// How each program's arguments are read (options that take a value, aliases, style).
    #[serde(default)]
    pub programs: BTreeMap<String, ProgramSpec>,
    /// The default [`Scope`] of the pack's rules (a rule may say otherwise).
    #[serde(default)]
    pub scope: Option<Scope>,
    /// The rules.
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// How to split one program's arguments into flags, values and positionals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// Options that take a value in the next word (`-n NS`, `-C DIR`); `--opt=value` and `-nNS` are
    /// always understood.
    #[serde(default)]
    pub value_options: Vec<String>,
    /// Spellings folded into one canonical flag (`--recursive: -r`, `-R: -r`).
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// `gnu` (default): `-rf` is `-r -f`. `single-dash`: `-destroy` is one flag and `--x` is `-x`
    /// (terraform, find, Go programs).
    #[serde(default)]
    pub style: FlagStyle,
    /// Where the targets come from: the positionals after the subcommand (default), or a special
    /// reader for programs whose targets are not plain positionals.
    #[serde(default)]
    pub targets: TargetSource,
    /// Options whose values name targets too (`kubectl -f app.yaml`, `terraform -replace=ADDR`).
    #[serde(default)]
    pub target_options: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagStyle {
    #[default]
    Gnu,
    SingleDash,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetSource {
    /// Positionals after the subcommand path.
    #[default]
    Positionals,
    /// `find`: each starting point joined with the `-name`/`-path` pattern, if any.
    FindExpression,
    /// `dd`-style `key=value` operands: the value of `of=`.
    DdOperands,
}

/// One rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable id, `pack.hazard` in kebab-case, never reused.
    pub id: String,
    /// One line: what the rule holds.
    pub title: String,
    /// Program basenames this rule applies to. A trailing `*` is a prefix (`mkfs.*`). The program
    /// `>` stands for a redirection that truncates a file (`>`, `>|`, `&>`), with the file as
    /// its only target.
    pub programs: Vec<String>,
    /// Leading positionals that must be present, in order. Each step is a word or a list of
    /// alternatives: `[state, [rm, remove]]`.
    #[serde(default)]
    pub subcommand: Vec<OneOrMany>,
    /// Conditions on flags.
    #[serde(default)]
    pub flags: FlagCond,
    /// Conditions on targets.
    #[serde(default)]
    pub targets: TargetCond,
    /// The rule matches only if some argument (flag, value or positional, quoting removed)
    /// matches this regex.
    #[serde(default)]
    pub args_regex: Option<String>,
    /// The rule does not match if some argument matches this regex.
    #[serde(default)]
    pub args_exclude_regex: Option<String>,
    /// Statement kinds in the SQL (or Mongo/Redis commands) this invocation will execute; see
    /// `STATEMENT_KINDS`. The rule matches when one statement has one of these kinds.
    #[serde(default)]
    pub statements: Vec<String>,
    /// A later invocation in the same line that creates the thing again turns this finding into
    /// a `recreate`.
    #[serde(default)]
    pub recreate_with: Option<RecreateSpec>,
    pub action: Action,
    pub severity: Severity,
    /// Where the damage lands; defaults to the pack's `scope`, else `external`.
    #[serde(default)]
    pub scope: Option<Scope>,
    /// Why it is dangerous.
    pub reason: String,
    /// What to do instead.
    pub safer: String,
    /// Commands this rule must hold, and commands that must pass entirely.
    pub examples: Examples,
}

/// The create step of a delete-then-create.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecreateSpec {
    /// Programs of the create step; empty means the rule's own programs.
    #[serde(default)]
    pub programs: Vec<String>,
    /// Its subcommand path, as in `subcommand`.
    #[serde(default)]
    pub subcommand: Vec<OneOrMany>,
}

/// A word or a list of alternative words. YAML accepts either form; the embedded binary form
/// (postcard, which is not self-describing) always stores the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOrMany(pub Vec<String>);

impl OneOrMany {
    pub fn alternatives(&self) -> &[String] {
        &self.0
    }
}

impl Serialize for OneOrMany {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            One(String),
            Many(Vec<String>),
        }
        if d.is_human_readable() {
            Ok(match Repr::deserialize(d)? {
                Repr::One(s) => OneOrMany(vec![s]),
                Repr::Many(v) => OneOrMany(v),
            })
        } else {
            Vec::<String>::deserialize(d).map(OneOrMany)
        }
    }
}

/// A flag condition item is a flag (`-f`), a flag with a required value (`--replicas=0`), or a
/// list of alternative spellings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagCond {
    /// At least one of these is present.
    #[serde(default)]
    pub any: Vec<OneOrMany>,
    /// Every item is present (an item that is a list: one of its spellings).
    #[serde(default)]
    pub all: Vec<OneOrMany>,
    /// None of these is present.
    #[serde(default)]
    pub none: Vec<OneOrMany>,
}

/// Conditions on the targets, by class (see `rules/README.md` for the classes).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetCond {
    /// Which targets the conditions look at.
    #[serde(default)]
    pub of: TargetPick,
    /// There is at least one target.
    #[serde(default)]
    pub required: bool,
    /// Some target has one of these classes.
    #[serde(default)]
    pub any: Vec<String>,
    /// The rule does not match when every target has one of these classes (and there is at
    /// least one target): the exceptions.
    #[serde(default)]
    pub unless_all: Vec<String>,
    /// No target has any of these classes.
    #[serde(default)]
    pub none: Vec<String>,
    /// Some target matches this regex.
    #[serde(default)]
    pub regex: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetPick {
    #[default]
    All,
    /// Only the last target (the destination of `cp`, `mv`, `install`).
    Last,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub hold: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Delete,
    Destroy,
    Drop,
    Terminate,
    Wipe,
    Overwrite,
    Recreate,
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

/// Where a rule's damage lands. A `brake check` of a `Dockerfile` does not hold `local` findings
/// inside `RUN`: there the machine is the image being built, which the next build makes again
/// (`rm -rf /var/lib/apt/lists/*` is the idiom). `external` damage (a remote, a cloud, a cluster,
/// a database server, a device) escapes the image and is held everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Only files, packages, processes and local git state of the machine the command runs on.
    Local,
    /// Anything else, or not known: held in every context.
    #[default]
    External,
}

/// The target classes a rule may name; `build.rs` and the user-rule loader reject others.
pub const TARGET_CLASSES: &[&str] = &[
    "rebuildable",
    "temp",
    "sensitive",
    "inside-project",
    "outside-project",
    "home",
    "system",
    "log",
    "device",
    "null-device",
    "root",
    "glob",
    "dynamic",
    "many",
];

/// Statement kinds a rule's `statements` may name.
pub const STATEMENT_KINDS: &[&str] = &[
    "drop",
    "truncate",
    "delete-all",
    "update-all",
    "alter-drop",
    "flush",
    "mass-delete",
    "unparsed-destructive",
];

impl PackFile {
    /// Checks what serde cannot: ids, regexes, class names. Returns one message per problem.
    pub fn validate(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let id_re = regex::Regex::new(r"^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$").unwrap();
        for rule in &self.rules {
            let id = &rule.id;
            if !id_re.is_match(id) {
                errors.push(format!("rule `{id}`: id must be `pack.kebab-case-hazard`"));
            }
            if rule.programs.is_empty() {
                errors.push(format!("rule `{id}`: `programs` is empty"));
            }
            for re in [
                &rule.args_regex,
                &rule.args_exclude_regex,
                &rule.targets.regex,
            ]
            .into_iter()
            .flatten()
            {
                if let Err(e) = regex::Regex::new(re) {
                    errors.push(format!("rule `{id}`: bad regex `{re}`: {e}"));
                }
            }
            for class in rule
                .targets
                .any
                .iter()
                .chain(&rule.targets.unless_all)
                .chain(&rule.targets.none)
            {
                if !TARGET_CLASSES.contains(&class.as_str()) {
                    errors.push(format!("rule `{id}`: unknown target class `{class}`"));
                }
            }
            for kind in &rule.statements {
                if !STATEMENT_KINDS.contains(&kind.as_str()) {
                    errors.push(format!("rule `{id}`: unknown statement kind `{kind}`"));
                }
            }
            if rule.examples.hold.is_empty() {
                errors.push(format!("rule `{id}`: needs at least one `examples.hold`"));
            }
            if rule.reason.trim().is_empty() || rule.safer.trim().is_empty() {
                errors.push(format!(
                    "rule `{id}`: `reason` and `safer` must say something"
                ));
            }
        }
        errors
    }
}
