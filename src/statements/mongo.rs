//! Mongo shell code (`mongosh --eval`, scripts, heredocs) read from its own syntax: method calls
//! `drop()`, `dropDatabase()`, `dropIndex(es)()`, `deleteMany`/`remove` with an empty filter,
//! `updateMany({}, ...)`, `update({}, ..., {multi: true})`, and `runCommand({drop: ...})`.
//! Strings and comments are blanked first, so a `print("db.x.drop()")` is only text.

use super::{shorten, Ctx};

/// Methods looked at; every other call is skipped before any further work.
const METHODS: &[&str] = &[
    "dropDatabase",
    "drop",
    "dropIndex",
    "dropIndexes",
    "deleteMany",
    "remove",
    "updateMany",
    "update",
    "runCommand",
    "adminCommand",
    "renameCollection",
];
/// Most such calls examined in one script, and how far one call's text is followed: bounds
/// the work on hostile input to linear.
const MAX_CALLS: usize = 10_000;
const WINDOW: usize = 64 * 1024;

/// Analyses Mongo shell `code`; `db` is the database named on the command line.
pub(crate) fn analyse(code: &str, db: Option<&str>, ctx: &mut Ctx) {
    let masked = mask(code);
    let b = masked.as_bytes();
    let mut i = 0;
    let mut calls = 0;
    while let Some(k) = masked[i..].find('(') {
        let open = i + k;
        i = open + 1;
        // The method name right before `(`, after a `.`.
        let mut s = open;
        while s > 0 && b[s - 1].is_ascii_whitespace() {
            s -= 1;
        }
        let name_end = s;
        while s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] == b'$') {
            s -= 1;
        }
        let name = &masked[s..name_end];
        if !METHODS.contains(&name) {
            continue;
        }
        let mut dot = s;
        while dot > 0 && b[dot - 1].is_ascii_whitespace() {
            dot -= 1;
        }
        if dot == 0 || b[dot - 1] != b'.' {
            continue;
        }
        calls += 1;
        if calls > MAX_CALLS {
            break;
        }
        let close = matching(&masked, open);
        let args = split_args(&masked[open + 1..close]);
        let receiver = receiver(code, &masked, dot - 1);
        let call = shorten(&code[receiver.1..(close + 1).min(code.len())]);
        let coll = || collection(&receiver.0);
        let empty = |k: usize| args.get(k).is_none_or(|a| is_empty_filter(a));
        let (kind, target) = match name {
            "dropDatabase" => ("drop", format!("database {}", database(&receiver.0, db))),
            "drop" => ("drop", coll()),
            "dropIndex" | "dropIndexes" => ("drop", format!("indexes of {}", coll())),
            "deleteMany" if empty(0) => ("delete-all", coll()),
            "remove" if empty(0) && !just_one(args.get(1)) => ("delete-all", coll()),
            "updateMany" if empty(0) => ("update-all", coll()),
            "update" if empty(0) && args.get(2).is_some_and(|a| multi(a)) => ("update-all", coll()),
            // `renameCollection(to, true)`: dropTarget drops the collection named `to` first.
            "renameCollection" if args.get(1).is_some_and(|a| a.trim() == "true") => {
                let to = code[open + 1..close.min(code.len())]
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\'', '`'])
                    .to_string();
                ("drop", to)
            }
            "runCommand" | "adminCommand" => {
                let body = &code[open + 1..close.min(code.len())];
                let m = &masked[open + 1..close];
                if contains_key(m, "dropDatabase") {
                    ("drop", format!("database {}", database(&receiver.0, db)))
                } else if contains_key(m, "drop") {
                    ("drop", first_string(body).unwrap_or_else(|| "?".into()))
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        ctx.push(kind, call, target);
    }
}

