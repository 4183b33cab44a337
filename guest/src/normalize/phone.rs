//! Phone numbers: one key per number however it is written, and the
//! countries it can belong to. Calling codes, trunk prefixes and the
//! leading digits of regions sharing a code (NANP area codes, +7 7 for
//! Kazakhstan) come from the phone-regions pack.

use crate::data::phone_regions::{self, Region};
use crate::model::Payout;
use crate::normalize::destination::provider_country;
use crate::normalize::text::visible;
use arrayvec::ArrayString;
use smallvec::SmallVec;
use std::fmt::Write;

/// A payout's phone in international form, as [`international`] reads
/// it against the payout's residence.
pub fn of(payout: &Payout) -> Option<Digits> {
    international(payout.phone.as_deref()?, &payout.residence_country)
}

/// A phone number's digits in international form: inline up to 32 (an
/// E.164 number has at most 15), on the heap past that, so digits padded
/// onto a number still read as that number. Held as text, checked once
/// when made: read as bytes and checked at every use, it cost the plugin
/// a call to `from_utf8` five times a phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits(Text);

/// The digits inline, or on the heap past 32.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Text {
    Inline(ArrayString<32>),
    Long(String),
}

impl std::ops::Deref for Digits {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Text::Inline(text) => text,
            Text::Long(text) => text,
        }
    }
}

/// Digits as they are gathered, pushed as bytes (an ASCII digit is one
/// byte of UTF-8): `write_char` encoded each digit and copied it by a
/// call of its own.
#[derive(Default)]
struct Gathered(SmallVec<[u8; 32]>);

impl Gathered {
    /// The digits of `text` added, other characters left out.
    fn digits(&mut self, text: &str) {
        self.0.extend(text.bytes().filter(u8::is_ascii_digit));
    }

    /// The digits as text, when there are at least seven.
    fn number(self) -> Option<Digits> {
        // Only ASCII digits are ever written in: never invalid.
        let text = std::str::from_utf8(&self.0).ok().filter(|t| t.len() >= 7)?;
        Some(Digits(match ArrayString::from(text) {
            Ok(inline) => Text::Inline(inline),
            Err(_) => Text::Long(text.to_string()),
        }))
    }
}

