//! Line numbers as an editor shows them, for a file read as a stream: LF,
//! CRLF and a lone CR each end a line, as each ends a CSV record.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The separator Excel's first-line hint names, `sep=;` (tools that write
/// CSV for Excel put it before the header, and Excel splits the file by
/// it), with the hint's length up to and including its line end, if
/// `start` (after any byte order mark) begins with one.
pub fn separator_hint(start: &[u8]) -> Option<(u8, usize)> {
    let start = start.strip_prefix(BOM).unwrap_or(start);
    let separator = *start.strip_prefix(b"sep=")?.first()?;
    let end = match start.get(5..7)? {
        [b'\r', b'\n'] => 7,
        [b'\n' | b'\r', _] => 6,
        _ => return None,
    };
    (separator.is_ascii_punctuation() || separator == b'\t').then_some((separator, end))
}

/// A reader that notes where each line terminator is as bytes pass
/// through it, so a record's byte offset can be turned into its line. It
/// keeps only the terminators the CSV reader has buffered but not yet
/// reported on: memory does not grow with the file.
pub struct LineCounter<R> {
    inner: R,
    /// Bytes passed through so far (after a leading byte-order mark).
    offset: u64,
    /// Terminators not yet behind a queried position, as byte ranges.
    spans: VecDeque<(u64, u64)>,
    /// Terminators already behind every queried position.
    lines_before: u64,
    /// A CR at the end of the last read: CRLF or lone CR, decided by the
    /// next byte.
    pending_cr: Option<u64>,
    bom_checked: bool,
    /// Bytes of a byte-order mark and of a separator hint skipped at the
    /// start.
    skipped: u64,
}

impl<R: BufRead> LineCounter<R> {
    /// Wraps `inner`; a leading UTF-8 byte-order mark and Excel's separator
    /// hint after it ([`separator_hint`]) are skipped.
    pub fn new(inner: R) -> Self {
        LineCounter {
            inner,
            offset: 0,
            spans: VecDeque::new(),
            lines_before: 0,
            pending_cr: None,
            bom_checked: false,
            skipped: 0,
        }
    }

    /// Where `offset` (of the bytes passed through) is in the input: after
    /// the byte-order mark and the separator hint, if they were skipped.
    pub fn in_input(&self, offset: u64) -> u64 {
        offset + self.skipped
    }

    /// The line of the record starting at byte `offset`. Offsets must not
    /// decrease from one call to the next. The CSV reader can stop before
    /// the LF of a CRLF that ended the previous record, so terminators at
    /// the offset are skipped first.
    pub fn line_of(&mut self, offset: u64) -> u64 {
        let mut start = offset;
        while let Some(&(from, to)) = self.spans.front() {
            if to <= start {
                self.spans.pop_front();
                self.lines_before += 1;
            } else if from <= start {
                start = to;
            } else {
                break;
            }
        }
        self.lines_before + 1
    }

    fn note(&mut self, from: u64, to: u64) {
        self.spans.push_back((from, to));
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.bom_checked {
            self.bom_checked = true;
            if self.inner.fill_buf()?.starts_with(BOM) {
                self.inner.consume(BOM.len());
                self.skipped = BOM.len() as u64;
            }
            // The hint is no record: its line counts, its bytes are skipped.
            if let Some((_, len)) = separator_hint(self.inner.fill_buf()?) {
                self.inner.consume(len);
                self.skipped += len as u64;
                self.lines_before += 1;
            }
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            if let Some(cr) = self.pending_cr.take() {
                self.note(cr, cr + 1);
            }
            return Ok(0);
        }
        let bytes = &buf[..n];
        let base = self.offset;
        if let Some(cr) = self.pending_cr.take() {
            let to = if bytes[0] == b'\n' { cr + 2 } else { cr + 1 };
            self.note(cr, to);
        }
        for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            let at = base + i as u64;
            match bytes[i] {
                b'\n' if i > 0 && bytes[i - 1] == b'\r' => {}
                b'\n' if i == 0 && self.spans.back().is_some_and(|&(_, to)| to > at) => {}
                b'\n' => self.note(at, at + 1),
                _ => match bytes.get(i + 1) {
                    Some(b'\n') => self.note(at, at + 2),
                    Some(_) => self.note(at, at + 1),
                    None => self.pending_cr = Some(at),
                },
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `text` in pieces of `step` bytes, then asks for the line of
    /// each offset in `offsets`.
    fn lines(text: &[u8], step: usize, offsets: &[u64]) -> Vec<u64> {
        let mut counter = LineCounter::new(io::BufReader::with_capacity(step, text));
        let mut sink = Vec::new();
        let mut buf = vec![0; step];
        loop {
            let n = counter.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            sink.extend_from_slice(&buf[..n]);
        }
        offsets.iter().map(|&o| counter.line_of(o)).collect()
    }

    #[test]
    fn counts_lf_crlf_and_lone_cr_however_the_bytes_arrive() {
        // a\n b\r\n c\r d
        let text = b"a\nb\r\nc\rd";
        for step in 1..=text.len() {
            assert_eq!(
                lines(text, step, &[0, 2, 5, 7]),
                [1, 2, 3, 4],
                "step {step}"
            );
        }
    }

    #[test]
    fn an_offset_on_a_terminator_is_the_next_line() {
        // The reader may report a record at the LF of the previous CRLF.
        assert_eq!(lines(b"a\r\nb", 8, &[2]), [2]);
    }

    #[test]
    fn excels_separator_hint_is_skipped_and_its_line_counted() {
        for (text, skipped) in [
            (&b"sep=;\na;b\nc;d\n"[..], 6),
            (b"\xef\xbb\xbfsep=;\r\na;b\r\nc;d\r\n", 10),
            (b"sep=\t\ra\tb\rc\td", 6),
        ] {
            let mut counter = LineCounter::new(io::BufReader::new(text));
            let mut read = Vec::new();
            counter.read_to_end(&mut read).unwrap();
            assert!(
                read.starts_with(b"a"),
                "{:?}",
                String::from_utf8_lossy(&read)
            );
            assert_eq!(counter.in_input(0), skipped);
            // The header is line 2 and the row line 3.
            let row = read.iter().position(|&b| b == b'c').unwrap() as u64;
            assert_eq!([counter.line_of(0), counter.line_of(row)], [2, 3]);
        }
        assert_eq!(separator_hint(b"sep=|\nx"), Some((b'|', 6)));
        // A header that begins so, a letter, or a hint with no line after.
        for not in [&b"sep=;a,b\n"[..], b"sepa,b\n", b"sep=x\n1", b"sep=;"] {
            assert_eq!(
                separator_hint(not),
                None,
                "{:?}",
                String::from_utf8_lossy(not)
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let mut counter = LineCounter::new(io::BufReader::new(&b"\xef\xbb\xbfa,b\n"[..]));
        let mut text = String::new();
        counter.read_to_string(&mut text).unwrap();
        assert_eq!(text, "a,b\n");
        assert_eq!(counter.in_input(2), 5);
    }
}
