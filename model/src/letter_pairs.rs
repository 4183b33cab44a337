//! Upper-case letter pairs ("AA" to "ZZ"), the shape of an ISO 3166-1
//! alpha-2 code: each has a place, for tables indexed by country, and
//! static text, so a country code is kept without a copy. Shared by the
//! rules and the host, which both hold countries as codes.

/// How many upper-case letter pairs there are.
pub const PAIRS_COUNT: usize = 26 * 26;

/// Every upper-case letter pair, in order: the text [`pair_at`] lends out.
const PAIRS: [u8; PAIRS_COUNT * 2] = {
    let mut pairs = [0_u8; PAIRS_COUNT * 2];
    let mut i = 0;
    while i < PAIRS_COUNT {
        pairs[2 * i] = b'A' + (i / 26) as u8;
        pairs[2 * i + 1] = b'A' + (i % 26) as u8;
        i += 1;
    }
    pairs
};

/// The place of an upper-case letter pair among all of them ("AA" 0,
/// "AB" 1, ... "ZZ" 675): what tables by country are indexed by. None
/// for any other text.
pub fn pair_index(text: &str) -> Option<usize> {
    let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = text.as_bytes() else {
        return None;
    };
    Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
}

/// [`PAIRS`] as text, checked once when compiled: a pair lent out is a
/// slice of it, with no check of its bytes at each call.
const PAIRS_TEXT: &str = match std::str::from_utf8(&PAIRS) {
    Ok(text) => text,
    Err(_) => panic!("ASCII letters"),
};

/// The upper-case letter pair at `index` (see [`pair_index`]), as static
/// text.
pub fn pair_at(index: usize) -> &'static str {
    &PAIRS_TEXT[2 * index..2 * index + 2]
}

/// `text` as static text when it is an upper-case letter pair (any
/// country code), so a country read from a field is kept without a copy.
pub fn code(text: &str) -> Option<&'static str> {
    pair_index(text).map(pair_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_upper_case_pair_is_lent_as_static_text() {
        for pair in ["DE", "ZZ", "AA", "XK"] {
            assert_eq!(code(pair), Some(pair));
        }
        for other in ["de", "DEU", "D", "", "D1"] {
            assert_eq!(code(other), None, "{other:?}");
        }
        assert_eq!((pair_index("AA"), pair_index("AB")), (Some(0), Some(1)));
        assert_eq!(pair_index("ZZ"), Some(675));
        assert_eq!(pair_at(675), "ZZ");
        for index in 0..PAIRS_COUNT {
            assert_eq!(pair_index(pair_at(index)), Some(index));
        }
    }
}
