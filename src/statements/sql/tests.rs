//! Unit tests of SQL classification: every kind, and the near-misses that must pass.

use super::super::{Ctx, Dialect, Found};
use super::analyse;
use crate::model::Invocation;

fn inv() -> Invocation {
    Invocation::plain("psql", &[])
}

fn run(sql: &str, d: Dialect) -> Vec<Found> {
    let inv = inv();
    let mut ctx = Ctx::new(&inv);
    analyse(sql, d, &mut ctx);
    ctx.finish()
}

fn kinds_in(sql: &str, d: Dialect) -> Vec<String> {
    run(sql, d).into_iter().map(|f| f.kind).collect()
}

fn kinds(sql: &str) -> Vec<String> {
    kinds_in(sql, Dialect::Postgres)
}

fn kind(sql: &str) -> String {
    let k = kinds(sql);
    assert_eq!(k.len(), 1, "{sql}: {k:?}");
    k[0].clone()
}

#[test]
fn drop_of_anything() {
    for s in [
        "DROP TABLE users",
        "drop table if exists users cascade",
        "DROP DATABASE shop",
        "DROP SCHEMA public CASCADE",
        "DROP INDEX CONCURRENTLY idx_a",
        "DROP VIEW v",
        "DROP MATERIALIZED VIEW mv",
        "DROP FUNCTION f(int)",
        "DROP TRIGGER t ON a",
        "DROP EXTENSION postgis",
        "DROP SEQUENCE s",
        "DROP ROLE bob",
        "DROP TYPE mood",
        "DROP POLICY p ON t",
        "DROP OWNED BY bob",
    ] {
        assert_eq!(kind(s), "drop", "{s}");
    }
    let f = &run("DROP TABLE a, b", Dialect::Postgres)[0];
    assert_eq!(f.target, "table a, b");
    assert_eq!(
        run("DROP DATABASE shop", Dialect::MySql)[0].target,
        "database shop"
    );
    assert_eq!(kinds_in("DROP TABLE t", Dialect::Sqlite), ["drop"]);
    assert_eq!(
        kinds_in("DROP TABLE db.t ON CLUSTER c", Dialect::ClickHouse),
        ["drop"]
    );
    assert_eq!(kinds_in("DROP KEYSPACE shop", Dialect::Cql), ["drop"]);
    assert_eq!(kinds_in("DROP INDEX i ON t", Dialect::MySql), ["drop"]);
    assert_eq!(
        kinds_in("CREATE OR REPLACE TABLE t (a int)", Dialect::MySql),
        ["drop"]
    );
}

#[test]
fn truncate() {
    assert_eq!(kind("TRUNCATE orders CASCADE"), "truncate");
    assert_eq!(kind("truncate table a, b"), "truncate");
    assert_eq!(
        kinds_in("TRUNCATE TABLE carts", Dialect::MySql),
        ["truncate"]
    );
    assert_eq!(kinds_in("TRUNCATE shop.events", Dialect::Cql), ["truncate"]);
    assert_eq!(
        run("TRUNCATE orders", Dialect::Postgres)[0].target,
        "orders"
    );
}

#[test]
fn delete_without_a_real_where() {
    for s in [
        "DELETE FROM users",
        "delete from users;",
        "DELETE FROM users WHERE 1=1",
        "DELETE FROM users WHERE 1 = 1",
        "DELETE FROM users WHERE true",
        "DELETE FROM users WHERE 'a'='a'",
        "DELETE FROM users WHERE 1",
        "DELETE FROM users WHERE id = id",
        "DELETE FROM users WHERE id = 5 OR 1=1",
        "DELETE FROM users WHERE (1=1)",
        "DELETE FROM users WHERE NOT false",
        "DELETE FROM users WHERE 2 > 1",
        "DELETE FROM users WHERE name LIKE '%'",
        "DELETE FROM users WHERE 1 IS NOT NULL",
        "DELETE FROM users WHERE NULL IS NULL",
        "DELETE FROM users -- WHERE id = 5",
        "DELETE FROM users /* WHERE id = 5 */",
        "DELETE FROM users AS u",
        "DELETE FROM ONLY users",
    ] {
        assert_eq!(kind(s), "delete-all", "{s}");
    }
    assert_eq!(
        kinds_in("DELETE FROM logs LIMIT 1000", Dialect::MySql),
        ["delete-all"]
    );
    assert_eq!(
        kinds_in("DELETE FROM logs # WHERE id=1", Dialect::MySql),
        ["delete-all"]
    );
    assert_eq!(
        kinds_in("DELETE FROM sessions", Dialect::Sqlite),
        ["delete-all"]
    );
    assert_eq!(kinds_in("DELETE FROM ks.t", Dialect::Cql), ["delete-all"]);
    let f = &run("DELETE FROM users -- WHERE id = 5", Dialect::Postgres)[0];
    assert!(f.statement.contains("WHERE commented out"), "{f:?}");
    assert_eq!(f.target, "users");
    let f = &run("DELETE FROM logs ORDER BY id LIMIT 10", Dialect::MySql)[0];
    assert!(f.statement.contains("only a LIMIT"), "{f:?}");
}

