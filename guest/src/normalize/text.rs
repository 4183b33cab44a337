//! Invisible characters: Unicode format characters (general category Cf:
//! zero-width space, joiner and non-joiner, word joiner, soft hyphen, a
//! byte order mark, bidi controls, tag characters). They change no
//! meaning a reader sees, so every value is compared without them, and
//! one found in a destination is evidence that someone split a value to
//! slip it past a check.

use std::borrow::Cow;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c` is a format character.
pub fn is_invisible(c: char) -> bool {
    // ASCII has none; most text is ASCII.
    !c.is_ascii() && c.general_category() == GeneralCategory::Format
}

/// Whether `c` is an invisible character that also joins letters in
/// ordinary writing (ZWNJ and ZWJ in Persian, Indic scripts and emoji),
/// so it is removed for matching but is no evidence in a name or text.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// `text` without invisible characters; borrowed when it has none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(is_invisible) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| !is_invisible(*c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_format_characters_only() {
        for hidden in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{00AD}',
            '\u{FEFF}',
            '\u{202E}',
            '\u{E0041}',
        ] {
            assert!(is_invisible(hidden), "U+{:04X}", hidden as u32);
            assert_eq!(visible(&format!("0x5a{hidden}Aeb")), "0x5aAeb");
        }
        assert_eq!(visible("Zoë Ødegård, 北京"), "Zoë Ødegård, 北京");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
    }
}
