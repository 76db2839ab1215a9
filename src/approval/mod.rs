//! Approval codes: how a human lets one held command run when brake had no terminal to ask on.
//! A held command gets a short [`code`]; the human runs `brake approve CODE` in their own terminal;
//! the agent's retry of the *same* command text in the *same* directory then runs, once. The
//! [`store`] keeps pending and granted approvals as private files under a lock, and [`origin`]
//! records where a held command came from so an agent cannot approve its own commands.

pub mod code;
pub mod origin;
pub mod store;

/// How long a granted approval may be used, in seconds.
pub const APPROVAL_VALID_SECS: u64 = 10 * 60;
/// How long a pending code may be approved, in seconds.
pub const PENDING_VALID_SECS: u64 = 60 * 60;
