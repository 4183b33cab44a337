//! A name or value written into a finding's message, in double quotes.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// `text` in double quotes, escaped as Rust's `{:?}` escapes it (quotes,
/// backslashes, control and invisible characters), except for what `{:?}`
/// escapes that is part of ordinary writing: an apostrophe ("O'Neil") and
/// a combining mark after a letter, the vowels of Thai or Devanagari and
/// the accents of a decomposed "é", which `{:?}` writes as `\u{e35}`.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for (i, c) in text.chars().enumerate() {
        let mark = !c.is_ascii()
            && matches!(
                c.general_category(),
                GeneralCategory::NonspacingMark
                    | GeneralCategory::SpacingMark
                    | GeneralCategory::EnclosingMark
            );
        if c == '\'' || (mark && i > 0) {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_names_of_every_script_as_they_are() {
        for name in [
            "Anna Schmidt",
            "Sean O'Neil",
            "สมชาย ใจดี",
            "राम शर्मा",
            "محمد خان",
            "Jose\u{301} Mu\u{308}ller",
            "Иван Петров",
            "张伟",
        ] {
            assert_eq!(quoted(name), format!("\"{name}\""), "{name}");
        }
    }

    #[test]
    fn escapes_what_debug_escapes_otherwise() {
        for text in [
            "say \"hi\"",
            "back\\slash",
            "new\nline",
            "zero\u{200B}width",
            "\u{202E}bidi",
            "\u{301}leading mark",
            "tab\there",
        ] {
            assert_eq!(quoted(text), format!("{text:?}"), "{text:?}");
        }
    }
}
