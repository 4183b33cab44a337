//! Files in UTF-16, as Windows tools write them: Excel's "Unicode Text"
//! (tab-separated), SQL Server's `bcp -w`, Windows PowerShell's
//! `Out-File` and `>`. They are known by their byte order mark and read
//! as UTF-8; every other file is read as written, as UTF-8, and a row
//! that is not UTF-8 is rejected naming its field. A file in a legacy
//! single-byte encoding carries no mark, so it is never guessed at.

use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};
use std::borrow::Cow;
use std::io::Read;

/// The UTF-16 encoding (little- or big-endian) whose byte order mark
/// `start` begins with, if it begins with one.
pub(crate) fn utf16(start: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_bom(start)
        .map(|(encoding, _)| encoding)
        .filter(|&encoding| encoding != UTF_8)
}

/// `input`, written in `encoding`, read as UTF-8 without its byte order
/// mark. A unit UTF-16 cannot pair (a lone surrogate) reads as U+FFFD.
pub(crate) fn as_utf8<R: Read>(
    input: R,
    encoding: &'static Encoding,
) -> DecodeReaderBytes<R, Vec<u8>> {
    DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .strip_bom(true)
        .build(input)
}

/// `bytes` as UTF-8: decoded when they begin with a UTF-16 byte order
/// mark, else as they are. For text read whole (a roster) and for the
/// start of a file its format is told by.
pub(crate) fn utf8_of(bytes: &[u8]) -> Cow<'_, [u8]> {
    match utf16(bytes) {
        Some(encoding) => match encoding.decode_with_bom_removal(bytes).0 {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        },
        None => Cow::Borrowed(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    fn utf16be(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        bytes
    }

    #[test]
    fn utf16_of_either_byte_order_reads_as_utf8() {
        let text = "employee_name\tamount\r\nJürgen Müller\t4500.00\r\n王小明\t1.00\r\n";
        for bytes in [utf16le(text), utf16be(text)] {
            let encoding = utf16(&bytes).expect("a UTF-16 byte order mark");
            let mut read = String::new();
            as_utf8(bytes.as_slice(), encoding)
                .read_to_string(&mut read)
                .unwrap();
            assert_eq!(read, text);
            assert_eq!(utf8_of(&bytes), text.as_bytes());
        }
    }

    #[test]
    fn utf8_with_or_without_a_mark_and_other_bytes_are_left_as_they_are() {
        for bytes in [
            "\u{feff}employee_name\n".as_bytes(),
            b"employee_name\n",
            // Windows-1252's "Müller": not UTF-8, and not guessed at.
            b"M\xfcller\n",
            b"",
        ] {
            assert_eq!(utf16(bytes), None);
            assert_eq!(utf8_of(bytes), bytes);
        }
    }
}
