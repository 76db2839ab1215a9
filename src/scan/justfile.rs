//! `justfile` recipes. A recipe is a header at the start of a line (`name params: deps`) and
//! the indented lines under it. Each line runs in its own shell, after `@`/`-` prefixes, with
//! lines ending in `\` joined; a recipe whose body starts with a shell shebang, or marked
//! `[script]`, runs as one script (other shebangs are not shell and are skipped). `{{ name }}`
//! is substituted when `name := "text"` is assigned in the file, else it is an opaque word.
//! `set shell := [...]` naming something that is not a POSIX shell skips line recipes.

use super::script::is_shell_shebang;
use super::source::{opaque_word, Context, Snippet};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^@?([A-Za-z_][A-Za-z0-9_-]*)\b[^:]*:([^=]|$)").expect("header regex")
});
static ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*:=\s*(?:"([^"\\]*)"|'([^']*)')\s*(?:#.*)?$"#,
    )
    .expect("assign regex")
});
static INTERPOLATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\{\{|\{\{(.*?)\}\}").expect("interpolation regex"));

struct Recipe<'a> {
    name: String,
    script: bool,
    lines: Vec<(usize, &'a str)>,
}

pub fn snippets(file: &str) -> Vec<Snippet> {
    let mut lines = Vec::new();
    let mut start = 0;
    for l in file.split_inclusive('\n') {
        lines.push((start, l.trim_end_matches('\n').trim_end_matches('\r')));
        start += l.len();
    }
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut posix = true;
    let mut recipes: Vec<Recipe> = Vec::new();
    let mut script_attr = false;
    let mut current: Option<Recipe> = None;
    for &(off, line) in &lines {
        let indented = line.starts_with([' ', '\t']);
        if let Some(r) = current.as_mut() {
            if indented || line.trim().is_empty() {
                r.lines.push((off, line));
                continue;
            }
            recipes.push(current.take().expect("current recipe"));
        }
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('[') {
            script_attr |= t.starts_with("[script");
            continue;
        }
        if let Some(c) = ASSIGN.captures(t) {
            let value = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
            vars.insert(c[1].to_string(), value.to_string());
            continue;
        }
        if let Some(rest) = t.strip_prefix("set shell") {
            let prog = rest
                .split('"')
                .nth(1)
                .or_else(|| rest.split('\'').nth(1))
                .unwrap_or("sh");
            posix = is_shell_shebang(&format!("#!{prog}"));
            continue;
        }
        if t.starts_with("set ")
            || t.starts_with("alias ")
            || t.starts_with("import ")
            || t.starts_with("mod ")
            || t.contains(":=")
        {
            continue;
        }
        if let Some(c) = HEADER.captures(t) {
            current = Some(Recipe {
                name: c[1].to_string(),
                script: std::mem::take(&mut script_attr),
                lines: Vec::new(),
            });
        }
    }
    recipes.extend(current);
    let mut out = Vec::new();
    for r in recipes {
        let body: Vec<(usize, &str)> = {
            let mut b = r.lines;
            while b.last().is_some_and(|(_, l)| l.trim().is_empty()) {
                b.pop();
            }
            b
        };
        let indent = body
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        let label = Some(format!("recipe `{}`", r.name));
        let first = body
            .iter()
            .find(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| l.trim());
        let shebang = first.is_some_and(|f| f.starts_with("#!"));
        if shebang || r.script {
            if shebang && !is_shell_shebang(first.unwrap_or("")) {
                continue;
            }
            let mut s = Snippet::new(label, Context::Host);
            for (k, (off, l)) in body.iter().enumerate() {
                if k > 0 {
                    s.push_mapped("\n", off.saturating_sub(1));
                }
                let cut = indent.min(l.len());
                s.push_exact(&l[cut..], off + cut);
            }
            out.push(interpolate(&s, &vars));
            continue;
        }
        if !posix {
            continue;
        }
        let mut k = 0;
        while k < body.len() {
            let (off, l) = body[k];
            k += 1;
            if l.trim().is_empty() {
                continue;
            }
            let mut s = Snippet::new(label.clone(), Context::Host);
            let cmd = l.trim_start_matches([' ', '\t', '@', '-']);
            let mut piece = (off + (l.len() - cmd.len()), cmd);
            loop {
                s.push_exact(piece.1, piece.0);
                let cont = (piece.1.len() - piece.1.trim_end_matches('\\').len()) % 2 == 1;
                if !cont || k >= body.len() {
                    break;
                }
                let (noff, nl) = body[k];
                k += 1;
                s.push_mapped("\n", noff.saturating_sub(1));
                let t = nl.trim_start_matches([' ', '\t']);
                piece = (noff + (nl.len() - t.len()), t);
            }
            out.push(interpolate(&s, &vars));
        }
    }
    out
}

fn interpolate(s: &Snippet, vars: &HashMap<String, String>) -> Snippet {
    let mut n = 0;
    let edits = INTERPOLATION
        .captures_iter(&s.text)
        .map(|c| {
            let m = c.get(0).expect("whole match");
            match c.get(1) {
                None => (m.range(), "{{".to_string(), None),
                Some(expr) => match vars.get(expr.as_str().trim()) {
                    Some(v) => (m.range(), v.clone(), None),
                    None => {
                        n += 1;
                        (m.range(), opaque_word(n - 1), Some(m.as_str().to_string()))
                    }
                },
            }
        })
        .collect();
    s.substitute(edits)
}

#[cfg(test)]
mod tests {
    use super::snippets;

    fn texts(file: &str) -> Vec<String> {
        snippets(file).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn line_recipes_and_interpolation() {
        let file = "out := \"dist\"\n\n# Remove things\nclean target='x': build\n    @rm -rf {{out}}\n    -rm -rf {{target}}/cache\n\nbuild:\n    cargo build\n";
        assert_eq!(
            texts(file),
            [
                "rm -rf dist",
                "rm -rf ${BRAKE_OPAQUE_0}/cache",
                "cargo build"
            ]
        );
    }

    #[test]
    fn shebang_and_script_recipes_are_one_text() {
        let file = "deploy:\n  #!/usr/bin/env bash\n  cd /srv\n  rm -rf app\n\npy:\n  #!/usr/bin/env python3\n  import os\n\n[script]\nx:\n  cd y\n  ls\n";
        assert_eq!(
            texts(file),
            ["#!/usr/bin/env bash\ncd /srv\nrm -rf app", "cd y\nls"]
        );
    }
}
