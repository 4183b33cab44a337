//! Reading payroll files: CSV, a JSON array, or NDJSON, all with the
//! columns of [`fields::COLUMNS`]; and bank payment files (pain.001,
//! NACHA) joined to the employee roster ([`bank`]). All but the JSON array
//! are read as streams, a row at a time, so a file of any size can be
//! scored in bounded memory.

mod amount;
pub mod bank;
pub mod columns;
pub mod countries;
mod csv;
mod currencies;
mod encoding;
pub mod fields;
mod json;
mod lines;
mod months;
#[cfg(feature = "runtime")]
mod places;

#[cfg(feature = "runtime")]
use crate::kept_ids::KeptIds;
use crate::model::{Date, Finding, Payout, RowError};
use bank::{BankFormat, EmployeeRoster, FileNote, JoinOn};
use bit_set::BitSet;
use csv::Take;
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
    /// The payout, or why the row could not be read as one. Boxed: a row
    /// is moved from the reader into a chunk and on into its report row,
    /// and a 360-byte payout in place made each move (and every row of a
    /// rejected or id-only reading) that much larger.
    pub payout: Result<Box<Payout>, RowError>,
    /// What a bank file says against the roster, shown beside the plugin's
    /// findings with no points (see [`bank::roster`]); empty for payrolls.
    pub file_findings: Vec<Finding>,
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
            .filter_map(|r| r.payout.as_deref().ok().cloned())
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
    /// An ISO 20022 pain.001 credit transfer file.
    Pain001,
    /// A NACHA ACH file.
    Nacha,
}

impl InputFormat {
    /// Every format, in the order `--input-format` lists them.
    pub const ALL: [InputFormat; 5] = [
        InputFormat::Csv,
        InputFormat::Json,
        InputFormat::Ndjson,
        InputFormat::Pain001,
        InputFormat::Nacha,
    ];

    /// The format's name, as `--input-format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Json => "json",
            InputFormat::Ndjson => "ndjson",
            InputFormat::Pain001 => "pain001",
            InputFormat::Nacha => "nacha",
        }
    }

    /// A bank file by its content (see [`BankFormat::sniff`]); else the
    /// format by extension (`.csv`, `.json`, `.ndjson`/`.jsonl`), else by
    /// the file's first non-blank character. UTF-16 `bytes` (with their
    /// byte order mark) are told by their text.
    pub fn detect(path: &Path, bytes: &[u8]) -> InputFormat {
        let bytes = &*encoding::utf8_of(bytes);
        match BankFormat::sniff(bytes) {
            Some(BankFormat::Pain001) => return InputFormat::Pain001,
            Some(BankFormat::Nacha) => return InputFormat::Nacha,
            None => {}
        }
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

    /// The bank file format this is, if it is one.
    pub fn bank(self) -> Option<BankFormat> {
        match self {
            InputFormat::Pain001 => Some(BankFormat::Pain001),
            InputFormat::Nacha => Some(BankFormat::Nacha),
            _ => None,
        }
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    /// A format by its [`InputFormat::name`].
    fn from_str(text: &str) -> Result<InputFormat, String> {
        InputFormat::ALL
            .into_iter()
            .find(|format| format.name() == text)
            .ok_or_else(|| format!("unknown input format {text:?}"))
    }
}

/// A CSV file's records read by index: each with its index, none for a
/// record stepped over.
type Taken<'a> = Box<dyn Iterator<Item = Option<(u32, Row)>> + Send + 'a>;

/// Rows in file order, as they are read.
pub type Rows<'a> = Box<dyn Iterator<Item = Row> + Send + 'a>;

/// Rows, each with where its record starts in the file, when known.
#[cfg(feature = "runtime")]
pub(crate) type PlacedRows<'a> = Box<dyn Iterator<Item = (Row, Option<u64>)> + Send + 'a>;

/// A row known by its line, ids and name alone, for a report that shows
/// no payout, of a row whose outcome pass 1 kept: its payout is an `Err`
/// with no message that carries the payout id and is never shown, as the
/// outcome replaces it.
fn ids_only_row(line: u64, payout_id: &str, employee: Option<&str>, name: Option<&str>) -> Row {
    Row {
        line,
        employee_id: employee.map(String::from),
        employee_name: name.map(String::from),
        payout: Err(RowError {
            payout_id: payout_id.into(),
            field: None,
            message: String::new(),
        }),
        file_findings: Vec::new(),
    }
}

/// Reads rows from `input`. Fails whole only when the input cannot be a
/// payroll at all (no usable CSV header, not a JSON array); a bad row
/// becomes a rejected [`Row`]. Duplicate payout ids are not looked for
/// here: that takes the whole file (see [`read_bytes`] and the scorer).
pub fn rows<'a>(input: impl BufRead + Send + 'a, format: InputFormat) -> Result<Rows<'a>, String> {
    rows_mapped(input, format, &columns::ColumnMap::default())
}

