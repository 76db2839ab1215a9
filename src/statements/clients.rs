//! Where each database client takes the statements it runs from: which options carry SQL
//! (`psql -c`, `mysql -e`, `clickhouse-client --query`, `cqlsh -e`, `mongosh --eval`), which
//! name files (`-f`, `--file`, `-init`, trailing `.js`), which positionals are statements
//! (`sqlite3 DB SQL...`), and when standard input is read instead. Options are read by hand
//! with each client's own list of options that take a value.

use super::Dialect;
use crate::model::{Invocation, Word};

/// The language a client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Sql(Dialect),
    Mongo,
}

/// One place statements come from, in the order the client runs them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Src {
    Text(String),
    /// Statements that are only known when the command runs (`-c "$SQL"`, xargs input).
    Unknown(String),
    /// A file path as written, and whether it is only known at run time.
    File(String, bool),
    Stdin,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub lang: Lang,
    pub sources: Vec<Src>,
    /// The database named on the command line, for findings.
    pub db: Option<String>,
}

/// An option or a positional, in command-line order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Opt(String, Option<Val>),
    Pos(Val),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Val {
    pub text: String,
    pub dynamic: bool,
    /// Stands for an unknown list of words (xargs input).
    pub many: bool,
}

impl Val {
    fn of(w: &Word) -> Val {
        Val {
            text: w.text.clone(),
            dynamic: w.dynamic,
            many: w.many,
        }
    }
    fn attached(w: &Word, text: &str) -> Val {
        Val {
            text: text.into(),
            ..Val::of(w)
        }
    }
}

/// How a client's options are spelled.
pub(crate) struct OptSpec<'a> {
    /// Options whose value is the next word (or attached: `-cSQL`, `--command=SQL`).
    pub value: &'a [&'a str],
    /// Short options whose value may only be attached (`mysql -pSECRET`).
    pub attached_only: &'a [&'a str],
    /// `-name` is one option (sqlite3), not a cluster of letters.
    pub single_dash: bool,
    /// Everything after the first positional is positional (redis-cli).
    pub stop_at_positional: bool,
}

/// Reads `args` with `spec`.
pub(crate) fn scan(args: &[Word], spec: &OptSpec) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut only_pos = false;
    while i < args.len() {
        let w = &args[i];
        i += 1;
        let t = w.text.as_str();
        if only_pos || !t.starts_with('-') || t == "-" || w.many {
            out.push(Arg::Pos(Val::of(w)));
            only_pos |= spec.stop_at_positional;
            continue;
        }
        if t == "--" {
            only_pos = true;
            continue;
        }
        let long = t.starts_with("--") || spec.single_dash;
        if long {
            let (name, attached) = match t.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (t, None),
            };
            let name = if spec.single_dash && name.starts_with("--") {
                &name[1..]
            } else {
                name
            };
            let value = match attached {
                Some(v) => Some(Val::attached(w, v)),
                None if spec.value.contains(&name) => {
                    i += 1;
                    args.get(i - 1).map(Val::of)
                }
                None => None,
            };
            out.push(Arg::Opt(name.into(), value));
            continue;
        }
        // A cluster of short options: `-Ne`, `-uroot`, `-eSQL`.
        for (k, c) in t.char_indices().skip(1) {
            let name = format!("-{c}");
            let rest = &t[k + c.len_utf8()..];
            if spec.value.contains(&name.as_str()) {
                let value = if rest.is_empty() {
                    i += 1;
                    args.get(i - 1).map(Val::of)
                } else {
                    Some(Val::attached(w, rest))
                };
                out.push(Arg::Opt(name, value));
                break;
            }
            if spec.attached_only.contains(&name.as_str()) {
                let value = (!rest.is_empty()).then(|| Val::attached(w, rest));
                out.push(Arg::Opt(name, value));
                break;
            }
            out.push(Arg::Opt(name, None));
        }
    }
    out
}

/// Statements given as an option value or argument: known text, or unknown when the whole
/// of it comes from a variable, a substitution or xargs input.
fn text(v: &Val) -> Src {
    if v.many || (v.dynamic && v.text.trim_start().starts_with(['$', '`'])) {
        Src::Unknown(format!(
            "(statements in `{}`, unknown before they run)",
            v.text
        ))
    } else {
        Src::Text(v.text.clone())
    }
}

