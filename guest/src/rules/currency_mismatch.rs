//! Paid in a currency used neither where the employee lives nor where the
//! bank is: a German resident paid in USD to a Hong Kong bank.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Evidence, Severity};
use crate::normalize::country::{self, uses_currency};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "currency-mismatch",
        category: Category::CountryMismatch,
        severity: Severity::Low,
        weight: 10,
        description: "The currency is not used in the residence country nor in the bank's country.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let code = ctx.payout.currency.as_str();
    // A crypto asset is used nowhere: nothing to compare.
    let currency = country::currency(code)?;
    let residence = ctx.payout.residence_country.as_str();
    let bank = ctx.facts.bank_country.map(|(c, _)| c);
    let used_in = |country: &str| uses_currency(country, currency);
    // Currencies of no country (XAU, XDR) say nothing about a place.
    if used_in(residence) || bank.is_some_and(used_in) || currency.used_by().is_empty() {
        return None;
    }
    let place = match bank {
        Some(bank) if bank != residence => format!("{residence} (residence) nor in {bank} (bank)"),
        _ => format!("{residence} (residence)"),
    };
    let mut hit = Hit::new(
        format!("Paid in {code}, which is not used in {place}."),
        [
            ("currency", code.to_string()),
            ("residence-country", residence.to_string()),
        ],
    );
    if let Some(bank) = bank {
        hit.evidence
            .push(Evidence::new("bank-country", bank.to_string()));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    #[test]
    fn fires_when_neither_country_uses_the_currency() {
        let hk = Payout {
            currency: "USD".into(),
            ..with_bank(BankAccount {
                account_number: Some("123456".into()),
                bic: Some("HSBCHKHHHKH".into()),
                ..BankAccount::default()
            })
        };
        let hit = check("currency-mismatch", &hk).unwrap();
        assert_eq!(
            hit.message,
            "Paid in USD, which is not used in DE (residence) nor in HK (bank)."
        );
    }

    #[test]
    fn a_currency_of_either_country_is_ordinary() {
        assert!(check("currency-mismatch", &payout()).is_none());
        let ch_franc_in_li = Payout {
            residence_country: "LI".into(),
            currency: "CHF".into(),
            ..payout()
        };
        assert!(check("currency-mismatch", &ch_franc_in_li).is_none());
        let usd_to_us_bank = Payout {
            currency: "USD".into(),
            ..with_bank(BankAccount {
                account_number: Some("123456".into()),
                bank_country: Some("US".into()),
                ..BankAccount::default()
            })
        };
        assert!(check("currency-mismatch", &usd_to_us_bank).is_none());
    }
}
