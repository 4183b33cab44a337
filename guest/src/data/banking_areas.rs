//! Banking areas (SEPA) and territories that bank in another country's
//! scheme (Guadeloupe with French IBANs, Jersey with UK sort codes).

use super::Pack;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The areas and territories, generated from the IBAN registry.
pub const PACK: Pack = Pack {
    name: "banking-areas",
    text: include_str!("../../data/banking-areas.tsv"),
};

/// The countries of the banking area `name` ("SEPA").
pub fn area(name: &str) -> Vec<String> {
    PACK.rows()
        .filter(|r| r[0] == "area" && r[1] == name)
        .map(|r| r[2].to_string())
        .collect()
}

/// The country whose banks are local to residents of `territory`, when
/// it banks in another country's scheme.
pub fn banks_in(territory: &str) -> Option<&'static str> {
    // Asked several times per payout: read the pack once.
    static BANKS_IN: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    BANKS_IN
        .get_or_init(|| {
            PACK.rows()
                .filter(|r| r[0] == "banks-in")
                .map(|r| (r[2], r[1]))
                .collect()
        })
        .get(territory)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::country::is_country;

    #[test]
    fn sepa_holds_the_eu_the_eea_the_uk_and_switzerland() {
        let sepa = area("SEPA");
        for c in [
            "DE", "FR", "GB", "CH", "NO", "IS", "LI", "MC", "SM", "VA", "AD", "JE",
        ] {
            assert!(sepa.contains(&c.to_string()), "{c}");
        }
        assert!(!sepa.contains(&"US".to_string()) && !sepa.contains(&"XK".to_string()));
        assert!(sepa.iter().all(|c| is_country(c)));
    }

    #[test]
    fn territories_bank_where_their_ibans_say() {
        assert_eq!(banks_in("GP"), Some("FR"));
        assert_eq!(banks_in("AX"), Some("FI"));
        assert_eq!(banks_in("JE"), Some("GB"));
        assert_eq!(banks_in("PR"), Some("US"));
        assert_eq!(banks_in("FR"), None);
    }
}
