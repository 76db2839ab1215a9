//! Guarded execution, the flow: plan (what to check, what to exec) → check → allowed: exec at
//! once. Held: the policy says deny → not run; a brake inside a command the human confirmed →
//! run if nothing new was found; an approval granted for exactly this command here → run once;
//! a terminal in the foreground → show the findings and ask; no terminal → not run, issue an
//! approval code and tell the agent what a human must do. Every held command's outcome is
//! appended to the audit log before brake execs or exits; a held command is never run
//! unrecorded.

use brake::approval::origin;
use brake::approval::store::Store;
use brake::approval::{code, APPROVAL_VALID_SECS};
use brake::audit::Outcome;
use brake::confirm;
use brake::guard::argv::Mode;
use brake::guard::exec::{exec, Exec};
use brake::guard::plan::{self, Checked};
use brake::guard::{marker, EXIT_HELD};
use brake::report::{severity_name, text, Style};
use brake::rules::Ruleset;
use brake::verdict::{check, Decision, Verdict};
use std::io::IsTerminal;

/// Set for an interactive shell brake started, so nested ones do not repeat the notice.
const NOTICE_VAR: &str = "BRAKE_INTERACTIVE_NOTICE";

pub fn run(mode: Mode) -> u8 {
    let cfg = match brake::config::Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("brake: invalid configuration {e}; nothing was run");
            return EXIT_HELD;
        }
    };
    // Asked of fd 0 directly: `std::io::stdin()` would allocate its 8 KiB buffer first.
    // SAFETY: isatty only inspects the descriptor (a closed one is not a terminal).
    let stdin_tty = unsafe { libc::isatty(0) } == 1;
    let mut plan = match plan::plan(
        mode,
        cfg.shell.as_deref(),
        stdin_tty,
        plan::read_stdin_bounded,
    ) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("brake: {}", e.message);
            return e.code;
        }
    };
    if plan.interactive {
        if std::env::var_os(NOTICE_VAR).is_none() {
            eprintln!(
                "brake: starting {} interactively; commands you type into it are not checked \
                 (brake checks `brake CMD`, `brake -c 'CMD'`, scripts and piped commands).",
                plan.exec.program.to_string_lossy()
            );
        }
        plan.exec.env.push((NOTICE_VAR.into(), "1".into()));
        return run_exec(plan.exec);
    }
    let Some(checked) = plan.checked else {
        return run_exec(plan.exec);
    };
    let rules = match Ruleset::with_files(cfg.rule_files()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("brake: invalid rule file {e}; nothing was run");
            return EXIT_HELD;
        }
    };
    let verdict = check(&checked.text, &rules, &cfg.policy);
    if verdict.decision == Decision::Allow {
        return run_exec(plan.exec);
    }
    held(&checked, &verdict, plan.exec)
}

fn run_exec(e: Exec) -> u8 {
    let err = exec(e);
    eprintln!("brake: {}", err.message);
    err.code
}

