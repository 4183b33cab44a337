//! Latin spellings of one name (`guest/data/name-variants.tsv`): Korean
//! Bang and Pahng, Chinese Sun and Suen, Japanese Satō as Sato and Satou,
//! Ukrainian Dmytro and Russian Dmitriy. Each line is a spelling, folded as
//! [`crate::fold`] folds tokens, and the numbers of the names it spells,
//! sorted by spelling: a look-up is a binary search in the text itself, so
//! there is no index to build and nothing is allocated.

use crate::sorted;

/// The pack's text, shared with the plugin's `info`.
pub const TEXT: &str = include_str!("../../guest/data/name-variants.tsv");

static PACK: sorted::Pack = sorted::Pack::new(TEXT);

/// The numbers of the names `spelling` spells, space-separated; empty
/// when the pack does not hold it.
fn names_of(spelling: &str) -> &'static str {
    PACK.find(spelling).unwrap_or_default()
}

/// The names a folded token spells, looked up once to compare with many.
#[derive(Debug, Clone, Copy)]
pub struct Names(&'static str);

/// The names `folded` (a token as [`crate::fold`] reads it) spells.
pub fn names(folded: &str) -> Names {
    Names(names_of(folded))
}

impl Names {
    /// Whether another folded token spells one of these names.
    pub fn spelled_by(self, other: &str) -> bool {
        !self.0.is_empty() && {
            let theirs = names_of(other);
            self.0
                .split(' ')
                .any(|name| theirs.split(' ').any(|n| n == name))
        }
    }
}

/// Whether two folded tokens are spellings of one name in the pack.
pub fn same_name(a: &str, b: &str) -> bool {
    a != b && names(a).spelled_by(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;

    fn same(a: &str, b: &str) -> bool {
        same_name(&fold(a), &fold(b))
    }

    #[test]
    fn romanisations_of_one_name() {
        for (a, b) in [
            ("bang", "pahng"),
            ("joo", "choo"),
            ("jeon", "chon"),
            ("kang", "gang"),
            ("jin", "chin"),
            ("pan", "poon"),
            ("sun", "suen"),
            ("sato", "satou"),
            ("nguyen", "nguyen"),
            ("hosseini", "husseini"),
            ("cohen", "kohen"),
            ("dmytro", "dmitriy"),
            ("serhiy", "sergey"),
            ("mykola", "nikolay"),
            ("olha", "olga"),
        ] {
            assert!(same(a, b) || fold(a) == fold(b), "{a} {b}");
        }
        assert!(!same("alexander", "alexandra"));
        assert!(!same("robert", "margaret"));
        assert!(!same("smith", "schmidt"));
    }

    #[test]
    fn every_spelling_is_a_token_in_order_and_found() {
        let lines: Vec<&str> = PACK.body().lines().collect();
        assert!(lines.len() > 80_000, "{}", lines.len());
        let mut previous = "";
        for line in lines {
            let (word, names) = line.split_once('\t').unwrap();
            assert!(
                word.len() >= 2 && word.bytes().all(|b| b.is_ascii_lowercase()),
                "{word:?}"
            );
            assert!(previous < word, "{previous} before {word}");
            assert_eq!(names_of(word), names);
            previous = word;
        }
        assert_eq!(names_of("zzzzzz"), "");
        assert_eq!(names_of("a"), "");
    }
}
