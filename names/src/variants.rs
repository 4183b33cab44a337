//! Latin spellings of one name (`guest/data/name-variants.tsv`): Korean
//! Bang and Pahng, Chinese Sun and Suen, Japanese Satō as Sato and Satou,
//! Ukrainian Dmytro and Russian Dmitriy. Each line is one name's spellings,
//! folded as [`crate::fold`] folds tokens. Indexed once by spelling, as
//! offsets into the text so the index is small; a look-up allocates nothing.

use std::sync::OnceLock;

/// The pack's text, shared with the plugin's `info`.
pub const TEXT: &str = include_str!("../../guest/data/name-variants.tsv");

struct Index {
    /// Where each line (one name) starts, in order.
    lines: Vec<u32>,
    /// Where each spelling starts, sorted by the spelling.
    spellings: Vec<u32>,
}

fn word(at: u32) -> &'static str {
    let rest = &TEXT[at as usize..];
    &rest[..rest.find([' ', '\n']).unwrap_or(rest.len())]
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut lines = Vec::with_capacity(40_000);
        let mut spellings = Vec::with_capacity(140_000);
        let mut at = 0u32;
        for line in TEXT.split_inclusive('\n') {
            if !line.starts_with('#') && !line.trim().is_empty() {
                lines.push(at);
                let mut offset = at;
                for w in line.trim_end().split(' ') {
                    spellings.push(offset);
                    offset += w.len() as u32 + 1;
                }
            }
            at += line.len() as u32;
        }
        spellings.sort_unstable_by_key(|&at| word(at));
        Index { lines, spellings }
    })
}

/// The names (line numbers) a folded spelling belongs to.
fn names_of(spelling: &str) -> impl Iterator<Item = usize> + '_ {
    let index = index();
    let start = index.spellings.partition_point(|&at| word(at) < spelling);
    index.spellings[start..]
        .iter()
        .take_while(move |&&at| word(at) == spelling)
        .map(|&at| index.lines.partition_point(|&line| line <= at) - 1)
}

/// Whether two folded tokens are spellings of one name in the pack.
pub fn same_name(a: &str, b: &str) -> bool {
    a != b && names_of(a).any(|name| names_of(b).any(|other| other == name))
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
    fn every_spelling_is_a_token() {
        let index = index();
        assert!(index.lines.len() > 30_000, "{}", index.lines.len());
        for &at in &index.spellings {
            let w = word(at);
            assert!(
                w.len() >= 2 && w.bytes().all(|b| b.is_ascii_lowercase()),
                "{w:?}"
            );
        }
    }
}
