//! CSV payrolls: a header row naming the columns, in any order; columns
//! payguard does not know are ignored.

use super::fields::{self, COLUMNS, REQUIRED};
use super::{Payroll, Row};
use crate::model::RowError;
use std::collections::HashMap;

/// Reads CSV bytes; fails whole only when the header is unusable.
pub fn read(bytes: &[u8]) -> Result<Payroll, String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|e| format!("cannot read the CSV header: {e}"))?
        .clone();
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = String::from_utf8_lossy(name);
        if let Some(column) = COLUMNS.iter().find(|c| **c == name.trim())
            && index.insert(column, i).is_some()
        {
            return Err(format!("the header names column {column} twice"));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "not a payroll: the header lacks the column(s) {}; the first line must name the columns",
            missing.join(", ")
        ));
    }
    let mut payroll = Payroll::default();
    let mut record = csv::ByteRecord::new();
    let mut lines = Lines::new(bytes);
    loop {
        let before = reader.position().clone();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.of(record.position().unwrap_or(&before));
                payroll.rows.push(row(line, &record, &index));
            }
            Err(e) => {
                let line = lines.of(e.position().unwrap_or(&before));
                payroll.rows.push(Row {
                    line,
                    employee_id: None,
                    employee_name: None,
                    payout: Err(RowError {
                        payout_id: String::new(),
                        field: None,
                        message: format!("unreadable CSV: {e}"),
                    }),
                });
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                ) {
                    break;
                }
            }
        }
    }
    Ok(payroll)
}

/// Line numbers as an editor shows them: LF, CRLF and a lone CR each end
/// a line, as each ends a CSV record. Counted forward once, so a file costs
/// one pass however many rows it has.
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record at `position`. The reader can stop before
    /// the terminator of the previous line (it ends a record at the CR of a
    /// CRLF), so terminators at the record's start are skipped first.
    fn of(&mut self, position: &csv::Position) -> u64 {
        let mut start = position.byte() as usize;
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        while self.offset < start.min(self.bytes.len()) {
            let ends_line = match self.bytes[self.offset] {
                b'\n' => true,
                b'\r' => self.bytes.get(self.offset + 1) != Some(&b'\n'),
                _ => false,
            };
            self.line += u64::from(ends_line);
            self.offset += 1;
        }
        self.line
    }
}

fn row(line: u64, record: &csv::ByteRecord, index: &HashMap<&'static str, usize>) -> Row {
    // Each field is decoded and trimmed once, borrowed from the record;
    // blank fields are left out. The first field that is not UTF-8, in
    // column order, rejects the row.
    let mut texts: HashMap<&str, &str> = HashMap::with_capacity(index.len());
    let mut bad_utf8 = None;
    for column in COLUMNS {
        let Some(raw) = index.get(column).and_then(|&i| record.get(i)) else {
            continue;
        };
        match std::str::from_utf8(raw) {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => {
                texts.insert(column, text.trim());
            }
            Err(_) => {
                bad_utf8.get_or_insert(column);
            }
        }
    }
    let text = |column: &str| texts.get(column).map(|t| t.to_string());
    let payout = match bad_utf8 {
        Some(column) => Err(RowError {
            payout_id: text("payout_id").unwrap_or_default(),
            field: Some(column.into()),
            message: "is not valid UTF-8".into(),
        }),
        None => fields::payout(text),
    };
    Row {
        line,
        employee_id: text("employee_id"),
        employee_name: text("employee_name"),
        payout,
    }
}
