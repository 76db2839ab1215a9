//! Replacing brake with the command (`execve`): the PID, exit status, signal deaths (143 for
//! SIGTERM in the parent shell), stdin, the environment and every argument byte pass through
//! untouched, because brake is simply gone. Failures map to the shells' codes: not found 127,
//! not executable 126.

use super::{EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND};
use std::ffi::OsString;
use std::os::unix::process::CommandExt;

/// What to run in brake's place.
#[derive(Debug, Clone, Default)]
pub struct Exec {
    /// A path, or a name looked up in `PATH`.
    pub program: OsString,
    /// The new process's argv[0]; the program itself when `None`.
    pub arg0: Option<OsString>,
    pub args: Vec<OsString>,
    /// Variables to add (the marker of a confirmed command); nothing is removed.
    pub env: Vec<(String, String)>,
    /// Commands that were read from standard input to be checked: the shell gets them back
    /// as its standard input.
    pub stdin: Option<Vec<u8>>,
}

/// Why the exec failed, with the exit status a shell would give.
#[derive(Debug)]
pub struct ExecError {
    pub code: u8,
    pub message: String,
}

/// Execs `e`. Returns only when that fails.
pub fn exec(e: Exec) -> ExecError {
    let name = e.program.to_string_lossy().into_owned();
    if let Some(bytes) = &e.stdin {
        if let Err(err) = replace_stdin(bytes) {
            return ExecError {
                code: EXIT_NOT_EXECUTABLE,
                message: format!("cannot hand standard input back to the shell: {err}"),
            };
        }
    }
    let mut cmd = std::process::Command::new(&e.program);
    cmd.args(&e.args);
    if let Some(a0) = &e.arg0 {
        cmd.arg0(a0);
    }
    for (k, v) in &e.env {
        cmd.env(k, v);
    }
    let err = cmd.exec();
    let (code, what) = match (err.kind(), err.raw_os_error()) {
        (std::io::ErrorKind::NotFound, _) => (EXIT_NOT_FOUND, "command not found".to_string()),
        (std::io::ErrorKind::PermissionDenied, _) => {
            (EXIT_NOT_EXECUTABLE, "Permission denied".to_string())
        }
        (_, Some(libc::ENOEXEC)) => (
            EXIT_NOT_EXECUTABLE,
            "cannot execute binary file: Exec format error".to_string(),
        ),
        _ => (EXIT_NOT_EXECUTABLE, err.to_string()),
    };
    ExecError {
        code,
        message: format!("{name}: {what}"),
    }
}

/// Puts `bytes` on fd 0 as an in-memory file positioned at its start.
fn replace_stdin(bytes: &[u8]) -> std::io::Result<()> {
    use rustix::fs::{memfd_create, seek, MemfdFlags, SeekFrom};
    let fd = memfd_create("brake-stdin", MemfdFlags::CLOEXEC)?;
    let mut file = std::fs::File::from(fd);
    std::io::Write::write_all(&mut file, bytes)?;
    seek(&file, SeekFrom::Start(0))?;
    rustix::stdio::dup2_stdin(&file)?;
    Ok(())
}
