//! Recognising crypto-currency addresses: Bitcoin and Litecoin
//! (base58check, bech32, bech32m), Ethereum and every EVM chain (hex with
//! the EIP-55 checksum), TRON (base58check), Solana (a base58 public key),
//! XRP (base58check in Ripple's alphabet, and its X-address), Stellar and
//! TON.

mod stellar;
mod tag;
mod ton;
mod xaddress;

use crate::data::crypto_networks;
use regex_lite::Regex;
use sha3::{Digest, Keccak256};
use std::sync::OnceLock;

/// The checksum of TON's and Stellar's addresses.
const CRC16: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_XMODEM);

/// The chains whose addresses are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Bitcoin,
    /// Ethereum's addresses, which every EVM chain (BNB Smart Chain,
    /// Polygon, Arbitrum, Base) shares.
    Ethereum,
    Tron,
    Solana,
    Litecoin,
    Xrp,
    Stellar,
    Ton,
}

/// Every chain, for [`Chain::from_ticker`].
const CHAINS: [Chain; 8] = [
    Chain::Bitcoin,
    Chain::Ethereum,
    Chain::Tron,
    Chain::Solana,
    Chain::Litecoin,
    Chain::Xrp,
    Chain::Stellar,
    Chain::Ton,
];

impl Chain {
    /// The ticker a reviewer knows the chain by.
    pub fn ticker(self) -> &'static str {
        match self {
            Chain::Bitcoin => "BTC",
            Chain::Ethereum => "ETH",
            Chain::Tron => "TRON",
            Chain::Solana => "SOL",
            Chain::Litecoin => "LTC",
            Chain::Xrp => "XRP",
            Chain::Stellar => "XLM",
            Chain::Ton => "TON",
        }
    }

    /// The chain of a [`Chain::ticker`].
    pub fn from_ticker(ticker: &str) -> Option<Chain> {
        CHAINS.into_iter().find(|c| c.ticker() == ticker)
    }

    /// The chain a declared network name stands for, if the
    /// crypto-networks pack lists it. ERC-20 and TRC-20 tokens (USDT) live
    /// on Ethereum and TRON addresses, BEP-20 tokens on Ethereum's.
    pub fn from_network(network: &str) -> Option<Chain> {
        crypto_networks::chain(network)
    }

    /// Whether a wallet declared on this chain's network can have
    /// `address`: its own chain's, or a Litecoin wallet's older `3…`
    /// script address, which has Bitcoin's version byte (Litecoin Core
    /// moved to `M…` in 0.13.2, and the old ones still receive).
    pub fn takes(self, address: &Address) -> bool {
        address.chain == self
            || (self == Chain::Litecoin
                && address.chain == Chain::Bitcoin
                && address.text.starts_with('3'))
    }
}

/// An address recognised by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub chain: Chain,
    /// The address as written, trimmed (out of its payment URI, when it
    /// came in one); for an XRP X-address or a Stellar muxed account, the
    /// account it encodes.
    pub text: String,
    /// Whether its checksum holds. An address that fails is still an
    /// address: someone meant to be paid in crypto.
    pub checksum_ok: bool,
    /// The destination tag (XRP) or memo (Stellar, TON) written with it:
    /// which customer's account at an exchange's one deposit address.
    pub tag: Option<u64>,
}

impl Address {
    /// One wallet, one key: hex and bech32 ignore case, base58 does not,
    /// and a TON account is its bounceable form however it was written.
    pub fn normalized(&self) -> String {
        match self.chain {
            Chain::Ethereum => self.text.to_ascii_lowercase(),
            Chain::Bitcoin | Chain::Litecoin if is_bech32_shaped(&self.text) => {
                self.text.to_ascii_lowercase()
            }
            Chain::Ton => match ton::friendly(&self.text) {
                Some((account, true)) => account.bounceable(),
                Some((_, false)) => self.text.clone(),
                None => ton::raw(&self.text).map_or_else(|| self.text.clone(), |a| a.bounceable()),
            },
            Chain::Bitcoin
            | Chain::Litecoin
            | Chain::Tron
            | Chain::Solana
            | Chain::Xrp
            | Chain::Stellar => self.text.clone(),
        }
    }

