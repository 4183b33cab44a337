//! CSV payrolls: a header row naming the columns, in any order, as
//! payguard or the export names them ([`columns`](super::columns));
//! columns payguard does not know are ignored. Read as a stream, one
//! record at a time. Fields are split by commas, or by the semicolons
//! or tabs the header is split by (spreadsheets in most of Europe export
//! semicolons); in such a file an amount may have a decimal comma
//! (see `amount::readable`).

use super::Row;
use super::columns::{self, ColumnMap, NameCells, Resolved};
use super::fields::{self, Column, Fields};
use super::lines::{self, LineCounter};
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
    layout: Resolved,
    record: csv::ByteRecord,
    done: bool,
    /// Where the last record read starts in the input, in bytes.
    place: u64,
    /// What splits the fields: a comma, or the header's semicolon or tab.
    delimiter: u8,
}

/// Reads the header under `map`; fails only when it is unusable.
pub fn open<R: BufRead>(input: R, map: &ColumnMap) -> Result<CsvRows<R>, String> {
    open_buffered(input, map, None)
}

/// How every reading of a payroll splits its records, so that a record
/// read again alone ([`CsvRows::placed`]) splits as it did the first
/// time: by `delimiter`, records of any length (a short one is rejected
/// by the fields it lacks, not by the reader).
fn splitting(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.flexible(true).delimiter(delimiter);
    builder
}

/// What splits the fields of the CSV text `start` begins: the separator
/// Excel's first-line hint names (`sep=;`), else of comma, semicolon and
/// tab, the one its first line (the header) holds most of outside quotes,
/// a comma on a tie or when the line holds none. Only the header is asked:
/// an amount's decimal comma in a row must not decide.
fn delimiter_of(start: &[u8]) -> u8 {
    if let Some((separator, _)) = lines::separator_hint(start) {
        return separator;
    }
    let mut counts = [0_usize; 3];
    let mut quoted = false;
    for &b in start {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    match (
        semicolon > comma && semicolon >= tab,
        tab > comma && tab > semicolon,
    ) {
        (true, _) => b';',
        (_, true) => b'\t',
        _ => b',',
    }
}

/// [`open`] for a file read through a buffer of `capacity` bytes. The CSV
/// reader buffers its input again: at the same size, each read bypasses
/// the file's buffer instead of being copied out of it.
pub fn open_file<R: BufRead>(
    input: R,
    map: &ColumnMap,
    capacity: usize,
) -> Result<CsvRows<R>, String> {
    open_buffered(input, map, Some(capacity))
}

fn open_buffered<R: BufRead>(
    mut input: R,
    map: &ColumnMap,
    capacity: Option<usize>,
) -> Result<CsvRows<R>, String> {
    // The header is in the input's buffer (a file's is a megabyte): looked
    // at, not consumed. One that passes the buffer is split by commas.
    let delimiter = delimiter_of(
        input
            .fill_buf()
            .map_err(|e| format!("cannot read the CSV header: {e}"))?,
    );
    let mut builder = splitting(delimiter);
    if let Some(capacity) = capacity {
        builder.buffer_capacity(capacity);
    }
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
        layout: resolved,
        record: csv::ByteRecord::new(),
        done: false,
        place: 0,
        delimiter,
    })
}

