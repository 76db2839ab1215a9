//! Claude Code's `PreToolUse` hook.
//!
//! Documented shape followed (Claude Code hooks reference, late 2026; `shared/agent-protocols.md`):
//! - configured in `settings.json` as
//!   `{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"…","timeout":30}]}]}}`;
//! - stdin: `{session_id, transcript_path, cwd, permission_mode, hook_event_name: "PreToolUse",
//!   tool_name: "Bash", tool_use_id, tool_input: {command, description, timeout,
//!   run_in_background}}`;
//! - stdout, exit 0: `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":
//!   "allow"|"deny"|"ask","permissionDecisionReason":"…"}}`. `ask` shows Claude Code's own
//!   confirmation with the reason; `deny` shows the reason to the model. Exit 2 blocks with stderr
//!   as the reason; any other failure lets the command run.
//!
//! A safe command gets no output at all: `allow` would also skip the permission rules the user
//! set in Claude Code, and brake only ever tightens. Tools other than `Bash` pass untouched.

use super::{cwd_from, opt_str_at, str_at, Answer, Call, Ruling};
use serde_json::{json, Value};

pub fn parse(v: &Value) -> Result<Call, String> {
    // Wired to another event by mistake: nothing to guard there.
    if let Some(event) = opt_str_at(v, &["hook_event_name"])?.filter(|e| *e != "PreToolUse") {
        return Ok(Call::Other { tool: event.into() });
    }
    let tool = str_at(v, &["tool_name"])?;
    if tool != "Bash" {
        return Ok(Call::Other { tool: tool.into() });
    }
    let command = str_at(v, &["tool_input", "command"])?;
    let cwd = cwd_from(str_at(v, &["cwd"])?, "cwd")?;
    Ok(Call::Shell {
        command: command.into(),
        cwd,
    })
}

fn decision(d: &str, reason: &str) -> Answer {
    Answer::json(json!({
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": d,
            "permissionDecisionReason": reason,
        }
    }))
}

pub fn render(r: &Ruling) -> Answer {
    match r {
        Ruling::Pass | Ruling::Allow => Answer::silent(),
        // The reason of `ask` is what the human reads in the confirmation.
        Ruling::Ask(m) => decision("ask", &m.human),
        // The reason of `deny` is what the model reads.
        Ruling::Deny(m) => decision("deny", &m.agent),
        Ruling::Blocked(msg) => Answer::exit2(msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_calls_are_read_and_other_tools_pass() {
        let v = json!({"tool_name":"Bash","cwd":"/p","tool_input":{"command":"ls"}});
        assert_eq!(
            parse(&v).unwrap(),
            Call::Shell {
                command: "ls".into(),
                cwd: "/p".into()
            }
        );
        let v = json!({"tool_name":"Edit","tool_input":{"file_path":"/p/x"}});
        assert_eq!(
            parse(&v).unwrap(),
            Call::Other {
                tool: "Edit".into()
            }
        );
        let v = json!({"tool_name":"Bash","cwd":"/p","tool_input":{}});
        assert!(parse(&v).is_err());
    }
}
