//! At the edge, hooks: brake answering a coding agent's pre-tool hook. Claude Code, Codex CLI,
//! Gemini CLI, Cursor and GitHub Copilot CLI do not run commands through `$SHELL`, so brake plugs
//! into the hook each of them calls before a tool runs: the agent writes JSON on brake's stdin and
//! reads brake's answer from its stdout and exit status.
//!
//! Each agent has one adapter file that knows only its protocol: [`Agent::parse`] turns the
//! agent's JSON into a [`Call`] (a shell command and the directory it runs in, or some other
//! tool), and [`Agent::render`] turns a [`Ruling`] into the exact bytes and exit status the
//! protocol reads. Everything between — configuration, the verdict, approval codes, the audit
//! log — is the same for every agent and lives in the binary's `cmd/hook.rs`; the wording of the
//! messages a human or an agent reads is here, in one place, so every agent says the same thing.
//!
//! The protocols differ in what they can express, and the adapters never pretend otherwise:
//! Claude Code, Cursor and Copilot can ask the human (`ask`), Codex and Gemini can only allow or
//! deny, so a held command is denied there with a `brake approve CODE` line for the human. Input
//! that cannot be read (not JSON, a missing field, a command that is not valid UTF-8) is a
//! [`Ruling::Blocked`]: each adapter blocks it in the one way its protocol honours, and prints
//! either a complete answer or nothing.

pub mod claude;
pub mod codex;
pub mod copilot;
pub mod cursor;
pub mod gemini;

use crate::report::{action_name, severity_name};
use crate::verdict::{Finding, Verdict};
use serde_json::Value;
use std::path::PathBuf;

/// The largest hook input brake reads (the agents send one tool call: a few kilobytes).
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Agent {
    Claude,
    Codex,
    Gemini,
    Cursor,
    Copilot,
}

impl Agent {
    pub const ALL: [Agent; 5] = [
        Agent::Claude,
        Agent::Codex,
        Agent::Gemini,
        Agent::Cursor,
        Agent::Copilot,
    ];

    /// The name on brake's command line (`brake hook claude`).
    pub fn name(self) -> &'static str {
        match self {
            Agent::Claude => "claude",
            Agent::Codex => "codex",
            Agent::Gemini => "gemini",
            Agent::Cursor => "cursor",
            Agent::Copilot => "copilot",
        }
    }

    /// The product's name, for people.
    pub fn title(self) -> &'static str {
        match self {
            Agent::Claude => "Claude Code",
            Agent::Codex => "Codex CLI",
            Agent::Gemini => "Gemini CLI",
            Agent::Cursor => "Cursor",
            Agent::Copilot => "GitHub Copilot CLI",
        }
    }

    /// Whether the protocol can hand the question to the human (`ask`).
    pub fn can_ask(self) -> bool {
        matches!(self, Agent::Claude | Agent::Cursor | Agent::Copilot)
    }

    /// Reads the agent's hook input.
    pub fn parse(self, input: &Value) -> Result<Call, String> {
        match self {
            Agent::Claude => claude::parse(input),
            Agent::Codex => codex::parse(input),
            Agent::Gemini => gemini::parse(input),
            Agent::Cursor => cursor::parse(input),
            Agent::Copilot => copilot::parse(input),
        }
    }

    /// The answer the protocol reads.
    pub fn render(self, ruling: &Ruling) -> Answer {
        match self {
            Agent::Claude => claude::render(ruling),
            Agent::Codex => codex::render(ruling),
            Agent::Gemini => gemini::render(ruling),
            Agent::Cursor => cursor::render(ruling),
            Agent::Copilot => copilot::render(ruling),
        }
    }
}

/// What the agent is about to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// A shell command, and the directory it runs in (for the configuration and approvals).
    Shell { command: String, cwd: PathBuf },
    /// Any other tool (an edit, a read, a web fetch): brake has no opinion.
    Other { tool: String },
}

/// The two readers of a held command's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// For the human (a confirmation dialog, a status line).
    pub human: String,
    /// For the model (a tool error it reads and acts on).
    pub agent: String,
}

