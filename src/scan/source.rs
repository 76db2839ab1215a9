//! Where checked text came from. A [`Snippet`] is the shell text brake checks for one place in a
//! file — a whole script, one Makefile recipe line, one workflow `run:` block — together with a
//! piecewise map from every byte of that text back to a byte of the file. Extractors build it
//! from verbatim pieces (`push_exact`) and stand-ins (`push_mapped`, `substitute`), so a finding's
//! span in the checked text becomes a line and column in the file however the text was
//! assembled: YAML indentation stripped, Makefile continuations joined, `$$` unescaped,
//! `${{ }}` replaced by an opaque word.

use std::ops::Range;

/// Byte offset -> 1-based line and column (in characters) of one file.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column of a byte offset (clamped into the text, onto a char boundary).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a command runs, which decides what a finding means (see `context`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// On the machine that runs the script, Makefile, job or package script.
    Host,
    /// Inside a container image being built (`Dockerfile` `RUN`).
    Image,
}

impl Context {
    pub fn name(self) -> &'static str {
        match self {
            Context::Host => "host",
            Context::Image => "image",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Where the piece starts in the snippet text.
    text: usize,
    /// Where it comes from in the file.
    file: usize,
    /// Byte for byte the file's text; otherwise every byte maps to `file`.
    exact: bool,
    /// For a stand-in, the length of the source it stands for (where a span ending in it ends).
    source_len: usize,
}

/// Shell text to check, and where each byte came from.
#[derive(Debug, Clone)]
pub struct Snippet {
    pub text: String,
    pieces: Vec<Piece>,
    /// Where in the file, for people: ``recipe `clean` ``, ``job `deploy`, step 2``.
    pub label: Option<String>,
    pub context: Context,
    /// Stand-ins put into the text and the source they replace, to show findings in the
    /// file's own words.
    stand_ins: Vec<(String, String)>,
}

impl Snippet {
    pub fn new(label: Option<String>, context: Context) -> Snippet {
        Snippet {
            text: String::new(),
            pieces: Vec::new(),
            label,
            context,
            stand_ins: Vec::new(),
        }
    }

    /// Appends text found verbatim in the file at `file_offset`.
    pub fn push_exact(&mut self, s: &str, file_offset: usize) {
        self.pieces.push(Piece {
            text: self.text.len(),
            file: file_offset,
            exact: true,
            source_len: s.len(),
        });
        self.text.push_str(s);
    }

    /// Appends text that stands for the file at `file_offset` (a joined line break, an
    /// unescaped string, a substituted variable).
    pub fn push_mapped(&mut self, s: &str, file_offset: usize) {
        self.push_stand_in(s, file_offset, 0);
    }

    fn push_stand_in(&mut self, s: &str, file_offset: usize, source_len: usize) {
        self.pieces.push(Piece {
            text: self.text.len(),
            file: file_offset,
            exact: false,
            source_len,
        });
        self.text.push_str(s);
    }

    /// Appends another snippet's text and map.
    pub fn append(&mut self, other: &Snippet) {
        let base = self.text.len();
        self.pieces.extend(other.pieces.iter().map(|p| Piece {
            text: p.text + base,
            ..*p
        }));
        self.text.push_str(&other.text);
        self.stand_ins.extend(other.stand_ins.iter().cloned());
    }

    fn piece_at(&self, text_offset: usize) -> Option<Piece> {
        let i = self.pieces.partition_point(|p| p.text <= text_offset);
        i.checked_sub(1)
            .map(|i| self.pieces[i])
            .or(self.pieces.first().copied())
    }

    /// The file offset a text offset came from.
    pub fn file_offset(&self, text_offset: usize) -> usize {
        match self.piece_at(text_offset) {
            Some(p) if p.exact => p.file + text_offset.saturating_sub(p.text),
            Some(p) => p.file,
            None => 0,
        }
    }

    /// The file range a text span came from (end exclusive; at least one byte).
    pub fn file_range(&self, (start, end): (usize, usize)) -> (usize, usize) {
        let from = self.file_offset(start);
        let last = end.max(start + 1) - 1;
        let to = match self.piece_at(last) {
            Some(p) if p.exact => p.file + (last - p.text.min(last)) + 1,
            Some(p) => p.file + p.source_len.max(1),
            None => from + 1,
        };
        (from, to.max(from + 1))
    }

