//! Wrappers: programs that run another program. Each is peeled here so the inner command is
//! judged as if typed directly: privilege and environment wrappers (`sudo`, `env`, `timeout`,
//! `nice`...), fan-out (`xargs`, `parallel`, `find -exec`), shells and string evaluators
//! (`bash -c`, `eval`, `su -c`, `watch`, `trap`), remote and container runners (`ssh`,
//! `kubectl exec`, `docker exec|run`), terminal multiplexers and `at`.

use super::{Span, Word};

/// What runs inside a wrapper.
#[derive(Debug)]
pub(crate) enum Inner {
    /// An argv, run directly.
    Argv { label: String, argv: Vec<Word> },
    /// A string run as shell code.
    Shell { label: String, code: Word },
    /// Shell code read from standard input.
    ShellStdin { label: String },
    /// A script file.
    Script { label: String, path: Word },
}

/// Index of the first operand at or after `from`, skipping options; `values` lists the options
/// that take the next word as their value. `--` ends the options.
pub(crate) fn operand_start(args: &[Word], from: usize, values: &[&str]) -> usize {
    let mut i = from;
    while i < args.len() {
        let t = args[i].text.as_str();
        if t == "--" {
            return i + 1;
        }
        if let Some(long) = t.strip_prefix("--") {
            i += if !long.contains('=') && values.contains(&t) {
                2
            } else {
                1
            };
            continue;
        }
        if t.len() > 1 && t.starts_with('-') {
            i += 1;
            // A short cluster: the first option taking a value takes the rest or the next word.
            for (k, c) in t[1..].char_indices() {
                let opt = format!("-{c}");
                if values.contains(&opt.as_str()) {
                    if k + c.len_utf8() == t.len() - 1 {
                        i += 1;
                    }
                    break;
                }
            }
            continue;
        }
        return i;
    }
    args.len()
}

fn has_flag(args: &[Word], flags: &[&str]) -> bool {
    args.iter().any(|w| flags.contains(&w.text.as_str()))
}

fn rest(args: &[Word], from: usize) -> Vec<Word> {
    args.get(from..).map(<[Word]>::to_vec).unwrap_or_default()
}

fn argv(label: impl Into<String>, argv: Vec<Word>) -> Vec<Inner> {
    if argv.is_empty() {
        Vec::new()
    } else {
        vec![Inner::Argv {
            label: label.into(),
            argv,
        }]
    }
}

/// Joins words into one shell string (what `eval`, `ssh` and `watch` do with their arguments).
pub(crate) fn join(words: &[Word], span: Span) -> Word {
    Word {
        text: words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        span,
        dynamic: words.iter().any(|w| w.dynamic),
        ..Word::default()
    }
}

fn shell_of(label: impl Into<String>, words: &[Word], span: Span) -> Vec<Inner> {
    if words.is_empty() {
        return Vec::new();
    }
    vec![Inner::Shell {
        label: label.into(),
        code: join(words, span),
    }]
}

const SHELLS: &[&str] = &[
    "sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "yash", "fish", "rbash", "busybox",
];

pub(crate) fn is_shell(program: &str) -> bool {
    SHELLS.contains(&program)
}

