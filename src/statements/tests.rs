//! End-to-end tests of statement finding: a command line goes through the shell parser and the
//! action model, and each client invocation's statements are classified. Nothing is executed.

use super::{all, find, Found};
use crate::model;

/// The statements found in the invocations of `line`.
fn found(line: &str) -> Vec<Found> {
    model::build(line)
        .invocations
        .iter()
        .filter_map(all)
        .flatten()
        .collect()
}

fn kinds(line: &str) -> Vec<String> {
    found(line).into_iter().map(|f| f.kind).collect()
}

fn holds(line: &str, kind: &str) {
    let k = kinds(line);
    assert!(
        k.iter().any(|x| x == kind),
        "{line}: expected {kind}, got {k:?}"
    );
}

fn passes(line: &str) {
    let k = kinds(line);
    assert!(
        k.is_empty(),
        "{line}: expected nothing, got {:?}",
        found(line)
    );
}

#[test]
fn psql_sources() {
    holds("psql -c 'DROP TABLE users'", "drop");
    holds("psql --command='TRUNCATE t' app", "truncate");
    holds("psql -c 'SELECT 1' -c 'DELETE FROM t'", "delete-all");
    holds("psql app <<< 'DROP TABLE orders'", "drop");
    holds(
        "psql app <<EOF\nBEGIN;\nDELETE FROM users;\nCOMMIT;\nEOF",
        "delete-all",
    );
    holds("echo 'DROP TABLE x;' | psql app", "drop");
    holds("printf 'TRUNCATE a;\\n' | psql", "truncate");
    holds(
        "cat <<'SQL' | psql -d app\nUPDATE t SET a = 1;\nSQL",
        "update-all",
    );
    holds(
        "psql -c \"SELECT 'DROP TABLE ' || tablename FROM pg_tables\" | psql",
        "unparsed-destructive",
    );
    holds("sudo -u postgres psql -c 'DROP DATABASE shop'", "drop");
    holds(
        "docker exec -i db psql -U app -c 'DROP SCHEMA s CASCADE'",
        "drop",
    );
    holds("psql -f \"$MIGRATION\"", "unparsed-destructive");
    holds("psql -c \"$SQL\"", "unparsed-destructive");
    holds(
        "echo 'DROP TABLE x' | xargs psql -c",
        "unparsed-destructive",
    );
    passes("psql \"$DATABASE_URL\" -c 'SELECT 1'");
    passes("psql app");
    passes("psql -c 'SELECT count(*) FROM users'");
    passes("psql -c \"SELECT 'DROP TABLE ' || tablename FROM pg_tables\"");
    passes("psql -f does-not-exist.sql");
    passes("psql app < does-not-exist.sql");
    passes("echo 'DROP TABLE x' | psql -c 'SELECT 1'");
    passes("psql -c '\\dt'");
}

