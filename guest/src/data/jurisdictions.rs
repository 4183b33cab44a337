//! The built-in country lists of the jurisdiction rules.

use super::Pack;

/// FATF's lists and the advisories' staging countries.
pub const PACK: Pack = Pack {
    name: "high-risk-countries",
    text: include_str!("../../data/high-risk-countries.tsv"),
};

/// The countries of one list of the pack: "high" or "monitored".
pub fn list(name: &str) -> Vec<String> {
    PACK.rows()
        .filter(|r| r[0] == name)
        .map(|r| r[1].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::country::is_country;

    #[test]
    fn lists_are_valid_disjoint_country_codes() {
        let high = list("high");
        let monitored = list("monitored");
        assert_eq!(high, ["KP", "IR", "MM", "CN", "RU", "LA"]);
        assert!(monitored.iter().chain(&high).all(|c| is_country(c)));
        assert!(monitored.iter().all(|c| !high.contains(c)));
    }
}
