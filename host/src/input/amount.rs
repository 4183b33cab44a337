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

/// `amount` as a spreadsheet may show it, read plainly: without the
/// symbol or code of `currency` (the row's currency column) before or
/// after it ("$3,000.00", "€ 4.500,00", "4500.00 EUR", "4 500,00 zł"),
/// then [`ungrouped`]. A symbol that is not the row's currency's is left,
/// and the amount refused: "$3,000.00" in a row paid in EUR says two
/// things. Symbols are iso_currency's (from Wikipedia's list of currency
/// symbols); "$" is the symbol of every dollar and peso, which the
/// currency column tells apart. `decimals` is the currency's minor unit's
/// (see [`ungrouped`]).
pub fn readable(
    amount: &str,
    currency: Option<&str>,
    decimals: u32,
    decimal_comma: bool,
) -> Result<Option<String>, String> {
    // Nearly every amount is digits and a point: read as written, with
    // nothing looked up or allocated ("4500.-" and "4.500" are not).
    if plain(amount, decimal_comma) && !amount.ends_with('-') && !one_point_group(amount) {
        return Ok(None);
    }
    spelled_out(amount, currency, decimals, decimal_comma)
}

/// [`readable`] of an amount that is not plain: out of line, so the
/// plain amount's path stays small where it is inlined.
#[inline(never)]
fn spelled_out(
    amount: &str,
    currency: Option<&str>,
    decimals: u32,
    decimal_comma: bool,
) -> Result<Option<String>, String> {
    let bare = without_currency(amount, currency);
    if let Some((whole, separator)) = whole_marked(bare) {
        // "4.500,-": the comma stands where the decimals would, so the
        // points group thousands, whichever separator the file uses.
        let written = format!("{whole}{separator}00");
        let comma = separator == ',';
        return match ungrouped(&written, decimals == 0, comma)? {
            Some(plain) => Ok(Some(plain)),
            None if plain(whole, false) && !whole.contains('.') => Ok(Some(written)),
            None => Ok(None),
        };
    }
    match ungrouped(bare, decimals == 0, decimal_comma)? {
        Some(plain) => Ok(Some(plain)),
        None if bare.len() != amount.len() => Ok(Some(bare.to_string())),
        None => Ok(None),
    }
}

/// An amount in whole units marked so with a dash where its decimals
/// would be, as German, Austrian and Swiss prices and salaries are
/// written ("4.500,-", "4'500.–"): the amount before it and the
/// separator. None for any other amount.
fn whole_marked(amount: &str) -> Option<(&str, char)> {
    let rest = amount.trim_end_matches(['-', '\u{2013}', '\u{2014}']);
    if rest.len() == amount.len() {
        return None;
    }
    let separator = rest
        .chars()
        .next_back()
        .filter(|c| matches!(c, '.' | ','))?;
    let whole = &rest[..rest.len() - 1];
    whole
        .ends_with(|c: char| c.is_ascii_digit())
        .then_some((whole, separator))
}

/// Whether `amount` is one group of three digits after a point and one
/// to three digits before it ("4.500", "-12.500"): 4500 where points
/// group thousands, 4.5 where they mark decimals. A few byte checks, as
/// every plain amount is asked.
fn one_point_group(amount: &str) -> bool {
    let body = amount.strip_prefix('-').unwrap_or(amount).as_bytes();
    (5..=7).contains(&body.len())
        && body[body.len() - 4] == b'.'
        && body[0] != b'0'
        && body.iter().filter(|&&b| b == b'.').count() == 1
}

/// Whether `amount` holds only what [`minor_units`] reads itself: digits,
/// a minus, and points where the point marks decimals.
fn plain(amount: &str, decimal_comma: bool) -> bool {
    amount
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || (b == b'.' && !decimal_comma))
}

