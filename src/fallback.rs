//! The conservative tokenizer for input the shell parser rejects. The policy: a line that does
//! not parse is held if it contains a destructive verb and a target, otherwise allowed. A target
//! is any later word that is not an option.

use crate::vocabulary::{is_destructive_flag, is_verb, rough_words};

/// If the unparsable `text` holds a destructive verb followed by a target, returns both.
pub fn destructive_verb_and_target(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = rough_words(text).collect();
    for (i, w) in words.iter().enumerate() {
        if is_verb(w) {
            let operand = |t: &&&str| !t.starts_with('-') && !is_destructive_flag(t);
            if let Some(t) = words[i + 1..].iter().find(operand) {
                return Some((w.to_string(), t.to_string()));
            }
            // A subcommand verb (`terraform destroy`): the program before it is the target.
            if let Some(t) = words[..i].iter().rev().find(operand) {
                return Some((w.to_string(), t.to_string()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_and_target_hold_otherwise_allow() {
        assert_eq!(
            destructive_verb_and_target(r#"rm -rf / ""#),
            Some(("rm".into(), "/".into()))
        );
        assert_eq!(destructive_verb_and_target(r#"echo "unterminated"#), None);
        assert_eq!(destructive_verb_and_target("rm -rf"), None);
    }
}
