//! Every IBAN country's BBAN layout, from the IBAN registry: its parts,
//! where the bank code and the account number lie, and the country its
//! IBANs start with. IBANs are read by it, and an account's national form
//! turns into its IBAN.

use super::Pack;
use payguard_model::letter_pairs::{PAIRS_COUNT, pair_index};
use std::sync::OnceLock;

/// Country, BBAN parts, bank code and account positions, prefix flag,
/// the IBANs' country.
pub const PACK: Pack = Pack {
    name: "iban-national",
    text: include_str!("../../data/iban-national.tsv"),
};

/// A country's BBAN: its parts in order and where its fields lie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Each part's length and kind: `n` digits, `a` capital letters, `c` either.
    pub parts: Vec<(usize, u8)>,
    /// The bank code's span.
    pub bank: (usize, usize),
    /// The account number's span.
    pub account: (usize, usize),
    /// Whether the span between bank code and account is an account-number
    /// prefix, written "19-2000145399" (CZ, SK).
    pub prefixed: bool,
    /// The country code its IBANs start with: its own, or for a territory
    /// banking in another's scheme that one's (Réunion's IBANs are FR).
    pub iban_country: [u8; 2],
}

impl Layout {
    /// The BBAN's length.
    pub fn bban_len(&self) -> usize {
        self.parts.iter().map(|(n, _)| n).sum()
    }

    /// Whether `bban` (upper case) has this layout's parts.
    pub fn fits(&self, bban: &str) -> bool {
        let mut rest = bban.as_bytes();
        bban.len() == self.bban_len()
            && self.parts.iter().all(|&(n, kind)| {
                let (part, tail) = rest.split_at(n);
                rest = tail;
                part.iter().all(|b| match kind {
                    b'n' => b.is_ascii_digit(),
                    b'a' => b.is_ascii_uppercase(),
                    _ => b.is_ascii_digit() || b.is_ascii_uppercase(),
                })
            })
    }
}

fn span(text: &str) -> Option<(usize, usize)> {
    let (a, b) = text.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn parse(row: &[&'static str]) -> Option<(&'static str, Layout)> {
    let parts = row[1]
        .split_inclusive(['n', 'a', 'c'])
        .map(|p| Some((p[..p.len() - 2].parse().ok()?, *p.as_bytes().last()?)))
        .collect::<Option<Vec<_>>>()?;
    Some((
        row[0],
        Layout {
            parts,
            bank: span(row[2])?,
            account: span(row[3])?,
            prefixed: row[4] == "prefix",
            iban_country: row.get(5)?.as_bytes().try_into().ok()?,
        },
    ))
}

/// The layouts, each at its country's place among the letter pairs
/// ([`pair_index`]), so an IBAN's country is found by its letters, not by
/// a search.
static LAYOUTS: OnceLock<Vec<Option<Layout>>> = OnceLock::new();

/// The BBAN layout of `country`'s accounts (`country` in capitals).
pub fn layout(country: &str) -> Option<&'static Layout> {
    let layouts = LAYOUTS.get_or_init(|| {
        let mut layouts = vec![None; PAIRS_COUNT];
        for (code, layout) in PACK.rows().filter_map(|r| parse(&r)) {
            if let Some(i) = pair_index(code) {
                layouts[i] = Some(layout);
            }
        }
        layouts
    });
    layouts.get(pair_index(country)?)?.as_ref()
}

/// The layout of the IBANs that start with `country`: none for a country
/// without IBANs of its own, a territory among them.
pub fn iban_layout(country: &str) -> Option<&'static Layout> {
    layout(country).filter(|l| l.iban_country == country.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iban_country_has_its_layout() {
        let de = layout("DE").unwrap();
        assert_eq!(de.parts, [(8, b'n'), (10, b'n')]);
        assert_eq!((de.bank, de.account, de.prefixed), ((0, 8), (8, 18), false));
        let gb = layout("GB").unwrap();
        assert!(gb.fits("NWBK60161331926819"));
        assert!(!gb.fits("1234560161331926819"));
        assert!(layout("CZ").unwrap().prefixed);
        assert_eq!(layout("FR").unwrap().bban_len(), 23);
        assert!(layout("US").is_none());
        assert!(layout("de").is_none() && layout("D").is_none() && layout("DEU").is_none());
        assert!(PACK.rows().count() > 80);
        assert_eq!(
            PACK.rows().filter_map(|r| parse(&r)).count(),
            PACK.rows().count()
        );
    }

    #[test]
    fn a_territory_has_its_schemes_ibans() {
        assert_eq!(layout("RE").unwrap().iban_country, *b"FR");
        assert!(iban_layout("RE").is_none() && iban_layout("JE").is_none());
        assert_eq!(iban_layout("FR"), layout("FR"));
        // In the registry schwifty copies, not in iban_validate 5.0.1's.
        assert!(iban_layout("PK").is_some() && iban_layout("HN").is_some());
    }
}
