//! Gemini CLI's `BeforeTool` hook.
//!
//! Documented shape followed (Gemini CLI hooks reference, `docs/hooks/reference.md`, late 2026;
//! `shared/agent-protocols.md`):
//! - configured in `settings.json` (`~/.gemini/settings.json`, `.gemini/settings.json`) as
//!   `{"hooks":{"BeforeTool":[{"matcher":"run_shell_command","hooks":[{"type":"command","command":"…","timeout":60000}]}]}}`
//!   (timeout in milliseconds);
//! - stdin: `{session_id, transcript_path, cwd, hook_event_name: "BeforeTool", timestamp,
//!   tool_name: "run_shell_command", tool_input: {command, description, dir_path}}`;
//! - stdout, exit 0: `{"decision":"allow"|"deny","reason":"…","systemMessage":"…"}`: the reason
//!   of a deny goes to the model as the tool's error, `systemMessage` is shown to the user in the
//!   terminal. Exit 2 blocks with stderr as the reason; stdout must hold nothing but the JSON.
//!
//! Gemini's hooks cannot ask, so a held command is denied with the `brake approve CODE` line
//! (for the model in `reason`, for the human in `systemMessage`); the retry after an approval is
//! allowed once. A command in `dir_path` is judged with the configuration of that directory.
//! Tools other than `run_shell_command` pass untouched (no output).

use super::{cwd_from, opt_str_at, str_at, Answer, Call, Ruling};
use serde_json::{json, Value};

pub fn parse(v: &Value) -> Result<Call, String> {
    // Wired to another event by mistake: nothing to guard there.
    if let Some(event) = opt_str_at(v, &["hook_event_name"])?.filter(|e| *e != "BeforeTool") {
        return Ok(Call::Other { tool: event.into() });
    }
    let tool = str_at(v, &["tool_name"])?;
    if tool != "run_shell_command" {
        return Ok(Call::Other { tool: tool.into() });
    }
    let command = str_at(v, &["tool_input", "command"])?;
    let mut cwd = cwd_from(str_at(v, &["cwd"])?, "cwd")?;
    if let Some(dir) = opt_str_at(v, &["tool_input", "dir_path"])?.filter(|d| !d.is_empty()) {
        cwd = cwd.join(dir);
    }
    Ok(Call::Shell {
        command: command.into(),
        cwd,
    })
}

pub fn render(r: &Ruling) -> Answer {
    match r {
        Ruling::Pass => Answer::silent(),
        Ruling::Allow => Answer::json(json!({"decision": "allow"})),
        Ruling::Ask(m) | Ruling::Deny(m) => Answer::json(json!({
            "decision": "deny",
            "reason": m.agent,
            "systemMessage": m.human,
        })),
        Ruling::Blocked(msg) => Answer::exit2(msg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_path_moves_the_working_directory() {
        let v = json!({"tool_name":"run_shell_command","cwd":"/p",
                       "tool_input":{"command":"ls","dir_path":"sub"}});
        assert_eq!(
            parse(&v).unwrap(),
            Call::Shell {
                command: "ls".into(),
                cwd: "/p/sub".into()
            }
        );
    }
}
