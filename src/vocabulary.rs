//! The destructive vocabulary: words that make text *look* destructive. Used only where brake
//! cannot see structure — a program name known only at run time, shell code of unknown text,
//! input that does not parse — to decide whether to hold on doubt.

/// Programs and verbs that delete, destroy, stop or overwrite.
const VERBS: &[&str] = &[
    "rm",
    "rmdir",
    "unlink",
    "shred",
    "wipe",
    "wipefs",
    "dd",
    "mkfs",
    "truncate",
    "delete",
    "destroy",
    "drop",
    "dropdb",
    "terminate",
    "purge",
    "prune",
    "kill",
    "pkill",
    "killall",
    "reset",
    "uninstall",
    "remove",
    "rb",
    "flushall",
    "flushdb",
    "format",
    "fdisk",
    "sfdisk",
    "parted",
    "blkdiscard",
    "shutdown",
    "reboot",
    "halt",
    "poweroff",
    "userdel",
    "deluser",
    "yank",
    "unpublish",
    "erase",
    "clean",
    "del",
    "deallocate",
    "taint",
    "uninstall",
];

/// Is `word` (quoting removed) a destructive verb or program?
pub fn is_verb(word: &str) -> bool {
    let w = word.rsplit('/').next().unwrap_or(word).to_ascii_lowercase();
    let w =
        w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.' && c != '_');
    VERBS.contains(&w)
        || w.starts_with("mkfs.")
        || (w.starts_with("delete-") || w.starts_with("terminate-") || w.starts_with("remove-"))
        || w == "--force"
        || w == "--hard"
}

/// Is `word` a flag cluster that forces or recurses (`-rf`, `-fr`, `-Rf`)?
pub fn is_destructive_flag(word: &str) -> bool {
    match word.strip_prefix('-') {
        Some(f) if !f.starts_with('-') && !f.is_empty() => {
            f.chars().all(|c| c.is_ascii_alphabetic()) && f.contains(['r', 'R']) && f.contains('f')
        }
        _ => matches!(
            word,
            "--force" | "--hard" | "--recursive" | "--delete" | "--no-preserve-root"
        ),
    }
}

/// Does the text look destructive: a verb, a force/recursive flag, or a delete-like word?
pub fn looks_destructive<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    words
        .into_iter()
        .any(|w| is_verb(w) || is_destructive_flag(w))
}

/// Splits text into rough words: whitespace, shell operators and quotes all separate.
pub fn rough_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || "'\"`;&|(){}<>$=,".contains(c))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_flags() {
        assert!(is_verb("rm") && is_verb("/bin/rm") && is_verb("DROP") && is_verb("delete-stack"));
        assert!(!is_verb("ls") && !is_verb("grep"));
        assert!(
            is_destructive_flag("-rf") && is_destructive_flag("-fR") && !is_destructive_flag("-la")
        );
    }
}
