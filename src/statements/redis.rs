//! Redis commands run by `redis-cli` (and its forks `valkey-cli`, `keydb-cli`): the command
//! words after the options, `--cluster call HOST CMD`, the lines of standard input when no
//! command is given, Lua scripts of `EVAL` and `--eval FILE`. `FLUSHALL`/`FLUSHDB` are
//! `flush`; `DEL`/`UNLINK` of many keys, or of keys from `xargs` or `$(...)`, `mass-delete`.

use super::clients::{scan, Arg, OptSpec, Val};
use super::{shorten, Ctx, Input};
use crate::model::Stdin;

/// From this many keys on, one `DEL`/`UNLINK` is a mass delete.
const MASS_DELETE_KEYS: usize = 10;

const REDIS: OptSpec = OptSpec {
    value: &[
        "-h",
        "-p",
        "-s",
        "-a",
        "-u",
        "-r",
        "-i",
        "-n",
        "-d",
        "-D",
        "-t",
        "--user",
        "--pass",
        "--pattern",
        "--quoted-pattern",
        "--count",
        "--eval",
        "--rdb",
        "--functions-rdb",
        "--sni",
        "--cacert",
        "--cacertdir",
        "--cert",
        "--key",
        "--tls-ciphers",
        "--tls-ciphersuites",
        "--cluster",
        "--memkeys-samples",
        "--intrinsic-latency",
        "--lru-test",
        "--pipe-timeout",
        "--keystats-samples",
        "-X",
    ],
    attached_only: &[],
    single_dash: false,
    stop_at_positional: true,
};

/// Options that make redis-cli do something else than run commands from standard input.
const MODES: &[&str] = &[
    "--scan",
    "--bigkeys",
    "--memkeys",
    "--keystats",
    "--hotkeys",
    "--stat",
    "--latency",
    "--latency-history",
    "--latency-dist",
    "--rdb",
    "--functions-rdb",
    "--replica",
    "--slave",
    "--intrinsic-latency",
    "--lru-test",
    "--eval",
    "--cluster",
    "--help",
    "--version",
    "-v",
];

pub(crate) fn is_client(inv: &crate::model::Invocation) -> bool {
    is_client_name(&inv.program)
}

fn is_client_name(program: &str) -> bool {
    matches!(program, "redis-cli" | "valkey-cli" | "keydb-cli")
}

/// Where the commands go, for findings.
struct Place {
    host: String,
    db: String,
}

pub(crate) fn analyse(ctx: &mut Ctx) {
    let inv = ctx.inv;
    let args = scan(&inv.args, &REDIS);
    let opt = |names: &[&str]| {
        args.iter().find_map(|a| match a {
            Arg::Opt(n, v) if names.contains(&n.as_str()) => Some(v.clone()),
            _ => None,
        })
    };
    let mut place = Place {
        host: opt(&["-h"])
            .flatten()
            .map_or("localhost".into(), |v| v.text),
        db: opt(&["-n"]).flatten().map_or("0".into(), |v| v.text),
    };
    if let Some(uri) = opt(&["-u"]).flatten() {
        let rest = uri.text.split_once("://").map_or(&uri.text[..], |(_, r)| r);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
        let (host, db) = rest.split_once('/').unwrap_or((rest, ""));
        place.host = host.split(':').next().unwrap_or(host).to_string();
        if !db.is_empty() {
            place.db = db.to_string();
        }
    }
    let mut words: Vec<Val> = args
        .iter()
        .filter_map(|a| match a {
            Arg::Pos(v) => Some(v.clone()),
            _ => None,
        })
        .collect();
    match opt(&["--cluster"]) {
        // `--cluster call HOST:PORT CMD ...` runs CMD on every node.
        Some(Some(sub)) if sub.text.eq_ignore_ascii_case("call") => {
            if let Some(h) = words.first() {
                place.host = format!("every node of the cluster at {}", h.text);
            }
            words = words.into_iter().skip(1).collect();
        }
        Some(_) => return,
        None => {}
    }
    if let Some(Some(file)) = opt(&["--eval"]) {
        if let Input::Text(script) = ctx.read(&file.text, file.dynamic) {
            lua(&script, &format!("--eval {}", file.text), &place, ctx);
        }
    }
    if !words.is_empty() {
        command(&words, &place, ctx);
        return;
    }
    let mode = args
        .iter()
        .any(|a| matches!(a, Arg::Opt(n, _) if MODES.contains(&n.as_str())));
    if mode {
        return;
    }
    match ctx.stdin() {
        Input::Text(t) => {
            for line in t.lines() {
                if ctx.statements >= crate::limits::MAX_SQL_STATEMENTS {
                    break;
                }
                ctx.statements += 1;
                let words: Vec<Val> = split_line(line)
                    .into_iter()
                    .map(|text| Val {
                        text,
                        dynamic: false,
                        many: false,
                    })
                    .collect();
                if !words.is_empty() {
                    command(&words, &place, ctx);
                }
            }
        }
        Input::Missing => {}
        Input::Unknown(why) => ctx.push("unparsed-destructive", why, place.host.clone()),
    }
}