    /// A new snippet with each range of the text replaced. A replacement maps to the file
    /// offset of the start of its range; with `shown` it is also a stand-in, shown as that
    /// source text in findings.
    pub fn substitute(&self, mut edits: Vec<(Range<usize>, String, Option<String>)>) -> Snippet {
        edits.sort_by_key(|(r, _, _)| r.start);
        let mut out = Snippet::new(self.label.clone(), self.context);
        out.stand_ins = self.stand_ins.clone();
        let mut at = 0;
        for (range, with, shown) in edits {
            if range.start < at || range.end > self.text.len() {
                continue;
            }
            self.copy_range(at..range.start, &mut out);
            let (from, to) = self.file_range((range.start, range.end));
            out.push_stand_in(&with, from, to - from);
            if let Some(shown) = shown {
                out.stand_ins.push((with, shown));
            }
            at = range.end;
        }
        self.copy_range(at..self.text.len(), &mut out);
        out
    }

    fn copy_range(&self, range: Range<usize>, out: &mut Snippet) {
        if range.is_empty() {
            return;
        }
        let first = self
            .pieces
            .partition_point(|p| p.text <= range.start)
            .saturating_sub(1);
        for (k, p) in self.pieces.iter().enumerate().skip(first) {
            let end = self.pieces.get(k + 1).map_or(self.text.len(), |n| n.text);
            let (s, e) = (p.text.max(range.start), end.min(range.end));
            if s >= e {
                if p.text >= range.end {
                    break;
                }
                continue;
            }
            let file = if p.exact {
                p.file + (s - p.text)
            } else {
                p.file
            };
            out.pieces.push(Piece {
                text: out.text.len(),
                file,
                exact: p.exact,
                source_len: if p.exact { e - s } else { p.source_len },
            });
            out.text.push_str(&self.text[s..e]);
        }
    }

    /// Shows text from a finding in the file's own words (stand-ins replaced back).
    pub fn restore(&self, s: &str) -> String {
        let mut out = s.to_string();
        // Longest first, so `${BRAKE_OPAQUE_10}` is not read as `..._1` plus `0`.
        let mut pairs: Vec<&(String, String)> = self.stand_ins.iter().collect();
        pairs.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        for (with, shown) in pairs {
            if out.contains(with.as_str()) {
                out = out.replace(with.as_str(), shown);
            }
        }
        out
    }
}

/// A shell word that stands for text only known when the pipeline runs (`${{ expr }}`, a make
/// function): brake reads it as a variable it cannot know. `n` keeps stand-ins distinct.
pub fn opaque_word(n: usize) -> String {
    format!("${{BRAKE_OPAQUE_{n}}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let idx = LineIndex::new("ab\nçd ef\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(6), (2, 3));
        assert_eq!(idx.line(2), "çd ef");
        assert_eq!(idx.line(9), "");
    }

    #[test]
    fn exact_and_mapped_pieces_map_back() {
        let file = "x: |\n  rm -rf /\n  ls\n";
        let mut s = Snippet::new(None, Context::Host);
        s.push_exact("rm -rf /", 7);
        s.push_mapped("\n", 15);
        s.push_exact("ls", 18);
        assert_eq!(s.text, "rm -rf /\nls");
        assert_eq!(&file[s.file_offset(3)..s.file_offset(3) + 3], "-rf");
        assert_eq!(&file[s.file_offset(9)..s.file_offset(9) + 2], "ls");
    }

    #[test]
    fn substitution_keeps_the_map_and_restores_the_source() {
        let file = "rm -rf ${{ inputs.dir }}/x";
        let mut s = Snippet::new(None, Context::Host);
        s.push_exact(file, 0);
        let t = s.substitute(vec![(
            7..24,
            opaque_word(0),
            Some("${{ inputs.dir }}".into()),
        )]);
        assert_eq!(t.text, "rm -rf ${BRAKE_OPAQUE_0}/x");
        assert_eq!(t.file_offset(7), 7);
        assert_eq!(t.file_range((7, 24)), (7, 24));
        assert_eq!(t.file_offset(t.text.len() - 1), file.len() - 1);
        assert_eq!(t.restore("${BRAKE_OPAQUE_0}/x"), "${{ inputs.dir }}/x");
    }
}
