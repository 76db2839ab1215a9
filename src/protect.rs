//! Protected contexts: a finding whose target is protected — a production kube context or
//! namespace, a main or release branch, a root or home path, a production AWS profile or gcloud
//! project, a named database — is raised one severity level and says why. Context comes from the
//! command line (`--context`, `-n`, `--profile`, `--project`, the branch in a push, the target)
//! and from the environment (`AWS_PROFILE`, `CLOUDSDK_CORE_PROJECT`, the current context of
//! `KUBECONFIG`, the current git branch), read only after a rule has matched.

use crate::config::ProtectedNames;
use crate::model::Invocation;
use crate::verdict::Finding;
use regex::Regex;
use std::path::{Path, PathBuf};

/// A protected name: a glob (`release/*`), a word matched on word boundaries, or an exact name.
/// Nothing is built until first use (the regex is compiled then): only commands that already
/// matched a rule ever look, and the defaults cost the hot path nothing.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    exact: bool,
    re: std::sync::OnceLock<Regex>,
}

impl Pattern {
    pub fn new(text: &str) -> Pattern {
        Pattern {
            text: text.to_string(),
            exact: false,
            re: std::sync::OnceLock::new(),
        }
    }

    /// The regex this pattern stands for.
    fn source(&self) -> String {
        let text = &self.text;
        if self.exact {
            format!("^{}$", regex::escape(text))
        } else if text.contains(['*', '?']) {
            let mut s = String::from("^");
            for c in text.chars() {
                match c {
                    '*' => s.push_str(".*"),
                    '?' => s.push('.'),
                    c => s.push_str(&regex::escape(&c.to_string())),
                }
            }
            s.push('$');
            s
        } else {
            format!(r"(?i)(^|[^a-z0-9]){}([^a-z0-9]|$)", regex::escape(text))
        }
    }

    pub fn matches(&self, s: &str) -> bool {
        self.re
            .get_or_init(|| Regex::new(&self.source()).expect("escaped pattern compiles"))
            .is_match(s)
    }
}

/// Every protected name, by kind.
#[derive(Debug, Clone)]
pub struct Protected {
    kube_contexts: Vec<Pattern>,
    namespaces: Vec<Pattern>,
    branches: Vec<Pattern>,
    paths: Vec<String>,
    aws_profiles: Vec<Pattern>,
    gcloud_projects: Vec<Pattern>,
    databases: Vec<Pattern>,
}

fn pats(list: &[&str]) -> Vec<Pattern> {
    list.iter().map(|s| Pattern::new(s)).collect()
}

impl Default for Protected {
    fn default() -> Self {
        Protected {
            kube_contexts: pats(&["prod", "production", "live"]),
            namespaces: pats(&["prod", "production", "live"]),
            branches: vec![exact("main"), exact("master"), Pattern::new("release/*")],
            paths: ["/", "~", "/etc", "/usr", "/var/lib", "/home"]
                .map(String::from)
                .to_vec(),
            aws_profiles: pats(&["prod"]),
            gcloud_projects: pats(&["prod"]),
            databases: Vec::new(),
        }
    }
}

/// A pattern matching exactly this name.
fn exact(name: &str) -> Pattern {
    Pattern {
        exact: true,
        ..Pattern::new(name)
    }
}

impl Protected {
    /// Adds names from a config layer.
    pub fn extend(&mut self, n: &ProtectedNames) {
        self.kube_contexts
            .extend(n.kube_contexts.iter().map(|s| Pattern::new(s)));
        self.namespaces
            .extend(n.namespaces.iter().map(|s| Pattern::new(s)));
        self.branches.extend(n.branches.iter().map(|s| {
            if s.contains('*') {
                Pattern::new(s)
            } else {
                exact(s)
            }
        }));
        self.paths.extend(n.paths.iter().map(|p| normalise_path(p)));
        self.aws_profiles
            .extend(n.aws_profiles.iter().map(|s| Pattern::new(s)));
        self.gcloud_projects
            .extend(n.gcloud_projects.iter().map(|s| Pattern::new(s)));
        self.databases
            .extend(n.databases.iter().map(|s| Pattern::new(s)));
    }

