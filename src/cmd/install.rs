//! `brake install AGENT` and `brake uninstall AGENT`: merge brake's hook into an agent's settings
//! file, or take it out, and say exactly what changed (`brake::install` does the work).

use super::{EXIT_ERROR, EXIT_OK};
use brake::cli::InstallArgs;
use brake::hooks::Agent;
use brake::install::{self, Change, Places, Scope};
use std::path::PathBuf;

fn scope(args: &InstallArgs) -> Scope {
    if args.project {
        Scope::Project
    } else {
        Scope::User
    }
}

/// The absolute path of the running brake, which the hook will run.
fn running_brake() -> Result<PathBuf, String> {
    let exe = std::env::current_exe()
        .map_err(|e| format!("cannot tell where this brake is installed: {e}"))?;
    Ok(std::fs::canonicalize(&exe).unwrap_or(exe))
}

fn places() -> Result<Places, u8> {
    Places::from_env().map_err(|e| {
        eprintln!("brake: {e}");
        EXIT_ERROR
    })
}

pub fn install(args: InstallArgs) -> u8 {
    let agent = args.agent.agent();
    let scope = scope(&args);
    let places = match places() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let brake = match running_brake() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("brake: {e}");
            return EXIT_ERROR;
        }
    };
    let head = format!("brake install {} ({})", agent.name(), scope.name());
    match install::install(agent, scope, &places, &brake) {
        Ok(r) => {
            let path = r.path.display();
            match &r.change {
                Change::Unchanged => println!(
                    "{head}: {path} already runs `{}`; nothing changed.",
                    install::hook_command(&brake, agent)
                ),
                Change::Added(entry) => println!(
                    "{head}: added {}'s hook to {path} (under hooks.{}):\n  {entry}",
                    agent.title(),
                    install::layout(agent).event()
                ),
                Change::Updated { from, to } => println!(
                    "{head}: updated brake's hook in {path}: `{}` is now:\n  {to}",
                    from.join("`, `")
                ),
                Change::Removed { .. } | Change::NotInstalled => unreachable!("install adds"),
            }
            if let Some(b) = &r.backup {
                println!("The file as it was before: {}", b.display());
            }
            if r.change != Change::Unchanged {
                println!("{}", install::notes(agent));
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("brake: {e}.");
            eprintln!(
                "Add this to {} by hand:\n{}",
                target(agent, scope, &places).display(),
                install::manual_entry(agent, &brake)
            );
            EXIT_ERROR
        }
    }
}

fn target(agent: Agent, scope: Scope, places: &Places) -> PathBuf {
    install::paths(agent, scope, places)
        .into_iter()
        .next()
        .unwrap_or_default()
}

pub fn uninstall(args: InstallArgs) -> u8 {
    let agent = args.agent.agent();
    let scope = scope(&args);
    let places = match places() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let head = format!("brake uninstall {} ({})", agent.name(), scope.name());
    match install::uninstall(agent, scope, &places) {
        Ok(reports) => {
            for r in reports {
                let path = r.path.display();
                match &r.change {
                    Change::NotInstalled => println!("{head}: {path}: brake's hook is not there."),
                    Change::Removed {
                        commands,
                        file_removed,
                    } => {
                        println!("{head}: removed `{}` from {path}.", commands.join("`, `"));
                        if *file_removed {
                            println!("It held nothing else, so the file was removed.");
                        }
                        if let Some(b) = &r.backup {
                            println!("The file as it was before: {}", b.display());
                        }
                    }
                    Change::Added(_) | Change::Updated { .. } | Change::Unchanged => {
                        unreachable!("uninstall removes")
                    }
                }
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("brake: {e}.");
            EXIT_ERROR
        }
    }
}
