//! E-money institutions, payment institutions and virtual-IBAN issuers:
//! recognised by BIC (institution code and country) and by the national
//! bank code inside an IBAN.

use super::Pack;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The reviewed institutions, by the first six characters of their BICs.
pub const REVIEWED: Pack = Pack {
    name: "e-money-institutions",
    text: include_str!("../../data/e-money-reviewed.tsv"),
};

/// Their national bank codes, generated from schwifty's bank registry.
pub const BANK_CODES: Pack = Pack {
    name: "e-money-bank-codes",
    text: include_str!("../../data/e-money.tsv"),
};

/// Routing numbers (US ABA, UK sort codes) of e-money firms and their
/// partner banks.
pub const ROUTING: Pack = Pack {
    name: "e-money-routing-numbers",
    text: include_str!("../../data/e-money-routing.tsv"),
};

/// A domestic routing scheme whose numbers name a bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// US ABA routing transit number.
    Aba,
    /// UK sort code.
    SortCode,
}

impl Scheme {
    /// The scheme as `e-money-routing.tsv` and findings' evidence name it.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Aba => "aba",
            Scheme::SortCode => "sort-code",
        }
    }
}

/// The firm behind a routing number (digits only) of `scheme`.
pub fn by_routing(scheme: Scheme, digits: &str) -> Option<(&'static str, &'static str)> {
    let scheme = scheme.name();
    index().by_routing.get(&(scheme, digits)).copied()
}

/// One institution as the pack names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Institution {
    /// The brand a reviewer knows, such as "Wise".
    pub brand: &'static str,
    /// "e-money institution", "payment institution" or "virtual-IBAN issuer".
    pub kind: &'static str,
    /// The BIC on record for it.
    pub bic: &'static str,
}

struct Index {
    by_bic6: FxHashMap<&'static str, Institution>,
    by_bank_code: FxHashMap<(&'static str, &'static str), Institution>,
    /// The firm and note by scheme and routing number.
    by_routing: FxHashMap<(&'static str, &'static str), (&'static str, &'static str)>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let by_bic6: FxHashMap<_, _> = REVIEWED
            .rows()
            .map(|r| {
                let institution = Institution {
                    brand: r[1],
                    kind: r[2],
                    bic: r[0],
                };
                (r[0], institution)
            })
            .collect();
        let by_bank_code = BANK_CODES
            .rows()
            .filter_map(|r| {
                let reviewed = by_bic6.get(r[2].get(..6)?)?;
                Some((
                    (r[0], r[1]),
                    Institution {
                        bic: r[2],
                        ..*reviewed
                    },
                ))
            })
            .collect();
        Index {
            by_bic6,
            by_bank_code,
            by_routing: ROUTING
                .rows()
                .map(|r| ((r[0], r[1]), (r[2], r[3])))
                .collect(),
        }
    })
}

/// The institution behind a BIC (8 or 11 characters, upper case).
pub fn by_bic(bic: &str) -> Option<Institution> {
    index().by_bic6.get(bic.get(..6)?).copied()
}

/// The institution behind a national bank code of `country`, as it
/// appears inside that country's IBANs.
pub fn by_bank_code(country: &str, bank_code: &str) -> Option<Institution> {
    index().by_bank_code.get(&(country, bank_code)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_institutions_the_advisories_name() {
        assert_eq!(by_bank_code("BE", "967").unwrap().brand, "Wise");
        assert_eq!(by_bank_code("GB", "REVO").unwrap().brand, "Revolut");
        assert_eq!(
            by_routing(Scheme::Aba, "026073150").unwrap().0,
            "Community Federal Savings Bank (Wise, Payoneer)"
        );
        assert_eq!(by_routing(Scheme::SortCode, "231470").unwrap().0, "Wise");
        assert_eq!(
            by_bank_code("DE", "20220800").unwrap().brand,
            "Banking Circle"
        );
        assert_eq!(by_bic("PAAVGB22").unwrap().brand, "Payoneer");
        assert_eq!(by_bic("TRWIGB2LXXX").unwrap().brand, "Wise");
    }

    #[test]
    fn banks_and_look_alikes_are_not_e_money() {
        assert_eq!(by_bic("PAYODEF2"), None, "PAYONE, not Payoneer");
        assert_eq!(by_bic("NTSBDEB1"), None, "N26 is a bank");
        assert_eq!(by_bic("MONZGB2L"), None, "Monzo is a bank");
        assert_eq!(by_bank_code("DE", "10011001"), None, "N26's BLZ");
        assert_eq!(by_bank_code("GB", "MONZ"), None);
        assert_eq!(by_bank_code("DE", "37040044"), None, "Commerzbank");
        assert_eq!(
            by_bank_code("LT", "32500"),
            None,
            "Revolut Bank UAB is a bank"
        );
        assert_eq!(by_bic("REVOLT21"), None, "Revolut Bank UAB is a bank");
        assert_eq!(by_bic("TRWI"), None, "too short to be a BIC");
    }
}
