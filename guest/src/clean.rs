//! A payout as the rules read it: blank optional text absent (see
//! `Payout::without_blanks`), every text field without invisible
//! characters (see `normalize::text`) and in Unicode's compatibility form
//! (NFKC: a fullwidth `ＤＥ８９…` IBAN is the IBAN `DE89…`, a ligature `ﬁ`
//! is `fi`), and a note of the fields that had invisible characters. Ids
//! are left as written: the host groups and reports by them.

use crate::model::{Destination, Payout};
use crate::normalize::text::{is_invisible, is_joiner, visible};
use std::ops::Deref;
use unicode_normalization::UnicodeNormalization;

/// Invisible characters found in one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// The CSV column.
    pub field: &'static str,
    /// The characters, each once, in order of appearance.
    pub chars: Vec<char>,
}

/// A payout as the rules read it: the one given when it needed no
/// cleaning (nearly always), else a cleaned copy. The copy is boxed so
/// moving a reading (every payout's) copies two words, not a payout (a
/// `Cow<Payout>` carried the payout's whole size inline).
#[derive(Debug)]
pub enum Cleaned<'a> {
    Borrowed(&'a Payout),
    Owned(Box<Payout>),
}

impl Deref for Cleaned<'_> {
    type Target = Payout;

    fn deref(&self) -> &Payout {
        match self {
            Cleaned::Borrowed(p) => p,
            Cleaned::Owned(p) => p,
        }
    }
}

/// Whether letters in a field may legitimately be joined by ZWNJ/ZWJ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Names and free text: joiners are ordinary writing.
    Writing,
    /// Account numbers, addresses, handles, codes: nothing invisible
    /// belongs there.
    Code,
}

/// `payout` with invisible characters removed from its text fields
/// (borrowed when it has none), and the fields whose invisible characters
/// are evidence: any in a code, any but joiners in a name or free text.
pub fn clean(payout: &Payout) -> (Cleaned<'_>, Vec<Hidden>) {
    // One pass over the fields: ASCII text (nearly all of it) has neither
    // invisible characters nor another compatibility form.
    let (mut invisible, mut compatible) = (false, false);
    for text in texts(payout).into_iter().flatten() {
        if !text.is_ascii() && !plain_latin(text) {
            invisible |= text.chars().any(is_invisible);
            compatible |= not_nfkc(text);
        }
    }
    if !invisible && !compatible && !payout.has_blanks() {
        return (Cleaned::Borrowed(payout), Vec::new());
    }
    // Blank text is absent text, then what is left loses its invisible
    // characters, then takes its compatibility form.
    let mut owned = payout.clone().without_blanks();
    let hidden = if invisible {
        visible_fields(&mut owned)
    } else {
        Vec::new()
    };
    if compatible {
        for (_, text, _) in texts_mut(&mut owned) {
            if not_nfkc(text) {
                *text = text.nfkc().collect();
            }
        }
    }
    (Cleaned::Owned(Box::new(owned)), hidden)
}

/// Latin letters (Latin-1's, most of Latin Extended-A's: "é", "ł", "ř",
/// "ő") that are no format character and stand in NFKC alone, without
/// combining: the tests check each against Unicode's tables.
const PLAIN_LATIN: [(char, char); 5] = [
    ('\u{C0}', '\u{FF}'),
    ('\u{100}', '\u{131}'),
    ('\u{134}', '\u{13E}'),
    ('\u{141}', '\u{148}'),
    ('\u{14A}', '\u{17E}'),
];

/// Whether `text` is ASCII and [`PLAIN_LATIN`] letters only: then it has
/// no invisible character and does not change under NFKC, and neither
/// need be asked of Unicode's tables character by character (a name or
/// reference with accents cost about 900 instructions natively so).
fn plain_latin(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii() || PLAIN_LATIN.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)))
}

/// Whether `text` changes under NFKC (ASCII never does). The quick check
/// answers for nearly all text without normalising it.
fn not_nfkc(text: &str) -> bool {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    if text.is_ascii() {
        return false;
    }
    match is_nfkc_quick(text.chars()) {
        IsNormalized::Yes => false,
        IsNormalized::No => true,
        IsNormalized::Maybe => !unicode_normalization::is_nfkc(text),
    }
}

/// Removes `owned`'s invisible characters; returns the fields whose
/// characters are evidence.
fn visible_fields(owned: &mut Payout) -> Vec<Hidden> {
    let mut hidden = Vec::new();
    for (field, text, kind) in texts_mut(owned) {
        let mut chars: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| is_invisible(*c)) {
            let ordinary = kind == Kind::Writing && is_joiner(c);
            if !ordinary && !chars.contains(&c) {
                chars.push(c);
            }
        }
        if !chars.is_empty() {
            hidden.push(Hidden { field, chars });
        }
        if let std::borrow::Cow::Owned(clean) = visible(text) {
            *text = clean;
        }
    }
    hidden
}

