//! `Dockerfile` / `Containerfile` `RUN` instructions (also under `ONBUILD`), in every form:
//! shell form with continuation lines (joined as Docker joins them, comment lines inside
//! dropped), exec form (`RUN ["rm", "-rf", "x"]`, quoted back into one command line), and
//! BuildKit heredocs (`RUN <<EOF` runs the body as a script; `RUN cmd <<EOF` feeds it to `cmd`,
//! as a shell would). Leading flags (`--mount=...`, `--network=...`) are skipped, and a
//! `SHELL` that is not a POSIX shell stops the checks until the next `FROM`.
//!
//! Every snippet has the [`Context::Image`]: what `RUN` does to files acts on the image being
//! built (see `context`).

use super::script::is_shell_shebang;
use super::source::{Context, Snippet};
use regex::Regex;
use std::sync::LazyLock;

pub fn snippets(file: &str) -> Vec<Snippet> {
    let lines: Vec<(usize, &str)> = {
        let mut out = Vec::new();
        let mut start = 0;
        for l in file.split_inclusive('\n') {
            out.push((start, l.trim_end_matches('\n').trim_end_matches('\r')));
            start += l.len();
        }
        out
    };
    let escape = escape_char(&lines);
    let mut out = Vec::new();
    let mut posix = true;
    let mut stage: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        i += 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // The logical line: physical pieces with the escape-newline removed.
        let lead = line.len() - trimmed.len();
        let mut pieces: Vec<(usize, &str)> = Vec::new();
        let mut cur = (start + lead, trimmed);
        loop {
            match strip_escape(cur.1, escape) {
                Some(body) => {
                    pieces.push((cur.0, body));
                    // Skip comment and empty lines inside the instruction.
                    while i < lines.len() {
                        let t = lines[i].1.trim_start();
                        if t.is_empty() || t.starts_with('#') {
                            i += 1;
                        } else {
                            break;
                        }
                    }
                    if i >= lines.len() {
                        break;
                    }
                    cur = lines[i];
                    i += 1;
                }
                None => {
                    pieces.push(cur);
                    break;
                }
            }
        }
        let first = pieces[0].1;
        let word_len = first.find(char::is_whitespace).unwrap_or(first.len());
        let instruction = first[..word_len].to_ascii_uppercase();
        let mut skip = word_len;
        let is_run = match instruction.as_str() {
            "RUN" => true,
            "ONBUILD" => {
                let rest = first[word_len..].trim_start();
                let w = rest.split_whitespace().next().unwrap_or("");
                skip = first.len() - rest.len() + w.len();
                w.eq_ignore_ascii_case("RUN")
            }
            "FROM" => {
                posix = true;
                let all = joined(&pieces);
                let words: Vec<&str> = all.split_whitespace().collect();
                stage = words
                    .iter()
                    .position(|w| w.eq_ignore_ascii_case("as"))
                    .and_then(|p| words.get(p + 1))
                    .map(|s| s.to_string());
                false
            }
            "SHELL" => {
                let args = joined(&pieces)[word_len..].trim().to_string();
                posix = serde_json::from_str::<Vec<String>>(&args)
                    .ok()
                    .and_then(|v| v.first().cloned())
                    .is_some_and(|p| is_shell_shebang(&format!("#!{p}")));
                false
            }
            _ => false,
        };
        if !is_run || !posix {
            continue;
        }
        let label = Some(match &stage {
            Some(s) => format!("RUN in stage `{s}`"),
            None => "RUN".to_string(),
        });
        // The command: after the instruction and its `--flags`.
        let mut cmd = Snippet::new(label.clone(), Context::Image);
        let (off0, text0) = pieces[0];
        let mut rest = &text0[skip..];
        loop {
            let t = rest.trim_start();
            if t.starts_with("--") {
                let w = t.find(char::is_whitespace).unwrap_or(t.len());
                rest = &t[w..];
            } else {
                rest = t;
                break;
            }
        }
        cmd.push_exact(rest, off0 + (text0.len() - rest.len()));
        for &(off, text) in &pieces[1..] {
            cmd.push_exact(text, off);
        }
        let trimmed_cmd = cmd.text.trim();
        if trimmed_cmd.starts_with('[') {
            if let Some(s) = exec_form(&cmd, label.clone()) {
                out.push(s);
                continue;
            }
        }
        let heredocs = heredoc_markers(&cmd.text);
        if heredocs.is_empty() {
            out.push(cmd);
            continue;
        }
        // Bodies follow the instruction, one after the other.
        let mut bodies: Vec<Snippet> = Vec::new();
        let body_start = lines.get(i).map_or(file.len(), |l| l.0);
        for (strip_tabs, delim) in &heredocs {
            let mut body = Snippet::new(label.clone(), Context::Image);
            while i < lines.len() {
                let (s, l) = lines[i];
                i += 1;
                let cmp = if *strip_tabs {
                    l.trim_start_matches('\t')
                } else {
                    l
                };
                if cmp == delim {
                    break;
                }
                body.push_exact(l, s);
                body.push_mapped("\n", s + l.len());
            }
            bodies.push(body);
        }
        let only_heredocs = {
            let mut t = cmd.text.clone();
            for (_, d) in &heredocs {
                t = t.replace(d.as_str(), "");
            }
            t.chars()
                .all(|c| c.is_whitespace() || matches!(c, '<' | '-' | '"' | '\''))
        };
        if only_heredocs {
            // `RUN <<EOF`: each body is a script for the default shell, or for its shebang.
            for b in bodies {
                let first_line = b.text.lines().next().unwrap_or("");
                if first_line.starts_with("#!") && !is_shell_shebang(first_line) {
                    continue;
                }
                out.push(b);
            }
        } else {
            // `RUN cmd <<EOF`: the shell reads the heredocs itself.
            let end = lines.get(i).map_or(file.len(), |l| l.0);
            cmd.push_mapped("\n", body_start.saturating_sub(1));
            cmd.push_exact(&file[body_start..end], body_start);
            out.push(cmd);
        }
    }
    out
}

