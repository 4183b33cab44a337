//! ISO 3166-1 country, ISO 4217 currency and crypto asset codes.

use crate::data::crypto_assets;
use iso_currency::{Country, Currency};
use keshvar::Alpha2;
use std::cell::Cell;
use std::sync::OnceLock;

use payguard_model::letter_pairs::{PAIRS_COUNT, pair_at};
pub use payguard_model::letter_pairs::{code, pair_index};

/// Codes ISO 3166-1 leaves user-assigned that banks use all the same:
/// Kosovo's XK is in SWIFT's IBAN registry (XK IBANs since 2014) and is
/// used by the EU, the IMF and phone numbering (+383).
const IN_USE_BY_BANKS: &[&str] = &["XK"];

/// Whether `code` is an upper-case alpha-2 code of a country or territory
/// (ISO 3166-1, plus the user-assigned codes banks use).
pub fn is_country(code: &str) -> bool {
    // keshvar's look-up compares the code with each country's in turn, and
    // a payout asks this of a dozen fields: ask it once for each of the 676
    // upper-case pairs, then read a bit. (keshvar also matches lower case;
    // the contract asks for upper case, and only upper case has a place.)
    static COUNTRIES: OnceLock<PairSet> = OnceLock::new();
    let countries = COUNTRIES.get_or_init(|| {
        let mut countries = PairSet::default();
        for index in 0..PAIRS_COUNT {
            let code = pair_at(index);
            if Alpha2::try_from(code).is_ok() || IN_USE_BY_BANKS.contains(&code) {
                countries.insert(index);
            }
        }
        countries
    });
    pair_index(code).is_some_and(|index| countries.contains(index))
}

/// A set of upper-case letter pairs, a bit each (see [`pair_index`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairSet([u32; 26]);

impl PairSet {
    /// Adds the pair at `index`.
    pub fn insert(&mut self, index: usize) {
        self.0[index / 26] |= 1 << (index % 26);
    }

    /// Whether the pair at `index` is in the set.
    pub fn contains(&self, index: usize) -> bool {
        self.0[index / 26] & (1 << (index % 26)) != 0
    }
}

/// Whether `code` is an ISO 4217 alphabetic currency code in upper case.
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && currency(code).is_some()
}

/// The ISO 4217 currency of `code`. iso_currency compares the code with
/// each of its 180 currencies' in turn; a payroll is paid in a few
/// currencies, so the last four found are kept (one alone was asked
/// again on every row of a payroll mixing two).
pub fn currency(code: &str) -> Option<Currency> {
    type Recent = [Option<([u8; 3], Currency)>; 4];
    thread_local! {
        static RECENT: Cell<Recent> = const { Cell::new([None; 4]) };
    }
    let key: [u8; 3] = code.as_bytes().try_into().ok()?;
    let mut recent = RECENT.get();
    if let Some((_, found)) = recent.iter().flatten().find(|(k, _)| *k == key) {
        return Some(*found);
    }
    let found = Currency::from_code(code)?;
    recent.rotate_right(1);
    recent[0] = Some((key, found));
    RECENT.set(recent);
    Some(found)
}

/// Whether `code` is a crypto asset of the crypto-assets pack.
pub fn is_crypto_asset(code: &str) -> bool {
    crypto_assets::is_asset(code)
}

/// Whether `currency` is legal tender in `country` (Kosovo uses the euro).
pub fn uses_currency(country: &str, currency: Currency) -> bool {
    if country == "XK" {
        return currency == Currency::EUR;
    }
    let Some(index) = pair_index(country) else {
        return false;
    };
    // iso_currency parses a country by comparing it with each in turn and
    // lists its currencies in a new vector (5 % of the rules' time when
    // residences vary): ask it once for each of the 676 upper-case pairs.
    static TENDER: OnceLock<Vec<Vec<Currency>>> = OnceLock::new();
    let tender = TENDER.get_or_init(|| {
        (0..PAIRS_COUNT)
            .map(|i| {
                pair_at(i)
                    .parse::<Country>()
                    .map_or_else(|_| Vec::new(), Currency::from_country)
            })
            .collect()
    });
    tender[index].contains(&currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_assigned_upper_case_codes_only() {
        assert!(is_country("DE"));
        assert!(is_country("KP"));
        assert!(is_country("XK"), "Kosovo, as banks write it");
        assert!(!is_country("de"));
        assert!(!is_country("XX"));
        assert!(!is_country("DEU"));
        assert!(is_currency("EUR"));
        assert!(!is_currency("eur"));
        assert!(!is_currency("XYZ"));
        assert!(!is_currency("USDT") && is_crypto_asset("USDT"));
    }

    #[test]
    fn recent_currencies_answer_as_iso_currency_does() {
        // Six currencies in turn, so the four kept are pushed out and
        // found again; unknown and ill-formed codes are never kept.
        let codes = [
            "EUR", "PLN", "USD", "XXY", "GBP", "JPY", "CHF", "eur", "EURO",
        ];
        for _ in 0..3 {
            for code in codes.iter().chain(codes.iter().rev()) {
                assert_eq!(currency(code), Currency::from_code(code), "{code}");
            }
        }
    }

    #[test]
    fn knows_where_a_currency_is_used() {
        assert!(uses_currency("XK", Currency::EUR));
        assert!(uses_currency("DE", Currency::EUR));
        assert!(!uses_currency("DE", Currency::USD));
        assert!(
            uses_currency("EC", Currency::USD),
            "Ecuador pays in dollars"
        );
        assert!(uses_currency("CH", Currency::CHF) && uses_currency("LI", Currency::CHF));
        assert!(!uses_currency("ZZ", Currency::EUR) && !uses_currency("de", Currency::EUR));
        assert!(!uses_currency("DEU", Currency::EUR) && !uses_currency("", Currency::EUR));
    }

    #[test]
    fn a_pair_set_holds_a_bit_per_pair() {
        let mut set = PairSet::default();
        set.insert(675);
        assert!(set.contains(675) && !set.contains(674) && !set.contains(0));
    }
}
