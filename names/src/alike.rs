//! Comparing one name against many listed ones without running Jaro-Winkler
//! on every pair: a bound from the letters two keys share skips the pairs
//! that cannot reach the threshold, and never one that can.
//!
//! Why it holds: Jaro is `(m/|a| + m/|b| + (m-t)/m) / 3`, and the `m`
//! matching characters are common to both strings, so `m` is at most the
//! number of letters the two hold in common (counted with repeats, ignoring
//! position) and the last term at most 1. Winkler adds at most
//! `0.1 * 4 * (1 - jaro)` (strsim caps the prefix at 4), which grows with
//! Jaro. Letters are counted in classes (a-z, digits, space, the rest),
//! which can only overcount what two strings share, so the bound stays an
//! upper bound. Counts are bytes so the comparison is a few vector
//! instructions natively; a key with more than 255 of one class is never
//! skipped.

use crate::Name;
use strsim::jaro_winkler;

/// Character classes counted: a-z, digits, the space, anything else
/// (29), padded to 32 for vector instructions.
const CLASSES: usize = 32;

/// A name read once for comparing with many: the key of each of its
/// spellings (tokens sorted), with the letters each holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    keys: Vec<(String, Letters)>,
}

impl Keyed {
    /// The keys of `name`.
    pub fn new(name: &Name) -> Keyed {
        Keyed {
            keys: name
                .keys()
                .into_iter()
                .map(|key| {
                    let letters = Letters::of(&key);
                    (key, letters)
                })
                .collect(),
        }
    }

    /// The highest Jaro-Winkler similarity between a key of each name
    /// (word order does not count), if it is at least `min`; key pairs
    /// whose letters cannot reach `min` are not compared.
    pub fn similarity(&self, other: &Keyed, min: f64) -> Option<f64> {
        let mut best: Option<f64> = None;
        for (a, letters_a) in &self.keys {
            for (b, letters_b) in &other.keys {
                // A margin for rounding: skip only what is surely below.
                if letters_a.bound(letters_b) + 1e-9 < min {
                    continue;
                }
                let similarity = jaro_winkler(a, b);
                if similarity >= min && best.is_none_or(|best| similarity > best) {
                    best = Some(similarity);
                }
            }
        }
        best
    }
}

/// How many characters of each class a key holds, and its length in
/// characters (as strsim counts them).
#[derive(Debug, Clone, PartialEq)]
struct Letters {
    counts: [u8; CLASSES],
    len: u32,
    /// Some class has more than 255: the counts cannot bound anything.
    overflow: bool,
}