fn positionals(args: &[Arg]) -> impl Iterator<Item = &Val> {
    args.iter().filter_map(|a| match a {
        Arg::Pos(v) => Some(v),
        _ => None,
    })
}

fn opt_value<'a>(args: &'a [Arg], names: &[&str]) -> Option<&'a Val> {
    args.iter().find_map(|a| match a {
        Arg::Opt(n, Some(v)) if names.contains(&n.as_str()) => Some(v),
        _ => None,
    })
}

const PSQL: OptSpec = OptSpec {
    value: &[
        "-c",
        "--command",
        "-f",
        "--file",
        "-d",
        "--dbname",
        "-h",
        "--host",
        "-p",
        "--port",
        "-U",
        "--username",
        "-v",
        "--set",
        "--variable",
        "-o",
        "--output",
        "-P",
        "--pset",
        "-T",
        "--table-attr",
        "-F",
        "--field-separator",
        "-R",
        "--record-separator",
        "-L",
        "--log-file",
    ],
    attached_only: &[],
    single_dash: false,
    stop_at_positional: false,
};

const MYSQL: OptSpec = OptSpec {
    value: &[
        "-e",
        "--execute",
        "-h",
        "--host",
        "-P",
        "--port",
        "-u",
        "--user",
        "-D",
        "--database",
        "-S",
        "--socket",
        "--default-character-set",
        "--login-path",
        "--defaults-file",
        "--defaults-extra-file",
        "--init-command",
        "--protocol",
        "--tee",
        "--ssl-ca",
        "--ssl-cert",
        "--ssl-key",
        "--ssl-mode",
        "--connect-timeout",
        "--max-allowed-packet",
        "--delimiter",
        "--plugin-dir",
        "--default-auth",
        "--bind-address",
        "--character-sets-dir",
    ],
    attached_only: &["-p"],
    single_dash: false,
    stop_at_positional: false,
};

const SQLITE: OptSpec = OptSpec {
    value: &[
        "-cmd",
        "-init",
        "-separator",
        "-newline",
        "-nullvalue",
        "-vfs",
        "-mmap",
        "-maxsize",
        "-heap",
        "-lookaside",
        "-pagecache",
        "-escape",
    ],
    attached_only: &[],
    single_dash: true,
    stop_at_positional: false,
};

const CLICKHOUSE: OptSpec = OptSpec {
    value: &[
        "--query",
        "-q",
        "--host",
        "-h",
        "--port",
        "-d",
        "--database",
        "-u",
        "--user",
        "--password",
        "--format",
        "-f",
        "--config-file",
        "-C",
        "--queries-file",
        "--connection",
        "--log-level",
        "--history_file",
        "--output-format",
        "--input-format",
    ],
    attached_only: &[],
    single_dash: false,
    stop_at_positional: false,
};

const CQLSH: OptSpec = OptSpec {
    value: &[
        "-e",
        "--execute",
        "-f",
        "--file",
        "-u",
        "--username",
        "-p",
        "--password",
        "-k",
        "--keyspace",
        "--cqlshrc",
        "--cqlversion",
        "--encoding",
        "--request-timeout",
        "--connect-timeout",
        "-b",
        "--secure-connect-bundle",
    ],
    attached_only: &[],
    single_dash: false,
    stop_at_positional: false,
};

const MONGO: OptSpec = OptSpec {
    value: &[
        "--eval",
        "--host",
        "--port",
        "-u",
        "--username",
        "--authenticationDatabase",
        "--authenticationMechanism",
        "-f",
        "--file",
        "--tlsCAFile",
        "--tlsCertificateKeyFile",
        "--tlsCRLFile",
        "--sslCAFile",
        "--sslPEMKeyFile",
        "--apiVersion",
        "--gssapiServiceName",
        "--awsAccessKeyId",
        "--awsSecretAccessKey",
        "--awsSessionToken",
        "--keyVaultNamespace",
        "--kmsURL",
    ],
    attached_only: &[],
    single_dash: false,
    stop_at_positional: false,
};

