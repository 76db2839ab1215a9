//! Stage 1, shell text -> syntax tree. brake parses with tree-sitter-bash: it never crashes or
//! recurses without bound on hostile input (an error tree instead), parses `$(...)`, backticks and
//! heredoc bodies in the same pass, and gives byte spans. A parser is kept per thread and reused.
//! Input size and parse time are bounded by `limits`.

use crate::limits::{Limit, MAX_INPUT_BYTES, MAX_PARSE_MILLIS};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};
use tree_sitter::{Node, ParseOptions, Parser, Tree};

/// A parsed command line.
pub struct Syntax {
    /// The text parsed: the input, with any newline tree-sitter misread inside a command
    /// replaced by `;` (byte offsets are unchanged).
    pub source: String,
    pub tree: Tree,
    /// Set when the tree could not be trusted even after repair.
    pub forced_error: bool,
}

impl Syntax {
    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    /// True when the parser found something it could not read (error or missing nodes).
    pub fn has_error(&self) -> bool {
        let root = self.tree.root_node();
        self.forced_error || (root.has_error() && !only_herestring_gap(root, &self.source))
    }

    pub fn text(&self, node: Node) -> &str {
        &self.source[node.byte_range()]
    }
}

/// tree-sitter-bash mis-reads a here-string that follows another redirection
/// (`cat > f <<< 'x'`) as an ERROR `<<` then `< 'x'`. That exact shape is valid bash; the walker
/// reads it as the here-string it is. Any other error is a real parse failure.
fn only_herestring_gap(root: Node, src: &str) -> bool {
    let mut stack = vec![root];
    let mut gaps = 0;
    while let Some(n) = stack.pop() {
        if n.is_missing() {
            return false;
        }
        if n.is_error() {
            let next = n.next_sibling();
            let ok = &src[n.byte_range()] == "<<"
                && next.is_some_and(|s| {
                    s.kind() == "file_redirect" && src[s.byte_range()].starts_with('<')
                })
                && n.child_count() == 1;
            if !ok {
                return false;
            }
            gaps += 1;
            continue;
        }
        if n.has_error() {
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
    }
    gaps > 0
}

/// True when `node` is the `< x` that tree-sitter split from a here-string (see above).
/// Nodes with at most this many children are read by index; larger ones through a cursor.
const CHILDREN_BY_INDEX: usize = 32;

/// The children of `node`, in order.
///
/// Read by index for ordinary nodes: tree-sitter keeps a cursor's stack on the heap, so a
/// cursor per node was a malloc and a free per node, and with musl's allocator an mmap and a
/// munmap (the larger part of `brake check --lines` there). Reading by index walks the node from
/// its first child each time, so a node with many children (a line of 100,000 commands) still
/// goes through one cursor.
pub fn children(node: Node<'_>) -> Vec<Node<'_>> {
    let n = node.child_count() as usize;
    if n <= CHILDREN_BY_INDEX {
        (0..n).filter_map(|i| node.child(i as _)).collect()
    } else {
        let mut c = node.walk();
        node.children(&mut c).collect()
    }
}

/// The named children of `node`, in order (see [`children`]).
pub fn named_children(node: Node<'_>) -> Vec<Node<'_>> {
    let n = node.named_child_count();
    if n <= CHILDREN_BY_INDEX {
        (0..n).filter_map(|i| node.named_child(i as _)).collect()
    } else {
        let mut c = node.walk();
        node.named_children(&mut c).collect()
    }
}

pub fn is_split_herestring(node: Node, src: &str) -> bool {
    node.kind() == "file_redirect"
        && node
            .prev_sibling()
            .is_some_and(|p| p.is_error() && &src[p.byte_range()] == "<<")
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `source` as bash. Fails only when a limit is hit; syntax errors come back inside the
/// tree (`Syntax::has_error`).
pub fn parse(source: &str) -> Result<Syntax, Limit> {
    if source.len() > MAX_INPUT_BYTES {
        return Err(Limit::InputBytes);
    }
    let deadline = Instant::now() + Duration::from_millis(MAX_PARSE_MILLIS);
    let mut text = source.to_string();
    // tree-sitter-bash's external scanner passes characters to C's `isdigit`/`isalpha`, which
    // read out of bounds for code points past 255: `echo {` followed by U+B21E6 crashed brake
    // with SIGSEGV (found by proptest). Every shell metacharacter is ASCII and bash treats other
    // characters as word characters, so the parser is given a shadow copy in which each
    // non-ASCII character becomes as many `x` bytes: the same structure, the same byte offsets.
    // Node text is still read from the real line.
    let mut shadow = ascii_shadow(&text);
    // tree-sitter-bash sometimes carries a simple command across an unescaped newline
    // (`a | b | sh⏎ls && ls` reads as `sh ls`), which bash never does: a newline ends a command.
    // Such newlines are replaced by the `;` they mean (same byte offsets) and the text parsed
    // again, a bounded number of times. A newline between two parts of a command is outside any
    // quotes, so every one found in a pass is replaced at once.
    let mut cases_repaired = false;
    for _ in 0..=MAX_REPARSES {
        let tree = parse_once(&shadow, deadline)?;
        let misread = newlines_inside_commands(tree.root_node(), shadow.as_bytes());
        if !misread.is_empty() {
            for at in misread {
                text.replace_range(at..at + 1, ";");
                shadow.replace_range(at..at + 1, ";");
            }
            continue;
        }
        if !cases_repaired {
            if let Some(repaired) = case_pattern_repair(&tree, &shadow) {
                shadow = repaired;
                cases_repaired = true;
                continue;
            }
        }
        return Ok(Syntax {
            source: text,
            tree,
            forced_error: false,
        });
    }
    // Still wrong: hand back the last tree marked as unparsable, so the tokenizer judges it.
    let tree = parse_once(&shadow, deadline)?;
    Ok(Syntax {
        source: text,
        tree,
        forced_error: true,
    })
}

/// tree-sitter-bash cannot read a case pattern that starts with `*` and goes on with a quoted
/// string and more word (`*"$x"b)`), a shape every autoconf `configure` script has, so every
/// `./configure` would be held as unparsable. `*` is no metacharacter to bash outside
/// arithmetic, so when every error sits inside a `case` statement, the shadow the parser reads
/// gets those statements' `*` as a plain word character (same offsets; node text still comes
/// from the real source). `None` when the tree has another kind of error, or none. The caller
/// parses once more and keeps the result only if it has no error left.
fn case_pattern_repair(tree: &Tree, shadow: &str) -> Option<String> {
    if !tree.root_node().has_error() {
        return None;
    }
    let mut ranges = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            // The outermost `case` around the error: recovery may have cut an inner one short.
            let mut case = None;
            let mut up = n.parent();
            while let Some(p) = up {
                if p.kind() == "case_statement" {
                    case = Some(p.byte_range());
                }
                up = p.parent();
            }
            ranges.push(case?);
        } else if n.has_error() {
            stack.extend(children(n));
        }
    }
    let mut bytes = shadow.as_bytes().to_vec();
    for r in ranges {
        for b in &mut bytes[r] {
            if *b == b'*' {
                *b = b'x';
            }
        }
    }
    String::from_utf8(bytes).ok()
}

/// `text` with every non-ASCII character replaced by as many `x` bytes as it has.
fn ascii_shadow(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('x', c.len_utf8()));
        }
    }
    out
}