    /// The account it pays: [`Address::normalized`], and its tag when one
    /// was written, named as the chain's payment links name it (XRP's
    /// `…?dt=104711`, Stellar's and TON's `…?memo=98765`). Employees at
    /// one exchange share its deposit address, not their accounts there.
    /// (A facilitator's own wallet written with a made-up tag for each
    /// employee is as hidden as a new address for each, which costs a
    /// wallet nothing either.)
    pub fn account(&self) -> String {
        let address = self.normalized();
        match (self.tag, self.chain) {
            (Some(tag), Chain::Xrp) => format!("{address}?dt={tag}"),
            (Some(tag), _) => format!("{address}?memo={tag}"),
            (None, _) => address,
        }
    }
}

/// What an address that carries its tag inside it says (an XRP
/// X-address, a Stellar muxed account).
#[derive(Debug, PartialEq, Eq)]
enum Packed {
    /// The address it encodes, and its tag when it carries one.
    Account { address: String, tag: Option<u64> },
    /// Its checksum fails.
    Misspelt,
}

impl Packed {
    /// The address on `chain` that `written` (trimmed) is.
    fn address(self, chain: Chain, written: &str) -> Address {
        match self {
            Packed::Account { address, tag } => Address {
                chain,
                text: address,
                checksum_ok: true,
                tag,
            },
            Packed::Misspelt => Address {
                chain,
                text: written.to_string(),
                checksum_ok: false,
                tag: None,
            },
        }
    }
}

/// Recognises a wallet field as an address, bare or inside the payment
/// URI a wallet shares it as ("bitcoin:bc1q…?amount=0.1",
/// "ethereum:0x…@1"), or as people write one down: grouped with spaces
/// ("TR7NH qjeKQ …"), quoted or bracketed, with a full stop after it, or
/// behind a label ("TRC20: T…", "tron:T…"). One wallet, whichever way it
/// was copied: otherwise each spelling is a destination of its own, and
/// a wallet shared by several employees is not seen as shared.
pub fn recognise(raw: &str) -> Option<Address> {
    let text = raw.trim();
    let mut address = match payment_uri(text) {
        Some((chain, address)) => recognise_bare(address).filter(|a| a.chain == chain)?,
        None => recognise_bare(text).or_else(|| written_around(text))?,
    };
    // An address written alone has no tag beside it (an X-address's is
    // inside it).
    if address.tag.is_none() && address.text.len() != text.len() && tag::tagged(address.chain) {
        address.tag = tag::in_text(text, &address.text);
    }
    Some(address)
}

/// A payout's wallet field [`recognise`]d, with the tag its `reference`
/// gives when the chain names accounts by one and the field wrote none
/// (`tag::in_reference`): an export's "Memo" column is read as the
/// reference. The rules' facts and the roster keys read a wallet so.
pub fn recognise_paid(raw: &str, reference: Option<&str>) -> Option<Address> {
    let mut address = recognise(raw)?;
    if address.tag.is_none()
        && tag::tagged(address.chain)
        && let Some(reference) = reference
    {
        address.tag = tag::in_reference(reference);
    }
    Some(address)
}

/// The one address a wallet field holds with more around it than an
/// address: spaces inside it, punctuation around it, or words beside it.
/// None when the field holds no address, or two different ones.
fn written_around(text: &str) -> Option<Address> {
    if !has_run(text, 4) {
        return None;
    }
    // Grouped with spaces, or wrapped in quotes, brackets or a full stop
    // (a TON address may end in base64's '-', '_', '+' or '/'), and so
    // behind a label ("USDT TRC20: TR7NH qjeKQ …").
    let labelled = text.rsplit_once(':').map(|(_, after)| after);
    for written in std::iter::once(text).chain(labelled) {
        let compact: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        for bare in [
            compact.trim_matches(|c: char| !is_base64(c)),
            compact.trim_matches(|c: char| !c.is_ascii_alphanumeric()),
        ] {
            if bare != text
                && let Some(address) = recognise_bare(bare)
            {
                return Some(address);
            }
        }
    }
    // A label or another scheme beside it: the one address among the
    // field's words, its checksum holding (a word of digits has a
    // Bitcoin address's shape, not its checksum). TON's words hold
    // base64url's '-' and '_' (also in a link's path), or base64's '+'
    // and '/'.
    let mut found: Option<Address> = None;
    let words = text.split(|c: char| !c.is_ascii_alphanumeric());
    let url_words = text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')));
    let base64_words = text.split(|c: char| !is_base64(c));
    for word in words.chain(url_words).chain(base64_words) {
        let Some(address) = recognise_bare(word).filter(|a| a.checksum_ok) else {
            continue;
        };
        match &found {
            Some(first) if first.normalized() != address.normalized() => return None,
            Some(_) => {}
            None => found = Some(address),
        }
    }
    found
}