/// Where `inv`'s statements come from, or `None` when it is not a SQL or Mongo client.
pub(crate) fn plan(inv: &Invocation) -> Option<Plan> {
    let args = &inv.args;
    match inv.program.as_str() {
        "psql" => Some(psql(args)),
        "mysql" | "mariadb" => Some(mysql(args)),
        "sqlite3" | "sqlite" => Some(sqlite(args)),
        "clickhouse-client" | "clickhouse-local" => Some(clickhouse(args)),
        "clickhouse" | "ch" => match args.first().map(|w| w.text.as_str()) {
            Some("client" | "local") => Some(clickhouse(&args[1..])),
            _ => None,
        },
        "cqlsh" => Some(cqlsh(args)),
        "mongosh" | "mongo" => Some(mongo(args)),
        _ => None,
    }
}

fn psql(args: &[Word]) -> Plan {
    let a = scan(args, &PSQL);
    let mut sources = Vec::new();
    for arg in &a {
        match arg {
            Arg::Opt(n, Some(v)) if n == "-c" || n == "--command" => sources.push(text(v)),
            Arg::Opt(n, Some(v)) if n == "-f" || n == "--file" => sources.push(if v.text == "-" {
                Src::Stdin
            } else {
                Src::File(v.text.clone(), v.dynamic)
            }),
            _ => {}
        }
    }
    if sources.is_empty() {
        sources.push(Src::Stdin);
    }
    let db = opt_value(&a, &["-d", "--dbname"]).or_else(|| positionals(&a).next());
    Plan {
        lang: Lang::Sql(Dialect::Postgres),
        sources,
        db: db.map(|v| v.text.clone()),
    }
}

fn mysql(args: &[Word]) -> Plan {
    let a = scan(args, &MYSQL);
    let mut sources = Vec::new();
    if let Some(v) = opt_value(&a, &["--init-command"]) {
        sources.push(text(v));
    }
    let mut execute = false;
    for arg in &a {
        if let Arg::Opt(n, Some(v)) = arg {
            if n == "-e" || n == "--execute" {
                sources.push(text(v));
                execute = true;
            }
        }
    }
    if !execute {
        sources.push(Src::Stdin);
    }
    let db = opt_value(&a, &["-D", "--database"]).or_else(|| positionals(&a).next());
    Plan {
        lang: Lang::Sql(Dialect::MySql),
        sources,
        db: db.map(|v| v.text.clone()),
    }
}

fn sqlite(args: &[Word]) -> Plan {
    let a = scan(args, &SQLITE);
    let mut sources = Vec::new();
    if let Some(v) = opt_value(&a, &["-init"]) {
        sources.push(Src::File(v.text.clone(), v.dynamic));
    }
    for arg in &a {
        if let Arg::Opt(n, Some(v)) = arg {
            if n == "-cmd" {
                sources.push(text(v));
            }
        }
    }
    let pos: Vec<&Val> = positionals(&a).collect();
    // Statements given as arguments run instead of standard input.
    if pos.len() > 1 {
        sources.extend(pos[1..].iter().map(|v| text(v)));
    } else {
        sources.push(Src::Stdin);
    }
    Plan {
        lang: Lang::Sql(Dialect::Sqlite),
        sources,
        db: pos.first().map(|v| v.text.clone()),
    }
}

fn clickhouse(args: &[Word]) -> Plan {
    let a = scan(args, &CLICKHOUSE);
    let mut sources = Vec::new();
    for arg in &a {
        match arg {
            Arg::Opt(n, Some(v)) if n == "-q" || n == "--query" => sources.push(text(v)),
            Arg::Opt(n, Some(v)) if n == "--queries-file" => {
                sources.push(Src::File(v.text.clone(), v.dynamic))
            }
            // Newer clients take the query as an argument too; an option value we do not know
            // lands here as well, and parses as nothing.
            Arg::Pos(v) => sources.push(text(v)),
            _ => {}
        }
    }
    // With a query, standard input is data for it, not statements.
    if sources.is_empty() {
        sources.push(Src::Stdin);
    }
    Plan {
        lang: Lang::Sql(Dialect::ClickHouse),
        sources,
        db: opt_value(&a, &["-d", "--database"]).map(|v| v.text.clone()),
    }
}

fn cqlsh(args: &[Word]) -> Plan {
    let a = scan(args, &CQLSH);
    let mut sources = Vec::new();
    for arg in &a {
        match arg {
            Arg::Opt(n, Some(v)) if n == "-e" || n == "--execute" => sources.push(text(v)),
            Arg::Opt(n, Some(v)) if n == "-f" || n == "--file" => {
                sources.push(Src::File(v.text.clone(), v.dynamic))
            }
            _ => {}
        }
    }
    if sources.is_empty() {
        sources.push(Src::Stdin);
    }
    Plan {
        lang: Lang::Sql(Dialect::Cql),
        sources,
        db: opt_value(&a, &["-k", "--keyspace"]).map(|v| v.text.clone()),
    }
}

