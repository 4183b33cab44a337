//! One entry detail record (type 6) with its addenda (type 7), as a
//! transfer or as a skipped entry.

use super::control::Batch;
use super::records::Record;
use crate::input::bank::{Account, Fault, FileCheck, Item, Skipped, Transfer};
use crate::model::BankAccount;

/// An entry waiting for its addenda.
#[derive(Debug)]
pub struct Pending {
    pub entry: Record,
    pub addenda: Vec<Record>,
}

/// What a transaction code says an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Credit,
    Prenote,
    ZeroDollar,
    Debit,
    /// Returns, notifications of change and other automated entries.
    Automated,
    Unknown,
}

/// Transaction codes: the first digit the account type (2 checking, 3
/// savings, 4 general ledger, 5 loan), the second what moves.
fn kind(code: &str) -> Kind {
    let bytes = code.as_bytes();
    if bytes.len() != 2 || !b"2345".contains(&bytes[0]) {
        return Kind::Unknown;
    }
    match (bytes[0], bytes[1]) {
        (_, b'2') => Kind::Credit,
        (_, b'3') => Kind::Prenote,
        (_, b'4') => Kind::ZeroDollar,
        (b'5', b'5') => Kind::Debit,
        (_, b'7') => Kind::Debit,
        (_, b'8') => Kind::Prenote,
        (_, b'9') => Kind::ZeroDollar,
        (_, b'1' | b'6') => Kind::Automated,
        _ => Kind::Unknown,
    }
}

impl Pending {
    pub fn new(entry: Record) -> Pending {
        Pending {
            entry,
            addenda: Vec::new(),
        }
    }

    /// The entry's addenda of `type_code` (positions 2-3).
    fn addendum(&self, type_code: &str) -> Option<&Record> {
        self.addenda.iter().find(|a| a.field(2, 3) == type_code)
    }

    /// The entry as an item, plus any fault in its addenda.
    pub fn finish(self, batch: &Batch) -> Vec<Item> {
        let e = &self.entry;
        let code = e.field(2, 3);
        let trace = e.field(80, 94);
        let payout_id = format!("{}/{}", batch.number, trace);
        let routing = e.field(4, 12);
        let iat = batch.sec == "IAT";
        let account = if iat {
            e.field(40, 74)
        } else {
            e.field(13, 29)
        };
        let mut items = Vec::new();
        if iat {
            for type_code in ["10", "11", "12", "13", "14", "15", "16"] {
                if self.addendum(type_code).is_none() {
                    items.push(Item::Check(FileCheck {
                        line: e.line,
                        check: "iat-addenda",
                        message: format!(
                            "IAT entry {payout_id} lacks its mandatory addenda {type_code}"
                        ),
                    }));
                }
            }
        }
        let skip = |reason: String| Skipped {
            line: e.line,
            payout_id: payout_id.clone(),
            reason,
        };
        let item = match kind(&code) {
            Kind::Credit | Kind::Unknown => Item::Transfer(Box::new(self.transfer(
                batch,
                payout_id.clone(),
                &code,
                routing.clone(),
                account,
            ))),
            Kind::Prenote => {
                let credit = code.ends_with('3');
                let entry = skip(format!(
                    "prenote (transaction code {code}): a zero-dollar test of account {account} at routing {routing}{}",
                    if credit {
                        "; credits to it in this file count as paid to a new account"
                    } else {
                        ""
                    }
                ));
                let announces = credit.then(|| (prenote_key(&routing, &account), batch.effective));
                Item::Skipped { entry, announces }
            }
            Kind::ZeroDollar => Item::Skipped {
                entry: skip(format!(
                    "zero-dollar entry (transaction code {code}): remittance data only, no money moves"
                )),
                announces: None,
            },
            Kind::Debit => Item::Skipped {
                entry: skip(format!(
                    "debit (transaction code {code}): money is taken from account {account}, not paid out"
                )),
                announces: None,
            },
            Kind::Automated => Item::Skipped {
                entry: skip(format!(
                    "transaction code {code} is a return or notification of change, not a payout"
                )),
                announces: None,
            },
        };
        items.insert(0, item);
        items
    }

