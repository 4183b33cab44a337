//! Sorted lists of short lower-case ASCII words, looked up on every word
//! of every holder: a filter on the first two letters answers most
//! people's words without a search.

use std::borrow::Cow;

/// No listed word is longer.
pub(crate) const MAX_WORD: usize = 32;

/// The bit of a word's second byte in [`Words`]' filter; bit 63 stands
/// for a word of one letter.
const fn second_bit(word: &[u8]) -> u64 {
    if word.len() < 2 {
        return 1 << 63;
    }
    match word[1].to_ascii_lowercase() {
        b @ b'a'..=b'z' => 1 << (b - b'a'),
        b @ b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

/// A sorted list of lower-case ASCII words (letters and digits, a letter
/// first), with the second letters its words of each length and first
/// letter have, so a word no listed word begins like (most of a person's
/// name) is answered without a search.
pub(crate) struct Words {
    sorted: Cow<'static, [&'static str]>,
    /// Per length and first letter, the bits ([`second_bit`]) of the
    /// listed words' second letters.
    starts: [[u64; 26]; MAX_WORD + 1],
}

/// [`Words`]' filter for `sorted`, checking each word's shape.
const fn starts_of(sorted: &[&str]) -> [[u64; 26]; MAX_WORD + 1] {
    let mut starts = [[0_u64; 26]; MAX_WORD + 1];
    let mut i = 0;
    while i < sorted.len() {
        let word = sorted[i].as_bytes();
        assert!(!word.is_empty() && word.len() <= MAX_WORD && word[0].is_ascii_lowercase());
        let mut j = 0;
        while j < word.len() {
            assert!(word[j].is_ascii_lowercase() || word[j].is_ascii_digit());
            j += 1;
        }
        starts[word.len()][(word[0] - b'a') as usize] |= second_bit(word);
        i += 1;
    }
    starts
}

impl Words {
    /// `sorted`'s words, checked when compiled.
    pub(crate) const fn new(sorted: &'static [&'static str]) -> Words {
        Words {
            sorted: Cow::Borrowed(sorted),
            starts: starts_of(sorted),
        }
    }

    /// The first field of each line of a data pack's body (sorted, as
    /// the pack's own test checks) whose second field `keep` accepts.
    pub(crate) fn of_pack(body: &'static str, keep: impl Fn(&str) -> bool) -> Words {
        let sorted: Vec<&'static str> = body
            .lines()
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let word = fields.next().unwrap_or_default();
                keep(fields.next().unwrap_or_default()).then_some(word)
            })
            .collect();
        Words {
            starts: starts_of(&sorted),
            sorted: Cow::Owned(sorted),
        }
    }

    /// The listed words.
    #[cfg(test)]
    pub(crate) fn listed(&self) -> &[&'static str] {
        &self.sorted
    }

    /// Whether ASCII `word`, in any case, is listed: a binary search on the
    /// word lower-cased on the stack, as this runs on every holder's every
    /// word and every token of a name read. The first letters are compared
    /// before the rest, which decides most steps without a call to
    /// `memcmp`.
    pub(crate) fn contains(&self, word: &[u8]) -> bool {
        let Some(&first) = word.first() else {
            return false;
        };
        let first = first.to_ascii_lowercase();
        let letter = usize::from(first.wrapping_sub(b'a'));
        let started = self
            .starts
            .get(word.len())
            .and_then(|by_letter| by_letter.get(letter))
            .is_some_and(|seconds| seconds & second_bit(word) != 0);
        if !started {
            return false;
        }
        let mut buffer = [0_u8; MAX_WORD];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        self.sorted
            .binary_search_by(|w| {
                let w = w.as_bytes();
                w[0].cmp(&first).then_with(|| w.cmp(lower))
            })
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: Words = Words::new(&["ag", "gmbh", "ltd", "o", "s2"]);

    #[test]
    fn finds_listed_words_in_any_case_and_nothing_else() {
        for listed in [&b"ag"[..], b"AG", b"GmbH", b"LTD", b"o", b"O", b"s2"] {
            assert!(LIST.contains(listed), "{listed:?}");
        }
        // Past the filter the search decides: "gmbx" and "LTX" begin as
        // listed words of their length do.
        for unlisted in [
            &b"gmbx"[..],
            b"LTX",
            b"1td",
            b"",
            b"-",
            b"a",
            b"s3",
            b"\xc3\xa9t",
            &[b'a'; MAX_WORD + 1],
        ] {
            assert!(!LIST.contains(unlisted), "{unlisted:?}");
        }
    }

    #[test]
    fn a_pack_lists_the_first_fields_of_the_lines_kept() {
        let pack = "ag\tany\tby hand\ndoo\tletters\trigour: d.o.o.\ngmbh\tany\trigour: GmbH\n";
        let words = Words::of_pack(pack, |written| written == "any");
        assert_eq!(words.listed(), ["ag", "gmbh"]);
        assert!(words.contains(b"GMBH") && !words.contains(b"by") && !words.contains(b"doo"));
        assert_eq!(Words::of_pack(pack, |w| w == "letters").listed(), ["doo"]);
    }
}
