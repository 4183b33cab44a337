//! A bound on how far an XML reader must buffer. quick-xml keeps each event
//! (a tag, a text node) whole in memory, so a 1 GB text node would be read
//! into memory whole; this reader refuses the file as soon as a run of
//! bytes without `<` or `>` outgrows the bound.

use std::io::{self, Read};

/// The longest run of bytes between two markup characters: far above any
/// real pain.001 tag or value (the longest, `Ustrd`, is 140 characters).
pub const LONGEST_RUN: u64 = 1 << 20;

/// Passes bytes through, failing once a run exceeds [`LONGEST_RUN`].
pub struct MarkupGuard<R> {
    pub inner: R,
    run: u64,
}

impl<R> MarkupGuard<R> {
    /// Guards `inner`.
    pub fn new(inner: R) -> Self {
        MarkupGuard { inner, run: 0 }
    }
}

impl<R: Read> Read for MarkupGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let bytes = &buf[..n];
        let (mut run, mut from) = (self.run, 0);
        let mut longest = 0;
        for at in memchr::memchr2_iter(b'<', b'>', bytes) {
            longest = longest.max(run + (at - from) as u64);
            (run, from) = (0, at + 1);
        }
        run += (n - from) as u64;
        self.run = run;
        if longest.max(run) > LONGEST_RUN {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "a tag or text runs past {LONGEST_RUN} bytes; no pain.001 value is that long"
                ),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(bytes: &[u8]) -> io::Result<usize> {
        let mut guard = MarkupGuard::new(bytes);
        let mut sink = Vec::new();
        let mut buf = [0; 8192];
        loop {
            match guard.read(&mut buf)? {
                0 => return Ok(sink.len()),
                n => sink.extend_from_slice(&buf[..n]),
            }
        }
    }

    #[test]
    fn passes_markup_and_refuses_a_huge_text_node() {
        let small = "<a>text</a>".repeat(100_000);
        assert_eq!(drain(small.as_bytes()).unwrap(), small.len());
        let huge = format!("<a>{}</a>", "x".repeat(LONGEST_RUN as usize + 10));
        assert!(drain(huge.as_bytes()).is_err());
    }
}
