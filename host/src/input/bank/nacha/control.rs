//! Batches and the file's control records: what each batch says of its
//! entries, and the counts, hash and totals they must add up to.

use super::records::Record;
use crate::model::Date;

/// Sums over entries and addenda, as batch and file control records give
/// them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Entry and addenda records.
    pub records: u64,
    /// The sum of the entries' 8-digit RDFI routing numbers.
    pub hash: u64,
    /// Cents.
    pub debit: u64,
    pub credit: u64,
}

impl Totals {
    pub fn add(&mut self, other: &Totals) {
        self.records += other.records;
        self.hash += other.hash;
        self.debit += other.debit;
        self.credit += other.credit;
    }

    /// Count, hash and totals against the fields of a control record;
    /// `at` gives the positions of each in that record.
    fn faults(
        &self,
        record: &Record,
        at: &ControlFields,
        whose: &str,
    ) -> Vec<(&'static str, String)> {
        let mut faults = Vec::new();
        let mut compare =
            |check: &'static str, what: &str, (from, to): (usize, usize), actual: u64| {
                let written = record.field(from, to);
                match record.number(from, to) {
                    Some(stated) if stated == actual => {}
                    _ => faults.push((
                        check,
                        format!("{whose} {what} is {written:?}; the entries give {actual}"),
                    )),
                }
            };
        compare(
            "entry-count",
            "entry and addenda count",
            at.count,
            self.records,
        );
        compare(
            "entry-hash",
            "entry hash",
            at.hash,
            self.hash % 10_000_000_000,
        );
        compare("total-debit", "total debit (cents)", at.debit, self.debit);
        compare(
            "total-credit",
            "total credit (cents)",
            at.credit,
            self.credit,
        );
        faults
    }

    /// The file control record's faults.
    pub fn file_faults(
        &self,
        record: &Record,
        batches: u64,
        blocks: u64,
    ) -> Vec<(&'static str, String)> {
        let mut faults = Vec::new();
        for (check, what, (from, to), actual) in [
            ("batch-count", "batch count", (2, 7), batches),
            ("block-count", "block count", (8, 13), blocks),
        ] {
            if record.number(from, to) != Some(actual) {
                let written = record.field(from, to);
                faults.push((
                    check,
                    format!("the file control's {what} is {written:?}; the file has {actual}"),
                ));
            }
        }
        faults.extend(self.faults(record, &FILE_CONTROL, "the file control's"));
        faults
    }
}

/// Where a control record keeps its count, hash and totals (1-based).
struct ControlFields {
    count: (usize, usize),
    hash: (usize, usize),
    debit: (usize, usize),
    credit: (usize, usize),
}

const BATCH_CONTROL: ControlFields = ControlFields {
    count: (5, 10),
    hash: (11, 20),
    debit: (21, 32),
    credit: (33, 44),
};

const FILE_CONTROL: ControlFields = ControlFields {
    count: (14, 21),
    hash: (22, 31),
    debit: (32, 43),
    credit: (44, 55),
};

/// One batch, from its header on.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Line of the header; 0 for entries found outside any batch.
    pub line: u64,
    /// The batch number as the payout ids carry it: no leading zeros.
    pub number: String,
    pub number_value: Option<u64>,
    /// Standard entry class: PPD, CCD, IAT, ...
    pub sec: String,
    /// The batch's effective entry date: the pay date of its entries.
    pub effective: Option<Date>,
    /// ISO 4217: USD, or an IAT batch's originating currency.
    pub currency: String,
    /// IAT: the ISO destination country code of the batch header.
    pub destination_country: Option<String>,
    pub totals: Totals,
    last_trace: Option<u64>,
}

impl Batch {
    /// A batch from its header record (type 5).
    pub fn open(record: &Record) -> Batch {
        let sec = record.field(51, 53);
        let iat = sec == "IAT";
        let number_value = record.number(88, 94);
        let effective = date(&record.field(70, 75));
        Batch {
            line: record.line,
            number: number_value.map_or_else(|| record.field(88, 94), |n| n.to_string()),
            number_value,
            currency: if iat {
                record.field(64, 66)
            } else {
                "USD".into()
            },
            destination_country: iat.then(|| record.field(39, 40)).filter(|c| !c.is_empty()),
            sec,
            effective,
            totals: Totals::default(),
            last_trace: None,
        }
    }

