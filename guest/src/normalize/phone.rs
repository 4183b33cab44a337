//! The countries a phone number in international form can belong to.

use keshvar::CountryIterator;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Country calling code → alpha-2 codes, with the NANP area codes that tell
/// the +1 countries apart.
struct CallingCodes {
    by_code: BTreeMap<u32, Vec<String>>,
    nanp_area: BTreeMap<u32, String>,
}

fn calling_codes() -> &'static CallingCodes {
    static CODES: OnceLock<CallingCodes> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut by_code: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        let mut nanp_area = BTreeMap::new();
        for country in CountryIterator::new() {
            let alpha2 = country.alpha2().to_string();
            by_code
                .entry(country.country_code() as u32)
                .or_default()
                .push(alpha2.clone());
            // keshvar writes NANP prefixes as "1 264"; US and CA have none.
            if let Some(prefix) = country.maybe_nanp_prefix() {
                let digits: String = prefix.chars().filter(char::is_ascii_digit).collect();
                if let Some(area) = digits.strip_prefix('1').and_then(|a| a.parse().ok()) {
                    nanp_area.insert(area, alpha2);
                }
            }
        }
        for codes in by_code.values_mut() {
            codes.sort_unstable();
        }
        CallingCodes { by_code, nanp_area }
    })
}

/// The number's digits after the `+` or `00`, so that spellings of one
/// number meet; none unless it is in international form with at least
/// seven digits.
pub fn phone_key(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    let rest = trimmed
        .strip_prefix('+')
        .or_else(|| trimmed.strip_prefix("00"))?;
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -().".contains(c)))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then_some(digits)
}

/// The countries whose calling code starts `phone`, sorted; empty when the
/// number is not in international form (`+` or `00` then digits).
///
/// Several countries share a code (+7 is RU and KZ); callers treat the
/// number as agreeing with any of them. A +1 number with the area code of a
/// Caribbean or Pacific NANP member maps to that member alone.
pub fn phone_countries(phone: &str) -> Vec<String> {
    let trimmed = phone.trim();
    let rest = match trimmed
        .strip_prefix('+')
        .or_else(|| trimmed.strip_prefix("00"))
    {
        Some(rest) => rest,
        None => return Vec::new(),
    };
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -().".contains(c)))
    {
        return Vec::new();
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let codes = calling_codes();
    if let Some(area) = digits.strip_prefix('1') {
        if let Some(country) = area
            .get(..3)
            .and_then(|a| a.parse().ok())
            .and_then(|a: u32| codes.nanp_area.get(&a))
        {
            return vec![country.clone()];
        }
        return codes
            .by_code
            .get(&1)
            .map(|c| {
                c.iter()
                    .filter(|cc| !codes.nanp_area.values().any(|v| v == *cc))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
    }
    // Calling codes are a prefix code (ITU E.164): at most one length matches.
    (1..=3)
        .filter_map(|len| digits.get(..len)?.parse::<u32>().ok())
        .find_map(|code| codes.by_code.get(&code).cloned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_calling_codes_to_countries() {
        assert_eq!(phone_countries("+49 30 1234567"), ["DE"]);
        assert_eq!(
            phone_countries("0044 20 7946 0000"),
            ["GB", "GG", "IM", "JE"]
        );
        assert_eq!(phone_countries("+86 10 1234 5678"), ["CN"]);
        assert!(phone_countries("+7 495 123 4567").contains(&"RU".to_string()));
        assert!(phone_countries("+7 495 123 4567").contains(&"KZ".to_string()));
    }

    #[test]
    fn tells_nanp_members_apart() {
        let us = phone_countries("+1 (415) 555-0100");
        assert!(us.contains(&"US".to_string()) && us.contains(&"CA".to_string()));
        assert!(!us.contains(&"JM".to_string()));
        assert_eq!(phone_countries("+1 876 555 0100"), ["JM"]);
    }

    #[test]
    fn ignores_numbers_not_in_international_form() {
        assert!(phone_countries("030 1234567").is_empty());
        assert!(phone_countries("+49 abc").is_empty());
        assert!(phone_countries("").is_empty());
    }

    #[test]
    fn keys_ignore_the_spelling_of_a_number() {
        assert_eq!(phone_key("+49 30 1234567"), phone_key("0049-30-123 4567"));
        assert_eq!(phone_key("+49 30 1234567").as_deref(), Some("49301234567"));
        assert_eq!(phone_key("030 1234567"), None, "national form: no country");
        assert_eq!(phone_key("+49 12"), None);
    }
}