/// What `program args` runs inside it, if it is a wrapper. `span` is the whole command's span.
pub(crate) fn unwrap(program: &str, args: &[Word], span: Span) -> Vec<Inner> {
    match program {
        "sudo" => {
            let values = [
                "-u",
                "-g",
                "-C",
                "-D",
                "-h",
                "-p",
                "-r",
                "-t",
                "-U",
                "-T",
                "--user",
                "--group",
                "--close-from",
                "--chdir",
                "--host",
                "--prompt",
                "--role",
                "--type",
                "--other-user",
                "--command-timeout",
            ];
            if has_flag(
                args,
                &[
                    "-e",
                    "-l",
                    "-v",
                    "-V",
                    "-K",
                    "--edit",
                    "--list",
                    "--validate",
                    "--version",
                ],
            ) {
                return Vec::new();
            }
            let mut i = operand_start(args, 0, &values);
            while args.get(i).is_some_and(|w| is_assignment(&w.text)) {
                i += 1;
            }
            argv("sudo", rest(args, i))
        }
        "doas" => argv("doas", rest(args, operand_start(args, 0, &["-u", "-C"]))),
        "env" => {
            let values = [
                "-u",
                "--unset",
                "-C",
                "--chdir",
                "-S",
                "--split-string",
                "-P",
            ];
            if let Some(pos) = args.iter().position(|w| {
                w.text == "-S"
                    || w.text == "--split-string"
                    || w.text.starts_with("--split-string=")
            }) {
                let mut words = Vec::new();
                if let Some(v) = args[pos].text.strip_prefix("--split-string=") {
                    words.push(Word::literal(v, args[pos].span));
                }
                words.extend(rest(args, pos + 1));
                return shell_of("env -S", &words, span);
            }
            let mut i = operand_start(args, 0, &values);
            while args.get(i).is_some_and(|w| is_assignment(&w.text)) {
                i += 1;
            }
            argv("env", rest(args, i))
        }
        "timeout" => {
            let i = operand_start(args, 0, &["-s", "--signal", "-k", "--kill-after"]);
            argv("timeout", rest(args, i + 1))
        }
        "nohup" | "builtin" => argv(program, rest(args, operand_start(args, 0, &[]))),
        "time" => argv(
            "time",
            rest(
                args,
                operand_start(args, 0, &["-f", "--format", "-o", "--output"]),
            ),
        ),
        "nice" => argv(
            "nice",
            rest(args, operand_start(args, 0, &["-n", "--adjustment"])),
        ),
        "ionice" => {
            if has_flag(args, &["-p", "--pid", "-P", "--pgid", "-u", "--uid"]) {
                return Vec::new();
            }
            argv(
                "ionice",
                rest(
                    args,
                    operand_start(args, 0, &["-c", "--class", "-n", "--classdata"]),
                ),
            )
        }
        "command" => {
            if has_flag(args, &["-v", "-V"]) {
                return Vec::new();
            }
            argv("command", rest(args, operand_start(args, 0, &[])))
        }
        "exec" => argv("exec", rest(args, operand_start(args, 0, &["-a"]))),
        "stdbuf" => argv(
            "stdbuf",
            rest(
                args,
                operand_start(
                    args,
                    0,
                    &["-i", "-o", "-e", "--input", "--output", "--error"],
                ),
            ),
        ),
        "chroot" => {
            let i = operand_start(args, 0, &["--userspec", "--groups"]);
            argv("chroot", rest(args, i + 1))
        }
        "nsenter" => {
            let i = operand_start(
                args,
                0,
                &["-t", "--target", "-S", "--setuid", "-G", "--setgid"],
            );
            argv("nsenter", rest(args, i))
        }
        "flock" => {
            let i = operand_start(
                args,
                0,
                &["-w", "--wait", "--timeout", "-E", "--conflict-exit-code"],
            );
            match args.get(i + 1).map(|w| w.text.as_str()) {
                Some("-c" | "--command") => shell_of("flock -c", &rest(args, i + 2), span),
                _ => argv("flock", rest(args, i + 1)),
            }
        }
        "watch" => {
            let i = operand_start(args, 0, &["-n", "--interval"]);
            if has_flag(&args[..i], &["-x", "--exec"]) {
                argv("watch", rest(args, i))
            } else {
                shell_of("watch", &rest(args, i), span)
            }
        }
        "xargs" => xargs(args),
        "parallel" => parallel(args),
        "find" => find_exec(args),
        "fd" | "fdfind" => fd_exec(args),
        "ssh" => {
            let values = [
                "-b", "-c", "-D", "-E", "-e", "-F", "-I", "-i", "-J", "-L", "-l", "-m", "-O", "-o",
                "-p", "-Q", "-R", "-S", "-W", "-w", "-B", "-P",
            ];
            let i = operand_start(args, 0, &values);
            match args.get(i) {
                Some(host) => {
                    let mut cmd = rest(args, i + 1);
                    if cmd.first().is_some_and(|w| w.text == "--") {
                        cmd.remove(0);
                    }
                    shell_of(format!("ssh {}", host.text), &cmd, span)
                }
                None => Vec::new(),
            }
        }
        "kubectl" | "oc" => kubectl_exec(program, args),
        "docker" | "podman" | "nerdctl" => container_exec(program, args),
        "tmux" => tmux(args, span),
        "screen" => {
            if let Some(pos) = args.iter().position(|w| w.text == "stuff") {
                return shell_of("screen stuff", &rest(args, pos + 1), span);
            }
            argv(
                "screen",
                rest(
                    args,
                    operand_start(args, 0, &["-S", "-c", "-e", "-p", "-X", "-T", "-h", "-s"]),
                ),
            )
        }
        "at" | "batch" => {
            if has_flag(args, &["-l", "-r", "-d", "-c"]) {
                return Vec::new();
            }
            if let Some(pos) = args.iter().position(|w| w.text == "-f") {
                if let Some(path) = args.get(pos + 1) {
                    return vec![Inner::Script {
                        label: "at".into(),
                        path: path.clone(),
                    }];
                }
            }
            vec![Inner::ShellStdin {
                label: program.into(),
            }]
        }
        "su" => {
            for (k, w) in args.iter().enumerate() {
                if let Some(code) = w.text.strip_prefix("--command=") {
                    return shell_of(
                        "su -c",
                        &[Word {
                            text: code.into(),
                            ..w.clone()
                        }],
                        span,
                    );
                }
                if w.text == "-c" || w.text == "--command" {
                    return shell_of(
                        "su -c",
                        &rest(args, k + 1)[..1.min(args.len() - k - 1)],
                        span,
                    );
                }
            }
            Vec::new()
        }
        "eval" => shell_of("eval", args, span),
        "trap" => match args.first().map(|w| w.text.as_str()) {
            None | Some("-p" | "-l" | "-" | "") => Vec::new(),
            Some("--") => shell_of("trap", &args[1..args.len().min(2)], span),
            Some(_) => shell_of("trap", &args[..1], span),
        },
        "source" | "." => match args.first() {
            Some(path) => vec![Inner::Script {
                label: program.into(),
                path: path.clone(),
            }],
            None => Vec::new(),
        },
        "script" => match args
            .iter()
            .position(|w| w.text == "-c" || w.text == "--command")
        {
            Some(pos) => shell_of("script -c", &args[pos + 1..args.len().min(pos + 2)], span),
            None => Vec::new(),
        },
        "bundle" if args.first().is_some_and(|w| w.text == "exec") => {
            argv("bundle exec", rest(args, 1))
        }
        "npx" | "bunx" | "pnpx" => {
            if let Some(pos) = args
                .iter()
                .position(|w| w.text == "-c" || w.text == "--call")
            {
                return shell_of("npx -c", &args[pos + 1..args.len().min(pos + 2)], span);
            }
            argv(
                program,
                rest(args, operand_start(args, 0, &["-p", "--package"])),
            )
        }
        "pnpm" | "yarn" | "bun"
            if args
                .first()
                .is_some_and(|w| matches!(w.text.as_str(), "exec" | "dlx" | "x")) =>
        {
            argv(
                format!("{program} {}", args[0].text),
                rest(args, operand_start(args, 1, &[])),
            )
        }
        "uv" | "poetry" | "pipenv" | "hatch" | "pdm" | "rye"
            if args.first().is_some_and(|w| w.text == "run") =>
        {
            let values = [
                "--with",
                "-p",
                "--python",
                "--project",
                "--directory",
                "--env-file",
                "--group",
                "--extra",
                "--package",
                "-e",
                "--env",
            ];
            argv(
                format!("{program} run"),
                rest(args, operand_start(args, 1, &values)),
            )
        }
        p if is_shell(p) => shell(p, args),
        _ => Vec::new(),
    }
}

