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
    /// The row's employee_name as written, even when the row is rejected.
    pub employee_name: Option<String>,
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

/// The file formats a payroll may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Csv,
    /// One JSON array of row objects.
    Json,
    /// One row object per line.
    Ndjson,
}

impl InputFormat {
    /// The format by extension (`.csv`, `.json`, `.ndjson`/`.jsonl`), else
    /// by the file's first non-blank character.
    pub fn detect(path: &Path, bytes: &[u8]) -> InputFormat {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
        match (extension.as_deref(), first) {
            (Some("json"), _) => InputFormat::Json,
            (Some("ndjson" | "jsonl"), _) => InputFormat::Ndjson,
            (Some("csv"), _) => InputFormat::Csv,
            (_, Some(b'[')) => InputFormat::Json,
            (_, Some(b'{')) => InputFormat::Ndjson,
            _ => InputFormat::Csv,
        }
    }
}

/// Reads a payroll file in the format [`InputFormat::detect`] picks.
pub fn read_path(path: &Path) -> Result<Payroll, InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.into(),
        source,
    })?;
    read_bytes(&bytes, InputFormat::detect(path, &bytes)).map_err(|message| InputError::Format {
        path: path.into(),
        message,
    })
}

/// Reads a payroll from bytes. Fails whole only when the bytes cannot be a
/// payroll at all; a bad row becomes a rejected [`Row`].
pub fn read_bytes(bytes: &[u8], format: InputFormat) -> Result<Payroll, String> {
    let mut payroll = match format {
        InputFormat::Csv => csv::read(bytes),
        InputFormat::Json => json::read_array(bytes),
        InputFormat::Ndjson => json::read_lines(bytes),
    }?;
    payroll.reject_duplicate_ids();
    Ok(payroll)
}
