//! XRP's X-address (XLS-5d): a classic address and its destination tag in
//! one string, as some exchanges and wallets show a deposit address. It
//! is read as the classic address and the tag, so `X…` and `r…?dt=N` are
//! one account at one exchange.
//!
//! Base58check in Ripple's alphabet (bs58 decodes it), of 31 bytes: two
//! prefix bytes (0x05 0x44 on the main network, which write `X`), the
//! 20-byte account id, a flag byte (0: no tag, 1: a 32-bit tag), and the
//! tag in 8 little-endian bytes. Read here rather than by a crate: the
//! XRPL's Rust crates bring its whole client for these few lines.

use super::Packed;

/// An X-address's length in characters.
pub(super) const LEN: usize = 47;

/// The prefix of a main-network X-address (a test network's writes `T`,
/// never a payee's).
const MAIN_NET: [u8; 2] = [0x05, 0x44];

/// `text` read as a main-network X-address; None when it is none.
pub(super) fn read(text: &str) -> Option<Packed> {
    if text.len() != LEN || !text.starts_with('X') {
        return None;
    }
    let payload = match bs58::decode(text)
        .with_alphabet(bs58::Alphabet::RIPPLE)
        .with_check(None)
        .into_vec()
    {
        Ok(payload) => payload,
        Err(bs58::decode::Error::InvalidChecksum { .. }) => return Some(Packed::Misspelt),
        Err(_) => return None,
    };
    let [p0, p1, rest @ ..] = payload.as_slice() else {
        return None;
    };
    let (account, [flag, tag @ ..]) = rest.split_at_checked(20)? else {
        return None;
    };
    let tag: [u8; 8] = tag.try_into().ok()?;
    let tag = u64::from_le_bytes(tag);
    // A tag is 32 bits, and none is written after a flag of none.
    let tag = match (*flag, tag) {
        (0, 0) => None,
        (1, tag) if tag <= u64::from(u32::MAX) => Some(tag),
        _ => return None,
    };
    if [*p0, *p1] != MAIN_NET {
        return None;
    }
    // The classic address: version 0 and the account id, base58check.
    let mut classic = Vec::with_capacity(21);
    classic.push(0);
    classic.extend_from_slice(account);
    let classic = bs58::encode(classic)
        .with_alphabet(bs58::Alphabet::RIPPLE)
        .with_check()
        .into_string();
    Some(Packed::Account {
        address: classic,
        tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLASSIC: &str = "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf";

    fn account(classic: &str, tag: Option<u64>) -> Option<Packed> {
        Some(Packed::Account {
            address: classic.into(),
            tag,
        })
    }

    #[test]
    fn reads_the_classic_address_and_the_tag() {
        // xrpl.js's address codec's own example, without a tag.
        assert_eq!(
            read("XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb"),
            account(CLASSIC, None)
        );
        assert_eq!(
            read("XVLhHMPHU98es4dbozjVtdWzVrDjtV8xvjGQTYPiAx6gwDC"),
            account(CLASSIC, Some(1))
        );
        assert_eq!(
            read("XVPcpSm47b1CZkf5AkKM9a84dQHe3mTrgebm1uqs3Cz1LER"),
            account("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", Some(104711))
        );
    }

    #[test]
    fn a_typo_is_misspelt_and_other_text_is_none() {
        assert_eq!(
            read("XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXc"),
            Some(Packed::Misspelt)
        );
        for text in [
            CLASSIC,
            "XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQX",
            "XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQX0",
            // A test network's X-address.
            "TVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }
}
