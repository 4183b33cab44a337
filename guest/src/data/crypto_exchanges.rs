//! Custodial crypto exchanges, by the keys of their names and ids.

use super::Pack;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The exchanges, generated from ccxt.
pub const PACK: Pack = Pack {
    name: "crypto-exchanges",
    text: include_str!("../../data/crypto-exchanges.tsv"),
};

/// A crypto exchange of the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange {
    /// Its name as ccxt writes it, or as far as its id names it
    /// ("Coinbase" of "Coinbase Advanced").
    pub name: &'static str,
    /// ccxt's id, one for each spelling of its name ("cex" for "CEX.IO").
    pub id: &'static str,
}

/// The exchange whose key (`destination::crypto_exchange` makes one of a
/// provider's first words) is `key`, if the pack lists it.
pub fn by_key(key: &str) -> Option<Exchange> {
    // Indexed once, as every e-wallet payout asks.
    static BY_KEY: OnceLock<FxHashMap<&'static str, Exchange>> = OnceLock::new();
    BY_KEY
        .get_or_init(|| {
            PACK.rows()
                .map(|r| {
                    (
                        r[0],
                        Exchange {
                            name: r[1],
                            id: r[2],
                        },
                    )
                })
                .collect()
        })
        .get(key)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lower_case_letters_and_digits() {
        let name = |key| by_key(key).map(|e| e.name);
        assert_eq!(name("binance"), Some("Binance"));
        assert_eq!(name("cryptocom"), Some("Crypto.com"));
        // Two spellings, one exchange.
        assert_eq!(by_key("cexio").map(|e| e.id), Some("cex"));
        assert_eq!(by_key("cex").map(|e| e.id), Some("cex"));
        // Left out: a decentralised exchange holds no one's account,
        // Mercado Bitcoin's id begins Mercado Pago's name, and Coins.ph is
        // foremost a peso e-wallet.
        assert_eq!(name("hyperliquid"), None);
        assert_eq!(name("mercado"), None);
        assert_eq!(name("coinsph"), None);
        for row in PACK.rows() {
            assert!(
                row[0]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{row:?}"
            );
        }
    }
}
