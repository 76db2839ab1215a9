//! SQL classified into statement kinds. Each statement found by [`split`] is parsed with
//! `sqlparser` in the client's dialect (then the generic one); a statement that parses is judged
//! by its syntax tree (`DROP`, `TRUNCATE`, `DELETE`/`UPDATE` without a real `WHERE`, `ALTER
//! TABLE ... DROP`, `EXPLAIN ANALYZE`, writable CTEs), one that does not by a keyword scan that
//! holds on doubt. Client commands (`\i file`, `source`, `.read`, `\!`) are followed too.

use super::split::{self, contains_word, words, Piece, Stmt};
use super::{shorten, Ctx, Dialect, Input};
use crate::limits::{MAX_SQL_STATEMENTS, MAX_SQL_STATEMENT_BYTES, SQL_STACK_BYTES};
use sqlparser::ast::{
    BinaryOperator, Expr, FromTable, Query, SetExpr, Statement, TableWithJoins, UnaryOperator,
    Value,
};
use sqlparser::dialect::{
    ClickHouseDialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect,
};
use sqlparser::parser::Parser;
use std::sync::OnceLock;

/// How deep `\i`/`source`/`.read` files may include each other.
const MAX_INCLUDE_DEPTH: usize = 4;

/// A statement of a kind, before it becomes a [`super::Found`].
struct Hit {
    kind: &'static str,
    target: String,
    note: &'static str,
}

/// Analyses SQL `text` that `dialect`'s client executes; findings go to `ctx`.
pub(crate) fn analyse(text: &str, dialect: Dialect, ctx: &mut Ctx) {
    let cap = ctx.statements_left();
    for piece in split::split(text, dialect, cap) {
        match piece {
            Piece::Sql(s) => {
                ctx.statements += 1;
                statement(&s, dialect, ctx);
            }
            Piece::Rest(s) => {
                if let Some(h) = keyword_scan(&s.masked) {
                    ctx.push(
                        h.kind,
                        format!("(statements past the first {})", MAX_SQL_STATEMENTS),
                        h.target,
                    );
                }
            }
            Piece::Command { name, arg } => command(&name, &arg, dialect, ctx),
        }
    }
}

fn command(name: &str, arg: &str, dialect: Dialect, ctx: &mut Ctx) {
    match name {
        "include" if !arg.is_empty() => {
            if ctx.depth >= MAX_INCLUDE_DEPTH {
                ctx.push(
                    "unparsed-destructive",
                    format!("include {arg} (nested more than {MAX_INCLUDE_DEPTH} deep)"),
                    arg.into(),
                );
                return;
            }
            let path = arg.trim_matches(['\'', '"']);
            match ctx.read(path, false) {
                Input::Text(t) => {
                    ctx.depth += 1;
                    analyse(&t, dialect, ctx);
                    ctx.depth -= 1;
                }
                Input::Missing => {}
                Input::Unknown(why) => ctx.push(
                    "unparsed-destructive",
                    format!("include {arg}: {why}"),
                    arg.into(),
                ),
            }
        }
        "shell" => {
            let words = crate::vocabulary::rough_words(arg);
            if crate::vocabulary::looks_destructive(words) {
                ctx.push(
                    "unparsed-destructive",
                    format!("shell command `{}` run by the client", shorten(arg)),
                    arg.into(),
                );
            }
        }
        _ => {}
    }
}

fn parse(code: &str, dialect: Dialect) -> Option<Vec<Statement>> {
    let run = |d: Dialect| {
        std::panic::catch_unwind(|| match d {
            Dialect::Postgres => Parser::parse_sql(&PostgreSqlDialect {}, code),
            Dialect::MySql => Parser::parse_sql(&MySqlDialect {}, code),
            Dialect::Sqlite => Parser::parse_sql(&SQLiteDialect {}, code),
            Dialect::ClickHouse => Parser::parse_sql(&ClickHouseDialect {}, code),
            Dialect::Cql => Parser::parse_sql(&GenericDialect {}, code),
        })
        .ok()
        .and_then(Result::ok)
    };
    // Then the generic dialect (which `Dialect::Cql` uses), for statements the client's
    // dialect lacks.
    run(dialect).or_else(|| {
        (dialect != Dialect::Cql)
            .then(|| run(Dialect::Cql))
            .flatten()
    })
}