/// [`rows`] of a CSV payroll whose header `map` names in part (a mapping
/// file, `--columns`); a mapping for another format is refused, as its
/// keys are payguard's column names already.
pub fn rows_mapped<'a>(
    input: impl BufRead + Send + 'a,
    format: InputFormat,
    map: &columns::ColumnMap,
) -> Result<Rows<'a>, String> {
    mapping_fits(format, map)?;
    Ok(match format {
        InputFormat::Csv => Box::new(csv::open(input, map)?),
        InputFormat::Ndjson => Box::new(json::NdjsonRows::new(input)),
        InputFormat::Pain001 | InputFormat::Nacha => {
            return Err(
                "a bank payment file needs the employee roster: open it with PayrollFile and add one with with_roster".into(),
            );
        }
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

/// Refuses a column mapping for a format other than CSV: JSON's keys are
/// payguard's column names already.
fn mapping_fits(format: InputFormat, map: &columns::ColumnMap) -> Result<(), String> {
    if format != InputFormat::Csv && !map.is_empty() {
        return Err(format!(
            "a column mapping is for CSV files; this is read as {}, whose keys are payguard's column names",
            format.name()
        ));
    }
    Ok(())
}

/// A payroll file that can be read more than once, as two-pass scoring
/// does. It refuses to be read again if it changed in between.
#[derive(Debug, Clone)]
pub struct PayrollFile {
    path: PathBuf,
    format: InputFormat,
    stamp: (u64, Option<SystemTime>),
    /// What the file is written in, read as UTF-8: UTF-16 by its byte
    /// order mark, or what the caller says (see
    /// [`PayrollFile::with_encoding`]); none for UTF-8.
    encoding: Option<&'static encoding_rs::Encoding>,
    /// The file starts with a byte order mark, which says its encoding.
    marked: bool,
    progress: Option<Progress>,
    bank: Option<Arc<BankJoin>>,
    /// The user's names for a CSV file's columns.
    columns: Arc<columns::ColumnMap>,
}

/// A bank file's roster, join key and prenotes.
#[derive(Debug)]
struct BankJoin {
    roster: EmployeeRoster,
    on: JoinOn,
    /// The accounts the file's prenotes announce, with the prenote's day
    /// and line; found by the first reading ([`PayrollFile::check`]).
    prenotes: std::sync::OnceLock<HashMap<String, (Option<Date>, u64)>>,
}

/// What [`PayrollFile::check`] counted: every entry of the file is a
/// transfer (scored or rejected) or skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileTally {
    pub transfers: u64,
    pub skipped: u64,
    pub checks: u64,
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
    /// Bytes read so far in the current reading.
    bytes: Arc<AtomicU64>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// The buffer a payroll file is read through, and a CSV reader's own.
const FILE_BUFFER: usize = 1 << 20;

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
        PayrollFile::open_as(path, None)
    }

    /// Opens `path` as `format`, or as [`InputFormat::detect`] says.
    pub fn open_as(path: &Path, format: Option<InputFormat>) -> Result<PayrollFile, InputError> {
        let io = |source| InputError::Io {
            path: path.into(),
            source,
        };
        let mut reader = BufReader::new(File::open(path).map_err(io)?);
        let start = reader.fill_buf().map_err(io)?;
        let (encoding, marked) = (encoding::utf16(start), encoding::marked(start));
        let format = match format {
            Some(format) => format,
            None => InputFormat::detect(path, start),
        };
        Ok(PayrollFile {
            path: path.into(),
            format,
            stamp: stamp(path).map_err(io)?,
            encoding,
            marked,
            progress: None,
            bank: None,
            columns: Arc::default(),
        })
    }

    /// Reads a CSV file's header under `map` (`--columns`): the user's
    /// names for payguard's columns. Refused for other formats, whose
    /// keys are payguard's names.
    pub fn with_columns(mut self, map: columns::ColumnMap) -> Result<Self, InputError> {
        mapping_fits(self.format, &map).map_err(|e| self.error(e))?;
        self.columns = Arc::new(map);
        Ok(self)
    }

    /// Whether the file has no payout_id column, so each row's id is made
    /// from its line (`line-N`).
    pub fn payout_ids_made(&self) -> Result<bool, InputError> {
        if self.format != InputFormat::Csv {
            return Ok(false);
        }
        Ok(self.csv_records()?.made_ids())
    }

    /// The file's format.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// Reads the file as written in `label`'s encoding (a WHATWG label:
    /// `windows-1252`, `iso-8859-2`, `shift_jis`), as Excel's "CSV (Comma
    /// delimited)" saves in the Windows code page. A byte order mark
    /// decides over it: a file that starts with one is UTF-8 or UTF-16.
    /// Refused for a bank file, which says its own: pain.001's XML
    /// declaration, and NACHA's fixed columns of bytes (a name's Latin-1
    /// letters are read in place), which decoding would move.
    pub fn with_encoding(mut self, label: &str) -> Result<Self, InputError> {
        if let Some(bank) = self.format.bank() {
            return Err(self.error(format!(
                "an encoding is for payroll files (CSV, JSON, NDJSON); a {} file is read as its format says",
                bank.name()
            )));
        }
        let written = encoding::labelled(label).map_err(|e| self.error(e))?;
        if !self.marked {
            self.encoding = written;
        }
        Ok(self)
    }

    /// Joins a bank file's transfers to `roster` on `on` (default: the
    /// format's, see [`JoinOn::default_for`]). Refused for a payroll file,
    /// whose rows name their employees already.
    pub fn with_roster(
        mut self,
        roster: EmployeeRoster,
        on: Option<JoinOn>,
    ) -> Result<Self, InputError> {
        let Some(bank) = self.format.bank() else {
            return Err(self.error(
                "a roster is for bank payment files (pain.001, NACHA); a payroll file names its employees itself".into(),
            ));
        };
        self.bank = Some(Arc::new(BankJoin {
            roster,
            on: on.unwrap_or(JoinOn::default_for(bank)),
            prenotes: std::sync::OnceLock::new(),
        }));
        Ok(self)
    }

    fn error(&self, message: String) -> InputError {
        InputError::Format {
            path: self.path.clone(),
            message,
        }
    }

    /// Reads a bank file once for what is not a payout: each skipped entry
    /// and each failed file check goes to `note`, in file order; the
    /// accounts prenotes announce are kept for scoring. A payroll file has
    /// none of these.
    pub fn check(&self, mut note: impl FnMut(FileNote)) -> Result<FileTally, InputError> {
        let mut tally = FileTally::default();
        let (Some(format), Some(join)) = (self.format.bank(), &self.bank) else {
            return Ok(tally);
        };
        let mut prenotes = HashMap::new();
        for item in self.counted(bank::items(self.reader()?, format)) {
            survey(item, &mut tally, &mut prenotes, &mut note);
        }
        let _ = join.prenotes.set(prenotes);
        Ok(tally)
    }

    /// Calls `report` as each reading of the file goes on (a progress bar).
    pub fn with_progress(mut self, report: impl Fn(ReadProgress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Progress {
            report: Arc::new(report),
            readings: Arc::new(AtomicU32::new(0)),
            bytes: Arc::new(AtomicU64::new(0)),
        });
        self
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A CSV file's records from the start, its header read under the
    /// file's column names.
    fn csv_records(&self) -> Result<csv::CsvRows<Box<dyn BufRead + Send>>, InputError> {
        csv::open_file(self.reader()?, &self.columns, FILE_BUFFER).map_err(|m| self.error(m))
    }

    /// The file from the start, unless it changed since it was opened;
    /// counted for the progress report when there is one.
    fn reader(&self) -> Result<Box<dyn BufRead + Send>, InputError> {
        let io = |source| InputError::Io {
            path: self.path.clone(),
            source,
        };
        let file = File::open(&self.path).map_err(io)?;
        if stamp(&self.path).map_err(io)? != self.stamp {
            return Err(self.error("the file changed while it was being scored".into()));
        }
        // Large buffers: the file is read sequentially, twice.
        let file: Box<dyn std::io::Read + Send> = match &self.progress {
            None => Box::new(file),
            Some(progress) => {
                progress.bytes.store(0, Ordering::Relaxed);
                Box::new(Counting {
                    inner: file,
                    bytes: progress.bytes.clone(),
                })
            }
        };
        Ok(match self.encoding {
            None => Box::new(BufReader::with_capacity(FILE_BUFFER, file)),
            Some(written) => Box::new(BufReader::with_capacity(
                FILE_BUFFER,
                encoding::as_utf8(file, written),
            )),
        })
    }

    /// Reads the file's rows from the start.
    pub fn rows(&self) -> Result<Rows<'static>, InputError> {
        let inner = match (self.format.bank(), &self.bank) {
            (None, _) if self.format == InputFormat::Csv => Box::new(self.csv_records()?),
            (None, _) => rows(self.reader()?, self.format).map_err(|m| self.error(m))?,
            (Some(format), None) => {
                return Err(self.error(format!(
                    "a {} file names no employee: pass the employee roster (--roster FILE, a CSV with employee_id, employee_name, residence_country)",
                    format.name()
                )));
            }
            (Some(format), Some(join)) => {
                if join.prenotes.get().is_none() {
                    self.check(|_| {})?;
                }
                let join = join.clone();
                Box::new(bank::items(self.reader()?, format).filter_map(move |item| {
                    let prenotes = join.prenotes.get().expect("checked above");
                    joined(item, &join.roster, join.on, prenotes)
                }))
            }
        };
        Ok(self.counted(inner))
    }

    /// The rows at the indices `wanted` (ascending), read again from the
    /// start, with their indices; it ends after the last one. A CSV
    /// file's other records are only stepped over, never decoded: the
    /// second reading of two-pass scoring wants only the rows that share a
    /// key or an id with another.
    pub fn reread(
        &self,
        wanted: Vec<u32>,
    ) -> Result<Box<dyn Iterator<Item = (u32, Row)> + Send>, InputError> {
        if self.format == InputFormat::Csv {
            let mut next = 0_usize;
            let stepped = self.csv_taken(move |here| {
                let want = *wanted.get(next)?;
                Some(if here == want {
                    next += 1;
                    Take::Whole
                } else {
                    Take::Skip
                })
            })?;
            return Ok(Box::new(stepped.flatten()));
        }
        let mut rows = self.rows()?.zip(0_u32..);
        let mut wanted = wanted.into_iter().peekable();
        Ok(Box::new(std::iter::from_fn(move || {
            loop {
                let want = *wanted.peek()?;
                let (row, here) = rows.next()?;
                if here == want {
                    wanted.next();
                    return Some((here, row));
                }
            }
        })))
    }

    /// The file's rows from the start, as [`PayrollFile::rows`] reads
    /// them, each with where its record starts in the file when the file
    /// is a CSV file on disk (where [`PayrollFile::report_rows_kept`]
    /// reads it again).
    #[cfg(feature = "runtime")]
    pub(crate) fn placed_rows(&self) -> Result<PlacedRows<'static>, InputError> {
        // A pipe or a device cannot be read at a place, nor a file read
        // through a decoder (its places are the decoded text's): read
        // through.
        let seekable = std::fs::metadata(&self.path).is_ok_and(|m| m.is_file());
        if self.format != InputFormat::Csv || !seekable || self.encoding.is_some() {
            return Ok(Box::new(self.rows()?.map(|row| (row, None))));
        }
        let mut records = self.csv_records()?;
        let placed = std::iter::from_fn(move || {
            let row = records.next()?;
            Some((row, Some(records.place())))
        });
        Ok(self.counted(Box::new(placed)))
    }

    /// A CSV file's `count` rows from the start, for a report without
    /// payouts, from what pass 1 kept of each (`kept`: every row, with its
    /// place): a row whose index `ids_only` holds is made from its kept
    /// line, ids and name, as [`PayrollFile::report_rows`] reads it; only
    /// the others' records are read again, whole, at their places.
    #[cfg(feature = "runtime")]
    pub(crate) fn report_rows_kept<'a>(
        &self,
        ids_only: &'a BitSet,
        kept: &'a KeptIds,
        count: u32,
    ) -> Result<Rows<'a>, InputError> {
        let io = |source| InputError::Io {
            path: self.path.clone(),
            source,
        };
        let file = File::open(&self.path).map_err(io)?;
        // The header again, for its columns; it checks the file's stamp.
        let header = self.csv_records()?;
        let size = self.stamp.0;
        // Each row's place, then the file's end: a row's record runs to
        // where the next starts, the last one's to the end.
        let places = move || {
            let places = kept.places().map(move |place| place.unwrap_or(size));
            places.chain(std::iter::once(size)).peekable()
        };
        let mut starts = places();
        let ranges = (0..count).filter_map(move |row| {
            let (start, end) = (starts.next()?, *starts.peek()?);
            (!ids_only.contains(row as usize)).then_some((start, end))
        });
        let mut records = header.placed(places::Gather::new(file, ranges));
        let bytes = self.progress.as_ref().map(|p| p.bytes.clone());
        let mut ends = places().skip(1);
        let rows = kept.iter().zip(0..count).map(move |(k, row)| {
            if let Some(bytes) = &bytes
                && let Some(end) = ends.next()
            {
                bytes.store(end, Ordering::Relaxed);
            }
            if !ids_only.contains(row as usize) {
                return records.next(k.line);
            }
            Some(ids_only_row(k.line, k.payout_id, k.employee, k.name))
        });
        let rows = rows.map_while(|row| row);
        Ok(self.counted(Box::new(rows)))
    }

    /// The file's rows from the start, for the report: as
    /// [`PayrollFile::rows`] reads them, except that a CSV file's row
    /// whose index `ids_only` holds is read for its line and ids alone
    /// (its payout an `Err` with no message, which its kept outcome
    /// replaces).
    #[cfg_attr(not(feature = "runtime"), allow(dead_code))]
    pub(crate) fn report_rows<'a>(&self, ids_only: &'a BitSet) -> Result<Rows<'a>, InputError> {
        if self.format != InputFormat::Csv || ids_only.is_empty() {
            return self.rows();
        }
        let rows = self.csv_taken(move |here| {
            Some(match ids_only.contains(here as usize) {
                true => Take::Ids,
                false => Take::Whole,
            })
        })?;
        Ok(Box::new(rows.map(|row| {
            row.expect("a row is read unless stepped over").1
        })))
    }

    /// A CSV file's records from the start, each read as `take` says of
    /// its index and given with it (none for a record stepped over), until
    /// `take` answers none; counted for the progress report.
    fn csv_taken<'a>(
        &self,
        mut take: impl FnMut(u32) -> Option<Take> + Send + 'a,
    ) -> Result<Taken<'a>, InputError> {
        let mut records = self.csv_records()?;
        let mut index = 0_u32;
        let taken = std::iter::from_fn(move || {
            let here = index;
            let row = records.next_as(take(here)?)?;
            index = index.saturating_add(1);
            Some(row.map(|row| (here, row)))
        });
        Ok(self.counted(Box::new(taken)))
    }

    /// `inner` as it is, or reporting to the progress callback every few
    /// thousand items and at its end.
    fn counted<'a, T: 'a>(
        &self,
        mut inner: Box<dyn Iterator<Item = T> + Send + 'a>,
    ) -> Box<dyn Iterator<Item = T> + Send + 'a> {
        let Some(progress) = self.progress.clone() else {
            return inner;
        };
        let bytes = progress.bytes.clone();
        let reading = progress.readings.fetch_add(1, Ordering::Relaxed) + 1;
        let total_bytes = self.stamp.0;
        let mut count = 0_u64;
        let mut done = false;
        Box::new(std::iter::from_fn(move || {
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
        }))
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

