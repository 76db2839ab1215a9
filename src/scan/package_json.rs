//! `package.json` `scripts`: npm, yarn and pnpm run each one with `sh -c`. serde_json checks
//! the file is valid JSON (and names line and column when it is not); a small reader then walks
//! to `scripts` keeping positions, so each script maps back to its string in the file,
//! escapes included.

use super::source::{Context, Snippet};

pub fn snippets(file: &str) -> Result<Vec<Snippet>, String> {
    serde_json::from_str::<serde_json::Value>(file).map_err(|e| e.to_string())?;
    let mut r = Reader { s: file, i: 0 };
    let mut out = Vec::new();
    r.ws();
    if !r.eat(b'{') {
        return Ok(out);
    }
    for_each_member(&mut r, |r, key| {
        if key == "scripts" && r.peek() == Some(b'{') {
            r.eat(b'{');
            for_each_member(r, |r, name| {
                if r.peek() == Some(b'"') {
                    let label = Some(format!("script `{name}`"));
                    let mut s = Snippet::new(label, Context::Host);
                    r.string_into(&mut s);
                    out.push(s);
                } else {
                    r.skip_value();
                }
            });
        } else {
            r.skip_value();
        }
    });
    Ok(out)
}

/// Calls `f` at each member's value (after the key and colon) until the closing `}`.
fn for_each_member(r: &mut Reader, mut f: impl FnMut(&mut Reader, String)) {
    loop {
        r.ws();
        match r.peek() {
            Some(b'"') => {
                let mut key = Snippet::new(None, Context::Host);
                r.string_into(&mut key);
                r.ws();
                r.eat(b':');
                r.ws();
                f(r, key.text);
                r.ws();
                r.eat(b',');
            }
            Some(b'}') => {
                r.i += 1;
                return;
            }
            _ => return,
        }
    }
}

/// A reader over JSON already known to be valid.
struct Reader<'a> {
    s: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// Decodes the string at the cursor into `out`: plain runs map exactly, escapes to the
    /// backslash.
    fn string_into(&mut self, out: &mut Snippet) {
        self.i += 1;
        let bytes = self.s.as_bytes();
        let mut run = self.i;
        while self.i < bytes.len() {
            match bytes[self.i] {
                b'"' => break,
                b'\\' => {
                    out.push_exact(&self.s[run..self.i], run);
                    let at = self.i;
                    let (text, len) = match bytes.get(self.i + 1) {
                        Some(b'n') => ("\n".to_string(), 2),
                        Some(b't') => ("\t".to_string(), 2),
                        Some(b'r') => ("\r".to_string(), 2),
                        Some(b'b') => ("\u{8}".to_string(), 2),
                        Some(b'f') => ("\u{c}".to_string(), 2),
                        Some(b'u') => {
                            let hex = self.s.get(self.i + 2..self.i + 6).unwrap_or("0");
                            let c = u32::from_str_radix(hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .unwrap_or('\u{fffd}');
                            (c.to_string(), 6)
                        }
                        Some(&c) => ((c as char).to_string(), 2),
                        None => (String::new(), 1),
                    };
                    out.push_mapped(&text, at);
                    self.i += len;
                    run = self.i;
                }
                _ => self.i += 1,
            }
        }
        out.push_exact(&self.s[run..self.i.min(bytes.len())], run);
        self.i += 1;
    }

    fn skip_value(&mut self) {
        let bytes = self.s.as_bytes();
        let mut depth = 0usize;
        while self.i < bytes.len() {
            match bytes[self.i] {
                b'"' => {
                    let mut sink = Snippet::new(None, Context::Host);
                    self.string_into(&mut sink);
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                b',' if depth == 0 => return,
                _ => {}
            }
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::snippets;

    #[test]
    fn scripts_map_back_through_escapes() {
        let file = "{\n  \"name\": \"x\",\n  \"config\": {\"scripts\": {\"no\": \"rm -rf /\"}},\n  \"scripts\": {\n    \"clean\": \"echo \\\"bye\\\" && rm -rf ~/data\",\n    \"n\": 1\n  }\n}\n";
        let s = snippets(file).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "echo \"bye\" && rm -rf ~/data");
        assert_eq!(s[0].label.as_deref(), Some("script `clean`"));
        let at = s[0].text.find("rm").unwrap();
        assert_eq!(&file[s[0].file_offset(at)..s[0].file_offset(at) + 2], "rm");
    }

    #[test]
    fn invalid_json_is_an_error_with_a_position() {
        let e = snippets("{\"scripts\": {\"a\": }").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }
}
