//! Finding the real shell brake stands in for: `BRAKE_SHELL`, the config's `shell`, the passwd
//! shell, `/bin/bash`, `/bin/sh`, in that order, skipping every candidate that is brake itself
//! (same canonical path or same inode), so `SHELL=brake`, a symlink or a hard link to brake can
//! never make brake exec itself in a loop.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The candidates in order, before filtering.
pub fn candidates(config_shell: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = std::env::var("BRAKE_SHELL").ok().filter(|s| !s.is_empty()) {
        out.push(s);
    }
    if let Some(s) = config_shell.filter(|s| !s.is_empty()) {
        out.push(s.to_string());
    }
    if let Some(s) = passwd_shell() {
        out.push(s);
    }
    out.push("/bin/bash".into());
    out.push("/bin/sh".into());
    out
}

/// The first candidate that exists, is executable and is not brake. `Err` lists what was tried.
pub fn real_shell(config_shell: Option<&str>) -> Result<PathBuf, String> {
    let me = std::env::current_exe().ok();
    let mut tried = Vec::new();
    for c in candidates(config_shell) {
        let path = match which(&c) {
            Some(p) => p,
            None => {
                tried.push(format!("{c} (not found)"));
                continue;
            }
        };
        if me.as_deref().is_some_and(|me| same_file(me, &path)) {
            tried.push(format!("{c} (is brake itself)"));
            continue;
        }
        return Ok(path);
    }
    Err(format!("no real shell found; tried {}", tried.join(", ")))
}

/// Whether two paths are the same file: same canonical path, or same device and inode.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(x), Ok(y)) = (a.canonicalize(), b.canonicalize()) {
        if x == y {
            return true;
        }
    }
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Resolves a program name as `execvp` would: a name with a `/` is a path, anything else is
/// looked up in `PATH`. Only executable regular files count.
pub fn which(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        let p = PathBuf::from(name);
        return is_executable_file(&p).then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable_file(p))
}

pub fn is_executable_file(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The login shell of the current user from `/etc/passwd`.
fn passwd_shell() -> Option<String> {
    let uid = rustix::process::getuid().as_raw().to_string();
    let text = std::fs::read_to_string("/etc/passwd").ok()?;
    text.lines()
        .map(|l| l.split(':').collect::<Vec<_>>())
        .find(|f| f.len() >= 7 && f[2] == uid)
        .map(|f| f[6].to_string())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallbacks_come_last() {
        let c = candidates(Some("/opt/zsh"));
        assert_eq!(&c[c.len() - 2..], ["/bin/bash", "/bin/sh"]);
        assert!(c.contains(&"/opt/zsh".to_string()));
    }

    #[test]
    fn which_finds_sh_and_same_file_sees_links() {
        let sh = which("sh").expect("sh on PATH");
        assert!(same_file(&sh, &sh.canonicalize().unwrap()));
        assert!(!same_file(&sh, Path::new("/nonexistent/brake")));
        assert!(which("/nonexistent/brake-shell").is_none());
    }
}
