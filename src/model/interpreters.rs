//! Interpreter one-liners (`python -c`, `perl -e`, `node -e`, `ruby -e`, `php -r`): shell
//! commands they run through literal strings (`os.system("...")`, `subprocess.run("...")`,
//! `system(...)`, backticks, `execSync(...)`) are parsed as shell code. List forms
//! (`subprocess.run(["rm", "-rf", "x"])`) become argv. Deletion through the language's own API
//! (`shutil.rmtree`, `fs.rmSync`, `unlink`) is matched by the `interpreters` rule pack.

use super::wrappers::Inner;
use super::{Span, Word};
use regex::Regex;
use std::sync::OnceLock;

fn code_flag(program: &str) -> Option<&'static [&'static str]> {
    let p = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    match p {
        "python" | "pypy" => Some(&["-c"]),
        "perl" => Some(&["-e", "-E"]),
        "ruby" => Some(&["-e"]),
        "node" | "nodejs" | "bun" | "deno" => Some(&["-e", "--eval", "-p", "--print"]),
        "php" => Some(&["-r"]),
        _ => None,
    }
}

/// The code argument of an interpreter one-liner, if any.
pub(crate) fn code_of<'a>(program: &str, args: &'a [Word]) -> Option<&'a Word> {
    let flags = code_flag(program)?;
    let pos = args.iter().position(|w| flags.contains(&w.text.as_str()))?;
    args.get(pos + 1)
}

fn string_call_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?x)
            (?:os\.system|os\.popen|subprocess\.\w+|commands\.getoutput|system|exec|shell_exec|passthru|popen|proc_open|execSync|exec|spawnSync|Open3\.\w+|IO\.popen|%x)
            \s*\(?\s*(?:\[\s*)?
            (?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')"#,
        )
        .unwrap()
    })
}

fn list_call_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?:subprocess\.\w+|os\.exec\w*|spawnSync|spawn|execFileSync|execFile|system)\s*\(\s*\[([^\]]*)\]"#).unwrap()
    })
}

fn backtick_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"`([^`]+)`").unwrap())
}

fn unescape(s: &str) -> String {
    s.replace("\\\"", "\"")
        .replace("\\'", "'")
        .replace("\\\\", "\\")
}

fn delete_api_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?x)
            (shutil\.rmtree|os\.removedirs|os\.remove|os\.unlink|os\.rmdir|rmSync|rmdirSync|unlinkSync|fs\.rm|fs\.unlink|fs\.rmdir
             |FileUtils\.rm_rf|FileUtils\.rm_r|FileUtils\.remove_dir|FileUtils\.rm|File\.delete|File\.unlink|Dir\.delete|Dir\.rmdir
             |remove_tree|rmtree|unlink|rmdir)
            \s*\(?\s*(?:glob\s*\(?\s*)?
            (?:"([^"]+)"|'([^']+)')
            (\s*,\s*\{[^}]*recursive\s*:\s*true)?"#,
        )
        .unwrap()
    })
}

/// Deletions through the language's own API with a literal path become the equivalent `rm`, so
/// the filesystem rules (and their exceptions) judge them.
fn deletions(code: &str, label: &str, span: Span) -> Vec<Inner> {
    delete_api_re()
        .captures_iter(code)
        .map(|m| {
            let api = &m[1];
            let path = m.get(2).or(m.get(3)).map(|g| g.as_str()).unwrap_or("");
            let recursive = m.get(4).is_some()
                || matches!(
                    api,
                    "shutil.rmtree"
                        | "rmtree"
                        | "remove_tree"
                        | "FileUtils.rm_rf"
                        | "FileUtils.rm_r"
                        | "FileUtils.remove_dir"
                        | "os.removedirs"
                );
            let mut argv = vec![Word::literal("rm", span)];
            if recursive {
                argv.push(Word::literal("-r", span));
            }
            let mut w = Word::literal(path, span);
            w.glob = path.contains(['*', '?', '[']);
            w.tilde = path.starts_with('~');
            argv.push(w);
            Inner::Argv {
                label: label.to_string(),
                argv,
            }
        })
        .collect()
}

/// awk runs shell commands with `system("...")`, `print | "cmd"` and `"cmd" | getline`.
fn awk(args: &[Word], span: Span) -> Vec<Inner> {
    let i = super::wrappers::operand_start(
        args,
        0,
        &["-F", "-v", "-f", "--field-separator", "--assign", "--file"],
    );
    let Some(code) = args.get(i) else {
        return Vec::new();
    };
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?:system\s*\(\s*|\|\s*)"([^"]+)"|"([^"]+)"\s*\|\s*getline"#).unwrap()
    });
    re.captures_iter(&code.text)
        .map(|m| {
            let s = m.get(1).or(m.get(2)).map(|g| g.as_str()).unwrap_or("");
            Inner::Shell {
                label: "awk".into(),
                code: Word {
                    text: s.to_string(),
                    span,
                    ..Word::default()
                },
            }
        })
        .collect()
}

