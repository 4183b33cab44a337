//! One payroll row, by column name, to a payout. Shared by the CSV and
//! JSON readers so both accept and refuse exactly the same values.

use crate::model::{BankAccount, Date, Destination, Payout, RowError};
use iso_currency::Currency;
use rust_decimal::Decimal;

/// The payroll columns, in the documented order.
pub const COLUMNS: [&str; 22] = [
    "payout_id",
    "employee_id",
    "employee_name",
    "residence_country",
    "amount",
    "currency",
    "method",
    "iban",
    "bic",
    "account_number",
    "routing_number",
    "bank_country",
    "account_holder",
    "wallet_address",
    "wallet_network",
    "ewallet_provider",
    "ewallet_id",
    "account_changed_at",
    "pay_date",
    "phone",
    "ship_to_country",
    "reference",
];

/// Columns a payroll file must have: without one, no row could be scored.
/// They lead [`COLUMNS`].
pub const REQUIRED: &[&str] = COLUMNS.split_at(6).0;

/// The longest value a field may hold. Real values are far shorter; a
/// huge one is an attack on memory or on the reviewer's screen.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Builds a payout from a row; `get` returns a column's value, trimmed, or
/// none when the column is absent or blank.
pub fn payout(get: impl Fn(&str) -> Option<String>) -> Result<Payout, RowError> {
    let payout_id = get("payout_id")
        .filter(|id| plain(id).is_ok())
        .unwrap_or_default();
    let fail = |field: &str, message: String| RowError {
        payout_id: payout_id.clone(),
        field: Some(field.to_string()),
        message,
    };
    for column in COLUMNS {
        if let Some(value) = get(column) {
            plain(&value).map_err(|message| fail(column, message))?;
        }
    }
    let required = |field: &str| get(field).ok_or_else(|| fail(field, "is empty".into()));
    let upper = |field: &str| get(field).map(|v| v.to_ascii_uppercase());
    let currency_code = required("currency")?.to_ascii_uppercase();
    let currency = Currency::from_code(&currency_code).ok_or_else(|| {
        fail(
            "currency",
            format!("{currency_code:?} is not an ISO 4217 currency code"),
        )
    })?;
    let amount_minor =
        minor_units(&required("amount")?, currency).map_err(|m| fail("amount", m))?;
    let date = |field: &str| {
        get(field)
            .map(|v| parse_date(&v).map_err(|m| fail(field, m)))
            .transpose()
    };
    let method = match get("method") {
        Some(m) => m.to_ascii_lowercase(),
        None => infer_method(&get).ok_or_else(|| {
            fail(
                "method",
                "is empty and no iban, account_number, wallet_address or ewallet_id says which"
                    .into(),
            )
        })?,
    };
    let destination = match method.as_str() {
        "bank" => Destination::Bank(BankAccount {
            iban: get("iban"),
            account_number: get("account_number"),
            routing_number: get("routing_number"),
            bic: get("bic"),
            bank_country: upper("bank_country"),
        }),
        "crypto" => Destination::Crypto {
            address: required("wallet_address")?,
            network: get("wallet_network"),
        },
        "ewallet" => Destination::Ewallet {
            provider: required("ewallet_provider")?,
            handle: required("ewallet_id")?,
        },
        other => {
            return Err(fail(
                "method",
                format!("{other:?} is not a method; use bank, crypto or ewallet"),
            ));
        }
    };
    Ok(Payout {
        payout_id: required("payout_id")?,
        employee_id: required("employee_id")?,
        employee_name: required("employee_name")?,
        residence_country: upper("residence_country")
            .ok_or_else(|| fail("residence_country", "is empty".into()))?,
        amount_minor,
        currency: currency_code,
        destination,
        account_holder: get("account_holder"),
        account_changed_at: date("account_changed_at")?,
        pay_date: date("pay_date")?,
        phone: get("phone"),
        ship_to_country: upper("ship_to_country"),
        reference: get("reference"),
    })
}

