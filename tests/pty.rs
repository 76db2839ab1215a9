//! Guarded execution through a real pseudo-terminal (a private tmux server): the question on
//! `/dev/tty`, No by default, Ctrl-C, the typed name for critical findings, stdin that belongs to
//! the command, a background job that is never asked, the nested-brake marker, the interactive
//! shell notice, and the whole approval flow: held with no terminal in one window, approved by
//! the human in another, refused from the agent's own process tree, the retry runs once.
//! Targets are directories and files the test created.

use crate::common::sandbox::{approval_code, Sandbox};
use crate::common::tmux::Tmux;

fn brake() -> &'static str {
    env!("CARGO_BIN_EXE_brake")
}

#[test]
fn no_by_default_yes_runs_and_stdin_is_never_the_answer() {
    let sb = Sandbox::new("pty-confirm");
    let t = Tmux::start(&sb);
    let victim = sb.victim("sub");
    let cmd = format!("{} rm -rf {}", brake(), victim.display());

    // `n`, Enter alone, Ctrl-C: not run, 77.
    for keys in [&["n", "Enter"][..], &["Enter"], &["C-c"]] {
        let n = t.start_cmd("main", &cmd);
        t.wait_for("main", "Run it? [y/N]");
        for k in keys {
            t.key("main", k);
        }
        assert_eq!(t.status("main", n), 77, "{keys:?}\n{}", t.screen("main"));
        assert!(victim.join("keep.txt").exists(), "{keys:?} must not run it");
    }
    // A `y` on stdin is the command's input, not the answer.
    let n = t.start_cmd("main", &format!("echo y | {cmd}"));
    t.wait_for("main", "Run it? [y/N]");
    t.type_text("main", "n");
    t.key("main", "Enter");
    assert_eq!(t.status("main", n), 77);
    assert!(victim.join("keep.txt").exists());

    // Yes: it runs.
    let n = t.start_cmd("main", &cmd);
    t.wait_for("main", "Run it? [y/N]");
    t.type_text("main", "y");
    t.key("main", "Enter");
    assert_eq!(t.status("main", n), 0, "{}", t.screen("main"));
    assert!(!victim.exists(), "confirmed: it ran");
    println!(
        "--- transcript of one confirmation ---\n{}\n---",
        t.screen("main")
    );
    assert_eq!(
        sb.outcomes(),
        ["declined", "declined", "declined", "declined", "confirmed"]
    );
}

#[test]
fn critical_findings_need_the_targets_name() {
    let sb = Sandbox::new("pty-critical");
    let t = Tmux::start(&sb);
    let file = sb.work().join("victim.txt");
    std::fs::write(&file, "precious").unwrap();
    let cmd = format!("{} shred -u {}", brake(), file.display());

    let n = t.start_cmd("main", &cmd);
    t.wait_for("main", "Type `victim.txt` to run it");
    t.type_text("main", "victim");
    t.key("main", "Enter");
    assert_eq!(t.status("main", n), 77, "{}", t.screen("main"));
    assert!(file.exists(), "a wrong name does not run it");

    let n = t.start_cmd("main", &cmd);
    t.wait_for("main", "Type `victim.txt` to run it");
    t.key("main", "C-c");
    assert_eq!(t.status("main", n), 77);
    assert!(file.exists());

    let n = t.start_cmd("main", &cmd);
    let screen = t.wait_for("main", "Type `victim.txt` to run it");
    assert!(screen.contains("critical wipe"), "{screen}");
    t.type_text("main", "victim.txt");
    t.key("main", "Enter");
    assert_eq!(t.status("main", n), 0, "{}", t.screen("main"));
    assert!(!file.exists(), "the right name runs it");
    assert_eq!(sb.outcomes(), ["declined", "declined", "confirmed"]);
}

#[test]
fn a_background_job_is_never_asked() {
    let sb = Sandbox::new("pty-background");
    let t = Tmux::start(&sb);
    let victim = sb.victim("sub");
    let status = t.run(
        "main",
        &format!("{} rm -rf {} 2>bg.err & wait $!", brake(), victim.display()),
    );
    assert_eq!(status, 77);
    let err = std::fs::read_to_string(sb.work().join("bg.err")).unwrap();
    assert!(err.contains("foreground process group"), "{err}");
    approval_code(&err);
    assert!(victim.join("keep.txt").exists());
}

