//! The walker: drives the syntax tree in execution order and emits invocations. It follows
//! lists, pipelines, subshells, groups, loops, conditionals and functions called in the line;
//! walks `$(...)`, backticks and process substitutions wherever they appear (arguments, double
//! quotes, assignments, redirections, unquoted heredoc bodies); tracks variables, aliases and
//! the working directory left by `cd`; knows what flows through a pipe into a shell; and parses
//! shell code found in strings again, up to a depth limit.

use super::interpreters;
use super::scripts::{self, Script};
use super::words::{eval, eval_one};
use super::wrappers::{self, Inner};
use super::{
    Cwd, Env, Invocation, Model, Opaque, OpaqueKind, Redirect, Span, Stdin, Unparsed, Var, Word,
};
use crate::limits::{
    Limit, MAX_INVOCATIONS, MAX_REPARSE_DEPTH, MAX_SCRIPT_BYTES, MAX_SYNTAX_DEPTH,
};
use crate::shell::{self, Syntax};
use std::collections::HashMap;
use tree_sitter::Node;

/// Builds the action model of one command line.
pub fn build(line: &str) -> Model {
    let mut w = Walker::default();
    w.text(line, &[], None, &Stdin::Inherited);
    w.model
}

#[derive(Default)]
struct Walker {
    model: Model,
    env: Env,
    cwd: CwdState,
    aliases: HashMap<String, String>,
    /// `git config alias.x VALUE` seen earlier in the line.
    git_aliases: HashMap<String, String>,
    /// Files written earlier in the line with known content (`echo ... > f.sh`).
    written: HashMap<String, String>,
    reparse_depth: usize,
    stopped: bool,
}

/// The working directory, and whether the `cd` that set it is confirmed (`cd x && ...`,
/// `cd x || exit`): after a plain `cd x;` the next command may run where the line started.
#[derive(Clone)]
struct CwdState {
    cwd: Cwd,
    fragile: bool,
}

impl Default for CwdState {
    fn default() -> Self {
        CwdState {
            cwd: Cwd::Project(String::new()),
            fragile: false,
        }
    }
}

/// One parsed text being walked.
struct Frame<'s> {
    syn: &'s Syntax,
    wrappers: Vec<String>,
    /// Spans of nested code are reported as the span of the outer word that held it.
    outer: Option<Span>,
    functions: HashMap<String, Node<'s>>,
    /// Text of the line when nested: for remote (`ssh`) code, relative paths are not the project.
    remote: bool,
}

/// Per-command information gathered before resolving its argv.
struct Cmd {
    assignments: Vec<(String, String)>,
    redirects: Vec<Redirect>,
    stdin: Stdin,
    span: Span,
}

fn is_word_kind(kind: &str) -> bool {
    matches!(
        kind,
        "word"
            | "string"
            | "raw_string"
            | "ansi_c_string"
            | "translated_string"
            | "concatenation"
            | "simple_expansion"
            | "expansion"
            | "number"
            | "variable_name"
            | "arithmetic_expansion"
            | "brace_expression"
            | "extglob_pattern"
            | "regex"
            | "test_operator"
            | "binary_expression"
            | "unary_expression"
            | "parenthesized_expression"
            | "ternary_expression"
            | "postfix_expression"
            | "string_content"
    )
}

impl Walker {
    fn limit(&mut self, limit: Limit, span: Span) {
        if !self.model.limits.iter().any(|(l, _)| *l == limit) {
            self.model.limits.push((limit, span));
        }
        if matches!(limit, Limit::Invocations) {
            self.stopped = true;
        }
    }

    /// Parses and walks `text`. `outer` is the span in the checked line that holds it.
    fn text(&mut self, text: &str, wrappers: &[String], outer: Option<Span>, stdin: &Stdin) {
        self.text_in(text, wrappers, outer, stdin, false)
    }

    fn text_in(
        &mut self,
        text: &str,
        wrappers: &[String],
        outer: Option<Span>,
        stdin: &Stdin,
        remote: bool,
    ) {
        let span = outer.unwrap_or((0, text.len()));
        if self.reparse_depth > MAX_REPARSE_DEPTH {
            self.limit(Limit::ReparseDepth, span);
            return;
        }
        let syn = match shell::parse(text) {
            Ok(s) => s,
            Err(limit) => {
                self.limit(limit, span);
                return;
            }
        };
        if syn.has_error() {
            self.model.unparsed.push(Unparsed {
                text: text.to_string(),
                span,
                wrappers: wrappers.to_vec(),
            });
            return;
        }
        let frame = Frame {
            syn: &syn,
            wrappers: wrappers.to_vec(),
            outer,
            functions: HashMap::new(),
            remote,
        };
        let saved = if remote || outer.is_some() {
            Some(self.cwd.clone())
        } else {
            None
        };
        if remote {
            self.cwd = CwdState {
                cwd: Cwd::Outside("the remote home directory".into()),
                fragile: false,
            };
        }
        self.reparse_depth += 1;
        let mut frame = frame;
        self.stmt(&mut frame, syn.root(), 0, stdin);
        self.reparse_depth -= 1;
        if let Some(saved) = saved {
            self.cwd = saved;
        }
    }

    fn span(&self, f: &Frame, node: Node) -> Span {
        f.outer.unwrap_or((node.start_byte(), node.end_byte()))
    }