fn mongo(args: &[Word]) -> Plan {
    let a = scan(args, &MONGO);
    let mut sources = Vec::new();
    let mut db = None;
    for arg in &a {
        match arg {
            Arg::Opt(n, Some(v)) if n == "--eval" => sources.push(text(v)),
            Arg::Opt(n, Some(v)) if n == "-f" || n == "--file" => {
                sources.push(Src::File(v.text.clone(), v.dynamic))
            }
            Arg::Pos(v) if v.text.ends_with(".js") || db.is_some() => {
                sources.push(Src::File(v.text.clone(), v.dynamic))
            }
            Arg::Pos(v) => db = Some(mongo_db(&v.text)),
            _ => {}
        }
    }
    if sources.is_empty() {
        sources.push(Src::Stdin);
    }
    Plan {
        lang: Lang::Mongo,
        sources,
        db,
    }
}

/// The database of a mongosh address: `app`, `host/app`, `mongodb://u@h:1/app?x=y`.
fn mongo_db(addr: &str) -> String {
    let rest = addr.split_once("://").map_or(addr, |(_, r)| r);
    let rest = rest.split('?').next().unwrap_or(rest);
    match rest.split_once('/') {
        Some((_, db)) if !db.is_empty() => db.to_string(),
        Some((host, _)) => host.to_string(),
        None => rest.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<Word> {
        s.iter().map(|t| Word::literal(*t, (0, 0))).collect()
    }

    #[test]
    fn short_clusters_and_attached_values() {
        let a = scan(
            &words(&["-uroot", "-pSECRET", "-Ne", "DROP TABLE x", "shop"]),
            &MYSQL,
        );
        assert_eq!(
            mysql(&words(&[
                "-uroot",
                "-pSECRET",
                "-Ne",
                "DROP TABLE x",
                "shop"
            ]))
            .sources,
            vec![Src::Text("DROP TABLE x".into())]
        );
        assert!(matches!(&a[1], Arg::Opt(n, Some(v)) if n == "-p" && v.text == "SECRET"));
        assert_eq!(
            mysql(&words(&["-eDELETE FROM t"])).sources,
            vec![Src::Text("DELETE FROM t".into())]
        );
        assert_eq!(mysql(&words(&["-p", "shop"])).db.as_deref(), Some("shop"));
    }

    #[test]
    fn psql_sources_in_order_and_stdin_otherwise() {
        let p = psql(&words(&[
            "-c",
            "SELECT 1",
            "-f",
            "x.sql",
            "--command=DROP TABLE t",
            "app",
        ]));
        assert_eq!(
            p.sources,
            vec![
                Src::Text("SELECT 1".into()),
                Src::File("x.sql".into(), false),
                Src::Text("DROP TABLE t".into())
            ]
        );
        assert_eq!(p.db.as_deref(), Some("app"));
        assert_eq!(psql(&words(&["-d", "app"])).sources, vec![Src::Stdin]);
        assert_eq!(psql(&words(&["-f", "-"])).sources, vec![Src::Stdin]);
    }

    #[test]
    fn sqlite_positionals_after_the_database() {
        let p = sqlite(&words(&[
            "-header",
            "-cmd",
            ".mode csv",
            "app.db",
            "DROP TABLE t",
        ]));
        assert_eq!(
            p.sources,
            vec![
                Src::Text(".mode csv".into()),
                Src::Text("DROP TABLE t".into())
            ]
        );
        assert_eq!(sqlite(&words(&["app.db"])).sources, vec![Src::Stdin]);
    }

    #[test]
    fn mongo_address_and_scripts() {
        let p = mongo(&words(&[
            "mongodb://h:27017/app?tls=true",
            "drop.js",
            "--quiet",
        ]));
        assert_eq!(p.db.as_deref(), Some("app"));
        assert_eq!(p.sources, vec![Src::File("drop.js".into(), false)]);
        assert_eq!(mongo_db("app"), "app");
        assert_eq!(mongo_db("localhost/app"), "app");
    }
}
