//! Guarded execution: the moment between an agent deciding to run a command and the command
//! running. [`argv`] reads brake's own argv (subcommand, prefix mode or drop-in shell), [`plan`]
//! turns it into what must be checked and what will be exec'd, [`shell`] finds the real shell
//! (never brake itself), [`exec`] replaces brake with the command, and [`marker`] lets a nested
//! brake recognise findings a human already confirmed for one of its ancestors. The decision
//! flow itself (confirm, approval code, audit) is wired in the binary's `cmd/guard.rs`.

pub mod argv;
pub mod exec;
pub mod marker;
pub mod plan;
pub mod shell;

/// Exit status when brake holds a command (`EX_NOPERM`): not 2, which hook protocols read as
/// "block", and not 126/127, which shells use for "cannot execute" and "not found".
pub const EXIT_HELD: u8 = 77;
/// A program that exists but cannot be executed, as shells report it.
pub const EXIT_NOT_EXECUTABLE: u8 = 126;
/// A program that was not found, as shells report it.
pub const EXIT_NOT_FOUND: u8 = 127;
