//! Currency fields as payroll exports write them, read as ISO 4217 codes:
//! a code in any case ("eur"), the numeric code ("978", as banking
//! systems export it), or a symbol only one currency has ("€", "₹"), as
//! iso_currency lists them. A symbol several currencies share ("$", "£",
//! "¥") is refused naming them, and a currency's name ("Euro") naming its
//! code, as a country's name is (see `countries`). Anything else is left
//! as written in capitals: a crypto asset's code, or a value the reader
//! refuses naming the field.

use iso_currency::Currency;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The ISO 4217 code (or crypto asset's) a currency field stands for, as
/// the module says, or why it is refused.
#[inline]
pub fn code_of(value: &str) -> Result<String, String> {
    // Nearly every file writes the code.
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Ok(value.to_ascii_uppercase());
    }
    written_otherwise(value)
}

/// [`code_of`] for a value that is not three letters.
fn written_otherwise(value: &str) -> Result<String, String> {
    if (1..=3).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) {
        return value
            .parse()
            .ok()
            .and_then(Currency::from_numeric)
            .filter(|&c| current(c))
            .map(|c| c.code().to_string())
            .ok_or_else(|| format!("{value:?} is no ISO 4217 numeric currency code"));
    }
    let known = known();
    if let Some(codes) = known.symbols.get(value) {
        return match codes.as_slice() {
            [one] => Ok(one.to_string()),
            several => Err(format!(
                "{value:?} is the symbol of {}: write the currency's ISO 4217 code",
                listed(several)
            )),
        };
    }
    match known.names.get(value.to_lowercase().as_str()) {
        Some(code) => Err(format!(
            "{value:?} is a currency's name, not its ISO 4217 code: write {code}"
        )),
        None => Ok(value.to_ascii_uppercase()),
    }
}

/// Whether `currency` is one a payout is paid in: no fund, no special
/// code (gold, "no currency"), none superseded.
fn current(currency: Currency) -> bool {
    !currency.is_fund() && !currency.is_special() && currency.is_superseded().is_none()
}

/// "A, B or C".
fn listed(codes: &[&str]) -> String {
    match codes.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The [`current`] currencies by what else a file may write for them.
struct Known {
    /// By symbol, the codes of the currencies that use it, in code order.
    symbols: HashMap<String, Vec<&'static str>>,
    /// By name, lower case, the code.
    names: HashMap<String, &'static str>,
}

/// The currencies, read once. iso_currency has no list of them without
/// its `iterator` feature (strum), so they are found by numeric code.
fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut known = Known {
            symbols: HashMap::new(),
            names: HashMap::new(),
        };
        for currency in (0..1000)
            .filter_map(Currency::from_numeric)
            .filter(|&c| current(c))
        {
            let symbol = currency.symbol().symbol;
            // A symbol that is the code itself reads as the code already.
            if !symbol.is_empty() && symbol != currency.code() {
                known
                    .symbols
                    .entry(symbol)
                    .or_default()
                    .push(currency.code());
            }
            known
                .names
                .insert(currency.name().to_lowercase(), currency.code());
        }
        for codes in known.symbols.values_mut() {
            codes.sort_unstable();
        }
        known
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_numeric_codes_and_a_symbol_of_one_currency_are_read() {
        for (written, code) in [
            ("EUR", "EUR"),
            ("eur", "EUR"),
            ("978", "EUR"),
            ("840", "USD"),
            ("€", "EUR"),
            ("₹", "INR"),
            // A crypto asset's code is left for the reader to look up.
            ("USDC", "USDC"),
            ("usdt", "USDT"),
        ] {
            assert_eq!(code_of(written), Ok(code.to_string()), "{written}");
        }
    }

    #[test]
    fn a_shared_symbol_a_name_and_an_unknown_number_are_refused_saying_what_to_write() {
        let dollar = code_of("$").unwrap_err();
        assert!(dollar.starts_with("\"$\" is the symbol of "), "{dollar}");
        assert!(
            dollar.contains(", CAD, ") && dollar.contains(", USD or XCD"),
            "{dollar}"
        );
        assert_eq!(
            code_of("£").unwrap_err(),
            "\"£\" is the symbol of EGP, FKP, GBP, GIP or SHP: write the currency's ISO 4217 code"
        );
        assert_eq!(
            code_of("Euro").unwrap_err(),
            "\"Euro\" is a currency's name, not its ISO 4217 code: write EUR"
        );
        assert_eq!(
            code_of("999").unwrap_err(),
            "\"999\" is no ISO 4217 numeric currency code"
        );
    }
}
