//! The built-in packs as `build.rs` prepared them: a postcard blob, a sorted program -> rules
//! index and the program specs. Nothing here is decoded until a program that names it appears.

pub struct PackEntry {
    pub name: &'static str,
    pub description: &'static str,
    pub file: &'static str,
}

pub struct RuleEntry {
    pub id: &'static str,
    pub pack: &'static str,
    pub start: usize,
    pub end: usize,
}

include!(concat!(env!("OUT_DIR"), "/packs.rs"));