    /// Stands in for the batch header of entries that have none.
    pub fn missing() -> Batch {
        Batch {
            line: 0,
            number: "0".into(),
            number_value: None,
            sec: String::new(),
            effective: None,
            currency: "USD".into(),
            destination_country: None,
            totals: Totals::default(),
            last_trace: None,
        }
    }

    /// Adds an entry (type 6) to the totals; returns its check-digit and
    /// trace-order faults.
    pub fn count_entry(&mut self, record: &Record) -> Vec<(&'static str, String)> {
        let mut faults = Vec::new();
        self.totals.records += 1;
        let routing = record.number(4, 11);
        self.totals.hash += routing.unwrap_or(0);
        if let Some(amount) = record.number(30, 39) {
            match record.field(2, 3).as_bytes().get(1) {
                Some(b'1'..=b'4') => self.totals.credit += amount,
                Some(b'5'..=b'9') => self.totals.debit += amount,
                _ => {}
            }
        }
        let written = record.field(4, 12);
        match (routing, record.number(12, 12)) {
            (Some(routing), Some(digit)) if check_digit(routing) == digit => {}
            (Some(routing), Some(digit)) => faults.push((
                "check-digit",
                format!(
                    "routing number {written}: check digit {digit}, the first eight digits give {}",
                    check_digit(routing)
                ),
            )),
            _ => faults.push((
                "check-digit",
                format!("routing number {written:?} is not nine digits"),
            )),
        }
        let trace = record.number(80, 94);
        if let (Some(trace), Some(last)) = (trace, self.last_trace)
            && trace <= last
        {
            faults.push((
                "trace-order",
                format!(
                    "trace number {} does not follow {last:015} in batch {}: traces ascend within a batch",
                    record.field(80, 94),
                    self.number
                ),
            ));
        }
        self.last_trace = trace.or(self.last_trace);
        faults
    }

    /// The batch control record's (type 8) faults.
    pub fn control_faults(&self, record: &Record) -> Vec<(&'static str, String)> {
        let whose = format!("batch {}'s control", self.number);
        let mut faults = self.totals.faults(record, &BATCH_CONTROL, &whose);
        if record.number(88, 94) != self.number_value {
            faults.push((
                "batch-number",
                format!(
                    "the batch control names batch {:?}, the header {}",
                    record.field(88, 94),
                    self.number
                ),
            ));
        }
        faults
    }
}

/// The ABA check digit of an 8-digit routing number: weights 3, 7, 1.
pub fn check_digit(routing8: u64) -> u64 {
    const WEIGHTS: [u64; 8] = [3, 7, 1, 3, 7, 1, 3, 7];
    let digits = format!("{routing8:08}");
    let sum: u64 = digits
        .bytes()
        .zip(WEIGHTS)
        .map(|(d, w)| u64::from(d - b'0') * w)
        .sum();
    (10 - sum % 10) % 10
}

/// A NACHA date, YYMMDD, in this century.
pub fn date(text: &str) -> Option<Date> {
    use chrono::Datelike;
    let parsed = chrono::NaiveDate::parse_from_str(&format!("20{text}"), "%Y%m%d").ok()?;
    Some(Date {
        year: parsed.year() as u16,
        month: parsed.month() as u8,
        day: parsed.day() as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_aba_check_digits() {
        // JPMorgan Chase 021000021, Wells Fargo 121000248, Fed 091000019.
        assert_eq!(check_digit(2100002), 1);
        assert_eq!(check_digit(12100024), 8);
        assert_eq!(check_digit(9100001), 9);
    }

    #[test]
    fn reads_effective_dates() {
        assert_eq!(
            date("261125"),
            Some(Date {
                year: 2026,
                month: 11,
                day: 25
            })
        );
        assert_eq!(date("261331"), None);
        assert_eq!(date(""), None);
    }
}
