//! Countries whose IBAN is the bank code and the account number side by
//! side, from the IBAN registry: there an account's national form turns
//! into its IBAN.

use super::Pack;

/// Country, bank code digits, account digits.
pub const PACK: Pack = Pack {
    name: "iban-national",
    text: include_str!("../../data/iban-national.tsv"),
};

/// The bank code's and the account's digits in `country`'s IBAN, when it
/// is only those two.
pub fn layout(country: &str) -> Option<(usize, usize)> {
    PACK.rows()
        .find(|r| r[0] == country)
        .and_then(|r| Some((r[1].parse().ok()?, r[2].parse().ok()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn germany_and_austria_are_bank_code_then_account() {
        assert_eq!(layout("DE"), Some((8, 10)));
        assert_eq!(layout("AT"), Some((5, 11)));
        // National check digits (FR, ES, BE, IT) or letters (GB, NL): no.
        for country in ["FR", "ES", "BE", "IT", "GB", "NL", "CZ"] {
            assert_eq!(layout(country), None, "{country}");
        }
    }
}
