//! Stage 2, syntax tree -> action model. Every program that will run becomes an [`Invocation`]:
//! its resolved program name, its arguments with quoting removed, its redirections, the
//! directory it runs in and the chain of wrappers it was found through. Constructs brake cannot
//! see through become [`Opaque`] items, which the verdict holds when they look destructive.
//!
//! `walk` drives the tree, `words` turns word nodes into [`Word`]s, `wrappers` peels `sudo`,
//! `xargs`, `bash -c`, `ssh` and friends, `interpreters` finds shell code in `python -c` & co.

mod interpreters;
pub mod scripts;
mod walk;
mod words;
mod wrappers;

pub use walk::build;
pub use wrappers::find_target as find_targets;

/// Builtins and programs whose plain words still change what later words mean or run code.
const NOT_PLAIN: &[&str] = &[
    "cd",
    "pushd",
    "popd",
    "alias",
    "export",
    "declare",
    "typeset",
    "local",
    "readonly",
    "read",
    "mapfile",
    "readarray",
    "getopts",
    "git",
    "eval",
    "source",
    ".",
    "exec",
    "trap",
    "command",
    "builtin",
    "set",
    "shopt",
    "enable",
    "hash",
    "unalias",
    "function",
];

/// If `line` is one simple command of plain words — no quoting, expansion, operator,
/// redirection, glob, assignment or comment — its words; these are exactly the argv the shell
/// will run. Such a line needs no parser.
pub fn plain_words(line: &str) -> Option<Vec<&str>> {
    if line.bytes().any(|b| {
        b"$`'\"\\;&|<>(){}*?[]~#=!%\n\r".contains(&b)
            || b >= 0x80
            || (b < 0x20 && b != b' ' && b != b'\t')
    }) {
        return None;
    }
    let words: Vec<&str> = line.split_ascii_whitespace().collect();
    (!words.is_empty()).then_some(words)
}

/// Does `program` with these plain arguments run anything inside itself (a wrapper, a shell, an
/// interpreter one-liner) or change the meaning of the line (a builtin like `cd`)?
pub fn runs_more_than_itself(program: &str, args: &[&str]) -> bool {
    if NOT_PLAIN.contains(&program) || wrappers::is_shell(program) {
        return true;
    }
    let words: Vec<Word> = args.iter().map(|a| Word::literal(*a, (0, 0))).collect();
    !wrappers::unwrap(program, &words, (0, 0)).is_empty()
        || !interpreters::shell_code(program, &words, (0, 0)).is_empty()
}

use crate::limits::Limit;
use std::collections::HashMap;

/// Byte range in the line that was checked.
pub type Span = (usize, usize);

/// One argument (or program name) after quoting is removed and known variables are substituted.
/// Parts that cannot be known before running stay in `text` as their source (`$HOME`, `$(pwd)`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Word {
    pub text: String,
    pub span: Span,
    /// Contains an expansion whose value is unknown.
    pub dynamic: bool,
    /// Contains an unquoted `*`, `?` or `[` (or a brace expansion).
    pub glob: bool,
    /// Starts with an unquoted `~`.
    pub tilde: bool,
    /// Starts with `$HOME`.
    pub home_var: bool,
    /// Starts with a variable assigned from `mktemp` in the same line.
    pub temp: bool,
    /// Stands for an unknown list of words (xargs input, `find -exec {}`).
    pub many: bool,
}

impl Word {
    pub fn literal(text: impl Into<String>, span: Span) -> Word {
        Word {
            text: text.into(),
            span,
            ..Word::default()
        }
    }
}

/// Where a command runs, as far as the line tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cwd {
    /// Inside the project: a relative path from the starting directory ("" for the start).
    Project(String),
    /// Somewhere else, named (`cd /tmp`, `cd ~`).
    Outside(String),
    /// A fresh directory made by `mktemp` in the same line.
    Temp,
    /// Cannot be known (`cd "$DIR"`, `cd -`).
    Unknown,
}

impl Cwd {
    pub fn describe(&self) -> String {
        match self {
            Cwd::Project(p) if p.is_empty() => ".".into(),
            Cwd::Project(p) => format!("./{p}"),
            Cwd::Outside(p) => p.clone(),
            Cwd::Temp => "(a fresh mktemp directory)".into(),
            Cwd::Unknown => "(unknown)".into(),
        }
    }
}

