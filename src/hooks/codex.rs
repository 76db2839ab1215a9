//! Codex CLI's `PreToolUse` hook.
//!
//! Documented shape followed (Codex hooks documentation, late 2026; `shared/agent-protocols.md`):
//! - configured in `~/.codex/hooks.json` (or `<repo>/.codex/hooks.json`, loaded only when the
//!   project is trusted) in Claude Code's three-level shape:
//!   `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"…","timeout":30}]}]}}`
//!   (timeout in seconds); hooks that are not managed must be reviewed and trusted in Codex
//!   (`/hooks`) before they run;
//! - stdin: `{session_id, turn_id, cwd, hook_event_name, model, permission_mode,
//!   tool_name: "Bash", tool_use_id, tool_input: {command}}`;
//! - stdout, exit 0: `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":
//!   "deny","permissionDecisionReason":"…"}}` blocks; so does exit 2 with a non-empty stderr.
//!   `ask` and a bare `allow` are rejected as invalid output (the hook counts as failed and the
//!   command runs), so brake never sends them.
//!
//! Codex cannot ask the human, so a held command is denied with a reason that carries the line
//! `brake approve CODE`; once a human approves it, the agent's retry of the same command is let
//! through once (no output). Tools other than `Bash` pass untouched.

use super::{Answer, Ruling};
use serde_json::json;

/// Codex's PreToolUse input has the same shape as Claude Code's.
pub use super::claude::parse;

fn deny(reason: &str) -> Answer {
    Answer::json(json!({
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": reason,
        }
    }))
}

pub fn render(r: &Ruling) -> Answer {
    match r {
        Ruling::Pass | Ruling::Allow => Answer::silent(),
        // Codex has no `ask`; the caller never asks for it, and if it did, holding is the answer.
        Ruling::Ask(m) | Ruling::Deny(m) => deny(&m.agent),
        Ruling::Blocked(msg) => Answer::exit2(msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hooks::Message;

    #[test]
    fn never_answers_ask_or_a_bare_allow() {
        let m = Message {
            human: "h".into(),
            agent: "a".into(),
        };
        let out = render(&Ruling::Ask(m)).stdout;
        assert!(out.contains(r#""permissionDecision":"deny""#), "{out}");
        assert_eq!(render(&Ruling::Allow), Answer::silent());
    }
}
