//! Configuration in layers: built-in defaults, the user's file
//! (`$XDG_CONFIG_HOME/brake/config.yaml`, else `~/.config/brake/config.yaml`), then a project's
//! `.brake.yaml`, which may only tighten unless the human trusted that exact content with
//! `brake trust`. `BRAKE_CONFIG` names another user file. Environment variables may tighten,
//! never loosen.

use crate::rules::spec::Severity;
use crate::verdict::Policy;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the user's config file may say.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// Decision per severity: `ask` (default) or `deny`.
    #[serde(default)]
    pub decisions: BTreeMap<Severity, DecisionSetting>,
    /// The real shell to run in drop-in shell mode.
    #[serde(default)]
    pub shell: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionSetting {
    Ask,
    Deny,
}

/// The effective configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub policy: Policy,
    pub shell: Option<String>,
    /// Files that contributed, for `brake config`.
    pub sources: Vec<PathBuf>,
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

impl Config {
    /// Loads the user's configuration. A missing file is the defaults; an invalid one is an
    /// error naming the file, line and column.
    pub fn load() -> Result<Config, String> {
        let path = std::env::var_os("BRAKE_CONFIG")
            .map(PathBuf::from)
            .or_else(|| config_dir().map(|d| d.join("config.yaml")));
        let mut cfg = Config::default();
        if let Some(path) = path.filter(|p| p.is_file()) {
            let user = read_user(&path)?;
            cfg.apply(&user);
            cfg.sources.push(path);
        }
        Ok(cfg)
    }

    fn apply(&mut self, user: &UserConfig) {
        for (sev, d) in &user.decisions {
            if *d == DecisionSetting::Deny && !self.policy.deny.contains(sev) {
                self.policy.deny.push(*sev);
            }
        }
        if user.shell.is_some() {
            self.shell = user.shell.clone();
        }
    }
}

fn read_user(path: &Path) -> Result<UserConfig, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
