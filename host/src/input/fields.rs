//! One payroll row, by column name, to a payout. Shared by the CSV and
//! JSON readers so both accept and refuse exactly the same values.

pub use super::amount::minor_units;
use super::amount::readable;
use crate::model::{BankAccount, CryptoWallet, Date, Destination, EWallet, Payout, RowError};
use iso_currency::Currency;
use payguard_model::unlisted_asset;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

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
    WalletTag = "wallet_tag",
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
    /// The reader found no control character's bytes in the whole row.
    scanned: bool,
    /// The row's amount may have its decimals after a comma (a CSV file
    /// split by semicolons or tabs).
    decimal_comma: bool,
    /// Which comes first in a date with slashes and the year last, as the
    /// file's column mapping says (else such a date is refused).
    slash_dates: Option<SlashDates>,
}

/// Which a date written with slashes and the year last gives first:
/// "11/12/2026" is 11 December in the UK and November 12 in the US. Only
/// the file's own mapping says (`dates = "day-first"`), never a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashDates {
    /// "25/11/2026": the UK, most of Europe, Latin America.
    DayFirst,
    /// "11/25/2026": the US.
    MonthFirst,
}

impl SlashDates {
    /// The order a mapping file names: `day-first` or `month-first`.
    pub fn named(name: &str) -> Option<SlashDates> {
        match name {
            "day-first" => Some(SlashDates::DayFirst),
            "month-first" => Some(SlashDates::MonthFirst),
            _ => None,
        }
    }
}

impl<'a> Fields<'a> {
    /// Sets `column` to `value`, trimmed; a blank value stays absent.
    #[inline]
    pub fn set(&mut self, column: Column, value: &'a str) {
        // Most values neither start nor end with a space: two byte
        // checks spare decoding characters at both ends.
        let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
        let mut value = if edge(value.as_bytes().first()) && edge(value.as_bytes().last()) {
            value
        } else {
            value.trim()
        };
        if value.starts_with('=') {
            value = excel_text(value);
        }
        self.values[column as usize] = (!value.is_empty()).then_some(value);
    }

    /// Declares that the row's amount may have its decimals after a comma,
    /// as in a CSV file split by semicolons or tabs.
    pub fn decimals_after_comma(&mut self) {
        self.decimal_comma = true;
    }

    /// Declares which comes first in the row's dates written with slashes
    /// and the year last, as the file's column mapping says.
    pub fn slash_dates(&mut self, order: Option<SlashDates>) {
        self.slash_dates = order;
    }

    /// Declares that the row these values come from holds none of the
    /// bytes that start a control character (see [`has_control_bytes`]),
    /// which a reader checked over the whole row at once: the values are
    /// then not scanned one by one again.
    pub fn scanned_for_controls(&mut self) {
        self.scanned = true;
    }

    /// The value of `column`, if present.
    pub fn get(&self, column: Column) -> Option<&'a str> {
        self.values[column as usize]
    }

    fn owned(&self, column: Column) -> Option<String> {
        self.get(column).map(str::to_string)
    }
}

/// The text of a value written as Excel's text formula, `="000123"`
/// (`"=""000123"""` in the CSV file): exports meant for Excel write ids,
/// account and routing numbers so, to keep their leading zeros. The text
/// is what Excel shows and what an export without the formula writes, so
/// one employee or account is one however the export wrote it. Anything
/// else starting with "=" is left as written.
#[cold]
fn excel_text(value: &str) -> &str {
    match value.strip_prefix("=\"").and_then(|v| v.strip_suffix('"')) {
        Some(text) if !text.contains('"') => text.trim(),
        _ => value,
    }
}

/// Columns a payroll file must have: without one, no row could be scored.
/// They lead [`COLUMNS`].
pub const REQUIRED: &[Column] = Column::ALL.split_at(6).0;

/// The longest value a field may hold. Real values are far shorter; a
/// huge one is an attack on memory or on the reviewer's screen.
pub const MAX_FIELD_BYTES: usize = 4096;

/// Columns of identifiers written in digits, which a spreadsheet reads as
/// numbers: past 11 digits it shows and saves them in scientific notation
/// ("1.23457E+15"), keeping six. Two accounts, phones or employees cut so
/// would read as one (a destination "shared" by strangers), so such a
/// value is refused, never read.
const DIGIT_IDENTIFIERS: [Column; 6] = [
    Column::PayoutId,
    Column::EmployeeId,
    Column::AccountNumber,
    Column::RoutingNumber,
    Column::Phone,
    Column::EwalletId,
];

/// Whether `value` is a number as a spreadsheet writes one in scientific
/// notation: one digit, optionally a point or comma and digits, then "E+"
/// and the exponent ("1.23457E+15", "4,47912E+11", "1E+12"), or "E" alone
/// after a fraction, as Java and Spark write it ("1.23456789012E11").
fn in_scientific_notation(value: &str) -> bool {
    // Ids, phones and account numbers fail on their first two bytes: asked
    // of six fields in every row, the search for an "E" cost 700
    // instructions a row.
    let unsigned = value.strip_prefix('-').unwrap_or(value).as_bytes();
    if !matches!(unsigned, [b'0'..=b'9', b'.' | b',' | b'E' | b'e', ..]) {
        return false;
    }
    let Some((mantissa, exponent)) = value.split_once(['E', 'e']) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa = mantissa.strip_prefix('-').unwrap_or(mantissa);
    // Java and Spark leave out the "+" ("1.23456789012E11"): then only
    // after a fraction, as "1E11" may be an identifier.
    match mantissa.split_once(['.', ',']) {
        Some((whole, fraction)) => {
            whole.len() == 1
                && digits(whole)
                && digits(fraction)
                && digits(exponent.strip_prefix('+').unwrap_or(exponent))
        }
        None => {
            mantissa.len() == 1
                && digits(mantissa)
                && exponent.strip_prefix('+').is_some_and(digits)
        }
    }
}

