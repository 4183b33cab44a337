//! ISO 3166-1 country, ISO 4217 currency and crypto asset codes.

use crate::data::crypto_assets;
use iso_currency::{Country, Currency};
use keshvar::Alpha2;
use std::cell::Cell;
use std::sync::OnceLock;

/// Codes ISO 3166-1 leaves user-assigned that banks use all the same:
/// Kosovo's XK is in SWIFT's IBAN registry (XK IBANs since 2014) and is
/// used by the EU, the IMF and phone numbering (+383).
const IN_USE_BY_BANKS: &[&str] = &["XK"];

/// Whether `code` is an upper-case alpha-2 code of a country or territory
/// (ISO 3166-1, plus the user-assigned codes banks use).
pub fn is_country(code: &str) -> bool {
    // keshvar also matches lower case; the contract asks for upper case.
    let [a, b] = code.as_bytes() else {
        return false;
    };
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return false;
    }
    // keshvar's look-up compares the code with each country's in turn, and
    // a payout asks this of a dozen fields: ask it once for each of the 676
    // upper-case pairs, then read a bit.
    static COUNTRIES: OnceLock<[u32; 26]> = OnceLock::new();
    let rows = COUNTRIES.get_or_init(|| {
        let mut rows = [0_u32; 26];
        for (i, row) in rows.iter_mut().enumerate() {
            for j in 0..26 {
                let pair = [b'A' + i as u8, b'A' + j as u8];
                let code = std::str::from_utf8(&pair).expect("ASCII");
                if Alpha2::try_from(code).is_ok() || IN_USE_BY_BANKS.contains(&code) {
                    *row |= 1 << j;
                }
            }
        }
        rows
    });
    rows[usize::from(a - b'A')] & (1 << (b - b'A')) != 0
}

/// Every upper-case letter pair, in order: the text [`code`] lends out.
const PAIRS: [u8; 26 * 26 * 2] = {
    let mut pairs = [0_u8; 26 * 26 * 2];
    let mut i = 0;
    while i < 26 * 26 {
        pairs[2 * i] = b'A' + (i / 26) as u8;
        pairs[2 * i + 1] = b'A' + (i % 26) as u8;
        i += 1;
    }
    pairs
};

/// `text` as static text when it is an upper-case letter pair (any
/// country code), so a country read from a field is kept without a copy.
pub fn code(text: &str) -> Option<&'static str> {
    let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = text.as_bytes() else {
        return None;
    };
    let at = 2 * (usize::from(a - b'A') * 26 + usize::from(b - b'A'));
    std::str::from_utf8(&PAIRS[at..at + 2]).ok()
}

/// Whether `code` is an ISO 4217 alphabetic currency code in upper case.
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && currency(code).is_some()
}

/// The ISO 4217 currency of `code`. iso_currency compares the code with
/// each currency's in turn; a payroll is paid in a few currencies, so the
/// last one found is kept.
pub fn currency(code: &str) -> Option<Currency> {
    thread_local! {
        static LAST: Cell<Option<([u8; 3], Currency)>> = const { Cell::new(None) };
    }
    let key: [u8; 3] = code.as_bytes().try_into().ok()?;
    match LAST.get() {
        Some((last, found)) if last == key => Some(found),
        _ => {
            let found = Currency::from_code(code)?;
            LAST.set(Some((key, found)));
            Some(found)
        }
    }
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
    let [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] = country.as_bytes() else {
        return false;
    };
    // iso_currency parses a country by comparing it with each in turn and
    // lists its currencies in a new vector (5 % of the rules' time when
    // residences vary): ask it once for each of the 676 upper-case pairs.
    static TENDER: OnceLock<Vec<Vec<Currency>>> = OnceLock::new();
    let tender = TENDER.get_or_init(|| {
        (0..26 * 26)
            .map(|i| {
                let pair = [b'A' + (i / 26) as u8, b'A' + (i % 26) as u8];
                let code = std::str::from_utf8(&pair).expect("ASCII");
                code.parse::<Country>()
                    .map_or_else(|_| Vec::new(), Currency::from_country)
            })
            .collect()
    });
    tender[usize::from(a - b'A') * 26 + usize::from(b - b'A')].contains(&currency)
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
    fn any_upper_case_pair_is_lent_as_static_text() {
        for pair in ["DE", "ZZ", "AA", "XK"] {
            assert_eq!(code(pair), Some(pair));
        }
        for other in ["de", "DEU", "D", "", "D1"] {
            assert_eq!(code(other), None, "{other:?}");
        }
    }
}
