//! The advisories' own recommendation: pay only into domestic bank
//! accounts. Off unless the policy sets `require-domestic-bank` and names
//! its `home-countries`; then anything else is flagged.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "non-domestic-bank",
        category: Category::NonLocalBank,
        severity: Severity::High,
        weight: 40,
        description: "With require-domestic-bank set, the destination is not a bank in one of the policy's home countries.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let home = &ctx.policy.home_countries;
    if !ctx.policy.require_domestic_bank || home.is_empty() {
        return None;
    }
    let home_list = home.iter().collect::<Vec<_>>().join(", ");
    let (what, evidence) = match &ctx.payout.destination {
        // A bank whose country nothing tells cannot be shown domestic.
        Destination::Bank(_) => match ctx.facts.bank_country.as_ref() {
            Some((bank, _)) if home.contains(bank) => return None,
            Some((bank, source)) => (
                format!("a bank in {bank}"),
                ("bank-country", format!("{bank} (from {})", source.field())),
            ),
            None => (
                "a bank in an unknown country".into(),
                (
                    "bank-country",
                    "unknown: no IBAN, BIC, routing number or bank_country".into(),
                ),
            ),
        },
        Destination::Crypto(_) => ("a crypto wallet".into(), ("method", "crypto".into())),
        Destination::EWallet(_) => ("an e-wallet".into(), ("method", "ewallet".into())),
    };
    Some(Hit::new(
        format!("The policy requires a bank in {home_list}; this pays {what}."),
        [evidence, ("home-countries", home_list)],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::policy::{HOME_COUNTRIES, Policy, PolicyInput, REQUIRE_DOMESTIC_BANK};
    use crate::rules::testing::*;

    fn domestic_only() -> Policy {
        let mut input = PolicyInput::builtin();
        input.lists = vec![(HOME_COUNTRIES.into(), vec!["DE".into()])];
        input.parameters = vec![(REQUIRE_DOMESTIC_BANK.into(), 1)];
        Policy::new(input).unwrap()
    }

    #[test]
    fn flags_anything_but_a_home_bank_when_required() {
        let policy = domestic_only();
        let fr = Payout {
            residence_country: "FR".into(),
            ..payout()
        };
        assert!(
            check_with_policy("non-domestic-bank", &fr, &[], &policy).is_none(),
            "a DE bank"
        );
        let wallet = with_ewallet("Payoneer", "a@example.com");
        let hit = check_with_policy("non-domestic-bank", &wallet, &[], &policy).unwrap();
        assert_eq!(evidence(&hit, "method"), Some("ewallet"));
        let lt = with_bank(crate::model::BankAccount {
            iban: Some("LT35 3250 0123 4567 8901".into()),
            ..Default::default()
        });
        let hit = check_with_policy("non-domestic-bank", &lt, &[], &policy).unwrap();
        assert_eq!(evidence(&hit, "bank-country"), Some("LT (from iban)"));
        let unknown = with_bank(crate::model::BankAccount {
            account_number: Some("12345678".into()),
            ..Default::default()
        });
        let hit = check_with_policy("non-domestic-bank", &unknown, &[], &policy).unwrap();
        assert!(
            evidence(&hit, "bank-country")
                .unwrap()
                .starts_with("unknown")
        );
    }

    #[test]
    fn is_off_by_default() {
        assert!(
            check(
                "non-domestic-bank",
                &with_ewallet("Payoneer", "a@example.com")
            )
            .is_none()
        );
    }
}
