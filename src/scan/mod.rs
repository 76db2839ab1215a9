//! At the edge, scan: finding the commands a repository's automation will run, so `brake check`
//! can hold a destructive one in review, before any pipeline runs it. Each file kind has one
//! small extractor that turns the file into [`Snippet`]s — shell text plus a map back to the
//! file (`source`): shell scripts, Makefile recipes, Dockerfile `RUN`, GitHub workflow and
//! composite action `run:` steps, GitLab CI scripts, `package.json` scripts and justfile
//! recipes. Each snippet goes through the ordinary engine (`verdict::check`), then its
//! findings are placed at a file, line and column, judged in their [`Context`] (`context`),
//! and matched against `# brake: allow` comments (`suppress`). `walk` decides which files to
//! read; [`scan`] reads and checks them on every core and returns them in a stable order.
//! Nothing here prints: `report/` renders a [`ScanReport`].

pub mod context;
mod dockerfile;
mod github;
mod gitlab;
mod justfile;
mod makefile;
mod package_json;
mod script;
pub mod source;
mod suppress;
pub mod walk;
mod yaml;

pub use source::{Context, Snippet};
pub use walk::{targets, Target};

use crate::rules::spec::Severity;
use crate::rules::Ruleset;
use crate::verdict::{check, Decision, Finding, Policy, ENGINE_CHECKS};
use serde::Serialize;
use source::LineIndex;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The kinds of file brake finds commands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Script,
    Makefile,
    Dockerfile,
    GithubWorkflow,
    GithubAction,
    GitlabCi,
    PackageJson,
    Justfile,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::Makefile => "makefile",
            Kind::Dockerfile => "dockerfile",
            Kind::GithubWorkflow => "github-workflow",
            Kind::GithubAction => "github-action",
            Kind::GitlabCi => "gitlab-ci",
            Kind::PackageJson => "package-json",
            Kind::Justfile => "justfile",
        }
    }

    /// The kind a path's name and place say, if any. Files without an extension may still be
    /// shell scripts: their shebang decides (see [`walk`]).
    pub fn of_path(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        let ext = Path::new(&lower).extension().and_then(|e| e.to_str());
        let in_workflows = {
            let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
            parts.len() >= 3
                && parts[parts.len() - 2] == "workflows"
                && parts[parts.len() - 3] == ".github"
        };
        Some(match (lower.as_str(), ext) {
            (_, Some("yml" | "yaml")) if in_workflows => Kind::GithubWorkflow,
            ("action.yml" | "action.yaml", _) => Kind::GithubAction,
            (n, _) if n == ".gitlab-ci.yml" || n.ends_with(".gitlab-ci.yml") => Kind::GitlabCi,
            ("package.json", _) => Kind::PackageJson,
            ("justfile" | ".justfile", _) => Kind::Justfile,
            ("makefile" | "gnumakefile", _) | (_, Some("mk" | "mak")) => Kind::Makefile,
            (n, _)
                if n == "dockerfile"
                    || n == "containerfile"
                    || n.starts_with("dockerfile.")
                    || n.starts_with("containerfile.")
                    || n.ends_with(".dockerfile")
                    || n.ends_with(".containerfile") =>
            {
                Kind::Dockerfile
            }
            (_, Some("sh" | "bash" | "zsh" | "ksh" | "dash" | "ash")) => Kind::Script,
            _ => return None,
        })
    }
}

/// The snippets of one file's text.
pub fn snippets(kind: Kind, text: &str) -> Result<Vec<Snippet>, String> {
    Ok(match kind {
        Kind::Script => script::snippets(text),
        Kind::Makefile => makefile::snippets(text),
        Kind::Dockerfile => dockerfile::snippets(text),
        Kind::GithubWorkflow => github::workflow_snippets(text)?,
        Kind::GithubAction => github::action_snippets(text)?,
        Kind::GitlabCi => gitlab::snippets(text)?,
        Kind::PackageJson => package_json::snippets(text)?,
        Kind::Justfile => justfile::snippets(text),
    })
}

/// Whether a file's first line is a shell shebang.
pub fn is_shell_shebang(first_line: &str) -> bool {
    script::is_shell_shebang(first_line)
}

/// A finding placed in a file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The path as shown (relative to where brake runs, `/`-separated).
    pub path: String,
    pub kind: Kind,
    /// 1-based; columns count characters. The end is exclusive.
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// The file's line where the finding starts.
    pub source_line: String,
    /// Where in the file, for people (``recipe `clean` ``).
    pub label: Option<String>,
    pub context: Context,
    /// The rule's one-line title.
    pub title: String,
    /// The finding, its target and reason in the file's own words.
    pub finding: Finding,
    pub decision: Decision,
    /// Silenced by a `# brake: allow` comment.
    pub suppressed: bool,
}

