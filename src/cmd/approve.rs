//! `brake approve CODE`: a human lets one held command run. It only works on a terminal, shows
//! the same summary and asks the same question as the guard, and refuses when it runs in the
//! session, on the terminal or under a process that the held command came from: an agent that
//! runs the printed line itself is told why it cannot approve its own command.

use brake::approval::store::{Status, Store};
use brake::approval::{code, origin};
use brake::audit::{LoggedFinding, NewEntry, Outcome};
use brake::confirm::{self, Answer};
use brake::procfs;
use std::io::IsTerminal;

pub fn run(typed: &str) -> u8 {
    let Some(c) = code::normalize(typed) else {
        eprintln!(
            "brake: `{typed}` is not an approval code (eight letters and digits, like ABCD-EFGH)"
        );
        return 2;
    };
    let store = match Store::open() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("brake: cannot open the approval store: {e}");
            return 2;
        }
    };
    let record = match store.get(&c) {
        Ok(Some(r)) => r,
        Ok(None) => {
            eprintln!(
                "brake: no held command has the code {}: it expired, was already used, or never existed (see `brake approvals`)",
                code::display(&c)
            );
            return 1;
        }
        Err(e) => {
            eprintln!("brake: cannot read the approval store: {e}");
            return 2;
        }
    };
    if record.status == Status::Approved {
        eprintln!(
            "brake: {} is already approved; the same command, run again from {}, will run once",
            code::display(&c),
            record.cwd
        );
        return 1;
    }
    let findings: Vec<_> = record.findings.iter().map(|f| f.to_finding()).collect();
    let log = |outcome: Outcome, detail: Option<String>| {
        let logged = brake::audit::Log::open().and_then(|log| {
            log.append(NewEntry {
                cwd: &record.cwd,
                command: &record.command,
                findings: findings.iter().map(LoggedFinding::from_finding).collect(),
                outcome,
                code: Some(c.clone()),
                detail,
            })
        });
        logged.map_err(|e| format!("cannot write the audit log: {e}"))
    };
    let tty = match confirm::open() {
        Ok(t) => t,
        Err(why) => {
            eprintln!(
                "brake: approving needs a terminal, and {why}. The human runs `brake approve {}` in a terminal of their own.",
                code::display(&c)
            );
            return 1;
        }
    };
    let me = origin::current();
    let my_ancestors = procfs::ancestors(rustix::process::getpid().as_raw_nonzero().get());
    if let Some(why) = record
        .origins
        .iter()
        .find_map(|o| origin::refusal(o, &me, &my_ancestors))
    {
        let msg = format!(
            "brake: refused: {why}. A command cannot be approved from where it was held: an agent \
             must not approve its own commands. Run `brake approve {}` yourself, in a terminal of \
             your own.\n",
            code::display(&c)
        );
        tty.write(&msg);
        if !std::io::stderr().is_terminal() {
            eprint!("{msg}");
        }
        let _ = log(Outcome::Declined, Some(format!("approval refused: {why}")));
        return 1;
    }
    tty.write(&confirm::summary(
        &record.command,
        &record.cwd,
        &findings,
        tty.style(),
    ));
    match tty.ask(&findings) {
        Answer::Yes(how) => match store.grant(&c) {
            Ok(Ok(r)) => {
                if let Err(msg) = log(Outcome::Approved, Some(how)) {
                    eprintln!("brake: {msg}");
                }
                tty.write(&format!(
                    "Approved. The same command, run again from {}, will run once until {}.\n",
                    r.cwd,
                    brake::statefile::rfc3339(r.expires)
                ));
                0
            }
            Ok(Err(why)) => {
                tty.write(&format!("brake: not approved: {why}\n"));
                1
            }
            Err(e) => {
                tty.write(&format!("brake: cannot record the approval: {e}\n"));
                2
            }
        },
        Answer::No(why) => {
            let _ = log(Outcome::Declined, Some(why));
            tty.write("Not approved.\n");
            1
        }
    }
}