/// The chain a payment URI names and the address in it: BIP-21's
/// `bitcoin:<address>[?params]` (and Litecoin's `litecoin:` alike),
/// EIP-681's `ethereum:[pay-]<address>[@chain-id][/function][?params]`,
/// Solana Pay's `solana:<recipient>[?params]` and TON's
/// `ton://transfer/<address>[?params]`, schemes in any case. None for any
/// other text.
fn payment_uri(text: &str) -> Option<(Chain, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let (chain, rest) = if scheme.eq_ignore_ascii_case("bitcoin") {
        (Chain::Bitcoin, rest)
    } else if scheme.eq_ignore_ascii_case("litecoin") {
        (Chain::Litecoin, rest)
    } else if scheme.eq_ignore_ascii_case("ton") {
        (Chain::Ton, rest.strip_prefix("//transfer/")?)
    } else if scheme.eq_ignore_ascii_case("ethereum") {
        (Chain::Ethereum, rest.strip_prefix("pay-").unwrap_or(rest))
    } else if scheme.eq_ignore_ascii_case("solana") {
        (Chain::Solana, rest)
    } else {
        return None;
    };
    let end = match chain {
        Chain::Ethereum => rest.find(['?', '@', '/']),
        _ => rest.find('?'),
    };
    Some((chain, rest[..end.unwrap_or(rest.len())].trim()))
}

/// Recognises `text` (trimmed) as an address.
fn recognise_bare(text: &str) -> Option<Address> {
    let found = |chain, checksum_ok| {
        Some(Address {
            chain,
            text: text.to_string(),
            checksum_ok,
            tag: None,
        })
    };
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        if hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return found(Chain::Ethereum, eip55_holds(hex));
        }
        return None;
    }
    if is_bech32_shaped(text) {
        let chain = if text[..3].eq_ignore_ascii_case("ltc") {
            Chain::Litecoin
        } else {
            Chain::Bitcoin
        };
        return found(chain, bech32::segwit::decode(text).is_ok());
    }
    if text.starts_with('r') && (25..=35).contains(&text.len()) {
        return xrp_checksum_holds(text).and_then(|ok| found(Chain::Xrp, ok));
    }
    if text.len() == xaddress::LEN
        && let Some(packed) = xaddress::read(text)
    {
        return Some(packed.address(Chain::Xrp, text));
    }
    // A Solana key has no checksum: any 32 bytes are an address. It is
    // asked only once a base58check reading fails, as decoding costs a
    // TRON or Bitcoin address more than its own check does.
    if (25..=35).contains(&text.len()) {
        // bs58 refuses characters outside the alphabet before it checks.
        return match bs58::decode(text).with_check(None).into_vec() {
            Ok(payload) => base58_chain(text, &payload).and_then(|chain| found(chain, true)),
            Err(bs58::decode::Error::InvalidChecksum { .. }) if is_solana(text) => {
                found(Chain::Solana, true)
            }
            Err(bs58::decode::Error::InvalidChecksum { .. }) => {
                base58_chain_by_shape(text).and_then(|chain| found(chain, false))
            }
            Err(_) => None,
        };
    }
    if (36..=44).contains(&text.len()) && is_solana(text) {
        return found(Chain::Solana, true);
    }
    if let Some((_, ok)) = ton::friendly(text) {
        return found(Chain::Ton, ok);
    }
    if text.starts_with(['0', '-']) && ton::raw(text).is_some() {
        return found(Chain::Ton, true);
    }
    if text.len() == stellar::MUXED_LEN {
        return stellar::muxed(text).map(|packed| packed.address(Chain::Stellar, text));
    }
    stellar::checksum_holds(text).and_then(|ok| found(Chain::Stellar, ok))
}

