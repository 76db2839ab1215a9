//! `brake hook AGENT`: answers one pre-tool hook call. Reads the agent's JSON on stdin, judges a
//! shell command with the configuration of the directory it runs in (the input's `cwd`, not
//! brake's own), and writes the answer in the agent's protocol (`brake::hooks`).
//!
//! The agents read a crash, a timeout or an unexpected exit status as "let it run", so this
//! command must always answer: every failure — unreadable input, an invalid configuration, a
//! panic — becomes a [`Ruling::Blocked`], and the answer is built whole before one write, so an
//! agent never reads half of one.

use brake::config::Config;
use brake::hooks::{self, Agent, Answer, Call, Ruling};
use brake::rules::Ruleset;
use brake::verdict::{check, Decision, Verdict};
use std::io::{Read, Write};
use std::path::Path;

pub fn run(agent: Agent) -> u8 {
    let mut input = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(hooks::MAX_INPUT as u64 + 1)
        .read_to_end(&mut input);
    let answer = match read {
        Ok(_) => answer(agent, &input),
        Err(e) => agent.render(&Ruling::Blocked(hooks::blocked_message(
            agent,
            &format!("the hook input could not be read ({e})"),
        ))),
    };
    emit(&answer)
}

/// The whole answer to one hook input. Never panics outward.
pub fn answer(agent: Agent, input: &[u8]) -> Answer {
    let ruling = std::panic::catch_unwind(|| decide(agent, input)).unwrap_or_else(|_| {
        Err("brake failed internally while checking the command (a bug: please report it)".into())
    });
    let ruling = ruling.unwrap_or_else(|why| Ruling::Blocked(hooks::blocked_message(agent, &why)));
    agent.render(&ruling)
}

fn emit(a: &Answer) -> u8 {
    if !a.stdout.is_empty() {
        let mut out = std::io::stdout().lock();
        if out
            .write_all(a.stdout.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            // The agent cannot read the answer; exit 2 is the only thing left that blocks.
            eprintln!("brake: cannot write the hook answer to stdout; blocked");
            return 2;
        }
    }
    if !a.stderr.is_empty() {
        let _ = std::io::stderr().write_all(a.stderr.as_bytes());
    }
    a.exit
}

fn load_rules(config: &Config) -> Result<Ruleset, String> {
    let mut rules = Ruleset::builtin();
    for (f, _) in &config.extra_rule_files {
        rules
            .load_file(f)
            .map_err(|e| format!("a rule file of the brake configuration is invalid: {e}"))?;
    }
    Ok(rules)
}

fn decide(agent: Agent, input: &[u8]) -> Result<Ruling, String> {
    let value = hooks::read_input(input)?;
    let Call::Shell { command, cwd } = agent.parse(&value)? else {
        return Ok(Ruling::Pass);
    };
    let config =
        Config::load_from(&cwd).map_err(|e| format!("the brake configuration is invalid: {e}"))?;
    let rules = load_rules(&config)?;
    let verdict = check(&command, &rules, &config.policy);
    Ok(match verdict.decision {
        Decision::Allow => Ruling::Allow,
        Decision::Deny => {
            let denied = denied_severities(&verdict, &config);
            Ruling::Deny(hooks::config_deny_message(&verdict, &denied))
        }
        Decision::Ask if agent.can_ask() => Ruling::Ask(hooks::ask_message(agent, &verdict)),
        Decision::Ask => hold_for_approval(&verdict, &cwd),
    })
}

/// The severities among the findings that the configuration denies, in order.
fn denied_severities(v: &Verdict, config: &Config) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in &v.findings {
        let name = brake::report::severity_name(f.severity);
        if config.policy.deny.contains(&f.severity) && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Codex and Gemini cannot ask: deny, with a code a human can approve.
fn hold_for_approval(v: &Verdict, _cwd: &Path) -> Ruling {
    Ruling::Deny(hooks::no_code_message(
        v,
        "approval codes are not available in this build",
    ))
}
