//! The destination was changed shortly before payday: the classic
//! payroll-diversion move, and how facilitators swap in their accounts.
//! A change to a foreign or e-money destination is the combination the
//! advisories describe, so it counts more.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "account-change",
        category: Category::AccountChange,
        severity: Severity::Medium,
        weight: 20,
        description: "The destination changed within the policy's days before the pay date; 1.5 times the weight when the new destination is foreign, crypto or e-money.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let changed = ctx.payout.account_changed_at?;
    let paid = ctx.payout.pay_date?;
    let days = paid.days() - changed.days();
    if !(0..=i64::from(ctx.policy.account_change_days)).contains(&days) {
        return None;
    }
    let foreign = ctx
        .facts
        .bank_abroad(&ctx.payout.residence_country)
        .is_some();
    let aggravating = if foreign {
        Some("a bank abroad")
    } else if matches!(ctx.payout.destination, Destination::Crypto(_)) {
        Some("a crypto wallet")
    } else if ctx.facts.e_money.is_some() {
        Some("an e-money account")
    } else {
        None
    };
    let mut hit = Hit::new(
        format!(
            "The destination changed on {changed}, {days} days before the pay date {paid}{}.",
            aggravating.map(|a| format!(", to {a}")).unwrap_or_default()
        ),
        [
            ("account-changed-at", changed.to_string()),
            ("pay-date", paid.to_string()),
            ("days-before-pay", days.to_string()),
        ],
    );
    if let Some(a) = aggravating {
        hit.evidence.push(("new-destination".into(), a.into()));
        hit.amplified = true;
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Destination, Payout};
    use crate::rules::testing::*;

    #[test]
    fn fires_for_a_late_change_and_amplifies_a_foreign_one() {
        let hit = check("account-change", &changed_days_before(6)).unwrap();
        assert_eq!(evidence(&hit, "days-before-pay"), Some("6"));
        assert!(!hit.amplified, "a domestic bank");
        let foreign = Payout {
            destination: Destination::Bank(BankAccount {
                iban: Some("LT35 3250 0123 4567 8901".into()),
                ..BankAccount::default()
            }),
            ..changed_days_before(6)
        };
        let hit = check("account-change", &foreign).unwrap();
        assert!(hit.amplified);
        assert_eq!(evidence(&hit, "new-destination"), Some("a bank abroad"));
    }

    #[test]
    fn old_undated_or_future_changes_are_quiet() {
        assert!(check("account-change", &payout()).is_none());
        let mut old = changed_days_before(0);
        old.account_changed_at.as_mut().unwrap().year = 2025;
        assert!(check("account-change", &old).is_none());
        let mut after = changed_days_before(0);
        after.account_changed_at.as_mut().unwrap().month = 12;
        assert!(check("account-change", &after).is_none());
    }
}
