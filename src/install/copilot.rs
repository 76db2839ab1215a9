//! GitHub Copilot CLI's hooks: every `*.json` in `~/.copilot/hooks/` (`$COPILOT_HOME/hooks/` when
//! set) for the user, or in `.github/hooks/` for the project, is loaded; brake keeps its entry in
//! a file of its own there, `brake.json`. Documented shape of the entry (Copilot CLI hooks
//! reference): `{"version":1,"hooks":{"preToolUse":[{"type":"command","bash":"…","timeoutSec":30}]}}`.

use super::{Layout, Places, Scope};
use serde_json::{json, Value};
use std::path::PathBuf;

fn handler(command: &str) -> Value {
    json!({"type": "command", "bash": command, "timeoutSec": 30})
}

pub const LAYOUT: Layout = Layout::Flat {
    event: "preToolUse",
    command_key: "bash",
    handler,
};

pub const NOTE: &str = "Copilot CLI loads hooks when a session starts: start a new session.";

pub fn paths(scope: Scope, places: &Places) -> Vec<PathBuf> {
    match scope {
        Scope::User => vec![places
            .copilot_home
            .clone()
            .unwrap_or_else(|| places.home.join(".copilot"))
            .join("hooks/brake.json")],
        Scope::Project => vec![places.project.join(".github/hooks/brake.json")],
    }
}