/// Whether an XRP classic address's checksum holds (base58check in
/// Ripple's alphabet, account id version 0); None when `text` is no
/// base58 of that alphabet, or another version.
fn xrp_checksum_holds(text: &str) -> Option<bool> {
    match bs58::decode(text)
        .with_alphabet(bs58::Alphabet::RIPPLE)
        .with_check(None)
        .into_vec()
    {
        Ok(payload) => (payload.len() == 21 && payload[0] == 0).then_some(true),
        Err(bs58::decode::Error::InvalidChecksum { .. }) => Some(false),
        Err(_) => None,
    }
}

/// Finds the addresses written inside free text (a reference, an account
/// number). Stricter than [`recognise`]: a base58 token counts only when its
/// checksum holds, since invoice numbers can look like base58 but almost
/// never carry a valid 32-bit checksum by chance.
pub fn find_in_text(text: &str) -> Vec<Address> {
    // Every address is a run of at least 14 ASCII letters and digits
    // ("bc1" and 11 more); most free text has none, and a byte scan is far
    // cheaper than the pattern.
    if !has_run(text, 14) {
        return Vec::new();
    }
    static TOKENS: OnceLock<Regex> = OnceLock::new();
    let tokens = TOKENS.get_or_init(|| {
        Regex::new(concat!(
            r"(?i:0x[0-9a-f]{40}\b|\b(?:bc|tb|ltc)1[0-9a-z]{11,87}\b)",
            r"|\b[1-9A-HJ-NP-Za-km-z]{25,35}\b",
        ))
        .expect("the token pattern is valid")
    });
    let mut found: Vec<(usize, &str)> = tokens
        .find_iter(text)
        .map(|m| (m.start(), m.as_str()))
        .collect();
    // TON's and Stellar's addresses are 48 and 56 characters of base64 or
    // base32: looked for only in text that has such a run, which an IBAN
    // or a reference seldom has.
    if has_run_of(text, 48, is_base64) {
        static LONG: OnceLock<Regex> = OnceLock::new();
        let long = LONG.get_or_init(|| {
            // TON's user-friendly form may begin or end in '-', where
            // `\b` does not hold: its bounds are checked below.
            Regex::new(r"\bG[A-Z2-7]{55}\b|[EUk0][Qf][A-Za-z0-9_+/-]{46}")
                .expect("the long token pattern is valid")
        });
        // A TON address ends where no base64 continues it: a '-' or '/'
        // before it parts words and a link's path ("TON-UQ…",
        // "tonviewer.com/EQ…"), a '/' after it a path.
        let continues = |b: &u8, parts: &[u8]| is_base64(char::from(*b)) && !parts.contains(b);
        let bytes = text.as_bytes();
        let bounded = |m: &regex_lite::Match<'_>| {
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
            m.len() != 48
                || !before.is_some_and(|b| continues(b, b"-/"))
                    && !bytes.get(m.end()).is_some_and(|b| continues(b, b"/"))
        };
        found.extend(
            long.find_iter(text)
                .filter(bounded)
                .map(|m| (m.start(), m.as_str())),
        );
        found.sort_unstable_by_key(|(start, _)| *start);
    }
    found
        .into_iter()
        .filter_map(|(_, token)| recognise_bare(token))
        .filter(|a| match a.chain {
            // Nothing but its length tells a Solana key from another
            // base58 token in prose, and the pattern is too short for one.
            Chain::Solana => false,
            Chain::Ethereum => true,
            Chain::Bitcoin
            | Chain::Litecoin
            | Chain::Tron
            | Chain::Xrp
            | Chain::Stellar
            | Chain::Ton => a.checksum_ok || is_bech32_shaped(&a.text),
        })
        .collect()
}

/// Whether `c` is a character of base64 or base64url.
fn is_base64(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/')
}

/// Whether `text` holds `min` ASCII letters or digits in a row. Four
/// texts of every payout are asked, so it reads a window of `min` bytes
/// from its end: at the last byte that is neither, no run reaching the
/// window's end starts before it, and the next window starts after it,
/// so the letters of prose's short words are mostly never read.
fn has_run(text: &str, min: usize) -> bool {
    has_run_of(text, min, |c| c.is_ascii_alphanumeric())
}

