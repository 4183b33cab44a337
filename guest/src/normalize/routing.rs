//! Domestic routing numbers that name a bank: US ABA routing transit
//! numbers and UK sort codes.

use crate::data::e_money::Scheme;

/// A routing number read as one of the schemes, digits only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub scheme: Scheme,
    pub digits: String,
    /// The country whose banks the scheme numbers.
    pub country: &'static str,
}

/// Reads a routing number. `may_be_in(country)` says whether anything
/// else about the account (its declared or BIC country, the residence,
/// the currency) points to that country.
///
/// Nine digits are an ABA number when the ABA check digit holds (weights
/// 3, 7, 1), the first two digits are a Federal Reserve district (01-12,
/// 21-32) or a thrift or electronic range (61-72, 80; "00" is left out,
/// since Canadian EFT numbers start so), and the account may be American:
/// one in ten nine-digit numbers passes the check digit by chance, and
/// another country's branch code must not turn into a US bank. Six digits
/// are a UK sort code when written "12-34-56", or when the account may
/// be British. Eight digits are an ABA number whose leading zero a
/// spreadsheet dropped (Excel keeps 026073150 as 26073150) when, padded,
/// they are one: read as the nine.
pub fn read(raw: &str, may_be_in: impl Fn(&str) -> bool) -> Option<Routing> {
    let trimmed = raw.trim();
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    restore_aba_zero(&mut digits);
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -".contains(c)))
    {
        return None;
    }
    let found = |scheme, country| {
        Some(Routing {
            scheme,
            digits: digits.clone(),
            country,
        })
    };
    match digits.len() {
        9 if aba_holds(&digits) && may_be_in("US") => found(Scheme::Aba, "US"),
        6 if is_dashed_sort_code(trimmed) || may_be_in("GB") => found(Scheme::SortCode, "GB"),
        _ => None,
    }
}

/// A routing number's part of an account's key: its letters and digits
/// (`account_key`), and eight digits that are an ABA number once the
/// leading zero a spreadsheet dropped is put back, as nine; so the
/// account behind "21000021" is the one behind "021000021". No other
/// routing number has eight digits that pass ABA's check so padded.
pub fn key(raw: &str) -> String {
    let mut key = super::destination::account_key(raw);
    if key.bytes().all(|b| b.is_ascii_digit()) {
        restore_aba_zero(&mut key);
    }
    key
}

/// Why `raw` is no routing number of `scheme`, in words for a reviewer;
/// None when it is one. An ABA number is nine digits (eight with the
/// leading zero a spreadsheet dropped), a Federal Reserve routing symbol
/// first, its check digit holding; a sort code six digits.
pub fn fault(raw: &str, scheme: Scheme) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed
        .chars()
        .any(|c| !(c.is_ascii_digit() || " -".contains(c)))
    {
        return Some("it holds other characters than digits".into());
    }
    let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    match scheme {
        Scheme::Aba => {
            restore_aba_zero(&mut digits);
            if digits.len() != 9 {
                return Some(format!("it has {} digits, not 9", digits.len()));
            }
            if !aba_check_digit_holds(&digits) {
                return Some("its check digit fails".into());
            }
            (!aba_routing_symbol(&digits))
                .then(|| format!("{} is no Federal Reserve routing symbol", &digits[..2]))
        }
        Scheme::SortCode => {
            (digits.len() != 6).then(|| format!("it has {} digits, not 6", digits.len()))
        }
    }
}

/// Eight digits as the ABA number they are with a leading zero put back.
fn restore_aba_zero(digits: &mut String) {
    if digits.len() == 8 {
        digits.insert(0, '0');
        if !aba_holds(digits) {
            digits.remove(0);
        }
    }
}

/// Whether nine digits are an ABA number: its check digit and its routing
/// symbol ([`aba_check_digit_holds`], [`aba_routing_symbol`]).
fn aba_holds(digits: &str) -> bool {
    aba_check_digit_holds(digits) && aba_routing_symbol(digits)
}

