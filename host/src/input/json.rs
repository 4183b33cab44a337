//! JSON payrolls: an array of objects, or one object per line (NDJSON),
//! with the CSV column names as keys. Amounts may be strings or numbers;
//! numbers are read from their text, never through a float.

use super::fields;
use super::{Payroll, Row};
use crate::model::RowError;
use serde_json::{Map, Value};

/// Reads a JSON array of row objects.
pub fn read_array(bytes: &[u8]) -> Result<Payroll, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    // Borrowed raw values point into `text`, which gives each row its line.
    let values: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(text).map_err(|e| format!("not a JSON array of payouts: {e}"))?;
    let rows = values
        .iter()
        .map(|raw| {
            // The row's line: where its text starts in the file.
            let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            let line = text[..offset].matches('\n').count() as u64 + 1;
            object(line, raw.get())
        })
        .collect();
    Ok(Payroll { rows })
}

/// Reads NDJSON: one row object per non-blank line.
pub fn read_lines(bytes: &[u8]) -> Result<Payroll, String> {
    let rows = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(i, line)| {
            let line_no = i as u64 + 1;
            match std::str::from_utf8(line) {
                Ok(text) => object(line_no, text),
                Err(_) => rejected(line_no, "the line is not valid UTF-8".into()),
            }
        })
        .collect();
    Ok(Payroll { rows })
}

/// One row object; the JSON value `null` and blank strings are absent.
fn object(line: u64, text: &str) -> Row {
    let map: Map<String, Value> = match serde_json::from_str(text) {
        Ok(map) => map,
        Err(e) => return rejected(line, format!("not a JSON object: {e}")),
    };
    let text_of = |column: &str| match map.get(column)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let employee_id = text_of("employee_id");
    let employee_name = text_of("employee_name");
    let wrong_type = map
        .iter()
        .find(|(_, value)| matches!(value, Value::Array(_) | Value::Object(_) | Value::Bool(_)));
    let payout = match wrong_type {
        Some((key, _)) => Err(RowError {
            payout_id: text_of("payout_id").unwrap_or_default(),
            field: Some(key.clone()),
            message: "must be a string or a number".into(),
        }),
        None => fields::payout(text_of),
    };
    Row {
        line,
        employee_id,
        employee_name,
        payout,
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
    }
}
