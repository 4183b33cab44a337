//! Legal forms (`guest/data/legal-forms.tsv`, from OpenSanctions'
//! `rigour` and a reviewed list): a holder carrying one is a company, not
//! a person.

use crate::sorted;
use crate::words::{MAX_WORD, Words};
use std::sync::OnceLock;

/// The pack's text, shared with the plugin's `info`.
pub const TEXT: &str = include_str!("../../guest/data/legal-forms.tsv");

/// A form written in parts is read from at most this many of a holder's
/// last words ("Sp. z o.o." is four)...
const MOST_PARTS: usize = 4;

/// ...each of at most this many letters, as abbreviations' parts are.
/// `scripts/refresh-data.py` keeps forms in parts by these two, as a test
/// checks.
pub(crate) const LONGEST_PART: usize = 3;

/// The forms read however they are written, to look words up in, a
/// business's name words among them: each marks a company.
pub(crate) fn forms() -> &'static Words {
    static FORMS: OnceLock<Words> = OnceLock::new();
    FORMS.get_or_init(|| {
        Words::of_pack(sorted::body(TEXT), |written| {
            written == "any" || written == "word"
        })
    })
}

/// [`forms`] less a business's name words ("Consulting", "Group"): the
/// legal forms alone, which a holder's name is grouped without.
pub(crate) fn legal_forms() -> &'static Words {
    static FORMS: OnceLock<Words> = OnceLock::new();
    FORMS.get_or_init(|| Words::of_pack(sorted::body(TEXT), |written| written == "any"))
}

/// The forms that are also tokens of people's names (Doo, Sia), read
/// only when written letter by letter ("d.o.o.", "S.I.A.").
fn letter_forms() -> &'static Words {
    static FORMS: OnceLock<Words> = OnceLock::new();
    FORMS.get_or_init(|| Words::of_pack(sorted::body(TEXT), |written| written == "letters"))
}

/// Whether the last two to [`MOST_PARTS`] of `words` (a name's words in
/// order), each of [`LONGEST_PART`] letters at most, written together are
/// a legal form: "s.r.o." and "Sp. z o.o." end a company's name, and
/// "d.o.o." too, though Doo is a name, as its parts are single letters.
/// Only the end: initials that open a name ("S. R. O'Neil") are a
/// person's.
pub(crate) fn ends_in_parts<'a>(words: impl DoubleEndedIterator<Item = &'a [u8]>) -> bool {
    parts_of_form_at_end(words) > 0
}

/// How many of the last words of `words` are a legal form written in
/// parts, as [`ends_in_parts`] finds it (the fewest that are); none when
/// no such form ends them.
pub(crate) fn parts_of_form_at_end<'a>(words: impl DoubleEndedIterator<Item = &'a [u8]>) -> usize {
    let mut last = [&[][..]; MOST_PARTS];
    let mut count = 0;
    for word in words.rev().take(MOST_PARTS) {
        if word.len() > LONGEST_PART {
            break;
        }
        last[count] = word;
        count += 1;
    }
    let mut glued = [0_u8; MAX_WORD];
    let mut len = 0;
    let mut letters = true;
    // `last` holds the words from the end backwards: glue them in front.
    (0..count)
        .find(|&i| {
            let word = last[i];
            glued.copy_within(..len, word.len());
            glued[..word.len()].copy_from_slice(word);
            len += word.len();
            letters = letters && word.len() == 1;
            i >= 1
                && (forms().contains(&glued[..len])
                    || letters && letter_forms().contains(&glued[..len]))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(name: &str) -> bool {
        ends_in_parts(
            name.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::as_bytes),
        )
    }

    #[test]
    fn the_pack_is_sorted_and_every_form_is_found() {
        let body = sorted::body(TEXT);
        assert!(body.lines().zip(body.lines().skip(1)).all(|(a, b)| a < b));
        let listed = forms().listed();
        assert!(listed.len() > 250, "{}", listed.len());
        assert!(listed.iter().all(|f| forms().contains(f.as_bytes())));
    }

    #[test]
    fn forms_from_rigour_and_by_hand_and_none_that_names_a_person() {
        for form in ["gmbh", "oy", "oyj", "ltda", "sro", "spzoo", "ooo", "kft"] {
            assert!(forms().contains(form.as_bytes()), "{form}");
        }
        // Initials and name tokens, sole traders and credentials.
        for person in ["sa", "ab", "as", "fop", "cpa", "tmi", "tov", "sia", "vos"] {
            assert!(!forms().contains(person.as_bytes()), "{person}");
        }
        // A business's name word marks a company, but is no legal form.
        for word in ["consulting", "group", "trading", "holdings"] {
            assert!(forms().contains(word.as_bytes()), "{word}");
            assert!(!legal_forms().contains(word.as_bytes()), "{word}");
        }
        for form in ["ltd", "limited", "gmbh", "llc", "corporation"] {
            assert!(legal_forms().contains(form.as_bytes()), "{form}");
        }
    }

    #[test]
    fn a_form_in_short_parts_ends_a_name() {
        assert!(ends("Anna Schmidt s.r.o."));
        assert!(ends("Romashka Sp. z o.o."));
        assert!(ends("ACME S.R.L."));
        assert!(ends("Mueller G m b H"));
        assert!(!ends("S. R. O'Neil"), "initials open a name");
        assert!(!ends("Anna Schmidt Ltd"), "one word is asked alone");
        assert!(!ends("Anna Schmidt"));
        assert!(!ends(""));
        assert!(!ends("Nguyen Van An"));
    }

    #[test]
    fn the_generator_reads_forms_in_parts_as_this_does() {
        // scripts/refresh-data.py keeps only the forms in parts this reads.
        let script = include_str!("../../scripts/refresh-data.py");
        let line = format!("MOST_PARTS, LONGEST_PART = {MOST_PARTS}, {LONGEST_PART}\n");
        let longest = format!("LONGEST_LEGAL_FORM = {MAX_WORD}\n");
        assert!(script.contains(&line) && script.contains(&longest));
    }

    #[test]
    fn a_form_that_is_a_name_ends_a_company_only_letter_by_letter() {
        for company in [
            "Ivan Horvat d.o.o.",
            "IVAN HORVAT D.O.O.",
            "Baltic Dev S.I.A.",
            "Hansen a.m.b.a.",
        ] {
            assert!(ends(company), "{company}");
        }
        for person in [
            "Kim Doo Han",
            "Lee Do O",
            "Sia Furler",
            "Anna Sia",
            "Ivan Horvat Do O",
        ] {
            assert!(!ends(person), "{person}");
        }
        assert!(!forms().contains(b"doo") && letter_forms().contains(b"doo"));
    }
}