/// `# escape=` parser directive (before anything else in the file); `\` by default.
fn escape_char(lines: &[(usize, &str)]) -> char {
    for (_, l) in lines {
        let t = l.trim();
        let Some(d) = t.strip_prefix('#') else {
            break;
        };
        let d = d.trim();
        if let Some((k, v)) = d.split_once('=') {
            if k.trim().eq_ignore_ascii_case("escape") {
                return v.trim().chars().next().unwrap_or('\\');
            }
            continue;
        }
        break;
    }
    '\\'
}

/// The line without its trailing escape character, if it continues.
fn strip_escape(line: &str, escape: char) -> Option<&str> {
    let t = line.trim_end();
    let body = t.strip_suffix(escape)?;
    // `\\` at the end is an escaped escape, not a continuation.
    if escape == '\\' && (t.len() - t.trim_end_matches('\\').len()) % 2 == 0 {
        return None;
    }
    Some(body)
}

fn joined(pieces: &[(usize, &str)]) -> String {
    pieces.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("")
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` in the command: (strip tabs, delimiter), in order.
fn heredoc_markers(cmd: &str) -> Vec<(bool, String)> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)(["']?)"#).expect("heredoc regex")
    });
    RE.captures_iter(cmd)
        .filter(|c| c[2] == c[4])
        .map(|c| (&c[1] == "-", c[3].to_string()))
        .collect()
}

/// `["prog", "arg"]`: quoted back into one command line, each word mapped to its string in
/// the file. None when it is not a JSON array of strings (Docker then runs it as shell form).
fn exec_form(cmd: &Snippet, label: Option<String>) -> Option<Snippet> {
    let words: Vec<String> = serde_json::from_str(cmd.text.trim()).ok()?;
    // Where each string literal starts in the text.
    let mut starts = Vec::new();
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in cmd.text.char_indices() {
        match (in_str, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => {
                in_str = true;
                starts.push(i);
            }
            _ => {}
        }
    }
    let mut s = Snippet::new(label, Context::Image);
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            s.push_mapped(" ", cmd.file_offset(starts.get(k).copied().unwrap_or(0)));
        }
        let quoted = if !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
        {
            w.clone()
        } else {
            format!("'{}'", w.replace('\'', "'\\''"))
        };
        s.push_mapped(
            &quoted,
            cmd.file_offset(starts.get(k).copied().unwrap_or(0)),
        );
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::snippets;

    fn texts(file: &str) -> Vec<String> {
        snippets(file).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn shell_form_joins_continuations_and_drops_comments() {
        let file = "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n    # clean up\n    rm -rf /var/lib/apt/lists/*\nCMD [\"sh\"]\n";
        assert_eq!(
            texts(file),
            ["apt-get update &&     rm -rf /var/lib/apt/lists/*"]
        );
    }

    #[test]
    fn exec_form_is_quoted_back() {
        let file = "FROM x\nRUN [\"/bin/sh\", \"-c\", \"rm -rf /srv && ls\"]\n";
        assert_eq!(texts(file), ["/bin/sh -c 'rm -rf /srv && ls'"]);
    }

    #[test]
    fn heredocs_alone_are_scripts_and_after_a_command_are_its_input() {
        let file = "FROM x\nRUN <<EOF\nset -e\nrm -rf /tmp/x\nEOF\nRUN cat > /etc/motd <<'EOF'\nhello\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n";
        assert_eq!(
            texts(file),
            [
                "set -e\nrm -rf /tmp/x\n",
                "cat > /etc/motd <<'EOF'\nhello\nEOF\n"
            ]
        );
    }

    #[test]
    fn a_non_posix_shell_stops_checks_until_the_next_stage() {
        let file = "FROM w\nSHELL [\"powershell\", \"-Command\"]\nRUN Remove-Item x\nFROM y AS b\nRUN rm -rf /x\n";
        let s = snippets(file);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].label.as_deref(), Some("RUN in stage `b`"));
    }

    #[test]
    fn spans_map_to_the_file() {
        let file = "FROM x\nRUN apt-get update \\\n && git push --force origin main\n";
        let s = &snippets(file)[0];
        let at = s.text.find("git").unwrap();
        assert_eq!(&file[s.file_offset(at)..s.file_offset(at) + 8], "git push");
    }
}
