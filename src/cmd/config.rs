//! `brake config` (the effective configuration and its sources) and `brake trust` (let a
//! project's `.brake.yaml` loosen, after a human confirms on the terminal).

use super::{load_config, EXIT_ERROR, EXIT_HELD, EXIT_OK};
use std::io::{BufRead, Write};
use std::path::PathBuf;

pub fn show() -> u8 {
    match load_config() {
        Ok(c) => {
            print!("{}", c.describe());
            EXIT_OK
        }
        Err(code) => code,
    }
}

pub fn trust(file: Option<PathBuf>) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let Some(path) = file.or_else(|| brake::config::project_file(&cwd)) else {
        eprintln!("brake: no .brake.yaml here or in any parent directory");
        return EXIT_ERROR;
    };
    let content = match std::fs::read_to_string(&path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("brake: {}: {e}", path.display());
            return EXIT_ERROR;
        }
    };
    // Trust is a human decision: it is asked on the terminal, never read from stdin, so an
    // agent piping `yes` cannot grant it.
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty");
    let Ok(tty) = tty else {
        eprintln!(
            "brake: trusting a project file needs a human at a terminal (/dev/tty does not open)"
        );
        return EXIT_HELD;
    };
    let mut out = &tty;
    let _ = writeln!(
        out,
        "brake: {} asks to be trusted. Once trusted it may disable rules,",
        path.display()
    );
    let _ = writeln!(
        out,
        "lower severities and turn deny into ask. Its content:\n"
    );
    for line in content.lines() {
        let _ = writeln!(out, "    {line}");
    }
    let _ = write!(out, "\nType `trust` to trust exactly this content: ");
    let _ = out.flush();
    let mut answer = String::new();
    if std::io::BufReader::new(&tty)
        .read_line(&mut answer)
        .is_err()
        || answer.trim() != "trust"
    {
        let _ = writeln!(out, "not trusted");
        return EXIT_HELD;
    }
    match brake::config::trust(&path) {
        Ok(hash) => {
            let _ = writeln!(
                out,
                "trusted {} (sha256 {hash}); any change to the file voids the trust",
                path.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("brake: {e}");
            EXIT_ERROR
        }
    }
}