/// Whether `value` is digits, a point and zeros only ("123456789012.0"):
/// a number column written out as floats. A real identifier with points
/// has several, or digits after them ("2100.0418.45.0200051332").
fn with_zero_decimals(value: &str) -> bool {
    let bytes = value.as_bytes();
    // Most identifiers end in a digit other than zero, or hold no point.
    if bytes.last() != Some(&b'0') {
        return false;
    }
    let Some((whole, zeros)) = value.split_once('.') else {
        return false;
    };
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && zeros.bytes().all(|b| b == b'0')
}

/// Builds a payout from a row's fields./// Builds a payout from a row's fields.
pub fn payout(row: &Fields) -> Result<Box<Payout>, RowError> {
    use Column as C;
    // A row the reader scanned whole needs only each value's length checked.
    let checked = |value: &str| match row.scanned {
        true => short(value),
        false => plain(value),
    };
    let payout_id = row
        .get(C::PayoutId)
        .filter(|id| checked(id).is_ok())
        .unwrap_or_default();
    let fail = |column: Column, message: String| RowError {
        payout_id: payout_id.to_string(),
        field: Some(column.name().to_string()),
        message,
    };
    for column in Column::ALL {
        if let Some(value) = row.get(column) {
            checked(value).map_err(|message| fail(column, message))?;
        }
    }
    for column in DIGIT_IDENTIFIERS {
        let Some(value) = row.get(column) else {
            continue;
        };
        if in_scientific_notation(value) {
            return Err(fail(
                column,
                format!(
                    "{value} is a number a spreadsheet wrote in scientific notation, its \
                     digits lost: format the column as text and export it again"
                ),
            ));
        }
        if with_zero_decimals(value) {
            return Err(fail(
                column,
                format!(
                    "{value} is a number written with decimals, as pandas writes a column \
                     of numbers with a gap, not the identifier's digits (any leading zero is \
                     gone): write the column as text"
                ),
            ));
        }
    }
    let required = |column: Column| {
        row.get(column)
            .ok_or_else(|| fail(column, "is empty".into()))
    };
    let country = |column: Column| {
        row.get(column)
            .map(super::countries::code_of)
            .transpose()
            .map_err(|message| fail(column, message))
    };
    // A totals or subtotal row names no employee; said so, its currency
    // (often empty, or the total in its column) is not the matter.
    if row.get(C::EmployeeId).is_none() && row.get(C::EmployeeName).is_none() {
        return Err(fail(
            C::EmployeeId,
            "is empty, as is employee_name: the row names no employee (a total or subtotal?) \
             and is no payout"
                .into(),
        ));
    }
    let currency_code = super::currencies::code_of(required(C::Currency)?)
        .map_err(|message| fail(C::Currency, message))?;
    let exponent = match minor_unit_decimals(&currency_code) {
        Some(decimals) => decimals,
        // A crypto payout's asset the pack does not list: scored as any
        // payout to a wallet, not refused (see `unlisted_asset`).
        None if unlisted_asset::is_ticker(&currency_code) && may_pay_crypto(row) => {
            unlisted_asset::DECIMALS
        }
        None => {
            return Err(fail(
                C::Currency,
                format!(
                    "{currency_code:?} is neither an ISO 4217 currency code nor a known crypto asset"
                ),
            ));
        }
    };
    // As a spreadsheet may show it: grouped, with its currency's symbol.
    let amount = required(C::Amount)?;
    let plain = readable(amount, Some(&currency_code), exponent, row.decimal_comma)
        .map_err(|m| fail(C::Amount, m))?;
    let amount_minor = minor_units(plain.as_deref().unwrap_or(amount), &currency_code, exponent)
        .map_err(|m| fail(C::Amount, m))?;
    let date = |column: Column| {
        row.get(column)
            .map(|v| {
                parse_date_as(v, row.slash_dates).map_err(|m| match v.contains('/') {
                    true => fail(column, naming_date_order(m)),
                    false => fail(column, m),
                })
            })
            .transpose()
    };
    let method = match row.get(C::Method) {
        Some(m) => Method::named(m).ok_or_else(|| {
            let message = match super::columns::no_account(m) {
                Some(what) => format!(
                    "{m:?} is a {what}, which pays no account: payguard scores payouts to a bank \
                     account, a crypto wallet or an e-wallet and has none to check here; leave \
                     {what} payouts out of the file"
                ),
                None => format!("{m:?} is not a method; use bank, crypto or ewallet"),
            };
            fail(C::Method, message)
        })?,
        None => infer_method(row).map_err(|m| fail(C::Method, m))?,
    };
    // A payout has one destination: a second one in other columns would
    // otherwise be dropped without a word.
    for other in Method::ALL.into_iter().filter(|m| *m != method) {
        if let Some(column) = other.identifiers().iter().find(|c| row.get(**c).is_some()) {
            return Err(fail(
                *column,
                format!(
                    "is filled on a {} payout; a payout has one destination: clear it, or set method to {}",
                    method.name(),
                    other.name()
                ),
            ));
        }
    }
    // A tag names an account at a wallet's address: on another payout it
    // would be dropped without a word.
    if method != Method::Crypto && row.get(C::WalletTag).is_some() {
        return Err(fail(
            C::WalletTag,
            format!(
                "is filled on a {} payout; a destination tag or memo is a crypto wallet's: clear it, or set method to crypto",
                method.name()
            ),
        ));
    }
    let destination = match method {
        Method::Bank => Destination::Bank(BankAccount {
            iban: row.owned(C::Iban),
            account_number: row.owned(C::AccountNumber),
            routing_number: row.owned(C::RoutingNumber),
            bic: row.owned(C::Bic),
            bank_country: country(C::BankCountry)?,
        }),
        Method::Crypto => Destination::Crypto(CryptoWallet {
            address: with_tag(required(C::WalletAddress)?, row.get(C::WalletTag)),
            network: row.owned(C::WalletNetwork),
        }),
        Method::Ewallet => Destination::EWallet(EWallet {
            provider: required(C::EwalletProvider)?.to_string(),
            handle: required(C::EwalletId)?.to_string(),
        }),
    };
    Ok(Box::new(Payout {
        payout_id: required(C::PayoutId)?.to_string(),
        employee_id: required(C::EmployeeId)?.to_string(),
        employee_name: required(C::EmployeeName)?.to_string(),
        residence_country: country(C::ResidenceCountry)?
            .ok_or_else(|| fail(C::ResidenceCountry, "is empty".into()))?,
        amount_minor,
        currency: currency_code,
        destination,
        account_holder: row.owned(C::AccountHolder),
        account_changed_at: date(C::AccountChangedAt)?,
        pay_date: date(C::PayDate)?,
        phone: row.owned(C::Phone),
        ship_to_country: country(C::ShipToCountry)?,
        reference: row.owned(C::Reference),
    }))
}

