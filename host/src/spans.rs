//! A chunk's text: every text field of its payouts appended to one string,
//! each field a (start, length) span of it, as the contract has carried
//! them since 0.3; since 0.6 with the rest of each payout as words
//! ([`payguard_model::chunk_words`]). Written once for both sides that
//! build chunks: the host's `plugin/v0_6.rs` and the Node package's reader
//! component.

use payguard_model::{Payout, chunk_words};

/// A field's place in the chunk's text, in UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub len: u32,
}

/// A chunk whose text passed what a span can address (4 GiB).
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong;

/// Appends fields to a chunk's text, handing out their spans.
#[derive(Debug, Default)]
pub struct Text(pub String);

impl Text {
    /// `s` appended, as a span of the text.
    pub fn push(&mut self, s: &str) -> Result<Span, TooLong> {
        let start = u32::try_from(self.0.len()).map_err(|_| TooLong)?;
        let len = u32::try_from(s.len()).map_err(|_| TooLong)?;
        start.checked_add(len).ok_or(TooLong)?;
        self.0.push_str(s);
        Ok(Span { start, len })
    }

    /// `p`'s text fields appended, and its words, which place them.
    pub fn words(&mut self, p: &Payout) -> Result<[u32; chunk_words::WORDS], TooLong> {
        chunk_words::write(p, |s| self.push(s).map(|span| (span.start, span.len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_utf8_bytes() {
        let mut text = Text::default();
        assert_eq!(text.push("Zoë").unwrap(), Span { start: 0, len: 4 });
        assert_eq!(text.push("").unwrap(), Span { start: 4, len: 0 });
        assert_eq!(text.push("李").unwrap(), Span { start: 4, len: 3 });
        assert_eq!(text.0, "Zoë李");
    }
}
