//! One `CdtTrfTxInf`: its values by path as they stream by, then the
//! transfer they make.

use crate::input::bank::{Account, Fault, Transfer};
use crate::input::fields::{minor_unit_decimals, minor_units};
use crate::model::{BankAccount, Date};
use rust_decimal::Decimal;

/// The values of one transfer, by the paths below `CdtTrfTxInf`.
#[derive(Debug, Default)]
pub struct Transaction {
    line: u64,
    /// Position in its payment information block, from 1.
    index: u64,
    end_to_end_id: Option<String>,
    amount: Option<String>,
    /// `InstdAmt/@Ccy`, set when the element opens.
    pub currency: Option<String>,
    /// `EqvtAmt/Amt`: an amount in the debtor's currency, which the bank
    /// converts into the currency of transfer.
    equivalent: Option<String>,
    /// `EqvtAmt/Amt/@Ccy`, set when the element opens.
    pub equivalent_currency: Option<String>,
    /// `EqvtAmt/CcyOfTrf`.
    transfer_currency: Option<String>,
    bic: Option<String>,
    clearing_system: Option<String>,
    clearing_member: Option<String>,
    agent_country: Option<String>,
    holder: Option<String>,
    creditor_id: Option<String>,
    creditor_country: Option<String>,
    address_lines: Vec<String>,
    ultimate_name: Option<String>,
    ultimate_id: Option<String>,
    iban: Option<String>,
    other_account: Option<String>,
    proxy_kind: Option<String>,
    proxy_id: Option<String>,
    remittance: Vec<String>,
}

/// Keeps the first value of a field given more than once.
fn first(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_string());
    }
}

impl Transaction {
    pub fn new(line: u64, index: u64) -> Transaction {
        Transaction {
            line,
            index,
            ..Transaction::default()
        }
    }

    /// Keeps `text`, the value at `path` below `CdtTrfTxInf`.
    pub fn set(&mut self, path: &[&str], text: &str) {
        match path {
            ["PmtId", "EndToEndId"] => first(&mut self.end_to_end_id, text),
            ["Amt", "InstdAmt"] => first(&mut self.amount, text),
            ["Amt", "EqvtAmt", "Amt"] => first(&mut self.equivalent, text),
            ["Amt", "EqvtAmt", "CcyOfTrf"] => first(&mut self.transfer_currency, text),
            ["CdtrAgt", "FinInstnId", "BIC" | "BICFI"] => first(&mut self.bic, text),
            ["CdtrAgt", "FinInstnId", "ClrSysMmbId", "ClrSysId", "Cd"] => {
                first(&mut self.clearing_system, text)
            }
            ["CdtrAgt", "FinInstnId", "ClrSysMmbId", "MmbId"] => {
                first(&mut self.clearing_member, text)
            }
            ["CdtrAgt", "FinInstnId", "PstlAdr", "Ctry"] => first(&mut self.agent_country, text),
            ["Cdtr", "Nm"] => first(&mut self.holder, text),
            ["Cdtr", "Id", "PrvtId", "Othr", "Id"] => first(&mut self.creditor_id, text),
            ["Cdtr", "PstlAdr", "Ctry"] => first(&mut self.creditor_country, text),
            ["Cdtr", "PstlAdr", "AdrLine"] => self.address_lines.push(text.to_string()),
            ["UltmtCdtr", "Nm"] => first(&mut self.ultimate_name, text),
            ["UltmtCdtr", "Id", "PrvtId", "Othr", "Id"] => first(&mut self.ultimate_id, text),
            ["CdtrAcct", "Id", "IBAN"] => first(&mut self.iban, text),
            ["CdtrAcct", "Id", "Othr", "Id"] => first(&mut self.other_account, text),
            ["CdtrAcct", "Prxy", "Tp", "Cd" | "Prtry"] => first(&mut self.proxy_kind, text),
            ["CdtrAcct", "Prxy", "Id"] => first(&mut self.proxy_id, text),
            ["RmtInf", "Ustrd"] | ["RmtInf", "Strd", "AddtlRmtInf"] if !text.is_empty() => {
                self.remittance.push(text.to_string())
            }
            _ => {}
        }
    }

