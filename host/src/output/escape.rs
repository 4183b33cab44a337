//! Making untrusted text safe to print on a terminal.

/// Escapes control characters and the Unicode bidi controls that can make
/// a name display as something else ("Trojan Source"), as `\u{…}`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_not_letters() {
        assert_eq!(escape("José Müller"), "José Müller");
        assert_eq!(
            escape("a\u{202E}b\nc\u{1b}[31m"),
            "a\\u{202E}b\\u{000A}c\\u{001B}[31m"
        );
    }
}
