//! Configuration in layers: built-in defaults; the user's file
//! (`$XDG_CONFIG_HOME/brake/config.yaml`, else `~/.config/brake/config.yaml`); then the nearest
//! project `.brake.yaml` (searched upwards from the working directory), which may only
//! **tighten** — add rules, raise severities, add protected names, turn `ask` into `deny` —
//! unless the human trusted that exact file content with `brake trust` (a SHA-256 kept in the
//! state dir: any change voids the trust). A cloned repository can never switch brake off.
//! Environment variables may tighten, never loosen: `BRAKE_DENY=high,critical` and
//! `BRAKE_PROTECT=name,...`.

use crate::protect::Protected;
use crate::rules::spec::Severity;
use crate::verdict::Policy;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a config file (user or project) may say.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Decision per severity: `ask` (default) or `deny`.
    #[serde(default)]
    pub decisions: BTreeMap<Severity, DecisionSetting>,
    /// The real shell to run in drop-in shell mode (user file only).
    #[serde(default)]
    pub shell: Option<String>,
    /// Per-rule changes: `{git.push-force: {severity: critical}}`, `{fs.rm-glob: {disabled: true}}`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleOverride>,
    /// Extra rule files (same format as `rules/*.yaml`), relative to this file.
    #[serde(default)]
    pub extra_rules: Vec<PathBuf>,
    /// Names whose findings are raised one severity level.
    #[serde(default)]
    pub protected: ProtectedNames,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionSetting {
    Ask,
    Deny,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub disabled: bool,
}

/// Protected names, by kind. Each entry is a glob (`release/*`) or a word matched on word
/// boundaries (`prod` matches `prod`, `eu-prod-1`, not `product`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProtectedNames {
    #[serde(default)]
    pub kube_contexts: Vec<String>,
    #[serde(default)]
    pub namespaces: Vec<String>,
    #[serde(default)]
    pub branches: Vec<String>,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub aws_profiles: Vec<String>,
    #[serde(default)]
    pub gcloud_projects: Vec<String>,
    #[serde(default)]
    pub databases: Vec<String>,
}

/// Where one setting came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
    Project { path: PathBuf, trusted: bool },
    Env(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => write!(f, "built-in"),
            Origin::User(p) => write!(f, "user config {}", p.display()),
            Origin::Project {
                path,
                trusted: true,
            } => write!(f, "project config {} (trusted)", path.display()),
            Origin::Project {
                path,
                trusted: false,
            } => write!(
                f,
                "project config {} (untrusted: may only tighten)",
                path.display()
            ),
            Origin::Env(v) => write!(f, "environment {v}"),
        }
    }
}

/// The effective configuration and where each part came from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub policy: Policy,
    pub shell: Option<String>,
    pub extra_rule_files: Vec<(PathBuf, Origin)>,
    /// Files read, in order.
    pub sources: Vec<Origin>,
    /// Settings read, with origin, for `brake config`.
    pub settings: Vec<(String, Origin)>,
    /// Settings of an untrusted project file that would loosen, and were ignored.
    pub ignored: Vec<(String, Origin)>,
}

/// The user's config directory for brake.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("brake"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config/brake"))
}

/// The user's state directory for brake (approvals, audit log, trust).
pub fn state_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("brake"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state/brake"))
}

/// The nearest `.brake.yaml` from `dir` upwards.
pub fn project_file(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(".brake.yaml"))
        .find(|p| p.is_file())
}