#[test]
fn psql_reads_existing_files() {
    let dir = std::env::temp_dir().join(format!("brake-stmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let drop = dir.join("drop.sql");
    std::fs::write(&drop, "-- cleanup\nDROP TABLE old_orders;\n").unwrap();
    let safe = dir.join("safe.sql");
    std::fs::write(&safe, "CREATE TABLE a (id int);\n").unwrap();
    let f1 = kinds(&format!("psql -f {}", drop.display()));
    let f2 = kinds(&format!("psql app < {}", drop.display()));
    let f3 = kinds(&format!("psql -f {}", safe.display()));
    let f4 = kinds(&format!("cd {} && psql -f drop.sql", dir.display()));
    let f5 = kinds(&format!("mysql shop < {}", drop.display()));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(f1, ["drop"]);
    assert_eq!(f2, ["drop"]);
    assert!(f3.is_empty());
    assert_eq!(f4, ["drop"]);
    assert_eq!(f5, ["drop"]);
}

#[test]
fn files_elsewhere_are_unknown() {
    // The file is on the remote machine or in the container: it cannot be read here.
    holds("ssh db psql -f cleanup.sql", "unparsed-destructive");
    holds(
        "docker exec pg psql -f /tmp/cleanup.sql",
        "unparsed-destructive",
    );
    holds(
        "kubectl exec pg-0 -- psql -f cleanup.sql",
        "unparsed-destructive",
    );
    holds("ssh db 'psql app < cleanup.sql'", "unparsed-destructive");
    // A local redirection feeds the container's client from a local file.
    passes("docker exec -i pg psql app < does-not-exist.sql");
    // Through ssh, the wrapper's standard input reaches the remote client.
    holds("ssh db psql app <<< 'DROP TABLE x'", "drop");
    holds("echo 'FLUSHALL' | ssh cache redis-cli", "flush");
}

#[test]
fn mysql_sources() {
    holds("mysql -u root -e 'DROP DATABASE shop'", "drop");
    holds(
        "mysql -uroot -pSECRET -e'DELETE FROM logs LIMIT 1000' app",
        "delete-all",
    );
    holds("mysql -eDELETE\\ FROM\\ t", "delete-all");
    holds("mysql --execute='TRUNCATE TABLE carts' shop", "truncate");
    holds(
        "mariadb -Ne 'UPDATE accounts SET balance = 0 WHERE true'",
        "update-all",
    );
    holds(
        "mysql shop <<< 'ALTER TABLE orders DROP COLUMN note'",
        "alter-drop",
    );
    holds(
        "mysql --init-command='DELETE FROM t' -e 'SELECT 1'",
        "delete-all",
    );
    passes("mysql -e 'SHOW TABLES' shop");
    passes("mysql -p shop -e 'SELECT * FROM t WHERE id = 1'");
    passes("mysql -e 'DELETE FROM t WHERE id = 3'");
}

#[test]
fn sqlite_sources() {
    holds("sqlite3 app.db 'DROP TABLE sessions'", "drop");
    holds(
        "sqlite3 app.db 'SELECT 1' 'DELETE FROM sessions'",
        "delete-all",
    );
    holds("sqlite3 -cmd 'DELETE FROM t' app.db .tables", "delete-all");
    holds("sqlite3 app.db <<< 'DELETE FROM t'", "delete-all");
    holds("echo 'DROP TABLE t;' | sqlite3 app.db", "drop");
    passes("sqlite3 app.db .tables");
    passes("sqlite3 app.db 'SELECT * FROM sessions'");
    passes("sqlite3 app.db");
    passes("sqlite3 -header -csv app.db 'SELECT 1'");
}

#[test]
fn other_sql_clients() {
    holds("clickhouse-client --query 'DROP TABLE events'", "drop");
    holds("clickhouse-client -q 'TRUNCATE TABLE events'", "truncate");
    holds(
        "clickhouse client --query='ALTER TABLE e DELETE WHERE 1'",
        "delete-all",
    );
    holds("clickhouse-client <<< 'DROP DATABASE logs'", "drop");
    holds("cqlsh -e 'TRUNCATE shop.events'", "truncate");
    holds("cqlsh host 9042 --execute 'DROP KEYSPACE shop'", "drop");
    passes("clickhouse-client --query 'SELECT count() FROM events'");
    passes("clickhouse-client --query 'INSERT INTO t FORMAT CSV' < data.csv");
    passes("cqlsh -e 'SELECT * FROM shop.events LIMIT 1'");
}

#[test]
fn mongo_sources() {
    holds("mongosh app --eval 'db.users.drop()'", "drop");
    holds(
        "mongosh --eval 'db.dropDatabase()' mongodb://localhost/app",
        "drop",
    );
    holds("mongo app --eval 'db.orders.dropIndexes()'", "drop");
    holds(
        "mongosh app --eval 'db.sessions.deleteMany({})'",
        "delete-all",
    );
    holds("mongo app --eval 'db.carts.remove({})'", "delete-all");
    holds(
        "mongosh app --eval 'db.users.updateMany({}, {$set: {plan: \"free\"}})'",
        "update-all",
    );
    holds("mongosh app <<< 'db.users.drop()'", "drop");
    holds("cat script.js | mongosh app", "unparsed-destructive");
    passes("mongosh app --eval 'db.sessions.deleteMany({expired: true})'");
    passes("mongosh app --eval 'db.users.countDocuments()'");
    passes("mongosh app does-not-exist.js");
    passes("mongosh app");
    let f = &found("mongosh --eval 'db.dropDatabase()' mongodb://h/app")[0];
    assert_eq!(f.target, "database app");
}

#[test]
fn redis_sources() {
    holds("redis-cli FLUSHALL", "flush");
    holds("redis-cli -h cache.internal -n 2 flushdb", "flush");
    holds("echo FLUSHALL | redis-cli", "flush");
    holds("redis-cli <<< 'flushall'", "flush");
    holds(
        "redis-cli --scan --pattern 'session:*' | xargs redis-cli DEL",
        "mass-delete",
    );
    holds(
        "redis-cli KEYS 'user:*' | xargs redis-cli unlink",
        "mass-delete",
    );
    holds("redis-cli DEL $(redis-cli KEYS 'tmp:*')", "mass-delete");
    holds(
        "redis-cli --scan --pattern 'x*' | while read k; do redis-cli del \"$k\"; done",
        "mass-delete",
    );
    passes("redis-cli DEL \"session:$ID\"");
    holds("redis-cli DEL a b c d e f g h i j k", "mass-delete");
    holds("redis-cli --cluster call 127.0.0.1:7000 FLUSHALL", "flush");
    holds(
        "redis-cli EVAL \"return redis.call('del', unpack(redis.call('keys', ARGV[1])))\" 0 'x*'",
        "mass-delete",
    );
    holds("cat cmds.txt | redis-cli", "unparsed-destructive");
    holds("cat cmds.txt | xargs -L1 redis-cli", "unparsed-destructive");
    passes("redis-cli DBSIZE");
    passes("redis-cli DEL session:42");
    passes("redis-cli --scan --pattern 'session:*'");
    passes("redis-cli -n 2 GET flushall");
    passes("redis-cli");
    let f = &found("redis-cli -h cache.internal -n 2 flushdb")[0];
    assert_eq!(f.target, "database 2 on cache.internal");
    assert_eq!(
        found("redis-cli -h c FLUSHALL")[0].target,
        "every database on c"
    );
}

#[test]
fn find_picks_the_asked_kind() {
    let inv = &model::build("psql -c 'SELECT 1; TRUNCATE a; DROP TABLE b'").invocations[0];
    let f = find(inv, &["drop".into()]).unwrap();
    assert_eq!((f.kind.as_str(), f.target.as_str()), ("drop", "table b"));
    assert!(f.statement.starts_with("DROP TABLE b"));
    assert!(find(inv, &["delete-all".into()]).is_none());
    let ls = &model::build("ls -la").invocations[0];
    assert!(find(ls, &["drop".into()]).is_none());
}

#[test]
fn random_client_lines_never_panic() {
    let programs = [
        "psql",
        "mysql",
        "sqlite3",
        "clickhouse-client",
        "cqlsh",
        "mongosh",
        "redis-cli",
    ];
    let parts = [
        "-c",
        "-e",
        "-f",
        "--eval",
        "-q",
        "--query",
        "-cmd",
        "-init",
        "--",
        "-",
        "-eDROP",
        "'DROP TABLE x'",
        "'db.x.drop()'",
        "FLUSHALL",
        "DEL",
        "a",
        "--scan",
        "--cluster",
        "call",
        "-u",
        "redis://h/1",
        "<<<",
        "'SELECT 1'",
        "x.js",
        "-n",
        "--file=",
        "-pX",
        "\"$X\"",
        "$(ls)",
        "'\\i x'",
        "'.read x'",
        "'/*!'",
        "-x",
        "--pattern",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut line = programs[(seed % programs.len() as u64) as usize].to_string();
        for _ in 0..(seed % 7) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            line.push(' ');
            line.push_str(parts[(seed % parts.len() as u64) as usize]);
        }
        let _ = found(&line);
    }
}

#[test]
fn deep_trees_do_not_overflow_the_stack() {
    // Just under the inline limit (parsed on the test thread's 2 MiB stack) and just under the
    // statement cap (parsed on the big-stack thread), each nests as deep as its length allows.
    for cap in [1000, crate::limits::MAX_SQL_STATEMENT_BYTES - 100] {
        for sql in [
            format!("SELECT 1{}", "+1".repeat(cap / 2)),
            format!("DELETE FROM t WHERE a{}", "::int".repeat(cap / 5)),
            format!("DELETE FROM t WHERE a{}", "[1]".repeat(cap / 3)),
            format!("DELETE FROM t WHERE {}", vec!["a=1"; cap / 7].join(" OR ")),
        ] {
            let sql: String = sql.chars().take(cap).collect();
            let inv = model::build(&format!("psql <<< '{sql}'"))
                .invocations
                .remove(0);
            assert!(all(&inv).is_some());
        }
    }
}

#[test]
fn cost_per_statement() {
    // A rough timing, printed for the record (`cargo test -- --nocapture cost_per`); the only
    // assertion is a generous bound that catches a pathological slowdown.
    let stmts = [
        "SELECT id, name FROM users WHERE created_at > now() - interval '1 day' ORDER BY id",
        "DELETE FROM sessions WHERE expires_at < now()",
        "UPDATE accounts SET balance = balance - 10 WHERE id = 42",
        "DROP TABLE IF EXISTS tmp_import CASCADE",
    ];
    let text = stmts.join(";\n").repeat(50);
    let n = stmts.len() * 50;
    let line = format!("psql app <<'EOF'\n{text}\nEOF");
    let model = model::build(&line);
    let inv = &model.invocations[0];
    let runs = 20;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        super::LAST.with(|l| *l.borrow_mut() = None);
        assert!(all(inv).is_some());
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (runs * n) as f64;
    println!("statement analysis: {per:.1} µs per statement ({n} statements, {runs} runs)");
    assert!(per < 2_000.0, "{per} µs per statement");

    // One short statement: the fixed cost (thread, split, parse) of one client invocation.
    for line in [
        "psql -c 'SELECT 1'",
        "psql -c 'DROP TABLE users'",
        "redis-cli FLUSHALL",
    ] {
        let model = model::build(line);
        let inv = &model.invocations[0];
        let runs = 500;
        let start = std::time::Instant::now();
        for _ in 0..runs {
            super::LAST.with(|l| *l.borrow_mut() = None);
            assert!(all(inv).is_some());
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / runs as f64;
        println!("{line}: {per:.1} µs per invocation");
    }
}
