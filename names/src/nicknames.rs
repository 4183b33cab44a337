//! English given names and their everyday forms (`guest/data/nicknames.tsv`,
//! from PyPI `nicknames`): Bill is William, Peggy Margaret, Sandy
//! Alexander. Read once into a sorted table; a look-up allocates nothing.

use std::sync::OnceLock;

/// The pack's text, shared with the plugin's `info`.
pub const TEXT: &str = include_str!("../../guest/data/nicknames.tsv");

/// Every pair both ways, sorted: (a, b) where one is the other's nickname.
fn pairs() -> &'static [(&'static str, &'static str)] {
    static PAIRS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs: Vec<(&str, &str)> = TEXT
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .flat_map(|(name, nick)| [(name, nick), (nick, name)])
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    })
}

/// Whether `a` and `b` (lower-case tokens) are a name and its nickname,
/// either way round. Two names sharing a nickname are not.
pub fn pair(a: &str, b: &str) -> bool {
    pairs().binary_search(&(a, b)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_their_everyday_forms() {
        for (a, b) in [
            ("william", "bill"),
            ("bill", "william"),
            ("margaret", "peggy"),
            ("james", "jim"),
            ("alexander", "sandy"),
        ] {
            assert!(pair(a, b), "{a} {b}");
        }
        assert!(!pair("james", "benjamin"), "both Jamie, yet two names");
        assert!(!pair("robert", "margaret"));
        assert!(!pair("bill", "bill"));
    }
}
