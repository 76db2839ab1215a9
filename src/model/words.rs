//! Word nodes -> [`Word`]s: removes every quoting form (`'..'`, `".."`, `$'..'`, backslashes,
//! concatenations such as `r''m`), substitutes variables assigned earlier in the line, splits
//! unquoted expansions as the shell would, and records what cannot be known (expansions, command
//! substitutions), unquoted globs and a leading `~`.

use super::{Env, Var, Word};
use tree_sitter::Node;

/// Accumulates the pieces of one word.
#[derive(Default)]
struct Builder {
    word: Word,
    /// At the start of the word (for `~` and `$HOME`/mktemp detection).
    first: bool,
}

/// Turns an argument node into words. Usually one; an unquoted expansion whose known value has
/// spaces gives several, as word splitting would.
pub(crate) fn eval(node: Node, src: &str, env: &Env) -> Vec<Word> {
    let span = (node.start_byte(), node.end_byte());
    // A lone unquoted expansion with a known value is split on IFS.
    let ifs = match env.get("IFS") {
        None => Some(" \t\n".to_string()),
        Some(Var::Static(s)) => Some(s.clone()),
        Some(_) => None,
    };
    if let (true, Some(ifs)) = (matches!(node.kind(), "simple_expansion" | "expansion"), ifs) {
        if let Some(Var::Static(value)) = var_name(node, src).and_then(|n| env.get(&n)) {
            let parts: Vec<Word> = value
                .split(|c| ifs.contains(c))
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let mut w = Word::literal(p, span);
                    w.glob = has_glob(p);
                    w
                })
                .collect();
            return parts;
        }
    }
    let mut b = Builder {
        word: Word {
            span,
            ..Word::default()
        },
        first: true,
    };
    part(&mut b, node, src, env, false);
    vec![b.word]
}

/// Evaluates a node that is one word whatever its value (a command name, an assignment value).
pub(crate) fn eval_one(node: Node, src: &str, env: &Env) -> Word {
    let mut b = Builder {
        word: Word {
            span: (node.start_byte(), node.end_byte()),
            ..Word::default()
        },
        first: true,
    };
    part(&mut b, node, src, env, true);
    b.word
}

fn push_literal(b: &mut Builder, s: &str) {
    if !s.is_empty() {
        b.word.text.push_str(s);
        b.first = false;
    }
}

fn part(b: &mut Builder, node: Node, src: &str, env: &Env, quoted_ctx: bool) {
    let text = &src[node.byte_range()];
    match node.kind() {
        "word" | "command_name" if node.named_child_count() == 0 => {
            if b.first && text.starts_with('~') {
                b.word.tilde = true;
            }
            let (lit, glob) = unescape_unquoted(text);
            b.word.glob |= glob;
            push_literal(b, &lit);
        }
        "command_name" => {
            for ch in crate::shell::named_children(node) {
                part(b, ch, src, env, quoted_ctx);
            }
        }
        "number" | "regex" => push_literal(b, text),
        "raw_string" => {
            let inner = text
                .strip_prefix('\'')
                .and_then(|t| t.strip_suffix('\''))
                .unwrap_or(text);
            b.word.text.push_str(inner);
            b.first = false;
        }
        "ansi_c_string" => {
            let inner = text
                .strip_prefix("$'")
                .and_then(|t| t.strip_suffix('\''))
                .unwrap_or(text);
            b.word.text.push_str(&ansi_c_decode(inner));
            b.first = false;
        }
        "string" | "translated_string" => {
            // Literal text is whatever lies between the named children, minus the quotes.
            let start = node.start_byte() + if text.starts_with('$') { 2 } else { 1 };
            let end = node.end_byte().saturating_sub(1).max(start);
            let mut pos = start;
            for ch in crate::shell::named_children(node) {
                if ch.kind() == "string_content" {
                    continue;
                }
                if ch.start_byte() > pos {
                    b.word
                        .text
                        .push_str(&unescape_double(&src[pos..ch.start_byte()]));
                }
                part(b, ch, src, env, true);
                pos = ch.end_byte();
            }
            if end > pos {
                b.word.text.push_str(&unescape_double(&src[pos..end]));
            }
            b.first = false;
        }
        "concatenation" => {
            for ch in crate::shell::children(node) {
                part(b, ch, src, env, quoted_ctx);
            }
        }
        "simple_expansion" | "expansion" => {
            let name = var_name(node, src);
            let simple = node.kind() == "simple_expansion" || is_plain_braced(text);
            let known = name.as_deref().and_then(|n| env.get(n)).filter(|_| simple);
            match known {
                Some(Var::Static(v)) if quoted_ctx || !env.ifs_changed => {
                    if !quoted_ctx {
                        b.word.glob |= has_glob(v);
                    }
                    push_literal(b, v);
                }
                Some(Var::Temp) => {
                    if b.first {
                        b.word.temp = true;
                    }
                    push_literal(b, text);
                }
                _ => {
                    if b.first && name.as_deref() == Some("HOME") {
                        b.word.home_var = true;
                    }
                    b.word.dynamic = true;
                    push_literal(b, text);
                }
            }
        }
        // Its text stays visible (`source <(curl ...)`); it names no file in the project.
        "process_substitution" => {
            b.word.dynamic = true;
            push_literal(b, text)
        }
        "brace_expression" => {
            b.word.glob = true;
            push_literal(b, text);
        }
        "string_content" | "heredoc_content" => push_literal(b, &unescape_double(text)),
        // $(...), `...`, $((...)) and anything else: unknown until running.
        _ => {
            b.word.dynamic = true;
            push_literal(b, text);
        }
    }
}