#[test]
fn approve_from_another_terminal_lets_the_retry_run_once() {
    let sb = Sandbox::new("pty-approve");
    let t = Tmux::start(&sb);
    t.window("human");
    let victim = sb.victim("sub");
    // The agent's call: no terminal (a new session without one), as agents run commands.
    let agent = format!("setsid -w {} rm -rf {}", brake(), victim.display());

    assert_eq!(t.run("main", &format!("{agent} 2>held.err")), 77);
    let err = std::fs::read_to_string(sb.work().join("held.err")).unwrap();
    let code = approval_code(&err);
    assert!(victim.join("keep.txt").exists());

    // The agent runs the printed line itself: refused, and told why.
    let status = t.run("main", &format!("{} approve {code}", brake()));
    assert_eq!(status, 1);
    let screen = t.screen("main");
    assert!(screen.contains("refused"), "{screen}");
    assert!(
        screen.contains("which also started the held command"),
        "{screen}"
    );

    // Retrying before approval is held again, with the same code.
    assert_eq!(t.run("main", &format!("{agent} 2>again.err")), 77);
    let again = std::fs::read_to_string(sb.work().join("again.err")).unwrap();
    assert_eq!(approval_code(&again), code);

    // The human, in their own terminal: sees the summary, answers yes.
    let n = t.start_cmd("human", &format!("{} approve {code}", brake()));
    let screen = t.wait_for("human", "Run it? [y/N]");
    assert!(
        screen.contains(&format!("rm -rf {}", victim.display())),
        "{screen}"
    );
    assert!(screen.contains("fs.rm-recursive"), "{screen}");
    t.type_text("human", "y");
    t.key("human", "Enter");
    assert_eq!(t.status("human", n), 0, "{}", t.screen("human"));
    println!(
        "--- brake approve, human's terminal ---\n{}\n---",
        t.screen("human")
    );
    let listed = t.run("human", &format!("{} approvals", brake()));
    assert_eq!(listed, 0);
    assert!(
        t.screen("human").contains("approved"),
        "{}",
        t.screen("human")
    );

    // The agent's retry runs, once.
    assert_eq!(t.run("main", &format!("{agent} 2>retry.err")), 0);
    assert!(!victim.exists(), "the approved retry ran");
    assert_eq!(t.run("main", &format!("{agent} 2>second.err")), 77);
    let second = std::fs::read_to_string(sb.work().join("second.err")).unwrap();
    assert_ne!(approval_code(&second), code, "a used approval is gone");

    assert_eq!(
        sb.outcomes(),
        [
            "held",
            "declined",
            "held",
            "approved",
            "ran-by-approval",
            "held"
        ]
    );
    let verify = t.run("human", &format!("{} log verify", brake()));
    assert_eq!(verify, 0, "{}", t.screen("human"));
}

#[test]
fn a_nested_brake_asks_only_about_what_was_not_confirmed() {
    let sb = Sandbox::new("pty-nested");
    let t = Tmux::start(&sb);
    let (v1, v2, v3) = (sb.victim("one"), sb.victim("two"), sb.victim("three"));
    let b = brake();

    let n = t.start_cmd(
        "main",
        &format!(
            "{b} -c \"rm -rf {}; {b} -c 'rm -rf {}'\"",
            v1.display(),
            v1.display()
        ),
    );
    t.wait_for("main", "Run it? [y/N]");
    t.type_text("main", "y");
    t.key("main", "Enter");
    assert_eq!(t.status("main", n), 0, "{}", t.screen("main"));
    assert_eq!(t.screen("main").matches("Run it?").count(), 1);
    assert!(!v1.exists());
    assert_eq!(sb.outcomes(), ["confirmed", "confirmed-by-parent"]);

    // A nested command with a new target is asked about.
    let n = t.start_cmd(
        "main",
        &format!(
            "{b} -c \"rm -rf {}; {b} -c 'rm -rf {}'\"",
            v2.display(),
            v3.display()
        ),
    );
    t.wait_for("main", "Run it? [y/N]");
    t.type_text("main", "y");
    t.key("main", "Enter");
    t.wait_for("main", &format!("  rm -rf {}", v3.display()));
    t.type_text("main", "n");
    t.key("main", "Enter");
    assert_eq!(t.status("main", n), 77);
    assert!(!v2.exists());
    assert!(v3.join("keep.txt").exists());
}

#[test]
fn an_interactive_shell_says_typed_commands_are_not_checked() {
    let sb = Sandbox::new("pty-interactive");
    let t = Tmux::start(&sb);
    t.line("main", &format!("BRAKE_SHELL=/bin/bash {}", brake()));
    t.wait_for("main", "commands you type into it are not checked");
    t.line("main", "echo inside-$((2+3))");
    t.wait_for("main", "inside-5");
    t.line("main", "exit");
    assert_eq!(t.run("main", "echo outer-$((1+1))"), 0);
    assert!(t.screen("main").contains("outer-2"));
}
