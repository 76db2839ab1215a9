//! Finding the real shell brake stands in for: `BRAKE_SHELL`, the config's `shell`, the passwd
//! shell, `/bin/bash`, `/bin/sh`, in that order, skipping every candidate that is brake itself
//! (same device and inode), so `SHELL=brake`, a symlink or a hard link to brake can
//! never make brake exec itself in a loop.

use crate::model::scripts::is_executable;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

/// The candidates in order, before filtering. Lazy: `/etc/passwd` is only read when neither
/// `BRAKE_SHELL` nor the config names a usable shell.
pub fn candidates(config_shell: Option<&str>) -> impl Iterator<Item = String> + '_ {
    let env = std::env::var("BRAKE_SHELL").ok().filter(|s| !s.is_empty());
    let config = config_shell.filter(|s| !s.is_empty()).map(str::to_string);
    env.into_iter()
        .chain(config)
        .chain(std::iter::once_with(passwd_shell).flatten())
        .chain(["/bin/bash".to_string(), "/bin/sh".to_string()])
}

/// The first candidate that exists, is executable and is not brake. `Err` lists what was tried.
pub fn real_shell(config_shell: Option<&str>) -> Result<PathBuf, String> {
    // The running binary itself, by device and inode: `/proc/self/exe` leads to it even when
    // it was reached through a symlink or a hard link, or replaced on disk since.
    let me = std::fs::metadata("/proc/self/exe")
        .or_else(|_| std::env::current_exe().and_then(std::fs::metadata))
        .ok();
    let mut tried = Vec::new();
    for c in candidates(config_shell) {
        let Some((path, meta)) = which_with_metadata(&c) else {
            tried.push(format!("{c} (not found)"));
            continue;
        };
        if me
            .as_ref()
            .is_some_and(|me| me.dev() == meta.dev() && me.ino() == meta.ino())
        {
            tried.push(format!("{c} (is brake itself)"));
            continue;
        }
        return Ok(path);
    }
    Err(format!("no real shell found; tried {}", tried.join(", ")))
}

/// Resolves a program name as `execvp` would: a name with a `/` is a path, anything else is
/// looked up in `PATH`. Only executable regular files count.
pub fn which(name: &str) -> Option<PathBuf> {
    which_with_metadata(name).map(|(p, _)| p)
}

fn which_with_metadata(name: &str) -> Option<(PathBuf, std::fs::Metadata)> {
    let executable = |p: PathBuf| {
        let m = std::fs::metadata(&p).ok()?;
        is_executable(&m).then_some((p, m))
    };
    if name.contains('/') {
        return executable(PathBuf::from(name));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| executable(dir.join(name)))
}

/// The login shell of the current user from `/etc/passwd`.
fn passwd_shell() -> Option<String> {
    let uid = rustix::process::getuid().as_raw().to_string();
    let text = std::fs::read_to_string("/etc/passwd").ok()?;
    text.lines().find_map(|line| {
        let mut fields = line.split(':');
        let shell = fields.clone().nth(6)?;
        (fields.nth(2)? == uid && !shell.is_empty()).then(|| shell.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallbacks_come_last() {
        let c: Vec<String> = candidates(Some("/opt/zsh")).collect();
        assert_eq!(&c[c.len() - 2..], ["/bin/bash", "/bin/sh"]);
        assert!(c.contains(&"/opt/zsh".to_string()));
    }

    #[test]
    fn which_finds_executables_only() {
        let sh = which("sh").expect("sh on PATH");
        assert!(sh.is_absolute());
        assert!(which("/nonexistent/brake-shell").is_none());
        assert!(which("/etc/passwd").is_none(), "not executable");
        assert!(which("/").is_none(), "not a file");
    }
}
