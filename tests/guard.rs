//! Guarded execution without a terminal (how agents, CI and hooks run brake): prefix mode, the
//! drop-in shell, exec fidelity (status, signals, stdin, environment, arguments), 126/127, the
//! real-shell search that never finds brake itself, held commands exiting 77 with an approval
//! code, the deny policy, the marker that is not a bypass, and the audit log through the CLI.
//! Every held command targets a directory the test created; every command that runs is harmless.

use crate::common::sandbox::{approval_code, output, Sandbox};
use std::os::unix::process::ExitStatusExt;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn prefix_mode_execs_with_the_commands_own_status_and_arguments() {
    let sb = Sandbox::new("prefix");
    let o = sb.run(&["sh", "-c", "exit 3"]);
    assert_eq!(o.status.code(), Some(3));
    let o = sb.run(&["--", "printf", "[%s]\n", "a b", "q'u\"ote", "new\nline", ""]);
    assert_eq!(text(&o.stdout), "[a b]\n[q'u\"ote]\n[new\nline]\n[]\n");
    // A program named like a subcommand runs after `--`.
    let o = sb.run(&["--", "echo", "check"]);
    assert_eq!(text(&o.stdout), "check\n");
}

#[test]
fn a_sigterm_death_reads_143_in_the_parent_shell() {
    let sb = Sandbox::new("signal");
    let brake = env!("CARGO_BIN_EXE_brake");
    let mut c = std::process::Command::new("sh");
    c.args(["-c", &format!("'{brake}' sh -c 'kill -TERM $$'; echo $?")]);
    sb.setup(&mut c);
    assert_eq!(text(&output(c).stdout), "143\n");
    let o = sb.run(&["-c", "kill -TERM $$"]);
    assert_eq!(o.status.signal(), Some(15), "{o:?}");
}

#[test]
fn stdin_environment_and_pid_pass_through() {
    let sb = Sandbox::new("fidelity");
    let mut c = sb.brake(&["cat"]);
    c.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"line one\nline two\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(text(&o.stdout), "line one\nline two\n");

    let mut c = sb.brake(&["-c", "printf '%s' \"$FOO\""]);
    c.env("FOO", "x y\nz");
    assert_eq!(text(&output(c).stdout), "x y\nz");

    let mut c = sb.brake(&["sh", "-c", "echo $$"]);
    c.stdout(std::process::Stdio::piped());
    let child = c.spawn().unwrap();
    let pid = child.id();
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        text(&o.stdout).trim(),
        pid.to_string(),
        "exec keeps the PID"
    );
}