/// Whether `row` pays a crypto wallet or an e-wallet, by its method or,
/// without one, by the columns it fills. Asked only of a currency no one
/// lists: an e-wallet at a crypto exchange (DOGE to Binance Pay) is paid
/// in crypto, and which providers are exchanges is the rules' to say (the
/// plugin's validation refuses the asset at any other e-wallet).
fn may_pay_crypto(row: &Fields) -> bool {
    let method = match row.get(Column::Method) {
        Some(method) => Method::named(method),
        None => infer_method(row).ok(),
    };
    matches!(method, Some(Method::Crypto | Method::Ewallet))
}

/// Refuses values too long to be real and control characters (NUL, escape
/// sequences), which no name, account or reference contains.
fn plain(value: &str) -> Result<(), String> {
    short(value)?;
    if !has_control_bytes(value.as_bytes()) {
        return Ok(());
    }
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(format!("contains the control character U+{:04X}", c as u32)),
        None => Ok(()),
    }
}

/// Refuses a value too long to be real.
fn short(value: &str) -> Result<(), String> {
    if value.len() > MAX_FIELD_BYTES {
        return Err(format!(
            "is {} bytes long; at most {MAX_FIELD_BYTES} are accepted",
            value.len()
        ));
    }
    Ok(())
}

/// Whether `bytes` may hold a control character: C0 and DEL (ASCII) or C1
/// (UTF-8 C2 80-9F). A byte scan clears most text without decoding it; a
/// hit is then decoded (a C2 byte also starts "£" or a no-break space).
pub fn has_control_bytes(bytes: &[u8]) -> bool {
    let control = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2;
    // Blocks of 32 bytes without an early exit, which the compiler turns
    // into vector compares: a whole record is scanned at once.
    let blocks = bytes.chunks_exact(32);
    let rest = blocks.remainder();
    blocks
        .into_iter()
        .any(|block| block.iter().fold(false, |hit, &b| hit | control(b)))
        || rest.iter().any(|&b| control(b))
}

/// Slots of [`RECENT_CODES`].
const RECENT_SLOTS: usize = 16;

/// A code packed (see [`packed`]) with its decimals.
type CodeDecimals = Option<([u8; 8], Option<u32>)>;

thread_local! {
    /// Codes looked up on this thread, packed, with their decimals, each
    /// in the slot its bytes hash to: a payroll pays in one currency or a
    /// few, and iso_currency's look-up is a match over some 180 strings,
    /// a tenth of reading a row. (One slot for the last code alone missed
    /// on every change of currency between rows.)
    static RECENT_CODES: [Cell<CodeDecimals>; RECENT_SLOTS] =
        const { [const { Cell::new(None) }; RECENT_SLOTS] };
}

/// The slot of [`RECENT_CODES`] a packed code goes in.
fn slot(key: [u8; 8]) -> usize {
    // Fibonacci hashing: the top bits of the product mix every byte.
    let mixed = u64::from_le_bytes(key).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> 60) as usize % RECENT_SLOTS
}

/// `code` in eight bytes, its length in the last, when it fits.
fn packed(code: &str) -> Option<[u8; 8]> {
    let mut key = [0; 8];
    key.get_mut(..code.len())?.copy_from_slice(code.as_bytes());
    key[7] = u8::try_from(code.len()).ok().filter(|len| *len < 8)?;
    Some(key)
}

/// The decimals of `code`'s minor unit: ISO 4217's exponent, or for a
/// crypto asset the minor unit of the plugin's crypto-assets pack.
pub fn minor_unit_decimals(code: &str) -> Option<u32> {
    let Some(key) = packed(code) else {
        return look_up_decimals(code);
    };
    RECENT_CODES.with(|recent| {
        let slot = &recent[slot(key)];
        if let Some((known, decimals)) = slot.get()
            && known == key
        {
            return decimals;
        }
        let decimals = look_up_decimals(code);
        slot.set(Some((key, decimals)));
        decimals
    })
}

