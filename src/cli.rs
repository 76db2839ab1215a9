//! The command-line definition (clap). Help, the man page and the shell completions are all
//! generated from this one definition; `tests/assets.rs` fails when the checked-in copies in
//! `man/` and `completions/` are stale.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "brake",
    version,
    about = "A pre-execution guard for AI coding agents: holds destructive shell commands until a human confirms.",
    long_about = "brake parses a command line with a real shell parser, finds every program that will run \
(through sudo, env, xargs, find -exec, bash -c, ssh, pipes into a shell, heredocs and $(...)), \
and matches them against rules for destructive operations. `brake check` is the dry run: it never executes anything.",
    after_help = "Guarded execution: `brake [--] PROGRAM [ARGS...]` and `brake -c 'CMD'` (bash's options; \
brake can be $SHELL) check the command, then run it, ask on the terminal, or hold it for `brake approve`.\n\n\
Exit status of `brake check`: 0 nothing held, 1 something would be held, 2 usage or input error. \
Guarded commands exit with the command's own status, 77 when held, 126/127 as shells do."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check command lines without running them (the dry run).
    Check(CheckArgs),
    /// Show how brake reads a command line: parse, invocations, wrappers and matching rules.
    Explain(ExplainArgs),
    /// List, show and test the rules.
    Rules(RulesArgs),
    /// Print the effective configuration and where each part came from.
    Config,
    /// Trust the exact content of a project's `.brake.yaml` so it may also loosen (asks on the terminal).
    Trust {
        /// The file (default: the nearest `.brake.yaml` upwards from here).
        file: Option<PathBuf>,
    },
    /// Let one held command run: shows it, asks, and approves its next run (in your own terminal).
    Approve(ApproveArgs),
    /// List held commands waiting for approval, and approvals not yet used.
    Approvals,
    /// Show the audit log of held commands, or verify its hash chain.
    Log(LogArgs),
    /// Answer an agent's pre-tool hook: reads its JSON on stdin, answers in its protocol.
    Hook {
        /// The agent whose hook protocol to speak.
        #[arg(value_enum)]
        agent: AgentName,
    },
    /// Wire brake's hook into an agent's settings (idempotent; keeps every other setting; backs up).
    Install(InstallArgs),
    /// Remove exactly what `brake install` added to an agent's settings.
    Uninstall(InstallArgs),
    /// Check, per agent, whether brake is wired in and still works; show the shell-mode routes.
    Doctor,
}

/// The coding agents brake has a hook adapter for.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentName {
    /// Claude Code (PreToolUse hook).
    Claude,
    /// Codex CLI (PreToolUse hook).
    Codex,
    /// Gemini CLI (BeforeTool hook).
    Gemini,
    /// Cursor (beforeShellExecution hook).
    Cursor,
    /// GitHub Copilot CLI (preToolUse hook).
    Copilot,
}

impl AgentName {
    pub fn agent(self) -> crate::hooks::Agent {
        use crate::hooks::Agent;
        match self {
            AgentName::Claude => Agent::Claude,
            AgentName::Codex => Agent::Codex,
            AgentName::Gemini => Agent::Gemini,
            AgentName::Cursor => Agent::Cursor,
            AgentName::Copilot => Agent::Copilot,
        }
    }
}

#[derive(Args, Debug)]
pub struct InstallArgs {
    /// The agent.
    #[arg(value_enum)]
    pub agent: AgentName,
    /// The current project's settings (shared with everyone who uses the project).
    #[arg(long, conflicts_with = "user")]
    pub project: bool,
    /// Your own settings, for every project (the default).
    #[arg(long)]
    pub user: bool,
}

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// The code printed with the held command (e.g. `ABCD-EFGH`).
    #[arg(value_name = "CODE")]
    pub code: String,
}

#[derive(Args, Debug)]
pub struct LogArgs {
    #[command(subcommand)]
    pub action: Option<LogAction>,
    /// Print the records as JSON Lines, exactly as stored.
    #[arg(long)]
    pub json: bool,
    /// Show only the last N records.
    #[arg(short = 'n', value_name = "N")]
    pub n: Option<usize>,
}

#[derive(Subcommand, Debug)]
pub enum LogAction {
    /// Check the hash chain; name the line where a record was edited, inserted or deleted.
    Verify,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Check this one command line.
    #[arg(short = 'c', long = "command", value_name = "CMD", conflicts_with_all = ["lines", "paths"])]
    pub command: Option<String>,
    /// Check one command per line of FILE (`-` for standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "paths")]
    pub lines: Option<PathBuf>,
    /// Files or directories to scan (default `.`): shell scripts, Makefiles, Dockerfiles,
    /// GitHub workflows and actions, .gitlab-ci.yml, package.json and justfiles. Directories are
    /// walked respecting .gitignore and .brakeignore.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Exit 1 only for unsuppressed findings of this severity or higher (scans).
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = SeverityArg::Low)]
    pub fail_on: SeverityArg,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub rules: RuleFileArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityArg {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// When to use colour in text output (NO_COLOR is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug, Default)]
pub struct RuleFileArgs {
    /// Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people; for scans gcc-style `file:line:col: severity [rule] message` and the line.
    Text,
    /// JSON Lines for -c/--lines; one versioned document for scans.
    Json,
    /// SARIF 2.1.0, for code scanning (scans only).
    Sarif,
    /// GitHub Actions workflow commands that annotate the diff (scans only).
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The command line to explain.
    #[arg(value_name = "CMD")]
    pub command: String,
    #[command(flatten)]
    pub rules: RuleFileArgs,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: RulesAction,
    #[command(flatten)]
    pub rules: RuleFileArgs,
}

#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// List every rule: id, severity, action, title.
    List,
    /// Show one rule: what it holds, why, examples and the safer alternative.
    Show {
        /// The rule id (e.g. `git.push-force`).
        id: String,
    },
    /// Run every rule's hold and pass examples; non-zero exit on any failure.
    Test,
}

/// The clap command, for generated help, man page and completions.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