fn trust_file() -> Option<PathBuf> {
    state_dir().map(|d| d.join("trusted.json"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn trusted_hashes() -> BTreeMap<String, String> {
    trust_file()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Is this exact content of `path` trusted?
pub fn is_trusted(path: &Path, content: &[u8]) -> bool {
    let key = path
        .canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    trusted_hashes()
        .get(&key)
        .is_some_and(|h| *h == sha256_hex(content))
}

/// Records that the current content of `path` is trusted. Returns the hash.
pub fn trust(path: &Path) -> Result<String, String> {
    let content =
        std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    read_file(path, &content)?;
    let key = path
        .canonicalize()
        .map_err(|e| e.to_string())?
        .display()
        .to_string();
    let hash = sha256_hex(&content);
    let mut all = trusted_hashes();
    all.insert(key, hash.clone());
    let file = trust_file().ok_or("no state directory (HOME is not set)")?;
    std::fs::create_dir_all(file.parent().unwrap()).map_err(|e| e.to_string())?;
    let tmp = file.with_extension("json.tmp");
    write_private(&tmp, serde_json::to_string_pretty(&all).unwrap().as_bytes())?;
    std::fs::rename(&tmp, &file).map_err(|e| e.to_string())?;
    Ok(hash)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(bytes).map_err(|e| e.to_string())
}

fn read_file(path: &Path, content: &[u8]) -> Result<ConfigFile, String> {
    let text = String::from_utf8_lossy(content);
    serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

impl Config {
    /// The extra rule files the configuration names, in the order they were read.
    pub fn rule_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.extra_rule_files.iter().map(|(p, _)| p)
    }

    /// Loads the configuration for a command run in the current directory.
    pub fn load() -> Result<Config, String> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Self::load_from(&cwd)
    }

    /// Loads the configuration for a command run in `cwd`. A missing file is the defaults; an
    /// invalid one is an error naming the file, line and column.
    pub fn load_from(cwd: &Path) -> Result<Config, String> {
        let mut cfg = Config {
            sources: vec![Origin::BuiltIn],
            ..Config::default()
        };
        if let Some(path) = config_dir()
            .map(|d| d.join("config.yaml"))
            .filter(|p| p.is_file())
        {
            let content = std::fs::read(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let file = read_file(&path, &content)?;
            let origin = Origin::User(path.clone());
            cfg.apply(&file, &path, origin.clone(), true);
            cfg.sources.push(origin);
        }
        if let Some(path) = project_file(cwd) {
            let content = std::fs::read(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let file = read_file(&path, &content)?;
            let trusted = is_trusted(&path, &content);
            let origin = Origin::Project {
                path: path.clone(),
                trusted,
            };
            cfg.apply(&file, &path, origin.clone(), trusted);
            cfg.sources.push(origin);
        }
        cfg.apply_env();
        Ok(cfg)
    }

    /// Applies one file. `may_loosen` is false for an untrusted project file.
    fn apply(&mut self, file: &ConfigFile, path: &Path, origin: Origin, may_loosen: bool) {
        for (sev, d) in &file.decisions {
            let denied = self.policy.deny.contains(sev);
            match d {
                DecisionSetting::Deny if !denied => {
                    self.policy.deny.push(*sev);
                    self.settings
                        .push((format!("decision {}: deny", sev_name(*sev)), origin.clone()));
                }
                DecisionSetting::Ask if denied && may_loosen => {
                    self.policy.deny.retain(|s| s != sev);
                    self.settings
                        .push((format!("decision {}: ask", sev_name(*sev)), origin.clone()));
                }
                DecisionSetting::Ask if denied => self
                    .ignored
                    .push((format!("decision {}: ask", sev_name(*sev)), origin.clone())),
                _ => {}
            }
        }
        if let Some(shell) = &file.shell {
            if matches!(origin, Origin::User(_)) {
                self.shell = Some(shell.clone());
                self.settings
                    .push((format!("shell: {shell}"), origin.clone()));
            } else {
                self.ignored.push((
                    format!("shell: {shell} (only the user config picks the shell)"),
                    origin.clone(),
                ));
            }
        }
        for (id, o) in &file.rules {
            let old = self.policy.overrides.get(id).cloned().unwrap_or_default();
            let mut new = old.clone();
            if o.disabled {
                if may_loosen {
                    new.disabled = true;
                    self.settings
                        .push((format!("rule {id}: disabled"), origin.clone()));
                } else {
                    self.ignored
                        .push((format!("rule {id}: disabled"), origin.clone()));
                }
            }
            if let Some(sev) = o.severity {
                // Without trust a project may only raise: the raise is checked against the
                // rule's own severity when findings are made (`Policy::severity_for`).
                new.severity = Some(sev);
                new.raise_only = !may_loosen || old.raise_only;
                self.settings.push((
                    format!(
                        "rule {id}: severity {}{}",
                        sev_name(sev),
                        if may_loosen { "" } else { " (raise only)" }
                    ),
                    origin.clone(),
                ));
            }
            self.policy.overrides.insert(id.clone(), new);
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for f in &file.extra_rules {
            let full = base.join(f);
            self.settings
                .push((format!("extra rules: {}", full.display()), origin.clone()));
            self.extra_rule_files.push((full, origin.clone()));
        }
        let p = &file.protected;
        for (kind, list) in [
            ("kube context", &p.kube_contexts),
            ("namespace", &p.namespaces),
            ("branch", &p.branches),
            ("path", &p.paths),
            ("aws profile", &p.aws_profiles),
            ("gcloud project", &p.gcloud_projects),
            ("database", &p.databases),
        ] {
            for name in list {
                self.settings
                    .push((format!("protected {kind}: {name}"), origin.clone()));
            }
        }
        self.policy.protected.extend(p);
    }

    fn apply_env(&mut self) {
        if let Ok(v) = std::env::var("BRAKE_DENY") {
            for s in v.split(',').map(str::trim) {
                let sev = match s {
                    "low" => Severity::Low,
                    "medium" => Severity::Medium,
                    "high" => Severity::High,
                    "critical" => Severity::Critical,
                    _ => continue,
                };
                if !self.policy.deny.contains(&sev) {
                    self.policy.deny.push(sev);
                    self.settings
                        .push((format!("decision {s}: deny"), Origin::Env("BRAKE_DENY")));
                }
            }
        }
        if let Ok(v) = std::env::var("BRAKE_PROTECT") {
            let names: Vec<String> = v
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            for n in &names {
                self.settings.push((
                    format!("protected (any kind): {n}"),
                    Origin::Env("BRAKE_PROTECT"),
                ));
            }
            self.policy.protected.extend(&ProtectedNames {
                kube_contexts: names.clone(),
                namespaces: names.clone(),
                branches: names.clone(),
                paths: names.clone(),
                aws_profiles: names.clone(),
                gcloud_projects: names.clone(),
                databases: names,
            });
        }
    }

    /// A readable account of the effective configuration (`brake config`).
    pub fn describe(&self) -> String {
        let mut s = String::from("sources:\n");
        for o in &self.sources {
            s.push_str(&format!("  {o}\n"));
        }
        s.push_str("decisions:\n");
        for sev in [
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ] {
            let d = if self.policy.deny.contains(&sev) {
                "deny"
            } else {
                "ask"
            };
            s.push_str(&format!("  {}: {d}\n", sev_name(sev)));
        }
        s.push_str("protected (built-in):\n");
        for line in Protected::default().describe() {
            s.push_str(&format!("  {line}\n"));
        }
        s.push_str("settings:\n");
        if self.settings.is_empty() {
            s.push_str("  (none beyond the defaults)\n");
        }
        for (what, o) in &self.settings {
            s.push_str(&format!("  {what}    [{o}]\n"));
        }
        if !self.ignored.is_empty() {
            s.push_str("ignored (would loosen; `brake trust` the project file to allow):\n");
            for (what, o) in &self.ignored {
                s.push_str(&format!("  {what}    [{o}]\n"));
            }
        }
        s
    }
}

pub fn sev_name(s: Severity) -> &'static str {
    crate::report::severity_name(s)
}