impl Letters {
    fn of(key: &str) -> Letters {
        let mut counts = [0_u8; CLASSES];
        let (mut len, mut overflow) = (0_u32, false);
        for c in key.chars() {
            let class = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26,
                ' ' => 27,
                _ => 28,
            };
            match counts[class].checked_add(1) {
                Some(count) => counts[class] = count,
                None => overflow = true,
            }
            len = len.saturating_add(1);
        }
        Letters {
            counts,
            len,
            overflow,
        }
    }

    /// The highest Jaro-Winkler similarity two keys with these letters
    /// could have.
    fn bound(&self, other: &Letters) -> f64 {
        if self.len == 0 || other.len == 0 || self.overflow || other.overflow {
            // Two empty keys are alike (1.0); do not try to be clever.
            return 1.0;
        }
        let common: u32 = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| u32::from(*a.min(b)))
            .sum();
        let common = f64::from(common);
        let jaro = (common / f64::from(self.len) + common / f64::from(other.len) + 1.0) / 3.0;
        jaro + 0.4 * (1.0 - jaro)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed(raw: &str) -> Keyed {
        Keyed::new(&Name::parse(raw))
    }

    #[test]
    fn word_order_does_not_count() {
        let a = keyed("Kim Jong Un");
        assert!(a.similarity(&keyed("Jong Un Kim"), 0.0).unwrap() > 0.99);
        assert!(a.similarity(&keyed("Anna Schmidt"), 0.0).unwrap() < 0.7);
        assert_eq!(a.similarity(&keyed("Anna Schmidt"), 0.7), None);
    }

    #[test]
    fn the_bound_is_never_below_the_similarity() {
        let names = [
            "Kim Jong Un",
            "KIM Jong-un",
            "Jong Un Kim",
            "Park Jin Hyok",
            "Pak Jin-hek",
            "Anna Schmidt",
            "Ánna Schmídt",
            "Müller",
            "Mueller",
            "Al-Hassan bin Ali",
            "Hassan Ali",
            "O'Neil",
            "Oneil",
            "Ivan Petrov",
            "Иван Петров",
            "李 明",
            "Li Ming",
            "a",
            "b",
            "",
            "Zzzz Qqqq",
            "Aaaa Aaaa Aaaa",
            "Agent 007",
            "Agent 700",
        ];
        for a in names {
            for b in names {
                let (ka, kb) = (keyed(a), keyed(b));
                for (x, lx) in &ka.keys {
                    for (y, ly) in &kb.keys {
                        let actual = jaro_winkler(x, y);
                        assert!(
                            lx.bound(ly) + 1e-9 >= actual,
                            "{x:?} vs {y:?}: bound {} below {actual}",
                            lx.bound(ly)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_key_too_long_to_count_is_never_skipped() {
        let long = "a".repeat(300);
        assert!(Letters::of(&long).overflow);
        assert_eq!(Letters::of(&long).bound(&Letters::of("zzz")), 1.0);
    }

    #[test]
    fn the_bound_skips_names_with_few_letters_in_common() {
        let (a, b) = (Letters::of("jong kim un"), Letters::of("anna schmidt"));
        assert!(a.bound(&b) < 0.85, "{}", a.bound(&b));
    }

    /// Against 2,500 names, at several thresholds, the skipping search
    /// finds exactly what comparing every key pair finds.
    #[test]
    fn skipping_finds_what_comparing_everything_finds() {
        let given = [
            "Anna", "Peter", "Jong", "Min", "Olena", "Mohammed", "José", "Siobhán", "Kofi",
            "Ngozi", "Wei", "Priya", "Lars", "Zoë", "Tomasz", "Aiko", "Fatima", "Ivan", "Chloé",
            "Dmitri", "Yusuf", "Mei", "Björn", "Amara", "Luis",
        ];
        let family = [
            "Schmidt",
            "Kim",
            "Pak",
            "Kovalenko",
            "Al-Hassan",
            "García",
            "O'Brien",
            "Mensah",
            "Okafor",
            "Zhang",
            "Sharma",
            "Nilsson",
            "Müller",
            "Nowak",
            "Tanaka",
            "Haddad",
            "Petrov",
            "Dubois",
            "Volkov",
            "Yilmaz",
            "Chen",
            "Larsen",
            "Diallo",
            "Fernández",
            "van der Berg",
            "Ri",
            "Jong Un",
            "Nguyen",
            "Rossi",
            "Ahmed",
            "Kowalski",
            "Ivanova",
            "Hyok",
            "Sato",
            "Moreau",
            "Costa",
            "Silva",
            "Jansen",
            "Popescu",
            "Horvat",
            "Novak",
            "Papadopoulos",
            "Kaya",
            "Demir",
            "Lee",
            "Park",
            "Choi",
            "Jung",
            "Kang",
            "Cho",
            "Yoon",
            "Jang",
            "Lim",
            "Han",
            "Oh",
            "Seo",
            "Shin",
            "Kwon",
            "Hwang",
            "Ahn",
            "Song",
            "Yoo",
            "Hong",
            "Jeon",
            "Ko",
            "Moon",
            "Yang",
            "Son",
            "Bae",
            "Baek",
            "Heo",
            "Nam",
            "Sim",
            "Noh",
            "Ha",
            "Kwak",
            "Sung",
            "Cha",
            "Joo",
            "Woo",
            "Koo",
            "Min",
            "Ryu",
            "Na",
            "Jin",
            "Ji",
            "Eom",
            "Byun",
            "Chae",
            "Won",
            "Bang",
            "Pyo",
            "Gil",
            "Ma",
            "Tak",
            "Yeon",
            "Do",
            "Ki",
            "Seok",
            "Sun",
        ];
        let listed: Vec<Keyed> = given
            .iter()
            .flat_map(|g| family.iter().map(move |f| keyed(&format!("{g} {f}"))))
            .collect();
        assert_eq!(listed.len(), 2_500);
        let queries = [
            "KIM Jong-Un",
            "Pak Jin Hyok",
            "Anna Schmid",
            "Peter Mueller",
            "Ngozi Okafor-Mensah",
            "Jose Garcia",
            "Zoe Dubois",
            "Wei Chen",
            "Li Ming",
            "Иван Петров",
            "Björn Nilson",
        ];
        let mut found = 0;
        for query in queries {
            let query = keyed(query);
            for min in [0.5, 0.8, 0.85, 0.9, 0.95] {
                for name in &listed {
                    let every = name
                        .keys
                        .iter()
                        .flat_map(|(a, _)| query.keys.iter().map(move |(b, _)| jaro_winkler(a, b)))
                        .fold(0.0, f64::max);
                    let expected = (every >= min).then_some(every);
                    assert_eq!(name.similarity(&query, min), expected);
                    found += usize::from(expected.is_some());
                }
            }
        }
        assert!(found > 100, "the queries match some names: {found}");
    }
}