    fn stmt<'s>(&mut self, f: &mut Frame<'s>, node: Node<'s>, depth: usize, stdin: &Stdin) {
        if self.stopped {
            return;
        }
        if depth > MAX_SYNTAX_DEPTH {
            let span = self.span(f, node);
            self.limit(Limit::SyntaxDepth, span);
            return;
        }
        match node.kind() {
            "command" => self.command(f, node, depth, stdin, &[]),
            "redirected_statement" => self.redirected(f, node, depth, stdin),
            "pipeline" => self.pipeline(f, node, depth, stdin),
            "variable_assignment" => {
                self.assignment(f, node, depth, true);
            }
            "declaration_command" => {
                for ch in shell::named_children(node) {
                    if ch.kind() == "variable_assignment" {
                        self.assignment(f, ch, depth + 1, true);
                    } else {
                        self.subs(f, ch, depth + 1);
                    }
                }
            }
            "subshell" => {
                let saved = self.cwd.clone();
                self.children(f, node, depth, stdin);
                self.cwd = saved;
            }
            "function_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let name = f.syn.text(name).to_string();
                    if let Some(body) = node.child_by_field_name("body") {
                        f.functions.insert(name, body);
                    }
                }
            }
            "for_statement" | "select_statement" => {
                if let Some(var) = node.child_by_field_name("variable") {
                    let name = f.syn.text(var).to_string();
                    self.env.set(&name, Var::Unknown);
                    self.env.set(&name, Var::Static(String::new()));
                }
                self.children(f, node, depth, stdin);
            }
            "list" => self.list(f, node, depth, stdin),
            "comment" | "heredoc_body" | "heredoc_start" | "heredoc_end" => {}
            k if is_word_kind(k) || k == "command_substitution" || k == "process_substitution" => {
                self.subs(f, node, depth + 1)
            }
            _ => self.children(f, node, depth, stdin),
        }
    }

    /// Walks the named children of a compound node in order.
    fn children<'s>(&mut self, f: &mut Frame<'s>, node: Node<'s>, depth: usize, stdin: &Stdin) {
        let kids: Vec<Node<'s>> = shell::named_children(node);
        for ch in kids {
            if self.cwd.fragile && !is_word_kind(ch.kind()) {
                self.cwd = CwdState {
                    cwd: Cwd::Unknown,
                    fragile: false,
                };
            }
            self.stmt(f, ch, depth + 1, stdin);
        }
    }

    /// `a && b`, `a || b`: a `cd` on the left is confirmed by `&&`, or by `|| exit`.
    fn list<'s>(&mut self, f: &mut Frame<'s>, node: Node<'s>, depth: usize, stdin: &Stdin) {
        let kids: Vec<Node<'s>> = shell::children(node);
        let mut i = 0;
        while i < kids.len() {
            let k = kids[i];
            if !k.is_named() {
                i += 1;
                continue;
            }
            self.stmt(f, k, depth + 1, stdin);
            if let Some(op) = kids.get(i + 1) {
                let op = f.syn.text(*op);
                let next_exits = kids
                    .get(i + 2)
                    .map(|n| {
                        let t = f.syn.text(*n).trim_start();
                        t.starts_with("exit") || t.starts_with("return")
                    })
                    .unwrap_or(false);
                if op == "&&" || (op == "||" && next_exits) {
                    self.cwd.fragile = false;
                } else if self.cwd.fragile {
                    self.cwd = CwdState {
                        cwd: Cwd::Unknown,
                        fragile: false,
                    };
                }
            }
            i += 1;
        }
    }

    /// Walks every command and process substitution inside `node` (they run before the command
    /// that contains them).
    fn subs<'s>(&mut self, f: &mut Frame<'s>, node: Node<'s>, depth: usize) {
        if depth > MAX_SYNTAX_DEPTH {
            let span = self.span(f, node);
            self.limit(Limit::SyntaxDepth, span);
            return;
        }
        match node.kind() {
            "command_substitution" | "process_substitution" => {
                let saved = self.cwd.clone();
                self.children(f, node, depth, &Stdin::Inherited);
                self.cwd = saved;
            }
            "heredoc_body" | "heredoc_redirect" => {} // handled by the redirect code
            _ => {
                let kids: Vec<Node<'s>> = shell::named_children(node);
                for ch in kids {
                    self.subs(f, ch, depth + 1);
                }
            }
        }
    }

    fn assignment<'s>(
        &mut self,
        f: &mut Frame<'s>,
        node: Node<'s>,
        depth: usize,
        persist: bool,
    ) -> Option<(String, String)> {
        let name = node
            .child_by_field_name("name")
            .map(|n| f.syn.text(n).to_string())?;
        let value = node.child_by_field_name("value");
        if let Some(v) = value {
            self.subs(f, v, depth + 1);
        }
        let var = match value {
            None => Var::Static(String::new()),
            Some(v) if is_mktemp(f.syn, v) => Var::Temp,
            Some(v) => {
                let w = eval_one(v, &f.syn.source, &self.env);
                if w.dynamic || w.glob {
                    Var::Unknown
                } else {
                    Var::Static(w.text)
                }
            }
        };
        let text = match &var {
            Var::Static(s) => s.clone(),
            _ => value.map(|v| f.syn.text(v).to_string()).unwrap_or_default(),
        };
        if persist {
            self.env.set(&name, var);
        }
        Some((name, text))
    }

    fn pipeline<'s>(&mut self, f: &mut Frame<'s>, node: Node<'s>, depth: usize, stdin: &Stdin) {
        let stages: Vec<Node<'s>> = shell::named_children(node)
            .into_iter()
            .filter(|n| n.kind() != "comment")
            .collect();
        let mut input = stdin.clone();
        for stage in stages {
            self.stmt(f, stage, depth + 1, &input);
            input = self.stage_output(f, stage, &input);
        }
    }

    /// What a pipeline stage writes to its standard output, when it can be known.
    fn stage_output(&self, f: &Frame, stage: Node, input: &Stdin) -> Stdin {
        let (cmd, stdin_override) = match stage.kind() {
            "command" => (stage, None),
            "redirected_statement" => match stage.child_by_field_name("body") {
                Some(b) if b.kind() == "command" => (b, heredoc_text(f.syn, stage)),
                _ => return Stdin::Unknown(first_word(f.syn, stage)),
            },
            _ => return Stdin::Unknown(first_word(f.syn, stage)),
        };
        let words = command_words(f.syn, cmd, &self.env);
        let Some(name) = words.first() else {
            return Stdin::Unknown(String::new());
        };
        let program = basename(&name.text).to_string();
        let args = &words[1..];
        let known = |ws: &[Word]| !ws.iter().any(|w| w.dynamic);
        let input = stdin_override
            .map(Stdin::Text)
            .unwrap_or_else(|| input.clone());
        match program.as_str() {
            "echo" if known(args) => {
                let args: Vec<&str> = args
                    .iter()
                    .map(|w| w.text.as_str())
                    .skip_while(|t| matches!(*t, "-n" | "-e" | "-E" | "-ne" | "-en"))
                    .collect();
                Stdin::Text(args.join(" ") + "\n")
            }
            "printf" if known(args) && !args.is_empty() => {
                let fmt = super::words::ansi_c_decode(&args[0].text).replace("%s", " ");
                let rest: Vec<&str> = args[1..].iter().map(|w| w.text.as_str()).collect();
                Stdin::Text(format!("{fmt}{}", rest.join(" ")))
            }
            "cat" | "tee" if args.iter().all(|w| w.text.starts_with('-')) => input,
            "base64"
                if args
                    .iter()
                    .any(|w| matches!(w.text.as_str(), "-d" | "--decode" | "-D")) =>
            {
                match input {
                    Stdin::Text(t) => match base64_decode(t.trim()) {
                        Some(decoded) => Stdin::Text(decoded),
                        None => Stdin::Unknown("base64 -d".into()),
                    },
                    _ => Stdin::Unknown("base64 -d".into()),
                }
            }
            "find"
                if !args.iter().any(|w| {
                    matches!(w.text.as_str(), "-exec" | "-execdir" | "-delete" | "-ok")
                }) =>
            {
                Stdin::Paths(wrappers::find_target(args))
            }
            "rev" if args.is_empty() => match input {
                Stdin::Text(t) => Stdin::Text(
                    t.lines()
                        .map(|l| l.chars().rev().collect::<String>())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                _ => Stdin::Unknown("rev".into()),
            },
            _ => Stdin::Unknown(program),
        }
    }

    fn redirected<'s>(&mut self, f: &mut Frame<'s>, node: Node<'s>, depth: usize, stdin: &Stdin) {
        let mut redirects = Vec::new();
        let mut body = None;
        for (i, ch) in shell::children(node).into_iter().enumerate() {
            match node.field_name_for_child(i as u32) {
                Some("body") => body = Some(ch),
                Some("redirect") => redirects.push(ch),
                _ if ch.kind().ends_with("redirect") => redirects.push(ch),
                _ => {}
            }
        }
        let Some(body) = body else {
            // `> file` alone truncates the file.
            for r in redirects {
                self.redirect_subs(f, r, depth + 1);
                let span = self.span(f, r);
                if let Some(inv) = self.truncation(f, r, span) {
                    self.push(inv);
                }
            }
            return;
        };
        // A file written here with known content may be run later in the line.
        if let Some(path) = redirects.iter().find_map(|r| self.written_path(f, *r)) {
            if let Stdin::Text(t) = self.stage_output(f, node, stdin) {
                self.written.insert(path, t);
            }
        }
        match body.kind() {
            "command" => self.command(f, body, depth + 1, stdin, &redirects),
            _ => {
                // A compound statement with redirections: its commands read the heredoc.
                let input = heredoc_text(f.syn, node)
                    .map(Stdin::Text)
                    .unwrap_or_else(|| stdin.clone());
                for r in &redirects {
                    self.redirect_subs(f, *r, depth + 1);
                    let span = self.span(f, *r);
                    if let Some(inv) = self.truncation(f, *r, span) {
                        self.push(inv);
                    }
                }
                self.stmt(f, body, depth + 1, &input);
            }
        }
        // tree-sitter hangs the rest of the line after `<<EOF` (`| bash`, `&& cmd`) inside the
        // heredoc redirect: walk it as what follows, fed by this statement.
        for r in redirects {
            if r.kind() != "heredoc_redirect" {
                continue;
            }
            let rest: Vec<Node<'s>> = shell::named_children(r)
                .into_iter()
                .filter(|n| {
                    !matches!(
                        n.kind(),
                        "heredoc_start" | "heredoc_body" | "heredoc_end" | "heredoc_content"
                    )
                })
                .collect();
            for n in rest {
                if n.kind() == "pipeline" {
                    let mut input = self.stage_output(f, node, stdin);
                    let stages: Vec<Node<'s>> = shell::named_children(n);
                    for stage in stages {
                        self.stmt(f, stage, depth + 1, &input);
                        input = self.stage_output(f, stage, &input);
                    }
                } else if n.kind().ends_with("redirect") {
                    self.redirect_subs(f, n, depth + 1);
                    let span = self.span(f, n);
                    if let Some(inv) = self.truncation(f, n, span) {
                        self.push(inv);
                    }
                } else {
                    self.stmt(f, n, depth + 1, stdin);
                }
            }
        }
    }

    /// Substitutions inside a redirect (target words, unquoted heredoc bodies).
    fn redirect_subs<'s>(&mut self, f: &mut Frame<'s>, r: Node<'s>, depth: usize) {
        let kids: Vec<Node<'s>> = shell::named_children(r);
        for ch in kids {
            match ch.kind() {
                "heredoc_body" => {
                    if !heredoc_quoted(f.syn, r) {
                        let parts: Vec<Node<'s>> = shell::named_children(ch);
                        for p in parts {
                            self.subs(f, p, depth + 1);
                        }
                    }
                }
                "heredoc_start"
                | "heredoc_end"
                | "pipeline"
                | "command"
                | "list"
                | "redirected_statement" => {}
                _ => self.subs(f, ch, depth + 1),
            }
        }
    }

    /// The static path a `>` redirection writes to.
    fn written_path(&self, f: &Frame, r: Node) -> Option<String> {
        if r.kind() != "file_redirect" {
            return None;
        }
        let dest = r.child_by_field_name("destination")?;
        let w = eval_one(dest, &f.syn.source, &self.env);
        (!w.dynamic && !w.glob).then_some(w.text)
    }

    /// A redirection that truncates a file becomes an invocation of the pseudo-program `>`.
    fn truncation(&self, f: &Frame, r: Node, span: Span) -> Option<Invocation> {
        if r.kind() != "file_redirect" || shell::is_split_herestring(r, &f.syn.source) {
            return None;
        }
        let op = shell::children(r).into_iter().find(|n| !n.is_named())?;
        let op = f.syn.text(op).to_string();
        if !matches!(op.as_str(), ">" | ">|" | "&>" | ">&") {
            return None;
        }
        let dest = r.child_by_field_name("destination")?;
        if dest.kind() == "number"
            || (op == ">&"
                && f.syn
                    .text(dest)
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-'))
        {
            return None;
        }
        let target = eval_one(dest, &f.syn.source, &self.env);
        Some(Invocation {
            program: ">".into(),
            name: Word::literal(op, span),
            args: vec![target],
            assignments: Vec::new(),
            redirects: Vec::new(),
            cwd: self.cwd.cwd.clone(),
            wrappers: f.wrappers.clone(),
            stdin: Stdin::Inherited,
            span,
            written: Vec::new(),
        })
    }

    fn command<'s>(
        &mut self,
        f: &mut Frame<'s>,
        node: Node<'s>,
        depth: usize,
        stdin: &Stdin,
        extra: &[Node<'s>],
    ) {
        let span = self.span(f, node);
        let mut name = None;
        let mut args = Vec::new();
        let mut assigns = Vec::new();
        let mut redirect_nodes: Vec<Node<'s>> = extra.to_vec();
        for (i, ch) in shell::children(node).into_iter().enumerate() {
            match node.field_name_for_child(i as u32) {
                Some("name") => name = Some(ch),
                Some("argument") => args.push(ch),
                Some("redirect") => redirect_nodes.push(ch),
                _ if ch.kind() == "variable_assignment" => assigns.push(ch),
                _ if ch.kind().ends_with("redirect") => redirect_nodes.push(ch),
                _ if ch.is_named() && ch.kind() != "comment" => args.push(ch),
                _ => {}
            }
        }
        // What runs first: substitutions in assignments, the name, arguments and redirections.
        let mut assignments = Vec::new();
        for a in &assigns {
            if let Some(kv) = self.assignment(f, *a, depth + 1, name.is_none()) {
                assignments.push(kv);
            }
        }
        if let Some(n) = name {
            self.subs(f, n, depth + 1);
        }
        for a in &args {
            self.subs(f, *a, depth + 1);
        }
        for r in &redirect_nodes {
            self.redirect_subs(f, *r, depth + 1);
        }
        let mut input = stdin.clone();
        let mut redirects = Vec::new();
        for r in &redirect_nodes {
            match r.kind() {
                "heredoc_redirect" => {
                    if let Some(t) = heredoc_body(f.syn, *r) {
                        input = Stdin::Text(t);
                    }
                }
                "herestring_redirect" => {
                    if let Some(w) = shell::named_children(*r).into_iter().last() {
                        let word = eval_one(w, &f.syn.source, &self.env);
                        input = herestring_input(&word);
                    }
                }
                "file_redirect" if shell::is_split_herestring(*r, &f.syn.source) => {
                    if let Some(dest) = r.child_by_field_name("destination") {
                        input = Stdin::Text(eval_one(dest, &f.syn.source, &self.env).text + "\n");
                    }
                }
                "file_redirect" => {
                    let op = shell::children(*r)
                        .into_iter()
                        .find(|n| !n.is_named())
                        .map(|n| f.syn.text(n).to_string())
                        .unwrap_or_default();
                    if let Some(dest) = r.child_by_field_name("destination") {
                        let target = eval_one(dest, &f.syn.source, &self.env);
                        if op == "<" {
                            input = Stdin::File(target.clone());
                        }
                        let fd = r
                            .child_by_field_name("descriptor")
                            .map(|d| f.syn.text(d).to_string());
                        redirects.push(Redirect { op, fd, target });
                    }
                    if let Some(inv) = self.truncation(f, *r, span) {
                        self.push(inv);
                    }
                }
                _ => {}
            }
        }
        let Some(name) = name else { return };
        let mut argv: Vec<Word> = Vec::new();
        let name_part = name.named_child(0).unwrap_or(name);
        argv.extend(eval(name_part, &f.syn.source, &self.env));
        for a in &args {
            argv.extend(eval(*a, &f.syn.source, &self.env));
        }
        let cmd = Cmd {
            assignments,
            redirects,
            stdin: input,
            span,
        };
        // A function defined earlier in the line runs its body here.
        if let Some(first) = argv.first() {
            if let Some(body) = f.functions.get(&first.text).copied() {
                if !first.dynamic {
                    f.functions.remove(&first.text); // recursion guard
                    self.stmt(f, body, depth + 1, &cmd.stdin);
                    f.functions.insert(first.text.clone(), body);
                    return;
                }
            }
        }
        let wrappers = f.wrappers.clone();
        self.resolve(f, argv, &cmd, &wrappers, depth);
    }

    fn push(&mut self, inv: Invocation) {
        if self.model.invocations.len() >= MAX_INVOCATIONS {
            self.limit(Limit::Invocations, inv.span);
            return;
        }
        self.model.invocations.push(inv);
    }

    /// Records the invocation for `argv` and follows whatever it runs inside.
    fn resolve(
        &mut self,
        f: &mut Frame,
        mut argv: Vec<Word>,
        cmd: &Cmd,
        wrappers: &[String],
        depth: usize,
    ) {
        if argv.is_empty() || self.stopped {
            return;
        }
        if depth > MAX_SYNTAX_DEPTH {
            self.limit(Limit::SyntaxDepth, cmd.span);
            return;
        }
        // Aliases defined earlier in the line.
        if let Some(value) = self.aliases.get(&argv[0].text).cloned() {
            let span = argv[0].span;
            let mut words: Vec<Word> = value
                .split_whitespace()
                .map(|t| Word::literal(t, span))
                .collect();
            words.extend(argv.drain(1..));
            argv = words;
        }
        let name = argv[0].clone();
        // A program name produced by a substitution that fetches or decodes: the command text
        // itself comes from the network or is decoded at run time.
        let fetched = (name.text.starts_with("$(") || name.text.starts_with('`'))
            .then(|| {
                crate::vocabulary::rough_words(&name.text)
                    .map(basename)
                    .find(|p| FETCHERS.contains(p) || DECODERS.contains(p))
            })
            .flatten();
        if let Some(program) = fetched {
            let program = program.to_string();
            let label = wrappers.last().cloned().unwrap_or_else(|| "shell".into());
            self.shell_stdin(
                &label,
                &Stdin::Unknown(program),
                wrappers,
                cmd.span,
                f.remote,
            );
            return;
        }
        if name.dynamic || name.glob || name.many {
            self.model.opaque.push(Opaque {
                kind: OpaqueKind::DynamicCommand,
                reason: format!(
                    "the program name `{}` is only known when the line runs",
                    name.text
                ),
                text: argv
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                span: cmd.span,
                wrappers: wrappers.to_vec(),
            });
            return;
        }
        let program = basename(&name.text).to_string();
        let args: Vec<Word> = argv[1..].to_vec();
        let by_path = (name.text.contains('/') && !f.remote).then(|| name.clone());
        self.push(Invocation {
            program: program.clone(),
            name,
            args: args.clone(),
            assignments: cmd.assignments.clone(),
            redirects: cmd.redirects.clone(),
            cwd: self.cwd.cwd.clone(),
            wrappers: wrappers.to_vec(),
            stdin: cmd.stdin.clone(),
            span: cmd.span,
            written: self
                .written
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        });
        match program.as_str() {
            "cd" | "pushd" => {
                let new = match args
                    .iter()
                    .find(|w| !w.text.starts_with('-') || w.text == "-")
                {
                    None => Cwd::Outside("~".into()),
                    Some(w) => cd_target(&self.cwd.cwd, w, f.remote),
                };
                self.cwd = CwdState {
                    cwd: new,
                    fragile: true,
                };
                return;
            }
            "popd" => {
                self.cwd = CwdState {
                    cwd: Cwd::Unknown,
                    fragile: true,
                };
                return;
            }
            "alias" => {
                for a in &args {
                    if let Some((k, v)) = a.text.split_once('=') {
                        self.aliases.insert(k.to_string(), v.to_string());
                    }
                }
                return;
            }
            "export" | "declare" | "typeset" | "local" | "readonly" => {
                for a in &args {
                    if let Some((k, v)) = a.text.split_once('=') {
                        if wrappers::is_assignment(&a.text) {
                            self.env.set(
                                k,
                                if a.dynamic {
                                    Var::Unknown
                                } else {
                                    Var::Static(v.to_string())
                                },
                            );
                        }
                    }
                }
                return;
            }
            "read" | "mapfile" | "readarray" | "getopts" => {
                for a in args.iter().filter(|w| !w.text.starts_with('-')) {
                    self.env.set(&a.text, Var::Unknown);
                }
                return;
            }
            "git" => {
                if let Some(pos) = args.iter().position(|w| w.text == "config") {
                    let rest: Vec<&Word> = args[pos + 1..]
                        .iter()
                        .filter(|w| !w.text.starts_with('-'))
                        .collect();
                    if let [key, value, ..] = rest.as_slice() {
                        if let Some(name) = key.text.strip_prefix("alias.") {
                            self.git_aliases
                                .insert(name.to_string(), value.text.clone());
                        }
                    }
                }
                self.git_alias(f, &args, cmd, wrappers, depth)
            }
            _ => {}
        }
        if let Some(path) = by_path {
            self.executed_file(&path, wrappers, cmd.span);
        }
        let mut inner = wrappers::unwrap(&program, &args, cmd.span);
        // xargs fed by `find -name PATTERN`: the found files are the pattern's matches.
        if let (Stdin::Paths(paths), "xargs") = (&cmd.stdin, program.as_str()) {
            for i in inner.iter_mut() {
                if let Inner::Argv { argv, .. } = i {
                    let mut out = Vec::new();
                    for w in argv.drain(..) {
                        if w.many {
                            out.extend(paths.iter().cloned());
                        } else {
                            out.push(w);
                        }
                    }
                    *argv = out;
                }
            }
        }
        inner.extend(interpreters::shell_code(&program, &args, cmd.span));
        for i in inner {
            match i {
                Inner::Argv { label, argv } => {
                    let chain = chain(wrappers, &label);
                    self.resolve(f, argv, cmd, &chain, depth + 1);
                }
                Inner::Shell { label, code } => {
                    let chain = chain(wrappers, &label);
                    let remote = label.starts_with("ssh ");
                    // The shell code reads the wrapper's standard input (`ssh host psql <<<
                    // SQL`, `echo SQL | bash -c 'psql app'`).
                    self.nested(&code.text, &chain, cmd.span, &cmd.stdin, remote || f.remote);
                }
                Inner::ShellStdin { label } => {
                    let chain = chain(wrappers, &label);
                    self.shell_stdin(&program, &cmd.stdin, &chain, cmd.span, f.remote);
                }
                Inner::Script { label, path } => {
                    let chain = chain(wrappers, &label);
                    self.script(&path, &chain, cmd.span);
                }
            }
        }
    }

    /// `git -c alias.x='reset --hard' x`: follow an alias given on the same command.
    fn git_alias(
        &mut self,
        f: &mut Frame,
        args: &[Word],
        cmd: &Cmd,
        wrappers: &[String],
        depth: usize,
    ) {
        let mut aliases = self.git_aliases.clone();
        let mut i = 0;
        while i < args.len() {
            let t = &args[i].text;
            if t == "-c" {
                if let Some(v) = args.get(i + 1).and_then(|w| w.text.strip_prefix("alias.")) {
                    if let Some((k, v)) = v.split_once('=') {
                        aliases.insert(k.to_string(), v.to_string());
                    }
                }
                i += 2;
            } else if t.starts_with('-') {
                i += if matches!(t.as_str(), "-C" | "--git-dir" | "--work-tree") {
                    2
                } else {
                    1
                };
            } else {
                if t == "submodule" {
                    if let Some(pos) = args.iter().position(|w| w.text == "foreach") {
                        let code: Vec<Word> = args[pos + 1..]
                            .iter()
                            .skip_while(|w| w.text.starts_with("--"))
                            .cloned()
                            .collect();
                        let code = wrappers::join(&code, cmd.span);
                        let chain = chain(wrappers, "git submodule foreach");
                        self.nested(&code.text, &chain, cmd.span, &Stdin::Inherited, f.remote);
                    }
                    return;
                }
                if let Some(v) = aliases.get(t) {
                    let chain = chain(wrappers, "git alias");
                    if let Some(code) = v.strip_prefix('!') {
                        self.nested(code, &chain, cmd.span, &Stdin::Inherited, f.remote);
                    } else {
                        let mut argv = vec![Word::literal("git", args[i].span)];
                        argv.extend(v.split_whitespace().map(|p| Word::literal(p, args[i].span)));
                        argv.extend(args[i + 1..].iter().cloned());
                        self.resolve(f, argv, cmd, &chain, depth + 1);
                    }
                }
                return;
            }
        }
    }

    fn nested(&mut self, code: &str, chain: &[String], span: Span, stdin: &Stdin, remote: bool) {
        self.text_in(code, chain, Some(span), stdin, remote);
    }

    /// A shell reading its script from standard input.
    fn shell_stdin(
        &mut self,
        program: &str,
        stdin: &Stdin,
        chain: &[String],
        span: Span,
        remote: bool,
    ) {
        match stdin {
            Stdin::Inherited => {}
            Stdin::Text(t) => {
                let t = t.clone();
                self.nested(&t, chain, span, &Stdin::Inherited, remote)
            }
            Stdin::File(w) => self.script(w, chain, span),
            Stdin::Paths(_) => {
                self.shell_stdin(program, &Stdin::Unknown("find".into()), chain, span, remote)
            }
            Stdin::Unknown(from) => {
                let fetched = FETCHERS.contains(&from.as_str());
                self.model.opaque.push(Opaque {
                    kind: OpaqueKind::UnknownScript,
                    reason: if fetched {
                        format!(
                            "a script fetched from the network by `{from}` is run by `{program}`"
                        )
                    } else if from.is_empty() {
                        format!(
                            "`{program}` runs a script whose text is only known when the line runs"
                        )
                    } else {
                        format!("the output of `{from}` is run as a script by `{program}`")
                    },
                    text: from.clone(),
                    span,
                    wrappers: chain.to_vec(),
                });
            }
        }
    }

    /// A path of the line as brake can open it now: a relative one is taken from the directory
    /// the line has `cd`'d to by then. `None` when that directory is unknown.
    fn readable_path(&self, text: &str) -> Option<std::path::PathBuf> {
        use std::path::{Path, PathBuf};
        if text.starts_with('/') {
            return Some(PathBuf::from(text));
        }
        let dir = match &self.cwd.cwd {
            Cwd::Project(base) => PathBuf::from(base),
            Cwd::Outside(dir) => match dir.strip_prefix('~') {
                Some(rest) => {
                    let home = std::env::var_os("HOME")?;
                    Path::new(&home).join(rest.trim_start_matches('/'))
                }
                None => PathBuf::from(dir),
            },
            Cwd::Temp | Cwd::Unknown => return None,
        };
        Some(dir.join(text))
    }

    /// A program run by its path (`./deploy.sh`): when a shell will read it (a shell's `#!`
    /// line, or none), its text is checked as `bash deploy.sh` would have it checked.
    fn executed_file(&mut self, path: &Word, wrappers: &[String], span: Span) {
        let chain = chain(wrappers, &path.text);
        self.file_run_by_shell(path, &chain, span, true);
    }

    /// A script file run by a shell: read and checked when it exists and is small.
    fn script(&mut self, path: &Word, chain: &[String], span: Span) {
        if let Some(inner) = path.text.strip_prefix("<(") {
            let program = inner.split_whitespace().next().map(basename).unwrap_or("");
            if FETCHERS.contains(&program) || DECODERS.contains(&program) {
                self.shell_stdin(
                    chain.last().map(String::as_str).unwrap_or("source"),
                    &Stdin::Unknown(program.to_string()),
                    chain,
                    span,
                    false,
                );
            }
            return;
        }
        self.file_run_by_shell(path, chain, span, false);
    }

    /// The text a shell reads from the file `path` names, checked as shell code: text written
    /// earlier in the same line, else the file on disk (read up to the script limit, which holds
    /// the line when passed). `executed`: run by its path, so only shell text counts.
    fn file_run_by_shell(&mut self, path: &Word, chain: &[String], span: Span, executed: bool) {
        if let Some(text) = self.written.get(&path.text).cloned() {
            if !executed || scripts::is_shell_script(text.as_bytes()) {
                self.nested(&text, chain, span, &Stdin::Inherited, false);
            }
            return;
        }
        if path.dynamic || path.glob {
            return;
        }
        let Some(file) = self.readable_path(&path.text) else {
            return;
        };
        let read = match executed {
            true => scripts::read_executable(&file, MAX_SCRIPT_BYTES),
            false => scripts::read_file(&file, MAX_SCRIPT_BYTES),
        };
        match read {
            Some(Script::Text(text)) => self.nested(&text, chain, span, &Stdin::Inherited, false),
            Some(Script::TooLong) => self.limit(Limit::InputBytes, span),
            None => {}
        }
    }
}

