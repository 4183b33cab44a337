//! CSV payrolls: a header row naming the columns, in any order, as
//! payguard or the export names them ([`columns`](super::columns));
//! columns payguard does not know are ignored. Read as a stream, one
//! record at a time.

use super::Row;
use super::columns::{self, ColumnMap};
use super::fields::{self, Column, Fields};
use super::lines::LineCounter;
use crate::model::RowError;
use std::io::BufRead;

/// How much of a record to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Nothing: the record is stepped over.
    Skip,
    /// Its line and ids alone (see [`ids_row`]).
    #[cfg_attr(not(feature = "runtime"), allow(dead_code))]
    Ids,
    /// The whole row.
    Whole,
}

/// The rows of a CSV payroll, read one record at a time.
pub struct CsvRows<R: BufRead> {
    reader: csv::Reader<LineCounter<R>>,
    /// Where each known column is in a record.
    index: Vec<(Column, usize)>,
    /// The file has no payout_id: ids are made from lines.
    made_ids: bool,
    record: csv::ByteRecord,
    done: bool,
    /// Where the last record read starts in the input, in bytes.
    place: u64,
}

/// Reads the header under `map`; fails only when it is unusable.
pub fn open<R: BufRead>(input: R, map: &ColumnMap) -> Result<CsvRows<R>, String> {
    open_buffered(input, map, splitting())
}

/// How every reading of a payroll splits its records, so that a record
/// read again alone ([`CsvRows::placed`]) splits as it did the first
/// time: records of any length (a short one is rejected by the fields it
/// lacks, not by the reader).
fn splitting() -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.flexible(true);
    builder
}

/// [`open`] for a file read through a buffer of `capacity` bytes. The CSV
/// reader buffers its input again: at the same size, each read bypasses
/// the file's buffer instead of being copied out of it.
pub fn open_file<R: BufRead>(
    input: R,
    map: &ColumnMap,
    capacity: usize,
) -> Result<CsvRows<R>, String> {
    let mut builder = splitting();
    builder.buffer_capacity(capacity);
    open_buffered(input, map, builder)
}

fn open_buffered<R: BufRead>(
    input: R,
    map: &ColumnMap,
    builder: csv::ReaderBuilder,
) -> Result<CsvRows<R>, String> {
    let mut reader = builder.from_reader(LineCounter::new(input));
    let header = reader
        .byte_headers()
        .map_err(|e| format!("cannot read the CSV header: {e}"))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    let resolved = columns::resolve(&names, map)?;
    Ok(CsvRows {
        reader,
        index: resolved.index,
        made_ids: resolved.made_ids,
        record: csv::ByteRecord::new(),
        done: false,
        place: 0,
    })
}

impl<R: BufRead> CsvRows<R> {
    /// Whether the header has no payout_id, so ids are made from lines.
    pub fn made_ids(&self) -> bool {
        self.made_ids
    }

    /// Where the record [`CsvRows::next_as`] last read (or stepped over)
    /// starts in the input, in bytes: where [`PlacedRecords`] reads it again.
    #[cfg(feature = "runtime")]
    pub fn place(&self) -> u64 {
        self.place
    }

    /// A reader of this file's records again, whole, from `records`: the
    /// bytes of each wanted record, one after another (see
    /// [`super::places::Gather`]), its columns as this reading's header
    /// placed them.
    #[cfg(feature = "runtime")]
    pub fn placed<G: std::io::Read>(&self, records: G) -> PlacedRecords<G> {
        PlacedRecords {
            reader: splitting().has_headers(false).from_reader(records),
            index: self.index.clone(),
            made_ids: self.made_ids,
            record: csv::ByteRecord::new(),
        }
    }

    /// Steps to the next record: `Some(Some(row))` read as `take` says,
    /// `Some(None)` for a record only stepped over (its fields are not
    /// decoded, which is most of a row's cost), `None` at the end. A bad
    /// record is one row too, as [`Iterator::next`] gives it.
    pub fn next_as(&mut self, take: Take) -> Option<Option<Row>> {
        let wanted = take != Take::Skip;
        if self.done {
            return None;
        }
        let before = self.reader.position().byte();
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let at = self.record.position().map_or(before, |p| p.byte());
                self.place = self.reader.get_ref().in_input(at);
                // Every record's line is asked for, wanted or not, so the
                // line counter forgets the terminators behind it.
                let line = self.reader.get_mut().line_of(at);
                Some(match take {
                    Take::Skip => None,
                    Take::Ids => Some(ids_row(line, &self.record, &self.index, self.made_ids)),
                    Take::Whole => Some(row(line, &self.record, &self.index, self.made_ids)),
                })
            }
            Err(e) => {
                let at = e.position().map_or(before, |p| p.byte());
                self.place = self.reader.get_ref().in_input(at);
                let line = self.reader.get_mut().line_of(at);
                // A bad record is one row; anything else ends the file.
                self.done = !matches!(
                    e.kind(),
                    csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }
                );
                Some(wanted.then(|| unreadable(line, &e)))
            }
        }
    }
}

impl<R: BufRead> Iterator for CsvRows<R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        self.next_as(Take::Whole)
            .map(|row| row.expect("a wanted row is read"))
    }
}