/// Whether the ABA check digit holds (weights 3, 7, 1).
fn aba_check_digit_holds(digits: &str) -> bool {
    digits
        .bytes()
        .zip([3, 7, 1].iter().cycle())
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum::<u32>()
        .is_multiple_of(10)
}

/// Whether the first two digits are a Federal Reserve district (01-12,
/// 21-32) or a thrift or electronic range (61-72, 80).
fn aba_routing_symbol(digits: &str) -> bool {
    matches!(
        digits.get(..2).and_then(|d| d.parse::<u8>().ok()),
        Some(1..=12 | 21..=32 | 61..=72 | 80)
    )
}

fn is_dashed_sort_code(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 8
        && b[2] == b'-'
        && b[5] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anywhere(_: &str) -> bool {
        true
    }

    fn nowhere(_: &str) -> bool {
        false
    }

    #[test]
    fn reads_aba_numbers_by_their_check_digit_for_accounts_that_may_be_american() {
        let r = read("026073150", anywhere).unwrap();
        assert_eq!((r.scheme, r.country), (Scheme::Aba, "US"));
        assert_eq!(read("021000021", anywhere).unwrap().digits, "021000021");
        assert_eq!(read("026073151", anywhere), None, "check digit off");
        assert_eq!(read("000112345", anywhere), None, "a Canadian EFT number");
        assert_eq!(read("021000021", nowhere), None, "nothing says American");
    }

    #[test]
    fn an_aba_number_whose_leading_zero_a_spreadsheet_dropped_is_read_whole() {
        let r = read("26073150", anywhere).unwrap();
        assert_eq!((r.scheme, r.digits.as_str()), (Scheme::Aba, "026073150"));
        assert_eq!(read("21000021", anywhere).unwrap().digits, "021000021");
        assert_eq!(read("26073151", anywhere), None, "check digit off");
        assert_eq!(read("26073150", nowhere), None, "nothing says American");
        // Eight digits that are no ABA number padded stay what they were.
        assert_eq!(read("10010010", anywhere), None);
    }

    #[test]
    fn a_fault_says_why_a_number_is_no_routing_number() {
        let aba = |raw| fault(raw, Scheme::Aba);
        assert_eq!(aba("021000021"), None);
        assert_eq!(aba("21000021"), None, "its dropped zero put back");
        assert_eq!(aba("021 000 021"), None);
        assert_eq!(aba("12345").as_deref(), Some("it has 5 digits, not 9"));
        assert_eq!(aba("021000022").as_deref(), Some("its check digit fails"));
        assert_eq!(
            aba("991000025").as_deref(),
            Some("99 is no Federal Reserve routing symbol")
        );
        assert_eq!(
            aba("CHASUS33").as_deref(),
            Some("it holds other characters than digits")
        );
        let sort_code = |raw| fault(raw, Scheme::SortCode);
        assert_eq!(sort_code("20-00-00"), None);
        assert_eq!(
            sort_code("20-00-0").as_deref(),
            Some("it has 5 digits, not 6")
        );
    }

    #[test]
    fn a_routing_key_puts_back_the_zero_a_spreadsheet_dropped() {
        assert_eq!(key("21000021"), "021000021");
        assert_eq!(key(" 021-000-021 "), "021000021");
        assert_eq!(key("10010010"), "10010010", "a German bank code stays");
        assert_eq!(key("23-14-70"), "231470");
        assert_eq!(key(""), "");
    }

    #[test]
    fn reads_sort_codes_when_written_as_such_or_british() {
        assert_eq!(read("23-14-70", nowhere).unwrap().digits, "231470");
        assert_eq!(read("231470", anywhere).unwrap().scheme, Scheme::SortCode);
        assert_eq!(read("231470", nowhere), None);
        assert_eq!(read("BLZ 10010010", anywhere), None);
    }
}
