//! Files that a shell will read as commands when they are executed by path (`./deploy.sh`,
//! `brake deploy.sh`): a `#!` line naming a shell, or no `#!` line at all, which `execvp` and
//! bash both hand to a shell. Their text is checked like the text of `bash deploy.sh`.

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Shells whose scripts brake can read.
const SHELLS: &[&str] = &[
    "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "brake",
];

/// How much of a file decides what it is: bash looks for a NUL byte in its first 80 bytes.
const HEAD_BYTES: usize = 80;

/// Whether a file starting with `head` is run by a shell when executed. A `#!` line must name a
/// shell (directly or through `env`); without one, the file is shell text unless its first line
/// holds a NUL byte (a binary format, which the kernel or the shell refuses).
pub fn is_shell_script(head: &[u8]) -> bool {
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let Some(rest) = first.strip_prefix(b"#!") else {
        return !first[..first.len().min(HEAD_BYTES)].contains(&0) && !head.starts_with(b"\x7fELF");
    };
    let line = String::from_utf8_lossy(rest);
    let mut words = line.split_whitespace();
    let Some(mut interp) = words.next().and_then(|w| w.rsplit('/').next()) else {
        return false;
    };
    if interp == "env" {
        match words.find(|w| !w.starts_with('-') && !w.contains('=')) {
            Some(w) => interp = w,
            None => return false,
        }
    }
    SHELLS.contains(&interp)
}

/// What reading an executable file found.
#[derive(Debug, PartialEq, Eq)]
pub enum Script {
    /// Shell text, to be checked.
    Text(String),
    /// A shell script longer than brake reads.
    TooLong,
}

/// Whether `meta` is an executable regular file (any execute bit).
pub fn is_executable(meta: &std::fs::Metadata) -> bool {
    meta.is_file() && meta.permissions().mode() & 0o111 != 0
}

/// The text of `path` when it is an executable regular file that a shell will run, read up to
/// `max` bytes; `None` for a binary, a script of another interpreter, or no such file.
pub fn read_executable(path: &Path, max: u64) -> Option<Script> {
    read_if(path, max, is_executable, is_shell_script)
}

/// The text of the regular file at `path` (a script given to a shell: `bash FILE`), read up to
/// `max` bytes.
pub fn read_file(path: &Path, max: u64) -> Option<Script> {
    read_if(path, max, |_| true, |_| true)
}

/// Whether the file at `path` starts as shell text that a shell runs (see [`is_shell_script`]).
pub fn starts_as_shell_script(path: &Path) -> bool {
    std::fs::File::open(path)
        .ok()
        .and_then(|mut f| head(&mut f))
        .is_some_and(|(buf, n)| is_shell_script(&buf[..n]))
}

/// Reads a regular file whose metadata and first bytes are accepted. The metadata is looked at
/// before the file is opened: opening a FIFO would wait for a writer.
fn read_if(
    path: &Path,
    max: u64,
    accept_meta: impl Fn(&std::fs::Metadata) -> bool,
    accept_head: impl Fn(&[u8]) -> bool,
) -> Option<Script> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || !accept_meta(&meta) {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let (buf, n) = head(&mut file)?;
    if !accept_head(&buf[..n]) {
        return None;
    }
    if meta.len() > max {
        return Some(Script::TooLong);
    }
    let mut bytes = buf[..n].to_vec();
    file.take(max + 1 - n as u64).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > max {
        return Some(Script::TooLong);
    }
    Some(Script::Text(String::from_utf8_lossy(&bytes).into_owned()))
}

/// The first bytes of `file` (up to 256, enough for [`is_shell_script`]).
fn head(file: &mut std::fs::File) -> Option<([u8; 256], usize)> {
    let mut buf = [0u8; 256];
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some((buf, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells_and_shebangless_text_are_scripts() {
        assert!(is_shell_script(b"#!/bin/sh\necho hi\n"));
        assert!(is_shell_script(b"#!/usr/bin/env -S bash -e\n"));
        assert!(is_shell_script(b"echo no shebang\n"));
        assert!(is_shell_script(b""));
        assert!(!is_shell_script(b"#!/usr/bin/env python3\nimport os\n"));
        assert!(!is_shell_script(b"#!/usr/bin/perl\n"));
        assert!(!is_shell_script(b"\x7fELF\x02\x01\x01\0\0\0"));
        assert!(!is_shell_script(b"MZ\x90\0\x03\0\0\0"));
    }
}