fn look_up_decimals(code: &str) -> Option<u32> {
    if let Some(currency) = Currency::from_code(code) {
        return Some(u32::from(currency.exponent().unwrap_or(0)));
    }
    crypto_decimals().get(code).copied()
}

/// The crypto-assets pack's minor-unit decimals by code, read once.
fn crypto_decimals() -> &'static HashMap<&'static str, u32> {
    static DECIMALS: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    DECIMALS.get_or_init(|| {
        CRYPTO_ASSETS
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut cells = line.split('\t');
                let code = cells.next()?;
                Some((code, cells.next()?.parse().ok()?))
            })
            .collect()
    })
}

/// The plugin's crypto-assets pack: code, minor-unit decimals, ...
const CRYPTO_ASSETS: &str = include_str!("../../../guest/data/crypto-assets.tsv");

/// The `method` column: which kind of destination a payout has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Bank,
    Crypto,
    Ewallet,
}

impl Method {
    const ALL: [Method; 3] = [Method::Bank, Method::Crypto, Method::Ewallet];

    fn name(self) -> &'static str {
        match self {
            Method::Bank => "bank",
            Method::Crypto => "crypto",
            Method::Ewallet => "ewallet",
        }
    }

    /// The method called `name`, in any case, or that an export writes
    /// so (`Direct Deposit`: `data/column-names.toml`'s `[method_values]`).
    fn named(name: &str) -> Option<Method> {
        let named = |name: &str| {
            Method::ALL
                .into_iter()
                .find(|m| m.name().eq_ignore_ascii_case(name))
        };
        named(name)
            .or_else(|| named(super::columns::method_values().get(&super::columns::fold(name))?))
    }

    /// The columns that name a destination of this kind.
    fn identifiers(self) -> &'static [Column] {
        match self {
            Method::Bank => &[Column::Iban, Column::AccountNumber],
            Method::Crypto => &[Column::WalletAddress],
            Method::Ewallet => &[Column::EwalletId],
        }
    }
}

/// A wallet's address with the tag or memo its own column gives, as
/// people write the two in one field (`r… tag 104711`): the rules read
/// an XRP, Stellar or TON account from it, and the reviewer sees both.
/// (The contract's wallet has no field of its own for a tag.)
fn with_tag(address: &str, tag: Option<&str>) -> String {
    match tag {
        Some(tag) => format!("{address} tag {tag}"),
        None => address.to_string(),
    }
}

/// The method the filled destination columns say, when exactly one kind
/// of destination is filled (an e-wallet provider alone says e-wallet).
fn infer_method(row: &Fields) -> Result<Method, String> {
    let filled: Vec<Method> = Method::ALL
        .into_iter()
        .filter(|m| {
            m.identifiers().iter().any(|c| row.get(*c).is_some())
                || (*m == Method::Ewallet && row.get(Column::EwalletProvider).is_some())
        })
        .collect();
    match filled.as_slice() {
        [method] => Ok(*method),
        [] => Err(
            "is empty and no iban, account_number, wallet_address or ewallet_id says which".into(),
        ),
        [a, b, ..] => Err(format!(
            "is empty and both a {} and a {} destination are filled: a payout has one destination; say which",
            a.name(),
            b.name()
        )),
    }
}

/// A calendar date as ISO 8601 writes it ("2026-11-25"), alone, as an
/// RFC 3339 timestamp's date ("2026-11-25T09:00:00Z", the day as written
/// there) or with a time of day and no zone ("2026-11-25 00:00:00", as
/// databases and pandas export a timestamp column), year first with
/// slashes ("2026/11/25"), in ISO 8601's basic format ("20261125"), or
/// day first with dots ("25.11.2026"), as German, Polish and Russian
/// exports do. A spreadsheet's date serial number ("46351") is refused
/// naming the day it would be. A date with slashes and the year last is
/// read in the order `slashes` gives, and refused without it: "11/12/2026"
/// is November in one country and December in the next.
pub(crate) fn parse_date_as(text: &str, slashes: Option<SlashDates>) -> Result<Date, String> {
    use chrono::Datelike;
    // Nearly every date is written exactly so: read its digits directly,
    // which costs a tenth of a strftime parse; anything else goes to it.
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let exact = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?)))
        .flatten()
        .map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y as i32, m, d));
    let date = match exact {
        Some(date) => date,
        None => date_alone(text, slashes)
            .or_else(|| with_local_time(text, slashes))
            .or_else(|| {
                chrono::DateTime::parse_from_rfc3339(text)
                    .ok()
                    .map(|t| t.date_naive())
            }),
    }
    .ok_or_else(|| match (text.contains('/'), spreadsheet_serial(text)) {
        (true, _) => format!(
            "{text:?} is not a date payguard reads: with slashes and the year last, the month comes first in some countries and the day in others; write 2026-11-25 (or 25.11.2026)"
        ),
        (false, Some(day)) => format!(
            "{text:?} is a spreadsheet's date serial number ({day} if it counts days as Excel does), not a date: format the column as a date (yyyy-mm-dd) and export it again"
        ),
        (false, None) => format!("{text:?} is not a date in the form 2026-11-25"),
    })?;
    Ok(Date {
        year: u16::try_from(date.year()).map_err(|_| format!("{text:?} is out of range"))?,
        month: date.month() as u8,
        day: date.day() as u8,
    })
}

/// A date written without a time, in any of the forms
/// [`parse_date_as`] reads but a timestamp's.
fn date_alone(text: &str, slashes: Option<SlashDates>) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| year_first_with_slashes(text))
        .or_else(|| basic(text))
        .or_else(|| day_first(text))
        .or_else(|| month_named(text))
        .or_else(|| super::months::day_month_year(text))
        .or_else(|| day_mon_rr(text))
        .or_else(|| day_first_rr(text))
        .or_else(|| slashes.and_then(|order| year_last_with_slashes(text, order)))
}

