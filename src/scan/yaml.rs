//! YAML with positions, for the workflow and GitLab extractors. serde-saphyr (already brake's
//! YAML reader) gives every node the place it was *defined*: for an alias or a `<<:` merge that
//! is the anchored original, so a script shared through anchors is reported once, where it is
//! written. A string's position is where its content starts (after `|`, `>` or a quote); the
//! content's lines are then found line by line in the file, so a `run: |` block maps back
//! exactly, and anything the YAML reader rewrote (escapes, folding) maps to its line.

use super::source::{Context, Snippet};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One YAML node, with where it was defined.
#[derive(Debug)]
pub struct Node {
    pub value: Value,
    /// Byte offset in the file where the node was defined.
    pub offset: usize,
}

#[derive(Debug)]
pub enum Value {
    /// A scalar, as text (`yes` is `true`, numbers are their digits).
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    Null,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// `a.b.c` through maps.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }
}

/// Parses YAML text; an error names line and column. Of several documents (GitLab's `spec:`
/// header, `---`, then the pipeline) the last one is the configuration.
pub fn parse(text: &str) -> Result<Node, String> {
    let docs: Vec<Spanned<Raw>> = serde_saphyr::from_multiple(text).map_err(|e| e.to_string())?;
    Ok(docs.into_iter().last().map_or(
        Node {
            value: Value::Null,
            offset: 0,
        },
        convert,
    ))
}

struct Raw(RawValue);

enum RawValue {
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Raw, Spanned<Raw>)>),
    Null,
}

fn convert(s: Spanned<Raw>) -> Node {
    let offset = s.defined.span().byte_offset().unwrap_or(0) as usize;
    let value = match s.value.0 {
        RawValue::Str(v) => Value::Str(v),
        RawValue::Null => Value::Null,
        RawValue::Seq(items) => Value::Seq(items.into_iter().map(convert).collect()),
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = match k.0 {
                        RawValue::Str(s) => s,
                        _ => String::new(),
                    };
                    (key, convert(v))
                })
                .collect(),
        ),
    };
    Node { value, offset }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(s)))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(b.to_string())))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(n.to_string())))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(n.to_string())))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(n.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw(RawValue::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw(RawValue::Null))
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Raw, D2::Error> {
                Raw::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Raw(RawValue::Seq(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut v = Vec::new();
                while let Some(entry) = a.next_entry()? {
                    v.push(entry);
                }
                Ok(Raw(RawValue::Map(v)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The string `value` of a node defined at `offset` in `file`, as a snippet mapped back line by
/// line.
pub fn string_snippet(
    file: &str,
    value: &str,
    offset: usize,
    label: Option<String>,
    context: Context,
) -> Snippet {
    let mut s = Snippet::new(label, context);
    let mut cursor = offset.min(file.len());
    let mut lines = value.split('\n').peekable();
    while let Some(line) = lines.next() {
        let line_end = file[cursor..].find('\n').map_or(file.len(), |i| cursor + i);
        let found = (!line.is_empty())
            .then(|| file[cursor..line_end].find(line))
            .flatten();
        match found {
            Some(i) => s.push_exact(line, cursor + i),
            None => {
                let first = file[cursor..line_end]
                    .find(|c: char| !c.is_whitespace())
                    .map_or(cursor, |i| cursor + i);
                s.push_mapped(line, first);
            }
        }
        if lines.peek().is_some() {
            s.push_mapped("\n", line_end);
            cursor = (line_end + 1).min(file.len());
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_scalars_map_to_their_lines() {
        let file = "steps:\n  - run: |\n      cd app\n\n      rm -rf /srv\n";
        let doc = parse(file).unwrap();
        let run = &doc.get("steps").unwrap().items()[0].get("run").unwrap();
        let s = string_snippet(file, run.as_str().unwrap(), run.offset, None, Context::Host);
        let at = s.text.find("rm").unwrap();
        assert_eq!(
            &file[s.file_offset(at)..s.file_offset(at) + 11],
            "rm -rf /srv"
        );
    }

    #[test]
    fn aliases_point_at_the_anchor() {
        let file = "a: &x\n  script: [rm -rf /]\nb: *x\n";
        let doc = parse(file).unwrap();
        let a = doc.path(&["a", "script"]).unwrap().items()[0].offset;
        let b = doc.path(&["b", "script"]).unwrap().items()[0].offset;
        assert_eq!(a, b);
    }
}
