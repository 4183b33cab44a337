//! The IBAN an account given in its national form stands for, so that one
//! employee's IBAN and another's bank code and account number meet as one
//! destination. The layouts are the IBAN registry's
//! (`data/iban-national.tsv`); the forms read are those payroll files
//! carry:
//! - the whole BBAN in the account column: a Spanish CCC `2100 0418 45
//!   0200051332`, a French RIB, a Belgian `539-0075470-34`;
//! - bank code (routing number) then account: German `37040044` and
//!   `532013000`, the account left-padded where it ends the BBAN;
//! - the bank's letters from the BIC, then sort code and account: British
//!   `NWBKGB2L`, `60-16-13`, `31926819`; Dutch `ABNANL2A`, `417164300`;
//! - a Czech or Slovak `19-2000145399/0800`: prefix, number, bank code.

use crate::data::iban_national::{self, Layout};
use crate::model::BankAccount;
use crate::normalize::destination::{account_key, bank_codes};
use crate::normalize::mod97;

/// The IBAN `account` (a bank account's number, not an IBAN) stands for,
/// when the bank's country (declared, else its BIC's) has IBANs and the
/// account, with the routing number and the BIC's bank letters, fits its
/// layout. None where no reading fits.
pub fn national_iban(bank: &BankAccount, account: &str) -> Option<String> {
    // Either code may be written in the other's column (`bank_codes`).
    let (bic_code, routing_code) = bank_codes(bank);
    let bic = bic_code
        .map(|(bic, _)| account_key(bic))
        .filter(|b| b.len() == 8 || b.len() == 11);
    let country = match bank.bank_country.as_deref() {
        Some(c) => c.trim().to_ascii_uppercase(),
        None => bic.as_deref()?.get(4..6)?.to_string(),
    };
    let layout = iban_national::layout(&country)?;
    let mut routing = account_key(routing_code.map_or("", |(routing, _)| routing));
    let mut number = account_key(account);
    if let Some((written, code)) = layout.prefixed.then(|| prefixed(layout, account)).flatten() {
        number = written;
        routing = code.unwrap_or(routing);
    }
    let letters = bic.as_deref().map(|b| &b[..4]).unwrap_or_default();
    let heads = [
        String::new(),
        routing.clone(),
        format!("{letters}{routing}"),
    ];
    let whole = heads.iter().map(|head| format!("{head}{number}"));
    // Where the account ends the BBAN, its leading zeros may be left off.
    // (The head is checked before the width is computed from it: a long
    // routing number must not make the width wrap around.)
    let padded = heads
        .iter()
        .filter(|head| head.len() == layout.account.0 && layout.account.1 == layout.bban_len())
        .filter_map(|head| {
            let width = layout.account.1 - head.len();
            (number.len() < width).then(|| format!("{head}{number:0>width$}"))
        });
    let bban = whole.chain(padded).find(|bban| layout.fits(bban))?;
    // A territory's accounts have its scheme's IBANs (Réunion's are FR).
    let scheme = std::str::from_utf8(&layout.iban_country).ok()?;
    Some(iban(scheme, &bban))
}

/// A Czech or Slovak account written `prefix-number` (and `/bank`), as
/// the BBAN's prefix and number parts, zero-padded, and the bank code.
fn prefixed(layout: &Layout, raw: &str) -> Option<(String, Option<String>)> {
    let (account, code) = match raw.split_once('/') {
        Some((account, code)) => (account, Some(account_key(code))),
        None => (raw, None),
    };
    let (prefix, number) = account.split_once('-')?;
    let (prefix, number) = (account_key(prefix), account_key(number));
    let prefix_width = layout.account.0 - layout.bank.1;
    let number_width = layout.account.1 - layout.account.0;
    (prefix.len() <= prefix_width && number.len() <= number_width).then(|| {
        (
            format!("{prefix:0>prefix_width$}{number:0>number_width$}"),
            code,
        )
    })
}

/// The IBAN of `country` (its IBANs' country) and `bban`.
fn iban(country: &str, bban: &str) -> String {
    format!("{country}{:02}{bban}", mod97::iban_digits(country, bban))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(country: Option<&str>, bic: Option<&str>, routing: Option<&str>) -> BankAccount {
        BankAccount {
            bank_country: country.map(Into::into),
            bic: bic.map(Into::into),
            routing_number: routing.map(Into::into),
            ..BankAccount::default()
        }
    }

    #[test]
    fn national_forms_are_the_ibans_they_stand_for() {
        // The IBAN registry's and the banks' published examples.
        for (bank, number, iban) in [
            (
                account(Some("DE"), None, Some("370 400 44")),
                "532013000",
                "DE89370400440532013000",
            ),
            (
                account(None, Some("BKAUATWW"), Some("19043")),
                "234573201",
                "AT611904300234573201",
            ),
            (
                account(None, Some("NWBKGB2L"), Some("60-16-13")),
                "31926819",
                "GB29NWBK60161331926819",
            ),
            (
                account(Some("NL"), Some("ABNANL2A"), None),
                "417164300",
                "NL91ABNA0417164300",
            ),
            // The BIC written in the routing column (`bank_codes`).
            (
                account(Some("NL"), None, Some("ABNANL2A")),
                "417164300",
                "NL91ABNA0417164300",
            ),
            (
                account(Some("FR"), None, None),
                "20041 01005 0500013M026 06",
                "FR1420041010050500013M02606",
            ),
            (
                account(Some("FR"), None, Some("20041 01005")),
                "0500013M026 06",
                "FR1420041010050500013M02606",
            ),
            (
                account(Some("ES"), None, None),
                "2100 0418 45 0200051332",
                "ES9121000418450200051332",
            ),
            // A Réunion bank's RIB: a French IBAN, as the bank writes it.
            (
                account(Some("RE"), None, None),
                "20041 01005 0500013M026 06",
                "FR1420041010050500013M02606",
            ),
            (
                account(Some("BE"), None, None),
                "539-0075470-34",
                "BE68539007547034",
            ),
            (
                account(Some("IT"), None, None),
                "X 05428 11101 000000123456",
                "IT60X0542811101000000123456",
            ),
            (
                account(Some("CZ"), None, None),
                "19-2000145399/0800",
                "CZ6508000000192000145399",
            ),
            (
                account(Some("CZ"), None, Some("0800")),
                "19-2000145399",
                "CZ6508000000192000145399",
            ),
            (
                account(Some("SK"), None, Some("1200")),
                "19-8742637541",
                "SK3112000000198742637541",
            ),
        ] {
            assert_eq!(
                national_iban(&bank, number).as_deref(),
                Some(iban),
                "{number}"
            );
        }
    }

    #[test]
    fn what_fits_no_layout_is_left_as_written() {
        // No country; a bank code of the wrong length; a British account
        // with no BIC for the bank's letters; a US country.
        for (bank, number) in [
            (account(None, None, Some("37040044")), "532013000"),
            (account(Some("DE"), None, Some("3704004")), "532013000"),
            (account(Some("GB"), None, Some("60-16-13")), "31926819"),
            (account(Some("US"), None, Some("021000021")), "123456789"),
            (account(Some("FR"), None, Some("20041")), "0500013M026"),
            // A routing number longer than the whole BBAN, an account
            // prefix longer than its part.
            (
                account(Some("DE"), None, Some(&"9".repeat(40))),
                "532013000",
            ),
            (account(Some("CZ"), None, None), "1234567-2000145399/0800"),
        ] {
            assert_eq!(national_iban(&bank, number), None, "{number}");
        }
    }
}
