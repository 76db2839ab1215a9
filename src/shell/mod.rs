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
    pub source: String,
    pub tree: Tree,
}

impl Syntax {
    pub fn root(&self) -> Node<'_> {
        self.tree.root_node()
    }

    /// True when the parser found something it could not read (error or missing nodes).
    pub fn has_error(&self) -> bool {
        self.tree.root_node().has_error()
    }

    pub fn text(&self, node: Node) -> &str {
        &self.source[node.byte_range()]
    }
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
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_bash::LANGUAGE.into())
                .expect("tree-sitter-bash grammar matches the tree-sitter runtime");
            p
        });
        let deadline = Instant::now() + Duration::from_millis(MAX_PARSE_MILLIS);
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
            &mut |offset, _| if offset < bytes.len() { &bytes[offset..] } else { &[] },
            None,
            Some(options),
        );
        parser.reset();
        match tree {
            Some(tree) if !timed_out => Ok(Syntax {
                source: source.to_string(),
                tree,
            }),
            _ => Err(Limit::ParseTime),
        }
    })
}
