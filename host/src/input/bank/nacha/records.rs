//! NACHA's 94-character records, read as tolerantly as moov-io/ach (the
//! reference reader) reads them: CR, LF or CRLF between records, lines
//! trimmed of trailing spaces (padded back), a file with no line breaks at
//! all (cut every 94 bytes), names in Latin-1 rather than ASCII or UTF-8.

use std::io::BufRead;

/// The length of every NACHA record.
pub const RECORD: usize = 94;

/// The longest line kept whole; the rest of a longer one is skipped (and
/// the record reported as too long), so a file without line breaks that is
/// not NACHA cannot grow a line in memory.
const LONGEST_LINE: usize = 1024;

/// One record: its 94 characters, padded with spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line in the file (the record's number when the file has no line
    /// breaks).
    pub line: u64,
    chars: Vec<char>,
    /// The line's length in characters when it is longer than 94 with
    /// more than spaces past the 94th.
    pub overlong: Option<usize>,
}

impl Record {
    /// From a line's text (test helper and reader).
    pub fn new(line: u64, text: &str) -> Record {
        let mut chars: Vec<char> = text.chars().collect();
        let overlong = (chars.len() > RECORD && chars[RECORD..].iter().any(|c| *c != ' '))
            .then_some(chars.len());
        chars.resize(RECORD, ' ');
        Record {
            line,
            chars,
            overlong,
        }
    }

    /// The record type code (position 1).
    pub fn kind(&self) -> char {
        self.chars[0]
    }

    /// Positions `from` to `to`, 1-based and inclusive as NACHA's tables
    /// give them, trimmed.
    pub fn field(&self, from: usize, to: usize) -> String {
        self.chars[from - 1..to]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }

    /// Positions `from` to `to` as a number, when they are all digits.
    pub fn number(&self, from: usize, to: usize) -> Option<u64> {
        let digits = &self.chars[from - 1..to];
        digits.iter().all(char::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |n, d| n * 10 + u64::from(*d as u8 - b'0'))
        })
    }

    /// Whether the record is all nines: padding up to a block of ten.
    pub fn is_padding(&self) -> bool {
        self.chars.iter().all(|c| *c == '9')
    }
}

/// How the file separates records, decided by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lines,
    /// No line breaks: a record every 94 bytes.
    Blocks,
}

/// The records of a NACHA file, in order; blank lines are skipped.
pub struct Records<R> {
    input: R,
    mode: Option<Mode>,
    line: u64,
    bytes: Vec<u8>,
    /// An I/O error ends the file; it is reported once.
    pub error: Option<std::io::Error>,
}

impl<R: BufRead> Records<R> {
    /// Reads `input`; a leading UTF-8 byte-order mark is skipped.
    pub fn new(input: R) -> Self {
        Records {
            input,
            mode: None,
            line: 0,
            bytes: Vec::with_capacity(RECORD + 2),
            error: None,
        }
    }

    fn decide_mode(&mut self) -> std::io::Result<Mode> {
        let head = self.input.fill_buf()?;
        if head.starts_with(b"\xef\xbb\xbf") {
            self.input.consume(3);
        }
        let head = self.input.fill_buf()?;
        let first_break = memchr::memchr2(b'\r', b'\n', head);
        // A trimmed or exact first line ends within 95 bytes; without a
        // break there, the 95th byte starting a record (batch header or
        // file control) says the records run on without breaks.
        Ok(match first_break {
            Some(at) if at <= RECORD => Mode::Lines,
            _ if head.len() > RECORD && b"15689".contains(&head[RECORD]) => Mode::Blocks,
            _ => Mode::Lines,
        })
    }