/// The variable an expansion node refers to.
pub(crate) fn var_name(node: Node, src: &str) -> Option<String> {
    let found = crate::shell::named_children(node)
        .into_iter()
        .find(|ch| matches!(ch.kind(), "variable_name" | "special_variable_name"))
        .map(|ch| src[ch.byte_range()].to_string());
    found
}

fn is_plain_braced(text: &str) -> bool {
    text.strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

pub(crate) fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Removes backslash escapes from unquoted text; reports whether an unescaped glob char occurs.
fn unescape_unquoted(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut glob = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                match chars.next() {
                    Some('\n') | None => {} // line continuation
                    Some(n) => out.push(n),
                }
            }
            '*' | '?' | '[' => {
                glob = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    (out, glob)
}

/// Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline.
fn unescape_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('$' | '`' | '"' | '\\') => out.push(chars.next().unwrap()),
                Some('\n') => {
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Decodes the body of `$'...'`.
pub(crate) fn ansi_c_decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c != '\\' || i + 1 >= bytes.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let n = bytes[i + 1];
        i += 2;
        match n {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'e' | 'E' => out.push('\x1b'),
            'f' => out.push('\x0c'),
            'v' => out.push('\x0b'),
            '\\' | '\'' | '"' | '?' => out.push(n),
            'x' | 'u' | 'U' => {
                let max = match n {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v = 0u32;
                let mut k = 0;
                while k < max && i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                    v = v * 16 + bytes[i].to_digit(16).unwrap();
                    i += 1;
                    k += 1;
                }
                if let Some(ch) = char::from_u32(v) {
                    out.push(ch);
                }
            }
            '0'..='7' => {
                let mut v = n.to_digit(8).unwrap();
                let mut k = 1;
                while k < 3 && i < bytes.len() && bytes[i].is_digit(8) {
                    v = v * 8 + bytes[i].to_digit(8).unwrap();
                    i += 1;
                    k += 1;
                }
                if let Some(ch) = char::from_u32(v) {
                    out.push(ch);
                }
            }
            'c' if i < bytes.len() => {
                out.push(char::from_u32((bytes[i] as u32) & 0x1f).unwrap_or('?'));
                i += 1;
            }
            _ => {
                out.push('\\');
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<Word> {
        let syn = crate::shell::parse(line).unwrap();
        let root = syn.root();
        let cmd = root.named_child(0).unwrap();
        let env = Env::default();
        crate::shell::named_children(cmd)
            .into_iter()
            .flat_map(|n| eval(n, &syn.source, &env))
            .collect()
    }

    #[test]
    fn quoting_forms_resolve_to_the_same_text() {
        for line in [r"r''m x", r"\rm x", r#""rm" x"#, r"$'r\x6d' x", r#"r"m" x"#] {
            assert_eq!(words(line)[0].text, "rm", "{line}");
        }
    }

    #[test]
    fn globs_tilde_and_expansions_are_marked() {
        let w = words(r#"ls *.c '*.c' ~/x "$HOME/y" $(pwd)"#);
        assert!(w[1].glob && !w[2].glob);
        assert!(w[3].tilde && w[4].home_var && w[4].dynamic && w[5].dynamic);
    }

    #[test]
    fn ansi_c_escapes_decode() {
        assert_eq!(ansi_c_decode(r"a\nb\t\101\x42\u0043"), "a\nb\tABC");
    }
}
