//! Cursor's `beforeShellExecution` hook.
//!
//! Documented shape followed (Cursor agent hooks documentation, late 2026;
//! `shared/agent-protocols.md`):
//! - configured in `hooks.json` (`~/.cursor/hooks.json`, `<project>/.cursor/hooks.json`) as
//!   `{"version":1,"hooks":{"beforeShellExecution":[{"command":"…"}]}}`; a hook with
//!   `"failClosed": true` blocks when it fails instead of letting the command run;
//! - stdin: `{conversation_id, generation_id, hook_event_name: "beforeShellExecution",
//!   workspace_roots, command, cwd}`;
//! - stdout, exit 0: `{"permission":"allow"|"deny"|"ask","user_message":"…","agent_message":"…"}`;
//!   exit 2 denies. `deny` is the answer every mode enforces; an `ask` has been reported ignored
//!   in Cursor's Auto-review mode, which is why `brake install cursor` documents turning the
//!   severities that matter to `deny` in brake's configuration.
//!
//! When `cwd` is empty (some versions send it so), the first workspace root is the directory.

use super::{cwd_from, opt_str_at, str_at, Answer, Call, Ruling};
use serde_json::{json, Value};

pub fn parse(v: &Value) -> Result<Call, String> {
    if let Some(event) = opt_str_at(v, &["hook_event_name"])? {
        if event != "beforeShellExecution" {
            return Ok(Call::Other { tool: event.into() });
        }
    }
    let command = str_at(v, &["command"])?;
    let cwd = match opt_str_at(v, &["cwd"])?.filter(|c| !c.is_empty()) {
        Some(c) => cwd_from(c, "cwd")?,
        None => {
            let root = v
                .get("workspace_roots")
                .and_then(Value::as_array)
                .and_then(|r| r.first())
                .and_then(Value::as_str)
                .ok_or("the hook input has neither `cwd` nor `workspace_roots`")?;
            cwd_from(root, "workspace_roots[0]")?
        }
    };
    Ok(Call::Shell {
        command: command.into(),
        cwd,
    })
}

pub fn render(r: &Ruling) -> Answer {
    match r {
        Ruling::Pass => Answer::silent(),
        Ruling::Allow => Answer::json(json!({"permission": "allow"})),
        Ruling::Ask(m) => Answer::json(json!({
            "permission": "ask",
            "user_message": m.human,
            "agent_message": m.agent,
        })),
        Ruling::Deny(m) => Answer::json(json!({
            "permission": "deny",
            "user_message": m.human,
            "agent_message": m.agent,
        })),
        Ruling::Blocked(msg) => Answer::exit2(msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_cwd_falls_back_to_the_workspace_root() {
        let v = json!({"hook_event_name":"beforeShellExecution","command":"ls","cwd":"",
                       "workspace_roots":["/w"]});
        assert_eq!(
            parse(&v).unwrap(),
            Call::Shell {
                command: "ls".into(),
                cwd: "/w".into()
            }
        );
        let v = json!({"command":"ls"});
        assert!(parse(&v).is_err());
    }
}
