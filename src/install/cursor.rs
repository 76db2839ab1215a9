//! Cursor's hooks file: `~/.cursor/hooks.json` for the user, `.cursor/hooks.json` for the project.
//! Documented shape of the entry (Cursor agent hooks documentation):
//! `{"version":1,"hooks":{"beforeShellExecution":[{"command":"…"}]}}`. brake adds
//! `"failClosed": true`, so a brake that crashes or times out blocks rather than lets the command
//! run.

use super::{Layout, Places, Scope};
use serde_json::{json, Value};
use std::path::PathBuf;

fn handler(command: &str) -> Value {
    json!({"command": command, "failClosed": true})
}

pub const LAYOUT: Layout = Layout::Flat {
    event: "beforeShellExecution",
    command_key: "command",
    handler,
};

pub const NOTE: &str = "Cursor reloads hooks.json by itself (restart Cursor if the hook does not show in its Hooks settings). Cursor has been reported to ignore `ask` in its Auto-review mode; to be sure a command is stopped there, make brake deny it: `decisions: {high: deny, critical: deny}` in ~/.config/brake/config.yaml.";

pub fn paths(scope: Scope, places: &Places) -> Vec<PathBuf> {
    match scope {
        Scope::User => vec![places.home.join(".cursor/hooks.json")],
        Scope::Project => vec![places.project.join(".cursor/hooks.json")],
    }
}