fn first_word(masked: &str) -> String {
    words(masked).next().unwrap_or("").to_ascii_uppercase()
}

fn statement(s: &Stmt, dialect: Dialect, ctx: &mut Ctx) {
    let first = first_word(&s.masked);
    if s.gexec {
        // Every value the query returns runs as a statement: judge the text it generates.
        if let Some(h) = keyword_scan(&s.literals) {
            let target = match h.target.as_str() {
                "(unknown)" => "(the statements the query generates)".to_string(),
                t => t.to_string(),
            };
            ctx.push(h.kind, format!("{} \\gexec", shorten(&s.raw)), target);
        }
    }
    if first == "DO" && dialect == Dialect::Postgres {
        // An anonymous code block runs now: its body is a string to the parser.
        if let Some(h) = keyword_scan(&format!("{} {}", s.masked, s.literals)) {
            ctx.push(h.kind, shorten(&s.raw), h.target);
        }
        return;
    }
    if !words(&s.masked).any(|w| RELEVANT.iter().any(|k| w.eq_ignore_ascii_case(k))) {
        // Nothing in it can be of a kind or change a transaction: no need to parse.
        if dialect == Dialect::MySql && implicit_commit(&first) {
            ctx.commit();
        }
        return;
    }
    if s.code.len() > MAX_SQL_STATEMENT_BYTES {
        if let Some(h) = keyword_scan(&s.masked) {
            let why = format!("longer than {MAX_SQL_STATEMENT_BYTES} bytes, not parsed");
            ctx.push(h.kind, format!("{} ({why})", shorten(&s.raw)), h.target);
        }
        return;
    }
    let events = with_stack(s.code.len(), || {
        let stmts = parse(&s.code, dialect)
            .or_else(|| clickhouse_mutation(s, dialect))
            .or_else(|| cql_clauses(s, dialect))?;
        Some(events(
            &stmts,
            s,
            dialect == Dialect::MySql && implicit_commit(&first),
        ))
    });
    let Some(events) = events.flatten() else {
        if let Some(h) = keyword_scan(&s.masked) {
            ctx.push(
                h.kind,
                format!("{} (does not parse)", shorten(&s.raw)),
                h.target,
            );
        }
        return;
    };
    for e in events {
        match e {
            Event::Begin => ctx.begin(),
            Event::Commit => ctx.commit(),
            Event::Rollback => ctx.rollback(),
            Event::Hit(h) => {
                let mut text = shorten(&s.raw);
                if !h.note.is_empty() {
                    text = format!("{text} ({})", h.note);
                }
                ctx.push(h.kind, text, h.target);
            }
        }
    }
}

/// What parsed statements do to the analysis.
enum Event {
    Begin,
    Commit,
    Rollback,
    Hit(Hit),
}

fn events(stmts: &[Statement], s: &Stmt, commits_first: bool) -> Vec<Event> {
    let mut out = Vec::new();
    for st in stmts {
        match st {
            Statement::StartTransaction { .. } => out.push(Event::Begin),
            Statement::Commit { .. } => out.push(Event::Commit),
            Statement::Rollback { savepoint, .. } if savepoint.is_none() => {
                out.push(Event::Rollback)
            }
            _ => {
                if commits_first {
                    out.push(Event::Commit);
                }
                let mut hits = Vec::new();
                classify(st, s, &mut hits);
                out.extend(hits.into_iter().map(Event::Hit));
            }
        }
    }
    out
}

/// Statements up to this long are parsed on the caller's stack: their trees are at most a few
/// hundred levels deep. Longer ones get a thread with [`SQL_STACK_BYTES`] of stack, since a
/// left-nested chain (`1+1+...`, `a OR b OR ...`) is built by loops that the parser's recursion
/// limit does not bound, and walking or dropping it recurses once per level.
const INLINE_STATEMENT_BYTES: usize = 1024;

