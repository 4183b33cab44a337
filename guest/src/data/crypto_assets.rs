//! Crypto assets a crypto payout may be denominated in.

use super::Pack;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// The assets and their minor units.
pub const PACK: Pack = Pack {
    name: "crypto-assets",
    text: include_str!("../../data/crypto-assets.tsv"),
};

/// Whether `code` (upper case) is a crypto asset of the pack.
pub fn is_asset(code: &str) -> bool {
    // Indexed once: scanning the pack's rows split each into a vector on
    // every crypto payout.
    static CODES: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    CODES
        .get_or_init(|| PACK.rows().map(|r| r[0]).collect())
        .contains(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_the_stablecoins_salaries_are_paid_in() {
        for code in ["BTC", "ETH", "USDT", "USDC"] {
            assert!(is_asset(code), "{code}");
        }
        assert!(!is_asset("EUR") && !is_asset("usdt"));
        for row in PACK.rows() {
            let decimals: u32 = row[1].parse().unwrap();
            assert!(decimals <= 9, "{row:?}: s64 minor units must hold a salary");
        }
    }
}
