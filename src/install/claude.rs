//! Claude Code's settings: `~/.claude/settings.json` for the user (`$CLAUDE_CONFIG_DIR` when
//! set), `.claude/settings.json` for the project (install writes there; `.claude/settings.local.json`
//! is read too). Documented shape of the entry (Claude Code settings and hooks reference):
//! `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"…","timeout":30}]}]}}`,
//! timeout in seconds.

use super::{Layout, Places, Scope};
use serde_json::{json, Value};
use std::path::PathBuf;

fn handler(command: &str) -> Value {
    json!({"type": "command", "command": command, "timeout": 30})
}

pub const LAYOUT: Layout = Layout::Nested {
    event: "PreToolUse",
    matcher: "Bash",
    handler,
};

pub const NOTE: &str = "Claude Code reads its settings when a session starts: start a new session (or check with /hooks).";

pub fn paths(scope: Scope, places: &Places) -> Vec<PathBuf> {
    match scope {
        Scope::User => vec![places
            .claude_dir
            .clone()
            .unwrap_or_else(|| places.home.join(".claude"))
            .join("settings.json")],
        Scope::Project => vec![
            places.project.join(".claude/settings.json"),
            places.project.join(".claude/settings.local.json"),
        ],
    }
}
