//! Reading brake's own argv before clap sees it: is this a brake subcommand, prefix mode
//! (`brake [--] PROGRAM ARGS`), or brake standing in for a shell (`brake -c STRING`, bash options,
//! a login shell, no arguments)? This runs on every guarded command, so it is plain code with no
//! allocation beyond the argv itself; clap is only loaded for subcommands.
//!
//! The shell grammar follows bash's: long options first, then short-option clusters where `-o`,
//! `+o`, `-O`, `+O` take the next word; `-c` does not take a word, the command string is the
//! first non-option argument (`bash -c -l 'cmd'` is valid); `--` or `-` ends the options. A
//! misreading here is how a guard is evaded, so the tests pin every form agents are known to use.

use std::ffi::{OsStr, OsString};

/// Brake's subcommands (and the words clap answers itself). Anything else as argv[1] is a
/// program to guard; a program that shares a subcommand's name (coreutils `install`) is guarded
/// with `brake -- install ...`.
pub const SUBCOMMANDS: &[&str] = &[
    "check",
    "explain",
    "rules",
    "approve",
    "approvals",
    "log",
    "config",
    "trust",
    "hook",
    "install",
    "uninstall",
    "doctor",
    "help",
    "--help",
    "-h",
    "--version",
    "-V",
];

/// What brake was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// A brake subcommand: clap parses it.
    Subcommand,
    /// `brake [--] PROGRAM ARGS...`: check the argv, then exec it directly.
    Prefix(Vec<OsString>),
    /// brake as a drop-in shell.
    Shell(ShellArgs),
}

/// A shell invocation, kept verbatim so the real shell gets exactly the same arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellArgs {
    /// brake's argv[0]; passed on as the real shell's argv[0] (a leading `-` means login).
    pub arg0: OsString,
    /// Everything after argv[0], passed on unchanged.
    pub args: Vec<OsString>,
    /// What the shell will run.
    pub input: ShellInput,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellInput {
    /// `-c`: the command string is `args[index]`; `None` when it is missing (the shell reports
    /// the error itself).
    Command(Option<usize>),
    /// A script file, `args[index]`, followed by its arguments.
    Script(usize),
    /// No command string and no script: commands come from standard input (`-s`, or a pipe), or
    /// from a human typing into an interactive shell.
    NoCommand,
}

impl ShellArgs {
    /// The command string for `-c`, if there is one.
    pub fn command_string(&self) -> Option<&OsStr> {
        match self.input {
            ShellInput::Command(Some(i)) => Some(&self.args[i]),
            _ => None,
        }
    }
}

/// Classifies brake's argv (argv[0] included).
pub fn classify(argv: &[OsString]) -> Mode {
    let arg0 = argv.first().cloned().unwrap_or_default();
    let login = arg0.as_encoded_bytes().first() == Some(&b'-');
    let Some(first) = argv.get(1) else {
        return Mode::Shell(parse_shell(arg0, Vec::new()));
    };
    if login {
        // A login shell is always a shell, whatever its arguments.
        return Mode::Shell(parse_shell(arg0, argv[1..].to_vec()));
    }
    let b = first.as_encoded_bytes();
    if SUBCOMMANDS.iter().any(|s| s.as_bytes() == b) {
        return Mode::Subcommand;
    }
    if b == b"--" {
        return Mode::Prefix(argv[2..].to_vec());
    }
    if b.len() > 1 && (b[0] == b'-' || b[0] == b'+') || b == b"-" {
        return Mode::Shell(parse_shell(arg0, argv[1..].to_vec()));
    }
    Mode::Prefix(argv[1..].to_vec())
}

/// Long options of bash that take a value in the next word.
const LONG_WITH_VALUE: &[&str] = &["--rcfile", "--init-file"];