    fn transfer(
        &self,
        batch: &Batch,
        payout_id: String,
        code: &str,
        routing: String,
        account: String,
    ) -> Transfer {
        let e = &self.entry;
        let mut fault = None;
        if kind(code) == Kind::Unknown {
            fault = Some(Fault {
                field: "transaction code (2-3)".into(),
                message: format!("{code:?} is not a NACHA transaction code"),
            });
        }
        let amount_minor = match e.number(30, 39) {
            Some(cents) => cents as i64,
            None => {
                fault.get_or_insert(Fault {
                    field: "amount (30-39)".into(),
                    message: format!("{:?} is not an amount in cents", e.field(30, 39)),
                });
                0
            }
        };
        if e.field(80, 94).is_empty() {
            fault.get_or_insert(Fault {
                field: "trace number (80-94)".into(),
                message: "is blank: is the record cut short?".into(),
            });
        }
        let mut transfer = Transfer {
            line: e.line,
            payout_id,
            amount_minor,
            currency: batch.currency.clone(),
            pay_date: batch.effective,
            fault,
            ..Transfer::default()
        };
        if batch.sec == "IAT" {
            self.iat(batch, &mut transfer, account);
        } else {
            // CTX puts the receiving company at 59-74; PPD, CCD, WEB and
            // the other single-entry classes at 55-76.
            let name = if batch.sec == "CTX" {
                e.field(59, 74)
            } else {
                e.field(55, 76)
            };
            transfer.individual_id = Some(e.field(40, 54)).filter(|s| !s.is_empty());
            transfer.holder = Some(name).filter(|s| !s.is_empty());
            transfer.prenote_key = Some(prenote_key(&routing, &account));
            transfer.account = Account::Bank(BankAccount {
                account_number: Some(account).filter(|s| !s.is_empty()),
                routing_number: Some(routing).filter(|s| !s.is_empty()),
                // Routing numbers are American Bankers Association numbers
                // of US institutions: a domestic entry's bank is in the US.
                bank_country: Some("US".into()),
                ..BankAccount::default()
            });
            transfer.reference = joined(
                self.addenda
                    .iter()
                    .filter(|a| a.field(2, 3) == "05")
                    .map(|a| a.field(4, 83)),
            );
        }
        transfer
    }

    /// IAT: the receiver and the foreign bank come from the addenda.
    fn iat(&self, batch: &Batch, transfer: &mut Transfer, account: String) {
        let field = |code: &str, from, to| {
            self.addendum(code)
                .map(|a| a.field(from, to))
                .filter(|s| !s.is_empty())
        };
        transfer.holder = field("10", 47, 81);
        transfer.individual_id = field("15", 4, 18);
        let qualifier = field("14", 39, 40).unwrap_or_default();
        let rdfi_id = field("14", 41, 74);
        let branch_country = field("14", 75, 77).or_else(|| batch.destination_country.clone());
        let mut bank = BankAccount {
            account_number: Some(account).filter(|s| !s.is_empty()),
            bank_country: branch_country,
            ..BankAccount::default()
        };
        // The RDFI id's qualifier: 01 a national clearing number, 02 a
        // BIC, 03 an IBAN.
        match qualifier.as_str() {
            "02" => bank.bic = rdfi_id,
            "03" => bank.iban = rdfi_id,
            _ => bank.routing_number = rdfi_id,
        }
        transfer.account = Account::Bank(bank);
        // Addenda 16: the receiver's city, then "country*postal code\".
        transfer.creditor_country = field("16", 39, 73)
            .and_then(|c| c.split('*').next().map(|c| c.trim().to_ascii_uppercase()))
            .filter(|c| c.len() == 2)
            .map(|c| (c, "IAT addenda 16 (receiver country)"));
        transfer.reference = joined(
            self.addenda
                .iter()
                .filter(|a| a.field(2, 3) == "17")
                .map(|a| a.field(4, 83)),
        );
    }
}

/// What a prenote and a later credit to the same account share.
fn prenote_key(routing: &str, account: &str) -> String {
    format!("{routing}/{account}")
}

fn joined(lines: impl Iterator<Item = String>) -> Option<String> {
    let lines: Vec<String> = lines.filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then(|| lines.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_transaction_codes() {
        assert_eq!(kind("22"), Kind::Credit);
        assert_eq!(kind("32"), Kind::Credit);
        assert_eq!(kind("23"), Kind::Prenote);
        assert_eq!(kind("27"), Kind::Debit);
        assert_eq!(kind("55"), Kind::Debit);
        assert_eq!(kind("24"), Kind::ZeroDollar);
        assert_eq!(kind("21"), Kind::Automated);
        assert_eq!(kind("99"), Kind::Unknown);
        assert_eq!(kind("2"), Kind::Unknown);
    }
}
