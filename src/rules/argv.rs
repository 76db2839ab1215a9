//! Reads an invocation's arguments the way its program does: flags (with `-rf` = `-r -f`,
//! `--opt=value`, aliases folded), option values, and positionals, per the pack's
//! [`ProgramSpec`]. Then picks the targets.

use super::spec::{FlagStyle, ProgramSpec, TargetSource};
use crate::model::Word;

/// One invocation's arguments, read.
#[derive(Debug, Default)]
pub struct ParsedArgs {
    /// Canonical flag names with their values. `--` appears as a flag when present.
    pub flags: Vec<(String, Option<String>)>,
    pub positionals: Vec<Word>,
}

impl ParsedArgs {
    pub fn parse(args: &[Word], spec: &ProgramSpec) -> ParsedArgs {
        let mut out = ParsedArgs::default();
        let canon = |f: &str| {
            spec.aliases
                .get(f)
                .cloned()
                .unwrap_or_else(|| f.to_string())
        };
        let takes_value = |f: &str| spec.value_options.iter().any(|v| v == f);
        let mut i = 0;
        let mut only_positionals = false;
        while i < args.len() {
            let w = &args[i];
            let t = w.text.as_str();
            i += 1;
            if only_positionals || t == "-" || !t.starts_with('-') || w.many {
                out.positionals.push(w.clone());
                continue;
            }
            if t == "--" {
                only_positionals = true;
                out.flags.push(("--".into(), None));
                continue;
            }
            let single = spec.style == FlagStyle::SingleDash;
            if t.starts_with("--") || single {
                let body = if single && t.starts_with("--") {
                    &t[1..]
                } else {
                    t
                };
                let (name, value) = match body.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None if takes_value(body) => {
                        let v = args.get(i).map(|w| w.text.clone());
                        i += 1;
                        (body.to_string(), v)
                    }
                    None => (body.to_string(), None),
                };
                out.flags.push((canon(&name), value));
                continue;
            }
            // A short cluster.
            let cluster = &t[1..];
            for (k, c) in cluster.char_indices() {
                let f = format!("-{c}");
                if takes_value(&f) {
                    let rest = &cluster[k + c.len_utf8()..];
                    let value = if rest.is_empty() {
                        let v = args.get(i).map(|w| w.text.clone());
                        i += 1;
                        v
                    } else {
                        Some(rest.trim_start_matches('=').to_string())
                    };
                    out.flags.push((canon(&f), value));
                    break;
                }
                out.flags.push((canon(&f), None));
            }
        }
        out
    }

    pub fn has(&self, item: &str) -> bool {
        match item.split_once('=') {
            Some((name, value)) if name.starts_with('-') => self
                .flags
                .iter()
                .any(|(f, v)| f == name && v.as_deref() == Some(value)),
            _ => self.flags.iter().any(|(f, _)| f == item),
        }
    }
}

/// The targets of an invocation once its subcommand path (`depth` positionals) is consumed.
pub fn targets(args: &[Word], parsed: &ParsedArgs, spec: &ProgramSpec, depth: usize) -> Vec<Word> {
    match spec.targets {
        TargetSource::Positionals => {
            let mut out: Vec<Word> = parsed.positionals.iter().skip(depth).cloned().collect();
            for (flag, value) in &parsed.flags {
                if let Some(v) = value
                    .as_ref()
                    .filter(|_| spec.target_options.contains(flag))
                {
                    let span = args.first().map(|w| w.span).unwrap_or_default();
                    out.push(Word::literal(v.clone(), span));
                }
            }
            out
        }
        TargetSource::FindExpression => crate::model::find_targets(args),
        TargetSource::DdOperands => args
            .iter()
            .filter_map(|w| {
                w.text.strip_prefix("of=").map(|v| Word {
                    text: v.to_string(),
                    ..w.clone()
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &str, spec: &ProgramSpec) -> ParsedArgs {
        let words: Vec<Word> = args
            .split_whitespace()
            .map(|t| Word::literal(t, (0, 0)))
            .collect();
        ParsedArgs::parse(&words, spec)
    }

    #[test]
    fn clusters_long_options_and_values() {
        let spec = ProgramSpec {
            value_options: vec!["-n".into(), "--context".into()],
            aliases: [("--recursive".to_string(), "-r".to_string())].into(),
            ..ProgramSpec::default()
        };
        let p = parse(
            "-rf -nprod --context ctx --recursive --force-with-lease=main x",
            &spec,
        );
        assert!(p.has("-r") && p.has("-f") && p.has("-n=prod") && p.has("--context=ctx"));
        assert!(p.has("--force-with-lease") && p.has("--force-with-lease=main"));
        assert_eq!(p.positionals.len(), 1);
    }

    #[test]
    fn single_dash_style_keeps_words_whole() {
        let spec = ProgramSpec {
            style: FlagStyle::SingleDash,
            ..ProgramSpec::default()
        };
        let p = parse(
            "apply -auto-approve --destroy -replace=aws_instance.a",
            &spec,
        );
        assert!(p.has("-auto-approve") && p.has("-destroy") && p.has("-replace"));
        assert!(!p.has("-a"));
    }
}