/// Refuses values too long to be real and control characters (NUL, escape
/// sequences), which no name, account or reference contains.
fn plain(value: &str) -> Result<(), String> {
    if value.len() > MAX_FIELD_BYTES {
        return Err(format!(
            "is {} bytes long; at most {MAX_FIELD_BYTES} are accepted",
            value.len()
        ));
    }
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!("contains the control character U+{:04X}", c as u32)),
        None => Ok(()),
    }
}

fn infer_method(get: &impl Fn(&str) -> Option<String>) -> Option<String> {
    let has = |f: &str| get(f).is_some();
    let method = if has("wallet_address") {
        "crypto"
    } else if has("ewallet_id") || has("ewallet_provider") {
        "ewallet"
    } else if has("iban") || has("account_number") {
        "bank"
    } else {
        return None;
    };
    Some(method.to_string())
}

/// A decimal amount in major units to integer minor units of `currency`:
/// "1234.5" EUR is 123450. Refuses more decimals than the currency has,
/// signs other than a leading minus, exponents and overflow.
pub fn minor_units(text: &str, currency: Currency) -> Result<i64, String> {
    let exponent = u32::from(currency.exponent().unwrap_or(0));
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
            "{text} has more decimals than {} allows ({exponent})",
            currency.code()
        ));
    }
    let minor = amount
        .checked_mul(Decimal::from(10_i64.pow(exponent)))
        .and_then(|m| i64::try_from(m.trunc()).ok())
        .ok_or_else(|| format!("{text} {} is too large", currency.code()))?;
    Ok(minor)
}

/// An ISO 8601 calendar date, "2026-11-25".
fn parse_date(text: &str) -> Result<Date, String> {
    use chrono::Datelike;
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("{text:?} is not a date in the form 2026-11-25"))?;
    Ok(Date {
        year: u16::try_from(date.year()).map_err(|_| format!("{text:?} is out of range"))?,
        month: date.month() as u8,
        day: date.day() as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_amounts_to_minor_units_of_the_currency() {
        let eur = Currency::EUR;
        assert_eq!(minor_units("1234.56", eur), Ok(123456));
        assert_eq!(minor_units("1234.5", eur), Ok(123450));
        assert_eq!(minor_units("1234", eur), Ok(123400));
        assert_eq!(minor_units("1234.50", eur), Ok(123450));
        assert_eq!(minor_units("5000", Currency::JPY), Ok(5000));
        assert_eq!(minor_units("1.234", Currency::BHD), Ok(1234));
        assert!(
            minor_units("1.234", eur)
                .unwrap_err()
                .contains("more decimals")
        );
        assert!(minor_units("12,50", eur).is_err());
        assert!(minor_units("1e5", eur).is_err());
        assert!(minor_units("+5", eur).is_err());
        assert!(minor_units("", eur).is_err());
        assert!(
            minor_units("92233720368547758.08", eur)
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(
            minor_units("-5", eur),
            Ok(-500),
            "the plugin refuses negatives, naming the field"
        );
    }

    #[test]
    fn names_the_field_at_fault() {
        let row = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            payout(move |c| pairs.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()))
        };
        let base = [
            ("payout_id", "P1"),
            ("employee_id", "E1"),
            ("employee_name", "Anna"),
            ("residence_country", "de"),
            ("amount", "10"),
            ("currency", "eur"),
            ("iban", "DE89370400440532013000"),
        ];
        let ok = row(&base).unwrap();
        assert_eq!(
            (
                ok.residence_country.as_str(),
                ok.currency.as_str(),
                ok.amount_minor
            ),
            ("DE", "EUR", 1000)
        );
        assert!(
            matches!(ok.destination, Destination::Bank(_)),
            "method inferred from the iban"
        );
        let field = |k: &str, v: &str| {
            let mut pairs = base.to_vec();
            pairs.retain(|(key, _)| *key != k);
            pairs.push((k, v));
            row(&pairs).unwrap_err().field.unwrap()
        };
        assert_eq!(field("currency", "EURO"), "currency");
        assert_eq!(field("amount", "ten"), "amount");
        assert_eq!(field("method", "paypal"), "method");
        assert_eq!(field("pay_date", "2026-02-30"), "pay_date");
        assert_eq!(field("method", "crypto"), "wallet_address");
    }
}
