//! Amounts for people: integer minor units shown in the currency's own
//! decimals ("4,850.00 EUR"), and totals kept per currency, never summed
//! across currencies.

use crate::input::fields::minor_unit_decimals;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// `minor` units of `code` as "4,850.00 EUR"; an unknown code is shown in
/// its minor units as they are.
pub fn format(minor: i128, code: &str) -> String {
    // A code neither ISO 4217 nor the pack's is a crypto asset the pack
    // does not list, whose amounts are read in its decimals.
    let decimals = minor_unit_decimals(code).unwrap_or(payguard_model::unlisted_asset::DECIMALS);
    let text = Decimal::try_from_i128_with_scale(minor, decimals)
        .map_or_else(|_| minor.to_string(), |d| d.to_string());
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |rest| ("-", rest));
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let point = if fraction.is_empty() { "" } else { "." };
    format!("{sign}{grouped}{point}{fraction} {code}")
}

/// Sums per currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals(BTreeMap<String, i128>);

impl Totals {
    /// Adds `minor` units of `code`.
    pub fn add(&mut self, minor: i64, code: &str) {
        *self.0.entry(code.to_string()).or_default() += i128::from(minor);
    }

    /// Each currency's total, "4,850.00 EUR", in code order.
    pub fn lines(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(code, sum)| format(*sum, code))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_minor_units_in_the_currencys_decimals() {
        assert_eq!(format(485_000, "EUR"), "4,850.00 EUR");
        assert_eq!(format(1_000_000, "JPY"), "1,000,000 JPY");
        assert_eq!(format(-5, "EUR"), "-0.05 EUR");
        assert_eq!(format(123_456_789, "BTC"), "1.23456789 BTC");
        // An asset no pack lists is counted in 10^-9, as it was read.
        assert_eq!(format(1_500_000_000_000, "DOGE"), "1,500.000000000 DOGE");
    }

    #[test]
    fn keeps_totals_apart_per_currency() {
        let mut totals = Totals::default();
        totals.add(100, "USD");
        totals.add(250, "EUR");
        totals.add(i64::MAX, "USD");
        totals.add(i64::MAX, "USD");
        assert_eq!(
            totals.lines(),
            ["2.50 EUR", "184,467,440,737,095,517.14 USD"]
        );
    }
}
