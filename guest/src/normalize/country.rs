//! ISO 3166-1 country and ISO 4217 currency codes.

use keshvar::Alpha2;

/// The country for an upper-case alpha-2 code, if ISO 3166-1 assigns it.
pub fn country(code: &str) -> Option<keshvar::Country> {
    // keshvar also matches lower case; the contract asks for upper case.
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Alpha2::try_from(code).ok().map(|a| a.to_country())
}

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code in upper case.
pub fn is_country(code: &str) -> bool {
    country(code).is_some()
}

/// Whether `code` is an ISO 4217 alphabetic currency code in upper case.
pub fn is_currency(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && iso_currency::Currency::from_code(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_assigned_upper_case_codes_only() {
        assert!(is_country("DE"));
        assert!(is_country("KP"));
        assert!(!is_country("de"));
        assert!(!is_country("XX"));
        assert!(!is_country("DEU"));
        assert!(is_currency("EUR"));
        assert!(!is_currency("eur"));
        assert!(!is_currency("XYZ"));
    }
}
