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
    s.replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\")
}

/// Shell code and argv run by an interpreter one-liner.
pub(crate) fn shell_code(program: &str, args: &[Word], span: Span) -> Vec<Inner> {
    let Some(code) = code_of(program, args) else {
        return Vec::new();
    };
    let label = format!("{program} code");
    let mut out = Vec::new();
    for m in list_call_re().captures_iter(&code.text) {
        let items: Vec<Word> = m[1]
            .split(',')
            .map(|s| s.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|s| !s.is_empty())
            .map(|s| Word::literal(s, span))
            .collect();
        if !items.is_empty() {
            out.push(Inner::Argv { label: label.clone(), argv: items });
        }
    }
    for m in string_call_re().captures_iter(&code.text) {
        let s = m.get(1).or(m.get(2)).map(|g| unescape(g.as_str())).unwrap_or_default();
        // A list call was handled above: its first string is a program, not shell code.
        let start = m.get(0).unwrap().start();
        if code.text[start..].split('(').nth(1).is_some_and(|r| r.trim_start().starts_with('[')) {
            continue;
        }
        out.push(Inner::Shell { label: label.clone(), code: Word { text: s, span, ..Word::default() } });
    }
    if matches!(code_flag(program), Some(f) if f.contains(&"-e") && !f.contains(&"--eval")) || program.starts_with("php") {
        // perl, ruby (and php's shell_exec shorthand) run backticks.
        for m in backtick_re().captures_iter(&code.text) {
            out.push(Inner::Shell { label: label.clone(), code: Word { text: m[1].to_string(), span, ..Word::default() } });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(program: &str, c: &str) -> Vec<String> {
        let args = vec![Word::literal(code_flag(program).unwrap()[0], (0, 0)), Word::literal(c, (0, 0))];
        shell_code(program, &args, (0, 0))
            .into_iter()
            .map(|i| match i {
                Inner::Shell { code, .. } => code.text,
                Inner::Argv { argv, .. } => argv.iter().map(|w| w.text.clone()).collect::<Vec<_>>().join(" "),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn shell_strings_in_one_liners_are_found() {
        assert_eq!(code("python3", "import os; os.system('rm -rf /tmp/x')"), ["rm -rf /tmp/x"]);
        assert_eq!(code("python", "import subprocess; subprocess.run(['rm', '-rf', 'x'])"), ["rm -rf x"]);
        assert_eq!(code("perl", "system(\"rm -rf ~\")"), ["rm -rf ~"]);
        assert_eq!(code("ruby", "`rm -rf ~`"), ["rm -rf ~"]);
        assert_eq!(code("node", "require('child_process').execSync('rm -rf /')"), ["rm -rf /"]);
        assert!(code("python3", "print(1)").is_empty());
    }
}
