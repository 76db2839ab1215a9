//! Codex CLI's hooks file: `~/.codex/hooks.json` for the user (`$CODEX_HOME/hooks.json` when set),
//! `.codex/hooks.json` for the project (loaded only when Codex trusts the project). Codex also
//! reads `[hooks]` tables in `config.toml`; brake uses the documented `hooks.json`, so the user's
//! `config.toml` is never rewritten. Documented shape of the entry (Codex hooks documentation):
//! `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"…","timeout":30}]}]}}`,
//! timeout in seconds.

use super::{Layout, Places, Scope};
use std::path::PathBuf;

/// Codex's hooks.json entry has the same shape as Claude Code's.
pub const LAYOUT: Layout = super::claude::LAYOUT;

pub const NOTE: &str = "Codex runs a hook only after you review and trust it: start Codex and open /hooks. Project hooks load only in a trusted project. Hooks are on by default in current Codex; an older one needs `[features] codex_hooks = true` in config.toml.";

pub fn paths(scope: Scope, places: &Places) -> Vec<PathBuf> {
    match scope {
        Scope::User => vec![places
            .codex_home
            .clone()
            .unwrap_or_else(|| places.home.join(".codex"))
            .join("hooks.json")],
        Scope::Project => vec![places.project.join(".codex/hooks.json")],
    }
}
