//! An IBAN that fails its country's layout or its check digits: a typo, or
//! an account that does not exist.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};
use crate::normalize::iban::IbanReading;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "invalid-iban",
        category: Category::InvalidDestination,
        severity: Severity::Medium,
        weight: 40,
        description: "The IBAN fails validation (layout of its country or ISO 7064 check digits).",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let Some(IbanReading::Invalid {
        electronic, reason, ..
    }) = &ctx.facts.iban
    else {
        return None;
    };
    Some(Hit::new(
        match ctx.facts.iban_source.field() {
            "account_number" => {
                format!("The IBAN written in account_number is not valid: {reason}.")
            }
            _ => format!("The IBAN is not valid: {reason}."),
        },
        [("iban", electronic.clone()), ("reason", reason.to_string())],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::BankAccount;
    use crate::rules::testing::*;

    fn iban(raw: &str) -> crate::model::Payout {
        with_bank(BankAccount {
            iban: Some(raw.into()),
            ..BankAccount::default()
        })
    }

    #[test]
    fn fires_on_bad_check_digits_and_layouts() {
        let hit = check("invalid-iban", &iban("DE88 3704 0044 0532 0130 00")).unwrap();
        assert_eq!(evidence(&hit, "reason"), Some("check digits do not match"));
        assert_eq!(evidence(&hit, "iban"), Some("DE88370400440532013000"));
        assert!(check("invalid-iban", &iban("DE8937040044053201300")).is_some());
    }

    #[test]
    fn accepts_valid_ibans_in_print_form() {
        assert!(check("invalid-iban", &iban("de89 3704 0044 0532 0130 00")).is_none());
        assert!(check("invalid-iban", &iban("GB82 WEST 1234 5698 7654 32")).is_none());
    }
}
