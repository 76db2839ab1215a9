//! `brake doctor`: for each agent and each settings file (the user's, this project's), whether
//! brake's hook is wired in and whether the brake it names still runs; then the shell-mode routes
//! (`CLAUDE_CODE_SHELL_PREFIX`, `AMAZON_Q_CHAT_SHELL`, `SHELL` for aider and friends). Exit 0 when
//! nothing is broken, 1 when a wired-in brake no longer works or a settings file cannot be read.

use super::{EXIT_ERROR, EXIT_HELD, EXIT_OK};
use brake::hooks::Agent;
use brake::install::{self, Places, Scope};
use std::path::{Path, PathBuf};

pub fn run() -> u8 {
    let places = match Places::from_env() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("brake: {e}");
            return EXIT_ERROR;
        }
    };
    let mut problems = 0;
    let mut wired = 0;
    for agent in Agent::ALL {
        println!("{} (brake install {}):", agent.title(), agent.name());
        for scope in [Scope::User, Scope::Project] {
            for w in install::wiring(agent, scope, &places) {
                let path = w.path.display();
                let label = format!("  {:<8} {path}:", scope.name());
                match &w.commands {
                    Err(e) => {
                        problems += 1;
                        println!("{label} cannot be read: {e}");
                    }
                    Ok(cmds) if cmds.is_empty() => println!(
                        "{label} {}",
                        if w.exists {
                            "not wired in"
                        } else {
                            "no file (not wired in)"
                        }
                    ),
                    Ok(cmds) => {
                        for c in cmds {
                            wired += 1;
                            let program = install::brake_program(c, agent).unwrap_or_default();
                            match install::probe(&program) {
                                Ok(v) => println!("{label} wired in: `{c}` works ({v})"),
                                Err(why) => {
                                    problems += 1;
                                    println!(
                                        "{label} wired in: `{c}`, BROKEN: {why}. The agent's hook \
                                         fails, and {} then lets commands run unchecked. Run \
                                         `brake install {} --{}` again.",
                                        agent.title(),
                                        agent.name(),
                                        scope.name()
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    println!(
        "Shell-mode routes (agents that run commands through a shell brake can stand in for):"
    );
    for (var, who, how) in [
        (
            "CLAUDE_CODE_SHELL_PREFIX",
            "Claude Code",
            "Claude Code runs `PREFIX '<command>'`",
        ),
        (
            "AMAZON_Q_CHAT_SHELL",
            "Amazon Q Developer CLI / Kiro CLI",
            "it runs `SHELL -c '<command>'`",
        ),
        (
            "SHELL",
            "aider, make, script, sudo -s",
            "aider runs `$SHELL -c '<command>'`",
        ),
    ] {
        let value = std::env::var(var).ok().filter(|v| !v.is_empty());
        let Some(value) = value else {
            println!("  {var} ({who}): not set");
            continue;
        };
        let first = value.split_whitespace().next().unwrap_or_default();
        let program = resolve(first);
        let is_brake = program
            .as_deref()
            .and_then(Path::file_name)
            .is_some_and(|n| n.to_string_lossy().starts_with("brake"));
        if !is_brake {
            println!("  {var} ({who}): {value}, not brake ({how}; set it to brake's path to check those commands)");
            continue;
        }
        match program.as_deref().map(install::probe) {
            Some(Ok(v)) => {
                println!("  {var} ({who}): {value}, brake ({v}): commands go through brake")
            }
            Some(Err(why)) => {
                problems += 1;
                println!("  {var} ({who}): {value}, BROKEN: {why}");
            }
            None => {
                problems += 1;
                println!("  {var} ({who}): {value}, BROKEN: not found on PATH");
            }
        }
    }
    if wired == 0 {
        println!("brake is not wired into any agent's hooks: `brake install AGENT` adds it.");
    }
    if problems > 0 {
        println!("{problems} problem(s) found.");
        EXIT_HELD
    } else {
        EXIT_OK
    }
}

/// A program as a shell finds it: a path as given, a bare name on `PATH`.
fn resolve(name: &str) -> Option<PathBuf> {
    if name.is_empty() {
        return None;
    }
    if name.contains('/') {
        return Some(PathBuf::from(name));
    }
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|c| c.is_file())
    })
}
