//! Makefile recipes (`Makefile`, `makefile`, `GNUmakefile`, `*.mk`). Each logical recipe line
//! runs in its own shell, so each is checked alone (the whole recipe under `.ONESHELL:`).
//! A recipe line starts with the recipe prefix (a tab, or `.RECIPEPREFIX`), loses its `@ - +`
//! prefixes, and continues over lines ending in `\` (make keeps the backslash-newline for the
//! shell and drops the prefix of the next line). Make expands the text first: `$$` is `$`,
//! variables assigned in the file to plain text are substituted (`BUILD := build`), `$(RM)` is
//! `rm -f`, `$@` is the rule's one target, and everything else (`$(shell ...)`, `$<`, an unknown
//! variable) becomes an opaque word.

use super::source::{opaque_word, Context, Snippet};
use std::collections::HashMap;

/// A recipe line, or a whole recipe under `.ONESHELL`, before make expansion.
struct RawRecipe {
    target: String,
    single_target: Option<String>,
    text: Snippet,
}

pub fn snippets(file: &str) -> Vec<Snippet> {
    let lines = physical_lines(file);
    let oneshell = lines
        .iter()
        .any(|(_, l)| l.trim_end().starts_with(".ONESHELL:"));
    let mut prefix = '\t';
    let mut vars: HashMap<String, Option<String>> = HashMap::new();
    let mut recipes: Vec<RawRecipe> = Vec::new();
    // The rule whose recipe is being read: (targets, recipe lines so far).
    let mut rule: Option<(String, Option<String>)> = None;
    let mut in_define = false;
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        i += 1;
        let trimmed = line.trim_start();
        if in_define {
            if trimmed.starts_with("endef") {
                in_define = false;
            }
            continue;
        }
        if let (Some((targets, single)), true) = (&rule, line.starts_with(prefix)) {
            // A recipe line, with its continuations.
            let mut s = Snippet::new(Some(format!("recipe `{targets}`")), Context::Host);
            let mut body = &line[prefix.len_utf8()..];
            let mut body_start = start + prefix.len_utf8();
            let skipped = body.len() - body.trim_start_matches(['@', '-', '+', ' ', '\t']).len();
            body = &body[skipped..];
            body_start += skipped;
            loop {
                s.push_exact(body, body_start);
                if !continues(body) || i >= lines.len() {
                    break;
                }
                let (next_start, next) = lines[i];
                i += 1;
                s.push_mapped("\n", body_start + body.len());
                let cut = if next.starts_with(prefix) {
                    prefix.len_utf8()
                } else {
                    0
                };
                body = &next[cut..];
                body_start = next_start + cut;
            }
            if oneshell {
                if let Some(last) = recipes.last_mut().filter(|r| &r.target == targets) {
                    last.text.push_mapped("\n", body_start);
                    last.text.append(&s);
                    continue;
                }
            }
            recipes.push(RawRecipe {
                target: targets.clone(),
                single_target: single.clone(),
                text: s,
            });
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || is_conditional(trimmed) {
            continue;
        }
        rule = None;
        // Directives and assignments may continue over lines too.
        let mut logical = line.to_string();
        while continues(&logical) && i < lines.len() {
            logical.pop();
            logical.push(' ');
            logical.push_str(lines[i].1.trim_start());
            i += 1;
        }
        let logical = logical.trim_start();
        if logical.starts_with("define ") || logical == "define" {
            in_define = true;
            continue;
        }
        if let Some((name, value)) = assignment(logical) {
            if name == ".RECIPEPREFIX" {
                prefix = value.chars().next().unwrap_or('\t');
            }
            let append = logical[name.len()..].trim_start().starts_with("+=");
            let old = vars.get(&name).cloned();
            let new = match (append, old) {
                (true, Some(Some(old))) => Some(format!("{old} {value}")),
                (true, Some(None)) => None,
                (_, Some(Some(old))) if !append && old != value => None,
                (_, Some(None)) => None,
                _ => Some(value),
            };
            vars.insert(name, new);
            continue;
        }
        if let Some((targets, rest)) = rule_line(logical) {
            let names: Vec<&str> = targets.split_whitespace().collect();
            let single = (names.len() == 1 && !names[0].contains('%')).then(|| names[0].into());
            rule = Some((names.join(" "), single.clone()));
            if let Some(semi) = rest.find(';') {
                let cmd = &rest[semi + 1..];
                let offset = start + (line.len() - line.trim_start().len());
                let cmd_offset = logical
                    .find(cmd)
                    .map_or(offset, |p| offset + p.min(line.len()));
                let cmd_trimmed = cmd.trim_start_matches(['@', '-', '+', ' ', '\t']);
                let mut s =
                    Snippet::new(Some(format!("recipe `{}`", names.join(" "))), Context::Host);
                s.push_exact(cmd_trimmed, cmd_offset + (cmd.len() - cmd_trimmed.len()));
                recipes.push(RawRecipe {
                    target: names.join(" "),
                    single_target: single,
                    text: s,
                });
            }
        }
    }
    recipes
        .into_iter()
        .map(|r| expand(&r.text, &vars, r.single_target.as_deref()))
        .collect()
}

/// Lines with their start offsets, without line breaks.
fn physical_lines(file: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in file.split_inclusive('\n') {
        out.push((start, line.trim_end_matches('\n').trim_end_matches('\r')));
        start += line.len();
    }
    out
}

/// Ends in an odd number of backslashes.
fn continues(line: &str) -> bool {
    (line.len() - line.trim_end_matches('\\').len()) % 2 == 1
}

fn is_conditional(line: &str) -> bool {
    let word = line.split_whitespace().next().unwrap_or("");
    matches!(
        word,
        "ifeq" | "ifneq" | "ifdef" | "ifndef" | "else" | "endif"
    )
}

