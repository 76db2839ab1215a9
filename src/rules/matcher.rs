//! Matching one rule against one invocation: program, subcommand path, flags, targets (by
//! class, after the `cd` in force), argument regexes and executed statements. All structural
//! checks run before any regex is compiled.

use super::argv::{targets, ParsedArgs};
use super::spec::{OneOrMany, TargetPick};
use super::targets::classify;
use super::{Rule, Ruleset};
use crate::model::{Invocation, Word};

/// A rule that matched, and what it matched on.
#[derive(Debug, Clone)]
pub struct Match {
    /// The target to show: the targets that met the condition, or the subcommand.
    pub target: String,
    /// Why, in words, for `brake explain`.
    pub why: Vec<String>,
}

fn path_matches(path: &[OneOrMany], positionals: &[Word]) -> bool {
    path.len() <= positionals.len()
        && path
            .iter()
            .zip(positionals)
            .all(|(step, w)| step.alternatives().iter().any(|a| a == &w.text))
}

/// Does `rule` match `inv`? `parsed` is the invocation's arguments read with the program's spec.
pub fn match_rule(
    rule: &Rule,
    inv: &Invocation,
    parsed: &ParsedArgs,
    rules: &Ruleset,
) -> Option<Match> {
    let spec = &rule.spec;
    let mut why = Vec::new();
    if !path_matches(&spec.subcommand, &parsed.positionals) {
        return None;
    }
    if !spec.subcommand.is_empty() {
        why.push(format!(
            "subcommand `{}`",
            parsed.positionals[..spec.subcommand.len()]
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    let f = &spec.flags;
    if !f.any.is_empty() {
        let hit = f
            .any
            .iter()
            .flat_map(|i| i.alternatives())
            .find(|a| parsed.has(a))?;
        why.push(format!("flag `{hit}`"));
    }
    for item in &f.all {
        let hit = item.alternatives().iter().find(|a| parsed.has(a))?;
        why.push(format!("flag `{hit}`"));
    }
    if f.none
        .iter()
        .flat_map(|i| i.alternatives())
        .any(|a| parsed.has(a))
    {
        return None;
    }

    let program_spec = rules.program_spec(&inv.program);
    let mut all_targets = targets(&inv.args, parsed, program_spec, spec.subcommand.len());
    if spec.targets.of == TargetPick::Last && all_targets.len() > 1 {
        all_targets = all_targets.split_off(all_targets.len() - 1);
    }
    let t = &spec.targets;
    let classes: Vec<_> = all_targets.iter().map(|w| classify(w, &inv.cwd)).collect();
    if t.required && all_targets.is_empty() {
        return None;
    }
    let mut shown: Vec<&Word> = Vec::new();
    if !t.any.is_empty() {
        let hits: Vec<usize> = (0..all_targets.len())
            .filter(|&i| classes[i].any_of(&t.any))
            .collect();
        if hits.is_empty() {
            return None;
        }
        for &i in &hits {
            shown.push(&all_targets[i]);
            why.push(format!(
                "target `{}` is {}",
                all_targets[i].text,
                classes[i].names().join(", ")
            ));
        }
    }
    if !t.none.is_empty() && classes.iter().any(|c| c.any_of(&t.none)) {
        return None;
    }
    if !t.unless_all.is_empty()
        && !all_targets.is_empty()
        && classes.iter().all(|c| c.any_of(&t.unless_all))
    {
        return None;
    }
    let re = rule.regexes();
    if let Some(r) = &re.target {
        let hit = all_targets.iter().find(|w| r.is_match(&w.text))?;
        why.push(format!("target `{}` matches /{}/", hit.text, r.as_str()));
        shown.push(hit);
    }
    if let Some(r) = &re.args {
        let hit = inv.args.iter().find(|w| r.is_match(&w.text))?;
        why.push(format!("argument `{}` matches /{}/", hit.text, r.as_str()));
    }
    if let Some(r) = &re.args_exclude {
        if inv.args.iter().any(|w| r.is_match(&w.text)) {
            return None;
        }
    }
    if !spec.statements.is_empty() {
        let found = crate::statements::find(inv, &spec.statements)?;
        why.push(format!("executes `{}` ({})", found.statement, found.kind));
        return Some(Match {
            target: found.target,
            why,
        });
    }
    let target = if !shown.is_empty() {
        join(shown.into_iter())
    } else if !all_targets.is_empty() {
        join(all_targets.iter())
    } else {
        // No target on the line (`terraform destroy`, `git stash clear`): the operation itself,
        // program and subcommand, is what a human recognises (and would type to confirm).
        let mut words = vec![inv.program.as_str()];
        words.extend(
            parsed.positionals[..spec.subcommand.len()]
                .iter()
                .map(|w| w.text.as_str()),
        );
        words.join(" ")
    };
    Some(Match { target, why })
}

fn join<'a>(words: impl Iterator<Item = &'a Word>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for w in words {
        if !seen.contains(&w.text.as_str()) {
            seen.push(&w.text);
        }
    }
    seen.join(" ")
}
