//! Splitting SQL text into statements the way the client does, before anything is parsed:
//! quotes, comments, PostgreSQL dollar quoting, MySQL `/*! ... */` comments (which MySQL
//! executes), `DELIMITER`, SQLite trigger bodies, and the commands the client itself runs
//! (psql `\i file`, `\!`, `\gexec`; mysql `source`, `system`, `\G`, `\c`; sqlite3 dot-commands).
//! Linear in the input; past the statement cap the rest becomes one piece for a keyword scan.

use super::Dialect;

/// One statement, in three forms.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Stmt {
    /// As written, trimmed.
    pub raw: String,
    /// Comments blanked, string literals kept, MySQL `/*!` markers removed: what the parser sees.
    pub code: String,
    /// `code` with the contents of string literals and quoted identifiers blanked too: for
    /// keyword scans.
    pub masked: String,
    /// The contents of the string literals, space-separated.
    pub literals: String,
    /// A comment in the statement mentions `WHERE`.
    pub commented_where: bool,
    /// psql `\gexec`: every value the statement returns is run as SQL.
    pub gexec: bool,
}

/// A piece of the input, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Sql(Stmt),
    /// A client command: `name` is `include` (psql `\i`, mysql `source`, sqlite3 `.read`),
    /// `shell` (psql `\!`, mysql `system`, sqlite3 `.shell`/`.system`) or another name, which
    /// is ignored; `arg` is the rest of its line.
    Command {
        name: String,
        arg: String,
    },
    /// Everything past the statement cap, for a keyword scan only.
    Rest(Stmt),
}

#[derive(Default)]
struct Builder {
    raw: String,
    code: String,
    masked: String,
    literals: String,
    commented_where: bool,
    /// Something other than whitespace and comments was seen.
    nonblank: bool,
}

impl Builder {
    fn blank(&self) -> bool {
        !self.nonblank
    }
    fn both(&mut self, s: &str) {
        self.nonblank |= !s.trim().is_empty();
        self.raw.push_str(s);
        self.code.push_str(s);
        self.masked.push_str(s);
    }
    /// Text kept for the parser but blanked for keyword scans (string contents).
    fn quoted(&mut self, s: &str, literal: bool) {
        self.nonblank = true;
        self.raw.push_str(s);
        self.code.push_str(s);
        self.masked.extend(s.chars().map(blank_char));
        if literal {
            self.literals.push_str(s);
            self.literals.push(' ');
        }
    }
    /// Text blanked for the parser too (comments, `/*!` markers).
    fn hidden(&mut self, s: &str, comment: bool) {
        self.raw.push_str(s);
        let b: String = s.chars().map(blank_char).collect();
        self.code.push_str(&b);
        self.masked.push_str(&b);
        if comment && contains_word(s, "where") {
            self.commented_where = true;
        }
    }
    fn take(&mut self) -> Stmt {
        let b = std::mem::take(self);
        Stmt {
            raw: b.raw.trim().to_string(),
            code: b.code,
            masked: b.masked,
            literals: b.literals,
            commented_where: b.commented_where,
            gexec: false,
        }
    }
}

fn blank_char(c: char) -> char {
    if c == '\n' {
        '\n'
    } else {
        ' '
    }
}

/// Words of SQL text: runs of letters, digits and `_`.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Does `text` contain `word` as a whole word, ignoring case?
pub(crate) fn contains_word(text: &str, word: &str) -> bool {
    words(text).any(|w| w.eq_ignore_ascii_case(word))
}

/// The end (exclusive) of the line starting at `i`, without its newline.
fn line_end(text: &str, i: usize) -> usize {
    text[i..].find('\n').map_or(text.len(), |n| i + n)
}