/// The date of a timestamp with no zone, its time of day after a "T"
/// ("2026-11-25T09:30") or a space ("2026-11-25 00:00:00", as databases
/// and pandas export a timestamp column; "25.11.2026 00:00", as a German
/// spreadsheet shows a date and time; "2026-11-25 09:30:00.000"): the day
/// as written, in any form [`date_alone`] reads.
fn with_local_time(text: &str, slashes: Option<SlashDates>) -> Option<chrono::NaiveDate> {
    let (date, time) = match text.as_bytes().get(10) {
        Some(b'T') => (text.get(..10)?, text.get(11..)?),
        _ => text.rsplit_once(' ')?,
    };
    let time_ok = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .any(|form| chrono::NaiveTime::parse_from_str(time, form).is_ok());
    time_ok
        .then(|| date_alone(date.trim_end(), slashes))
        .flatten()
}

/// A date with its month's English name, as a spreadsheet's date format
/// or a letter writes it: "27-Nov-2026" (Excel's `dd-mmm-yyyy`), "27 Nov
/// 2026", "Nov 27, 2026", "27 November 2026", in any case; names are
/// chrono's. A year of fewer than four digits is not read here: chrono
/// would read "27-Nov-26" as the year 26 (see [`day_mon_rr`]).
fn month_named(text: &str) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    [
        "%d-%b-%Y",
        "%d %b %Y",
        "%b %d, %Y",
        "%b %d %Y",
        "%d-%B-%Y",
        "%d %B %Y",
        "%B %d, %Y",
        "%B %d %Y",
    ]
    .iter()
    .find_map(|form| chrono::NaiveDate::parse_from_str(text, form).ok())
    .filter(|date| (1000..=9999).contains(&date.year()))
}

/// Oracle's default date format, `DD-MON-RR` ("27-NOV-26"; "27-OKT-26"
/// under German month names), in which Oracle databases and the payroll
/// systems built on them export dates: the year's last two digits read as
/// Oracle reads RR ([`rr_year`]). Only this shape, the month's name
/// between the day and the year and dashes between them, where neither
/// the order nor the century of a payroll's date is in doubt; "25/11/26"
/// stays refused.
fn day_mon_rr(text: &str) -> Option<chrono::NaiveDate> {
    let mut parts = text.split('-');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !digits(day, 1..=2) {
        return None;
    }
    let year = rr_year(year)?;
    // The month's name as the four-digit readers take it, in English or
    // another language of the month-names pack.
    let written = format!("{day}-{month}-{year}");
    month_named(&written).or_else(|| super::months::day_month_year(&written))
}