    /// The next line's bytes (without its terminator) into `self.bytes`;
    /// false at the end of the file.
    fn read_line(&mut self, mode: Mode) -> std::io::Result<bool> {
        self.bytes.clear();
        let limit = match mode {
            Mode::Lines => LONGEST_LINE,
            Mode::Blocks => RECORD,
        };
        let mut seen_any = false;
        let mut skipped = 0_usize;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(seen_any);
            }
            seen_any = true;
            let room = limit.saturating_sub(self.bytes.len());
            let mut end = memchr::memchr2(b'\r', b'\n', buf);
            if mode == Mode::Blocks && end.is_some_and(|at| at > room) {
                // A break further on belongs to a later record.
                end = None;
            }
            let take = end.unwrap_or(buf.len());
            self.bytes.extend_from_slice(&buf[..take.min(room)]);
            if mode == Mode::Lines {
                skipped += take.saturating_sub(room);
            }
            match end {
                Some(at) => {
                    let crlf = buf[at] == b'\r' && buf.get(at + 1) == Some(&b'\n');
                    let lone_cr_at_edge = buf[at] == b'\r' && at + 1 == buf.len();
                    self.input.consume(at + 1 + usize::from(crlf));
                    if lone_cr_at_edge && self.input.fill_buf()?.first() == Some(&b'\n') {
                        self.input.consume(1);
                    }
                    break;
                }
                None if mode == Mode::Blocks && self.bytes.len() == RECORD => {
                    self.input.consume(take.min(room));
                    break;
                }
                None => self.input.consume(take),
            }
        }
        if skipped > 0 {
            // Keep a marker past 94 so the record reads as too long.
            self.bytes.resize(LONGEST_LINE + 1, b'?');
        }
        Ok(true)
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            let mode = match self.mode {
                Some(mode) => mode,
                None => match self.decide_mode() {
                    Ok(mode) => *self.mode.insert(mode),
                    Err(e) => {
                        self.error = Some(e);
                        return None;
                    }
                },
            };
            match self.read_line(mode) {
                Ok(false) => return None,
                Err(e) => {
                    self.error = Some(e);
                    return None;
                }
                Ok(true) => {}
            }
            self.line += 1;
            if self.bytes.iter().all(|b| *b == b' ') {
                continue;
            }
            return Some(Record::new(self.line, &decode(&self.bytes)));
        }
    }
}

/// UTF-8 when the bytes are, else Latin-1 (each byte one character), as
/// older payroll systems write names.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<(u64, String, Option<usize>)> {
        Records::new(std::io::BufReader::with_capacity(4096, bytes))
            .map(|r| (r.line, r.field(1, 94), r.overlong))
            .collect()
    }

    /// A file header record, 94 characters.
    fn header() -> String {
        format!("1{}094{}", "x".repeat(33), "x".repeat(57))
    }

    #[test]
    fn reads_lf_crlf_lone_cr_and_trimmed_lines_alike() {
        let b = "5220 ACME";
        let a = header();
        for sep in ["\n", "\r\n", "\r"] {
            let text = format!("{a}{sep}{b}{sep}{sep}9{sep}");
            let got = read(text.as_bytes());
            assert_eq!(got.len(), 3, "{sep:?}");
            assert_eq!(got[1], (2, b.to_string(), None));
            assert_eq!(got[2].0, 4, "the blank line counts");
        }
    }

    #[test]
    fn cuts_a_file_without_line_breaks_every_94_bytes() {
        let a = header();
        let second = format!("5{}", "2".repeat(93));
        let text = format!("\u{feff}{a}{second}{}", "9".repeat(94));
        let got = read(text.as_bytes());
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].1, second);
        assert_eq!(got[2].0, 3);
    }

    #[test]
    fn keeps_latin1_names_and_flags_overlong_lines() {
        let mut line = b"6220910000100123456789     0000010000E-1            M".to_vec();
        line.push(0xfc); // ü in Latin-1
        line.extend_from_slice(b"ller\nx");
        let got = read(&line);
        assert!(got[0].1.ends_with("Müller"));
        let a = header();
        let long = format!("{a}EXTRA\n{a}   \n");
        let got = read(long.as_bytes());
        assert_eq!(got[0].2, Some(99));
        assert_eq!(got[1].2, None, "trailing spaces past 94 are padding");
        let huge = format!("{a}\n{}\n{a}", "6".repeat(5000));
        let got = read(huge.as_bytes());
        assert_eq!(got.len(), 3);
        assert!(got[1].2.is_some());
    }
}