/// GNU sed's `e COMMAND` runs COMMAND through the shell.
fn sed(args: &[Word], span: Span) -> Vec<Inner> {
    let mut scripts: Vec<&str> = Vec::new();
    let mut k = 0;
    while k < args.len() {
        let t = args[k].text.as_str();
        if t == "-e" || t == "--expression" {
            if let Some(s) = args.get(k + 1) {
                scripts.push(&s.text);
            }
            k += 2;
            continue;
        }
        k += 1;
    }
    if scripts.is_empty() {
        let i = super::wrappers::operand_start(args, 0, &["-f", "--file", "-l", "--line-length"]);
        if let Some(s) = args.get(i) {
            scripts.push(&s.text);
        }
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"(?m)(?:^|[;{}])\s*(?:[0-9$,/]*\S*?)?e\s+([^;\n}]+)").unwrap());
    scripts
        .iter()
        .flat_map(|s| {
            re.captures_iter(s)
                .map(|m| m[1].trim().to_string())
                .collect::<Vec<_>>()
        })
        .map(|c| Inner::Shell {
            label: "sed e".into(),
            code: Word {
                text: c,
                span,
                ..Word::default()
            },
        })
        .collect()
}

/// Shell code and argv run by an interpreter one-liner.
pub(crate) fn shell_code(program: &str, args: &[Word], span: Span) -> Vec<Inner> {
    match program {
        "awk" | "gawk" | "mawk" | "nawk" | "busybox-awk" => return awk(args, span),
        "sed" | "gsed" => return sed(args, span),
        _ => {}
    }
    let Some(code) = code_of(program, args) else {
        return Vec::new();
    };
    let label = format!("{program} code");
    let mut out = deletions(&code.text, &label, span);
    for m in list_call_re().captures_iter(&code.text) {
        let items: Vec<Word> = m[1]
            .split(',')
            .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|s| !s.is_empty())
            .map(|s| Word::literal(s, span))
            .collect();
        if !items.is_empty() {
            out.push(Inner::Argv {
                label: label.clone(),
                argv: items,
            });
        }
    }
    for m in string_call_re().captures_iter(&code.text) {
        let s = m
            .get(1)
            .or(m.get(2))
            .map(|g| unescape(g.as_str()))
            .unwrap_or_default();
        // A list call was handled above: its first string is a program, not shell code.
        let start = m.get(0).unwrap().start();
        if code.text[start..]
            .split('(')
            .nth(1)
            .is_some_and(|r| r.trim_start().starts_with('['))
        {
            continue;
        }
        out.push(Inner::Shell {
            label: label.clone(),
            code: Word {
                text: s,
                span,
                ..Word::default()
            },
        });
    }
    if matches!(code_flag(program), Some(f) if f.contains(&"-e") && !f.contains(&"--eval"))
        || program.starts_with("php")
    {
        // perl, ruby (and php's shell_exec shorthand) run backticks.
        for m in backtick_re().captures_iter(&code.text) {
            out.push(Inner::Shell {
                label: label.clone(),
                code: Word {
                    text: m[1].to_string(),
                    span,
                    ..Word::default()
                },
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(program: &str, c: &str) -> Vec<String> {
        let args = vec![
            Word::literal(code_flag(program).unwrap()[0], (0, 0)),
            Word::literal(c, (0, 0)),
        ];
        shell_code(program, &args, (0, 0))
            .into_iter()
            .map(|i| match i {
                Inner::Shell { code, .. } => code.text,
                Inner::Argv { argv, .. } => argv
                    .iter()
                    .map(|w| w.text.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn shell_strings_in_one_liners_are_found() {
        assert_eq!(
            code("python3", "import os; os.system('rm -rf /tmp/x')"),
            ["rm -rf /tmp/x"]
        );
        assert_eq!(
            code(
                "python",
                "import subprocess; subprocess.run(['rm', '-rf', 'x'])"
            ),
            ["rm -rf x"]
        );
        assert_eq!(code("perl", "system(\"rm -rf ~\")"), ["rm -rf ~"]);
        assert_eq!(code("ruby", "`rm -rf ~`"), ["rm -rf ~"]);
        assert_eq!(
            code("node", "require('child_process').execSync('rm -rf /')"),
            ["rm -rf /"]
        );
        assert!(code("python3", "print(1)").is_empty());
        assert_eq!(
            code("python3", "import shutil; shutil.rmtree('build')"),
            ["rm -r build"]
        );
        assert_eq!(
            code("node", "fs.rmSync('src', {recursive: true})"),
            ["rm -r src"]
        );
        assert_eq!(code("perl", "unlink glob '*.txt'"), ["rm *.txt"]);
    }
}