/// brake's answer, before it is put in a protocol's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ruling {
    /// Not a shell command: answer nothing, change nothing.
    Pass,
    /// A shell command brake lets run.
    Allow,
    /// Held: the agent asks the human (only for agents that [`Agent::can_ask`]).
    Ask(Message),
    /// Not run: denied by the configuration, or held where the agent cannot ask.
    Deny(Message),
    /// The input could not be judged (malformed, missing fields, not UTF-8, bad configuration):
    /// blocked the hardest way the protocol knows, with this message.
    Blocked(String),
}

/// Exactly what brake writes and how it exits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    pub stdout: String,
    pub stderr: String,
    pub exit: u8,
}

impl Answer {
    /// Nothing on stdout, exit 0: the agent carries on as if brake were not there.
    pub fn silent() -> Answer {
        Answer::default()
    }

    /// One JSON object on stdout (one line), exit 0.
    pub fn json(v: Value) -> Answer {
        Answer {
            stdout: format!("{v}\n"),
            stderr: String::new(),
            exit: 0,
        }
    }

    /// Exit 2 with the message on stderr and nothing on stdout: "block" in Claude Code, Codex,
    /// Gemini and Cursor.
    pub fn exit2(message: &str) -> Answer {
        Answer {
            stdout: String::new(),
            stderr: format!("{}\n", message.trim_end()),
            exit: 2,
        }
    }
}

/// Decodes the hook input. Invalid UTF-8 anywhere, or a `\uD800`-style escape that is not a
/// character, is an error: brake never judges a command it cannot read exactly.
pub fn read_input(bytes: &[u8]) -> Result<Value, String> {
    if bytes.len() > MAX_INPUT {
        return Err(format!(
            "the hook input is larger than {} MiB",
            MAX_INPUT / (1024 * 1024)
        ));
    }
    if std::str::from_utf8(bytes).is_err() {
        return Err("the hook input is not valid UTF-8".into());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("the hook input is empty".into());
    }
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("the hook input is not JSON: {e}"))?;
    if !v.is_object() {
        return Err("the hook input is not a JSON object".into());
    }
    Ok(v)
}

/// The string at `path` (`["tool_input", "command"]`), or an error naming what is missing.
pub fn str_at<'v>(v: &'v Value, path: &[&str]) -> Result<&'v str, String> {
    let mut cur = v;
    for (i, key) in path.iter().enumerate() {
        cur = cur
            .get(key)
            .ok_or_else(|| format!("the hook input has no `{}` field", path[..=i].join(".")))?;
    }
    cur.as_str()
        .ok_or_else(|| format!("`{}` in the hook input is not a string", path.join(".")))
}

/// The string at `path` if it is there and a string; `None` when absent or `null`; an error when
/// it is there with another type.
pub fn opt_str_at<'v>(v: &'v Value, path: &[&str]) -> Result<Option<&'v str>, String> {
    let mut cur = v;
    for key in path {
        match cur.get(key) {
            Some(Value::Null) | None => return Ok(None),
            Some(next) => cur = next,
        }
    }
    cur.as_str()
        .map(Some)
        .ok_or_else(|| format!("`{}` in the hook input is not a string", path.join(".")))
}

/// The working directory of a call: must be an absolute path, since the configuration and any
/// approval are looked up from it.
pub fn cwd_from(s: &str, field: &str) -> Result<PathBuf, String> {
    let p = PathBuf::from(s);
    if s.is_empty() || !p.is_absolute() {
        return Err(format!(
            "`{field}` in the hook input is not an absolute path: {s:?}"
        ));
    }
    Ok(p)
}

/// One finding in one line: `destroy TARGET (severity critical, rule tf.destroy)`.
pub fn finding_line(f: &Finding) -> String {
    format!(
        "{} {} (severity {}, rule {})",
        action_name(f.action),
        f.target,
        severity_name(f.severity),
        f.rule
    )
}

fn findings_block(v: &Verdict) -> String {
    let mut s = String::new();
    for f in &v.findings {
        s.push_str(&format!(
            "- {}: {}\n  Safer: {}\n",
            finding_line(f),
            f.reason,
            f.safer
        ));
    }
    s
}

