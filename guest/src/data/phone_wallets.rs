//! E-wallets whose accounts are mobile numbers of one country only.

use super::Pack;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The wallets and their countries.
pub const PACK: Pack = Pack {
    name: "phone-wallets",
    text: include_str!("../../data/phone-wallets.tsv"),
};

/// The one country whose mobile numbers `provider` (as
/// `destination::provider_key` gives it) opens its accounts on, if the
/// pack lists it; `destination::provider_country` asks it of a provider
/// as written.
pub fn country(provider: &str) -> Option<&'static str> {
    // Indexed once, as every e-wallet handle of digits asks.
    static BY_PROVIDER: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    BY_PROVIDER
        .get_or_init(|| PACK.rows().map(|r| (r[0], r[1])).collect())
        .get(provider)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::country::is_country;

    #[test]
    fn each_wallet_has_one_country() {
        assert_eq!(country("zelle"), Some("US"));
        assert_eq!(country("gcash"), Some("PH"));
        assert_eq!(country("mpesa"), None);
        for row in PACK.rows() {
            assert!(is_country(row[1]), "{row:?}");
            assert_eq!(row[0], row[0].to_lowercase(), "{row:?}");
            // `provider_country` looks up a key of at most 16 characters.
            assert!(row[0].len() <= 16, "{row:?}");
        }
    }
}