/// A redirection of the command's input or output.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    pub op: String,
    pub fd: Option<String>,
    pub target: Word,
}

/// What a command reads on its standard input.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Stdin {
    /// Whatever brake's caller gives it.
    #[default]
    Inherited,
    /// Known text: a heredoc, here-string, or the output of `echo`/`printf`/`cat <<EOF` upstream.
    Text(String),
    /// A file (`< file`).
    File(Word),
    /// The output of a program upstream whose output brake cannot know.
    Unknown(String),
    /// Paths listed by `find` upstream (with its name pattern applied).
    Paths(Vec<Word>),
}

/// One program that will run.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    /// Basename of the program, quoting removed. `>` for a truncating redirection.
    pub program: String,
    /// The program word as resolved (`/bin/rm`, `rm`).
    pub name: Word,
    pub args: Vec<Word>,
    /// `NAME=value` given for this command only.
    pub assignments: Vec<(String, String)>,
    pub redirects: Vec<Redirect>,
    pub cwd: Cwd,
    /// Wrappers it was found through, outermost first (`sudo`, `bash -c`, `ssh host`).
    pub wrappers: Vec<String>,
    pub stdin: Stdin,
    pub span: Span,
    /// Files written earlier in the line with known content (`echo 'DROP ...' > a.sql`): path as
    /// written, and content. A later `psql -f a.sql` or `sh a.sh` runs that content.
    pub written: Vec<(String, String)>,
}

impl Invocation {
    /// An invocation of `program` with literal `args`, run in the project with nothing on stdin
    /// (for tests and synthetic commands).
    pub fn plain(program: &str, args: &[&str]) -> Invocation {
        Invocation {
            program: program.to_string(),
            name: Word::literal(program, (0, 0)),
            args: args.iter().map(|a| Word::literal(*a, (0, 0))).collect(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            cwd: Cwd::Project(String::new()),
            wrappers: Vec::new(),
            stdin: Stdin::Inherited,
            span: (0, 0),
            written: Vec::new(),
        }
    }
}

/// Something that will run but cannot be seen into.
#[derive(Debug, Clone, PartialEq)]
pub struct Opaque {
    pub kind: OpaqueKind,
    /// Why brake cannot see what runs.
    pub reason: String,
    /// The text involved (for the destructive-looking test and for reports).
    pub text: String,
    pub span: Span,
    pub wrappers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpaqueKind {
    /// The program name is only known when running (`$x`, `$(...)`, `/???/r?`): held when the
    /// arguments look destructive.
    DynamicCommand,
    /// Shell code whose text is unknown (`curl ... | sh`, `bash -c "$CODE"`): held when there is
    /// any sign of it being destructive, or always when fetched or decoded.
    UnknownScript,
}

/// Input that did not parse, kept for the conservative tokenizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Unparsed {
    pub text: String,
    pub span: Span,
    pub wrappers: Vec<String>,
}

/// Everything the line will run.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub invocations: Vec<Invocation>,
    pub opaque: Vec<Opaque>,
    pub unparsed: Vec<Unparsed>,
    pub limits: Vec<(Limit, Span)>,
}

/// What a variable assigned in the line holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Var {
    Static(String),
    /// Assigned from `mktemp`: a fresh temporary path.
    Temp,
    Unknown,
}

/// Variables assigned so far in the line. A variable assigned twice with different values is
/// unknown: brake does not follow control flow, so it cannot tell which value wins.
#[derive(Debug, Default, Clone)]
pub(crate) struct Env {
    vars: HashMap<String, Var>,
    /// `IFS` was assigned: word splitting of expansions can no longer be predicted.
    pub ifs_changed: bool,
}

impl Env {
    pub fn set(&mut self, name: &str, value: Var) {
        if name == "IFS" {
            self.ifs_changed = true;
        }
        let merged = match self.vars.get(name) {
            Some(old) if *old != value => Var::Unknown,
            _ => value,
        };
        self.vars.insert(name.to_string(), merged);
    }

    pub fn get(&self, name: &str) -> Option<&Var> {
        self.vars.get(name)
    }
}
