//! A BIC that does not have the ISO 9362 shape.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "invalid-bic",
        category: Category::InvalidDestination,
        severity: Severity::Low,
        weight: 20,
        description: "The BIC is malformed (ISO 9362: 8 or 11 characters, a valid country).",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let Some(Err(error)) = &ctx.facts.bic else {
        return None;
    };
    let Destination::Bank(bank) = &ctx.payout.destination else {
        return None;
    };
    Some(Hit::new(
        format!("The BIC is malformed: {}.", error.describe()),
        [(
            "bic",
            bank.bic.clone().unwrap_or_default().trim().to_string(),
        )],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::BankAccount;
    use crate::rules::testing::*;

    fn bic(raw: &str) -> crate::model::Payout {
        with_bank(BankAccount {
            iban: Some("DE89370400440532013000".into()),
            bic: Some(raw.into()),
            ..BankAccount::default()
        })
    }

    #[test]
    fn fires_on_malformed_bics() {
        let hit = check("invalid-bic", &bic("COBADEF")).unwrap();
        assert!(hit.message.contains("8 or 11 characters"));
        assert!(check("invalid-bic", &bic("COBAXXFFXXX")).is_some());
    }

    #[test]
    fn accepts_well_formed_bics_in_any_case() {
        assert!(check("invalid-bic", &bic("COBADEFFXXX")).is_none());
        assert!(check("invalid-bic", &bic(" cobadeff ")).is_none());
    }
}
