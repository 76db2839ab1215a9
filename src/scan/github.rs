//! GitHub Actions: `run:` steps of workflows (`.github/workflows/*.yml`) and of composite
//! actions (`action.yml` with `runs.using: composite`). A step runs in `bash` unless its
//! `shell:` (or `defaults.run.shell` of the job or workflow, or a literal `windows-*` runner,
//! whose default is `pwsh`) names something that is not a POSIX shell; those steps are skipped.
//! `${{ expr }}` is replaced by the runner before the shell sees the text, so brake reads it as
//! an opaque word: a value it cannot know.

use super::source::{opaque_word, Context, Snippet};
use super::yaml::{self, Node};
use regex::Regex;
use std::sync::LazyLock;

pub fn workflow_snippets(file: &str) -> Result<Vec<Snippet>, String> {
    let doc = yaml::parse(file)?;
    let top_shell = doc
        .path(&["defaults", "run", "shell"])
        .and_then(Node::as_str);
    let mut out = Vec::new();
    let Some(jobs) = doc.get("jobs") else {
        return Ok(out);
    };
    for (id, job) in jobs.entries() {
        let windows = match job.get("runs-on") {
            Some(n) => {
                n.as_str().is_some_and(|s| s.starts_with("windows"))
                    || n.items()
                        .iter()
                        .any(|i| i.as_str().is_some_and(|s| s.starts_with("windows")))
            }
            None => false,
        };
        let job_shell = job
            .path(&["defaults", "run", "shell"])
            .and_then(Node::as_str)
            .or(top_shell);
        let Some(steps) = job.get("steps") else {
            continue;
        };
        steps_snippets(file, steps, job_shell, windows, Some(id), &mut out);
    }
    Ok(out)
}

pub fn action_snippets(file: &str) -> Result<Vec<Snippet>, String> {
    let doc = yaml::parse(file)?;
    let mut out = Vec::new();
    let composite = doc
        .path(&["runs", "using"])
        .and_then(Node::as_str)
        .is_some_and(|u| u == "composite");
    if let (true, Some(steps)) = (composite, doc.path(&["runs", "steps"])) {
        steps_snippets(file, steps, None, false, None, &mut out);
    }
    Ok(out)
}

fn steps_snippets(
    file: &str,
    steps: &Node,
    default_shell: Option<&str>,
    windows: bool,
    job: Option<&str>,
    out: &mut Vec<Snippet>,
) {
    for (n, step) in steps.items().iter().enumerate() {
        let Some(run) = step.get("run") else {
            continue;
        };
        let Some(script) = run.as_str() else {
            continue;
        };
        let shell = step
            .get("shell")
            .and_then(Node::as_str)
            .or(default_shell)
            .unwrap_or(if windows { "pwsh" } else { "bash" });
        if !is_posix(shell) {
            continue;
        }
        let name = match step.get("name").and_then(Node::as_str) {
            Some(name) => format!("step `{name}`"),
            None => format!("step {}", n + 1),
        };
        let label = match job {
            Some(job) => format!("job `{job}`, {name}"),
            None => name,
        };
        let s = yaml::string_snippet(file, script, run.offset, Some(label), Context::Host);
        out.push(opaque_expressions(&s, &EXPRESSION));
    }
}

/// `bash`, `sh`, or a custom `bash -e {0}` / `sh -x {0}`.
fn is_posix(shell: &str) -> bool {
    let prog = shell.split_whitespace().next().unwrap_or("");
    let prog = prog.rsplit('/').next().unwrap_or(prog);
    matches!(prog, "bash" | "sh" | "dash" | "zsh" | "ksh")
}

/// `${{ ... }}`, GitHub's expression syntax.
pub static EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{.*?\}\}").expect("expression regex"));

/// Every match of `re` replaced by an opaque word that shows as the expression.
pub fn opaque_expressions(s: &Snippet, re: &Regex) -> Snippet {
    let edits = re
        .find_iter(&s.text)
        .enumerate()
        .map(|(n, m)| (m.range(), opaque_word(n), Some(m.as_str().to_string())))
        .collect();
    s.substitute(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_steps_with_expressions_as_opaque_words() {
        let file = "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Clean\n        run: |\n          rm -rf ${{ github.workspace }}/out\n      - run: Remove-Item x\n        shell: pwsh\n";
        let s = workflow_snippets(file).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "rm -rf ${BRAKE_OPAQUE_0}/out\n");
        assert_eq!(s[0].label.as_deref(), Some("job `deploy`, step `Clean`"));
        assert_eq!(
            s[0].restore("${BRAKE_OPAQUE_0}/out"),
            "${{ github.workspace }}/out"
        );
    }

    #[test]
    fn windows_runners_default_to_pwsh() {
        let file = "jobs:\n  w:\n    runs-on: windows-latest\n    steps:\n      - run: rm -rf x\n      - run: rm -rf y\n        shell: bash\n";
        let s = workflow_snippets(file).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "rm -rf y");
    }

    #[test]
    fn composite_actions_only() {
        let composite =
            "runs:\n  using: composite\n  steps:\n    - run: git push --force\n      shell: bash\n";
        assert_eq!(action_snippets(composite).unwrap().len(), 1);
        let node = "runs:\n  using: node20\n  main: index.js\n";
        assert!(action_snippets(node).unwrap().is_empty());
    }
}
