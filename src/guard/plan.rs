//! From brake's argv to a plan: the text to check (and to bind an approval to) and the exec that
//! follows. Prefix mode checks the argv as given, quoted word by word so the parser sees exactly
//! these words and nothing is split again; a shell script it runs (`brake ./deploy.sh`, a
//! `#!/bin/sh` program, `brake -e run.sh`) is checked by its content; shell mode checks the
//! `-c` string, or the commands arriving on a pipe. Only an interactive shell has nothing to
//! check, and brake says so.

use super::argv::{Mode, ShellArgs, ShellInput};
use super::exec::Exec;
use super::shell::{real_shell, which};
use crate::model::scripts::{read_executable, Script};
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What is checked before running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// What a human is shown: the command line.
    pub display: String,
    /// The shell text the engine judges.
    pub text: String,
    /// What an approval is bound to: the exact command, and a script's content.
    pub bind: String,
}

/// A plan: check (unless nothing can be checked), then exec.
#[derive(Debug)]
pub struct Plan {
    pub checked: Option<Checked>,
    pub exec: Exec,
    /// An interactive shell: typed commands are not checked.
    pub interactive: bool,
}

/// Why there is no plan, with brake's exit status.
#[derive(Debug)]
pub struct PlanError {
    pub code: u8,
    pub message: String,
}

/// Builds the plan for a guard mode. `stdin_is_tty` and `read_stdin` are only consulted for a
/// shell with no command string.
pub fn plan(
    mode: Mode,
    config_shell: Option<&str>,
    stdin_is_tty: bool,
    read_stdin: impl FnOnce() -> std::io::Result<Vec<u8>>,
) -> Result<Plan, PlanError> {
    let shell = || {
        real_shell(config_shell).map_err(|message| PlanError {
            code: super::EXIT_NOT_FOUND,
            message,
        })
    };
    match mode {
        Mode::Subcommand => unreachable!("subcommands are clap's"),
        Mode::Prefix(argv) => plan_prefix(argv, shell),
        Mode::Shell(s) => plan_shell(s, shell()?, stdin_is_tty, read_stdin),
    }
}

fn plan_prefix(
    argv: Vec<OsString>,
    shell: impl FnOnce() -> Result<PathBuf, PlanError>,
) -> Result<Plan, PlanError> {
    let Some(program) = argv.first() else {
        return Err(PlanError {
            code: 2,
            message: "nothing to run: brake [--] PROGRAM [ARGS...], or brake -c 'COMMAND'".into(),
        });
    };
    let name = program.to_string_lossy().into_owned();
    let line = quote_argv(&argv);
    let found = which(&name);
    if let Some(path) = &found {
        // A program: exec it directly. A shell script is also judged by what it contains: the
        // engine reads a script run by its path, so one found in PATH is checked by its full
        // path, and an approval is bound to its content.
        let mut text = line.clone();
        let mut bind = line.clone();
        if let Some(script) = read_executable(path, crate::limits::MAX_INPUT_BYTES as u64) {
            if !name.contains('/') {
                let mut resolved = argv.clone();
                resolved[0] = path.clone().into_os_string();
                text = quote_argv(&resolved);
            }
            if let Script::Text(content) = script {
                bind = format!("{line}\n{content}");
            }
        }
        return Ok(Plan {
            checked: Some(Checked {
                display: line,
                text,
                bind,
            }),
            exec: Exec {
                program: program.clone(),
                found: found.clone(),
                args: argv[1..].to_vec(),
                ..Exec::default()
            },
            interactive: false,
        });
    }
    let as_file = Path::new(program);
    if as_file.is_file() {
        // Not executable but a file: `brake script.sh ARGS` runs it with the shell, as
        // `bash script.sh` does.
        let content = read_text(as_file).unwrap_or_default();
        let shell = shell()?;
        return Ok(Plan {
            checked: Some(Checked {
                bind: format!("{line}\n{content}"),
                display: line,
                text: content,
            }),
            exec: Exec {
                program: shell.into_os_string(),
                args: argv,
                ..Exec::default()
            },
            interactive: false,
        });
    }
    if argv.len() == 1 && name.contains(|c: char| c.is_whitespace() || ";|&<>()$`'\"".contains(c)) {
        // One string that is a whole command line (`CLAUDE_CODE_SHELL_PREFIX=brake` passes the
        // full invocation as one argument): run it as `-c`.
        let shell = shell()?;
        return Ok(Plan {
            checked: Some(Checked {
                display: name.clone(),
                text: name.clone(),
                bind: name,
            }),
            exec: Exec {
                program: shell.into_os_string(),
                args: vec!["-c".into(), program.clone()],
                ..Exec::default()
            },
            interactive: false,
        });
    }
    // Not found or not executable: exec reports it (127 / 126) after the check.
    Ok(Plan {
        checked: Some(Checked {
            display: line.clone(),
            text: line.clone(),
            bind: line,
        }),
        exec: Exec {
            program: program.clone(),
            args: argv[1..].to_vec(),
            ..Exec::default()
        },
        interactive: false,
    })
}

