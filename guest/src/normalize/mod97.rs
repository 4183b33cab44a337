//! ISO 7064 MOD 97-10, as ISO 13616 applies it to IBANs: the IBAN's
//! characters read as one long number, digits as themselves and letters as
//! two digits each (A = 10 to Z = 35), taken modulo 97. Written here, not
//! taken from `iban_validate`: that crate checks digits but computes none
//! (a national account's IBAN needs them computed), and its check reduces
//! after every character, a division the plugin paid 22 times an IBAN.

/// The remainder modulo 97 of the number that `chars` (digits and capital
/// letters) spell.
pub fn remainder(chars: impl IntoIterator<Item = u8>) -> u64 {
    // Reduced only when the next step could overflow: a u64 below 2^50,
    // times 100, plus 35, stays below 2^57. An IBAN takes two or three
    // divisions, not one per character.
    const ROOM: u64 = 1 << 50;
    let mut rest = 0_u64;
    for c in chars {
        if rest >= ROOM {
            rest %= 97;
        }
        rest = match c {
            b'0'..=b'9' => rest * 10 + u64::from(c - b'0'),
            _ => rest * 100 + u64::from(c.wrapping_sub(b'A')) + 10,
        };
    }
    rest % 97
}

/// Whether an IBAN's electronic form (checked to be capitals and digits)
/// leaves 1 modulo 97 with its first four characters moved to its end.
pub fn iban_holds(electronic: &[u8]) -> bool {
    let (head, bban) = electronic.split_at(electronic.len().min(4));
    remainder(bban.iter().chain(head).copied()) == 1
}

/// The two check digits of the IBAN of `country` and `bban`.
pub fn iban_digits(country: &str, bban: &str) -> u64 {
    98 - remainder(bban.bytes().chain(country.bytes()).chain(*b"00"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remainder computed the slow way, one character at a time.
    fn by_character(chars: &[u8]) -> u64 {
        chars.iter().fold(0, |rest, &c| match c {
            b'0'..=b'9' => (rest * 10 + u64::from(c - b'0')) % 97,
            _ => (rest * 100 + u64::from(c - b'A') + 10) % 97,
        })
    }

    #[test]
    fn the_registrys_examples_hold() {
        for iban in [
            "DE89370400440532013000",
            "GB29NWBK60161331926819",
            "FR1420041010050500013M02606",
            "PK36SCBL0000001123456702",
            "MT84MALT011000012345MTLCAST001S",
            "LC55HEMM000100010012001200023015",
        ] {
            assert!(iban_holds(iban.as_bytes()), "{iban}");
            assert_eq!(iban_digits(&iban[..2], &iban[4..]).to_string(), iban[2..4]);
        }
        assert!(!iban_holds(b"DE88370400440532013000"));
        assert!(!iban_holds(b"DE8"));
    }

    #[test]
    fn long_numbers_reduce_as_one_character_at_a_time_does() {
        // 34 characters of the largest values, and every length below.
        let all_z = [b'Z'; 34];
        let all_9 = [b'9'; 34];
        let mixed: Vec<u8> = (0..34).map(|i| b"9Z0A"[i % 4]).collect();
        for chars in [&all_z[..], &all_9[..], &mixed[..]] {
            for n in 0..=chars.len() {
                assert_eq!(
                    remainder(chars[..n].iter().copied()),
                    by_character(&chars[..n])
                );
            }
        }
    }
}