/// The title of a rule or engine check.
pub fn title_of(rule: &str, rules: &Ruleset) -> String {
    rules
        .get(rule)
        .map(|r| r.spec.title.clone())
        .or_else(|| {
            ENGINE_CHECKS
                .iter()
                .find(|c| c.id == rule)
                .map(|c| c.title.to_string())
        })
        .unwrap_or_default()
}

/// Checks one file's text: its findings, in file order.
pub fn check_file(
    path: &str,
    kind: Kind,
    text: &str,
    rules: &Ruleset,
    policy: &Policy,
) -> Result<Vec<Located>, String> {
    let index = LineIndex::new(text);
    let mut out: Vec<Located> = Vec::new();
    for snippet in snippets(kind, text)? {
        if snippet.text.trim().is_empty() {
            continue;
        }
        let verdict = check(&snippet.text, rules, policy);
        for mut f in verdict.findings {
            if !context::held_in(&f, snippet.context, rules) {
                continue;
            }
            let (from, to) = snippet.file_range(f.span);
            let (line, column) = index.position(from);
            let (end_line, end_column) = index.position(to);
            let (end_line, end_column) = if (end_line, end_column) <= (line, column) {
                (line, column + 1)
            } else {
                (end_line, end_column)
            };
            let suppressed = [line, line.saturating_sub(1)]
                .into_iter()
                .filter(|&l| l >= 1)
                .filter_map(|l| suppress::on_line(index.line(l)))
                .any(|a| a.covers(&f.rule));
            f.target = snippet.restore(&f.target);
            f.reason = snippet.restore(&f.reason);
            f.command = snippet.restore(&f.command);
            let decision = policy.decide(std::slice::from_ref(&f));
            out.push(Located {
                path: path.to_string(),
                kind,
                line,
                column,
                end_line,
                end_column,
                source_line: index.line(line).to_string(),
                label: snippet.label.clone(),
                context: snippet.context,
                title: title_of(&f.rule, rules),
                finding: f,
                decision,
                suppressed,
            });
        }
    }
    // A script shared through a YAML anchor is checked for each job that uses it.
    let mut seen = std::collections::HashSet::new();
    out.retain(|l| {
        seen.insert((
            l.line,
            l.column,
            l.finding.rule.clone(),
            l.finding.target.clone(),
        ))
    });
    out.sort_by_key(|l| (l.line, l.column));
    Ok(out)
}

/// A file that could not be read or parsed.
#[derive(Debug, Clone, Serialize)]
pub struct ScanError {
    pub path: String,
    pub message: String,
}

/// Everything a scan found.
#[derive(Debug, Default)]
pub struct ScanReport {
    pub files_checked: usize,
    pub findings: Vec<Located>,
    pub errors: Vec<ScanError>,
}

impl ScanReport {
    /// Whether some finding is unsuppressed and at least as severe as `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings
            .iter()
            .any(|l| !l.suppressed && l.finding.severity >= fail_on)
    }
}

/// What one file gave.
enum Outcome {
    Checked(Vec<Located>),
    Skipped,
    Failed(String),
}

/// Reads and checks every target on all cores; `done` is called after each file (for a
/// progress bar). Results keep the order of `targets`.
pub fn scan(
    targets: &[Target],
    rules: &Ruleset,
    policy: &Policy,
    done: &(dyn Fn() + Sync),
) -> ScanReport {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::with_capacity(targets.len()));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(targets.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(t) = targets.get(i) else { break };
                    mine.push((i, scan_one(t, rules, policy)));
                    done();
                }
                results.lock().expect("results lock").extend(mine);
            });
        }
    });
    let mut results = results.into_inner().expect("results lock");
    results.sort_by_key(|(i, _)| *i);
    let mut report = ScanReport::default();
    for (i, outcome) in results {
        match outcome {
            Outcome::Checked(found) => {
                report.files_checked += 1;
                report.findings.extend(found);
            }
            Outcome::Skipped => {}
            Outcome::Failed(message) => report.errors.push(ScanError {
                path: targets[i].display.clone(),
                message,
            }),
        }
    }
    report
}

