//! Making untrusted text safe to print on a terminal.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_script::{Script, UnicodeScript};

/// Escapes, as `\u{…}`, what would make text display as something else:
/// control characters, the Unicode bidi controls ("Trojan Source"), and in
/// a word that mixes scripts (a Cyrillic "а" inside "Anna") every non-ASCII
/// character, so a homoglyph cannot pass for the name it imitates.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_inclusive(char::is_whitespace) {
        let mixed = mixes_scripts(word);
        for c in word.chars() {
            if hidden(c) || (mixed && !c.is_ascii()) {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32));
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// Control characters and format characters (Unicode Cf: zero-width
/// spaces and joiners, soft hyphens, BOMs, the bidi controls), which
/// change what a reader sees without showing themselves.
fn hidden(c: char) -> bool {
    c.is_control() || (!c.is_ascii() && c.general_category() == GeneralCategory::Format)
}

fn mixes_scripts(word: &str) -> bool {
    let mut scripts = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.script())
        .filter(|s| !matches!(s, Script::Common | Script::Inherited));
    let Some(first) = scripts.next() else {
        return false;
    };
    scripts.any(|s| s != first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_not_letters() {
        assert_eq!(escape("José Müller"), "José Müller");
        assert_eq!(
            escape("Иван Петров"),
            "Иван Петров",
            "one script per word is fine"
        );
        assert_eq!(
            escape("a\u{202E}b\nc\u{1b}[31m"),
            "a\\u{202E}b\\u{000A}c\\u{001B}[31m"
        );
        assert_eq!(
            escape("0x5a\u{200B}Aeb\u{00AD}"),
            "0x5a\\u{200B}Aeb\\u{00AD}"
        );
    }

    #[test]
    fn escapes_homoglyphs_in_mixed_script_words() {
        // Cyrillic "А" (U+0410) and "о" (U+043E) posing as Latin letters.
        assert_eq!(
            escape("\u{0410}nna Sch\u{043E}midt"),
            "\\u{0410}nna Sch\\u{043E}midt"
        );
        assert_eq!(escape("Anna Ivanova"), "Anna Ivanova");
    }
}