/// `NAME = value`, `NAME := value`, `NAME ?= value`, `NAME += value`, with `export` or
/// `override` before it.
fn assignment(line: &str) -> Option<(String, String)> {
    let line = line
        .strip_prefix("export ")
        .or_else(|| line.strip_prefix("override "))
        .unwrap_or(line)
        .trim_start();
    let eq = line.find('=')?;
    let head = &line[..eq];
    let name = head.trim_end_matches([':', '?', '+', '!']).trim();
    if name.is_empty() || name.contains([' ', '\t', '$', '(', ')']) {
        return None;
    }
    // `target: VAR = value` has a colon before the name; `a:=b` does not count as a rule.
    if head.trim_end_matches([':', '?', '+', '!']).contains(':') {
        return None;
    }
    Some((name.to_string(), line[eq + 1..].trim().to_string()))
}

/// `targets: prerequisites [; recipe]` — the targets and everything after the colon.
fn rule_line(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let targets = &line[..colon];
    if targets.trim().is_empty() || targets.contains('=') {
        return None;
    }
    let rest = line[colon + 1..].trim_start_matches(':');
    // `target: VAR = value` sets a variable; no recipe starts.
    let before_semi = rest.split(';').next().unwrap_or("");
    if before_semi.contains('=') {
        return None;
    }
    Some((targets.trim(), rest))
}

/// Make's expansion of a recipe, as edits on the snippet.
fn expand(s: &Snippet, vars: &HashMap<String, Option<String>>, target: Option<&str>) -> Snippet {
    let text = &s.text;
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' || i + 1 >= bytes.len() {
            i += 1;
            continue;
        }
        let (end, name) = match bytes[i + 1] {
            b'$' => {
                edits.push((i..i + 2, "$".to_string(), None));
                i += 2;
                continue;
            }
            open @ (b'(' | b'{') => {
                let close = if open == b'(' { b')' } else { b'}' };
                let mut depth = 0;
                let mut j = i + 1;
                let mut end = None;
                while j < bytes.len() {
                    if bytes[j] == open {
                        depth += 1;
                    } else if bytes[j] == close {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(j + 1);
                            break;
                        }
                    }
                    j += 1;
                }
                match end {
                    Some(e) => (e, &text[i + 2..e - 1]),
                    None => (bytes.len(), &text[i + 2..]),
                }
            }
            _ => {
                let c = text[i + 1..].chars().next().unwrap_or(' ');
                (i + 1 + c.len_utf8(), &text[i + 1..i + 1 + c.len_utf8()])
            }
        };
        let source = &text[i..end];
        let value = lookup(name, vars, target, 0);
        match value {
            Some(v) => edits.push((i..end, v, None)),
            None => {
                edits.push((i..end, opaque_word(n), Some(source.to_string())));
                n += 1;
            }
        }
        i = end;
    }
    s.substitute(edits)
}

/// The plain-text value of a make variable reference, if the file makes it known.
fn lookup(
    name: &str,
    vars: &HashMap<String, Option<String>>,
    target: Option<&str>,
    depth: usize,
) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match name {
        "@" => return target.map(str::to_string),
        "RM" if !vars.contains_key("RM") => return Some("rm -f".into()),
        "MAKE" if !vars.contains_key("MAKE") => return Some("make".into()),
        "CURDIR" if !vars.contains_key("CURDIR") => return Some(".".into()),
        _ => {}
    }
    let value = vars.get(name)?.as_ref()?;
    if !value.contains('$') {
        return Some(value.clone());
    }
    // One level of `$(OTHER)` references to known plain values.
    let mut out = String::new();
    let mut rest = value.as_str();
    while let Some(p) = rest.find('$') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let (inner, len) = match after.chars().next()? {
            '(' => (&after[1..after.find(')')?], after.find(')')? + 1),
            '{' => (&after[1..after.find('}')?], after.find('}')? + 1),
            '$' => ("$", 1),
            c => (&after[..c.len_utf8()], c.len_utf8()),
        };
        if inner == "$" {
            out.push('$');
        } else {
            out.push_str(&lookup(inner, vars, target, depth + 1)?);
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::snippets;

    fn texts(file: &str) -> Vec<String> {
        snippets(file).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn recipe_lines_lose_prefixes_and_keep_continuations() {
        let file = "all:\n\t@echo hi\n\n# note\nclean:\n\t-rm -rf $(OUT) \\\n\t  data\n\t+$(MAKE) -C sub\n";
        assert_eq!(
            texts(file),
            [
                "echo hi",
                "rm -rf ${BRAKE_OPAQUE_0} \\\n  data",
                "make -C sub"
            ]
        );
    }

    #[test]
    fn known_variables_are_substituted_and_dollars_unescaped() {
        let file = "BUILD := build\nOUT = $(BUILD)/out\nclean:\n\trm -rf $(OUT) $@; for f in *; do echo $$f; done\n";
        assert_eq!(
            texts(file),
            ["rm -rf build/out clean; for f in *; do echo $f; done"]
        );
    }

    #[test]
    fn one_line_recipes_and_define_blocks() {
        let file = "define X\n\trm -rf /\nendef\nclean: ; rm -rf dist\n";
        assert_eq!(texts(file), ["rm -rf dist"]);
    }

    #[test]
    fn spans_map_to_the_file() {
        let file = "x:\n\t@rm -rf \\\n\t  /srv\n";
        let s = &snippets(file)[0];
        let at = s.text.find("/srv").unwrap();
        assert_eq!(&file[s.file_offset(at)..s.file_offset(at) + 4], "/srv");
    }
}
