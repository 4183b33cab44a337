//! JSON payrolls: an array of objects, or one object per line (NDJSON),
//! with the CSV column names as keys. Amounts may be strings or numbers;
//! numbers are read from their text, never through a float.

use super::Row;
use super::fields::{self, Column, Fields};
use crate::model::RowError;
use serde_json::{Map, Value};
use std::io::BufRead;

/// Reads a JSON array of row objects. An array is one document, so it is
/// read whole; large payrolls come as CSV or NDJSON, which are streamed.
pub fn read_array(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    // Borrowed raw values point into `text`, which gives each row its line.
    let values: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON array of payouts: {e}"))?;
    let mut lines = LineTally::default();
    Ok(values
        .iter()
        .map(|raw| {
            let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            object(lines.at(text, offset), raw.get())
        })
        .collect())
}

/// Reads one payout object, as a service's check receives it. Fails when
/// the bytes are not one JSON object; a bad field is a rejected row.
pub fn read_object(bytes: &[u8]) -> Result<Row, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) => Ok(object(1, text)),
        Ok(_) => Err("not a JSON object: one payout is an object of the payroll's columns".into()),
        Err(e) => Err(format!("not a JSON object: {e}")),
    }
}

/// Lines of a text counted forward once, however many rows it has.
#[derive(Default)]
struct LineTally {
    offset: usize,
    line: u64,
}

impl LineTally {
    fn at(&mut self, text: &str, offset: usize) -> u64 {
        self.line +=
            memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count() as u64;
        self.offset = offset;
        self.line + 1
    }
}

/// The rows of an NDJSON payroll, one object per non-blank line, read one
/// line at a time.
pub struct NdjsonRows<R> {
    input: R,
    line: u64,
    buf: Vec<u8>,
    failed: bool,
}

impl<R: BufRead> NdjsonRows<R> {
    /// Reads `input` line by line.
    pub fn new(input: R) -> Self {
        NdjsonRows {
            input,
            line: 0,
            buf: Vec::new(),
            failed: false,
        }
    }
}

impl<R: BufRead> Iterator for NdjsonRows<R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        loop {
            if self.failed {
                return None;
            }
            self.buf.clear();
            self.line += 1;
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    // The rest of the file cannot be read: one rejected row
                    // says so, rather than a silent end.
                    self.failed = true;
                    return Some(rejected(self.line, format!("cannot read the line: {e}")));
                }
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(match std::str::from_utf8(&self.buf) {
                Ok(text) => object(self.line, text),
                Err(_) => rejected(self.line, format!("the line {}", super::csv::NOT_UTF8)),
            });
        }
    }
}

/// One row object; the JSON value `null` and blank strings are absent.
fn object(line: u64, text: &str) -> Row {
    let map: Map<String, Value> = match serde_json::from_str(text) {
        Ok(map) => map,
        Err(e) => return rejected(line, format!("not a JSON object: {e}")),
    };
    // Numbers are kept as written; every value is borrowed from here.
    let texts: Vec<(Column, String)> = Column::ALL
        .into_iter()
        .filter_map(|column| match map.get(column.name())? {
            Value::String(s) => Some((column, s.clone())),
            Value::Number(n) => Some((column, n.to_string())),
            _ => None,
        })
        .collect();
    let mut fields = Fields::default();
    for (column, text) in &texts {
        fields.set(*column, text);
    }
    let employee_id = fields.get(Column::EmployeeId).map(String::from);
    let employee_name = fields.get(Column::EmployeeName).map(String::from);
    let wrong_type = map
        .iter()
        .find(|(_, value)| matches!(value, Value::Array(_) | Value::Object(_) | Value::Bool(_)));
    let payout = match wrong_type {
        Some((key, _)) => Err(RowError {
            payout_id: fields.get(Column::PayoutId).unwrap_or_default().into(),
            field: Some(key.clone()),
            message: "must be a string or a number".into(),
        }),
        None => fields::payout(&fields),
    };
    Row {
        line,
        employee_id,
        employee_name,
        payout,
        file_findings: Vec::new(),
    }
}

fn rejected(line: u64, message: String) -> Row {
    let error = RowError {
        payout_id: String::new(),
        field: None,
        message,
    };
    Row {
        line,
        employee_id: None,
        employee_name: None,
        payout: Err(error),
        file_findings: Vec::new(),
    }
}
