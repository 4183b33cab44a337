//! A payout's amount, written in major units, to integer minor units.

use rust_decimal::Decimal;

/// A decimal amount in major units to integer minor units of the currency
/// `code`, whose minor unit has `exponent` decimals: "1234.5" EUR is
/// 123450. Refuses more decimals than that, signs other than a leading
/// minus, exponents and overflow.
pub fn minor_units(text: &str, code: &str, exponent: u32) -> Result<i64, String> {
    match plain_minor_units(text, exponent) {
        Some(minor) => Ok(minor),
        None => decimal_minor_units(text, code, exponent),
    }
}

/// [`minor_units`] by `rust_decimal`: any amount, each refusal worded.
fn decimal_minor_units(text: &str, code: &str, exponent: u32) -> Result<i64, String> {
    let shape_ok = text
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
    let amount = Decimal::from_str_exact(text)
        .ok()
        .filter(|_| shape_ok)
        .ok_or_else(|| format!("{text:?} is not a decimal amount such as 1234.56"))?;
    if amount.normalize().scale() > exponent {
        return Err(format!(
            "{text} has more decimals than {code} allows ({exponent})"
        ));
    }
    let minor = amount
        .checked_mul(Decimal::from(10_i64.pow(exponent)))
        .and_then(|m| i64::try_from(m.trunc()).ok())
        .ok_or_else(|| format!("{text} {code} is too large"))?;
    Ok(minor)
}

/// The minor units of an amount written as nearly every payroll writes
/// one: an optional minus, up to 18 digits, and a point with up to 18 more
/// that fit the currency's decimals. None for anything else (no digit
/// before the point or after it, too many decimals, overflow), which the
/// decimal reading then accepts or refuses with its reason.
///
/// Why by hand: `rust_decimal`'s parse, normalisation and 96-bit product
/// were a sixth of reading a CSV row (about 550 instructions a row, in
/// callgrind); this reads the digits once. The tests below check both
/// readings agree on every amount this one takes.
fn plain_minor_units(text: &str, exponent: u32) -> Option<i64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, bytes),
    };
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(point) => (&digits[..point], Some(&digits[point + 1..])),
        None => (digits, None),
    };
    let fraction = match fraction {
        Some([]) => return None,
        Some(fraction) => fraction,
        None => &[][..],
    };
    if whole.is_empty() || whole.len() > 18 || fraction.len() > 18 {
        return None;
    }
    // A decimal holds 28 digits: past that, whatever the decimal reading
    // answers (trailing zeros included) stays its answer.
    if whole.len() + fraction.len() > 28 {
        return None;
    }
    // Trailing zeros are not decimals the currency must allow: "12.50" is
    // fine in a currency of two, and "5.000" in one of none.
    let significant = fraction.len() - fraction.iter().rev().take_while(|&&b| b == b'0').count();
    let fraction = &fraction[..significant];
    let shift = exponent.checked_sub(u32::try_from(fraction.len()).ok()?)?;
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0_i64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
        })
    };
    let minor = number(whole)?
        .checked_mul(10_i64.checked_pow(exponent)?)?
        .checked_add(number(fraction)?.checked_mul(10_i64.checked_pow(shift)?)?)?;
    Some(if negative { -minor } else { minor })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The decimal reading alone, as `minor_units` was before its fast path.
    fn by_decimal(text: &str, exponent: u32) -> Option<i64> {
        decimal_minor_units(text, "XXX", exponent).ok()
    }

    #[test]
    fn reads_plainly_written_amounts_directly() {
        let plain = plain_minor_units;
        assert_eq!(plain("1234.56", 2), Some(123_456));
        assert_eq!(plain("1234.5", 2), Some(123_450));
        assert_eq!(plain("1234", 2), Some(123_400));
        assert_eq!(plain("-12.50", 2), Some(-1_250));
        assert_eq!(plain("5.000", 0), Some(5));
        assert_eq!(plain("007.10", 3), Some(7_100));
        assert_eq!(plain("250.5", 9), Some(250_500_000_000));
        assert_eq!(
            plain("9.000000000000000001", 18),
            Some(9_000_000_000_000_000_001)
        );
        // Left to the decimal reading, which refuses or words them.
        for text in [
            "", "-", "1.", ".5", "-.5", "1.234", "1e5", "+5", "12,50", "1.2.3",
        ] {
            assert_eq!(plain(text, 2), None, "{text:?}");
        }
        assert_eq!(plain("10", 18), None, "overflows i64");
        // A decimal holds 28 digits: past that, its reading decides.
        let long = "123456789012345678.00000000000";
        assert_eq!(plain(long, 0), None, "29 digits in all");
        let fits = &long[..long.len() - 1];
        assert_eq!(plain(fits, 0), Some(123_456_789_012_345_678));
        assert_eq!(plain(fits, 0), by_decimal(fits, 0));
    }

    #[test]
    fn what_the_fast_path_leaves_is_still_refused_with_its_reason() {
        let refused = |text, code, exponent| minor_units(text, code, exponent).unwrap_err();
        assert_eq!(
            refused("1.234", "EUR", 2),
            "1.234 has more decimals than EUR allows (2)"
        );
        assert_eq!(refused("10", "ETH", 18), "10 ETH is too large");
        assert_eq!(
            refused("1.2.3", "EUR", 2),
            "\"1.2.3\" is not a decimal amount such as 1234.56"
        );
        // A point with no digits after it was always read, by the decimal.
        assert_eq!(minor_units("1.", "EUR", 2), Ok(100));
        assert_eq!(minor_units("9", "ETH", 18), Ok(9_000_000_000_000_000_000));
    }

    proptest! {
        #[test]
        fn agrees_with_the_decimal_reading(
            text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?",
            exponent in 0_u32..=18,
        ) {
            if let Some(fast) = plain_minor_units(&text, exponent) {
                prop_assert_eq!(Some(fast), by_decimal(&text, exponent));
            }
        }

        #[test]
        fn takes_every_plain_amount_that_fits(
            whole in 0_i64..1_000_000_000,
            cents in 0_i64..100,
            negative in any::<bool>(),
        ) {
            let text = format!("{}{whole}.{cents:02}", if negative { "-" } else { "" });
            let expected = (whole * 100 + cents) * if negative { -1 } else { 1 };
            prop_assert_eq!(plain_minor_units(&text, 2), Some(expected));
            prop_assert_eq!(by_decimal(&text, 2), Some(expected));
        }
    }
}
