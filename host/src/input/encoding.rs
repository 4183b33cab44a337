//! Files in UTF-16, as Windows tools write them: Excel's "Unicode Text"
//! (tab-separated), SQL Server's `bcp -w`, Windows PowerShell's
//! `Out-File` and `>`. They are known by their byte order mark and read
//! as UTF-8; every other file is read as written, as UTF-8, and a row
//! that is not UTF-8 is rejected naming its field. A file in a Windows
//! code page carries no mark, so it is never guessed at: it is decoded
//! only when the caller names its encoding.

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

/// The encoding a WHATWG `label` names ("windows-1252", "latin1",
/// "iso-8859-2"), as `Some(None)` for UTF-8, which needs no decoding.
pub(crate) fn named(label: &str) -> Option<Option<&'static Encoding>> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some((encoding != UTF_8).then_some(encoding))
}

/// Whether `start` begins with a byte order mark, UTF-8's or UTF-16's.
pub(crate) fn marked(start: &[u8]) -> bool {
    Encoding::for_bom(start).is_some()
}

/// `input`, written in `encoding`, read as UTF-8 without its byte order
/// mark. A unit UTF-16 cannot pair (a lone surrogate), or a byte the code
/// page leaves undefined, reads as U+FFFD.
pub(crate) fn as_utf8<R: Read>(
    input: R,
    encoding: &'static Encoding,
) -> Filled<DecodeReaderBytes<R, Vec<u8>>> {
    Filled(
        DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .strip_bom(true)
            .build(input),
    )
}

/// A reader that fills the buffer it is given, as a file does, until its
/// input ends. The decoder hands out a few bytes at its first read (what
/// it looked at for a byte order mark), and a CSV file's header must be
/// whole in the first buffer, where its delimiter is told.
pub(crate) struct Filled<R>(R);

impl<R: Read> Read for Filled<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.0.read(&mut buf[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        Ok(filled)
    }
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

/// The encoding `label` names, as [`named`] gives it, or an error saying
/// it names none.
pub(crate) fn labelled(label: &str) -> Result<Option<&'static Encoding>, String> {
    named(label).ok_or_else(|| {
        format!(
            "{label:?} is not an encoding: give a label such as windows-1252, iso-8859-2 or shift_jis"
        )
    })
}

/// Bytes in memory as UTF-8: UTF-16 by its byte order mark, else written
/// in the encoding `label` names (a WHATWG label), else as they are. An
/// error names a label that is no encoding.
pub(crate) fn decoded<'a>(bytes: &'a [u8], label: Option<&str>) -> Result<Cow<'a, [u8]>, String> {
    let written = match label {
        Some(label) => labelled(label)?,
        None => None,
    };
    Ok(match written {
        Some(encoding) if !marked(bytes) => match encoding.decode_without_bom_handling(bytes).0 {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        },
        _ => utf8_of(bytes),
    })
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
    fn a_named_code_page_is_read_as_utf8_and_utf8_needs_no_decoding() {
        let cp1252 = named("windows-1252").unwrap().unwrap();
        assert_eq!(named(" latin1 "), Some(Some(cp1252)), "a label, trimmed");
        assert_eq!(named("utf-8"), Some(None));
        assert_eq!(named("nonesuch"), None);
        let mut read = String::new();
        as_utf8(&b"M\xfcller;Wei\xdf\r\n"[..], cp1252)
            .read_to_string(&mut read)
            .unwrap();
        assert_eq!(read, "Müller;Weiß\r\n");
        assert!(marked(b"\xef\xbb\xbfa") && marked(b"\xff\xfea\0") && !marked(b"M\xfc"));
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