/// [`has_run`] of the characters `of` takes (all ASCII).
fn has_run_of(text: &str, min: usize, of: impl Fn(char) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(window) = bytes.get(start..start + min) {
        match window.iter().rposition(|&b| !of(char::from(b))) {
            Some(gap) => start += gap + 1,
            None => return true,
        }
    }
    false
}

/// Whether `text` is a Solana address: a 32-byte ed25519 public key (or
/// a program-derived address, off the curve) in base58, which Bitcoin's
/// and TRON's base58check addresses (25 bytes) never decode to.
fn is_solana(text: &str) -> bool {
    let mut key = [0u8; 32];
    matches!(bs58::decode(text).onto(&mut key), Ok(32))
}

/// Bitcoin's (`bc1`, testnet `tb1`) and Litecoin's (`ltc1`) segwit
/// addresses: their prefix and bech32's alphabet, in either case.
fn is_bech32_shaped(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let data = match lower.strip_prefix("ltc1") {
        Some(data) => data,
        None if lower.starts_with("bc1") || lower.starts_with("tb1") => &lower[3..],
        None => return false,
    };
    (14..=90).contains(&text.len())
        && data
            .bytes()
            .all(|b| b"qpzry9x8gf2tvdw0s3jn54khce6mua7l".contains(&b))
}