fn plan_shell(
    s: ShellArgs,
    shell: PathBuf,
    stdin_is_tty: bool,
    read_stdin: impl FnOnce() -> std::io::Result<Vec<u8>>,
) -> Result<Plan, PlanError> {
    let mut exec = Exec {
        program: shell.into_os_string(),
        arg0: Some(s.arg0.clone()),
        args: s.args.clone(),
        ..Exec::default()
    };
    let (checked, interactive) = match s.input {
        ShellInput::Command(Some(i)) => {
            let cmd = s.args[i].to_string_lossy().into_owned();
            (
                Some(Checked {
                    display: cmd.clone(),
                    text: cmd.clone(),
                    bind: cmd,
                }),
                false,
            )
        }
        // `-c` without a string: the shell reports the error; nothing runs.
        ShellInput::Command(None) => (None, false),
        ShellInput::Script(i) => {
            let line = quote_argv(&s.args[i..]);
            match find_script(&s.args[i]).and_then(|p| read_text(&p).ok()) {
                Some(content) => (
                    Some(Checked {
                        bind: format!("{line}\n{content}"),
                        display: line,
                        text: content,
                    }),
                    false,
                ),
                // No such script: the shell reports it; nothing runs.
                None => (None, false),
            }
        }
        ShellInput::NoCommand if stdin_is_tty => (None, true),
        ShellInput::NoCommand => {
            // Commands arrive on a pipe: read them all, check them, and give them back.
            let bytes = read_stdin().map_err(|e| PlanError {
                code: super::EXIT_HELD,
                message: format!("cannot read the commands on standard input: {e}"),
            })?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            exec.stdin = Some(bytes);
            (
                Some(Checked {
                    display: "(commands read from standard input)".into(),
                    bind: format!("stdin\n{text}"),
                    text,
                }),
                false,
            )
        }
    };
    Ok(Plan {
        checked,
        exec,
        interactive,
    })
}

/// Reads standard input up to one byte past the engine's input limit (so a longer input is held
/// by that limit rather than silently cut).
pub fn read_stdin_bounded() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(crate::limits::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// A script named on a shell's command line: the path, else (as bash does) a file of that name
/// in `PATH`.
fn find_script(arg: &OsStr) -> Option<PathBuf> {
    let p = PathBuf::from(arg);
    if p.is_file() {
        return Some(p);
    }
    let name = arg.to_str()?;
    if name.contains('/') {
        return None;
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// A file's text, up to one byte past the engine's input limit.
fn read_text(path: &Path) -> std::io::Result<String> {
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(crate::limits::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Quotes each word so the shell parser reads back exactly these words.
pub fn quote_argv(argv: &[OsString]) -> String {
    argv.iter()
        .enumerate()
        .map(|(i, w)| quote_word(&w.to_string_lossy(), i == 0))
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote_word(w: &str, first: bool) -> String {
    let plain = !w.is_empty()
        && w.bytes().all(|b| {
            b.is_ascii_alphanumeric() || b"_-./:@%+,".contains(&b) || (b == b'=' && !first)
        });
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn quoting_keeps_every_word() {
        assert_eq!(
            quote_argv(&os(&["git", "push", "--force", "origin", "main"])),
            "git push --force origin main"
        );
        assert_eq!(
            quote_argv(&os(&["rm", "-rf", "a b", "it's", "", "$HOME", "x\ny"])),
            "rm -rf 'a b' 'it'\\''s' '' '$HOME' 'x\ny'"
        );
        assert_eq!(quote_argv(&os(&["A=1", "B=2"])), "'A=1' B=2");
    }

    #[test]
    fn prefix_checks_argv_and_execs_the_program() {
        let p = plan(
            Mode::Prefix(os(&["sh", "-c", "exit 3"])),
            None,
            false,
            || unreachable!(),
        )
        .unwrap();
        assert_eq!(p.checked.unwrap().text, "sh -c 'exit 3'");
        assert_eq!(p.exec.program, "sh");
        assert_eq!(
            p.exec.found,
            which("sh"),
            "found once, not searched again at exec"
        );
        assert_eq!(p.exec.args, os(&["-c", "exit 3"]));
    }

    #[test]
    fn one_string_with_spaces_is_a_command_line() {
        let p = plan(
            Mode::Prefix(os(&["echo hi && ls"])),
            Some("/bin/sh"),
            false,
            || unreachable!(),
        )
        .unwrap();
        assert_eq!(p.checked.unwrap().text, "echo hi && ls");
        assert_eq!(p.exec.args, os(&["-c", "echo hi && ls"]));
    }

    #[test]
    fn piped_commands_are_read_checked_and_given_back() {
        let s = super::super::argv::parse_shell("brake".into(), os(&["-s"]));
        let p = plan(Mode::Shell(s), Some("/bin/sh"), false, || {
            Ok(b"echo one\n".to_vec())
        })
        .unwrap();
        assert_eq!(p.checked.unwrap().text, "echo one\n");
        assert_eq!(p.exec.stdin.as_deref(), Some(&b"echo one\n"[..]));
        let s = super::super::argv::parse_shell("brake".into(), vec![]);
        let p = plan(Mode::Shell(s), Some("/bin/sh"), true, || unreachable!()).unwrap();
        assert!(p.interactive && p.checked.is_none());
    }
}