#[test]
fn real_where_passes() {
    for s in [
        "DELETE FROM users WHERE id = 5",
        "DELETE FROM users WHERE id = 5 AND 1=1",
        "DELETE FROM users WHERE created_at < now() - interval '30 days'",
        "DELETE FROM users WHERE 1=0",
        "DELETE FROM users WHERE false OR id = 3",
        "DELETE FROM users WHERE id IN (SELECT user_id FROM bans)",
        "DELETE FROM users\n-- keep the admins\nWHERE role <> 'admin'",
        "DELETE FROM t USING u WHERE t.id = u.id",
        "UPDATE users SET a = 1 WHERE id = 7",
        "UPDATE users SET name = 'DROP TABLE x' WHERE id = 1",
    ] {
        assert!(kinds(s).is_empty(), "{s}: {:?}", kinds(s));
    }
    assert!(kinds_in(
        "DELETE t1 FROM t1 INNER JOIN t2 ON t1.id = t2.id",
        Dialect::MySql
    )
    .is_empty());
    assert!(kinds_in("DELETE FROM logs WHERE id < 10 LIMIT 5", Dialect::MySql).is_empty());
}

#[test]
fn update_without_a_real_where() {
    assert_eq!(
        kind("UPDATE users SET email = 'x@example.com'"),
        "update-all"
    );
    assert_eq!(kind("UPDATE users SET a = 1 WHERE 1=1"), "update-all");
    assert_eq!(kind("update users set a = 1 where TRUE"), "update-all");
    assert_eq!(kind("UPDATE users SET a = 1 -- WHERE id = 3"), "update-all");
    assert_eq!(
        kinds_in("UPDATE accounts SET balance = 0 LIMIT 10", Dialect::MySql),
        ["update-all"]
    );
    assert_eq!(
        kinds_in("UPDATE t SET a = 1 WHERE 'x' = 'x'", Dialect::Sqlite),
        ["update-all"]
    );
    assert_eq!(
        run("UPDATE users SET a = 1", Dialect::Postgres)[0].target,
        "users"
    );
}

#[test]
fn alter_drop() {
    assert_eq!(kind("ALTER TABLE users DROP COLUMN email"), "alter-drop");
    assert_eq!(kind("ALTER TABLE users DROP CONSTRAINT fk_a"), "alter-drop");
    assert_eq!(
        kind("alter table users add column a int, drop column b"),
        "alter-drop"
    );
    assert_eq!(
        kinds_in("ALTER TABLE orders DROP PARTITION p2019", Dialect::MySql),
        ["alter-drop"]
    );
    assert_eq!(
        kinds_in("ALTER TABLE t DROP COLUMN c", Dialect::Sqlite),
        ["alter-drop"]
    );
    assert!(
        run("ALTER TABLE users DROP COLUMN email", Dialect::Postgres)[0]
            .target
            .starts_with("users")
    );
    assert!(kinds("ALTER TABLE users ADD COLUMN nickname text").is_empty());
    assert!(kinds("ALTER TABLE users RENAME TO people").is_empty());
}

#[test]
fn explain_analyze_runs_the_statement() {
    assert_eq!(kind("EXPLAIN ANALYZE DELETE FROM users"), "delete-all");
    assert_eq!(
        kind("EXPLAIN (ANALYZE, BUFFERS) DELETE FROM users"),
        "delete-all"
    );
    assert_eq!(kind("EXPLAIN ANALYZE UPDATE t SET a = 1"), "update-all");
    assert!(kinds("EXPLAIN DELETE FROM users").is_empty());
    assert!(kinds("EXPLAIN (ANALYZE false) DELETE FROM users").is_empty());
    assert!(kinds("EXPLAIN ANALYZE DELETE FROM users WHERE id = 1").is_empty());
    assert!(kinds_in("EXPLAIN QUERY PLAN DELETE FROM t", Dialect::Sqlite).is_empty());
}

#[test]
fn writable_ctes() {
    assert_eq!(
        kind("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x"),
        "delete-all"
    );
    assert_eq!(
        kind("WITH d AS (DELETE FROM t RETURNING *) INSERT INTO archive SELECT * FROM d"),
        "delete-all"
    );
    assert_eq!(
        kind("WITH u AS (UPDATE t SET a = 1 RETURNING id) SELECT count(*) FROM u"),
        "update-all"
    );
    assert!(kinds("WITH x AS (DELETE FROM t WHERE id = 1 RETURNING *) SELECT * FROM x").is_empty());
}

