//! Bank payment files: ISO 20022 pain.001 credit transfers and NACHA ACH
//! files, read as streams. Each credit transfer becomes a [`Transfer`];
//! the employee roster ([`roster`]) turns it into the payout the rules
//! score. What is not a payout (a debit, a prenote) is a [`Skipped`] entry,
//! and what breaks the file's own integrity (a check digit, a control
//! total) a [`FileCheck`]: both are reported, neither stops scoring.

mod country_text;
mod markup_guard;
pub mod nacha;
pub mod pain001;
pub mod roster;

use crate::model::{BankAccount, Date};
pub use roster::{EmployeeRoster, JoinOn};
use serde::Serialize;
use std::collections::VecDeque;

/// One credit transfer as the bank file gives it, before the roster adds
/// who the employee is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transfer {
    /// Line where the transfer starts (1-based).
    pub line: u64,
    /// Stable and unique in a well-formed file: see each reader's docs.
    pub payout_id: String,
    /// NACHA: the individual identification number (IAT: addenda 15).
    pub individual_id: Option<String>,
    /// pain.001: `Cdtr/Id/PrvtId/Othr/Id`, else the ultimate creditor's.
    pub creditor_id: Option<String>,
    /// pain.001: `PmtId/EndToEndId`.
    pub end_to_end_id: Option<String>,
    /// The account holder's name: pain.001 `Cdtr/Nm`, NACHA the receiver.
    pub holder: Option<String>,
    /// pain.001 `UltmtCdtr/Nm`: who the money is finally for.
    pub ultimate_creditor: Option<String>,
    pub amount_minor: i64,
    /// ISO 4217 (or a crypto asset code the plugin knows).
    pub currency: String,
    pub account: Account,
    /// The creditor's country as the file gives it, and where.
    pub creditor_country: Option<(String, &'static str)>,
    /// Every remittance line, joined with " | ".
    pub reference: Option<String>,
    pub pay_date: Option<Date>,
    /// NACHA: the routing and account a prenote may have announced.
    pub prenote_key: Option<String>,
    /// The first field that could not be read: the transfer is rejected.
    pub fault: Option<Fault>,
    /// pain.001: the amount was given as an equivalent to convert.
    pub equivalent: Option<pain001::Equivalent>,
}

/// A field of a transfer that could not be read, by its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub field: String,
    pub message: String,
}

/// Where a transfer's money goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    Bank(BankAccount),
    /// pain.001.001.09+ `CdtrAcct/Prxy`: a proxy such as an e-mail address,
    /// a phone number or an e-wallet id, of the type `kind` (EMAL, TELE,
    /// EWAL, ...).
    Proxy {
        kind: String,
        id: String,
    },
}

impl Default for Account {
    fn default() -> Self {
        Account::Bank(BankAccount::default())
    }
}

/// A fault in the file's own integrity, apart from payout risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    pub line: u64,
    /// Which check failed: `check-digit`, `entry-hash`, `ctrl-sum`, ...
    pub check: &'static str,
    pub message: String,
}

/// An entry of the file that is not a payout, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub line: u64,
    pub payout_id: String,
    pub reason: String,
}

/// What a report says of a bank file beside its payouts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FileNote {
    /// A fault in the file's own integrity.
    FileCheck(FileCheck),
    /// An entry that is not a payout.
    Skipped(Skipped),
}

impl FileNote {
    /// The line the note is about.
    pub fn line(&self) -> u64 {
        match self {
            FileNote::FileCheck(c) => c.line,
            FileNote::Skipped(s) => s.line,
        }
    }
}

/// What a bank file reader hands out, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Transfer(Box<Transfer>),
    Skipped {
        entry: Skipped,
        /// A prenote: the routing and account it announces, and its day.
        announces: Option<(String, Option<Date>)>,
    },
    Check(FileCheck),
}

impl Item {
    /// The transfer, if this is one.
    pub fn transfer(&self) -> Option<&Transfer> {
        match self {
            Item::Transfer(t) => Some(t),
            _ => None,
        }
    }

    /// The failed file check, if this is one.
    pub fn check(&self) -> Option<&FileCheck> {
        match self {
            Item::Check(c) => Some(c),
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! What the readers' tests look at in a file's items.

    use super::{Item, Transfer};

    /// Each failed check as (line, check, message).
    pub fn checks(items: &[Item]) -> Vec<(u64, &'static str, String)> {
        items
            .iter()
            .filter_map(Item::check)
            .map(|c| (c.line, c.check, c.message.clone()))
            .collect()
    }

    /// The transfers, in order.
    pub fn transfers(items: &[Item]) -> Vec<&Transfer> {
        items.iter().filter_map(Item::transfer).collect()
    }
}

/// A reader that turns a file into items a step at a time: each step reads
/// a little (a record, an XML event) and queues what it found.
trait Steps {
    /// Items found and not yet handed out.
    fn queued(&mut self) -> &mut VecDeque<Item>;
    /// Whether the file has been read to its end (or refused).
    fn finished(&self) -> bool;
    /// Reads on.
    fn step(&mut self);
}

/// The next item of a stepping reader: the iterators of both readers.
fn next_item(reader: &mut impl Steps) -> Option<Item> {
    loop {
        if let Some(item) = reader.queued().pop_front() {
            return Some(item);
        }
        if reader.finished() {
            return None;
        }
        reader.step();
    }
}

/// The bank file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankFormat {
    Pain001,
    Nacha,
}

impl BankFormat {
    /// The format the file's first bytes say: an XML document holding
    /// `CstmrCdtTrfInitn`, or a NACHA file header record.
    pub fn sniff(bytes: &[u8]) -> Option<BankFormat> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
        let bytes = &bytes[start..];
        if bytes.starts_with(b"<") {
            return memchr::memmem::find(bytes, b"CstmrCdtTrfInitn").map(|_| BankFormat::Pain001);
        }
        // Record type 1, priority code 01, record size 094 (moov-io/ach
        // accepts any priority code; so does this).
        let header = bytes.starts_with(b"1") && bytes.get(34..37) == Some(b"094");
        (header || bytes.starts_with(b"101 ")).then_some(BankFormat::Nacha)
    }

    /// "pain.001" or "NACHA".
    pub fn name(self) -> &'static str {
        match self {
            BankFormat::Pain001 => "pain.001",
            BankFormat::Nacha => "NACHA",
        }
    }
}

/// A bank file's items, one at a time.
pub type Items<'a> = Box<dyn Iterator<Item = Item> + Send + 'a>;

/// Reads `input` as `format`.
pub fn items<'a>(input: impl std::io::BufRead + Send + 'a, format: BankFormat) -> Items<'a> {
    match format {
        BankFormat::Pain001 => Box::new(pain001::Reader::new(input)),
        BankFormat::Nacha => Box::new(nacha::Reader::new(input)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_format_by_content() {
        let xml = "\u{feff}<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"><CstmrCdtTrfInitn>";
        assert_eq!(BankFormat::sniff(xml.as_bytes()), Some(BankFormat::Pain001));
        let direct_debit = "<Document><CstmrDrctDbtInitn>";
        assert_eq!(BankFormat::sniff(direct_debit.as_bytes()), None);
        let nacha = "101 091000019 1234567892611220830A094101FEDERAL RESERVE BANK   ACME CORP";
        assert_eq!(BankFormat::sniff(nacha.as_bytes()), Some(BankFormat::Nacha));
        assert_eq!(BankFormat::sniff(b"payout_id,employee_id"), None);
        assert_eq!(BankFormat::sniff(b"10,E-1,Anna"), None);
    }
}
