//! A crypto payout in an asset the crypto-assets pack does not list
//! (DOGE, XMR, ATOM, MATIC as Polygon's token was called until 2024): its
//! ticker is taken as the asset's, so the payout is scored as every other
//! payout to a wallet is, rather than refused and left unscored. The host
//! reads its amount and the rules accept its currency by these two.

/// The decimals an unlisted asset's amounts are counted in: 10^-9, as the
/// pack counts its 18-decimal assets, which holds 9.2 billion units (a
/// signed 64-bit count) and every amount a salary can have. More decimals
/// than these are refused, as for a listed asset.
pub const DECIMALS: u32 = 9;

/// Whether `code` has a ticker's shape: 2 to 10 capital letters and
/// digits, a letter among them ("DOGE", "XMR", "1INCH").
pub fn is_ticker(code: &str) -> bool {
    (2..=10).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && code.bytes().any(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticker_is_capitals_and_digits() {
        for code in ["DOGE", "XMR", "ATOM", "1INCH", "OP"] {
            assert!(is_ticker(code), "{code}");
        }
        for code in ["", "X", "doge", "USDC.E", "123", "DOGE COIN", "ABCDEFGHIJK"] {
            assert!(!is_ticker(code), "{code}");
        }
    }
}
