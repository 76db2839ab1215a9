//! Replacing brake with the command (`execve`): the PID, exit status, signal deaths (143 for
//! SIGTERM in the parent shell), stdin, the environment and every argument byte pass through
//! untouched, because brake is simply gone. Failures map to the shells' codes: not found 127,
//! not executable 126.

use super::{EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND};
use crate::model::scripts::starts_as_shell_script;
use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// What to run in brake's place.
#[derive(Debug, Clone, Default)]
pub struct Exec {
    /// A path, or a name looked up in `PATH`.
    pub program: OsString,
    /// Where `program` was already found in `PATH`, so exec need not search again.
    pub found: Option<std::path::PathBuf>,
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
///
/// `execv` on the path `execvp` would find, not `std::process::Command`: nothing is reset on
/// the way (std's `exec` sets SIGPIPE back to its default, which the command's parent may have
/// chosen otherwise), and it is the shortest path on the hot one. A file without a `#!` line
/// that is shell text goes to `/bin/sh`, as glibc's `execvp` and bash do (musl's does not);
/// brake has read and checked such a file's text before it gets here. A binary that is not one
/// is refused, never handed to a shell unread.
pub fn exec(e: Exec) -> ExecError {
    let name = e.program.to_string_lossy().into_owned();
    let fail = |code, what: String| ExecError {
        code,
        message: format!("{name}: {what}"),
    };
    if let Some(bytes) = &e.stdin {
        if let Err(err) = replace_stdin(bytes) {
            return ExecError {
                code: EXIT_NOT_EXECUTABLE,
                message: format!("cannot hand standard input back to the shell: {err}"),
            };
        }
    }
    let by_name = !e.program.as_bytes().contains(&b'/');
    let path = match (e.found, by_name) {
        (Some(p), _) => p.into_os_string(),
        (None, true) => match super::shell::which(&name) {
            Some(p) => p.into_os_string(),
            None => return fail(EXIT_NOT_FOUND, "command not found".into()),
        },
        (None, false) => e.program.clone(),
    };
    let c = |s: &OsStr| CString::new(s.as_bytes());
    let Ok(program) = c(&path) else {
        return fail(EXIT_NOT_FOUND, "No such file or directory".into());
    };
    let words = std::iter::once(e.arg0.as_deref().unwrap_or(&e.program))
        .chain(e.args.iter().map(OsString::as_os_str))
        .map(c)
        .collect::<Result<Vec<CString>, _>>();
    let Ok(words) = words else {
        return fail(
            EXIT_NOT_EXECUTABLE,
            "an argument contains a NUL byte".into(),
        );
    };
    for (k, v) in &e.env {
        // brake has no other thread, so changing its own environment just before exec is safe.
        std::env::set_var(k, v);
    }
    let err = execv(&program, &words);
    match err.raw_os_error() {
        Some(libc::ENOEXEC) if starts_as_shell_script(Path::new(&path)) => {
            // `/bin/sh FILE ARGS...`, as glibc's execvp runs it.
            let sh = CString::from(c"/bin/sh");
            let words: Vec<CString> = [sh.clone(), program]
                .into_iter()
                .chain(words.into_iter().skip(1))
                .collect();
            let err = execv(&sh, &words);
            fail(EXIT_NOT_EXECUTABLE, format!("/bin/sh: {err}"))
        }
        Some(libc::ENOENT) => fail(EXIT_NOT_FOUND, "No such file or directory".into()),
        Some(libc::EACCES) => fail(EXIT_NOT_EXECUTABLE, "Permission denied".into()),
        Some(libc::ENOEXEC) => fail(
            EXIT_NOT_EXECUTABLE,
            "cannot execute binary file: Exec format error".into(),
        ),
        _ => fail(EXIT_NOT_EXECUTABLE, err.to_string()),
    }
}

/// `execv(program, words)`; returns the error when it fails.
fn execv(program: &CString, words: &[CString]) -> std::io::Error {
    let mut argv: Vec<*const libc::c_char> = words.iter().map(|w| w.as_ptr()).collect();
    argv.push(std::ptr::null());
    // SAFETY: `program` and every `argv` entry are NUL-terminated strings that outlive the
    // call, and `argv` ends with a null pointer.
    unsafe { libc::execv(program.as_ptr(), argv.as_ptr()) };
    std::io::Error::last_os_error()
}

/// Makes sure fds 0, 1 and 2 are open (on `/dev/null` when they were closed), so that a file
/// brake opens can never take the place of its stdout or stderr.
pub fn sanitize_standard_fds() {
    for fd in 0..3 {
        // SAFETY: F_GETFD only reads the descriptor's flags.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        if closed {
            // SAFETY: a plain open of a constant path. The lowest free descriptor is `fd`
            // itself; it is left open (and inherited) for the rest of the process's life.
            unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        }
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