/// Runs `f` where the syntax tree of a statement of `len` bytes fits; `None` if it panicked.
fn with_stack<T: Send>(len: usize, f: impl FnOnce() -> T + Send) -> Option<T> {
    if len <= INLINE_STATEMENT_BYTES {
        return std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("brake-sql".into())
            .stack_size(SQL_STACK_BYTES)
            .spawn_scoped(scope, f)
            .ok()?
            .join()
            .ok()
    })
}

/// Keywords without which a statement has no kind and does not start or end a transaction
/// (outside strings and comments): statements without any are not parsed at all.
const RELEVANT: &[&str] = &[
    "DROP", "TRUNCATE", "DELETE", "UPDATE", "REPLACE", "BEGIN", "START", "COMMIT", "END",
    "ROLLBACK", "ABORT",
];

/// MySQL commits an open transaction before these statements.
fn implicit_commit(first: &str) -> bool {
    matches!(
        first,
        "CREATE" | "ALTER" | "DROP" | "TRUNCATE" | "RENAME" | "LOCK" | "GRANT" | "REVOKE"
    )
}

fn classify(st: &Statement, s: &Stmt, out: &mut Vec<Hit>) {
    match st {
        Statement::Drop {
            object_type, names, ..
        } => out.push(Hit {
            kind: "drop",
            target: format!(
                "{} {}",
                object_type.to_string().to_lowercase(),
                join(names.iter().map(|n| n.to_string()))
            ),
            note: "",
        }),
        Statement::Truncate(t) => out.push(Hit {
            kind: "truncate",
            target: join(t.table_names.iter().map(|n| n.name.to_string())),
            note: "",
        }),
        Statement::Delete(d) => {
            let (tables, joins) = match &d.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => (t, joined(t)),
            };
            let target = if d.tables.is_empty() {
                join(tables.iter().map(|t| t.relation.to_string()))
            } else {
                join(d.tables.iter().map(|n| n.to_string()))
            };
            if let Some(note) = unfiltered(d.selection.as_ref(), joins, d.limit.is_some(), s) {
                out.push(Hit {
                    kind: "delete-all",
                    target,
                    note,
                });
            }
        }
        Statement::Update(u) => {
            let joins = joined(std::slice::from_ref(&u.table));
            if let Some(note) = unfiltered(u.selection.as_ref(), joins, u.limit.is_some(), s) {
                out.push(Hit {
                    kind: "update-all",
                    target: u.table.relation.to_string(),
                    note,
                });
            }
        }
        Statement::AlterTable(a) => {
            for op in &a.operations {
                let text = op.to_string();
                let upper = text.to_ascii_uppercase();
                let kind = if upper.starts_with("DROP") {
                    "alter-drop"
                } else if upper.starts_with("TRUNCATE") {
                    "truncate"
                } else {
                    continue;
                };
                out.push(Hit {
                    kind,
                    target: format!("{} ({})", a.name, shorten(&text)),
                    note: "",
                });
            }
        }
        Statement::Explain {
            analyze,
            options,
            statement,
            ..
        } => {
            let analyze_option = options.iter().flatten().any(|o| {
                o.name.value.eq_ignore_ascii_case("analyze")
                    && o.arg.as_ref().is_none_or(|a| {
                        !matches!(
                            a.to_string().to_ascii_lowercase().as_str(),
                            "false" | "off" | "0"
                        )
                    })
            });
            if *analyze || analyze_option {
                classify(statement, s, out);
            }
        }
        Statement::Query(q) => query(q, s, out),
        Statement::Insert(i) => {
            if let Some(q) = &i.source {
                query(q, s, out);
            }
        }
        Statement::Prepare { statement, .. } => classify(statement, s, out),
        Statement::CreateTable(c) if c.or_replace => out.push(Hit {
            kind: "drop",
            target: format!("table {}", c.name),
            note: "CREATE OR REPLACE drops the existing table",
        }),
        _ => {
            // Every other DROP variant (function, trigger, policy, extension, ...).
            if first_word(&s.masked) == "DROP" {
                out.push(Hit {
                    kind: "drop",
                    target: drop_target(&s.code),
                    note: "",
                });
            }
        }
    }
}

