//! Approval codes: eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, U),
//! shown as `ABCD-EFGH`, read back case-insensitively with or without the dash. 40 bits of the
//! kernel's randomness: codes cannot be guessed in the minutes one is pending.

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A fresh code, in its stored form (eight characters, no dash).
pub fn generate() -> String {
    crate::statefile::random_bytes(8)
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// The form shown to people: `ABCD-EFGH`.
pub fn display(code: &str) -> String {
    if code.len() == 8 {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// Reads a code as typed; `None` if it cannot be one.
pub fn normalize(typed: &str) -> Option<String> {
    let c: String = typed
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (c.len() == 8 && c.bytes().all(|b| ALPHABET.contains(&b))).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let c = generate();
        assert_eq!(c.len(), 8);
        assert_eq!(normalize(&display(&c)), Some(c.clone()));
        assert_eq!(normalize(&display(&c).to_lowercase()), Some(c));
        assert_eq!(normalize("../../etc"), None);
        assert_eq!(normalize("ABCD-EFG0"), None);
    }
}