#[test]
fn not_found_is_127_and_not_executable_is_126() {
    let sb = Sandbox::new("exec-fail");
    let o = sb.run(&["brake-no-such-program-x"]);
    assert_eq!(o.status.code(), Some(127));
    assert!(text(&o.stderr).contains("command not found"));
    let dir = sb.work().join("adir");
    std::fs::create_dir(&dir).unwrap();
    let o = sb.run(&[dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(126), "{}", text(&o.stderr));
}

#[test]
fn shell_mode_accepts_bashs_option_grammar() {
    let sb = Sandbox::new("shell");
    let o = sb.run(&["-c", "echo \"$0|$1|$2\"", "zero", "one", "two words"]);
    assert_eq!(text(&o.stdout), "zero|one|two words\n");
    let o = sb.run(&["-euo", "pipefail", "-c", "false | true; echo after"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stdout), "");
    let o = sb.run(&["--norc", "--noprofile", "-O", "extglob", "-c", "echo ok"]);
    assert_eq!(text(&o.stdout), "ok\n");
    let o = sb.run(&["-c", "-l", "echo late-option"]);
    assert_eq!(text(&o.stdout), "late-option\n");
    let o = sb.run(&["-lc", "exit 5"]);
    assert_eq!(o.status.code(), Some(5));
    // One argument that is a whole command line (CLAUDE_CODE_SHELL_PREFIX=brake).
    let o = sb.run(&["echo one && echo two"]);
    assert_eq!(text(&o.stdout), "one\ntwo\n");
}

#[test]
fn a_login_shell_is_signalled_by_argv0() {
    let sb = Sandbox::new("login");
    let brake = env!("CARGO_BIN_EXE_brake");
    let mut c = std::process::Command::new("bash");
    c.args([
        "-c",
        &format!("exec -a -brake '{brake}' -c 'shopt -q login_shell && echo login; echo $0'"),
    ]);
    sb.setup(&mut c);
    c.env("BRAKE_SHELL", "/bin/bash");
    assert_eq!(text(&output(c).stdout), "login\n-brake\n");
}

#[test]
fn held_without_a_terminal_exits_77_runs_nothing_and_prints_an_approval_line() {
    let sb = Sandbox::new("held");
    let victim = sb.victim("sub");
    let target = victim.to_str().unwrap();
    for args in [
        vec!["rm", "-rf", target],
        vec!["--", "rm", "-rf", target],
        vec!["-c", &format!("rm -rf '{target}'")],
        vec!["-lc", &format!("echo first; rm -rf {target}")],
        vec!["bash", "-c", &format!("echo first; rm -rf {target}")],
        vec![&format!("echo first && rm -rf {target}")],
    ] {
        let o = sb.run(&args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(77), "{args:?}: {err}");
        assert!(victim.join("keep.txt").exists(), "{args:?} must not run");
        assert_eq!(text(&o.stdout), "", "nothing ran, not even `echo first`");
        assert!(err.contains("held, not run"), "{err}");
        assert!(err.contains("fs.rm-recursive"), "{err}");
        assert!(err.contains("a human must approve"), "{err}");
        let code = approval_code(&err);
        assert_eq!(code.len(), 9, "{code}");
    }
    // The same command text from the same directory keeps one pending code.
    let a = approval_code(&text(&sb.run(&["rm", "-rf", target]).stderr));
    let b = approval_code(&text(&sb.run(&["rm", "-rf", target]).stderr));
    assert_eq!(a, b);
    let list = text(&sb.run(&["approvals"]).stdout);
    assert!(list.contains(&a) && list.contains("pending"), "{list}");
    assert!(sb.outcomes().iter().all(|o| o == "held"));
    // Files are private.
    use std::os::unix::fs::PermissionsExt;
    for f in ["audit.jsonl", "approvals"] {
        let mode = std::fs::metadata(sb.state().join(f))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{f} is private: {mode:o}");
    }
}

#[test]
fn scripts_and_piped_commands_are_checked_before_they_run() {
    let sb = Sandbox::new("scripts");
    let victim = sb.victim("sub");
    let body = format!("echo ran\nrm -rf '{}'\n", victim.display());
    std::fs::write(sb.work().join("plain.sh"), &body).unwrap();
    let exe = sb.work().join("exe.sh");
    std::fs::write(&exe, format!("#!/bin/sh\n{body}")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    for args in [
        vec!["plain.sh"],
        vec!["-e", "plain.sh", "arg"],
        vec!["./exe.sh"],
    ] {
        let o = sb.run(&args);
        assert_eq!(o.status.code(), Some(77), "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stdout), "");
    }
    let mut c = sb.brake(&["-s"]);
    c.stdin(std::fs::File::open(sb.work().join("plain.sh")).unwrap());
    let o = output(c);
    assert_eq!(o.status.code(), Some(77));
    assert!(victim.join("keep.txt").exists());
    // Harmless ones run, with their stdin given back to the shell.
    std::fs::write(sb.work().join("ok.sh"), "echo script-ran \"$1\"\n").unwrap();
    assert_eq!(text(&sb.run(&["ok.sh", "x"]).stdout), "script-ran x\n");
    let mut c = sb.brake(&[]);
    c.stdin(std::fs::File::open(sb.work().join("ok.sh")).unwrap());
    assert_eq!(text(&output(c).stdout), "script-ran \n");
}

#[test]
fn brake_as_its_own_shell_never_loops() {
    let sb = Sandbox::new("loop");
    let brake = env!("CARGO_BIN_EXE_brake");
    let link = sb.root.join("bash-link");
    std::os::unix::fs::symlink(brake, &link).unwrap();
    let hard = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("brake-hardlink-{}", std::process::id()));
    let _ = std::fs::remove_file(&hard);
    let hard_ok = std::fs::hard_link(brake, &hard).is_ok();
    let mut shells = vec![brake.to_string(), link.display().to_string()];
    if hard_ok {
        shells.push(hard.display().to_string());
    }
    for shell in &shells {
        let mut c = sb.brake(&["-c", "echo no-loop"]);
        c.env("BRAKE_SHELL", shell).env("SHELL", brake);
        let o = output(c);
        assert_eq!(text(&o.stdout), "no-loop\n", "BRAKE_SHELL={shell}: {o:?}");
        // Started under its other names too.
        let mut c = std::process::Command::new(shell);
        c.args(["-c", "echo via-link"]);
        sb.setup(&mut c);
        c.env("BRAKE_SHELL", shell);
        assert_eq!(text(&output(c).stdout), "via-link\n", "{shell}");
    }
    sb.config("shell: bash-link-is-not-a-path\n");
    let mut c = sb.brake(&["-c", "echo config-fallback"]);
    c.env("BRAKE_SHELL", &link);
    assert_eq!(text(&output(c).stdout), "config-fallback\n");
    let _ = std::fs::remove_file(&hard);
}

#[test]
fn make_and_script_use_brake_as_their_shell() {
    let sb = Sandbox::new("make");
    let brake = env!("CARGO_BIN_EXE_brake");
    let victim = sb.victim("sub");
    std::fs::write(
        sb.work().join("Makefile"),
        format!(
            "ok:\n\t@echo made-$$((1+2))\nwipe:\n\trm -rf '{}'\n",
            victim.display()
        ),
    )
    .unwrap();
    assert!(which("make"), "make is needed: run scripts/setup.sh");
    {
        let mut c = std::process::Command::new("make");
        c.args(["-s", &format!("SHELL={brake}"), "ok"]);
        sb.setup(&mut c);
        assert_eq!(text(&output(c).stdout), "made-3\n");
        let mut c = std::process::Command::new("make");
        c.args([&format!("SHELL={brake}"), "wipe"]);
        sb.setup(&mut c);
        let o = output(c);
        assert!(!o.status.success());
        assert!(text(&o.stderr).contains("Error 77"), "{}", text(&o.stderr));
        assert!(victim.join("keep.txt").exists());
    }
    assert!(which("script"), "script is needed: run scripts/setup.sh");
    {
        // `script` runs `$SHELL -c CMD` on a new pseudo-terminal.
        let mut c = std::process::Command::new("script");
        c.args(["-qec", "echo via-script", "/dev/null"]);
        sb.setup(&mut c);
        c.env("SHELL", brake);
        let o = output(c);
        assert!(text(&o.stdout).contains("via-script"), "{o:?}");
    }
}

#[test]
fn sudo_s_runs_brake_as_the_shell() {
    assert!(which("sudo"), "sudo is needed: run scripts/setup.sh");
    // sudo asks for a password unless we are root; CI runs as root.
    if !rustix::process::geteuid().is_root() {
        return;
    }
    let sb = Sandbox::new("sudo");
    let brake = env!("CARGO_BIN_EXE_brake");
    let victim = sb.victim("sub");
    // `sudo -s CMD` runs `$SHELL -c CMD`; -E keeps the sandbox's HOME and state directory.
    let mut c = std::process::Command::new("sudo");
    c.args(["-n", "-E", "-s", "echo", "via-sudo"]);
    sb.setup(&mut c);
    c.env("SHELL", brake);
    let o = output(c);
    assert_eq!(text(&o.stdout), "via-sudo\n", "{o:?}");
    let mut c = std::process::Command::new("sudo");
    c.args(["-n", "-E", "-s", "rm", "-rf", victim.to_str().unwrap()]);
    sb.setup(&mut c);
    c.env("SHELL", brake);
    let o = output(c);
    assert_eq!(o.status.code(), Some(77), "{o:?}");
    assert!(victim.join("keep.txt").exists());
}

fn which(p: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {p}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn deny_in_the_config_means_no_question_and_no_code() {
    let sb = Sandbox::new("deny");
    sb.config("decisions:\n  high: deny\n");
    let victim = sb.victim("sub");
    let o = sb.run(&["rm", "-rf", victim.to_str().unwrap()]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(77));
    assert!(err.contains("denied, not run"), "{err}");
    assert!(!err.contains("brake approve"), "{err}");
    assert_eq!(sb.outcomes(), ["denied"]);
    assert!(victim.join("keep.txt").exists());
}

#[test]
fn the_marker_variable_is_not_a_bypass() {
    let sb = Sandbox::new("marker");
    let victim = sb.victim("sub");
    for token in ["1", "0123456789abcdef0123456789abcdef", "../../etc/passwd"] {
        let mut c = sb.brake(&["rm", "-rf", victim.to_str().unwrap()]);
        c.env("BRAKE_CONFIRMED", token);
        assert_eq!(output(c).status.code(), Some(77), "{token}");
    }
    assert!(victim.join("keep.txt").exists());
}

#[test]
fn approve_needs_a_terminal_and_a_real_code() {
    let sb = Sandbox::new("approve-cli");
    let victim = sb.victim("sub");
    let code = approval_code(&text(
        &sb.run(&["rm", "-rf", victim.to_str().unwrap()]).stderr,
    ));
    let o = sb.run(&["approve", &code]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("needs a terminal"), "{o:?}");
    assert_eq!(sb.run(&["approve", "not-a-code"]).status.code(), Some(2));
    let o = sb.run(&["approve", "2222-2222"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no held command has the code"));
    // Still held: nothing was approved.
    assert_eq!(
        sb.run(&["rm", "-rf", victim.to_str().unwrap()])
            .status
            .code(),
        Some(77)
    );
}

#[test]
fn the_log_shows_held_commands_and_verify_finds_tampering() {
    let sb = Sandbox::new("log");
    let victim = sb.victim("sub");
    for i in 0..4 {
        let o = sb.run(&["rm", "-rf", victim.to_str().unwrap(), &format!("x{i}")]);
        assert_eq!(o.status.code(), Some(77));
    }
    let o = sb.run(&["log", "--json", "-n", "2"]);
    let lines: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["seq"], 4);
    for key in [
        "time", "user", "cwd", "command", "findings", "outcome", "prev",
    ] {
        assert!(!lines[1][key].is_null(), "{key}");
    }
    assert_eq!(lines[1]["outcome"], "held");
    let shown = text(&sb.run(&["log"]).stdout);
    assert!(shown.contains("held") && shown.contains("x3"), "{shown}");
    let o = sb.run(&["log", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));

    let path = sb.state().join("audit.jsonl");
    let original = std::fs::read_to_string(&path).unwrap();
    let edited = original.replacen("x1", "y1", 1);
    std::fs::write(&path, edited).unwrap();
    let o = sb.run(&["log", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("line 2 (record 2) was edited"),
        "{}",
        text(&o.stdout)
    );

    let mut lines: Vec<&str> = original.lines().collect();
    lines.remove(1);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let o = sb.run(&["log", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("record 2 was deleted before line 2"),
        "{}",
        text(&o.stdout)
    );
}

fn executable(path: &std::path::Path, body: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn scripts_run_by_path_are_checked_with_or_without_a_shebang() {
    let sb = Sandbox::new("by-path");
    let victim = sb.victim("sub");
    let body = format!("echo ran\nrm -rf '{}'\n", victim.display());
    // No `#!` line: execvp (and bash) hand the file to /bin/sh, so it is shell text.
    executable(&sb.work().join("noshebang"), body.as_bytes());
    std::fs::create_dir(sb.work().join("tools")).unwrap();
    executable(
        &sb.work().join("tools/inner.sh"),
        format!("#!/usr/bin/env bash\n{body}").as_bytes(),
    );
    executable(&sb.work().join("tools/on-path"), body.as_bytes());
    let path = format!(
        "{}:{}",
        sb.work().join("tools").display(),
        std::env::var("PATH").unwrap()
    );
    for args in [
        vec!["./noshebang"],
        vec!["-c", "./noshebang"],
        vec!["-c", "echo first && cd tools && ./inner.sh"],
        vec!["-c", "sudo -n tools/inner.sh"],
        // Prefix mode finds the program in PATH itself. (A bare name inside a command line is
        // not looked up in PATH: a known limit.)
        vec!["on-path"],
    ] {
        let mut c = sb.brake(&args);
        c.env("PATH", &path);
        let o = output(c);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(77), "{args:?}: {err}");
        assert!(err.contains("fs.rm-recursive"), "{args:?}: {err}");
        assert_eq!(text(&o.stdout), "", "{args:?} ran something");
        assert!(victim.join("keep.txt").exists());
    }
    // The same as `brake check` reports it.
    let o = sb.run(&["check", "-c", "./noshebang"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));

    // Harmless ones run, through /bin/sh when they have no `#!` line, whatever the libc.
    executable(&sb.work().join("ok"), b"echo \"ok $0 $*\"\nexit 4\n");
    let o = sb.run(&["./ok", "a", "b c"]);
    assert_eq!(text(&o.stdout), "ok ./ok a b c\n");
    assert_eq!(o.status.code(), Some(4));
    // A file that is neither shell text nor a binary the kernel runs is refused, unread by any
    // shell: 126, as bash gives.
    executable(&sb.work().join("blob"), b"MZ\0\0\necho should-not-run\n");
    let o = sb.run(&["./blob"]);
    assert_eq!(o.status.code(), Some(126), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), "");
}

#[test]
fn rule_files_of_the_configuration_hold_in_guarded_execution() {
    let sb = Sandbox::new("extra-rules");
    let rules = "pack: team\n\
        description: Team rules.\n\
        rules:\n\
        \x20 - id: team.touch-ledger\n\
        \x20   title: touching the ledger rewrites its timestamp\n\
        \x20   programs: [touch]\n\
        \x20   action: overwrite\n\
        \x20   severity: high\n\
        \x20   reason: The ledger is append-only.\n\
        \x20   safer: Append to it with >>.\n\
        \x20   examples:\n\
        \x20     hold: [touch ledger]\n\
        \x20     pass: [ls ledger]\n";
    let dir = sb.work().join("../config/brake");
    std::fs::write(dir.join("team.yaml"), rules).unwrap();
    sb.config("extra_rules: [team.yaml]\n");
    let ledger = sb.work().join("ledger");
    for args in [vec!["touch", "ledger"], vec!["-c", "touch ledger"]] {
        let o = sb.run(&args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(77), "{args:?}: {err}");
        assert!(err.contains("team.touch-ledger"), "{err}");
        assert!(!ledger.exists(), "{args:?} ran");
    }
    // A rule file that no longer parses holds everything rather than guarding with less.
    std::fs::write(dir.join("team.yaml"), "rules: [\n").unwrap();
    let o = sb.run(&["-c", "touch ledger"]);
    assert_eq!(o.status.code(), Some(77));
    assert!(
        text(&o.stderr).contains("invalid rule file"),
        "{}",
        text(&o.stderr)
    );
    assert!(!ledger.exists());
}

#[test]
fn the_command_inherits_signal_dispositions_unchanged() {
    // An ignored SIGPIPE (bit 13 of SigIgn) stays ignored, a default one stays default: brake
    // has no runtime that resets it on the way to exec.
    let sb = Sandbox::new("sigpipe");
    let brake = env!("CARGO_BIN_EXE_brake");
    for (trap, ignored) in [("trap '' PIPE;", true), ("", false)] {
        let mut c = std::process::Command::new("sh");
        c.args([
            "-c",
            &format!("{trap} exec \"$0\" -- grep SigIgn /proc/self/status"),
            brake,
        ]);
        sb.setup(&mut c);
        let out = text(&output(c).stdout);
        let mask = u64::from_str_radix(out.trim().trim_start_matches("SigIgn:").trim(), 16)
            .unwrap_or_else(|e| panic!("{out}: {e}"));
        assert_eq!(mask & (1 << 12) != 0, ignored, "{trap}: {out}");
    }
}