/// Statements run inside a query: writable CTEs, set operations.
fn query(q: &Query, s: &Stmt, out: &mut Vec<Hit>) {
    if let Some(with) = &q.with {
        for cte in &with.cte_tables {
            query(&cte.query, s, out);
        }
    }
    set_expr(&q.body, s, out);
}

fn set_expr(e: &SetExpr, s: &Stmt, out: &mut Vec<Hit>) {
    match e {
        SetExpr::Query(q) => query(q, s, out),
        SetExpr::SetOperation { left, right, .. } => {
            set_expr(left, s, out);
            set_expr(right, s, out);
        }
        SetExpr::Insert(st) | SetExpr::Update(st) | SetExpr::Delete(st) | SetExpr::Merge(st) => {
            classify(st, s, out)
        }
        _ => {}
    }
}

/// Do joins with a condition restrict the rows (`DELETE t FROM t JOIN u ON ...`)?
fn joined(tables: &[TableWithJoins]) -> bool {
    tables.iter().flat_map(|t| &t.joins).any(|j| {
        let text = j.to_string().to_ascii_uppercase();
        text.contains(" ON ") || text.contains(" USING")
    })
}

/// Why a DELETE/UPDATE touches every row, or `None` when its WHERE is real.
fn unfiltered(
    selection: Option<&Expr>,
    joins: bool,
    limit: bool,
    s: &Stmt,
) -> Option<&'static str> {
    match selection {
        Some(e) if always_true(e) => Some("always-true WHERE"),
        Some(_) => None,
        None if joins => None,
        None if s.commented_where => Some("WHERE commented out"),
        None if limit => Some("no WHERE, only a LIMIT"),
        None => Some("no WHERE"),
    }
}

enum Lit {
    Num(f64),
    Str(String),
    Bool(bool),
    Null,
}

fn literal(e: &Expr) -> Option<Lit> {
    match e {
        Expr::Nested(x) => literal(x),
        Expr::Value(v) => Some(match &v.value {
            Value::Number(n, _) => Lit::Num(n.parse().ok()?),
            Value::Boolean(b) => Lit::Bool(*b),
            Value::Null => Lit::Null,
            other => Lit::Str(other.clone().into_string()?),
        }),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal(expr)? {
            Lit::Num(n) => Some(Lit::Num(-n)),
            _ => None,
        },
        _ => None,
    }
}

/// The truth value of a literal used as a condition (MySQL and SQLite convert strings and
/// numbers; PostgreSQL only accepts booleans, which is the same where it accepts anything).
fn truth(l: &Lit) -> Option<bool> {
    match l {
        Lit::Bool(b) => Some(*b),
        Lit::Num(n) => Some(*n != 0.0),
        Lit::Str(s) => match s.to_ascii_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "on" => Some(true),
            "f" | "false" | "n" | "no" | "off" => Some(false),
            other => other.trim().parse::<f64>().ok().map(|n| n != 0.0),
        },
        Lit::Null => Some(false),
    }
}

fn compare(l: &Expr, op: &BinaryOperator, r: &Expr) -> Option<bool> {
    use std::cmp::Ordering::*;
    let ord = match (literal(l)?, literal(r)?) {
        (Lit::Num(a), Lit::Num(b)) => a.partial_cmp(&b)?,
        (Lit::Str(a), Lit::Str(b)) => a.cmp(&b),
        (Lit::Bool(a), Lit::Bool(b)) => a.cmp(&b),
        _ => return None,
    };
    Some(match op {
        BinaryOperator::Eq | BinaryOperator::Spaceship => ord == Equal,
        BinaryOperator::NotEq => ord != Equal,
        BinaryOperator::Lt => ord == Less,
        BinaryOperator::LtEq => ord != Greater,
        BinaryOperator::Gt => ord == Greater,
        BinaryOperator::GtEq => ord != Less,
        _ => return None,
    })
}

