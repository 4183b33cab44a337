//! Stellar account addresses (SEP-23 "StrKey"): `G` and 55 more
//! characters of RFC 4648 base32, 35 bytes: a version byte (6 << 3 for an
//! ed25519 public key), the 32-byte key, and CRC16-XMODEM of those 33
//! bytes, little-endian.
//!
//! A muxed account (`M…`, 69 characters) is an account and a 64-bit id
//! in one string (version 12 << 3, the key, the id big-endian, the
//! checksum): an exchange's customer at its one address, as a memo id
//! beside a `G…` address says it. It is read as that account and id.

use super::{CRC16, Packed};

/// The version byte of an account id (SEP-23: `G`).
const ACCOUNT_ID: u8 = 6 << 3;

/// The version byte of a muxed account (SEP-23: `M`).
const MUXED_ACCOUNT: u8 = 12 << 3;

/// A muxed account's length in characters.
pub const MUXED_LEN: usize = 69;

/// `text` read as a muxed account; None when it is none.
pub(super) fn muxed(text: &str) -> Option<Packed> {
    let b = text.as_bytes();
    let shaped = b.len() == MUXED_LEN
        && b[0] == b'M'
        && b.iter()
            .all(|&c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c));
    if !shaped {
        return None;
    }
    let bytes = data_encoding::BASE32_NOPAD.decode(b).ok()?;
    let (body, sum) = bytes.split_at_checked(41)?;
    let [version, key @ .., i0, i1, i2, i3, i4, i5, i6, i7] = body else {
        return None;
    };
    if *version != MUXED_ACCOUNT {
        return None;
    }
    if CRC16.checksum(body).to_le_bytes() != sum {
        return Some(Packed::Misspelt);
    }
    let mut account = Vec::with_capacity(35);
    account.push(ACCOUNT_ID);
    account.extend_from_slice(key);
    account.extend_from_slice(&CRC16.checksum(&account).to_le_bytes());
    Some(Packed::Account {
        address: data_encoding::BASE32_NOPAD.encode(&account),
        tag: Some(u64::from_be_bytes([*i0, *i1, *i2, *i3, *i4, *i5, *i6, *i7])),
    })
}

/// Whether `text` has an account id's shape: `G` and 55 more upper-case
/// base32 characters.
pub fn is_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 56
        && b[0] == b'G'
        && b.iter()
            .all(|&c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c))
}

/// Whether an account id's checksum holds; None when `text` is not
/// shaped as one, or decodes to another version.
pub fn checksum_holds(text: &str) -> Option<bool> {
    if !is_shaped(text) {
        return None;
    }
    let bytes = data_encoding::BASE32_NOPAD.decode(text.as_bytes()).ok()?;
    let (body, sum) = bytes.split_at(33);
    (body[0] == ACCOUNT_ID).then(|| CRC16.checksum(body).to_le_bytes() == sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SEP-23's valid account id.
    const SEP23: &str = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";

    #[test]
    fn reads_sep23s_account_and_its_typo() {
        assert_eq!(checksum_holds(SEP23), Some(true));
        assert_eq!(
            checksum_holds(&SEP23.replacen("VSGZ", "VSGY", 1)),
            Some(false)
        );
    }

    #[test]
    fn reads_sep23s_muxed_accounts_as_the_account_and_its_id() {
        for (written, id) in [
            (
                "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAAAAAAACJUQ",
                0,
            ),
            (
                "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK",
                9_223_372_036_854_775_808,
            ),
        ] {
            assert_eq!(
                muxed(written),
                Some(Packed::Account {
                    address: SEP23.into(),
                    tag: Some(id)
                }),
                "{written}"
            );
        }
        let typo = "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJUAAAAAAABAAAACJUQ";
        assert_eq!(muxed(typo), Some(Packed::Misspelt));
        assert_eq!(muxed(SEP23), None);
        assert_eq!(muxed(&typo.to_lowercase()), None);
    }

    #[test]
    fn other_text_is_no_account() {
        // Lower case, a character outside base32, one too few, a secret
        // seed's `S` (never written as a payee).
        assert_eq!(checksum_holds(&SEP23.to_lowercase()), None);
        assert_eq!(checksum_holds(&SEP23.replacen('A', "1", 1)), None);
        assert_eq!(checksum_holds(&SEP23[..55]), None);
        assert_eq!(checksum_holds(&SEP23.replacen('G', "S", 1)), None);
    }
}