impl<R: BufRead> CsvRows<R> {
    /// Whether the header has no payout_id, so ids are made from lines.
    pub fn made_ids(&self) -> bool {
        self.layout.made_ids
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
            reader: splitting(self.delimiter)
                .has_headers(false)
                .from_reader(records),
            layout: self.layout.clone(),
            record: csv::ByteRecord::new(),
            delimiter: self.delimiter,
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
        match read_filled(&mut self.reader, &mut self.record) {
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
                    Take::Ids => Some(ids_row(line, &self.record, &self.layout)),
                    Take::Whole => Some(row(line, &self.record, &self.layout, self.delimiter)),
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
    layout: Resolved,
    record: csv::ByteRecord,
    delimiter: u8,
}

#[cfg(feature = "runtime")]
impl<R: std::io::Read> PlacedRecords<R> {
    /// The next record's row, read whole, at `line`; none once the stream
    /// ends or fails to be read: a reading that stops short fails the run
    /// (the rows no longer count what the first reading counted), as a
    /// first reading's does.
    pub fn next(&mut self, line: u64) -> Option<Row> {
        match read_filled(&mut self.reader, &mut self.record) {
            Ok(false) => None,
            Ok(true) => Some(row(line, &self.record, &self.layout, self.delimiter)),
            Err(e) if e.is_io_error() => None,
            Err(e) => Some(unreadable(line, &e)),
        }
    }
}

/// Reads into `record` the next record that holds anything: one whose
/// every field is blank (Excel saves `,,,,` where rows were cleared, and
/// ends many exports so) is stepped over as a blank line is, by every
/// reading alike, and is no row.
fn read_filled<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
) -> csv::Result<bool> {
    loop {
        let read = reader.read_byte_record(record)?;
        let blank = || {
            record
                .iter()
                .all(|field| field.iter().all(u8::is_ascii_whitespace))
        };
        if !read || !blank() {
            return Ok(read);
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
fn ids_row(line: u64, record: &csv::ByteRecord, layout: &Resolved) -> Row {
    let joined = joined_name(record, layout.name_parts).ok().flatten();
    let mut fields = Fields::default();
    let made = layout.made_ids.then(|| columns::made_id(line));
    if let Some(id) = &made {
        fields.set(Column::PayoutId, id);
    }
    if let Some(name) = &joined {
        fields.set(Column::EmployeeName, name);
    }
    for &(column, i) in &layout.index {
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

fn row(line: u64, record: &csv::ByteRecord, layout: &Resolved, delimiter: u8) -> Row {
    let index = &layout.index;
    let joined = joined_name(record, layout.name_parts);
    // Each field is borrowed from the record. The record's fields are one
    // buffer: when all of it is UTF-8 and no field cuts a character, every
    // field is, and one check and one scan for control characters cover
    // them all. Otherwise each field is decoded alone, and the first that
    // is not UTF-8, in column order, rejects the row.
    let mut fields = Fields::default();
    let made = layout.made_ids.then(|| columns::made_id(line));
    if let Some(id) = &made {
        fields.set(Column::PayoutId, id);
    }
    let mut bad_utf8 = None;
    match &joined {
        Ok(Some(name)) => fields.set(Column::EmployeeName, name),
        Ok(None) => {}
        Err(NotUtf8) => bad_utf8 = Some(Column::EmployeeName),
    }
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
    if delimiter != b',' {
        fields.decimals_after_comma();
    }
    fields.slash_dates(layout.slash_dates);
    let mut payout = match bad_utf8 {
        Some(column) => Err(RowError {
            payout_id: fields.get(Column::PayoutId).unwrap_or_default().into(),
            field: Some(column.name().into()),
            message: NOT_UTF8.into(),
        }),
        None => fields::payout(&fields),
    };
    if let Err(e) = &mut payout {
        e.message.push_str(&uneven(record, layout.width, delimiter));
    }
    Row {
        line,
        employee_id: fields.get(Column::EmployeeId).map(String::from),
        employee_name: fields.get(Column::EmployeeName).map(String::from),
        payout,
        file_findings: Vec::new(),
    }
}

/// Why a rejected row's values may not be under their columns: it has
/// more of them than the header has columns (a value holding the
/// separator without quotes, "Schmidt, Anna", moves every value after it
/// one column on) or fewer. Empty for a row as wide as its header, or one
/// whose extra values are blank (a trailing separator).
#[cold]
#[inline(never)]
fn uneven(record: &csv::ByteRecord, width: usize, delimiter: u8) -> String {
    let filled = record.len()
        - record
            .iter()
            .rev()
            .take_while(|f| f.iter().all(u8::is_ascii_whitespace))
            .count();
    let values = record.len();
    if filled > width {
        let separator = match delimiter {
            b',' => "a comma".to_string(),
            b';' => "a semicolon".to_string(),
            b'\t' => "a tab".to_string(),
            d => format!("the separator {:?}", char::from(d)),
        };
        format!(
            " (the row has {filled} values and the header {width} columns: a value holding {separator} without quotes moves those after it to the next column)"
        )
    } else if values < width {
        format!(" (the row has {values} values and the header {width} columns)")
    } else {
        String::new()
    }
}

/// A name part that is not UTF-8.
pub(crate) struct NotUtf8;

/// The employee's name from its parts' cells (`parts`: first, middle when
/// there is one, last), joined by a space; none when the file has no such
/// parts or all are blank.
pub(crate) fn joined_name(
    record: &csv::ByteRecord,
    parts: Option<NameCells>,
) -> Result<Option<String>, NotUtf8> {
    let Some(parts) = parts else {
        return Ok(None);
    };
    let mut joined = String::new();
    for i in parts.in_order() {
        let raw = record.get(i).unwrap_or_default();
        let part = std::str::from_utf8(raw).map_err(|_| NotUtf8)?.trim();
        if !part.is_empty() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(part);
        }
    }
    Ok((!joined.is_empty()).then_some(joined))
}

/// Why a field that is not UTF-8 is refused, and what to do: such a file
/// is most often saved in a Windows code page, which is never guessed (the
/// same bytes are other letters in another one).
pub(crate) const NOT_UTF8: &str = "is not valid UTF-8: save the file as UTF-8 (Excel: \"CSV UTF-8\"), \
    or name the encoding it is in (the CLI's --encoding windows-1252, Python's and Node's encoding)";

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
    fn the_header_decides_what_splits_the_fields() {
        assert_eq!(delimiter_of(b"a,b,c\nx;y;z;w;v"), b',');
        assert_eq!(delimiter_of(b"a;b;c\r\n1,5;2,5;3"), b';');
        assert_eq!(delimiter_of(b"a\tb\tc\n"), b'\t');
        // Quoted separators do not count; a header of one column is a comma's.
        assert_eq!(delimiter_of(b"\"a;b;c\",d,e"), b',');
        assert_eq!(delimiter_of(b"\"Net Pay, EUR\";IBAN;Name"), b';');
        assert_eq!(delimiter_of(b"amount"), b',');
        assert_eq!(delimiter_of(b""), b',');
        // A tie is a comma's: the format's own separator.
        assert_eq!(delimiter_of(b"a,b;c"), b',');
    }

    #[test]
    fn a_semicolon_export_reads_its_fields_and_decimal_commas() {
        let text = "\u{feff}payout_id;employee_id;employee_name;residence_country;amount;currency;iban\r\n\
                    P1;E1;\"Schmidt; Anna\";DE;4500,50;EUR;DE89370400440532013000\r\n\
                    P2;E2;Peter Meier;DE;-12,5;EUR;DE89370400440532013000\r\n\
                    P3;E3;Li Wei;DE;4.500,00;EUR;DE89370400440532013000\r\n\
                    P4;E4;Ana Lima;DE;4500;EUR;DE89370400440532013000\r\n\
                    P5;E5;Jan Nowak;DE;4.500;EUR;DE89370400440532013000\r\n";
        let rows: Vec<Row> = open(text.as_bytes(), &ColumnMap::default())
            .unwrap()
            .collect();
        let amount = |i: usize| rows[i].payout.as_ref().map(|p| p.amount_minor);
        assert_eq!(rows[0].employee_name.as_deref(), Some("Schmidt; Anna"));
        assert_eq!(amount(0), Ok(450_050));
        assert_eq!(amount(1), Ok(-1_250));
        assert_eq!(
            amount(2),
            Ok(450_000),
            "thousands grouped, decimals after a comma"
        );
        assert_eq!(amount(3), Ok(450_000));
        // 4500 or 4.5: refused, never guessed at.
        let refused = rows[4].payout.as_ref().unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("amount"));
        assert!(
            refused.message.contains("could be 4500 or 4.500"),
            "{refused:?}"
        );
    }

    #[test]
    fn a_rejected_row_wider_or_narrower_than_its_header_says_so() {
        // "Sales, Marketing" unquoted moves every value after it on.
        let text = "employee_id,employee_name,department,residence_country,amount,currency,iban\n\
                    E1,Anna Schmidt,Sales, Marketing,DE,4850.00,EUR,DE89370400440532013000\n\
                    E2,Peter Meier,IT,DE,4850.00\n\
                    E3,Li Wei,IT,DE,4850.00,XYZ,DE89370400440532013000,,\n\
                    E4,Jan Nowak,IT,DE,4850.00,EUR,DE89370400440532013000,note\n";
        let rows: Vec<Row> = open(text.as_bytes(), &ColumnMap::default())
            .unwrap()
            .collect();
        let message = |i: usize| rows[i].payout.as_ref().unwrap_err().message.clone();
        assert!(
            message(0).ends_with(
                " (the row has 8 values and the header 7 columns: a value holding a comma \
                 without quotes moves those after it to the next column)"
            ),
            "{}",
            message(0)
        );
        assert!(
            message(1).ends_with(" (the row has 5 values and the header 7 columns)"),
            "{}",
            message(1)
        );
        // A trailing separator's blank values are no shift.
        assert!(message(2).ends_with("crypto asset"), "{}", message(2));
        // A row that is read is read as before, whatever follows it.
        assert!(rows[3].payout.is_ok());
    }

    #[test]
    fn a_comma_file_reads_amounts_whose_shape_leaves_no_doubt() {
        // A spreadsheet writing values as shown quotes a German or French
        // amount in a file split by commas.
        let text = "payout_id,employee_id,employee_name,residence_country,amount,currency,iban\n\
                    P1,E1,Anna Schmidt,DE,\"4500,50\",EUR,DE89370400440532013000\n\
                    P2,E2,Peter Meier,DE,\"4,500.00\",EUR,DE89370400440532013000\n\
                    P3,E3,Li Wei,DE,\"4,500\",EUR,DE89370400440532013000\n\
                    P4,E4,Jean Dupont,FR,\"4 850,00 €\",EUR,DE89370400440532013000\n\
                    P5,E5,Eva Braun,DE,\"4.850,00\",EUR,DE89370400440532013000\n\
                    P6,E6,Ida Berg,DE,4.850,EUR,DE89370400440532013000\n";
        let rows: Vec<Row> = open(text.as_bytes(), &ColumnMap::default())
            .unwrap()
            .collect();
        let amount = |i: usize| rows[i].payout.as_ref().map(|p| p.amount_minor);
        assert_eq!(amount(0), Ok(450_050));
        assert_eq!(amount(1), Ok(450_000));
        assert_eq!(amount(3), Ok(485_000));
        assert_eq!(amount(4), Ok(485_000));
        // One group after a comma or a point: 4500 or 4.5, never guessed.
        for (i, both) in [(2, "could be 4500 or 4.500"), (5, "could be 4850 or 4.850")] {
            let doubtful = rows[i].payout.as_ref().unwrap_err();
            assert_eq!(doubtful.field.as_deref(), Some("amount"));
            assert!(doubtful.message.contains(both), "{doubtful:?}");
        }
    }

    #[test]
    fn a_record_read_again_alone_is_split_as_its_file_is() {
        let header = "payout_id;employee_id;employee_name;residence_country;amount;currency;iban\n";
        let first = open(header.as_bytes(), &ColumnMap::default()).unwrap();
        let record = "P1;E1;Ana Lima;PT;10,25;EUR;PT50000201231234567890154\n";
        let row = first.placed(record.as_bytes()).next(2).unwrap();
        assert_eq!(row.employee_name.as_deref(), Some("Ana Lima"));
        assert_eq!(row.payout.map(|p| p.amount_minor), Ok(1_025));
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