    /// The defaults, for `brake config`.
    pub fn describe(&self) -> Vec<String> {
        let j = |v: &[Pattern]| {
            v.iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        vec![
            format!("kube contexts: {}", j(&self.kube_contexts)),
            format!("namespaces: {}", j(&self.namespaces)),
            format!("branches: {}", j(&self.branches)),
            format!("paths: {}", self.paths.join(", ")),
            format!("aws profiles: {}", j(&self.aws_profiles)),
            format!("gcloud projects: {}", j(&self.gcloud_projects)),
        ]
    }

    /// Why this finding's target is protected, if it is.
    pub fn check(&self, inv: &Invocation, f: &Finding) -> Option<String> {
        let find = |pats: &[Pattern], name: &str, kind: &str| {
            pats.iter()
                .find(|p| p.matches(name))
                .map(|p| format!("{kind} `{name}` is protected (matches `{}`)", p.text))
        };
        let args: Vec<&str> = inv.args.iter().map(|w| w.text.as_str()).collect();
        let target_words: Vec<&str> = f.target.split_whitespace().collect();
        match inv.program.as_str() {
            "kubectl" | "oc" | "helm" | "kustomize" | "k9s" => {
                for ns in option_values(&args, &["-n", "--namespace"]) {
                    if let Some(r) = find(&self.namespaces, ns, "namespace") {
                        return Some(r);
                    }
                }
                if let Some(pos) = target_words
                    .iter()
                    .position(|w| matches!(*w, "ns" | "namespace" | "namespaces"))
                {
                    for ns in &target_words[pos + 1..] {
                        if let Some(r) = find(&self.namespaces, ns, "namespace") {
                            return Some(r);
                        }
                    }
                }
                let ctx = option_values(&args, &["--context", "--kube-context"])
                    .first()
                    .map(|s| s.to_string())
                    .or_else(current_kube_context);
                if let Some(ctx) = ctx {
                    if let Some(r) = find(&self.kube_contexts, &ctx, "kube context") {
                        return Some(r);
                    }
                }
            }
            "git" => {
                for w in &target_words {
                    let branch = w.rsplit(':').next().unwrap_or(w).trim_start_matches('+');
                    let branch = branch.strip_prefix("refs/heads/").unwrap_or(branch);
                    if let Some(r) = find(&self.branches, branch, "branch") {
                        return Some(r);
                    }
                }
                // Work thrown away in the checkout counts against the branch checked out; a
                // deleted tag or another named branch does not.
                let on_checkout = [
                    "git.reset",
                    "git.discard",
                    "git.restore",
                    "git.force-checkout",
                    "git.clean",
                    "git.rm-force",
                    "git.history-rewrite",
                    "git.stash",
                ]
                .iter()
                .any(|p| f.rule.starts_with(p));
                if on_checkout {
                    if let Some(b) = current_branch(&inv.cwd) {
                        if let Some(r) = find(&self.branches, &b, "current branch") {
                            return Some(r);
                        }
                    }
                }
            }
            "aws" | "sam" | "cdk" | "eb" | "copilot" => {
                let profile = option_values(&args, &["--profile"])
                    .first()
                    .map(|s| s.to_string())
                    .or_else(|| std::env::var("AWS_PROFILE").ok());
                if let Some(p) = profile {
                    if let Some(r) = find(&self.aws_profiles, &p, "AWS profile") {
                        return Some(r);
                    }
                }
            }
            "gcloud" | "gsutil" | "bq" => {
                let project = option_values(&args, &["--project"])
                    .first()
                    .map(|s| s.to_string())
                    .or_else(|| std::env::var("CLOUDSDK_CORE_PROJECT").ok());
                if let Some(p) = project {
                    if let Some(r) = find(&self.gcloud_projects, &p, "gcloud project") {
                        return Some(r);
                    }
                }
            }
            _ => {}
        }
        for w in &target_words {
            let p = normalise_path(w);
            if self.paths.contains(&p) {
                return Some(format!("path `{w}` is protected"));
            }
            if let Some(r) = find(&self.databases, w, "database") {
                return Some(r);
            }
        }
        None
    }
}

/// `/etc/` -> `/etc`, `/*` -> `/`, `$HOME` and `~/` -> `~`.
fn normalise_path(p: &str) -> String {
    let p = p.trim_end_matches("/*");
    let p = if p.len() > 1 {
        p.trim_end_matches('/')
    } else {
        p
    };
    let p = if p.is_empty() { "/" } else { p };
    match p {
        "$HOME" | "${HOME}" | "~/" => "~".into(),
        _ => p.to_string(),
    }
}

/// Values of an option in any spelling: `-n x`, `-nx`, `--namespace=x`, `--namespace x`.
fn option_values<'a>(args: &[&'a str], names: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        for n in names {
            if a == n {
                if let Some(v) = args.get(i + 1) {
                    out.push(*v);
                }
            } else if let Some(v) = a.strip_prefix(n) {
                if let Some(v) = v.strip_prefix('=') {
                    out.push(v);
                } else if n.len() == 2 && !v.is_empty() && !n.starts_with("--") {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// `current-context` of the first kubeconfig file.
fn current_kube_context() -> Option<String> {
    let path = match std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()) {
        Some(v) => std::env::split_paths(&v).next()?,
        None => PathBuf::from(std::env::var_os("HOME")?).join(".kube/config"),
    };
    let text = std::fs::read_to_string(path).ok()?;
    text.lines().find_map(|l| {
        l.strip_prefix("current-context:")
            .map(|v| v.trim().trim_matches('"').trim_matches('\'').to_string())
            .filter(|v| !v.is_empty())
    })
}

/// The branch checked out where the command runs.
fn current_branch(cwd: &crate::model::Cwd) -> Option<String> {
    let base = std::env::current_dir().ok()?;
    let dir = match cwd {
        crate::model::Cwd::Project(p) => base.join(p),
        crate::model::Cwd::Outside(p) if p.starts_with('/') => PathBuf::from(p),
        _ => return None,
    };
    let head = dir
        .ancestors()
        .map(|d| d.join(".git"))
        .find(|g| g.exists())?;
    let head = if head.is_file() {
        // A worktree: `gitdir: PATH`.
        let text = std::fs::read_to_string(&head).ok()?;
        Path::new(text.trim().strip_prefix("gitdir:")?.trim()).join("HEAD")
    } else {
        head.join("HEAD")
    };
    let text = std::fs::read_to_string(head).ok()?;
    text.trim()
        .strip_prefix("ref: refs/heads/")
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_patterns_match_on_boundaries_and_globs_anchor() {
        let p = Pattern::new("prod");
        assert!(p.matches("prod") && p.matches("eu-prod-1") && p.matches("PROD"));
        assert!(!p.matches("product"));
        let g = Pattern::new("release/*");
        assert!(g.matches("release/1.2") && !g.matches("pre-release/1"));
    }

    #[test]
    fn option_values_in_every_spelling() {
        let a = ["-n", "x", "-ny", "--namespace=z", "--namespace", "w"];
        assert_eq!(
            option_values(&a, &["-n", "--namespace"]),
            ["x", "y", "z", "w"]
        );
    }
}