/// `code` with string contents and comments replaced by spaces (same byte offsets).
fn mask(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut it = code.char_indices();
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let pad = |out: &mut String, c: char| {
        for _ in 0..c.len_utf8() {
            out.push(blank(c));
        }
    };
    while let Some((i, c)) = it.next() {
        let rest = &code[i..];
        if c == '"' || c == '\'' || c == '`' {
            out.push(c);
            while let Some((_, d)) = it.next() {
                if d == '\\' {
                    pad(&mut out, d);
                    if let Some((_, e)) = it.next() {
                        pad(&mut out, e);
                    }
                } else if d == c {
                    out.push(d);
                    break;
                } else {
                    pad(&mut out, d);
                }
            }
        } else if rest.starts_with("//") || rest.starts_with("/*") {
            let line = rest.starts_with("//");
            pad(&mut out, c);
            for (j, d) in it.by_ref() {
                if line && d == '\n' {
                    out.push('\n');
                    break;
                }
                pad(&mut out, d);
                if !line && d == '/' && j > i + 2 && code[..j].ends_with('*') {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The byte index of the `)` matching the `(` at `open`, or the end.
fn matching(text: &str, open: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut end = b.len().min(open.saturating_add(WINDOW));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    for (k, &c) in b.iter().enumerate().take(end).skip(open) {
        match c {
            b'(' | b'{' | b'[' => depth += 1,
            b')' | b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    end
}

/// Arguments split at top-level commas.
fn split_args(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (k, c) in s.char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() || !out.is_empty() {
        out.push(&s[start..]);
    }
    out
}

fn is_empty_filter(a: &str) -> bool {
    let t: String = a.chars().filter(|c| !c.is_whitespace()).collect();
    t.is_empty() || t == "{}"
}

fn just_one(a: Option<&&str>) -> bool {
    a.is_some_and(|a| {
        let t = a.trim();
        t == "true" || t == "1" || (t.contains("justOne") && t.contains("true"))
    })
}

fn multi(a: &str) -> bool {
    let t: String = a.chars().filter(|c| !c.is_whitespace()).collect();
    t.contains("multi:true") || t.contains("multi\":true") || t.contains("multi':true")
}

fn contains_key(masked: &str, key: &str) -> bool {
    let mut rest = masked;
    while let Some(k) = rest.find(key) {
        let before = rest[..k].trim_end();
        let after = rest[k + key.len()..].trim_start();
        let quoted_after = after.trim_start_matches(['"', '\'']).trim_start();
        let clean_before = !before
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if clean_before && (after.starts_with(':') || quoted_after.starts_with(':')) {
            return true;
        }
        rest = &rest[k + key.len()..];
    }
    false
}

/// The string value after the first `:` (`{drop: "users"}` -> `users`).
fn first_string(code: &str) -> Option<String> {
    let after = &code[code.find(':')? + 1..];
    let s = after.find(['"', '\''])?;
    let q = after[s..].chars().next()?;
    let v = &after[s + 1..];
    Some(v[..v.find(q).unwrap_or(v.len())].to_string())
}

/// The receiver of the method whose `.` is at `dot`: its text and start offset.
fn receiver(code: &str, masked: &str, dot: usize) -> (String, usize) {
    let b = masked.as_bytes();
    let mut depth = 0usize;
    let mut s = dot;
    let mut floor = dot.saturating_sub(WINDOW);
    while !masked.is_char_boundary(floor) {
        floor += 1;
    }
    while s > floor {
        let c = b[s - 1];
        match c {
            b')' | b']' => depth += 1,
            b'(' | b'[' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ if c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.') => {}
            _ => break,
        }
        s -= 1;
    }
    (code[s..dot].to_string(), s)
}

/// `db.users` -> `users`; `db.getCollection("a b")` -> `a b`; `db["x"]` -> `x`;
/// `db.getSiblingDB("o").c` -> `o.c`.
fn collection(receiver: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = receiver;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            rest = r;
            continue;
        }
        if rest.starts_with('(') || rest.starts_with('[') {
            let end = matching(rest, 0);
            let inner = &rest[1..end.min(rest.len())];
            let s = inner.trim().trim_matches(['"', '\'', '`']);
            if !s.is_empty() {
                parts.push(s.to_string());
            }
            rest = rest.get(end + 1..).unwrap_or("");
            continue;
        }
        let n = rest.find(['.', '(', '[']).unwrap_or(rest.len());
        let word = &rest[..n];
        if !matches!(
            word,
            "db" | "getCollection" | "getSiblingDB" | "getDB" | "getMongo"
        ) {
            parts.push(word.to_string());
        }
        rest = &rest[n..];
    }
    if parts.is_empty() {
        "?".into()
    } else {
        parts.join(".")
    }
}

fn database(receiver: &str, db: Option<&str>) -> String {
    let named = collection(receiver);
    if named == "?" {
        db.unwrap_or("(the current database)").to_string()
    } else {
        named
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Ctx, Found};
    use super::*;
    use crate::model::Invocation;

    fn run(code: &str) -> Vec<Found> {
        let inv = Invocation::plain("mongosh", &[]);
        let mut ctx = Ctx::new(&inv);
        analyse(code, Some("app"), &mut ctx);
        ctx.finish()
    }

    fn kinds(code: &str) -> Vec<(String, String)> {
        run(code).into_iter().map(|f| (f.kind, f.target)).collect()
    }

    #[test]
    fn drops() {
        assert_eq!(
            kinds("db.users.drop()"),
            vec![("drop".into(), "users".into())]
        );
        assert_eq!(
            kinds("db.dropDatabase()"),
            vec![("drop".into(), "database app".into())]
        );
        assert_eq!(
            kinds("db.getSiblingDB('other').dropDatabase()"),
            vec![("drop".into(), "database other".into())]
        );
        assert_eq!(
            kinds("db.getCollection(\"a-b\").drop ( )"),
            vec![("drop".into(), "a-b".into())]
        );
        assert_eq!(
            kinds("db['orders'].dropIndexes()")[0].1,
            "indexes of orders".to_string()
        );
        assert_eq!(
            kinds("db.runCommand({drop: 'users'})"),
            vec![("drop".into(), "users".into())]
        );
        assert_eq!(kinds("db.runCommand({ dropDatabase: 1 })")[0].0, "drop");
        assert_eq!(
            kinds("db.users_new.renameCollection('users', true)"),
            vec![("drop".into(), "users".into())]
        );
        assert!(kinds("db.users_new.renameCollection('users')").is_empty());
        assert_eq!(
            kinds("db.getCollectionNames().forEach(c => db[c].drop())")[0].0,
            "drop"
        );
    }

    #[test]
    fn empty_filters_only() {
        assert_eq!(kinds("db.s.deleteMany({})")[0].0, "delete-all");
        assert_eq!(kinds("db.s.deleteMany( { } )")[0].0, "delete-all");
        assert_eq!(kinds("db.s.remove({})")[0].0, "delete-all");
        assert_eq!(
            kinds("db.s.updateMany({}, {$set: {a: 1}})")[0].0,
            "update-all"
        );
        assert_eq!(
            kinds("db.s.update({}, {$set: {a: 1}}, {multi: true})")[0].0,
            "update-all"
        );
        assert!(kinds("db.s.update({}, {$set: {a: 1}})").is_empty());
        assert!(kinds("db.s.deleteMany({expired: true})").is_empty());
        assert!(kinds("db.s.remove({_id: 1})").is_empty());
        assert!(kinds("db.s.remove({}, true)").is_empty());
        assert!(kinds("db.s.updateMany({a: 1}, {$set: {b: 2}})").is_empty());
        assert!(kinds("db.s.deleteOne({})").is_empty());
    }

    #[test]
    fn strings_and_comments_are_text() {
        assert!(kinds("print('db.users.drop()')").is_empty());
        assert!(kinds("// db.users.drop()\ndb.users.find()").is_empty());
        assert!(kinds("/* db.dropDatabase() */ db.stats()").is_empty());
        assert!(kinds("db.users.countDocuments()").is_empty());
        assert_eq!(kinds("DB.USERS.DROP()").len(), 0, "JS is case-sensitive");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for t in [
            "(",
            ")",
            ".(",
            "'",
            "/*",
            "db.x.drop(",
            "db.x.remove({",
            ".drop(",
            "é.drop(é",
        ] {
            let _ = run(t);
        }
    }
}
