//! Reading payroll files: CSV, a JSON array, or NDJSON, all with the
//! columns of [`fields::COLUMNS`].

mod csv;
pub mod fields;
mod json;

use crate::model::{Payout, RowError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One row of a payroll file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line in the file where the row starts (1-based; the CSV header is 1).
    pub line: u64,
    /// The row's employee_id as written, even when the row is rejected.
    pub employee_id: Option<String>,
    /// The payout, or why the row could not be read as one.
    pub payout: Result<Payout, RowError>,
}

/// A payroll as read: every row, readable or not, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payroll {
    pub rows: Vec<Row>,
}

impl Payroll {
    /// The rows that were read as payouts.
    pub fn payouts(&self) -> Vec<Payout> {
        self.rows
            .iter()
            .filter_map(|r| r.payout.as_ref().ok().cloned())
            .collect()
    }

    /// Rejects a payout id seen on an earlier row, readable or not: results
    /// are keyed by it.
    fn reject_duplicate_ids(&mut self) {
        let mut first_seen: HashMap<String, u64> = HashMap::new();
        for row in &mut self.rows {
            let id = match &row.payout {
                Ok(payout) => payout.payout_id.clone(),
                Err(error) => error.payout_id.clone(),
            };
            if id.is_empty() {
                continue;
            }
            match first_seen.get(&id) {
                Some(first) if row.payout.is_ok() => {
                    row.payout = Err(RowError {
                        payout_id: id,
                        field: Some("payout_id".into()),
                        message: format!("duplicates the payout_id of line {first}"),
                    });
                }
                Some(_) => {}
                None => {
                    first_seen.insert(id, row.line);
                }
            }
        }
    }
}

/// Why a file could not be read as a payroll at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
}

/// Reads a payroll, choosing the format by extension (`.csv`, `.json`,
/// `.ndjson`/`.jsonl`), else by its first character.
pub fn read_path(path: &Path) -> Result<Payroll, InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.into(),
        source,
    })?;
    let format_error = |message: String| InputError::Format {
        path: path.into(),
        message,
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    let mut payroll = match (extension.as_deref(), first) {
        (Some("json"), _) => json::read_array(&bytes),
        (Some("ndjson" | "jsonl"), _) => json::read_lines(&bytes),
        (Some("csv"), _) => csv::read(&bytes),
        (_, Some(b'[')) => json::read_array(&bytes),
        (_, Some(b'{')) => json::read_lines(&bytes),
        _ => csv::read(&bytes),
    }
    .map_err(format_error)?;
    payroll.reject_duplicate_ids();
    Ok(payroll)
}
