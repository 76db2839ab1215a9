//! GitHub Copilot CLI's `preToolUse` hook.
//!
//! Documented shape followed (GitHub Copilot CLI hooks reference, late 2026;
//! `shared/agent-protocols.md`):
//! - configured in `.github/hooks/*.json` (project) or `~/.copilot/hooks/*.json`
//!   (`$COPILOT_HOME/hooks/`) as
//!   `{"version":1,"hooks":{"preToolUse":[{"type":"command","bash":"…","timeoutSec":30}]}}`;
//! - stdin, camelCase: `{sessionId, timestamp, cwd, toolName, toolArgs}`, where `toolArgs` is
//!   often a JSON *string* holding the arguments (decoded a second time here); when the hook is
//!   configured under the PascalCase name `PreToolUse`, the same data arrives as
//!   `{hook_event_name, session_id, timestamp, cwd, tool_name, tool_input}`, which is read too.
//!   The shell tool is `bash`, its command `command`;
//! - stdout, exit 0: `{"permissionDecision":"allow"|"deny"|"ask","permissionDecisionReason":"…"}`;
//!   the reason is required for `deny`. Empty output keeps Copilot's default behaviour.
//!
//! Copilot treats *every* failure of a hook — any non-zero exit, exit 2 included, and a timeout —
//! as "log and carry on": the command runs. So where the other adapters block malformed input
//! with exit 2, this one blocks it the only way Copilot honours: a complete `deny` on stdout with
//! exit 0 (the same message also goes to stderr for the log). A safe command gets no output, so
//! Copilot's own permission rules still apply: brake only ever tightens.

use super::{cwd_from, opt_str_at, Answer, Call, Ruling};
use serde_json::{json, Value};

fn field<'v>(v: &'v Value, camel: &str, snake: &str) -> Option<&'v Value> {
    v.get(camel)
        .filter(|x| !x.is_null())
        .or_else(|| v.get(snake).filter(|x| !x.is_null()))
}

pub fn parse(v: &Value) -> Result<Call, String> {
    let tool = field(v, "toolName", "tool_name")
        .ok_or("the hook input has no `toolName` field")?
        .as_str()
        .ok_or("`toolName` in the hook input is not a string")?;
    if tool != "bash" {
        return Ok(Call::Other { tool: tool.into() });
    }
    let args =
        field(v, "toolArgs", "tool_input").ok_or("the hook input has no `toolArgs` field")?;
    // `toolArgs` is often the arguments' JSON text rather than an object.
    let decoded;
    let args = match args {
        Value::String(s) => {
            decoded = serde_json::from_str::<Value>(s)
                .map_err(|e| format!("`toolArgs` in the hook input is not JSON: {e}"))?;
            &decoded
        }
        other => other,
    };
    let command = opt_str_at(args, &["command"])?
        .ok_or("`toolArgs` in the hook input has no `command` field")?;
    let cwd = opt_str_at(v, &["cwd"])?.ok_or("the hook input has no `cwd` field")?;
    Ok(Call::Shell {
        command: command.into(),
        cwd: cwd_from(cwd, "cwd")?,
    })
}

fn decision(d: &str, reason: &str) -> Answer {
    Answer::json(json!({
        "permissionDecision": d,
        "permissionDecisionReason": reason,
    }))
}

pub fn render(r: &Ruling) -> Answer {
    match r {
        Ruling::Pass | Ruling::Allow => Answer::silent(),
        Ruling::Ask(m) => decision("ask", &m.human),
        Ruling::Deny(m) => decision("deny", &m.agent),
        Ruling::Blocked(msg) => Answer {
            stderr: format!("{}\n", msg.trim_end()),
            ..decision("deny", msg)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_args_as_a_json_string_are_decoded_twice() {
        let v = json!({"toolName":"bash","cwd":"/p","toolArgs":"{\"command\":\"ls -la\"}"});
        assert_eq!(
            parse(&v).unwrap(),
            Call::Shell {
                command: "ls -la".into(),
                cwd: "/p".into()
            }
        );
        let v = json!({"tool_name":"bash","cwd":"/p","tool_input":{"command":"ls"}});
        assert!(matches!(parse(&v).unwrap(), Call::Shell { .. }));
        let v = json!({"toolName":"bash","cwd":"/p","toolArgs":"{not json"});
        assert!(parse(&v).is_err());
    }

    #[test]
    fn malformed_input_is_denied_on_stdout_because_exit_codes_fail_open() {
        let a = render(&Ruling::Blocked("bad".into()));
        assert_eq!(a.exit, 0);
        assert!(a.stdout.contains(r#""permissionDecision":"deny""#));
        assert_eq!(a.stderr, "bad\n");
    }
}