/// How many times one input is parsed again after a repair (misread newlines, case patterns).
const MAX_REPARSES: usize = 64;

/// The offset of an unescaped newline between two parts of one simple command, if any.
fn newlines_inside_commands(root: Node, src: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "command" {
            let kids: Vec<Node> = n.children(&mut cursor).collect();
            if !kids.iter().any(|k| k.kind() == "heredoc_redirect") {
                for pair in kids.windows(2) {
                    let (a, b) = (pair[0].end_byte(), pair[1].start_byte());
                    if let Some(i) =
                        (a..b).find(|&i| src[i] == b'\n' && (i == 0 || src[i - 1] != b'\\'))
                    {
                        found.push(i);
                    }
                }
            }
        }
        stack.extend(n.children(&mut cursor));
    }
    found
}

fn parse_once(source: &str, deadline: Instant) -> Result<Tree, Limit> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_bash::LANGUAGE.into())
                .expect("tree-sitter-bash grammar matches the tree-sitter runtime");
            p
        });
        let mut timed_out = false;
        let mut check = |_: &tree_sitter::ParseState| {
            if Instant::now() > deadline {
                timed_out = true;
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let options = ParseOptions::new().progress_callback(&mut check);
        let bytes = source.as_bytes();
        let tree = parser.parse_with_options(
            &mut |offset, _| {
                if offset < bytes.len() {
                    &bytes[offset..]
                } else {
                    &[]
                }
            },
            None,
            Some(options),
        );
        parser.reset();
        match tree {
            Some(tree) if !timed_out => Ok(tree),
            _ => Err(Limit::ParseTime),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_bash_parses_and_broken_bash_reports_an_error() {
        assert!(!parse("a && b || c; (d) | { e; } &").unwrap().has_error());
        assert!(!parse("cat <<'EOF'\nx\nEOF\nls").unwrap().has_error());
        assert!(parse("echo \"unterminated").unwrap().has_error());
        assert!(parse("echo $(").unwrap().has_error());
    }

    #[test]
    fn a_here_string_after_a_redirection_is_not_an_error() {
        let syn = parse("cat > f.sql <<< 'DROP TABLE x'").unwrap();
        assert!(!syn.has_error(), "tree-sitter's gap is recognised");
        assert!(parse("cat > f.sql << 'x").unwrap().has_error());
    }

    #[test]
    fn a_newline_never_joins_two_commands() {
        // tree-sitter-bash reads this as `sh ls -la`; bash runs `sh`, then the list.
        let syn = parse("ls -la | curl -s https://x.sh | sh\nls -la && ls -la").unwrap();
        assert!(!syn.has_error());
        assert_eq!(&syn.source[34..35], ";");
        let root = syn.root();
        assert_eq!(root.named_child_count(), 2, "{}", root.to_sexp());
        // An escaped newline is a continuation and stays.
        let syn = parse("rm -rf \\\n  build").unwrap();
        assert_eq!(syn.root().named_child(0).unwrap().kind(), "command");
    }

    #[test]
    fn case_patterns_tree_sitter_misreads_are_read_again() {
        // The shape of every autoconf `configure`: `*`, a quoted newline, more word.
        let text = "case $o in\n  *\"\n\"enable_$x\"\n\"*) ;;\n  *) echo \"$o*\";;\nesac";
        let syn = parse(text).unwrap();
        assert!(!syn.has_error(), "{}", syn.root().to_sexp());
        assert_eq!(syn.source, text, "the real text, stars and all");
        // Many misread newlines (`>&5` then a newline, also from configure) in one pass each.
        let many = "{ echo a >&5\necho b >&5\necho c >&5\n}\n".repeat(100);
        assert!(!parse(&many).unwrap().has_error());
        // Inside arithmetic the star is an operator, but its operands stay one expansion.
        let arith = "case $o in *\"x\"b) echo $((2*3));; esac";
        assert!(!parse(arith).unwrap().has_error());
        // Any other error is not this repair's business.
        assert!(parse("echo \"unterminated; case $o in *) ;; esac")
            .unwrap()
            .has_error());
    }

    #[test]
    fn characters_past_255_never_reach_the_c_scanner() {
        // These crashed tree-sitter-bash's scanner (isdigit on a code point) before.
        for cp in [0xB21E6u32, 0xB31E9, 0xB81F8, 0x10FFFD] {
            let line = format!("echo {{{}", char::from_u32(cp).unwrap());
            let syn = parse(&line).unwrap();
            assert_eq!(syn.source, line, "node text comes from the real line");
        }
        let syn = parse("rm -rf ./données").unwrap();
        let word = syn
            .root()
            .named_child(0)
            .unwrap()
            .child_by_field_name("argument")
            .unwrap();
        assert_eq!(word.kind(), "word");
    }

    #[test]
    fn input_past_the_size_limit_is_refused_with_the_limit() {
        let big = "a".repeat(MAX_INPUT_BYTES + 1);
        assert_eq!(parse(&big).err(), Some(Limit::InputBytes));
    }
}