/// Every text field but the ids (None where absent); keep in step with
/// `texts_mut`. An array, so the common clean case allocates nothing.
fn texts(p: &Payout) -> [Option<&str>; 12] {
    let (a, b, c, d, e) = match &p.destination {
        Destination::Bank(b) => (
            b.iban.as_deref(),
            b.account_number.as_deref(),
            b.routing_number.as_deref(),
            b.bic.as_deref(),
            b.bank_country.as_deref(),
        ),
        Destination::Crypto(w) => (
            Some(w.address.as_str()),
            w.network.as_deref(),
            None,
            None,
            None,
        ),
        Destination::EWallet(e) => (
            Some(e.provider.as_str()),
            Some(e.handle.as_str()),
            None,
            None,
            None,
        ),
    };
    [
        Some(p.employee_name.as_str()),
        Some(p.residence_country.as_str()),
        Some(p.currency.as_str()),
        p.account_holder.as_deref(),
        p.phone.as_deref(),
        p.ship_to_country.as_deref(),
        p.reference.as_deref(),
        a,
        b,
        c,
        d,
        e,
    ]
}

/// Every text field but the ids, by column, mutably.
fn texts_mut(p: &mut Payout) -> Vec<(&'static str, &mut String, Kind)> {
    use Kind::{Code, Writing};
    let mut out = vec![
        ("employee_name", &mut p.employee_name, Writing),
        ("residence_country", &mut p.residence_country, Code),
        ("currency", &mut p.currency, Code),
    ];
    let optional = [
        ("account_holder", &mut p.account_holder, Writing),
        ("phone", &mut p.phone, Code),
        ("ship_to_country", &mut p.ship_to_country, Code),
        ("reference", &mut p.reference, Writing),
    ];
    out.extend(
        optional
            .into_iter()
            .filter_map(|(f, t, k)| Some((f, t.as_mut()?, k))),
    );
    match &mut p.destination {
        Destination::Bank(b) => {
            let fields = [
                ("iban", &mut b.iban),
                ("account_number", &mut b.account_number),
                ("routing_number", &mut b.routing_number),
                ("bic", &mut b.bic),
                ("bank_country", &mut b.bank_country),
            ];
            out.extend(
                fields
                    .into_iter()
                    .filter_map(|(f, t)| Some((f, t.as_mut()?, Code))),
            );
        }
        Destination::Crypto(w) => {
            out.push(("wallet_address", &mut w.address, Code));
            out.extend(w.network.as_mut().map(|t| ("wallet_network", t, Code)));
        }
        Destination::EWallet(e) => {
            out.push(("ewallet_provider", &mut e.provider, Writing));
            out.push(("ewallet_id", &mut e.handle, Code));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn plain_latin_letters_are_visible_starters_in_nfkc() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        for &(lo, hi) in &PLAIN_LATIN {
            for c in lo..=hi {
                assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
                assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "{c}");
                assert!(!is_invisible(c), "{c}");
            }
        }
        assert!(plain_latin(
            "Nómina noviembre 2026, Łukasz Wójcik, Zoë Ørsted"
        ));
        for other in ["ﬁ", "Ĳssel", "Ｄ", "a\u{200B}b", "e\u{301}", "Дмитрий"] {
            assert!(!plain_latin(other), "{other}");
        }
    }

    #[test]
    fn a_clean_payout_is_borrowed() {
        let p = payout();
        assert!(matches!(clean(&p).0, Cleaned::Borrowed(_)));
    }

    #[test]
    fn strips_every_field_and_notes_codes_but_not_joiners_in_names() {
        let p = Payout {
            employee_name: "Mohammad\u{200C}reza Ahmadi".into(),
            reference: Some("pay 0x5aAeb6053F3E94C9b9A09f\u{200B}33669435E7Ef1BeAed".into()),
            ..with_ewallet("PayPal", "anna\u{2060}@example.com")
        };
        let (clean, hidden) = clean(&p);
        assert_eq!(clean.employee_name, "Mohammadreza Ahmadi");
        assert!(!clean.reference.as_deref().unwrap().contains('\u{200B}'));
        let fields: Vec<_> = hidden.iter().map(|h| (h.field, h.chars.clone())).collect();
        assert_eq!(
            fields,
            [
                ("reference", vec!['\u{200B}']),
                ("ewallet_id", vec!['\u{2060}'])
            ]
        );
    }
}
