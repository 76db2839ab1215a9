//! The man page and shell completions are generated from the clap definition and checked in.
//! This test regenerates them and fails when the checked-in copies differ. To refresh them:
//! `BRAKE_UPDATE_ASSETS=1 cargo test --test tests assets`.

use clap_complete::Shell;
use std::path::Path;

fn generated() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "brake.bash"),
        (Shell::Zsh, "_brake"),
        (Shell::Fish, "brake.fish"),
        (Shell::PowerShell, "_brake.ps1"),
        (Shell::Elvish, "brake.elv"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut brake::cli::command(), "brake", &mut buf);
        out.push((format!("completions/{file}"), buf));
    }
    let mut man = Vec::new();
    clap_mangen::Man::new(brake::cli::command())
        .render(&mut man)
        .unwrap();
    out.push(("man/brake.1".to_string(), man));
    out
}

#[test]
fn completions_and_man_page_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("BRAKE_UPDATE_ASSETS").is_some();
    let mut stale = Vec::new();
    for (rel, content) in generated() {
        let path = root.join(&rel);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&content[..]) {
            stale.push(rel);
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files {stale:?}: run `BRAKE_UPDATE_ASSETS=1 cargo test --test tests assets` and commit"
    );
}
