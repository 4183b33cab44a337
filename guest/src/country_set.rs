//! A policy's list of countries, asked of every payout's four country
//! fields by several rules: a bit per upper-case letter pair answers
//! without comparing strings (a `BTreeSet<String>` look-up was 2 % of a
//! run's time in the plugin, most of it `memcmp`).

use crate::normalize::country::{PairSet, pair_index};
use std::collections::BTreeSet;

/// Country codes, in order, with a bit per code for look-ups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountrySet {
    codes: BTreeSet<String>,
    /// The codes that are upper-case letter pairs.
    bits: PairSet,
}

impl CountrySet {
    /// Whether `code` is in the set.
    pub fn contains(&self, code: &str) -> bool {
        match pair_index(code) {
            Some(index) => self.bits.contains(index),
            // Only upper-case pairs have bits; a policy's lists are
            // checked codes, but any other entry is still found.
            None => self.codes.contains(code),
        }
    }

    /// How many codes it holds.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The codes in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(String::as_str)
    }
}

impl FromIterator<String> for CountrySet {
    fn from_iter<I: IntoIterator<Item = String>>(codes: I) -> CountrySet {
        let mut set = CountrySet::default();
        for code in codes {
            if let Some(index) = pair_index(&code) {
                set.bits.insert(index);
            }
            set.codes.insert(code);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(codes: &[&str]) -> CountrySet {
        codes.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn holds_exactly_its_codes() {
        let s = set(&["KP", "IR", "AA", "ZZ"]);
        for code in ["KP", "IR", "AA", "ZZ"] {
            assert!(s.contains(code), "{code}");
        }
        for code in ["PK", "KR", "IP", "AZ", "ZA", "kp", "K", "KPX", ""] {
            assert!(!s.contains(code), "{code}");
        }
        assert_eq!(s.len(), 4);
        assert_eq!(s.iter().collect::<Vec<_>>(), ["AA", "IR", "KP", "ZZ"]);
    }

    #[test]
    fn an_entry_without_bits_is_still_found() {
        let s = set(&["kp", "XKX"]);
        assert!(s.contains("kp") && s.contains("XKX") && !s.contains("KP"));
        assert!(CountrySet::default().is_empty());
    }
}
