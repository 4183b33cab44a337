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
    loop {
        let before = reader.position().clone();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = start_line(bytes, record.position().unwrap_or(&before));
                payroll.rows.push(row(line, &record, &index));
            }
            Err(e) => {
                let line = start_line(bytes, e.position().unwrap_or(&before));
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

/// The line a record starts on. After a CRLF the reader stops at the CR
/// and counts the LF only when it reads on, so a record's position can
/// still point at the LF that ends the line before it.
fn start_line(bytes: &[u8], position: &csv::Position) -> u64 {
    let pending_lf = bytes.get(position.byte() as usize) == Some(&b'\n');
    position.line() + u64::from(pending_lf)
}

fn row(line: u64, record: &csv::ByteRecord, index: &HashMap<&'static str, usize>) -> Row {
    let mut bad_utf8 = None;
    let value = |column: &str| -> Option<Result<String, ()>> {
        let raw = record.get(*index.get(column)?)?;
        match std::str::from_utf8(raw) {
            Ok(text) => {
                Some(Ok(text.trim().to_string())).filter(|v| !matches!(v, Ok(t) if t.is_empty()))
            }
            Err(_) => Some(Err(())),
        }
    };
    for column in COLUMNS {
        if let Some(Err(())) = value(column) {
            bad_utf8 = Some(column);
            break;
        }
    }
    let employee_id = value("employee_id").and_then(Result::ok);
    let employee_name = value("employee_name").and_then(Result::ok);
    let payout = match bad_utf8 {
        Some(column) => Err(RowError {
            payout_id: value("payout_id").and_then(Result::ok).unwrap_or_default(),
            field: Some(column.into()),
            message: "is not valid UTF-8".into(),
        }),
        None => fields::payout(|column| value(column).and_then(Result::ok)),
    };
    Row {
        line,
        employee_id,
        employee_name,
        payout,
    }
}