/// Is the condition true for every row (`1=1`, `true`, `x=x`, `... OR 1=1`)?
fn always_true(e: &Expr) -> bool {
    match e {
        Expr::Nested(x) | Expr::IsTrue(x) | Expr::IsNotFalse(x) => always_true(x),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => always_false(expr),
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::Or => always_true(left) || always_true(right),
            BinaryOperator::And => always_true(left) && always_true(right),
            BinaryOperator::Eq
            | BinaryOperator::GtEq
            | BinaryOperator::LtEq
            | BinaryOperator::Spaceship
                if left.to_string() == right.to_string() =>
            {
                true
            }
            _ => compare(left, op, right) == Some(true),
        },
        Expr::IsNotNull(x) => matches!(literal(x), Some(l) if !matches!(l, Lit::Null)),
        Expr::IsNull(x) => matches!(literal(x), Some(Lit::Null)),
        Expr::Like {
            negated: false,
            pattern,
            ..
        }
        | Expr::ILike {
            negated: false,
            pattern,
            ..
        } => {
            matches!(literal(pattern), Some(Lit::Str(p)) if !p.is_empty() && p.chars().all(|c| c == '%'))
        }
        Expr::InList {
            expr,
            list,
            negated: false,
        } => list.iter().any(|x| x.to_string() == expr.to_string()),
        other => literal(other).and_then(|l| truth(&l)) == Some(true),
    }
}

fn always_false(e: &Expr) -> bool {
    match e {
        Expr::Nested(x) => always_false(x),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => always_true(expr),
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::Or => always_false(left) && always_false(right),
            BinaryOperator::And => always_false(left) || always_false(right),
            BinaryOperator::NotEq | BinaryOperator::Lt | BinaryOperator::Gt
                if left.to_string() == right.to_string() =>
            {
                true
            }
            _ => compare(left, op, right) == Some(false),
        },
        Expr::IsNull(x) => matches!(literal(x), Some(l) if !matches!(l, Lit::Null)),
        other => literal(other).and_then(|l| truth(&l)) == Some(false),
    }
}

/// The object of a DROP the parser has no common shape for: the first word after `DROP` and
/// its object-type keywords.
fn drop_target(code: &str) -> String {
    const SKIP: &[&str] = &[
        "DROP",
        "IF",
        "EXISTS",
        "TEMPORARY",
        "TEMP",
        "MATERIALIZED",
        "CONCURRENTLY",
        "FOREIGN",
        "EXTERNAL",
        "OPERATOR",
        "CLASS",
        "FAMILY",
        "TEXT",
        "SEARCH",
        "CONFIGURATION",
        "DICTIONARY",
        "PARSER",
        "TEMPLATE",
        "EVENT",
        "DATA",
        "WRAPPER",
        "ACCESS",
        "METHOD",
        "UNLOGGED",
        "ONLY",
        "GLOBAL",
        "LOCAL",
        "ROW",
        "LEVEL",
        "SECURITY",
    ];
    let mut ws = code
        .split_whitespace()
        .map(|w| w.trim_end_matches([';', '(', ',']));
    let mut kind = Vec::new();
    for w in ws.by_ref() {
        let up = w.to_ascii_uppercase();
        if SKIP.contains(&up.as_str()) {
            continue;
        }
        if kind.is_empty() && up.chars().all(|c| c.is_ascii_alphabetic()) {
            kind.push(up.to_lowercase());
            continue;
        }
        let name: String = w.chars().take_while(|c| *c != '(').collect();
        return format!("{} {name}", kind.join(" "));
    }
    String::new()
}

fn join(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    if v.len() > 3 {
        format!("{}, ... ({} in all)", v[..3].join(", "), v.len())
    } else {
        v.join(", ")
    }
}

/// ClickHouse mutations `ALTER TABLE t DELETE WHERE c` / `ALTER TABLE t UPDATE a = 1 WHERE c`,
/// which the parser lacks, read as the DELETE/UPDATE they are.
fn clickhouse_mutation(s: &Stmt, dialect: Dialect) -> Option<Vec<Statement>> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    if dialect != Dialect::ClickHouse {
        return None;
    }
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?is)^\s*ALTER\s+TABLE\s+(\S+)(?:\s+ON\s+CLUSTER\s+\S+)?\s+(DELETE|UPDATE)\s+(.*)$",
        )
        .unwrap()
    });
    let c = re.captures(&s.code)?;
    let rewritten = if c[2].eq_ignore_ascii_case("delete") {
        format!("DELETE FROM {} {}", &c[1], &c[3])
    } else {
        format!("UPDATE {} SET {}", &c[1], &c[3])
    };
    parse(&rewritten, Dialect::ClickHouse)
}

