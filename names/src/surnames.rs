//! Surnames that are not given names (`guest/data/surnames.tsv`, from the
//! 1990 US Census): "López" and "Lima" are surnames, "Juan" is not. Lets a
//! holder add the employee's other surnames (Iberian and Lusophone names)
//! without reading them as another person.

use crate::sorted;

/// The pack's text, shared with the plugin's `info`.
pub const TEXT: &str = include_str!("../../guest/data/surnames.tsv");

/// Whether a folded token is a surname, and not also a given name.
pub fn is_surname(folded: &str) -> bool {
    static PACK: sorted::Pack = sorted::Pack::new(TEXT);
    PACK.find(folded).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;

    #[test]
    fn the_pack_is_sorted() {
        let body = sorted::body(TEXT);
        assert!(body.lines().zip(body.lines().skip(1)).all(|(a, b)| a < b));
    }

    #[test]
    fn iberian_surnames_are_surnames_and_given_names_are_not() {
        for s in [
            "lopez",
            "fernandez",
            "garcia",
            "lima",
            "souza",
            "silva",
            "santos",
        ] {
            assert!(is_surname(&fold(s)), "{s}");
        }
        for g in ["juan", "maria", "ivan", "pedro", "anna", "john"] {
            assert!(!is_surname(&fold(g)), "{g}");
        }
    }
}
