//! A bank in another country of the residence's banking area (a French
//! resident with a German IBAN): legal and common under SEPA, so it only
//! adds a little to other signals.

use super::non_local_bank::foreign_bank;
use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "non-local-bank-in-area",
        category: Category::NonLocalBank,
        severity: Severity::Low,
        weight: 10,
        description: "The bank is in another country of the residence's banking area (SEPA by default).",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let (bank, source) = foreign_bank(ctx)?;
    let area = &ctx.policy.banking_area;
    let residence = &ctx.payout.residence_country;
    if !(area.contains(residence) && area.contains(bank)) {
        return None;
    }
    Some(Hit::new(
        format!("The employee lives in {residence} and banks in {bank}, inside one banking area."),
        [
            ("residence-country", residence.clone()),
            ("bank-country", bank.to_string()),
            ("bank-country-from", source.into()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    #[test]
    fn fires_for_another_country_of_the_area() {
        let hit = check(
            "non-local-bank-in-area",
            &Payout {
                residence_country: "FR".into(),
                ..payout()
            },
        )
        .unwrap();
        assert_eq!(evidence(&hit, "bank-country"), Some("DE"));
    }

    #[test]
    fn leaves_home_banks_and_other_areas_alone() {
        assert!(check("non-local-bank-in-area", &payout()).is_none());
        assert!(
            check(
                "non-local-bank-in-area",
                &Payout {
                    residence_country: "US".into(),
                    ..payout()
                }
            )
            .is_none()
        );
    }
}
