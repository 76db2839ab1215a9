//! Gemini CLI's settings: `~/.gemini/settings.json` for the user, `.gemini/settings.json` for the
//! project. Documented shape of the entry (Gemini CLI hooks reference):
//! `{"hooks":{"BeforeTool":[{"matcher":"run_shell_command","hooks":[{"type":"command","command":"…","timeout":60000}]}]}}`,
//! timeout in milliseconds; `name` identifies the hook in Gemini's logs and `/hooks`.

use super::{Layout, Places, Scope};
use serde_json::{json, Value};
use std::path::PathBuf;

fn handler(command: &str) -> Value {
    json!({"type": "command", "command": command, "name": "brake", "timeout": 60000})
}

pub const LAYOUT: Layout = Layout::Nested {
    event: "BeforeTool",
    matcher: "run_shell_command",
    handler,
};

pub const NOTE: &str = "Gemini CLI reads its settings when it starts: restart it (`/hooks` lists the hooks it loaded).";

pub fn paths(scope: Scope, places: &Places) -> Vec<PathBuf> {
    match scope {
        Scope::User => vec![places.home.join(".gemini/settings.json")],
        Scope::Project => vec![places.project.join(".gemini/settings.json")],
    }
}