const FETCHERS: &[&str] = &[
    "curl", "wget", "fetch", "http", "https", "aria2c", "nc", "ncat",
];
const DECODERS: &[&str] = &[
    "base64", "base32", "xxd", "openssl", "gunzip", "zcat", "rev", "tr",
];

fn chain(wrappers: &[String], label: &str) -> Vec<String> {
    let mut v = wrappers.to_vec();
    v.push(label.to_string());
    v
}

pub(crate) fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(path)
}

/// Where `cd WORD` leads from `cwd`.
fn cd_target(cwd: &Cwd, w: &Word, remote: bool) -> Cwd {
    if w.temp && !w.text.contains("..") {
        return Cwd::Temp;
    }
    if w.dynamic || w.glob || w.text == "-" {
        return Cwd::Unknown;
    }
    if w.tilde || w.text.starts_with('/') || remote {
        return Cwd::Outside(w.text.clone());
    }
    match cwd {
        Cwd::Project(base) => {
            let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
            for seg in w.text.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        if parts.pop().is_none() {
                            return Cwd::Outside(w.text.clone());
                        }
                    }
                    s => parts.push(s),
                }
            }
            Cwd::Project(parts.join("/"))
        }
        Cwd::Outside(base) => Cwd::Outside(format!("{}/{}", base.trim_end_matches('/'), w.text)),
        Cwd::Temp if !w.text.contains("..") => Cwd::Temp,
        Cwd::Temp | Cwd::Unknown => Cwd::Unknown,
    }
}