/// Splits `text` as `dialect`'s client would. At most `cap` statements; the rest is one
/// [`Piece::Rest`].
pub(crate) fn split(text: &str, dialect: Dialect, cap: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut cur = Builder::default();
    let mut count = 0usize;
    let mut delim = ";".to_string();
    let mut in_exec_comment = false;
    let mut i = 0;
    let over = |count: usize| count >= cap;
    macro_rules! finish {
        ($gexec:expr) => {{
            if !cur.blank() {
                let mut s = cur.take();
                s.gexec = $gexec;
                out.push(Piece::Sql(s));
                count += 1;
            } else {
                cur = Builder::default();
            }
        }};
    }
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        // Client commands are whole lines at the start of a statement.
        if cur.blank() && !over(count) && (i == 0 || text.as_bytes()[i - 1] == b'\n') {
            let line = &text[i..line_end(text, i)];
            if let Some((name, arg)) = client_command(line.trim_start(), dialect) {
                if name == "delimiter" {
                    if let Some(d) = arg.split_whitespace().next() {
                        delim = d.to_string();
                    }
                } else {
                    out.push(Piece::Command {
                        name: name.into(),
                        arg: arg.trim().trim_end_matches(';').trim().to_string(),
                    });
                }
                cur = Builder::default();
                i += line.len();
                continue;
            }
        }
        if !over(count) && rest.starts_with(delim.as_str()) && !open_trigger(&cur, dialect) {
            i += delim.len();
            finish!(false);
            continue;
        }
        match c {
            '\'' => {
                let escapes = match dialect {
                    Dialect::MySql | Dialect::ClickHouse => true,
                    Dialect::Postgres => cur.code.ends_with(['E', 'e']),
                    _ => false,
                };
                let end = quote_end(text, i, '\'', escapes);
                cur.both("'");
                let inner_end = if end > i + 1 && text[..end].ends_with('\'') {
                    end - 1
                } else {
                    end
                };
                cur.quoted(&text[i + 1..inner_end], true);
                cur.both(&text[inner_end..end]);
                i = end;
            }
            '"' | '`' => {
                let string = c == '"' && matches!(dialect, Dialect::MySql);
                let end = quote_end(text, i, c, string);
                let q = c.to_string();
                cur.both(&q);
                let inner_end = if end > i + 1 && text[..end].ends_with(c) {
                    end - 1
                } else {
                    end
                };
                cur.quoted(&text[i + 1..inner_end], string);
                cur.both(&text[inner_end..end]);
                i = end;
            }
            '$' if dialect == Dialect::Postgres => match dollar_tag(rest) {
                Some(tag) => {
                    let body_start = i + tag.len();
                    let body_end = text[body_start..]
                        .find(tag)
                        .map_or(text.len(), |n| body_start + n);
                    let end = (body_end + tag.len()).min(text.len());
                    cur.both(tag);
                    cur.quoted(&text[body_start..body_end], true);
                    cur.both(&text[body_end..end]);
                    i = end;
                }
                None => {
                    cur.both("$");
                    i += 1;
                }
            },
            '-' if rest.starts_with("--") => {
                let end = line_end(text, i);
                cur.hidden(&text[i..end], true);
                i = end;
            }
            '#' if dialect == Dialect::MySql => {
                let end = line_end(text, i);
                cur.hidden(&text[i..end], true);
                i = end;
            }
            '/' if dialect == Dialect::Cql && rest.starts_with("//") => {
                let end = line_end(text, i);
                cur.hidden(&text[i..end], true);
                i = end;
            }
            '/' if rest.starts_with("/*") => {
                let exec = dialect == Dialect::MySql
                    && (rest.starts_with("/*!") || rest.starts_with("/*M!"));
                if exec {
                    // MySQL runs what is inside: drop the marker and its version number.
                    let marker = rest.find('!').unwrap_or(2) + 1;
                    let digits = rest[marker..]
                        .chars()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    cur.hidden(&rest[..marker + digits], false);
                    in_exec_comment = true;
                    i += marker + digits;
                } else {
                    let end = block_comment_end(text, i, dialect == Dialect::Postgres);
                    cur.hidden(&text[i..end], true);
                    i = end;
                }
            }
            '*' if in_exec_comment && rest.starts_with("*/") => {
                cur.hidden("*/", false);
                in_exec_comment = false;
                i += 2;
            }
            '\\' if dialect == Dialect::Postgres => {
                // A psql meta-command runs to the end of the line (or to `\\`).
                let end = line_end(text, i);
                let line = &text[i + 1..end];
                let line = line.split("\\\\").next().unwrap_or(line);
                let name: String = line.chars().take_while(|c| !c.is_whitespace()).collect();
                let arg = line[name.len()..].trim().to_string();
                cur.raw.push_str(&text[i..end]);
                i = end;
                match name.as_str() {
                    "g" | "gx" | "gset" | "gdesc" | "crosstabview" | "watch" | ";" => {
                        finish!(false)
                    }
                    "gexec" => finish!(true),
                    "r" | "reset" => cur = Builder::default(),
                    _ => out.push(Piece::Command {
                        name: meta_name(&name).into(),
                        arg,
                    }),
                }
            }
            '\\' if dialect == Dialect::MySql => {
                let next = rest[1..].chars().next().unwrap_or(' ');
                i += 1 + next.len_utf8();
                match next {
                    'g' | 'G' => finish!(false),
                    // `\c` clears the statement typed so far: it never runs.
                    'c' => cur = Builder::default(),
                    _ => {}
                }
            }
            _ => {
                let n = c.len_utf8();
                cur.both(&rest[..n]);
                i += n;
            }
        }
    }
    if !cur.blank() {
        let s = cur.take();
        out.push(if over(count) {
            Piece::Rest(s)
        } else {
            Piece::Sql(s)
        });
    }
    out
}

