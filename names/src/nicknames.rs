//! English given names and their everyday forms (`guest/data/nicknames.tsv`,
//! from PyPI `nicknames`): Bill is William, Peggy Margaret, Sandy
//! Alexander; and, from `nicknames-manual.tsv`, the short forms official
//! records write some names in (Mohd and Md for Muhammad, Fco. for
//! Francisco) and Polish diminutives (Kasia for Katarzyna, Wojtek for
//! Wojciech). Read once into a hash set of pairs (a binary search of the
//! 5,000 pairs compared strings a dozen times per look-up, a third of
//! matching a holder written otherwise); a look-up allocates nothing.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// The pack's text, shared with the plugin's `info`.
pub const TEXT: &str = include_str!("../../guest/data/nicknames.tsv");

/// Every pair both ways: (a, b) where one is the other's nickname.
fn pairs() -> &'static FxHashSet<(&'static str, &'static str)> {
    static PAIRS: OnceLock<FxHashSet<(&'static str, &'static str)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        TEXT.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .flat_map(|(name, nick)| [(name, nick), (nick, name)])
            .collect()
    })
}

/// Whether `a` and `b` (lower-case tokens) are a name and its nickname,
/// either way round. Two names sharing a nickname are not.
pub fn pair(a: &str, b: &str) -> bool {
    let pairs: &FxHashSet<(&str, &str)> = pairs();
    pairs.contains(&(a, b))
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

    #[test]
    fn the_reviewed_short_forms_are_in_the_pack() {
        let manual = include_str!("../../guest/data/nicknames-manual.tsv");
        let reviewed: Vec<(&str, &str)> = manual
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut fields = l.split('\t');
                Some((fields.next()?, fields.next()?))
            })
            .collect();
        assert!(reviewed.len() >= 18, "{}", reviewed.len());
        for (name, short) in reviewed {
            assert!(pair(name, short) && pair(short, name), "{name} {short}");
        }
        assert!(pair("muhammad", "mohd") && pair("mohammad", "md"));
        assert!(!pair("mohd", "md"), "two short forms of one name");
    }
}