fn is_mktemp(syn: &Syntax, value: Node) -> bool {
    let node = if value.kind() == "string" {
        value.named_child(0)
    } else {
        Some(value)
    };
    match node {
        Some(n) if n.kind() == "command_substitution" => {
            let inner = syn
                .text(n)
                .trim_start_matches("$(")
                .trim_start_matches('`')
                .trim_start();
            inner.starts_with("mktemp")
        }
        _ => false,
    }
}

/// The words of a command node (for looking at pipeline stages).
fn command_words(syn: &Syntax, cmd: Node, env: &Env) -> Vec<Word> {
    let mut out = Vec::new();
    for (i, ch) in shell::children(cmd).into_iter().enumerate() {
        match cmd.field_name_for_child(i as u32) {
            Some("name") => out.extend(eval(ch.named_child(0).unwrap_or(ch), &syn.source, env)),
            Some("argument") => out.extend(eval(ch, &syn.source, env)),
            _ => {}
        }
    }
    out
}

fn first_word(syn: &Syntax, node: Node) -> String {
    syn.text(node)
        .split_whitespace()
        .next()
        .map(|w| basename(w).to_string())
        .unwrap_or_default()
}

fn heredoc_quoted(syn: &Syntax, redirect: Node) -> bool {
    let quoted = shell::named_children(redirect)
        .into_iter()
        .find(|n| n.kind() == "heredoc_start")
        .map(|n| syn.text(n).contains(['\'', '"', '\\']))
        .unwrap_or(false);
    quoted
}