fn one_line(cmd: &str) -> String {
    crate::report::text::one_line(cmd)
}

/// Held, and the agent will ask the human.
pub fn ask_message(agent: Agent, v: &Verdict) -> Message {
    Message {
        human: format!(
            "brake holds this command until you confirm it:\n{}",
            findings_block(v)
        )
        .trim_end()
        .to_string(),
        agent: format!(
            "brake held this command and {} is asking the user to confirm it:\n{}",
            agent.title(),
            findings_block(v)
        )
        .trim_end()
        .to_string(),
    }
}

/// Denied by the configuration: no approval is possible.
pub fn config_deny_message(v: &Verdict, denied: &[&str]) -> Message {
    let why = format!(
        "The brake configuration denies {} findings without asking; no approval is possible.",
        denied.join("/")
    );
    Message {
        human: format!(
            "brake denied `{}`:\n{}{why}",
            one_line(&v.command),
            findings_block(v)
        ),
        agent: format!(
            "brake denied this command:\n{}{why} Do not try to run it another way; tell the user \
             what you wanted to do and why.",
            findings_block(v)
        ),
    }
}

/// Held where the agent cannot ask: a human approves with the code, the agent retries.
pub fn approval_message(v: &Verdict, code: &str, cwd: &str, valid_minutes: u64) -> Message {
    Message {
        human: format!(
            "brake held `{}`. To let it run once, run this in a terminal of your own:\nbrake approve {code}",
            one_line(&v.command)
        ),
        agent: format!(
            "brake held this command; it was not run:\n{}A human must approve it before it can \
             run. Ask the user to run this in their own terminal (brake refuses an approval from \
             the session or process tree that ran the command):\nbrake approve {code}\nAfter they \
             approve it, run exactly the same command again from {cwd}. It will run once, within \
             {valid_minutes} minutes of the approval.",
            findings_block(v)
        ),
    }
}

/// Held where the agent cannot ask, and no code could be recorded.
pub fn no_code_message(v: &Verdict, err: &str) -> Message {
    Message {
        human: format!(
            "brake held `{}`, and no approval code could be recorded ({err}). Run it yourself if \
             you mean it.",
            one_line(&v.command)
        ),
        agent: format!(
            "brake held this command; it was not run:\n{}No approval code could be recorded \
             ({err}), so a human must run this command themselves. Tell the user.",
            findings_block(v)
        ),
    }
}

/// The message for input brake cannot judge.
pub fn blocked_message(agent: Agent, why: &str) -> String {
    format!(
        "brake: blocked: {why}, so brake cannot tell what would run. (brake hook {} expects {}'s \
         pre-tool hook JSON on stdin.)",
        agent.name(),
        agent.title()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_that_is_not_a_json_object_is_an_error() {
        assert!(read_input(b"").unwrap_err().contains("empty"));
        assert!(read_input(b"{").unwrap_err().contains("not JSON"));
        assert!(read_input(b"[1]")
            .unwrap_err()
            .contains("not a JSON object"));
        assert!(read_input(b"{\"a\":\"\xff\"}")
            .unwrap_err()
            .contains("UTF-8"));
        // A lone surrogate escape is not a character either.
        assert!(read_input(br#"{"a":"\ud800"}"#).is_err());
        assert!(read_input(br#"{"a":"ok"}"#).is_ok());
    }

    #[test]
    fn fields_are_named_when_missing_or_mistyped() {
        let v: Value = serde_json::from_str(r#"{"tool_input":{"command":5}}"#).unwrap();
        assert_eq!(
            str_at(&v, &["tool_input", "command"]).unwrap_err(),
            "`tool_input.command` in the hook input is not a string"
        );
        assert_eq!(
            str_at(&v, &["cwd"]).unwrap_err(),
            "the hook input has no `cwd` field"
        );
        assert_eq!(opt_str_at(&v, &["x", "y"]).unwrap(), None);
        assert!(cwd_from("relative", "cwd").is_err());
        assert!(cwd_from("/abs", "cwd").is_ok());
    }
}
