//! Shell scripts (`*.sh`, `*.bash`, a shell shebang): the whole file is checked as one text, so
//! variables, `cd` and `mktemp` paths carry from one line to the next exactly as in a
//! command line, and every span is already a file offset.

use super::source::{Context, Snippet};

/// Interpreters whose scripts brake reads as shell.
const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "ksh", "mksh", "zsh", "busybox"];

pub fn snippets(text: &str) -> Vec<Snippet> {
    let mut s = Snippet::new(None, Context::Host);
    s.push_exact(text, 0);
    vec![s]
}

/// Whether a first line is a shebang naming a shell (`#!/bin/sh`, `#!/usr/bin/env -S bash -e`).
pub fn is_shell_shebang(first_line: &str) -> bool {
    let Some(rest) = first_line.strip_prefix("#!") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let Some(mut prog) = words.next().map(basename) else {
        return false;
    };
    if prog == "env" {
        match words.find(|w| !w.starts_with('-') && !w.contains('=')) {
            Some(p) => prog = basename(p),
            None => return false,
        }
    }
    SHELLS.contains(&prog)
}

fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::is_shell_shebang;

    #[test]
    fn shebangs_of_shells_and_only_shells() {
        for yes in [
            "#!/bin/sh",
            "#! /bin/bash -e",
            "#!/usr/bin/env bash",
            "#!/usr/bin/env -S zsh -f",
        ] {
            assert!(is_shell_shebang(yes), "{yes}");
        }
        for no in ["#!/usr/bin/env python3", "#!/usr/bin/perl", "# not", "#!"] {
            assert!(!is_shell_shebang(no), "{no}");
        }
    }
}