/// Parses bash's option grammar over `args` (argv without argv[0]).
pub fn parse_shell(arg0: OsString, args: Vec<OsString>) -> ShellArgs {
    let mut i = 0;
    // Long options come first.
    while let Some(a) = args.get(i) {
        let b = a.as_encoded_bytes();
        if b.len() > 2 && b.starts_with(b"--") {
            if LONG_WITH_VALUE.iter().any(|l| l.as_bytes() == b) {
                i += 1;
            }
            i += 1;
        } else {
            break;
        }
    }
    let mut command = false;
    let mut stdin = false;
    while let Some(a) = args.get(i) {
        let b = a.as_encoded_bytes();
        if b == b"--" || b == b"-" {
            i += 1;
            break;
        }
        if b.len() < 2 || (b[0] != b'-' && b[0] != b'+') {
            break;
        }
        let mut takes_value = 0;
        for &c in &b[1..] {
            match c {
                b'c' => command = true,
                b's' => stdin = true,
                b'o' | b'O' => takes_value += 1,
                _ => {}
            }
        }
        i += 1 + takes_value;
    }
    let input = if command {
        ShellInput::Command((i < args.len()).then_some(i))
    } else if stdin || i >= args.len() {
        ShellInput::NoCommand
    } else {
        ShellInput::Script(i)
    };
    ShellArgs { arg0, args, input }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clap_subcommand_is_known_before_clap() {
        for sub in crate::cli::command().get_subcommands() {
            assert!(
                SUBCOMMANDS.contains(&sub.get_name()),
                "`{}` missing from SUBCOMMANDS",
                sub.get_name()
            );
        }
    }

    fn argv(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    fn shell(words: &[&str]) -> ShellArgs {
        match classify(&argv(words)) {
            Mode::Shell(s) => s,
            other => panic!("{words:?} is not shell mode: {other:?}"),
        }
    }

    fn command_of(words: &[&str]) -> Option<String> {
        shell(words)
            .command_string()
            .map(|s| s.to_string_lossy().into_owned())
    }

    #[test]
    fn subcommands_go_to_clap() {
        for w in [
            "check",
            "rules",
            "approve",
            "approvals",
            "log",
            "--help",
            "--version",
        ] {
            assert_eq!(classify(&argv(&["brake", w])), Mode::Subcommand, "{w}");
        }
    }

    #[test]
    fn anything_else_is_prefix_mode() {
        assert_eq!(
            classify(&argv(&["brake", "git", "push", "--force"])),
            Mode::Prefix(argv(&["git", "push", "--force"]))
        );
        assert_eq!(
            classify(&argv(&["brake", "--", "check", "x"])),
            Mode::Prefix(argv(&["check", "x"]))
        );
        assert_eq!(
            classify(&argv(&["brake", "/bin/echo", "-c"])),
            Mode::Prefix(argv(&["/bin/echo", "-c"]))
        );
    }

    #[test]
    fn the_command_string_is_the_first_non_option_argument() {
        let cases: &[(&[&str], &str)] = &[
            (&["brake", "-c", "ls"], "ls"),
            (&["brake", "-lc", "ls"], "ls"),
            (&["brake", "-ec", "ls"], "ls"),
            (&["brake", "-xc", "ls"], "ls"),
            (&["brake", "-lic", "ls"], "ls"),
            (&["brake", "-euo", "pipefail", "-c", "ls"], "ls"),
            (&["brake", "-o", "pipefail", "-c", "ls"], "ls"),
            (&["brake", "+o", "histexpand", "-c", "ls"], "ls"),
            (&["brake", "-O", "extglob", "-c", "ls"], "ls"),
            (&["brake", "--norc", "--noprofile", "-c", "ls"], "ls"),
            (&["brake", "--rcfile", "-c", "-c", "ls"], "ls"),
            (&["brake", "--login", "-c", "ls", "zero", "one"], "ls"),
            (&["brake", "-c", "-l", "ls"], "ls"),
            (&["brake", "-c", "--", "ls"], "ls"),
            (&["-brake", "-c", "ls"], "ls"),
        ];
        for (words, want) in cases {
            assert_eq!(command_of(words).as_deref(), Some(*want), "{words:?}");
        }
        // `-o` swallows `-c`: bash reads `-c` as an option name, and the string is a script name.
        assert_eq!(
            shell(&["brake", "-o", "-c", "x"]).input,
            ShellInput::Script(2)
        );
        assert_eq!(shell(&["brake", "-c"]).input, ShellInput::Command(None));
    }

    #[test]
    fn scripts_stdin_and_interactive() {
        assert_eq!(
            shell(&["brake", "-e", "run.sh", "a"]).input,
            ShellInput::Script(1)
        );
        assert_eq!(
            parse_shell("brake".into(), argv(&["-e", "--", "-c"])).input,
            ShellInput::Script(2)
        );
        assert_eq!(shell(&["brake", "-s", "a"]).input, ShellInput::NoCommand);
        assert_eq!(shell(&["brake"]).input, ShellInput::NoCommand);
        assert_eq!(shell(&["brake", "-i"]).input, ShellInput::NoCommand);
        assert_eq!(shell(&["-brake"]).input, ShellInput::NoCommand);
    }
}