fn meta_name(name: &str) -> &'static str {
    match name {
        "i" | "ir" | "include" | "include_relative" => "include",
        "!" => "shell",
        _ => "other",
    }
}

/// A client command line at the start of a statement: (`include`/`shell`/`delimiter`/`other`,
/// argument).
fn client_command(line: &str, dialect: Dialect) -> Option<(&'static str, &str)> {
    let (first, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    match dialect {
        Dialect::MySql => {
            let name = match first.to_ascii_lowercase().as_str() {
                "delimiter" => "delimiter",
                "source" | "\\." => "include",
                "system" | "\\!" => "shell",
                _ => return None,
            };
            Some((name, arg))
        }
        Dialect::Sqlite if first.starts_with('.') && first.len() > 1 => {
            let name = match &first[1..] {
                "read" => "include",
                "shell" | "system" => "shell",
                _ => "other",
            };
            Some((name, arg))
        }
        Dialect::Cql if first.eq_ignore_ascii_case("source") => {
            Some(("include", arg.trim().trim_matches('\'')))
        }
        _ => None,
    }
}

/// Byte index just past the closing `q` of the quoted text starting at `start`, or the end.
fn quote_end(text: &str, start: usize, q: char, backslash: bool) -> usize {
    let mut it = text[start + 1..].char_indices();
    while let Some((k, c)) = it.next() {
        if backslash && c == '\\' {
            it.next();
        } else if c == q {
            let after = start + 1 + k + 1;
            if text[after..].starts_with(q) {
                it.next(); // doubled quote
            } else {
                return after;
            }
        }
    }
    text.len()
}

/// `$tag$` or `$$` at the start of `rest`.
fn dollar_tag(rest: &str) -> Option<&str> {
    let body = &rest[1..];
    let n = body
        .char_indices()
        .take_while(|&(k, c)| c == '_' || c.is_alphabetic() || (k > 0 && c.is_ascii_digit()))
        .map(|(k, c)| k + c.len_utf8())
        .last()
        .unwrap_or(0);
    body[n..].starts_with('$').then(|| &rest[..n + 2])
}

fn block_comment_end(text: &str, start: usize, nested: bool) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < text.len() {
        let r = &text[i..];
        if r.starts_with("/*") {
            if depth == 0 || nested {
                depth += 1;
            }
            i += 2;
        } else if r.starts_with("*/") {
            depth = depth.saturating_sub(1);
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += r.chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// Inside a SQLite `CREATE TRIGGER ... BEGIN ... END`: the `;` of the body does not end it.
fn open_trigger(cur: &Builder, dialect: Dialect) -> bool {
    if !matches!(dialect, Dialect::Sqlite | Dialect::Cql) {
        return false;
    }
    let mut w = words(&cur.masked);
    let head: Vec<&str> = w.by_ref().take(4).collect();
    if !head
        .first()
        .is_some_and(|h| h.eq_ignore_ascii_case("create"))
        || !head.iter().any(|h| h.eq_ignore_ascii_case("trigger"))
    {
        return false;
    }
    let has_begin = contains_word(&cur.masked, "begin");
    let last = words(&cur.masked).last().unwrap_or("");
    has_begin && !last.eq_ignore_ascii_case("end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(text: &str, d: Dialect) -> Vec<String> {
        split(text, d, 100)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Sql(s) => Some(s.raw),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        assert_eq!(
            sql(
                "SELECT ';'; DELETE FROM t -- x;y\n WHERE a = 1;",
                Dialect::Postgres
            ),
            vec!["SELECT ';'", "DELETE FROM t -- x;y\n WHERE a = 1"]
        );
        assert_eq!(
            sql(
                "DO $f$ BEGIN; DROP TABLE x; END $f$; SELECT 1",
                Dialect::Postgres
            )
            .len(),
            2
        );
        assert_eq!(sql("SELECT 'it''s; ok'", Dialect::Sqlite).len(), 1);
        assert_eq!(sql(r"SELECT 'a\'; b'", Dialect::MySql).len(), 1);
    }

    #[test]
    fn masks_strings_and_comments() {
        let p = split(
            "SELECT 'DROP TABLE x' /* DROP */ -- where\n",
            Dialect::Postgres,
            10,
        );
        let Piece::Sql(s) = &p[0] else { panic!() };
        assert!(!s.masked.contains("DROP") && s.code.contains("'DROP TABLE x'"));
        assert!(!s.code.contains("/*") && s.commented_where);
        assert_eq!(s.literals.trim(), "DROP TABLE x");
    }

    #[test]
    fn mysql_executable_comments_and_delimiter() {
        let p = split("/*!40101 DROP TABLE x */;", Dialect::MySql, 10);
        let Piece::Sql(s) = &p[0] else { panic!() };
        assert!(s.code.contains("DROP TABLE x") && !s.code.contains("*/"));
        let out = sql(
            "DELIMITER //\nCREATE PROCEDURE p() BEGIN DELETE FROM t; END//\nDELIMITER ;\nSELECT 1;",
            Dialect::MySql,
        );
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(sql("DELETE FROM t \\c", Dialect::MySql).is_empty());
    }

    #[test]
    fn client_commands() {
        let p = split(
            "\\i drop.sql\nSELECT 1 \\gexec\n\\! rm -rf x",
            Dialect::Postgres,
            10,
        );
        assert_eq!(
            p[0],
            Piece::Command {
                name: "include".into(),
                arg: "drop.sql".into()
            }
        );
        assert!(matches!(&p[1], Piece::Sql(s) if s.gexec));
        assert!(matches!(&p[2], Piece::Command { name, .. } if name == "shell"));
        let p = split(".tables\n.read x.sql\nSELECT 1;", Dialect::Sqlite, 10);
        assert_eq!(p.len(), 3);
        let p = split("source x.sql;\nsystem ls", Dialect::MySql, 10);
        assert!(
            matches!(&p[0], Piece::Command { name, arg } if name == "include" && arg == "x.sql")
        );
    }

    #[test]
    fn sqlite_trigger_body_stays_whole() {
        let out = sql(
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; UPDATE c SET x=1; END; SELECT 1;",
            Dialect::Sqlite,
        );
        assert_eq!(out.len(), 2, "{out:?}");
    }

    #[test]
    fn cap_leaves_the_rest_for_a_scan() {
        let p = split(
            "SELECT 1; SELECT 2; DROP TABLE x; SELECT 3",
            Dialect::Postgres,
            2,
        );
        assert_eq!(p.len(), 3);
        assert!(matches!(&p[2], Piece::Rest(s) if s.masked.contains("DROP")));
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for t in [
            "'abc",
            "$$ x",
            "/* x",
            "\"x",
            "\\",
            "$a",
            "--",
            "/*!",
            "é'é",
            "$é$ x $é$",
        ] {
            for d in [
                Dialect::Postgres,
                Dialect::MySql,
                Dialect::Sqlite,
                Dialect::ClickHouse,
                Dialect::Cql,
            ] {
                let _ = split(t, d, 10);
            }
        }
    }
}