fn cwd() -> String {
    std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Appends to the audit log; `Err` carries the message to show.
fn audit(
    checked: &Checked,
    cwd: &str,
    v: &Verdict,
    outcome: Outcome,
    code: Option<&str>,
    detail: Option<String>,
) -> Result<(), String> {
    brake::audit::record(cwd, &checked.display, &v.findings, outcome, code, detail)
}

/// Runs a held command after it was confirmed or approved, unless the log cannot record it.
fn run_recorded(logged: Result<(), String>, e: Exec) -> u8 {
    match logged {
        Ok(()) => run_exec(e),
        Err(msg) => {
            eprintln!("brake: {msg}; a held command is never run unrecorded, so it was not run");
            EXIT_HELD
        }
    }
}

fn warn(logged: Result<(), String>) {
    if let Err(msg) = logged {
        eprintln!("brake: {msg}");
    }
}

/// Out of line: the hot path (allowed, exec at once) never enters it.
#[cold]
#[inline(never)]
fn held(checked: &Checked, v: &Verdict, mut e: Exec) -> u8 {
    // Files are opened from here on (the audit log, the approval store): none may become
    // stdout or stderr.
    brake::guard::exec::sanitize_standard_fds();
    let cwd = cwd();
    let plain = Style { color: false };
    if v.decision == Decision::Deny {
        eprintln!(
            "brake: denied, not run: {}",
            text::one_line(&checked.display)
        );
        for f in &v.findings {
            eprint!("{}", text::finding(f, plain));
        }
        let mut sevs: Vec<&str> = v
            .findings
            .iter()
            .map(|f| severity_name(f.severity))
            .collect();
        sevs.dedup();
        eprintln!(
            "brake: your configuration denies {} findings without asking; no approval is possible.",
            sevs.join("/")
        );
        warn(audit(checked, &cwd, v, Outcome::Denied, None, None));
        return EXIT_HELD;
    }
    if marker::covers(&v.findings) {
        let logged = audit(checked, &cwd, v, Outcome::ConfirmedByParent, None, None);
        return run_recorded(logged, e);
    }
    match Store::open().and_then(|s| s.consume(&checked.bind, &cwd)) {
        Ok(Some(r)) => {
            let logged = audit(
                checked,
                &cwd,
                v,
                Outcome::RanByApproval,
                Some(&r.code),
                None,
            );
            return run_recorded(logged, e);
        }
        Ok(None) => {}
        Err(err) => eprintln!("brake: cannot read the approval store: {err}"),
    }
    match confirm::open() {
        Ok(tty) => {
            tty.write(&confirm::summary(
                &checked.display,
                &cwd,
                &v.findings,
                tty.style(),
            ));
            match tty.ask(&v.findings) {
                confirm::Answer::Yes(how) => {
                    let logged = audit(checked, &cwd, v, Outcome::Confirmed, None, Some(how));
                    if logged.is_ok() {
                        if let Some(var) = marker::grant(&v.findings) {
                            e.env.push(var);
                        }
                    }
                    run_recorded(logged, e)
                }
                confirm::Answer::No(why) => {
                    let msg = format!("brake: not run: {why}.\n");
                    tty.write(&msg);
                    if !std::io::stderr().is_terminal() {
                        eprint!("{msg}");
                    }
                    warn(audit(checked, &cwd, v, Outcome::Declined, None, Some(why)));
                    EXIT_HELD
                }
            }
        }
        Err(no_terminal) => hold_for_approval(checked, v, &cwd, &no_terminal),
    }
}

/// No terminal: issue a code and tell the agent, on stderr, what a human must do.
fn hold_for_approval(checked: &Checked, v: &Verdict, cwd: &str, no_terminal: &str) -> u8 {
    let plain = Style { color: false };
    eprintln!("brake: held, not run: {}", text::one_line(&checked.display));
    for f in &v.findings {
        eprint!("{}", text::finding(f, plain));
    }
    let record = Store::open().and_then(|s| {
        s.hold(
            &checked.display,
            &checked.bind,
            cwd,
            &v.findings,
            origin::current(),
        )
    });
    match record {
        Ok(r) => {
            warn(audit(checked, cwd, v, Outcome::Held, Some(&r.code), None));
            eprintln!(
                "brake: {no_terminal}, so a human must approve this command before it can run.\n\
                 Ask the user to run this in their own terminal (brake refuses an approval from \
                 the session or process tree that ran the command):\n\
                 brake approve {}\n\
                 After they approve it, run exactly the same command again from {cwd}. It will \
                 run once, within {} minutes of the approval.",
                code::display(&r.code),
                APPROVAL_VALID_SECS / 60
            );
        }
        Err(err) => {
            warn(audit(checked, cwd, v, Outcome::Held, None, None));
            eprintln!(
                "brake: {no_terminal}, and no approval code could be recorded ({err}); \
                 a human must run this command themselves."
            );
        }
    }
    EXIT_HELD
}
