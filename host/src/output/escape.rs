//! Making untrusted text safe to print on a terminal.

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

fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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