#[test]
fn text_that_only_mentions_drop_passes() {
    for s in [
        "SELECT 'DROP TABLE ' || tablename FROM pg_tables",
        "SELECT count(*) FROM users",
        "SELECT 1; -- DROP TABLE users",
        "/* TRUNCATE orders */ SELECT 1",
        "INSERT INTO log (msg) VALUES ('DELETE FROM users')",
        "SELECT $$DROP TABLE x$$",
        "SELECT * FROM orders FOR UPDATE",
        "CREATE TABLE a (id int REFERENCES b ON DELETE CASCADE)",
        "SHOW TABLES",
        "COMMENT ON TABLE t IS 'drop me later'",
        "",
        "   ;;  ",
    ] {
        assert!(kinds(s).is_empty(), "{s}: {:?}", kinds(s));
    }
    assert!(kinds_in("SELECT \"DROP TABLE x\"", Dialect::MySql).is_empty());
    assert!(kinds_in("SHOW TABLES; DESCRIBE users", Dialect::MySql).is_empty());
}

#[test]
fn several_statements_all_count() {
    assert_eq!(
        kinds("SELECT 1; DROP TABLE a; TRUNCATE b; DELETE FROM c"),
        ["drop", "truncate", "delete-all"]
    );
    assert_eq!(kinds("BEGIN; DELETE FROM users; COMMIT;"), ["delete-all"]);
}

#[test]
fn rolled_back_row_changes_do_not_count() {
    assert!(kinds("BEGIN; DELETE FROM users; ROLLBACK;").is_empty());
    assert!(kinds("BEGIN; UPDATE t SET a = 1; ROLLBACK").is_empty());
    assert_eq!(kinds("BEGIN; DROP TABLE t; ROLLBACK;"), ["drop"]);
    assert_eq!(kinds("BEGIN; DELETE FROM users;"), ["delete-all"]);
    // MySQL commits before DDL: the DELETE is kept although a ROLLBACK follows.
    assert_eq!(
        kinds_in(
            "START TRANSACTION; DELETE FROM t; CREATE TABLE x (a int); ROLLBACK;",
            Dialect::MySql
        ),
        ["delete-all"]
    );
}

#[test]
fn unparsed_sql_holds_on_doubt() {
    assert_eq!(kind("DELETE FROM WHERE id = 1"), "unparsed-destructive");
    assert_eq!(kind("DROP TABLE"), "drop");
    assert_eq!(kind("SELEC 1; UPDAT x; TRUNCATE"), "truncate");
    assert!(kinds("SELEC * FROM users").is_empty());
    assert!(kinds("SELEC 'DROP TABLE x'").is_empty());
    let f = &run("DELETE FROM WHERE id = 1", Dialect::Postgres)[0];
    assert!(f.statement.contains("does not parse"), "{f:?}");
    // A code block runs now: its body is read too.
    assert_eq!(
        kind("DO $$ BEGIN EXECUTE 'DROP TABLE ' || 'x'; END $$"),
        "unparsed-destructive"
    );
    assert!(kinds("DO $$ BEGIN RAISE NOTICE 'hi'; END $$").is_empty());
}

#[test]
fn mysql_executable_comments_run() {
    assert_eq!(
        kinds_in("/*!40101 DROP TABLE x */;", Dialect::MySql),
        ["drop"]
    );
    assert!(kinds_in("/*!40101 SET NAMES utf8 */;", Dialect::MySql).is_empty());
}

#[test]
fn clickhouse_mutations() {
    let ch = |s| kinds_in(s, Dialect::ClickHouse);
    assert_eq!(ch("ALTER TABLE events DELETE WHERE 1"), ["delete-all"]);
    assert!(ch("ALTER TABLE events DELETE WHERE ts < '2020-01-01'").is_empty());
    assert_eq!(
        ch("ALTER TABLE events UPDATE a = 1 WHERE 1=1"),
        ["update-all"]
    );
    assert_eq!(
        ch("ALTER TABLE events DROP PARTITION 202001"),
        ["alter-drop"]
    );
    assert!(ch("SYSTEM DROP DNS CACHE").is_empty());
}

#[test]
fn cql_clauses_the_parser_lacks() {
    let c = |s| kinds_in(s, Dialect::Cql);
    assert!(c("DELETE FROM ks.t WHERE id = 1 IF EXISTS").is_empty());
    assert!(c("UPDATE ks.t USING TTL 60 SET a = 1 WHERE id = 1").is_empty());
    assert!(c("DELETE FROM ks.t USING TIMESTAMP 123 WHERE id = 1").is_empty());
    assert!(c("UPDATE ks.t SET a = 1 WHERE id = 1 IF a = 0").is_empty());
    assert!(c("INSERT INTO ks.t (id) VALUES (1) IF NOT EXISTS").is_empty());
    assert_eq!(c("DELETE FROM ks.t IF EXISTS"), ["delete-all"]);
    assert_eq!(c("UPDATE ks.t USING TTL 5 SET a = 1"), ["update-all"]);
}

