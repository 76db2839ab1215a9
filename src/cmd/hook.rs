//! `brake hook AGENT`: answers one pre-tool hook call. Reads the agent's JSON on stdin, judges a
//! shell command with the configuration of the directory it runs in (the input's `cwd`, not
//! brake's own), and writes the answer in the agent's protocol (`brake::hooks`).
//!
//! Held commands are recorded like guarded ones (issue 4's audit log and approval store):
//! where the agent can ask (Claude Code, Cursor, Copilot) the question is the agent's and the log
//! records that it was asked; where it cannot (Codex, Gemini) brake records the command with an
//! approval code and denies it with the `brake approve CODE` line, and the agent's retry of the
//! same command from the same directory after a human approved it is let through once. An
//! approved retry is never let through unrecorded.
//!
//! The agents read a crash, a timeout or an unexpected exit status as "let it run", so this
//! command must always answer: every failure — unreadable input, an invalid configuration, a
//! panic — becomes a [`Ruling::Blocked`], and the answer is built whole before one write, so an
//! agent never reads half of one.

use brake::approval::store::Store;
use brake::approval::{code, origin, APPROVAL_VALID_SECS};
use brake::audit::Outcome;
use brake::config::Config;
use brake::hooks::{self, Agent, Answer, Call, Message, Ruling};
use brake::rules::Ruleset;
use brake::verdict::{check, Decision, Verdict};
use std::io::{Read, Write};

pub fn run(agent: Agent) -> u8 {
    let mut input = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(hooks::MAX_INPUT as u64 + 1)
        .read_to_end(&mut input);
    let answer = match read {
        Ok(_) => supervised(agent, &input),
        Err(e) => agent.render(&Ruling::Blocked(hooks::blocked_message(
            agent,
            &format!("the hook input could not be read ({e})"),
        ))),
    };
    emit(&answer)
}

/// How long the checking child may take before the hook blocks on its own (below every agent's
/// configured hook timeout, which would let the command run).
const HOOK_DEADLINE_MS: i32 = 20_000;

/// Computes the answer in a forked child and blocks if the child dies (a signal: a crash in the
/// C parser, an abort) or runs past [`HOOK_DEADLINE_MS`]: every agent reads a crashed or late
/// hook as "let it run", so the parent, which does nothing but wait, answers instead. The
/// process is still single-threaded here, so `fork` is sound.
fn supervised(agent: Agent, input: &[u8]) -> Answer {
    let blocked = |why: &str| agent.render(&Ruling::Blocked(hooks::blocked_message(agent, why)));
    let mut fds = [0i32; 2];
    // SAFETY: plain POSIX calls on owned descriptors; the child only computes, writes and exits.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return answer(agent, input);
    }
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        unsafe {
            libc::close(fds[0]);
            libc::close(fds[1]);
        }
        return answer(agent, input);
    }
    if pid == 0 {
        unsafe { libc::close(fds[0]) };
        if cfg!(debug_assertions) && std::env::var_os("BRAKE_TEST_CRASH_IN_HOOK").is_some() {
            // Test builds only: prove that a crash while checking blocks. (The default action
            // is restored first, so no handler can turn the raised signal into a return.)
            unsafe {
                libc::signal(libc::SIGSEGV, libc::SIG_DFL);
                libc::raise(libc::SIGSEGV);
            }
        }
        let a = answer(agent, input);
        let mut msg = vec![a.exit];
        msg.extend((a.stdout.len() as u64).to_le_bytes());
        msg.extend(a.stdout.as_bytes());
        msg.extend(a.stderr.as_bytes());
        let mut written = 0;
        while written < msg.len() {
            let n =
                unsafe { libc::write(fds[1], msg[written..].as_ptr().cast(), msg.len() - written) };
            if n <= 0 {
                break;
            }
            written += n as usize;
        }
        unsafe { libc::_exit(0) };
    }
    unsafe { libc::close(fds[1]) };
    let mut msg = Vec::new();
    let deadline =
        std::time::Instant::now() + std::time::Duration::from_millis(HOOK_DEADLINE_MS as u64);
    let mut timed_out = false;
    loop {
        let left = deadline
            .saturating_duration_since(std::time::Instant::now())
            .as_millis() as i32;
        let mut pfd = libc::pollfd {
            fd: fds[0],
            events: libc::POLLIN,
            revents: 0,
        };
        let r = unsafe { libc::poll(&mut pfd, 1, left.max(0)) };
        if r == 0 {
            timed_out = true;
            break;
        }
        if r < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            break;
        }
        let mut buf = [0u8; 8192];
        let n = unsafe { libc::read(fds[0], buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            break;
        }
        msg.extend_from_slice(&buf[..n as usize]);
    }
    unsafe { libc::close(fds[0]) };
    if timed_out {
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
    let mut status = 0;
    unsafe { libc::waitpid(pid, &mut status, 0) };
    if timed_out {
        return blocked(&format!(
            "checking the command took longer than {} s",
            HOOK_DEADLINE_MS / 1000
        ));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 || msg.len() < 9 {
        return blocked("brake crashed while checking the command (a bug: please report it)");
    }
    let len = u64::from_le_bytes(msg[1..9].try_into().unwrap()) as usize;
    if msg.len() < 9 + len {
        return blocked("brake's checker returned a truncated answer");
    }
    Answer {
        exit: msg[0],
        stdout: String::from_utf8_lossy(&msg[9..9 + len]).into_owned(),
        stderr: String::from_utf8_lossy(&msg[9 + len..]).into_owned(),
    }
}

/// The whole answer to one hook input. Never panics outward.
pub fn answer(agent: Agent, input: &[u8]) -> Answer {
    let mut warnings = Vec::new();
    let ruling = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        decide(agent, input, &mut warnings)
    }))
    .unwrap_or_else(|_| {
        Err("brake failed internally while checking the command (a bug: please report it)".into())
    });
    let ruling = ruling.unwrap_or_else(|why| Ruling::Blocked(hooks::blocked_message(agent, &why)));
    let mut answer = agent.render(&ruling);
    // Warnings go to stderr, which every protocol treats as a log when the exit status is 0.
    for w in warnings {
        answer.stderr.push_str(&format!("brake: {w}\n"));
    }
    answer
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

