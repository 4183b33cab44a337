//! One payroll row, by column name, to a payout. Shared by the CSV and
//! JSON readers so both accept and refuse exactly the same values.

use crate::model::{BankAccount, Date, Destination, Payout, RowError};
use iso_currency::Currency;
use rust_decimal::Decimal;

/// Declares the columns once: the enum the readers index by and the names
/// they match in a header or an object.
macro_rules! columns {
    ($($column:ident = $name:literal,)*) => {
        /// A payroll column; its names are in [`COLUMNS`], in this order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Column {
            $($column,)*
        }

        /// The payroll columns' names, in the documented order.
        pub const COLUMNS: [&str; [$($name),*].len()] = [$($name),*];

        impl Column {
            /// Every column, in the documented order.
            pub const ALL: [Column; COLUMNS.len()] = [$(Column::$column),*];
        }
    };
}

columns! {
    PayoutId = "payout_id",
    EmployeeId = "employee_id",
    EmployeeName = "employee_name",
    ResidenceCountry = "residence_country",
    Amount = "amount",
    Currency = "currency",
    Method = "method",
    Iban = "iban",
    Bic = "bic",
    AccountNumber = "account_number",
    RoutingNumber = "routing_number",
    BankCountry = "bank_country",
    AccountHolder = "account_holder",
    WalletAddress = "wallet_address",
    WalletNetwork = "wallet_network",
    EwalletProvider = "ewallet_provider",
    EwalletId = "ewallet_id",
    AccountChangedAt = "account_changed_at",
    PayDate = "pay_date",
    Phone = "phone",
    ShipToCountry = "ship_to_country",
    Reference = "reference",
}

impl Column {
    /// The column's name in a header or a JSON object.
    pub fn name(self) -> &'static str {
        COLUMNS[self as usize]
    }

    /// The column named `name`, exactly.
    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One row's values by column: trimmed, borrowed from the row, blank
/// values absent.
#[derive(Debug, Clone, Default)]
pub struct Fields<'a> {
    values: [Option<&'a str>; COLUMNS.len()],
}

impl<'a> Fields<'a> {
    /// Sets `column` to `value`, trimmed; a blank value stays absent.
    pub fn set(&mut self, column: Column, value: &'a str) {
        let value = value.trim();
        self.values[column as usize] = (!value.is_empty()).then_some(value);
    }

    /// The value of `column`, if present.
    pub fn get(&self, column: Column) -> Option<&'a str> {
        self.values[column as usize]
    }

    fn owned(&self, column: Column) -> Option<String> {
        self.get(column).map(str::to_string)
    }
}

/// Columns a payroll file must have: without one, no row could be scored.
/// They lead [`COLUMNS`].
pub const REQUIRED: &[Column] = Column::ALL.split_at(6).0;

/// The longest value a field may hold. Real values are far shorter; a
/// huge one is an attack on memory or on the reviewer's screen.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Builds a payout from a row's fields.
pub fn payout(row: &Fields) -> Result<Payout, RowError> {
    use Column as C;
    let payout_id = row
        .get(C::PayoutId)
        .filter(|id| plain(id).is_ok())
        .unwrap_or_default();
    let fail = |column: Column, message: String| RowError {
        payout_id: payout_id.to_string(),
        field: Some(column.name().to_string()),
        message,
    };
    for column in Column::ALL {
        if let Some(value) = row.get(column) {
            plain(value).map_err(|message| fail(column, message))?;
        }
    }
    let required = |column: Column| {
        row.get(column)
            .ok_or_else(|| fail(column, "is empty".into()))
    };
    let upper = |column: Column| row.get(column).map(|v| v.to_ascii_uppercase());
    let currency_code = required(C::Currency)?.to_ascii_uppercase();
    let currency = Currency::from_code(&currency_code).ok_or_else(|| {
        fail(
            C::Currency,
            format!("{currency_code:?} is not an ISO 4217 currency code"),
        )
    })?;
    let amount_minor =
        minor_units(required(C::Amount)?, currency).map_err(|m| fail(C::Amount, m))?;
    let date = |column: Column| {
        row.get(column)
            .map(|v| parse_date(v).map_err(|m| fail(column, m)))
            .transpose()
    };
    let method = match row.get(C::Method) {
        Some(m) => m.to_ascii_lowercase(),
        None => infer_method(row)
            .ok_or_else(|| {
                fail(
                    C::Method,
                    "is empty and no iban, account_number, wallet_address or ewallet_id says which"
                        .into(),
                )
            })?
            .to_string(),
    };
    let destination = match method.as_str() {
        "bank" => Destination::Bank(BankAccount {
            iban: row.owned(C::Iban),
            account_number: row.owned(C::AccountNumber),
            routing_number: row.owned(C::RoutingNumber),
            bic: row.owned(C::Bic),
            bank_country: upper(C::BankCountry),
        }),
        "crypto" => Destination::Crypto {
            address: required(C::WalletAddress)?.to_string(),
            network: row.owned(C::WalletNetwork),
        },
        "ewallet" => Destination::Ewallet {
            provider: required(C::EwalletProvider)?.to_string(),
            handle: required(C::EwalletId)?.to_string(),
        },
        other => {
            return Err(fail(
                C::Method,
                format!("{other:?} is not a method; use bank, crypto or ewallet"),
            ));
        }
    };
    Ok(Payout {
        payout_id: required(C::PayoutId)?.to_string(),
        employee_id: required(C::EmployeeId)?.to_string(),
        employee_name: required(C::EmployeeName)?.to_string(),
        residence_country: upper(C::ResidenceCountry)
            .ok_or_else(|| fail(C::ResidenceCountry, "is empty".into()))?,
        amount_minor,
        currency: currency_code,
        destination,
        account_holder: row.owned(C::AccountHolder),
        account_changed_at: date(C::AccountChangedAt)?,
        pay_date: date(C::PayDate)?,
        phone: row.owned(C::Phone),
        ship_to_country: upper(C::ShipToCountry),
        reference: row.owned(C::Reference),
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

fn infer_method(row: &Fields) -> Option<&'static str> {
    let has = |c: Column| row.get(c).is_some();
    Some(if has(Column::WalletAddress) {
        "crypto"
    } else if has(Column::EwalletId) || has(Column::EwalletProvider) {
        "ewallet"
    } else if has(Column::Iban) || has(Column::AccountNumber) {
        "bank"
    } else {
        return None;
    })
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
            let mut fields = Fields::default();
            for (name, value) in pairs {
                fields.set(Column::named(name).expect("a column"), value);
            }
            payout(&fields)
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