fn command(words: &[Val], place: &Place, ctx: &mut Ctx) {
    let text = shorten(
        &words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    if words[0].many || words[0].dynamic {
        // The command itself is only known when it runs (`xargs redis-cli`, `redis-cli $CMD`).
        ctx.push(
            "unparsed-destructive",
            format!("{text} (command unknown before it runs)"),
            place.host.clone(),
        );
        return;
    }
    let cmd = words[0].text.to_ascii_uppercase();
    let sub = words.get(1).map(|w| w.text.to_ascii_uppercase());
    match (cmd.as_str(), sub.as_deref()) {
        ("FLUSHALL", _) => ctx.push("flush", text, format!("every database on {}", place.host)),
        ("FLUSHDB", _) => ctx.push(
            "flush",
            text,
            format!("database {} on {}", place.db, place.host),
        ),
        ("FUNCTION", Some("FLUSH")) => ctx.push(
            "flush",
            text,
            format!("every function library on {}", place.host),
        ),
        ("DEL" | "UNLINK", _) => {
            let keys = &words[1..];
            // Keys from xargs, from `$(redis-cli KEYS ...)`, or read in a loop over what
            // another redis-cli lists (`redis-cli --scan | while read k; do redis-cli del "$k"`).
            let listed_upstream = matches!(
                &ctx.inv.stdin,
                Stdin::Unknown(p) if is_client_name(p)
            );
            let fed = keys.iter().any(|k| {
                k.many
                    || (k.dynamic
                        && (k.text.contains("$(") || k.text.contains('`') || listed_upstream))
            });
            if fed {
                ctx.push(
                    "mass-delete",
                    text,
                    format!("keys listed at run time, in database {}", place.db),
                );
            } else if keys.len() >= MASS_DELETE_KEYS {
                ctx.push(
                    "mass-delete",
                    text,
                    format!("{} keys in database {}", keys.len(), place.db),
                );
            }
        }
        ("EVAL" | "EVAL_RO" | "FCALL", _) if words.len() > 1 => {
            lua(&words[1].text, &text, place, ctx)
        }
        _ => {}
    }
}

/// A Lua script run on the server: flushes, or deletes of keys it lists itself.
fn lua(script: &str, text: &str, place: &Place, ctx: &mut Ctx) {
    let s = script.to_ascii_lowercase();
    let quoted = |w: &str| s.contains(&format!("'{w}'")) || s.contains(&format!("\"{w}\""));
    if quoted("flushall") || quoted("flushdb") {
        ctx.push(
            "flush",
            shorten(text),
            format!("databases on {}", place.host),
        );
    } else if (quoted("del") || quoted("unlink")) && (quoted("keys") || quoted("scan")) {
        ctx.push(
            "mass-delete",
            shorten(text),
            format!("keys a script lists, in database {}", place.db),
        );
    }
}

/// A redis-cli input line split into words: whitespace separates, quotes group.
fn split_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    let mut it = line.chars();
    while let Some(c) = it.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => cur.extend(it.next()),
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, c) => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_like_redis_cli() {
        assert_eq!(
            split_line("SET a \"b c\" 'd'"),
            vec!["SET", "a", "b c", "d"]
        );
        assert_eq!(split_line("  "), Vec::<String>::new());
        assert_eq!(split_line("x \"unterminated"), vec!["x", "unterminated"]);
    }
}
