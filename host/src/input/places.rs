//! A file's records read again by where they start, as one stream: the
//! second reading of two-pass scoring decodes only the records it judges
//! again, instead of splitting every record of the file up to the last.

use std::io::{self, BufReader, Read, Seek};

/// The bytes of some ranges of a file, in order, one after another. A
/// range is a record's bytes, from where it starts to where the next one
/// does, so a CSV reader reads each range as that record alone.
pub struct Gather<F, I> {
    file: BufReader<F>,
    /// Where `file` is.
    at: u64,
    ranges: I,
    /// Bytes left of the current range.
    left: u64,
}

/// The buffer a file is gathered through: small, because the ranges may
/// be far apart, and each jump past the buffer refills it whole.
const GATHER_BUFFER: usize = 64 << 10;

impl<F: Read + Seek, I: Iterator<Item = (u64, u64)>> Gather<F, I> {
    /// The ranges `ranges` (start and end offsets, ascending and apart) of
    /// `file`, read from its start.
    pub fn new(file: F, ranges: I) -> Self {
        Gather {
            file: BufReader::with_capacity(GATHER_BUFFER, file),
            at: 0,
            ranges,
            left: 0,
        }
    }
}

impl<F: Read + Seek, I: Iterator<Item = (u64, u64)>> Read for Gather<F, I> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let Some((start, end)) = self.ranges.next() else {
                return Ok(0);
            };
            let jump = i64::try_from(start).unwrap_or(i64::MAX) - self.at as i64;
            // Within the buffer, this moves in it; else it seeks.
            self.file.seek_relative(jump)?;
            self.at = start;
            self.left = end.saturating_sub(start);
        }
        let wanted = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.file.read(&mut buf[..wanted])?;
        if n == 0 && wanted > 0 {
            // Shorter than when it was first read: it changed.
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file is shorter than when it was first read: it changed while it was being scored",
            ));
        }
        self.at += n as u64;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn gathered(text: &str, ranges: &[(u64, u64)]) -> io::Result<String> {
        let mut out = String::new();
        Gather::new(Cursor::new(text.as_bytes()), ranges.iter().copied())
            .read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn reads_each_range_in_turn() {
        let text = "a,1\nb,2\nc,3\nd,4\n";
        assert_eq!(gathered(text, &[(4, 8), (12, 16)]).unwrap(), "b,2\nd,4\n");
        assert_eq!(gathered(text, &[(0, 4)]).unwrap(), "a,1\n");
        assert_eq!(gathered(text, &[]).unwrap(), "");
    }

    #[test]
    fn a_range_past_the_end_means_the_file_changed() {
        let error = gathered("a,1\n", &[(0, 8)]).unwrap_err();
        assert!(error.to_string().contains("changed"), "{error}");
    }

    /// A file that counts the bytes read from it.
    struct Counted<'a>(Cursor<&'a [u8]>, usize);

    impl Read for Counted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.read(buf)?;
            self.1 += n;
            Ok(n)
        }
    }

    impl Seek for Counted<'_> {
        fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
            self.0.seek(to)
        }
    }

    #[test]
    fn ranges_far_apart_are_sought_not_read() {
        let text = "x".repeat(4 * GATHER_BUFFER);
        let far = (3 * GATHER_BUFFER) as u64;
        let file = Counted(Cursor::new(text.as_bytes()), 0);
        let mut gather = Gather::new(file, [(0, 1), (far, far + 1)].into_iter());
        let mut out = String::new();
        gather.read_to_string(&mut out).unwrap();
        assert_eq!(out, "xx");
        // Two buffers' worth at most, not the three and more in between.
        assert!(gather.file.get_ref().1 <= 2 * GATHER_BUFFER);
    }
}
