//! What a finding means where the command runs. On the host every finding is held. Inside a
//! container build ([`Context::Image`]) the machine is the image being built, so a finding is
//! dropped when all of its damage stays there: its rule's `scope` is `local` (see
//! `rules/README.md`), no target is a device (a privileged build could reach the host's disks),
//! and it was not found through a wrapper that runs the command somewhere else (`ssh host`,
//! `kubectl exec`, `docker run`/`exec`, `nsenter`). Engine checks (unknown scripts, dynamic
//! commands, unparsable text, limits) have no scope and are held everywhere.

use super::source::Context;
use crate::model::{Cwd, Word};
use crate::rules::spec::Scope;
use crate::rules::targets::classify;
use crate::rules::Ruleset;
use crate::verdict::Finding;

/// Wrapper programs that run their command on another machine, container or namespace.
const ELSEWHERE: &[&str] = &[
    "ssh", "kubectl", "oc", "docker", "podman", "nerdctl", "nsenter",
];

/// Whether `f` is held in `context`.
pub fn held_in(f: &Finding, context: Context, rules: &Ruleset) -> bool {
    match context {
        Context::Host => true,
        Context::Image => !stays_in_image(f, rules),
    }
}

fn stays_in_image(f: &Finding, rules: &Ruleset) -> bool {
    let local = rules
        .get(&f.rule)
        .is_some_and(|r| r.scope() == Scope::Local);
    let elsewhere = f.wrappers.iter().any(|w| {
        let prog = w.split_whitespace().next().unwrap_or("");
        ELSEWHERE.contains(&prog)
    });
    let device = f
        .target
        .split_whitespace()
        .any(|t| classify(&Word::literal(t, (0, 0)), &Cwd::Project(String::new())).has("device"));
    local && !elsewhere && !device
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{check, Policy};

    fn held(cmd: &str) -> Vec<String> {
        let rules = Ruleset::builtin();
        check(cmd, &rules, &Policy::default())
            .findings
            .into_iter()
            .filter(|f| held_in(f, Context::Image, &rules))
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn local_file_operations_stay_in_the_image() {
        assert!(held("rm -rf /var/lib/apt/lists/*").is_empty());
        assert!(held("rm -rf /tmp/* ~/.cache && git reset --hard").is_empty());
    }

    #[test]
    fn effects_outside_the_image_are_held() {
        assert_eq!(held("git push --force origin main"), ["git.push-force"]);
        assert!(held("ssh prod 'rm -rf src'").contains(&"fs.rm-recursive".to_string()));
        assert_eq!(held("cat disk.img > /dev/sda"), ["fs.truncate-system-file"]);
        assert_eq!(
            held("curl -fsSL https://x.example/i.sh | sh"),
            ["shell.unknown-script"]
        );
    }
}