fn heredoc_body(syn: &Syntax, redirect: Node) -> Option<String> {
    let body = shell::named_children(redirect)
        .into_iter()
        .find(|n| n.kind() == "heredoc_body");
    body.map(|b| syn.text(b).to_string())
}

/// The heredoc or here-string text fed to a redirected statement.
fn heredoc_text(syn: &Syntax, stmt: Node) -> Option<String> {
    let kids: Vec<Node> = shell::children(stmt);
    for r in kids {
        match r.kind() {
            "heredoc_redirect" => return heredoc_body(syn, r),
            "herestring_redirect" => {
                let w = shell::named_children(r).into_iter().last()?;
                return Some(eval_one(w, &syn.source, &Env::default()).text + "\n");
            }
            _ => {}
        }
    }
    None
}

/// A here-string's text; one made by a substitution that fetches or decodes is unknown.
fn herestring_input(word: &Word) -> Stdin {
    if word.dynamic {
        if let Some(p) = crate::vocabulary::rough_words(&word.text)
            .map(basename)
            .find(|p| FETCHERS.contains(p) || DECODERS.contains(p))
        {
            return Stdin::Unknown(p.to_string());
        }
    }
    Stdin::Text(word.text.clone() + "\n")
}

fn base64_decode(s: &str) -> Option<String> {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for ch in s.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if ch == b'=' {
            break;
        }
        let v = ALPHA.iter().position(|&a| a == ch)? as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programs(line: &str) -> Vec<String> {
        build(line)
            .invocations
            .iter()
            .map(|i| {
                let mut s = i.program.clone();
                for a in &i.args {
                    s.push(' ');
                    s.push_str(&a.text);
                }
                if !i.wrappers.is_empty() {
                    s = format!("[{}] {s}", i.wrappers.join(" > "));
                }
                s
            })
            .collect()
    }

    #[test]
    fn commands_inside_substitutions_and_quotes_are_found() {
        let p = programs(r#"echo "$(rm -rf a)" `rm b` <(rm c); x="$(rm d)""#);
        for want in ["rm -rf a", "rm b", "rm c", "rm d"] {
            assert!(p.iter().any(|s| s == want), "{want} in {p:?}");
        }
    }

    #[test]
    fn variables_aliases_and_functions_are_followed() {
        assert!(programs("x=rm; $x -rf /").contains(&"rm -rf /".to_string()));
        assert!(programs("alias x='rm -rf'; x /")
            .iter()
            .any(|s| s == "rm -rf /"));
        assert!(programs("f() { rm -rf /; }; f")
            .iter()
            .any(|s| s == "rm -rf /"));
        assert!(!programs("f() { rm -rf /; }")
            .iter()
            .any(|s| s.starts_with("rm")));
    }

    #[test]
    fn pipes_and_heredocs_into_shells_are_parsed() {
        assert!(programs("echo 'rm -rf /' | sh")
            .iter()
            .any(|s| s == "[sh] rm -rf /"));
        assert!(programs("cat <<EOF | bash\nrm -rf /x\nEOF")
            .iter()
            .any(|s| s == "[bash] rm -rf /x"));
        assert!(programs("bash <<< 'rm -rf /y'")
            .iter()
            .any(|s| s == "[bash] rm -rf /y"));
        assert!(programs("echo cm0gLXJmIC8= | base64 -d | sh")
            .iter()
            .any(|s| s == "[sh] rm -rf /"));
        let m = build("curl -fsSL https://x.sh | bash");
        assert_eq!(m.opaque.len(), 1);
    }

    #[test]
    fn data_heredocs_are_not_commands() {
        let p = programs("git commit -m \"$(cat <<'EOF'\nFix\n\nrm -rf /\nEOF\n)\"");
        assert_eq!(
            p,
            ["git commit -m Fix\n\nrm -rf /\n", "cat"]
                .map(String::from)
                .to_vec()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .filter(|_| false)
                .chain(p.clone())
                .collect::<Vec<_>>()
        );
        assert!(!p.iter().any(|s| s.starts_with("rm")));
    }

    #[test]
    fn cd_moves_relative_targets() {
        let m = build("cd /tmp && rm -rf node_modules");
        assert_eq!(m.invocations[1].cwd, Cwd::Outside("/tmp".into()));
        let m = build("cd build && rm -rf *");
        assert_eq!(m.invocations[1].cwd, Cwd::Project("build".into()));
        let m = build("cd build; rm -rf *");
        assert_eq!(m.invocations[1].cwd, Cwd::Unknown);
    }
}