    /// The transfer, and its amount as written for the control sums.
    pub fn finish(mut self, block_id: &str, pay_date: Option<&str>) -> (Transfer, Option<Decimal>) {
        // An equivalent amount is scored in the currency of transfer (the
        // employee's), its figure converted by the bank: kept as written,
        // and said so beside the findings.
        let mut equivalent = None;
        if self.amount.is_none()
            && let Some(text) = self.equivalent.take()
        {
            let given = self
                .equivalent_currency
                .take()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let into = self
                .transfer_currency
                .take()
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| given.clone());
            equivalent = Some(Equivalent {
                amount: text.clone(),
                currency: given,
                into: into.clone(),
            });
            self.amount = Some(text);
            self.currency = Some(into);
        }
        let written = self
            .amount
            .as_deref()
            .and_then(|a| Decimal::from_str_exact(a).ok());
        let id = match self.end_to_end_id.as_deref() {
            Some(e2e) if e2e != "NOTPROVIDED" => e2e.to_string(),
            _ => self.index.to_string(),
        };
        let mut fault = None;
        let currency = self.currency.unwrap_or_default().to_ascii_uppercase();
        let amount_field = match &equivalent {
            Some(_) => "Amt/EqvtAmt/Amt",
            None => "Amt/InstdAmt",
        };
        let amount_minor = match (&self.amount, minor_unit_decimals(&currency)) {
            (None, _) => {
                fault = Some(Fault {
                    field: "Amt/InstdAmt".into(),
                    message: "is missing, and so is an EqvtAmt: the transfer has no amount".into(),
                });
                0
            }
            (Some(_), None) if equivalent.is_some() => {
                fault = Some(Fault {
                    field: "Amt/EqvtAmt/CcyOfTrf".into(),
                    message: format!(
                        "{currency:?} is neither an ISO 4217 currency code nor a known crypto asset"
                    ),
                });
                0
            }
            (Some(_), None) => {
                fault = Some(Fault {
                    field: "Amt/InstdAmt/@Ccy".into(),
                    message: format!(
                        "{currency:?} is neither an ISO 4217 currency code nor a known crypto asset"
                    ),
                });
                0
            }
            (Some(text), Some(decimals)) => {
                match rescaled(text, equivalent.as_ref(), &currency, decimals) {
                    Ok(minor) => minor,
                    Err(message) => {
                        fault = Some(Fault {
                            field: amount_field.into(),
                            message,
                        });
                        0
                    }
                }
            }
        };
        // Clearing system codes begin with the country of the system
        // (ISO 20022 ExternalClearingSystemIdentification1Code: USABA,
        // GBDSC, DEBLZ, CHBCC, RUCBC, ...).
        let clearing_country = self
            .clearing_system
            .as_deref()
            .and_then(|code| code.get(..2))
            .map(str::to_ascii_uppercase)
            .filter(|c| c.parse::<iso_currency::Country>().is_ok());
        let bank = BankAccount {
            iban: self.iban,
            account_number: self.other_account,
            routing_number: self.clearing_member,
            bic: self.bic,
            bank_country: self
                .agent_country
                .map(|c| c.to_ascii_uppercase())
                .or(clearing_country),
        };
        let mut remittance = self.remittance;
        let account = match (self.proxy_kind, self.proxy_id) {
            (kind, Some(id)) if bank.iban.is_none() && bank.account_number.is_none() => {
                Account::Proxy {
                    kind: kind.unwrap_or_else(|| "proxy".into()),
                    id,
                }
            }
            (kind, Some(id)) => {
                // Both an account and a proxy: the account is paid; the
                // proxy is read with the reference.
                remittance.push(format!("proxy {}: {id}", kind.as_deref().unwrap_or("")));
                Account::Bank(bank)
            }
            _ => Account::Bank(bank),
        };
        let creditor_country = match &self.creditor_country {
            Some(c) => Some((c.to_ascii_uppercase(), "Cdtr/PstlAdr/Ctry")),
            None => {
                super::address_country(&self.address_lines).map(|c| (c, "Cdtr/PstlAdr/AdrLine"))
            }
        };
        let transfer = Transfer {
            line: self.line,
            payout_id: format!("{block_id}/{id}"),
            individual_id: None,
            creditor_id: self.creditor_id.or(self.ultimate_id),
            end_to_end_id: self.end_to_end_id,
            holder: self.holder,
            ultimate_creditor: self.ultimate_name,
            amount_minor,
            currency,
            account,
            creditor_country,
            reference: (!remittance.is_empty()).then(|| remittance.join(" | ")),
            pay_date: pay_date.and_then(date),
            prenote_key: None,
            fault,
            equivalent,
        };
        (transfer, written)
    }
}

/// An amount given as an equivalent (`EqvtAmt`): as written, in its own
/// currency, and the currency of transfer the bank converts it into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equivalent {
    pub amount: String,
    pub currency: String,
    pub into: String,
}

/// `text` in minor units of `currency` (with `decimals`); an equivalent
/// amount is read in its own currency and its figure carried into the
/// currency of transfer's minor units (the rate is the bank's).
fn rescaled(
    text: &str,
    equivalent: Option<&Equivalent>,
    currency: &str,
    decimals: u32,
) -> Result<i64, String> {
    let Some(given) = equivalent.filter(|e| e.currency != currency) else {
        return minor_units(text, currency, decimals);
    };
    let Some(own) = minor_unit_decimals(&given.currency) else {
        return Err(format!(
            "@Ccy {:?} is neither an ISO 4217 currency code nor a known crypto asset",
            given.currency
        ));
    };
    let minor = minor_units(text, &given.currency, own)?;
    let scaled = if decimals >= own {
        minor.checked_mul(10_i64.pow(decimals - own))
    } else {
        Some(minor / 10_i64.pow(own - decimals))
    };
    scaled.ok_or_else(|| format!("{text} is too large"))
}

/// `2026-11-25`, or the date of `2026-11-25T10:00:00`.
fn date(text: &str) -> Option<Date> {
    use chrono::Datelike;
    let day = chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(Date {
        year: u16::try_from(day.year()).ok()?,
        month: day.month() as u8,
        day: day.day() as u8,
    })
}