impl Write for Gathered {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// The number behind a word and a colon: a phone link (RFC 3966's
/// "tel:+44…", as a contact card or web form gives it) or a label as
/// people write one ("Mobile: +44…", "Tel.: 030…", "Handy: 0151…").
fn without_label(text: &str) -> &str {
    // Nearly every phone starts with its digits, "+" or "(": no label.
    if !text.starts_with(char::is_alphabetic) {
        return text;
    }
    match text.split_once(':') {
        Some((label, number))
            if label.contains(char::is_alphabetic)
                && label
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-')) =>
        {
            number.trim()
        }
        _ => text,
    }
}

/// What marks an extension after a number, lower case, as libphonenumber
/// parses them (`PhoneNumberUtil`'s extension patterns: RFC 3966's
/// `;ext=`, the words "ext", "extn", "extension", "anexo" and "доб", and
/// the "x" and "#" people write before one), longest first.
const EXTENSION_MARKS: [&str; 8] = [
    ";ext=",
    "extension",
    "anexo",
    "extn",
    "ext",
    "доб",
    "x",
    "#",
];

/// The number without the extension after it: "+1 212 555 0100 ext. 12",
/// "+1 212 555 0100x12", "tel:+12125550100;ext=12" are the line
/// "+1 212 555 0100". An extension reaches a person at one line, so two
/// employees giving one line with two extensions share a phone, as
/// people at one office (or one facilitator's switchboard) do; read
/// whole, the letters made the number no number at all, and it counted
/// for nothing. Up to 20 digits after a mark, as libphonenumber takes.
fn without_extension(text: &str) -> &str {
    let lower = text.to_lowercase();
    // Lower-casing these letters keeps their lengths, so a place in
    // `lower` is the same place in `text`; any other text is left whole.
    if lower.len() != text.len() {
        return text;
    }
    for mark in EXTENSION_MARKS {
        let Some(at) = lower.find(mark) else {
            continue;
        };
        let extension = lower[at + mark.len()..].trim_start_matches([' ', '.', ':', '=', '-']);
        let digits = extension.trim_end();
        // Lengths alike overall may still differ letter by letter ("ẞ"
        // shrinks, "İ" grows): a place inside a letter of `text` is none.
        let Some(line) = text.get(..at) else {
            continue;
        };
        let line = line.trim_end_matches([' ', ',', ';', '-', '.']);
        if (1..=20).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && line.bytes().filter(u8::is_ascii_digit).count() >= 7
        {
            return line;
        }
    }
    text
}

/// The phone an e-wallet handle is registered to (M-Pesa, GCash, Venmo
/// and Wise take one), in international form: only a handle written with
/// its calling code ("+254 712 345678", "tel:+1…"), so an account id of
/// digits is never read as a national number.
pub fn registered(handle: &str) -> Option<Digits> {
    let text = visible(handle);
    let trimmed = text.trim();
    let trimmed = without_label(trimmed);
    if !trimmed.starts_with('+') {
        return None;
    }
    // Written with its calling code, the residence is never asked.
    international(trimmed, "")
}

/// The phone an e-wallet handle at `provider` is registered to:
/// [`registered`], or a number written without its calling code at a
/// wallet that opens accounts on one country's mobile numbers only
/// (`phone-wallets.tsv`: Zelle's and Venmo's are American, GCash's
/// Philippine), read as that country's when it is written as a number
/// alone and has its national length. At any other wallet such digits
/// may be an account id, and are kept as digits.
pub fn registered_at(handle: &str, provider: &str) -> Option<Digits> {
    registered(handle).or_else(|| national_at(handle, provider))
}

/// [`registered_at`]'s national number: a handle of digits (grouped with
/// spaces, `-`, `.` or brackets) at a wallet of one country's phones.
pub fn national_at(handle: &str, provider: &str) -> Option<Digits> {
    let text = visible(handle);
    let number = text.trim();
    let plain = number
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.'));
    if !plain || number.is_empty() {
        return None;
    }
    let country = provider_country(provider)?;
    let region = phone_regions::of_country(country)?;
    region
        .takes_national_length(national_digits(region, number).len())
        .then(|| international(number, country))?
}

/// The digits of a number written without its calling code, less
/// `region`'s trunk prefix ("030 901820" in Germany is "30901820").
fn national_digits(region: &Region, text: &str) -> SmallVec<[u8; 32]> {
    let mut digits = Gathered::default();
    digits.digits(text);
    if let Some(trunk) = region.trunk_prefix
        && digits.0.starts_with(trunk.as_bytes())
    {
        digits.0.drain(..trunk.len());
    }
    digits.0
}

/// The number in international form, digits only, with the calling code
/// first: "+49 (0)30 901820", "0049 30 901820" and, for a German
/// resident, "030 901820" are all "4930901820". A national number takes
/// the calling code of `residence` after its trunk prefix is dropped.
/// None for text that is no phone number or has fewer than seven digits.
pub fn international(phone: &str, residence: &str) -> Option<Digits> {
    let text = visible(phone);
    let trimmed = text.trim();
    let trimmed = without_label(trimmed);
    let plain = |text: &str| {
        text.bytes().all(|b| {
            b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'(' | b')' | b'.' | b'+' | b'/')
        })
    };
    // Only a number with more than its digits is looked at again for an
    // extension: asked of every phone, the search cost each row 400
    // instructions in the plugin.
    let trimmed = match plain(trimmed) {
        true => trimmed,
        false => Some(without_extension(trimmed)).filter(|line| plain(line))?,
    };
    let mut number = Gathered::default();
    if let Some(rest) = trimmed
        .strip_prefix('+')
        .or_else(|| trimmed.strip_prefix("00"))
    {
        // "(0)" is the trunk prefix written for callers at home. (A
        // character is looked for first: a text pattern would build a
        // string searcher for every phone.)
        match rest.contains('(') {
            true => number.digits(&rest.replace("(0)", "")),
            false => number.digits(rest),
        }
    } else {
        let region = phone_regions::of_country(residence)?;
        let national = national_digits(region, trimmed);
        let national = national.as_slice();
        write!(number, "{}", region.calling_code).ok()?;
        // Digits no national number has as many of, which after the
        // residence's calling code a national number has, are that
        // number written without its "+" (a spreadsheet's way with
        // "+44 7911 123456"), as libphonenumber reads them.
        let code_len = number.0.len();
        let without_plus = !region.takes_national_length(national.len())
            && national.starts_with(&number.0)
            && region.takes_national_length(national.len() - code_len);
        match without_plus {
            true => number.0 = national.into(),
            false => number.0.extend_from_slice(national),
        }
    }
    number.number()
}

