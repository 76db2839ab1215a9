//! Named limits that bound brake's work on hostile input. Going past one never allows a command:
//! the line is held and the finding names the limit.

/// Largest command line brake parses, in bytes.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// Deepest syntax nesting the walker follows (`$(`, `(`, `{`, loops...).
pub const MAX_SYNTAX_DEPTH: usize = 200;
/// How many times a string may be parsed again as shell code (`bash -c`, `eval`, `ssh`, ...).
pub const MAX_REPARSE_DEPTH: usize = 8;
/// Most invocations collected from one line.
pub const MAX_INVOCATIONS: usize = 200_000;
/// Longest time the shell parser may take on one input, in milliseconds.
pub const MAX_PARSE_MILLIS: u64 = 3_000;
/// Largest script file read to check what a shell will run (`bash script.sh`).
pub const MAX_SCRIPT_BYTES: u64 = 1024 * 1024;
/// Most SQL (or Mongo, Redis) text analysed for one invocation, in bytes: the `-c`/`-e`
/// strings, heredocs and files it executes, together. More is held unread.
pub const MAX_SQL_BYTES: usize = 1024 * 1024;
/// Most statements parsed for one invocation; past it the rest only gets a keyword scan.
pub const MAX_SQL_STATEMENTS: usize = 2_000;
/// Longest single statement given to the SQL parser, in bytes; a longer one (a dump's
/// multi-row INSERT) only gets the keyword scan. This bounds the depth of the syntax tree
/// (`1+1+1...` nests one level per two bytes), which the parser's own recursion limit does not.
pub const MAX_SQL_STATEMENT_BYTES: usize = 64 * 1024;
/// Stack of the thread a long statement is parsed on, in bytes: enough for the deepest tree a
/// statement of [`MAX_SQL_STATEMENT_BYTES`] can give (only touched pages are used).
pub const SQL_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Which limit a line went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    InputBytes,
    SyntaxDepth,
    ReparseDepth,
    Invocations,
    ParseTime,
}

impl Limit {
    pub fn id(self) -> &'static str {
        match self {
            Limit::InputBytes => "limit.input-size",
            Limit::SyntaxDepth => "limit.nesting-depth",
            Limit::ReparseDepth => "limit.reparse-depth",
            Limit::Invocations => "limit.command-count",
            Limit::ParseTime => "limit.parse-time",
        }
    }

    pub fn describe(self) -> String {
        match self {
            Limit::InputBytes => format!("the line is longer than {MAX_INPUT_BYTES} bytes"),
            Limit::SyntaxDepth => format!("the syntax nests deeper than {MAX_SYNTAX_DEPTH} levels"),
            Limit::ReparseDepth => format!(
                "shell code nested in strings (bash -c, eval, ssh) goes deeper than {MAX_REPARSE_DEPTH} levels"
            ),
            Limit::Invocations => format!("the line runs more than {MAX_INVOCATIONS} commands"),
            Limit::ParseTime => format!("parsing took longer than {MAX_PARSE_MILLIS} ms"),
        }
    }
}
