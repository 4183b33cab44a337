//! Stellar account addresses (SEP-23 "StrKey"): `G` and 55 more
//! characters of RFC 4648 base32, 35 bytes: a version byte (6 << 3 for an
//! ed25519 public key), the 32-byte key, and CRC16-XMODEM of those 33
//! bytes, little-endian.
//!
//! Muxed accounts (`M…`, an account with a memo id inside) are not read:
//! their id is a customer's at an exchange, which a payout key would
//! need to keep apart.

use super::CRC16;

/// The version byte of an account id (SEP-23: `G`).
const ACCOUNT_ID: u8 = 6 << 3;

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
    fn other_text_is_no_account() {
        // Lower case, a character outside base32, one too few, a secret
        // seed's `S` (never written as a payee).
        assert_eq!(checksum_holds(&SEP23.to_lowercase()), None);
        assert_eq!(checksum_holds(&SEP23.replacen('A', "1", 1)), None);
        assert_eq!(checksum_holds(&SEP23[..55]), None);
        assert_eq!(checksum_holds(&SEP23.replacen('G', "S", 1)), None);
    }
}