/// A CSV file's records read again, each whole, from a stream of them
/// alone: the second reading of two-pass scoring, for the rows it judges
/// again, with their lines known from the first.
#[cfg(feature = "runtime")]
pub struct PlacedRecords<R: std::io::Read> {
    reader: csv::Reader<R>,
    index: Vec<(Column, usize)>,
    made_ids: bool,
    record: csv::ByteRecord,
}

#[cfg(feature = "runtime")]
impl<R: std::io::Read> PlacedRecords<R> {
    /// The next record's row, read whole, at `line`; none once the stream
    /// ends or fails to be read: a reading that stops short fails the run
    /// (the rows no longer count what the first reading counted), as a
    /// first reading's does.
    pub fn next(&mut self, line: u64) -> Option<Row> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => Some(row(line, &self.record, &self.index, self.made_ids)),
            Err(e) if e.is_io_error() => None,
            Err(e) => Some(unreadable(line, &e)),
        }
    }
}

/// The row of a record at `line` the CSV reader could not read.
fn unreadable(line: u64, e: &csv::Error) -> Row {
    Row {
        line,
        employee_id: None,
        employee_name: None,
        payout: Err(RowError {
            payout_id: String::new(),
            field: None,
            message: format!("unreadable CSV: {e}"),
        }),
        file_findings: Vec::new(),
    }
}

/// A row read for its line, payout id, employee id and name alone, for
/// a report that shows no payout, of a row whose outcome pass 1 kept: it
/// was read whole and judged then (see [`super::ids_only_row`]).
fn ids_row(line: u64, record: &csv::ByteRecord, index: &[(Column, usize)], made_ids: bool) -> Row {
    let mut fields = Fields::default();
    let made = made_ids.then(|| columns::made_id(line));
    if let Some(id) = &made {
        fields.set(Column::PayoutId, id);
    }
    for &(column, i) in index {
        if matches!(
            column,
            Column::PayoutId | Column::EmployeeId | Column::EmployeeName
        ) && let Some(text) = record.get(i).and_then(|raw| std::str::from_utf8(raw).ok())
        {
            fields.set(column, text);
        }
    }
    super::ids_only_row(
        line,
        fields.get(Column::PayoutId).unwrap_or_default(),
        fields.get(Column::EmployeeId),
        fields.get(Column::EmployeeName),
    )
}

fn row(line: u64, record: &csv::ByteRecord, index: &[(Column, usize)], made_ids: bool) -> Row {
    // Each field is borrowed from the record. The record's fields are one
    // buffer: when all of it is UTF-8 and no field cuts a character, every
    // field is, and one check and one scan for control characters cover
    // them all. Otherwise each field is decoded alone, and the first that
    // is not UTF-8, in column order, rejects the row.
    let mut fields = Fields::default();
    let made = made_ids.then(|| columns::made_id(line));
    if let Some(id) = &made {
        fields.set(Column::PayoutId, id);
    }
    let mut bad_utf8 = None;
    let whole = std::str::from_utf8(record.as_slice())
        .ok()
        .filter(|text| (0..record.len()).all(|i| within(text, record.range(i))));
    match whole {
        Some(text) => {
            for &(column, i) in index {
                if let Some(range) = record.range(i) {
                    fields.set(column, &text[range]);
                }
            }
            if !fields::has_control_bytes(text.as_bytes()) {
                fields.scanned_for_controls();
            }
        }
        None => {
            for &(column, i) in index {
                let Some(raw) = record.get(i) else { continue };
                match std::str::from_utf8(raw) {
                    Ok(text) => fields.set(column, text),
                    Err(_) => {
                        bad_utf8.get_or_insert(column);
                    }
                }
            }
        }
    }
    let payout = match bad_utf8 {
        Some(column) => Err(RowError {
            payout_id: fields.get(Column::PayoutId).unwrap_or_default().into(),
            field: Some(column.name().into()),
            message: "is not valid UTF-8".into(),
        }),
        None => fields::payout(&fields),
    };
    Row {
        line,
        employee_id: fields.get(Column::EmployeeId).map(String::from),
        employee_name: fields.get(Column::EmployeeName).map(String::from),
        payout,
        file_findings: Vec::new(),
    }
}

/// Whether `range` of `text` starts and ends on characters' boundaries.
fn within(text: &str, range: Option<std::ops::Range<usize>>) -> bool {
    range.is_some_and(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end))
}

#[cfg(all(test, feature = "runtime"))]
mod tests {
    use super::*;

    /// A file whose reading fails.
    struct Failing;

    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("the disk went away"))
        }
    }

    #[test]
    fn a_reading_at_places_ends_where_the_file_fails() {
        let header = "payout_id,employee_id,employee_name,residence_country,amount,currency,iban\n";
        let first = open(header.as_bytes(), &ColumnMap::default()).unwrap();
        let record = "P1,E1,Ana Lima,PT,10.00,EUR,PT50000201231234567890154\n";
        let mut again = first.placed(record.as_bytes());
        let row = again.next(2).unwrap();
        assert_eq!((row.line, row.employee_id.as_deref()), (2, Some("E1")));
        assert!(row.payout.is_ok());
        assert_eq!(again.next(3), None);
        // Not a row rejected as unreadable: the reading stops short, and
        // the run fails on its count.
        assert_eq!(first.placed(Failing).next(2), None);
    }
}