/// CQL's `USING TTL/TIMESTAMP n` and lightweight-transaction `IF ...` clauses, which the
/// generic dialect lacks, removed; the WHERE they follow or precede stays.
fn cql_clauses(s: &Stmt, dialect: Dialect) -> Option<Vec<Statement>> {
    static RE: OnceLock<[regex::Regex; 2]> = OnceLock::new();
    if dialect != Dialect::Cql {
        return None;
    }
    let [using, cond] = RE.get_or_init(|| {
        [
            regex::Regex::new(
                r"(?i)\s+USING\s+(?:TTL|TIMESTAMP)\s+\S+(?:\s+AND\s+(?:TTL|TIMESTAMP)\s+\S+)*",
            )
            .unwrap(),
            regex::Regex::new(
                r"(?is)\s+IF\s+(?:NOT\s+)?(?:EXISTS|[a-z_][a-z0-9_]*\s*(?:=|<|>|!=|IN\b)).*$",
            )
            .unwrap(),
        ]
    });
    let code = using.replace_all(&s.code, " ");
    let code = cond.replace(&code, "");
    if code == s.code {
        return None;
    }
    parse(&code, Dialect::Cql)
}

/// The kind of unparsed text: a leading `DROP`/`TRUNCATE` is that; another destructive keyword
/// outside strings and comments is `unparsed-destructive`; none is nothing.
fn keyword_scan(masked: &str) -> Option<Hit> {
    let ws: Vec<&str> = words(masked).collect();
    let upper = |k: usize| {
        ws.get(k)
            .map(|w| w.to_ascii_uppercase())
            .unwrap_or_default()
    };
    let first = upper(0);
    if matches!(first.as_str(), "GRANT" | "REVOKE") {
        return None;
    }
    for (k, w) in ws.iter().enumerate() {
        let up = w.to_ascii_uppercase();
        let prev = if k > 0 { upper(k - 1) } else { String::new() };
        let hit = match up.as_str() {
            "DROP" => !(first == "SYSTEM" && contains_word(masked, "cache")),
            "TRUNCATE" | "FLUSHALL" | "FLUSHDB" => true,
            // `ON DELETE CASCADE`, `FOR UPDATE`, `ON DUPLICATE KEY UPDATE`, trigger events.
            "DELETE" | "UPDATE" => !matches!(
                prev.as_str(),
                "ON" | "FOR" | "DO" | "KEY" | "AFTER" | "BEFORE" | "OR" | "OF" | "INSTEAD"
            ),
            _ => false,
        };
        if hit {
            let kind = match (k, up.as_str()) {
                (0, "DROP") => "drop",
                (0, "TRUNCATE") => "truncate",
                (_, "DROP") if first == "ALTER" => "alter-drop",
                _ => "unparsed-destructive",
            };
            let target = if kind == "drop" {
                drop_target(masked)
            } else {
                let after = if kind == "alter-drop" { 1 } else { k + 1 };
                ws.get(after..)
                    .unwrap_or(&[])
                    .iter()
                    .find(|w| {
                        !matches!(
                            w.to_ascii_uppercase().as_str(),
                            "TABLE"
                                | "FROM"
                                | "IF"
                                | "EXISTS"
                                | "DATABASE"
                                | "SCHEMA"
                                | "ONLY"
                                | "WHERE"
                        )
                    })
                    .map_or_else(String::new, |w| w.to_string())
            };
            return Some(Hit {
                kind,
                target: if target.trim().is_empty() {
                    "(unknown)".into()
                } else {
                    target
                },
                note: "",
            });
        }
    }
    None
}

#[cfg(test)]
mod tests;
