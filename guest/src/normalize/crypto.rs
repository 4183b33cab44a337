//! Recognising crypto-currency addresses: Bitcoin (base58check, bech32,
//! bech32m), Ethereum and every EVM chain (hex with the EIP-55 checksum),
//! TRON (base58check) and Solana (a base58 public key).

use crate::data::crypto_networks;
use regex_lite::Regex;
use sha3::{Digest, Keccak256};
use std::sync::OnceLock;

/// The chains whose addresses are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    Bitcoin,
    /// Ethereum's addresses, which every EVM chain (BNB Smart Chain,
    /// Polygon, Arbitrum, Base) shares.
    Ethereum,
    Tron,
    Solana,
}

impl Chain {
    /// The ticker a reviewer knows the chain by.
    pub fn ticker(self) -> &'static str {
        match self {
            Chain::Bitcoin => "BTC",
            Chain::Ethereum => "ETH",
            Chain::Tron => "TRON",
            Chain::Solana => "SOL",
        }
    }

    /// The chain of a [`Chain::ticker`].
    pub fn from_ticker(ticker: &str) -> Option<Chain> {
        [Chain::Bitcoin, Chain::Ethereum, Chain::Tron, Chain::Solana]
            .into_iter()
            .find(|c| c.ticker() == ticker)
    }

    /// The chain a declared network name stands for, if the
    /// crypto-networks pack lists it. ERC-20 and TRC-20 tokens (USDT) live
    /// on Ethereum and TRON addresses, BEP-20 tokens on Ethereum's.
    pub fn from_network(network: &str) -> Option<Chain> {
        crypto_networks::chain(network)
    }
}

/// An address recognised by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub chain: Chain,
    /// The address as written, trimmed (out of its payment URI, when it
    /// came in one).
    pub text: String,
    /// Whether its checksum holds. An address that fails is still an
    /// address: someone meant to be paid in crypto.
    pub checksum_ok: bool,
}

impl Address {
    /// One wallet, one key: hex and bech32 ignore case, base58 does not.
    pub fn normalized(&self) -> String {
        match self.chain {
            Chain::Ethereum => self.text.to_ascii_lowercase(),
            Chain::Bitcoin if is_bech32_shaped(&self.text) => self.text.to_ascii_lowercase(),
            Chain::Bitcoin | Chain::Tron | Chain::Solana => self.text.clone(),
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
    if let Some((chain, address)) = payment_uri(text) {
        return recognise_bare(address).filter(|a| a.chain == chain);
    }
    recognise_bare(text).or_else(|| written_around(text))
}

/// The one address a wallet field holds with more around it than an
/// address: spaces inside it, punctuation around it, or words beside it.
/// None when the field holds no address, or two different ones.
fn written_around(text: &str) -> Option<Address> {
    if !has_run(text, 4) {
        return None;
    }
    // Grouped with spaces, or wrapped in quotes, brackets or a full stop.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = compact.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if bare != text
        && let Some(address) = recognise_bare(bare)
    {
        return Some(address);
    }
    // A label or another scheme beside it: the one address among the
    // field's words, its checksum holding (a word of digits has a
    // Bitcoin address's shape, not its checksum).
    let mut found: Option<Address> = None;
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
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
/// `bitcoin:<address>[?params]`, EIP-681's `ethereum:[pay-]<address>
/// [@chain-id][/function][?params]` and Solana Pay's
/// `solana:<recipient>[?params]`, schemes in any case. None for any other
/// text.
fn payment_uri(text: &str) -> Option<(Chain, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let (chain, rest) = if scheme.eq_ignore_ascii_case("bitcoin") {
        (Chain::Bitcoin, rest)
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
        })
    };
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        if hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return found(Chain::Ethereum, eip55_holds(hex));
        }
        return None;
    }
    if is_bech32_shaped(text) {
        return found(Chain::Bitcoin, bech32::segwit::decode(text).is_ok());
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
    None
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
        Regex::new(
            r"(?i:0x[0-9a-f]{40}\b|\b(?:bc|tb)1[0-9a-z]{11,87}\b)|\b[1-9A-HJ-NP-Za-km-z]{25,35}\b",
        )
        .expect("the token pattern is valid")
    });
    tokens
        .find_iter(text)
        .filter_map(|m| recognise_bare(m.as_str()))
        .filter(|a| match a.chain {
            // Nothing but its length tells a Solana key from another
            // base58 token in prose, and the pattern is too short for one.
            Chain::Solana => false,
            Chain::Ethereum => true,
            Chain::Bitcoin | Chain::Tron => a.checksum_ok || is_bech32_shaped(&a.text),
        })
        .collect()
}

/// Whether `text` holds `min` ASCII letters or digits in a row. Four
/// texts of every payout are asked, so it reads a window of `min` bytes
/// from its end: at the last byte that is neither, no run reaching the
/// window's end starts before it, and the next window starts after it,
/// so the letters of prose's short words are mostly never read.
fn has_run(text: &str, min: usize) -> bool {
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(window) = bytes.get(start..start + min) {
        match window.iter().rposition(|b| !b.is_ascii_alphanumeric()) {
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

fn is_bech32_shaped(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("bc1") || lower.starts_with("tb1"))
        && (14..=90).contains(&text.len())
        && lower[3..]
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
fn base58_chain(text: &str, payload: &[u8]) -> Option<Chain> {
    match (payload.len(), payload.first()) {
        (21, Some(0x00 | 0x05 | 0x6f | 0xc4)) => Some(Chain::Bitcoin),
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
    fn reads_an_address_as_people_write_one_down() {
        let key = |s: &str| recognise(s).map(|a| (a.chain, a.normalized(), a.checksum_ok));
        let tron = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
        for written in [
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t.",
            "TR7NH qjeKQ xGTCi 8q8ZY 4pL8o tSzgj Lj6t",
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
