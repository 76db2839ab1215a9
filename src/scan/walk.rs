//! Which files a scan reads. Directories are walked with the `ignore` crate (ripgrep's walker):
//! `.gitignore`, `.ignore` and `.brakeignore` are respected (in or out of a git checkout),
//! hidden files are not skipped — `.github/` and `.gitlab-ci.yml` are hidden — but `.git/`
//! is. A file is read when its name or place says its kind ([`Kind::of_path`]), or when it has
//! no extension and its shebang names a shell. A file named on the command line is always
//! read, as a shell script when its name says nothing else.

use super::{Kind, ScanError};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file to read.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    /// The path as shown in reports: as walked, without a leading `./`.
    pub display: String,
    /// None: read it only if its shebang names a shell.
    pub kind: Option<Kind>,
}

/// The files under `roots`, in a stable order, and the roots or entries that could not be read.
pub fn targets(roots: &[PathBuf]) -> (Vec<Target>, Vec<ScanError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(ScanError {
                    path: display(root),
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        if meta.is_file() {
            out.push(Target {
                path: root.clone(),
                display: display(root),
                // `ci.yml` given from inside `.github/workflows/` is still a workflow.
                kind: Some(
                    Kind::of_path(root)
                        .or_else(|| Kind::of_path(&root.canonicalize().ok()?))
                        .unwrap_or(Kind::Script),
                ),
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .add_custom_ignore_filename(".brakeignore")
            .filter_entry(|e| e.file_name() != ".git")
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(ScanError {
                        path: display(root),
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let kind = Kind::of_path(path);
            if kind.is_none() && path.extension().is_some() {
                continue;
            }
            out.push(Target {
                path: path.to_path_buf(),
                display: display(path),
                kind,
            });
        }
    }
    (out, errors)
}

fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if s.is_empty() {
        ".".into()
    } else {
        s.replace('\\', "/")
    }
}

/// Whether the file starts with a shebang naming a shell (reads only its first bytes).
pub fn shebang_is_shell(path: &Path) -> std::io::Result<bool> {
    let mut head = [0u8; 256];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut head)?;
    if !head[..n].starts_with(b"#!") {
        return Ok(false);
    }
    let text = String::from_utf8_lossy(&head[..n]);
    Ok(super::is_shell_shebang(text.lines().next().unwrap_or("")))
}