fn decide(agent: Agent, input: &[u8], warnings: &mut Vec<String>) -> Result<Ruling, String> {
    let value = hooks::read_input(input)?;
    let Call::Shell { command, cwd } = agent.parse(&value)? else {
        return Ok(Ruling::Pass);
    };
    // Judge the command where it will run: the files it reads (`./deploy.sh`, `bash x.sh`,
    // `psql -f q.sql`) and the current git branch are relative to the agent's directory, not to
    // wherever the agent started its hook. This process only answers (it is the forked child,
    // or exits right after), so changing its directory has no other effect.
    let _ = std::env::set_current_dir(&cwd);
    let config =
        Config::load_from(&cwd).map_err(|e| format!("the brake configuration is invalid: {e}"))?;
    let rules = Ruleset::with_files(config.rule_files())
        .map_err(|e| format!("a rule file of the brake configuration is invalid: {e}"))?;
    let verdict = check(&command, &rules, &config.policy);
    let cwd = cwd.to_string_lossy().into_owned();
    let record = Record {
        cwd: &cwd,
        verdict: &verdict,
    };
    Ok(match verdict.decision {
        Decision::Allow => Ruling::Allow,
        Decision::Deny => {
            let detail = format!("denied in {}'s hook", agent.title());
            warn(warnings, record.audit(Outcome::Denied, None, Some(detail)));
            let denied = denied_severities(&verdict, &config);
            Ruling::Deny(hooks::config_deny_message(&verdict, &denied))
        }
        Decision::Ask if agent.can_ask() => {
            let detail = format!("asked through {}'s own confirmation", agent.title());
            warn(warnings, record.audit(Outcome::Held, None, Some(detail)));
            Ruling::Ask(hooks::ask_message(agent, &verdict))
        }
        Decision::Ask => hold_for_approval(agent, &record, warnings),
    })
}

/// A held command and where it was held, for the audit log and the approval store.
struct Record<'a> {
    cwd: &'a str,
    verdict: &'a Verdict,
}

impl Record<'_> {
    fn audit(
        &self,
        outcome: Outcome,
        code: Option<&str>,
        detail: Option<String>,
    ) -> Result<(), String> {
        brake::audit::record(
            self.cwd,
            &self.verdict.command,
            &self.verdict.findings,
            outcome,
            code,
            detail,
        )
    }
}

fn warn(warnings: &mut Vec<String>, r: Result<(), String>) {
    if let Err(w) = r {
        warnings.push(w);
    }
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

/// Codex and Gemini cannot ask: an approved retry runs once; otherwise deny, with a code a human
/// can approve in their own terminal.
fn hold_for_approval(agent: Agent, r: &Record, warnings: &mut Vec<String>) -> Ruling {
    let command = &r.verdict.command;
    let detail = Some(format!("held in {}'s hook", agent.title()));
    match Store::open().and_then(|s| s.consume(command, r.cwd)) {
        Ok(Some(approved)) => {
            return match r.audit(Outcome::RanByApproval, Some(&approved.code), detail) {
                Ok(()) => Ruling::Allow,
                Err(e) => Ruling::Deny(Message {
                    human: format!(
                        "brake: the approved command was not run: {e}, and a held command is never run unrecorded."
                    ),
                    agent: format!(
                        "brake did not run this approved command: {e}, and a held command is never run unrecorded. Tell the user."
                    ),
                }),
            };
        }
        Ok(None) => {}
        Err(e) => warnings.push(format!("cannot read the approval store: {e}")),
    }
    let held = Store::open().and_then(|s| {
        s.hold(
            command,
            command,
            r.cwd,
            &r.verdict.findings,
            origin::current(),
        )
    });
    match held {
        Ok(rec) => {
            warn(warnings, r.audit(Outcome::Held, Some(&rec.code), detail));
            Ruling::Deny(hooks::approval_message(
                r.verdict,
                &code::display(&rec.code),
                r.cwd,
                APPROVAL_VALID_SECS / 60,
            ))
        }
        Err(e) => {
            warn(warnings, r.audit(Outcome::Held, None, detail));
            Ruling::Deny(hooks::no_code_message(r.verdict, &e.to_string()))
        }
    }
}