pub(crate) fn is_assignment(t: &str) -> bool {
    match t.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// bash's option grammar: the code of `-c` is the first operand, whatever options follow `-c`.
fn shell(program: &str, args: &[Word]) -> Vec<Inner> {
    let args = if program == "busybox" {
        match args.first() {
            Some(w) if is_shell(&w.text) => &args[1..],
            _ => return argv("busybox", args.to_vec()),
        }
    } else {
        args
    };
    let mut dash_c = false;
    let mut dash_s = false;
    let mut i = 0;
    while i < args.len() {
        let t = args[i].text.as_str();
        if t == "--" || t == "-" {
            i += 1;
            break;
        }
        if t.starts_with("--") {
            i += if matches!(t, "--rcfile" | "--init-file") {
                2
            } else {
                1
            };
            continue;
        }
        if (t.starts_with('-') || t.starts_with('+')) && t.len() > 1 {
            let cluster = &t[1..];
            dash_c |= t.starts_with('-') && cluster.contains('c');
            dash_s |= t.starts_with('-') && cluster.contains('s');
            i += 1;
            if cluster.contains('o') || cluster.contains('O') {
                i += 1;
            }
            continue;
        }
        break;
    }
    let label = format!("{program} -c");
    if dash_c {
        return match args.get(i) {
            Some(code) => vec![Inner::Shell {
                label,
                code: code.clone(),
            }],
            None => Vec::new(),
        };
    }
    match args.get(i) {
        Some(path) if !dash_s => vec![Inner::Script {
            label: program.into(),
            path: path.clone(),
        }],
        _ => vec![Inner::ShellStdin {
            label: program.into(),
        }],
    }
}

fn many_word(like: &Word, text: &str) -> Word {
    Word {
        text: text.to_string(),
        span: like.span,
        glob: true,
        many: true,
        dynamic: true,
        ..Word::default()
    }
}

fn xargs(args: &[Word]) -> Vec<Inner> {
    let values = [
        "-I",
        "-L",
        "-l",
        "-n",
        "-P",
        "-d",
        "-E",
        "-e",
        "-a",
        "-s",
        "--max-args",
        "--max-lines",
        "--max-procs",
        "--delimiter",
        "--eof",
        "--arg-file",
        "--max-chars",
        "--replace",
        "--process-slot-var",
    ];
    let i = operand_start(args, 0, &values);
    let replace = args[..i].iter().enumerate().find_map(|(k, w)| {
        if w.text == "-I" || w.text == "--replace" {
            args.get(k + 1).map(|v| v.text.clone())
        } else if let Some(r) = w.text.strip_prefix("--replace=") {
            Some(r.to_string())
        } else if w.text.starts_with("-I") && w.text.len() > 2 {
            Some(w.text[2..].to_string())
        } else if w.text == "-i" {
            Some("{}".to_string())
        } else {
            None
        }
    });
    let mut inner = rest(args, i);
    if inner.is_empty() {
        return Vec::new(); // default command is echo
    }
    match replace {
        Some(r) if !r.is_empty() => {
            for w in inner.iter_mut().skip(1) {
                if w.text.contains(&r) {
                    *w = many_word(w, &w.text.replace(&r, "{}"));
                }
            }
        }
        _ => {
            let last = inner.last().unwrap().clone();
            inner.push(many_word(&last, "{}"));
        }
    }
    argv("xargs", inner)
}

fn parallel(args: &[Word]) -> Vec<Inner> {
    let values = [
        "-j",
        "--jobs",
        "-S",
        "--sshlogin",
        "--joblog",
        "--results",
        "-a",
        "--arg-file",
        "--delay",
        "--timeout",
        "-N",
        "-n",
        "-L",
        "--colsep",
        "-d",
        "--tmpdir",
        "--workdir",
        "-I",
    ];
    let i = operand_start(args, 0, &values);
    let end = args
        .iter()
        .position(|w| w.text.starts_with(":::"))
        .unwrap_or(args.len())
        .max(i);
    let mut inner: Vec<Word> = args[i..end].to_vec();
    if inner.is_empty() {
        return vec![Inner::ShellStdin {
            label: "parallel".into(),
        }];
    }
    let mut replaced = false;
    for w in inner.iter_mut().skip(1) {
        if w.text.contains("{}") || w.text.contains("{.}") {
            *w = many_word(w, &w.text.clone());
            replaced = true;
        }
    }
    if !replaced {
        let last = inner.last().unwrap().clone();
        inner.push(many_word(&last, "{}"));
    }
    // parallel runs its command through a shell.
    vec![Inner::Shell {
        label: "parallel".into(),
        code: join(&inner, inner[0].span),
    }]
}

/// `find` start paths, and the name pattern that selects files, as one target word.
/// The pattern counts only when it comes before the action and no `-o` widens the expression.
pub fn find_target(args: &[Word]) -> Vec<Word> {
    let starts: Vec<&Word> = args
        .iter()
        .take_while(|w| !w.text.starts_with('-') && w.text != "(" && w.text != "!")
        .collect();
    let action = args
        .iter()
        .position(|w| {
            matches!(
                w.text.as_str(),
                "-delete" | "-exec" | "-execdir" | "-ok" | "-okdir"
            )
        })
        .unwrap_or(args.len());
    let widened = args
        .iter()
        .any(|w| matches!(w.text.as_str(), "-o" | "-or" | "," | "!" | "-not"));
    let pattern = args[..action].windows(2).find_map(|p| {
        matches!(
            p[0].text.as_str(),
            "-name" | "-iname" | "-path" | "-ipath" | "-regex"
        )
        .then(|| &p[1])
    });
    let pattern = pattern.filter(|_| !widened);
    let starts: Vec<Word> = if starts.is_empty() {
        vec![Word::literal(
            ".",
            args.first().map(|w| w.span).unwrap_or_default(),
        )]
    } else {
        starts.into_iter().cloned().collect()
    };
    starts
        .into_iter()
        .map(|s| {
            let base = s.text.trim_end_matches('/');
            let (text, glob) = match pattern {
                Some(p) if p.text.contains('/') => (p.text.clone(), true),
                Some(p) => (
                    format!("{}/{}", if base.is_empty() { "" } else { base }, p.text),
                    true,
                ),
                None => (
                    format!("{}/*", if base.is_empty() { "" } else { base }),
                    true,
                ),
            };
            Word {
                text: if s.text.starts_with('/') || !text.starts_with('/') {
                    text
                } else {
                    text[1..].to_string()
                },
                glob,
                many: pattern.is_none(),
                ..s
            }
        })
        .collect()
}

fn find_exec(args: &[Word]) -> Vec<Inner> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let t = args[i].text.as_str();
        if matches!(t, "-exec" | "-execdir" | "-ok" | "-okdir") {
            let label = format!("find {t}");
            let start = i + 1;
            let mut end = start;
            while end < args.len() && args[end].text != ";" && args[end].text != "+" {
                end += 1;
            }
            let targets = find_target(args);
            let mut inner = Vec::new();
            for w in &args[start..end] {
                if w.text.contains("{}") && inner.is_empty() {
                    inner.push(w.clone());
                } else if w.text == "{}" {
                    inner.extend(targets.iter().cloned());
                } else if w.text.contains("{}") {
                    inner.push(many_word(w, &w.text));
                } else {
                    inner.push(w.clone());
                }
            }
            // `sh -c 'rm "$1"' _ {}`: the shell's arguments are the found files.
            out.extend(argv(label, inner));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `fd [OPTS] [PATTERN] [PATH] -x|-X CMD...`: CMD runs on every match (an unknown list).
fn fd_exec(args: &[Word]) -> Vec<Inner> {
    let Some(pos) = args
        .iter()
        .position(|w| matches!(w.text.as_str(), "-x" | "--exec" | "-X" | "--exec-batch"))
    else {
        return Vec::new();
    };
    let mut inner: Vec<Word> = Vec::new();
    for w in &args[pos + 1..] {
        if w.text == ";" {
            break;
        }
        if w.text.contains('{') && w.text.contains('}') && !inner.is_empty() {
            inner.push(many_word(w, &w.text));
        } else {
            inner.push(w.clone());
        }
    }
    if inner.len() == 1 || !inner.iter().any(|w| w.many) {
        if let Some(last) = inner.last().cloned() {
            inner.push(many_word(&last, "{}"));
        }
    }
    argv("fd -x", inner)
}

fn kubectl_exec(program: &str, args: &[Word]) -> Vec<Inner> {
    let globals = [
        "-n",
        "--namespace",
        "--context",
        "--cluster",
        "--kubeconfig",
        "-s",
        "--server",
        "--user",
        "--token",
        "--as",
        "--as-group",
        "--request-timeout",
    ];
    let sub = operand_start(args, 0, &globals);
    if args.get(sub).map(|w| w.text.as_str()) != Some("exec") {
        return Vec::new();
    }
    if let Some(dd) = args.iter().position(|w| w.text == "--") {
        return argv(format!("{program} exec"), rest(args, dd + 1));
    }
    let values = [
        "-c",
        "--container",
        "-n",
        "--namespace",
        "-f",
        "--filename",
        "--pod-running-timeout",
        "--context",
    ];
    let pod = operand_start(args, sub + 1, &values);
    argv(
        format!("{program} exec"),
        rest(args, operand_start(args, pod + 1, &values)),
    )
}

fn container_exec(program: &str, args: &[Word]) -> Vec<Inner> {
    let globals = ["-H", "--host", "--context", "--config", "-l", "--log-level"];
    let mut sub = operand_start(args, 0, &globals);
    let mut verb = args.get(sub).map(|w| w.text.as_str());
    if matches!(verb, Some("container" | "compose")) {
        let compose = verb == Some("compose");
        sub = operand_start(
            args,
            sub + 1,
            &[
                "-f",
                "--file",
                "-p",
                "--project-name",
                "--profile",
                "--env-file",
                "--project-directory",
            ],
        );
        verb = args.get(sub).map(|w| w.text.as_str());
        if compose && !matches!(verb, Some("exec" | "run")) {
            return Vec::new();
        }
    }
    let Some(verb @ ("exec" | "run")) = verb else {
        return Vec::new();
    };
    let values = [
        "-e",
        "--env",
        "--env-file",
        "-v",
        "--volume",
        "-p",
        "--publish",
        "-w",
        "--workdir",
        "-u",
        "--user",
        "--name",
        "--network",
        "--net",
        "-m",
        "--memory",
        "--entrypoint",
        "-l",
        "--label",
        "--mount",
        "--platform",
        "--hostname",
        "-h",
        "--add-host",
        "--cpus",
        "--restart",
        "--log-driver",
        "--log-opt",
        "--device",
        "--cap-add",
        "--cap-drop",
        "--security-opt",
        "--ulimit",
        "--tmpfs",
        "--pull",
        "--gpus",
        "--ipc",
        "--pid",
        "--shm-size",
        "--stop-signal",
        "--stop-timeout",
        "--label-file",
        "--cidfile",
        "--dns",
        "--expose",
        "--runtime",
        "--userns",
        "--uts",
        "--volumes-from",
        "--link",
        "--group-add",
        "--detach-keys",
        "-a",
        "--attach",
        "--index",
        "--memory-swap",
        "--cpu-shares",
        "-c",
        "--health-cmd",
    ];
    let target = operand_start(args, sub + 1, &values);
    argv(format!("{program} {verb}"), rest(args, target + 1))
}

fn tmux(args: &[Word], span: Span) -> Vec<Inner> {
    let sub = operand_start(args, 0, &["-L", "-S", "-f", "-c"]);
    let Some(verb) = args.get(sub).map(|w| w.text.as_str()) else {
        return Vec::new();
    };
    let values = [
        "-t", "-s", "-n", "-c", "-x", "-y", "-F", "-e", "-l", "-p", "-N", "-T",
    ];
    let start = operand_start(args, sub + 1, &values);
    match verb {
        "send-keys" | "send" => {
            let keys: Vec<Word> = rest(args, start)
                .into_iter()
                .filter(|w| !matches!(w.text.as_str(), "Enter" | "C-m" | "KPEnter" | "C-j"))
                .collect();
            shell_of("tmux send-keys", &keys, span)
        }
        "new-session" | "new" | "new-window" | "neww" | "split-window" | "splitw"
        | "respawn-pane" | "respawnp" | "respawn-window" | "respawnw" | "run-shell" | "run" => {
            shell_of(format!("tmux {verb}"), &rest(args, start), span)
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word> {
        s.split_whitespace()
            .map(|t| Word::literal(t, (0, 0)))
            .collect()
    }

    fn inner_text(program: &str, args: &str) -> Vec<String> {
        unwrap(program, &words(args), (0, 0))
            .into_iter()
            .map(|i| match i {
                Inner::Argv { label, argv } => format!(
                    "{label}: {}",
                    argv.iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                Inner::Shell { label, code } => format!("{label}: <{}>", code.text),
                Inner::ShellStdin { label } => format!("{label}: <stdin>"),
                Inner::Script { label, path } => format!("{label}: script {}", path.text),
            })
            .collect()
    }

    #[test]
    fn option_grammars_find_the_inner_command() {
        assert_eq!(
            inner_text("sudo", "-u root -E rm -rf /"),
            ["sudo: rm -rf /"]
        );
        assert_eq!(inner_text("env", "-i A=1 B=2 rm x"), ["env: rm x"]);
        assert_eq!(inner_text("timeout", "-s KILL 10 rm x"), ["timeout: rm x"]);
        assert_eq!(inner_text("nice", "-n 10 rm x"), ["nice: rm x"]);
        assert_eq!(inner_text("stdbuf", "-oL rm x"), ["stdbuf: rm x"]);
        assert_eq!(inner_text("chroot", "/mnt rm x"), ["chroot: rm x"]);
        assert_eq!(inner_text("flock", "/tmp/l rm x"), ["flock: rm x"]);
        assert_eq!(inner_text("xargs", "-0 -n 1 rm -f"), ["xargs: rm -f {}"]);
        assert_eq!(
            inner_text("ssh", "-p 22 host rm -rf /srv"),
            ["ssh host: <rm -rf /srv>"]
        );
        assert_eq!(
            inner_text("kubectl", "-n prod exec -it pod -- rm -rf /data"),
            ["kubectl exec: rm -rf /data"]
        );
        assert_eq!(
            inner_text("docker", "run --rm -v /:/h alpine rm -rf /h"),
            ["docker run: rm -rf /h"]
        );
        assert_eq!(inner_text("bash", "-lc ls"), ["bash -c: <ls>"]);
        assert_eq!(inner_text("bash", "-c -l ls"), ["bash -c: <ls>"]);
        assert_eq!(inner_text("bash", "-o pipefail -c ls"), ["bash -c: <ls>"]);
        assert_eq!(
            inner_text("bash", "script.sh arg"),
            ["bash: script script.sh"]
        );
        assert_eq!(inner_text("sh", ""), ["sh: <stdin>"]);
        assert!(inner_text("command", "-v rm").is_empty());
        assert!(inner_text("sudo", "-l").is_empty());
    }

    #[test]
    fn find_exec_substitutes_the_found_files() {
        assert_eq!(
            inner_text("find", ". -name *.pyc -exec rm -f {} ;"),
            ["find -exec: rm -f ./*.pyc"]
        );
        assert_eq!(inner_text("find", "/ -exec rm {} +"), ["find -exec: rm /*"]);
    }
}