/// EIP-55: a hex letter is upper case exactly when the matching nibble of
/// Keccak-256(lower-case hex) is 8 or more. All-lower or all-upper hex
/// carries no checksum and is accepted.
fn eip55_holds(hex: &str) -> bool {
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    if !(has_lower && has_upper) {
        return true;
    }
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    hex.bytes().enumerate().all(|(i, b)| {
        let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
        !b.is_ascii_alphabetic() || b.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// The chain of a base58check payload (version byte + 20-byte hash).
/// Litecoin's `L…` and `M…` versions are its own (Litecoin Core
/// chainparams: 48 and 50); its older `3…` is Bitcoin's 5.
fn base58_chain(text: &str, payload: &[u8]) -> Option<Chain> {
    match (payload.len(), payload.first()) {
        (21, Some(0x00 | 0x05 | 0x6f | 0xc4)) => Some(Chain::Bitcoin),
        (21, Some(0x30 | 0x32)) => Some(Chain::Litecoin),
        (21, Some(0x41)) if text.starts_with('T') => Some(Chain::Tron),
        _ => None,
    }
}

/// The chain a base58 string would belong to, judged by its first letter
/// and length alone, for addresses whose checksum fails.
fn base58_chain_by_shape(text: &str) -> Option<Chain> {
    match (text.chars().next(), text.len()) {
        (Some('1' | '3'), 26..=35) => Some(Chain::Bitcoin),
        (Some('T'), 34) => Some(Chain::Tron),
        (Some('L' | 'M'), 34) => Some(Chain::Litecoin),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn has_run_finds_the_runs_a_byte_by_byte_count_finds(
            text in "[a-cA-C0-9 .é-]{0,48}",
            min in 1..20usize,
        ) {
            let longest = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .map(str::len)
                .max()
                .unwrap_or(0);
            proptest::prop_assert_eq!(has_run(&text, min), longest >= min);
        }
    }

    fn chain_ok(raw: &str) -> Option<(Chain, bool)> {
        recognise(raw).map(|a| (a.chain, a.checksum_ok))
    }

    #[test]
    fn recognises_bitcoin_in_every_encoding() {
        // Genesis block address (P2PKH), BIP-16 example (P2SH),
        // BIP-173 (bech32 v0) and BIP-350 (bech32m v1) vectors.
        for addr in [
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        ] {
            assert_eq!(chain_ok(addr), Some((Chain::Bitcoin, true)), "{addr}");
        }
    }

    #[test]
    fn a_failed_checksum_is_still_an_address() {
        assert_eq!(
            chain_ok("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"),
            Some((Chain::Bitcoin, false))
        );
        assert_eq!(
            chain_ok("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"),
            Some((Chain::Bitcoin, false))
        );
        // EIP-55 vector with one letter's case flipped.
        assert_eq!(
            chain_ok("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"),
            Some((Chain::Ethereum, false))
        );
    }

    #[test]
    fn checks_eip55_only_for_mixed_case() {
        for addr in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            "0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED",
        ] {
            assert_eq!(chain_ok(addr), Some((Chain::Ethereum, true)), "{addr}");
        }
    }

    #[test]
    fn recognises_tron() {
        assert_eq!(
            chain_ok("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
            Some((Chain::Tron, true))
        );
    }

    #[test]
    fn recognises_solana_keys_and_no_other_base58_as_them() {
        // The USDC and USDT mints and the SPL token program: 32-byte keys.
        for key in [
            "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        ] {
            assert_eq!(chain_ok(key), Some((Chain::Solana, true)), "{key}");
            assert_eq!(recognise(key).unwrap().normalized(), key, "case kept");
        }
        // Any 32 bytes are a key, but a character more, or four fewer, are
        // not 32 bytes; a character outside base58 (0, O, I, l) is no
        // address at all.
        assert_eq!(
            recognise("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1vA"),
            None
        );
        assert_eq!(recognise("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZ"), None);
        assert_eq!(
            recognise("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt10"),
            None
        );
        // Bitcoin's and TRON's base58check addresses stay theirs.
        assert_eq!(
            chain_ok("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            Some((Chain::Bitcoin, true))
        );
        assert_eq!(
            chain_ok("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
            Some((Chain::Tron, true))
        );
        // No checksum tells a key from another token in prose.
        assert!(find_in_text("pay to EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v").is_empty());
    }

    #[test]
    fn recognises_litecoin_xrp_stellar_and_ton() {
        for (address, chain) in [
            // Litecoin's versions of BIP-173's hash (computed with PyPI
            // base58 and bech32).
            ("LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ", Chain::Litecoin),
            ("MJaRnao1s62a2zAKSkmG582KbLKianqb7v", Chain::Litecoin),
            (
                "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
                Chain::Litecoin,
            ),
            (
                "LTC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KGMN4N9",
                Chain::Litecoin,
            ),
            // The XRP Ledger's genesis account, and xrpl.org's example.
            ("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", Chain::Xrp),
            ("rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe", Chain::Xrp),
            // SEP-23's account id.
            (
                "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ",
                Chain::Stellar,
            ),
            // TON docs' account, bounceable and raw.
            (
                "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF",
                Chain::Ton,
            ),
            (
                "0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e",
                Chain::Ton,
            ),
        ] {
            assert_eq!(chain_ok(address), Some((chain, true)), "{address}");
        }
        for (typo, chain) in [
            ("LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnK", Chain::Litecoin),
            ("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTj", Chain::Xrp),
            (
                "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGY",
                Chain::Stellar,
            ),
            (
                "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHG",
                Chain::Ton,
            ),
        ] {
            assert_eq!(chain_ok(typo), Some((chain, false)), "{typo}");
        }
    }

    #[test]
    fn every_spelling_of_a_ton_account_is_one_key() {
        let key = |s: &str| recognise(s).map(|a| (a.chain, a.normalized(), a.checksum_ok));
        let bounceable = "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N";
        for written in [
            "0:83dfd552e63729b472fcbcc8c45ebcc6691702558b68ec7527e1ba403a0f31a8",
            "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N",
            "UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI",
            "0:83DFD552E63729B472FCBCC8C45EBCC6691702558B68EC7527E1BA403A0F31A8",
            "ton://transfer/UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI?amount=4500000000",
            "USDT (TON): UQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqEBI",
            "UQCD39 VS5jcp tHL8vM jEXrzG aRcCVY to7HUn 4bpAOg 8xqEBI",
        ] {
            assert_eq!(
                key(written),
                Some((Chain::Ton, bounceable.into(), true)),
                "{written}"
            );
        }
        // An address ending in base64url's '-' keeps it when quoted, and
        // standard base64's '+' and '/' spell the same account.
        let url = "EQBuNAuc_7N6mJylROa7eAoseJAdP7M3OHaFEaMGF6-gHRIE";
        let standard = "EQBuNAuc/7N6mJylROa7eAoseJAdP7M3OHaFEaMGF6+gHRIE";
        assert_eq!(key(&format!("\"{url}\"")), key(standard));
        assert!(key(url).unwrap().2);
        // In an explorer's link.
        let link = format!("https://tonviewer.com/{url}");
        assert_eq!(key(&link), key(standard));
    }

    #[test]
    fn reads_an_address_as_people_write_one_down() {
        let key = |s: &str| recognise(s).map(|a| (a.chain, a.normalized(), a.checksum_ok));
        let tron = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
        for written in [
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t.",
            "TR7NH qjeKQ xGTCi 8q8ZY 4pL8o tSzgj Lj6t",
            "USDT TRC20: TR7NH qjeKQ xGTCi 8q8ZY 4pL8o tSzgj Lj6t",
            "\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\"",
            "<TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t>",
            "TRC20: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "USDT (TRC-20) TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t (TRON)",
        ] {
            assert_eq!(key(written), key(tron), "{written}");
        }
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        for written in [
            "0x5aAe b605 3F3E 94C9 b9A0 9f33 6694 35E7 Ef1B eAed",
            "ERC20 - 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'",
        ] {
            assert_eq!(key(written), key(eth), "{written}");
        }
        // Grouped, a failed checksum is still an address, as bare.
        assert_eq!(
            key("1A1zP 1eP5Q Gefi2 DMPTf TL5SL mv7Di vfNb"),
            Some((
                Chain::Bitcoin,
                "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb".into(),
                false
            ))
        );
        // Two different addresses, or a word of digits beside a label, are
        // no one address.
        assert_eq!(recognise(&format!("{tron} or {eth}")), None);
        assert_eq!(recognise("Binance 12345678901234567890123456"), None);
        assert_eq!(recognise("my wallet, ask HR"), None);
    }

    #[test]
    fn ignores_what_is_not_an_address() {
        for text in [
            "DE89370400440532013000",
            "INV-2024-000123",
            "0x1234",
            "hello world",
            "",
        ] {
            assert_eq!(recognise(text), None, "{text}");
        }
    }

    #[test]
    fn an_exchange_deposit_is_its_address_and_tag() {
        let xrp = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh";
        let stellar = "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ";
        let ton = "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF";
        for (written, address, account) in [
            (format!("{xrp}?dt=104711"), xrp, "?dt=104711"),
            (format!("{xrp} tag 104711"), xrp, "?dt=104711"),
            (format!("XRP: {xrp} (Destination Tag: 7)"), xrp, "?dt=7"),
            // The X-address of that address and tag, alone and labelled.
            (
                "XVPcpSm47b1CZkf5AkKM9a84dQHe3mTrgebm1uqs3Cz1LER".into(),
                xrp,
                "?dt=104711",
            ),
            (
                "XRP: XVPcpSm47b1CZkf5AkKM9a84dQHe3mTrgebm1uqs3Cz1LER".into(),
                xrp,
                "?dt=104711",
            ),
            (
                format!("web+stellar:pay?destination={stellar}&memo=98765&memo_type=MEMO_ID"),
                stellar,
                "?memo=98765",
            ),
            (format!("{stellar} memo id 98765"), stellar, "?memo=98765"),
            // SEP-23's muxed account of that address, id 2^63.
            (
                "MA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVAAAAAAAAAAAAAJLK".into(),
                stellar,
                "?memo=9223372036854775808",
            ),
            (
                format!("ton://transfer/{ton}?text=555111"),
                ton,
                "?memo=555111",
            ),
            (format!("{ton} memo 555111"), ton, "?memo=555111"),
        ] {
            let found = recognise(&written).unwrap_or_else(|| panic!("{written}"));
            assert!(found.tag.is_some(), "{written}");
            assert_eq!(found.normalized(), address, "{written}");
            assert_eq!(found.account(), format!("{address}{account}"), "{written}");
        }
        // Alone, or on a chain whose deposits carry no tag, the address is
        // the account; so is an X-address without a tag.
        assert_eq!(recognise(xrp).unwrap().account(), xrp);
        let untagged = recognise("XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb").unwrap();
        assert_eq!(untagged.account(), "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf");
        assert!(untagged.checksum_ok);
        let typo = recognise("XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXc").unwrap();
        assert_eq!((typo.chain, typo.checksum_ok), (Chain::Xrp, false));
        let tron = recognise("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t tag 5").unwrap();
        assert_eq!(tron.tag, None);
    }

    #[test]
    fn an_address_in_a_payment_uri_is_the_address() {
        let key = |s: &str| recognise(s).map(|a| (a.chain, a.normalized(), a.checksum_ok));
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        for uri in [
            "ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "ethereum:pay-0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1?value=2.014e18",
            "ETHEREUM:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed/transfer?uint256=1",
        ] {
            assert_eq!(key(uri), key(eth), "{uri}");
        }
        let btc = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
        for uri in [
            "bitcoin:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.1&label=Salary",
        ] {
            assert_eq!(key(uri), key(btc), "{uri}");
        }
        assert_eq!(
            key("bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=1")
                .unwrap()
                .1,
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
        );
        let sol = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
        for uri in [
            "solana:EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
            "solana:EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v?amount=4500&spl-token=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v&label=Salary",
        ] {
            assert_eq!(key(uri), key(sol), "{uri}");
        }
        assert_eq!(recognise(&format!("solana:{eth}")), None);
        // A scheme that names another chain than its address's, or none.
        assert_eq!(recognise(&format!("bitcoin:{eth}")), None);
        assert_eq!(recognise(&format!("ethereum:{btc}")), None);
        assert_eq!(recognise("bitcoin:"), None);
        assert_eq!(recognise("mailto:jobs@example.com"), None);
    }

    #[test]
    fn normalises_per_scheme() {
        let eth = |s: &str| recognise(s).unwrap().normalized();
        assert_eq!(
            eth("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            eth("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED")
        );
        assert_eq!(
            eth("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
            eth("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4")
        );
        // base58 is case-sensitive: another case is another (invalid) string.
        assert_ne!(
            eth("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            "1a1zp1ep5qgefi2dmptftl5slmv7divfna"
        );
    }

    #[test]
    fn finds_addresses_in_free_text_without_false_alarms() {
        let found =
            find_in_text("salary, pls send to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed thx");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].chain, Chain::Ethereum);
        let found = find_in_text(
            "ref 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa / bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        );
        assert_eq!(found.len(), 2);
        // Base58-shaped references with no valid checksum are not addresses.
        assert!(find_in_text("Invoice 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz March").is_empty());
        // The newer chains, each only with its checksum holding; a TON
        // address ending in '-' is found whole, and not inside a longer
        // base64 token.
        let ton = "EQBuNAuc_7N6mJylROa7eAoseJAdP7M3OHaFEaMGF6-gHRIE";
        let found = find_in_text(&format!(
            "USDT TON {ton}, XRP rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh, XLM \
             GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ LTC \
             ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9"
        ));
        let chains: Vec<Chain> = found.iter().map(|a| a.chain).collect();
        assert_eq!(
            chains,
            [Chain::Ton, Chain::Xrp, Chain::Stellar, Chain::Litecoin]
        );
        assert_eq!(found[0].text, ton);
        assert!(find_in_text(&format!("token {ton}A0")).is_empty());
        assert!(find_in_text(&format!("token x{ton}")).is_empty());
        for written in [
            format!("USDT-TON-{ton}"),
            format!("https://tonviewer.com/{ton}"),
            format!("https://tonviewer.com/{ton}/"),
        ] {
            let found = find_in_text(&written);
            assert_eq!(found.len(), 1, "{written}");
            assert_eq!(found[0].text, ton, "{written}");
        }
        // A typo in any of them is not looked for in prose.
        assert!(find_in_text("XRP rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTj").is_empty());
        assert!(find_in_text("Salary November 2026 DE89370400440532013000").is_empty());
    }

    #[test]
    fn the_shortest_address_passes_the_prefilter() {
        // "bc1" and 11 more: the shortest the pattern takes.
        let shortest = format!("to bc1{}.", "q".repeat(11));
        assert!(has_run(&shortest, 14));
        assert!(!has_run(&shortest.replacen('q', "", 1), 14));
        assert!(!has_run("Salary November 2026 P000001234", 14));
        assert!(!has_run("", 1));
    }
}