/// The short date of German-speaking locales, `dd.MM.yy` ("27.11.26",
/// "1.4.98"): CLDR's and the JDK's short date pattern for German, which
/// systems that format dates by the locale write. Day first, as dots put
/// it in every country that writes them; the year as [`rr_year`] reads
/// it. "25/11/26" stays refused: with slashes the order is in doubt.
fn day_first_rr(text: &str) -> Option<chrono::NaiveDate> {
    let mut parts = text.split('.');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !digits(day, 1..=2) || !digits(month, 1..=2) {
        return None;
    }
    let year = i32::try_from(rr_year(year)?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// A year written in its last two digits, as Oracle reads RR in the years
/// 2000 to 2049: 00 to 49 are 2000 to 2049, 50 to 99 are 1950 to 1999 (a
/// pay date is this century's; a bank account changed in 1998 is not).
fn rr_year(two: &str) -> Option<u32> {
    if !digits(two, 2..=2) {
        return None;
    }
    let rr: u32 = two.parse().ok()?;
    Some(if rr < 50 { 2000 + rr } else { 1900 + rr })
}

/// Whether `s` is only digits, as many as `widths` allows.
fn digits(s: &str, widths: std::ops::RangeInclusive<usize>) -> bool {
    widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A refused date's message: how a column mapping names the order of the
/// file's dates with slashes. Every payout row is told, from whichever
/// reader (a case gives the same results from a file, dicts and pandas),
/// and a roster's date, whose header a mapping reads too.
pub(crate) fn naming_date_order(message: String) -> String {
    format!(
        "{message}, or say which in the file's column mapping: dates = \"day-first\" (or \"month-first\"), given with --columns FILE (`columns` in Python and Node)"
    )
}

/// A date written with slashes and the year last, four digits of it, in
/// `order`: "25/11/2026" day first, "11/25/2026" month first.
fn year_last_with_slashes(text: &str, order: SlashDates) -> Option<chrono::NaiveDate> {
    let (a, b, year) = year_last(text, '/')?;
    let (day, month) = match order {
        SlashDates::DayFirst => (a, b),
        SlashDates::MonthFirst => (b, a),
    };
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

/// A date written year first with slashes, "2026/11/25" (Japan, China):
/// with the year first, no country puts the day before the month.
fn year_first_with_slashes(text: &str) -> Option<chrono::NaiveDate> {
    let b = text.as_bytes();
    (b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'/')
        .then(|| chrono::NaiveDate::parse_from_str(&text.replace('/', "-"), "%Y-%m-%d").ok())
        .flatten()
}

/// A date in ISO 8601's basic format, "20261125", as SAP and bank files
/// write one. Eight digits read day or month first never pass for it: a
/// year 1900 or later puts the day-first "25112026" in the year 2511 and
/// the month-first "11252026" in 1125, and either one's "20" of the year
/// would be the month.
fn basic(text: &str) -> Option<chrono::NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |r: std::ops::Range<usize>| text[r].parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok().filter(|y| *y >= 1900)?;
    chrono::NaiveDate::from_ymd_opt(year, number(4..6)?, number(6..8)?)
}

/// The day a spreadsheet's date serial number stands for, when `text` is
/// one of this era's (20000 to 80000: 1954 to 2119, with or without the
/// fraction of a day a date and time carry): Excel counts days from
/// 1899-12-30. Only named in the refusal, never read as the date: a
/// number is as likely an id in the wrong column.
fn spreadsheet_serial(text: &str) -> Option<chrono::NaiveDate> {
    let whole = text.split_once('.').map_or(text, |(whole, fraction)| {
        match fraction.bytes().all(|b| b.is_ascii_digit()) {
            true => whole,
            false => "",
        }
    });
    let days: u32 = whole
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| whole.parse().ok())
        .flatten()
        .filter(|days| (20_000..=80_000).contains(days))?;
    chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(u64::from(days)))
}

/// A date written day first with dots and a four-digit year,
/// "25.11.2026" or "5.1.2026". (chrono's `%Y` takes "26" as the year 26.)
fn day_first(text: &str) -> Option<chrono::NaiveDate> {
    let (day, month, year) = year_last(text, '.')?;
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}

/// The numbers of a date written with `separator` and the year last: one
/// or two digits, one or two, and four.
fn year_last(text: &str, separator: char) -> Option<(u32, u32, i32)> {
    let mut parts = text.split(separator);
    let (a, b, year) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str, widths: std::ops::RangeInclusive<usize>| {
        (widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    if parts.next().is_some() {
        return None;
    }
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    Some((number(a, 1..=2)?, number(b, 1..=2)?, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A date read with no order for slashes, as without a mapping.
    fn parse_date(text: &str) -> Result<Date, String> {
        parse_date_as(text, None)
    }

    /// A row's fields from (column name, value) pairs.
    fn fields_of<'a>(pairs: &[(&str, &'a str)]) -> Fields<'a> {
        let mut fields = Fields::default();
        for (name, value) in pairs {
            fields.set(Column::named(name).expect("a column"), value);
        }
        fields
    }

    #[test]
    fn identifiers_a_spreadsheet_wrote_in_scientific_notation_are_refused() {
        for value in [
            "1.23457E+15",
            "4,47912E+11",
            "1E+12",
            "-1.2e+10",
            "9.99999E+16",
            "1.23456789012E11",
        ] {
            assert!(in_scientific_notation(value), "{value}");
        }
        for (value, floats) in [
            ("123456789012.0", true),
            ("21000021.00", true),
            ("123456789012", false),
            ("2100.0418.45.0200051332", false),
            ("1234.50", false),
            ("12340", false),
            (".0", false),
        ] {
            assert_eq!(with_zero_decimals(value), floats, "{value}");
        }
        for value in [
            "1234567890123456",
            "12E+45",
            "1.2E-5",
            "1E15",
            "E+15",
            "1.E+15",
            "AB12E+3",
            "1.23457E+",
            "DE89370400440532013000",
        ] {
            assert!(!in_scientific_notation(value), "{value}");
        }
    }

    #[test]
    fn converts_amounts_to_minor_units_of_the_currency() {
        let eur = |text| minor_units(text, "EUR", 2);
        assert_eq!(eur("1234.56"), Ok(123456));
        assert_eq!(eur("1234.5"), Ok(123450));
        assert_eq!(eur("1234"), Ok(123400));
        assert_eq!(eur("1234.50"), Ok(123450));
        assert_eq!(minor_units("5000", "JPY", 0), Ok(5000));
        assert_eq!(minor_units("1.234", "BHD", 3), Ok(1234));
        assert!(eur("1.234").unwrap_err().contains("more decimals"));
        assert!(eur("12,50").is_err());
        assert!(eur("1e5").is_err());
        assert!(eur("+5").is_err());
        assert!(eur("").is_err());
        assert!(
            eur("92233720368547758.08")
                .unwrap_err()
                .contains("too large")
        );
        assert_eq!(
            eur("-5"),
            Ok(-500),
            "the plugin refuses negatives, naming the field"
        );
    }

    #[test]
    fn names_the_field_at_fault() {
        let row = |pairs: &[(&str, &str)]| payout(&fields_of(pairs));
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
        assert_eq!(field("method", "crypto"), "iban", "a second destination");
        assert_eq!(
            field(
                "wallet_address",
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
            ),
            "method",
            "two destinations and no method"
        );
    }

    #[test]
    fn a_yen_salary_as_excel_shows_it_is_read_in_whole_yen() {
        let mut fields = fields_of(&[
            ("payout_id", "P1"),
            ("employee_id", "E1"),
            ("employee_name", "Sato Yuki"),
            ("residence_country", "JP"),
            ("amount", "¥450,000"),
            ("currency", "JPY"),
            ("account_number", "1234567"),
            ("bank_country", "JP"),
        ]);
        assert_eq!(payout(&fields).unwrap().amount_minor, 450_000);
        fields.set(Column::Currency, "USD");
        fields.set(Column::Amount, "450,000");
        assert_eq!(
            payout(&fields).unwrap_err().field.as_deref(),
            Some("amount"),
            "4500 or 4.5 in a currency of cents"
        );
    }

    #[test]
    fn a_value_written_as_excels_text_formula_is_its_text() {
        let read = |value| {
            let mut fields = Fields::default();
            fields.set(Column::EmployeeId, value);
            fields.get(Column::EmployeeId)
        };
        assert_eq!(read("=\"000123\""), Some("000123"));
        assert_eq!(read(" =\" 000123 \" "), Some("000123"));
        assert_eq!(read("=\"\""), None, "an empty text is blank");
        // Other formulas, and text quoting a quote, are left as written.
        for kept in ["=A1", "=\"a\"\"b\"", "=\"open", "=SUM(A1:A2)"] {
            assert_eq!(read(kept), Some(kept));
        }
    }

    #[test]
    fn dates_and_control_characters_read_alike_on_every_path() {
        let date = |y, m, d| Date {
            year: y,
            month: m,
            day: d,
        };
        assert_eq!(parse_date("2026-11-25"), Ok(date(2026, 11, 25)));
        assert_eq!(parse_date("2024-02-29"), Ok(date(2024, 2, 29)));
        // Not YYYY-MM-DD digit for digit: the strftime reading decides.
        assert_eq!(parse_date("2026-1-5"), Ok(date(2026, 1, 5)));
        // Day first with dots, and a timestamp's own day.
        assert_eq!(parse_date("25.11.2026"), Ok(date(2026, 11, 25)));
        assert_eq!(parse_date("5.1.2026"), Ok(date(2026, 1, 5)));
        // Slashes and the year last: in the order the mapping names, else
        // refused, saying how to name it.
        let (day, month) = (Some(SlashDates::DayFirst), Some(SlashDates::MonthFirst));
        assert_eq!(parse_date_as("5/1/2026", day), Ok(date(2026, 1, 5)));
        assert_eq!(parse_date_as("5/1/2026", month), Ok(date(2026, 5, 1)));
        assert_eq!(parse_date_as("11/25/2026", month), Ok(date(2026, 11, 25)));
        assert!(parse_date_as("11/25/2026", day).is_err(), "no 25th month");
        assert!(parse_date_as("25/11/26", day).is_err(), "a two-digit year");
        assert!(
            parse_date("25/11/2026")
                .unwrap_err()
                .contains("with slashes")
        );
        // A payout's refusal says how a mapping names the order; reading a
        // date alone does not (the readers add it).
        let refused = || {
            payout(&fields_of(&[
                ("payout_id", "P1"),
                ("employee_id", "E1"),
                ("employee_name", "Tom Baker"),
                ("residence_country", "GB"),
                ("amount", "10"),
                ("currency", "GBP"),
                ("iban", "GB29NWBK60161331926819"),
                ("pay_date", "25/11/2026"),
            ]))
            .unwrap_err()
            .message
        };
        assert!(refused().contains("dates = \"day-first\""));
        assert!(!parse_date("25/11/2026").unwrap_err().contains("dates ="));
        assert_eq!(
            parse_date("2026-11-25T23:30:00-05:00"),
            Ok(date(2026, 11, 25))
        );
        assert_eq!(parse_date("2026-11-25T09:00:00Z"), Ok(date(2026, 11, 25)));
        // A timestamp with no zone, as databases and pandas export one.
        for stamped in [
            "2026-11-25 00:00:00",
            "2026-11-25T23:30:00",
            "2026-11-25 09:30",
            "2026-11-25 09:30:00.000",
            // A German spreadsheet's date and time, and other dates' forms
            // with a time after them.
            "25.11.2026 00:00",
            "25.11.2026 09:30:00",
            "2026/11/25 00:00:00",
            "25-Nov-2026 09:30",
            "20261125 00:00",
        ] {
            assert_eq!(parse_date(stamped), Ok(date(2026, 11, 25)), "{stamped}");
        }
        // Slashes with the year last, and a time, only in the mapping's order.
        assert!(parse_date("11/25/2026 09:30").is_err());
        assert_eq!(
            parse_date_as("11/25/2026 09:30", Some(SlashDates::MonthFirst)),
            Ok(date(2026, 11, 25))
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-11-2x",
            "30.02.2026",
            "25/11/26",
            "2026-11-25T25:00:00Z",
            "2026-11-25 25:00:00",
            "2026-11-25 noon",
            "2026-02-30 00:00:00",
            "2026-11-25x00:00",
            "25/11/26 00:00",
            "30.02.2026 00:00",
            "2026-11-25 00:00 00:00",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        // The month by its English name, abbreviated or not, in any case.
        for named in [
            "25-Nov-2026",
            "25-NOV-2026",
            "25 Nov 2026",
            "Nov 25, 2026",
            "November 25, 2026",
            "25 November 2026",
            "25-November-2026",
        ] {
            assert_eq!(parse_date(named), Ok(date(2026, 11, 25)), "{named}");
        }
        assert_eq!(parse_date("5-Jan-2026"), Ok(date(2026, 1, 5)));
        // Another language's name (months.rs has the others).
        assert_eq!(parse_date("25-Okt-2026"), Ok(date(2026, 10, 25)));
        // Oracle's DD-MON-RR: a two-digit year as Oracle reads RR in the
        // years 2000 to 2049, in English or another language's names.
        assert_eq!(parse_date("25-NOV-26"), Ok(date(2026, 11, 25)));
        assert_eq!(parse_date("5-Jan-49"), Ok(date(2049, 1, 5)));
        assert_eq!(parse_date("31-DEC-99"), Ok(date(1999, 12, 31)));
        assert_eq!(parse_date("27-OKT-26"), Ok(date(2026, 10, 27)));
        // German's short date, dd.MM.yy, read alike.
        assert_eq!(parse_date("25.11.26"), Ok(date(2026, 11, 25)));
        assert_eq!(parse_date("1.4.98"), Ok(date(1998, 4, 1)));
        assert_eq!(parse_date("25.11.26 00:00"), Ok(date(2026, 11, 25)));
        // Two-digit years in any other shape, a day the month lacks, a name
        // of two months.
        for bad in [
            "30.02.26",
            "25.11.026",
            "25.13.26",
            "2026.11.25",
            "25 Nov 26",
            "Nov-25-26",
            "25-Nov-026",
            "31-Nov-26",
            "25-listopada-26",
            "31-Nov-2026",
            "25 listopad 2026",
            "25 Nov",
            "Nov 2026",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        // ISO 8601's basic format; eight digits in another order are not.
        assert_eq!(parse_date("20261125"), Ok(date(2026, 11, 25)));
        assert_eq!(parse_date("19991231"), Ok(date(1999, 12, 31)));
        for bad in ["25112026", "11252026", "20261325", "2026112", "202611250"] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        // A spreadsheet's date serial is refused naming its day.
        for serial in ["46351", "46351.5", "46351.000"] {
            let refused = parse_date(serial).unwrap_err();
            assert!(
                refused.contains("date serial number (2026-11-25 if"),
                "{serial}: {refused}"
            );
        }
        for not_serial in ["4635", "146351", "46351.5x", "-46351"] {
            let refused = parse_date(not_serial).unwrap_err();
            assert!(!refused.contains("serial"), "{not_serial}: {refused}");
        }
        // Slashes with the year first are read; with it last, the order is
        // the writer's country's, so refused.
        assert_eq!(parse_date("2026/11/25"), Ok(date(2026, 11, 25)));
        assert!(parse_date("2026/25/11").is_err());
        for ambiguous in ["11/12/2026", "25/11/2026", "26/11/25"] {
            let refused = parse_date(ambiguous).unwrap_err();
            assert!(refused.contains("with slashes"), "{ambiguous}: {refused}");
        }
        assert!(plain("Zoë Ünal, 12 rue d'Été").is_ok());
        assert!(plain("tab\there").is_err());
        assert!(plain("del\u{7f}").is_err());
        assert!(plain("c1\u{85}next line").is_err());
    }

    #[test]
    fn finds_control_bytes_in_any_block_and_the_rest() {
        let text = "a".repeat(100);
        assert!(!has_control_bytes(text.as_bytes()));
        for at in [0, 31, 32, 63, 64, 95, 96, 99] {
            for byte in [0x00, 0x1f, 0x7f, 0xc2] {
                let mut bytes = text.clone().into_bytes();
                bytes[at] = byte;
                assert!(has_control_bytes(&bytes), "{byte:#x} at {at}");
            }
        }
        // "£" starts with C2: a hit, which the characters then clear.
        assert!(has_control_bytes("£".as_bytes()));
        assert!(plain("£ 100").is_ok());
    }

    #[test]
    fn reads_crypto_assets_in_their_minor_units() {
        assert_eq!(minor_unit_decimals("USDT"), Some(6));
        assert_eq!(minor_unit_decimals("ETH"), Some(9));
        assert_eq!(minor_unit_decimals("BTC"), Some(8));
        assert_eq!(minor_unit_decimals("EUR"), Some(2));
        assert_eq!(minor_unit_decimals("XYZ"), None);
        // Asked again, in turn: the codes remembered answer the same.
        for _ in 0..2 {
            for (code, decimals) in [("JPY", Some(0)), ("JP", None), ("USDT", Some(6))] {
                assert_eq!(minor_unit_decimals(code), decimals, "{code}");
            }
        }
        // More codes than the thread remembers, so that slots are shared
        // and overwritten: each still answers as the packs do.
        let codes = [
            "EUR", "USD", "GBP", "JPY", "KWD", "CLF", "USDT", "USDC", "BTC", "ETH",
        ];
        let codes = codes
            .iter()
            .chain(&["CHF", "PLN", "BHD", "XAF", "ISK", "SOL", "TRX"]);
        for _ in 0..3 {
            for code in codes.clone() {
                assert_eq!(minor_unit_decimals(code), look_up_decimals(code), "{code}");
            }
        }
        assert_eq!(minor_unit_decimals("A LONG CODE"), None);
        assert_eq!(minor_units("250.5", "ETH", 9), Ok(250_500_000_000));
    }

    #[test]
    fn a_wallet_payout_in_an_asset_no_one_lists_is_read_in_its_decimals() {
        let base = [
            ("payout_id", "P1"),
            ("employee_id", "E1"),
            ("employee_name", "Anna Schmidt"),
            ("residence_country", "DE"),
            ("amount", "1500.123456789"),
        ];
        let read = |more: &[(&str, &'static str)]| {
            let pairs: Vec<(&str, &str)> = base.iter().chain(more).copied().collect();
            payout(&fields_of(&pairs))
        };
        let wallet = ("wallet_address", "D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD");
        // By its method, or by the wallet column alone; "doge" as written.
        for more in [
            &[("currency", "DOGE"), ("method", "crypto"), wallet][..],
            &[("currency", "doge"), wallet][..],
        ] {
            let p = read(more).unwrap();
            assert_eq!(
                (p.currency.as_str(), p.amount_minor),
                ("DOGE", 1_500_123_456_789)
            );
        }
        // On a bank payout, or not a ticker's shape, it is refused.
        let bank = read(&[("currency", "DOGE"), ("iban", "DE89370400440532013000")]);
        assert_eq!(bank.unwrap_err().field.as_deref(), Some("currency"));
        let named = read(&[("currency", "Dogecoin!"), wallet]);
        assert_eq!(named.unwrap_err().field.as_deref(), Some("currency"));
    }
}