/// Prenotes: the account each announces, with its day and line.
type Prenotes = HashMap<String, (Option<Date>, u64)>;

/// One item of a bank file's first reading: counted, a note handed to
/// `note`, a prenote's account kept.
fn survey(
    item: bank::Item,
    tally: &mut FileTally,
    prenotes: &mut Prenotes,
    note: &mut impl FnMut(FileNote),
) {
    match item {
        bank::Item::Transfer(_) => tally.transfers += 1,
        bank::Item::Skipped { entry, announces } => {
            tally.skipped += 1;
            if let Some((key, day)) = announces {
                prenotes.entry(key).or_insert((day, entry.line));
            }
            note(FileNote::Skipped(entry));
        }
        bank::Item::Check(check) => {
            tally.checks += 1;
            note(FileNote::FileCheck(check));
        }
    }
}

/// The row a transfer of the second reading makes, joined to `roster`;
/// none for anything else.
fn joined(
    item: bank::Item,
    roster: &EmployeeRoster,
    on: JoinOn,
    prenotes: &Prenotes,
) -> Option<Row> {
    match item {
        bank::Item::Transfer(transfer) => Some(roster.join(on, *transfer, prenotes)),
        _ => None,
    }
}

/// Reads a whole bank payment file from bytes, joined to `roster` on `on`
/// (default: the format's): its notes (skipped entries, failed file
/// checks) and its rows, each in file order, as [`PayrollFile`] reads a
/// file, for hosts without files (the Node package's reader).
pub fn read_bank_bytes(
    bytes: &[u8],
    format: bank::BankFormat,
    roster: &EmployeeRoster,
    on: Option<JoinOn>,
) -> (Vec<FileNote>, Payroll) {
    let on = on.unwrap_or(JoinOn::default_for(format));
    let bytes = &*encoding::utf8_of(bytes);
    let (mut notes, mut tally, mut prenotes) = (Vec::new(), FileTally::default(), Prenotes::new());
    for item in bank::items(bytes, format) {
        survey(item, &mut tally, &mut prenotes, &mut |n| notes.push(n));
    }
    let rows = bank::items(bytes, format)
        .filter_map(|item| joined(item, roster, on, &prenotes))
        .collect();
    let mut payroll = Payroll { rows };
    payroll.reject_duplicate_ids();
    (notes, payroll)
}