#[test]
fn psql_meta_commands() {
    assert!(kinds("\\dt\n\\x on\nSELECT 1;").is_empty());
    assert_eq!(
        kinds("SELECT 'DROP TABLE ' || tablename FROM pg_tables \\gexec"),
        ["drop"]
    );
    assert_eq!(kinds("\\! rm -rf /tmp/x"), ["unparsed-destructive"]);
    assert!(kinds("\\! ls").is_empty());
    assert!(kinds("\\i /nonexistent/brake-test.sql").is_empty());
    assert!(kinds("\\").is_empty());
    assert_eq!(kinds("DELETE FROM t \\g"), ["delete-all"]);
    assert!(kinds("DELETE FROM t \\r").is_empty());
}

#[test]
fn sqlite_dot_commands_and_triggers() {
    let s = |q| kinds_in(q, Dialect::Sqlite);
    assert!(s(".tables\n.schema users").is_empty());
    assert_eq!(s(".shell rm -rf data"), ["unparsed-destructive"]);
    assert_eq!(s(".headers on\nDROP TABLE t;"), ["drop"]);
}

#[test]
fn include_files_are_read() {
    let dir = std::env::temp_dir().join(format!("brake-sql-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("inner.sql");
    std::fs::write(&f, "SELECT 1;\nDROP TABLE inner_t;\n").unwrap();
    let k = kinds(&format!("\\i {}", f.display()));
    let m = kinds_in(&format!("source {};", f.display()), Dialect::MySql);
    // A file including itself stops at the depth limit.
    let me = dir.join("me.sql");
    std::fs::write(&me, format!("\\i {}\n", me.display())).unwrap();
    let deep = kinds(&format!("\\i {}", me.display()));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(k, ["drop"]);
    assert_eq!(m, ["drop"]);
    assert_eq!(deep, ["unparsed-destructive"]);
}

#[test]
fn statement_text_is_shortened() {
    let long = format!(
        "DELETE FROM users WHERE 1=1 AND {}",
        "1=1 AND ".repeat(40) + "1=1"
    );
    let f = &run(&long, Dialect::Postgres)[0];
    assert!(f.statement.chars().count() <= 110, "{}", f.statement);
    assert!(f.statement.starts_with("DELETE FROM users"));
}

#[test]
fn deep_nesting_and_big_input_are_bounded() {
    let deep = format!("SELECT {}1{}", "(".repeat(5000), ")".repeat(5000));
    assert!(kinds(&deep).is_empty());
    let deep_delete = format!(
        "DELETE FROM t WHERE {}1{}",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    assert_eq!(kinds(&deep_delete), ["unparsed-destructive"]);
    let many = "SELECT 1;".repeat(crate::limits::MAX_SQL_STATEMENTS + 10) + "DROP TABLE late;";
    let k = kinds(&many);
    assert_eq!(
        k,
        ["unparsed-destructive"],
        "past the cap the keyword scan still sees it"
    );
}

#[test]
fn long_statements_get_the_keyword_scan_only() {
    let chain = vec!["a = 1"; 20_000].join(" OR ");
    let f = run(&format!("DELETE FROM t WHERE {chain}"), Dialect::Postgres);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, "unparsed-destructive");
    assert!(f[0].statement.contains("not parsed"), "{:?}", f[0]);
    let values = vec!["(1, 'DROP TABLE x')"; 10_000].join(", ");
    assert!(kinds(&format!("INSERT INTO t VALUES {values}")).is_empty());
}

#[test]
fn random_input_never_panics() {
    // A fixed-seed generator over SQL-ish fragments: no panic, no hang.
    let parts = [
        "DROP",
        "DELETE",
        "FROM",
        "WHERE",
        "'",
        "\"",
        "$$",
        "$a$",
        "/*",
        "*/",
        "--",
        "\n",
        ";",
        "(",
        ")",
        "\\",
        "\\g",
        "1=1",
        "`",
        "#",
        "/*!",
        "WITH",
        "x",
        "AS",
        "EXPLAIN",
        "ANALYZE",
        "é",
        "UPDATE",
        "SET",
        ".read",
        "DELIMITER",
        "BEGIN",
        "END",
        "ROLLBACK",
        "E'",
        "\\'",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..400 {
        let mut s = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(parts[(seed % parts.len() as u64) as usize]);
            s.push(' ');
        }
        for d in [
            Dialect::Postgres,
            Dialect::MySql,
            Dialect::Sqlite,
            Dialect::ClickHouse,
            Dialect::Cql,
        ] {
            let _ = run(&s, d);
        }
    }
}
