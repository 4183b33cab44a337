//! Reading payroll files: CSV, a JSON array, or NDJSON, all with the
//! columns of [`fields::COLUMNS`]. CSV and NDJSON are read as streams, a
//! row at a time, so a file of any size can be scored in bounded memory.

mod csv;
pub mod fields;
mod json;
mod lines;

use crate::model::{Payout, RowError};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::SystemTime;

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

/// Rows in file order, as they are read.
pub type Rows<'a> = Box<dyn Iterator<Item = Row> + Send + 'a>;

/// Reads rows from `input`. Fails whole only when the input cannot be a
/// payroll at all (no usable CSV header, not a JSON array); a bad row
/// becomes a rejected [`Row`]. Duplicate payout ids are not looked for
/// here: that takes the whole file (see [`read_bytes`] and the scorer).
pub fn rows<'a>(input: impl BufRead + Send + 'a, format: InputFormat) -> Result<Rows<'a>, String> {
    Ok(match format {
        InputFormat::Csv => Box::new(csv::open(input)?),
        InputFormat::Ndjson => Box::new(json::NdjsonRows::new(input)),
        InputFormat::Json => {
            let mut input = input;
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read: {e}"))?;
            Box::new(json::read_array(&bytes)?.into_iter())
        }
    })
}

/// A payroll file that can be read more than once, as two-pass scoring
/// does. It refuses to be read again if it changed in between.
#[derive(Debug, Clone)]
pub struct PayrollFile {
    path: PathBuf,
    format: InputFormat,
    stamp: (u64, Option<SystemTime>),
    progress: Option<Progress>,
}

/// How far one reading of a payroll file has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadProgress {
    /// Which reading of the file this is, from 1 (scoring reads a file
    /// twice, and a third time up to the last shared account).
    pub reading: u32,
    /// Bytes read so far in this reading.
    pub bytes: u64,
    /// Rows read so far in this reading.
    pub rows: u64,
    /// The file's size.
    pub total_bytes: u64,
}

/// Told how reading goes, every few thousand rows and at the end of each
/// reading.
#[derive(Clone)]
struct Progress {
    report: Arc<dyn Fn(ReadProgress) + Send + Sync>,
    readings: Arc<AtomicU32>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// A reader that counts the bytes it hands out.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl PayrollFile {
    /// Opens `path` and picks its format with [`InputFormat::detect`].
    pub fn open(path: &Path) -> Result<PayrollFile, InputError> {
        let io = |source| InputError::Io {
            path: path.into(),
            source,
        };
        let mut reader = BufReader::new(File::open(path).map_err(io)?);
        let format = InputFormat::detect(path, reader.fill_buf().map_err(io)?);
        Ok(PayrollFile {
            path: path.into(),
            format,
            stamp: stamp(path).map_err(io)?,
            progress: None,
        })
    }

    /// Calls `report` as each reading of the file goes on (a progress bar).
    pub fn with_progress(mut self, report: impl Fn(ReadProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress {
            report: Arc::new(report),
            readings: Arc::new(AtomicU32::new(0)),
        });
        self
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file's rows from the start.
    pub fn rows(&self) -> Result<Rows<'static>, InputError> {
        let io = |source| InputError::Io {
            path: self.path.clone(),
            source,
        };
        let file = File::open(&self.path).map_err(io)?;
        if stamp(&self.path).map_err(io)? != self.stamp {
            return Err(InputError::Format {
                path: self.path.clone(),
                message: "the file changed while it was being scored".into(),
            });
        }
        let format = |message| InputError::Format {
            path: self.path.clone(),
            message,
        };
        // Large buffers: the file is read sequentially, twice.
        let Some(progress) = self.progress.clone() else {
            return rows(BufReader::with_capacity(1 << 20, file), self.format).map_err(format);
        };
        let bytes = Arc::new(AtomicU64::new(0));
        let counting = Counting {
            inner: file,
            bytes: bytes.clone(),
        };
        let mut inner =
            rows(BufReader::with_capacity(1 << 20, counting), self.format).map_err(format)?;
        let reading = progress.readings.fetch_add(1, Ordering::Relaxed) + 1;
        let total_bytes = self.stamp.0;
        let mut count = 0_u64;
        let mut done = false;
        Ok(Box::new(std::iter::from_fn(move || {
            let next = inner.next();
            count += u64::from(next.is_some());
            let end = next.is_none() && !std::mem::replace(&mut done, true);
            if end || (next.is_some() && count.is_multiple_of(PROGRESS_EVERY)) {
                (progress.report)(ReadProgress {
                    reading,
                    bytes: bytes.load(Ordering::Relaxed),
                    rows: count,
                    total_bytes,
                });
            }
            next
        })))
    }
}

fn stamp(path: &Path) -> std::io::Result<(u64, Option<SystemTime>)> {
    let meta = std::fs::metadata(path)?;
    Ok((meta.len(), meta.modified().ok()))
}

/// Reads a whole payroll file in the format [`InputFormat::detect`] picks.
pub fn read_path(path: &Path) -> Result<Payroll, InputError> {
    let file = PayrollFile::open(path)?;
    let mut payroll = Payroll {
        rows: file.rows()?.collect(),
    };
    payroll.reject_duplicate_ids();
    Ok(payroll)
}

/// Reads a whole payroll from bytes. Fails whole only when the bytes cannot
/// be a payroll at all; a bad row becomes a rejected [`Row`].
pub fn read_bytes(bytes: &[u8], format: InputFormat) -> Result<Payroll, String> {
    let mut payroll = Payroll {
        rows: rows(bytes, format)?.collect(),
    };
    payroll.reject_duplicate_ids();
    Ok(payroll)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn reports_each_reading_to_the_end_of_the_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/payroll.csv");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let file = PayrollFile::open(&path)
            .unwrap()
            .with_progress(move |p| log.lock().unwrap().push(p));
        assert_eq!(file.rows().unwrap().count(), 15);
        assert_eq!(file.rows().unwrap().count(), 15);
        let size = std::fs::metadata(&path).unwrap().len();
        let last = |reading| ReadProgress {
            reading,
            bytes: size,
            rows: 15,
            total_bytes: size,
        };
        assert_eq!(*seen.lock().unwrap(), [last(1), last(2)]);
    }
}