/// Reads one payout given as a JSON object of the payroll's columns (line
/// 1). Fails when the bytes are not one object; a bad field is a rejected
/// [`Row`].
pub fn read_object(bytes: &[u8]) -> Result<Row, String> {
    json::read_object(bytes)
}

/// Reads a whole payroll from bytes (UTF-8, or UTF-16 with its byte order
/// mark). Fails whole only when the bytes cannot be a payroll at all; a
/// bad row becomes a rejected [`Row`].
pub fn read_bytes(bytes: &[u8], format: InputFormat) -> Result<Payroll, String> {
    read_bytes_mapped(bytes, format, &columns::ColumnMap::default())
}

/// [`read_bytes`] of a payroll whose header `map` names in part (see
/// [`rows_mapped`]).
pub fn read_bytes_mapped(
    bytes: &[u8],
    format: InputFormat,
    map: &columns::ColumnMap,
) -> Result<Payroll, String> {
    let mut payroll = Payroll {
        rows: rows_mapped(&*encoding::utf8_of(bytes), format, map)?.collect(),
    };
    payroll.reject_duplicate_ids();
    Ok(payroll)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A UTF-8 byte-order mark.
    #[cfg(feature = "runtime")]
    const BOM: &[u8] = "\u{feff}".as_bytes();

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

    /// Reads the rows of the file at `path` again at the places a first
    /// reading kept, in chunks of `chunk` rows, for a few choices of the
    /// rows made from their kept ids, and checks them against the readings
    /// in order; returns the rows.
    #[cfg(feature = "runtime")]
    fn read_at_places(path: &Path, chunk: usize) -> Vec<Row> {
        use crate::kept_ids::IdsBudget;
        let file = PayrollFile::open(path).unwrap();
        let placed: Vec<(Row, Option<u64>)> = file.placed_rows().unwrap().collect();
        let rows: Vec<Row> = placed.iter().map(|(row, _)| row.clone()).collect();
        let budget = IdsBudget::new(1 << 20);
        let mut kept = KeptIds::default();
        for (first, part) in (0..).step_by(chunk).zip(placed.chunks(chunk)) {
            let (rows, places): (Vec<Row>, Vec<u64>) =
                part.iter().map(|(r, p)| (r.clone(), p.unwrap())).unzip();
            kept.push(budget.keep(first, &rows, &places), &budget);
        }
        assert!(kept.placed() || rows.is_empty());
        // Only a readable row's outcome is kept, so only such a row is
        // made from its ids.
        let readable: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].payout.is_ok())
            .collect();
        let every_other = readable.iter().step_by(2).copied().collect();
        for ids_only in [vec![], every_other, readable] {
            let ids_only: BitSet = ids_only.into_iter().collect();
            let count = rows.len() as u32;
            let again: Vec<Row> = file
                .report_rows_kept(&ids_only, &kept, count)
                .unwrap()
                .collect();
            let stepped: Vec<Row> = file.report_rows(&ids_only).unwrap().collect();
            assert_eq!(again, stepped, "{ids_only:?} for ids only");
            for (row, (again, first)) in again.iter().zip(&rows).enumerate() {
                if !ids_only.contains(row) {
                    assert_eq!(again, first, "row {row}");
                }
            }
        }
        rows
    }

    /// Reading rows again at the places the first reading kept gives what
    /// reading the file through again gives, whatever the records hold.
    #[cfg(feature = "runtime")]
    #[test]
    fn rows_read_at_their_places_are_the_rows_read_in_order() {
        // Quoted line breaks, CRLF and lone CR endings, a record that is
        // not UTF-8, a short record and blank lines; then with a
        // byte-order mark and without the last line's end.
        let awkward =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/awkward_records.csv");
        let csv = std::fs::read(awkward).unwrap();
        let dir = std::env::temp_dir().join(format!("payguard-places-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let unended = &csv[..csv.len() - 1];
        for (name, bytes, hint) in [
            ("marked.csv", [BOM, &csv].concat(), 0),
            ("unended.csv", unended.to_vec(), 0),
            // Excel's separator hint on a line of its own before the header.
            ("hinted.csv", [BOM, b"sep=,\r\n", &csv].concat(), 1),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            let rows = read_at_places(&path, 2);
            let lines: Vec<u64> = rows.iter().map(|r| r.line - hint).collect();
            assert_eq!(lines, [2, 4, 5, 6, 8, 11], "{name}");
            // P-2 and P-6 are readable (a line break in a field is a
            // control character, and rejects its row).
            let readable: Vec<bool> = rows.iter().map(|r| r.payout.is_ok()).collect();
            assert_eq!(readable, [false, true, false, false, false, true], "{name}");
        }
        // Records of blank fields, as Excel leaves cleared rows, after P-2
        // and at the end: no rows, but inside the places of the rows before
        // them, so the reading at places steps over them too.
        let after = csv.windows(6).position(|w| w == b"plain\n").unwrap() + 6;
        let cleared = [&csv[..after], b",,,,,,,\r\n", &csv[after..], b" , ,\t\n,\n"].concat();
        let path = dir.join("cleared.csv");
        std::fs::write(&path, cleared).unwrap();
        let lines: Vec<u64> = read_at_places(&path, 2).iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6, 7, 9, 12]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A field as an export may write it: plain, quoted around commas,
    /// quotes and line ends, or not UTF-8.
    #[cfg(feature = "runtime")]
    fn any_field() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        prop_oneof![
            4 => "[A-Za-z ]{0,6}".prop_map(String::into_bytes),
            2 => "[a-z,\"\r\n ]{0,6}"
                .prop_map(|s| format!("\"{}\"", s.replace('"', "\"\"")).into_bytes()),
            1 => Just(b"Caf\xe9".to_vec()),
        ]
    }

    #[cfg(feature = "runtime")]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Records of any such fields, short or whole, between blank
        /// lines, with any line end and with or without a byte-order mark
        /// and a last line end, read again at their places as in order.
        #[test]
        fn any_records_read_again_at_their_places_read_as_in_order(
            records in proptest::collection::vec(
                (any_field(), any_field(), proptest::bool::weighted(0.1), 0..2_usize),
                0..10,
            ),
            ending in proptest::sample::select(vec!["\n", "\r\n", "\r"]),
            marked: bool,
            last_ended: bool,
            chunk in 1..4_usize,
        ) {
            let mut csv = if marked { BOM.to_vec() } else { Vec::new() };
            csv.extend_from_slice(b"payout_id,employee_id,employee_name,residence_country,amount,currency,iban,reference");
            for (i, (name, reference, short, blank)) in records.iter().enumerate() {
                csv.extend_from_slice(ending.repeat(1 + blank).as_bytes());
                csv.extend_from_slice(format!("P-{i},E-{i},").as_bytes());
                if *short {
                    continue;
                }
                csv.extend_from_slice(name);
                csv.extend_from_slice(b",DE,10.00,EUR,DE89370400440532013000,");
                csv.extend_from_slice(reference);
            }
            if last_ended {
                csv.extend_from_slice(ending.as_bytes());
            }
            let path = std::env::temp_dir().join(format!(
                "payguard-any-places-{}-{:?}.csv",
                std::process::id(),
                std::thread::current().id()
            ));
            std::fs::write(&path, &csv).unwrap();
            let rows = read_at_places(&path, chunk);
            std::fs::remove_file(&path).unwrap();
            proptest::prop_assert_eq!(rows.len(), records.len());
        }
    }
}