/// The countries the number belongs to, sorted. Where regions share a
/// calling code, a number whose leading digits single one out belongs to
/// it alone; any other belongs to every sharing region that has no
/// leading digits of its own (+1 415 is US and CA; +1 876 is JM).
pub fn countries(international: &str) -> SmallVec<[&'static str; 4]> {
    // Calling codes are a prefix code (ITU E.164): one length matches.
    let Some((regions, national)) = (1..=3).find_map(|len| {
        let code = international.get(..len)?.parse().ok()?;
        Some((phone_regions::with_code(code)?, &international[len..]))
    }) else {
        return SmallVec::new();
    };
    let alone = |r: &&Region| r.leading.iter().any(|l| national.starts_with(l));
    let general = |r: &&Region| r.leading.is_empty();
    let mut out: SmallVec<[&'static str; 4]> = if regions.iter().any(|r| alone(&r)) {
        regions.iter().filter(alone).map(|r| r.country).collect()
    } else if regions.iter().any(|r| general(&r)) {
        regions.iter().filter(general).map(|r| r.country).collect()
    } else {
        regions.iter().map(|r| r.country).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_an_extension_is_its_line() {
        let line = international("+1 212 555 0100", "").unwrap();
        for written in [
            "+1 212 555 0100 ext. 12",
            "+1 212 555 0100 Ext 12",
            "+1 (212) 555-0100, extension 4711",
            "+1 212 555 0100x12",
            "+1 212 555 0100 #12",
            "tel:+1-212-555-0100;ext=12",
        ] {
            assert_eq!(
                international(written, "").as_ref(),
                Some(&line),
                "{written}"
            );
        }
        let de = international("+49 30 901820", "").unwrap();
        assert_eq!(international("030 901820 доб. 7", "DE").as_ref(), Some(&de));
        assert_eq!(
            international("+49 30 901820 anexo 7", "").as_ref(),
            Some(&de)
        );
        // Letters whose lower case is longer and shorter, side by side,
        // place the mark inside a letter of the text: no number, no panic.
        assert_eq!(international("İİ+1 212 555 0100 #€ẞẞ", "US"), None);
        // Words that are no extension leave the text no number.
        for written in [
            "+1 212 555 0100 ext",
            "+1 212 555 0100 ext. 12a",
            "x12",
            "call me",
        ] {
            assert_eq!(international(written, "US"), None, "{written}");
        }
    }

    #[test]
    fn digits_past_thirty_two_are_read_too() {
        // Inline up to 32, on the heap past that: digits padded onto a
        // number do not make it unreadable.
        for n in [32, 33, 40] {
            let number = format!("+{}", "1".repeat(n));
            assert_eq!(international(&number, "DE").as_deref(), Some(&number[1..]));
        }
        let national = "9".repeat(31);
        assert_eq!(
            international(&national, "DE").as_deref(),
            Some(format!("49{national}").as_str())
        );
        assert_eq!(
            international("030 901820", "DE").as_deref(),
            Some("4930901820")
        );
    }

    fn of(phone: &str, residence: &str) -> Vec<&'static str> {
        international(phone, residence)
            .map(|n| countries(&n).to_vec())
            .unwrap_or_default()
    }

    #[test]
    fn maps_calling_codes_to_countries() {
        assert_eq!(of("+49 30 1234567", "FR"), ["DE"]);
        assert_eq!(of("0044 20 7946 0000", "FR"), ["GB", "GG", "JE"]);
        assert_eq!(of("+86 10 1234 5678", "DE"), ["CN"]);
        assert_eq!(of("+7 495 123 4567", "DE"), ["RU"]);
        assert_eq!(of("+7 727 123 4567", "DE"), ["KZ"]);
        assert_eq!(of("+383 44 123 456", "DE"), ["XK"]);
    }

    #[test]
    fn tells_nanp_members_apart_on_every_area_code() {
        let us = of("+1 (415) 555-0100", "US");
        assert!(us.contains(&"US") && us.contains(&"CA"));
        assert!(!us.contains(&"JM"));
        assert_eq!(of("+1 876 555 0100", "US"), ["JM"]);
        assert_eq!(of("+1 658 555 0100", "US"), ["JM"], "Jamaica's newer code");
        assert_eq!(of("+1 829 555 0100", "US"), ["DO"]);
        assert_eq!(of("+1 939 555 0100", "US"), ["PR"]);
    }

    #[test]
    fn one_number_one_key_however_written() {
        let key = international("+49 30 1234567", "DE");
        assert_eq!(key.as_deref(), Some("49301234567"));
        for written in [
            "0049-30-123 4567",
            "+49 (0)30 1234567",
            "030 1234567",
            "(030) 123 4567",
        ] {
            assert_eq!(international(written, "DE"), key, "{written}");
        }
        assert_eq!(
            international("8 495 123 4567", "RU"),
            international("+7 495 123 4567", "DE")
        );
        assert_eq!(
            international("06 1234 5678", "IT").as_deref(),
            Some("390612345678"),
            "Italy keeps its 0"
        );
        // Behind a label, as people write one.
        for written in [
            "Mobile: +49 30 1234567",
            "Tel.: 030 1234567",
            "Handy:030-1234567",
        ] {
            assert_eq!(international(written, "DE"), key, "{written}");
        }
        assert_eq!(
            registered("M-Pesa: +254 712 345678").as_deref(),
            Some("254712345678")
        );
        assert_eq!(international("ask: HR", "DE"), None);
        assert_eq!(
            international("1: 030 1234567", "DE"),
            None,
            "no word, no label"
        );
        assert_eq!(international("+49 12", "DE"), None);
        assert_eq!(international("+49 abc", "DE"), None);
        assert_eq!(international("", "DE"), None);
    }

    #[test]
    fn a_number_whose_plus_a_spreadsheet_dropped_is_international() {
        // A spreadsheet keeps "+44 7911 123456" as 447911123456 and
        // "07911 123456" as 7911123456: both are the one number.
        let key = international("+44 7911 123456", "GB");
        assert_eq!(key.as_deref(), Some("447911123456"));
        for written in [
            "447911123456",
            "44 7911 123456",
            "07911 123456",
            "7911123456",
            "tel:+447911123456",
        ] {
            assert_eq!(international(written, "GB"), key, "{written}");
        }
        assert_eq!(
            international("33612345678", "FR"),
            international("+33 6 12 34 56 78", "DE")
        );
        // A length a national number may have stays national: German
        // numbers have any length from 4 to 15, so digits written without
        // a plus are read as written.
        assert_eq!(
            international("4930901820", "DE").as_deref(),
            Some("494930901820")
        );
    }
}
