//! The `brake` binary: parses the command line and dispatches. Each subcommand lives in `cmd/`.
//! brake's own argv is classified before clap is loaded: guarded execution (prefix mode and the
//! drop-in shell) is the hot path and never pays for clap.
//!
//! The entry point is C's `main`, not Rust's: brake stands in for the shell before every agent
//! command, and Rust's start-up (reading `/proc/self/maps` for the stack guard, an alternate
//! signal stack, probing fds 0-2, ignoring SIGPIPE) costs about 0.05 ms there, a third of the
//! budget. It also changed what the command inherits: a SIGPIPE disposition of `ignore` and
//! `/dev/null` on a closed standard descriptor. [`startup`] does the part that matters, and only
//! where it matters: subcommands get the SIGPIPE and descriptor set-up they had.

#![cfg_attr(not(test), no_main)]
// The unit-test build of this binary has the harness's `main`, so nothing here is reached.
#![cfg_attr(test, allow(dead_code))]

mod cmd;

use brake::guard::argv::{classify, Mode};
use clap::Parser;

#[cfg(not(test))]
#[no_mangle]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    // SAFETY: C's `main` receives `argc` valid NUL-terminated strings in `argv`.
    let argv = unsafe { startup::args(argc, argv) };
    let code = std::panic::catch_unwind(|| run(argv)).unwrap_or(startup::EXIT_PANIC);
    // `exit` flushes Rust's stdout, which returning to C would not.
    std::process::exit(i32::from(code))
}

fn run(argv: Vec<std::ffi::OsString>) -> u8 {
    match classify(&argv) {
        Mode::Subcommand => subcommand(argv),
        mode => cmd::guard::run(mode),
    }
}

/// Kept out of line: clap's parsed command line takes kilobytes of stack, which the guarded
/// path would otherwise touch (page faults) on every command.
#[inline(never)]
fn subcommand(argv: Vec<std::ffi::OsString>) -> u8 {
    startup::for_subcommands();
    let cli = brake::cli::Cli::parse_from(argv);
    match cli.command {
        brake::cli::Command::Check(args) => cmd::check::run(args),
        brake::cli::Command::Explain(args) => cmd::explain::run(args),
        brake::cli::Command::Rules(args) => cmd::rules::run(args),
        brake::cli::Command::Config => cmd::config::show(),
        brake::cli::Command::Trust { file } => cmd::config::trust(file),
        brake::cli::Command::Hook { agent } => cmd::hook::run(agent.agent()),
        brake::cli::Command::Install(args) => cmd::install::install(args),
        brake::cli::Command::Uninstall(args) => cmd::install::uninstall(args),
        brake::cli::Command::Doctor => cmd::doctor::run(),
        brake::cli::Command::Approve(args) => cmd::approve::run(&args.code),
        brake::cli::Command::Approvals => cmd::approvals::run(),
        brake::cli::Command::Log(args) => cmd::log::run(args),
    }
}

mod startup {
    /// The status Rust gives a program whose `main` panicked.
    pub const EXIT_PANIC: u8 = 101;

    /// The argv C's `main` received. (`std::env::args_os` is empty here on musl, which does not
    /// hand argv to init functions as glibc does.)
    ///
    /// # Safety
    /// `argv` must hold `argc` valid NUL-terminated strings.
    #[cfg(not(test))]
    pub unsafe fn args(
        argc: std::ffi::c_int,
        argv: *const *const std::ffi::c_char,
    ) -> Vec<std::ffi::OsString> {
        use std::os::unix::ffi::OsStringExt;
        (0..usize::try_from(argc).unwrap_or(0))
            .map(|i| {
                std::ffi::OsString::from_vec(
                    std::ffi::CStr::from_ptr(*argv.add(i)).to_bytes().to_vec(),
                )
            })
            .collect()
    }

    /// What Rust's start-up did that subcommands rely on: a write to a closed pipe is an error
    /// (`EPIPE`) rather than a silent death, and a closed fd 0, 1 or 2 is `/dev/null`, so a file
    /// brake opens (the audit log) can never become its stdout or stderr.
    pub fn for_subcommands() {
        // SAFETY: setting a signal disposition to SIG_IGN has no preconditions.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
        brake::guard::exec::sanitize_standard_fds();
    }
}