fn scan_one(t: &Target, rules: &Ruleset, policy: &Policy) -> Outcome {
    let kind = match t.kind {
        Some(k) => k,
        None => match walk::shebang_is_shell(&t.path) {
            Ok(true) => Kind::Script,
            Ok(false) => return Outcome::Skipped,
            Err(e) => return Outcome::Failed(format!("cannot read: {e}")),
        },
    };
    let bytes = match std::fs::read(&t.path) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("cannot read: {e}")),
    };
    let text = String::from_utf8_lossy(&bytes);
    // An extractor bug on a strange file must not end the whole scan: it fails this file.
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_file(&t.display, kind, &text, rules, policy)
    }));
    let Ok(checked) = checked else {
        return Outcome::Failed(
            "internal error while checking it (a brake bug: please report)".into(),
        );
    };
    match checked {
        Ok(found) => Outcome::Checked(found),
        Err(e) => {
            // The YAML reader adds a source excerpt under its first line; the place is enough.
            let first = e.lines().next().unwrap_or_default();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            Outcome::Failed(format!("cannot parse as {}: {first}", kind.name()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name_and_place() {
        for (p, k) in [
            ("deploy.sh", Some(Kind::Script)),
            ("a/Makefile", Some(Kind::Makefile)),
            ("rules.mk", Some(Kind::Makefile)),
            ("Dockerfile", Some(Kind::Dockerfile)),
            ("docker/Dockerfile.dev", Some(Kind::Dockerfile)),
            ("api.Dockerfile", Some(Kind::Dockerfile)),
            ("Containerfile", Some(Kind::Dockerfile)),
            (".github/workflows/ci.yml", Some(Kind::GithubWorkflow)),
            ("x/.github/workflows/ci.yaml", Some(Kind::GithubWorkflow)),
            (".github/actions/setup/action.yml", Some(Kind::GithubAction)),
            (".gitlab-ci.yml", Some(Kind::GitlabCi)),
            ("ci/deploy.gitlab-ci.yml", Some(Kind::GitlabCi)),
            ("web/package.json", Some(Kind::PackageJson)),
            ("justfile", Some(Kind::Justfile)),
            ("config.yml", None),
            ("bin/deploy", None),
        ] {
            assert_eq!(Kind::of_path(Path::new(p)), k, "{p}");
        }
    }

    fn located(kind: Kind, text: &str) -> Vec<(usize, usize, String, bool)> {
        check_file("f", kind, text, &Ruleset::builtin(), &Policy::default())
            .unwrap()
            .into_iter()
            .map(|l| (l.line, l.column, l.finding.rule, l.suppressed))
            .collect()
    }

    #[test]
    fn a_script_is_one_text_and_findings_have_line_and_column() {
        let text = "#!/bin/sh\nset -e\ntmp=$(mktemp -d)\n\n  rm -rf \"$tmp\"\n  rm -rf src\n";
        assert_eq!(
            located(Kind::Script, text),
            [(6, 3, "fs.rm-recursive".to_string(), false)]
        );
    }

    #[test]
    fn allow_comments_on_the_line_or_above() {
        let text = "rm -rf a # brake: allow\n# brake: allow fs.rm-recursive\nrm -rf b\n# brake: allow git.push-force\nrm -rf c\n";
        let got: Vec<bool> = located(Kind::Script, text)
            .into_iter()
            .map(|l| l.3)
            .collect();
        assert_eq!(got, [true, true, false]);
    }

    #[test]
    fn extractors_survive_random_input_and_map_inside_the_file() {
        const TOKENS: &[&str] = &[
            "\t",
            "\n",
            "\\\n",
            " ",
            "$(",
            ")",
            "${",
            "}",
            "$$",
            "{{",
            "}}",
            "\"",
            "'",
            "<<EOF",
            "\nEOF\n",
            "RUN ",
            "FROM x AS y\n",
            ":",
            ":=",
            "=",
            "#",
            "# brake: allow",
            "é",
            "\u{3000}",
            "[",
            "]",
            "-",
            "@",
            "rm -rf /",
            "run: |\n  ",
            "script:\n  - ",
            "{",
            "\"scripts\": {\"a\": \"",
            ";",
            "${{ x }}",
            "$[[ y ]]",
            "\r\n",
            "\\u00e9",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let kinds = [
            Kind::Script,
            Kind::Makefile,
            Kind::Dockerfile,
            Kind::GithubWorkflow,
            Kind::GithubAction,
            Kind::GitlabCi,
            Kind::PackageJson,
            Kind::Justfile,
        ];
        for round in 0..400 {
            let n = (next() % 60) as usize;
            let text: String = (0..n)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            let kind = kinds[round % kinds.len()];
            if let Ok(snippets) = snippets(kind, &text) {
                for s in snippets {
                    for a in 0..=s.text.len() {
                        let (from, to) = s.file_range((a, (a + 3).min(s.text.len())));
                        assert!(
                            from <= text.len() && to <= text.len() + 1,
                            "{kind:?} {text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn dockerfile_local_operations_are_not_held() {
        let text = "FROM debian\nRUN apt-get update && rm -rf /var/lib/apt/lists/* \\\n  && git push --force origin main\n";
        assert_eq!(
            located(Kind::Dockerfile, text),
            [(3, 6, "git.push-force".to_string(), false)]
        );
    }
}