/// `amount` without `currency`'s symbol or code at either end, and the
/// spaces beside it.
fn without_currency<'a>(amount: &'a str, currency: Option<&str>) -> &'a str {
    let bytes = amount.as_bytes();
    // Nearly every amount starts and ends with a digit: no look-up.
    let plain_start = bytes
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'-');
    if plain_start && bytes.last().is_some_and(u8::is_ascii_digit) {
        return amount;
    }
    let Some(code) = currency.map(str::trim).filter(|c| c.len() == 3) else {
        return amount;
    };
    let Some(known) = iso_currency::Currency::from_code(&code.to_ascii_uppercase()) else {
        return amount;
    };
    let symbol = known.symbol().symbol;
    let text = amount.trim();
    for mark in [symbol.as_str(), code] {
        let len = mark.len();
        if len == 0 {
            continue;
        }
        let starts = text
            .get(..len)
            .is_some_and(|s| s.eq_ignore_ascii_case(mark));
        if starts && text.len() > len {
            return text[len..].trim_start();
        }
        let at = text.len().wrapping_sub(len);
        let ends = text.get(at..).is_some_and(|s| s.eq_ignore_ascii_case(mark));
        if ends && text.len() > len {
            return text[..at].trim_end();
        }
    }
    amount
}

/// `amount` written as a spreadsheet shows it, its thousands grouped
/// ("4,500.00", "4.500,00", "4 500,00", "4'500.00", and "4’500.00" as
/// Windows groups Swiss amounts, CLDR's de-CH grouping sign U+2019) or its decimals after
/// a comma ("4500,50"), as plain digits and a point ("4500.00"), when its
/// shape leaves no doubt: after a first group of one to three digits (no
/// leading zero), groups of three set apart by one kind of separator, and
/// the decimals after a separator of another kind.
///
/// `decimal_comma` says the file's own decimals follow a comma (a file
/// split by semicolons or tabs). A file split by commas may hold either:
/// most write decimals after a point, but a spreadsheet that writes
/// values as shown quotes "4.850,00" or "1 234 568,91" in one (Oracle
/// Unifier's CSV export writes the decimal symbol of the user's
/// preferences), and their shapes leave no doubt.
///
/// `Ok(None)` for a plain amount, which [`minor_units`] reads, and for any
/// other shape, which it refuses. An error for one group after a point or
/// comma that could be either: "4.500" in a file whose decimals follow a
/// comma, and "4,500" or "4.500" in one split by commas: 4500 in one
/// country, 4.5 in another, and never guessed. In a currency without a
/// minor unit (`whole_units`: yen, won, Chilean pesos, CFA francs) that
/// group is thousands: "¥450,000" as Excel shows a yen salary is 450000,
/// as no one writes decimals a currency has not.
fn ungrouped(
    amount: &str,
    whole_units: bool,
    decimal_comma: bool,
) -> Result<Option<String>, String> {
    if plain(amount, decimal_comma) && !one_point_group(amount) {
        return Ok(None);
    }
    let (sign, body) = match amount.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", amount),
    };
    let mut runs: Vec<&str> = Vec::with_capacity(4);
    let mut separators: Vec<char> = Vec::with_capacity(4);
    let mut start = 0;
    for (i, c) in body.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if !matches!(
            c,
            ',' | '.' | ' ' | '\'' | '\u{2019}' | '\u{a0}' | '\u{202f}'
        ) || i == start
        {
            return Ok(None);
        }
        runs.push(&body[start..i]);
        separators.push(c);
        start = i + c.len_utf8();
    }
    let Some(last) = body.get(start..).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    runs.push(last);
    let Some((&final_separator, before)) = separators.split_last() else {
        return Ok(None);
    };
    let leads = |group: &str| (1..=3).contains(&group.len()) && !group.starts_with('0');
    // One group after a point or comma: decimals or thousands? Only a
    // decimal comma in a file whose decimals follow one is sure.
    if let ([lead, three], [separator @ (',' | '.')]) = (&runs[..], &separators[..])
        && leads(lead)
        && three.len() == 3
        && (*separator == '.' || !decimal_comma)
    {
        if whole_units {
            return Ok(Some(format!("{sign}{lead}{three}")));
        }
        return Err(format!(
            "{amount:?} could be {sign}{lead}{three} or {sign}{lead}.{three}: write it \
             without a thousands separator, its decimals after a {}",
            if decimal_comma { "comma" } else { "point" }
        ));
    }
    // The decimals' separator: a point or comma after groups of another
    // kind, or alone.
    let decimal = matches!(final_separator, ',' | '.') && !before.contains(&final_separator);
    let (groups, group_separators) = match decimal {
        true => (&runs[..runs.len() - 1], before),
        false => (&runs[..], &separators[..]),
    };
    if let Some((&first, rest)) = group_separators.split_first() {
        let grouped = rest.iter().all(|&c| c == first)
            && leads(groups[0])
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return Ok(None);
        }
    } else if final_separator == '.' {
        // One point and no groups: a plain amount.
        return Ok(None);
    }
    let mut plain = String::with_capacity(amount.len());
    plain.push_str(sign);
    groups.iter().for_each(|g| plain.push_str(g));
    if decimal {
        plain.push('.');
        plain.push_str(last);
    }
    Ok(Some(plain))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_rows_currency_symbol_or_code_around_an_amount() {
        for (text, code, comma, plain) in [
            ("$3,000.00", "USD", false, "3000.00"),
            ("$3,000.00", "CAD", false, "3000.00"),
            ("€ 4.500,00", "EUR", true, "4500.00"),
            ("4.500,00 €", "eur", true, "4500.00"),
            ("4500.00 EUR", "EUR", false, "4500.00"),
            ("EUR 4500", "EUR", false, "4500"),
            ("CHF 4'500.00", "CHF", false, "4500.00"),
            ("4 500,00 zł", "PLN", true, "4500.00"),
            ("£2,750.50", "GBP", false, "2750.50"),
            ("R$ 5.000,00", "BRL", true, "5000.00"),
        ] {
            assert_eq!(
                readable(text, Some(code), 2, comma),
                Ok(Some(plain.into())),
                "{text}"
            );
        }
        // Another currency's symbol, or none to say which: left, and refused.
        for (text, code) in [
            ("$3,000.00", Some("EUR")),
            ("£2,750.50", None),
            ("€", Some("EUR")),
        ] {
            assert_eq!(readable(text, code, 2, false), Ok(None), "{text}");
        }
        assert_eq!(readable("4500.00", Some("EUR"), 2, false), Ok(None));
        assert_eq!(
            readable("$4,500", Some("USD"), 2, false).map_err(|_| ()),
            Err(())
        );
    }

    #[test]
    fn a_dash_for_the_decimals_is_a_whole_amount() {
        for (text, code, comma, plain) in [
            ("4500.-", "CHF", false, "4500.00"),
            ("4'500.\u{2013}", "CHF", false, "4500.00"),
            ("CHF 4\u{2019}500.-", "CHF", false, "4500.00"),
            ("4.500,-", "EUR", false, "4500.00"),
            ("4.500,-", "EUR", true, "4500.00"),
            ("4.500,\u{2014} €", "EUR", true, "4500.00"),
            ("4500,-", "EUR", false, "4500.00"),
            ("-120.-", "CHF", false, "-120.00"),
        ] {
            assert_eq!(
                readable(text, Some(code), 2, comma),
                Ok(Some(plain.into())),
                "{text}"
            );
        }
        // A dash alone, after no digits, or after groups that are none.
        for text in ["4500-", "-", ".-", "4,50.-", "4.500.-"] {
            assert_eq!(readable(text, Some("CHF"), 2, false), Ok(None), "{text}");
        }
    }

    #[test]
    fn one_group_in_a_currency_without_decimals_is_thousands() {
        // Excel's yen, won and peso formats: no decimals, grouped.
        for (text, code, comma, plain) in [
            ("¥450,000", "JPY", false, "450000"),
            ("450,000", "JPY", false, "450000"),
            ("850.000", "CLP", true, "850000"),
            ("-1,500", "ISK", false, "-1500"),
            ("₩3,500,000", "KRW", false, "3500000"),
        ] {
            assert_eq!(
                readable(text, Some(code), 0, comma),
                Ok(Some(plain.into())),
                "{text}"
            );
        }
        // In a file split by commas a point may group thousands too
        // (a spreadsheet writing values as shown): 450000 yen, not 450.
        assert_eq!(
            readable("450.000", Some("JPY"), 0, false),
            Ok(Some("450000".into()))
        );
        // Decimals a currency of none has not, after a group, are still
        // refused unless they are zeros.
        assert_eq!(readable("450.5", Some("JPY"), 0, false), Ok(None));
        // A currency of two or three decimals still leaves it in doubt.
        for (code, decimals) in [("USD", 2), ("KWD", 3)] {
            assert!(readable("4,500", Some(code), decimals, false).is_err());
        }
    }

    #[test]
    fn reads_thousands_groups_only_where_they_leave_no_doubt() {
        let read = |text: &str, comma: bool| ungrouped(text, false, comma);
        for (text, plain) in [
            ("4,500.00", "4500.00"),
            ("1,234,567.89", "1234567.89"),
            ("-1,234.5", "-1234.5"),
            ("4'500.00", "4500.00"),
            ("4\u{2019}500.00", "4500.00"),
            ("4 500.00", "4500.00"),
            ("4 500", "4500"),
            ("1'234'567", "1234567"),
            ("1,234,567", "1234567"),
        ] {
            assert_eq!(read(text, false), Ok(Some(plain.into())), "{text}");
            assert_eq!(read(text, true), Ok(Some(plain.into())), "{text}");
        }
        // Decimals after a comma, or points grouping thousands: in a file
        // split by semicolons or tabs, and in one split by commas too
        // where the shape leaves no doubt (a spreadsheet's values as shown,
        // quoted).
        for (text, plain) in [
            ("4500,50", "4500.50"),
            ("-12,5", "-12.5"),
            ("4,500", "4.500"),
            ("4.500,00", "4500.00"),
            ("1.234.567,89", "1234567.89"),
            ("1.234.567", "1234567"),
            ("4 500,00", "4500.00"),
            ("4\u{a0}500,00", "4500.00"),
            ("4\u{202f}500,00", "4500.00"),
        ] {
            assert_eq!(read(text, true), Ok(Some(plain.into())), "{text}");
            match text {
                // In doubt in a comma file (below).
                "4,500" => assert!(read(text, false).is_err()),
                // Plain there: minor_units refuses two points.
                "1.234.567" => assert_eq!(read(text, false), Ok(None)),
                _ => assert_eq!(
                    read(text, false),
                    Ok(Some(plain.into())),
                    "{text} in a comma file"
                ),
            }
        }
        // Plain amounts are minor_units' own; other shapes it refuses.
        for text in [
            "4500.00",
            "-12",
            "0.500",
            "45,00.00",
            "4,5000.00",
            "1234,567.00",
            "4,500.00.00",
            "4..5",
            ",5",
            "4,",
            "4 500 .00",
            "4,500,00",
            "€4500",
            "4500 EUR",
            "4-500",
            "",
            "0,500.00",
            "012 500",
        ] {
            assert_eq!(read(text, false), Ok(None), "{text:?}");
            if text != "0.500" {
                assert_eq!(read(text, true), Ok(None), "{text:?} in a semicolon file");
            }
        }
        // One group after a point or a comma could be either: refused.
        assert_eq!(
            read("4,500", false),
            Err(
                "\"4,500\" could be 4500 or 4.500: write it without a thousands \
                 separator, its decimals after a point"
                    .into()
            )
        );
        let refused = read("-4.500", true).unwrap_err();
        assert!(refused.contains("-4500 or -4.500"), "{refused}");
        assert!(refused.ends_with("after a comma"), "{refused}");
        // A comma file may group with points: one group there is in doubt
        // too, where it was read as 4.5 before.
        for text in ["4.500", "-12.500", "999.000"] {
            assert!(read(text, false).is_err(), "{text} in a comma file");
            let amount = readable(text, Some("EUR"), 2, false);
            assert!(amount.is_err(), "{text}: {amount:?}");
        }
        // More digits before the point, a leading zero or other decimals
        // are no group.
        for text in ["1234.500", "0.500", "4.5", "4.50", "4.5000"] {
            assert_eq!(readable(text, Some("EUR"), 2, false), Ok(None), "{text}");
        }
        // A leading zero is no group: 0.500 is a half, wherever.
        assert_eq!(read("0.500", true), Ok(None));
        assert_eq!(read("0,500", true), Ok(Some("0.500".into())));
    }

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
