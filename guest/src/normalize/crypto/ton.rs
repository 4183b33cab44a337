//! TON addresses. One account is written three ways: "bounceable"
//! (`EQ…`, as explorers and exchanges show it), "non-bounceable" (`UQ…`,
//! as Telegram's Wallet and Tonkeeper show it since 2024) and raw
//! (`0:<hex>`). Each is read as the account, workchain and 32-byte id, so
//! the three are one destination, keyed by its bounceable form: the key a
//! wallet written `EQ…` had before TON was recognised (its text), so a
//! history recorded then still meets it.
//!
//! The user-friendly form (TON docs, "Smart contract addresses"): 36
//! bytes in base64 or base64url, 48 characters: a flags byte (0x11
//! bounceable, 0x51 non-bounceable, plus 0x80 for a testnet-only
//! address), the workchain as a signed byte (0 or -1), the account id,
//! and CRC16-XMODEM of those 34 bytes, big-endian.

use super::CRC16;

/// A TON account: what every spelling of its address stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    testnet: bool,
    workchain: i8,
    id: [u8; 32],
}

impl Account {
    /// Its bounceable form in base64url (`EQ…`): one key for every
    /// spelling.
    pub fn bounceable(&self) -> String {
        let mut bytes = [0u8; 36];
        bytes[0] = if self.testnet { 0x91 } else { 0x11 };
        bytes[1] = self.workchain as u8;
        bytes[2..34].copy_from_slice(&self.id);
        let sum = CRC16.checksum(&bytes[..34]).to_be_bytes();
        bytes[34..].copy_from_slice(&sum);
        data_encoding::BASE64URL.encode(&bytes)
    }
}

/// Whether `text` has a user-friendly address's shape: 48 characters of
/// base64 or base64url whose first two give a TON flags byte and
/// workchain (`EQ`, `UQ`, `Ef`, `Uf`, and testnet's `kQ`, `0Q`).
pub fn is_friendly_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 48
        && matches!(b[0], b'E' | b'U' | b'k' | b'0')
        && matches!(b[1], b'Q' | b'f')
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'+' | b'/'))
}

/// Reads a user-friendly address: its account and whether its checksum
/// holds. None when it is not one (see [`is_friendly_shaped`]), or mixes
/// the two alphabets.
pub fn friendly(text: &str) -> Option<(Account, bool)> {
    if !is_friendly_shaped(text) {
        return None;
    }
    let url = text.contains(['-', '_']);
    if url && text.contains(['+', '/']) {
        return None;
    }
    let encoding = if url {
        &data_encoding::BASE64URL
    } else {
        &data_encoding::BASE64
    };
    let bytes = encoding.decode(text.as_bytes()).ok()?;
    let (body, sum) = bytes.split_at(34);
    if !matches!(body[0] & 0x7f, 0x11 | 0x51) || !matches!(body[1], 0x00 | 0xff) {
        return None;
    }
    let account = Account {
        testnet: body[0] & 0x80 != 0,
        workchain: body[1] as i8,
        id: body[2..].try_into().ok()?,
    };
    let checksum_ok = CRC16.checksum(body).to_be_bytes() == sum;
    Some((account, checksum_ok))
}

/// Reads the raw form: `0:` or `-1:` and the id's 64 hex digits, in
/// either case.
pub fn raw(text: &str) -> Option<Account> {
    let (workchain, hex) = text.split_once(':')?;
    let workchain = match workchain {
        "0" => 0,
        "-1" => -1,
        _ => return None,
    };
    let id = data_encoding::HEXLOWER_PERMISSIVE
        .decode(hex.as_bytes())
        .ok()?
        .try_into()
        .ok()?;
    Some(Account {
        testnet: false,
        workchain,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TON docs' example account ("Smart contract addresses": raw and
    /// bounceable forms).
    const DOCS_RAW: &str = "0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e";
    const DOCS_BOUNCEABLE: &str = "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF";

    #[test]
    fn reads_the_docs_example_in_both_forms_as_one_account() {
        let (account, ok) = friendly(DOCS_BOUNCEABLE).unwrap();
        assert!(ok);
        assert_eq!(account.bounceable(), DOCS_BOUNCEABLE);
        assert_eq!(raw(DOCS_RAW), Some(account));
        assert_eq!(raw(&DOCS_RAW.to_uppercase()), Some(account));
        // Standard base64 spells the same bytes with '+' for '-'.
        let standard = DOCS_BOUNCEABLE.replace('-', "+");
        assert_eq!(friendly(&standard), Some((account, true)));
    }

    #[test]
    fn bounceable_and_non_bounceable_are_one_account() {
        // The TON Foundation's address, and its UQ form (flags 0x51, the
        // checksum computed by Python's binascii.crc_hqx).
        let eq = friendly("EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N").unwrap();
        let uq = friendly("UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI").unwrap();
        assert!(eq.1 && uq.1);
        assert_eq!(eq.0, uq.0);
        assert_eq!(
            uq.0.bounceable(),
            "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N"
        );
    }

    #[test]
    fn a_changed_character_fails_the_checksum_and_other_text_is_no_address() {
        let typo = DOCS_BOUNCEABLE.replacen("KjKJ", "KjKK", 1);
        assert_eq!(friendly(&typo).map(|(_, ok)| ok), Some(false));
        // Both alphabets at once, a flags byte TON does not use, a length
        // off by one, a workchain other than 0 or -1.
        let mixed = DOCS_BOUNCEABLE.replacen('X', "+", 1);
        assert_eq!(friendly(&mixed), None);
        assert_eq!(friendly(&format!("{DOCS_BOUNCEABLE}A")), None);
        assert_eq!(friendly(&DOCS_BOUNCEABLE.replacen("EQ", "EA", 1)), None);
        assert_eq!(raw(&DOCS_RAW.replacen("0:", "5:", 1)), None);
        assert_eq!(raw(&DOCS_RAW[..60]), None);
        assert_eq!(raw(&DOCS_RAW.replacen('c', "g", 1)), None);
    }
}
