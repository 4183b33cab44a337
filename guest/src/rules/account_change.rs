//! The destination was changed shortly before payday: the classic
//! payroll-diversion move, and how facilitators swap in their accounts.
//! A change to a foreign or e-money destination is the combination the
//! advisories describe, so it counts more.
//!
//! Payroll exports rarely carry the day of the change. With a history of
//! earlier runs, a destination that differs from the one the employee was
//! last paid to is a change on this payout's day; a first appearance is
//! none. An `account_changed_at` in the file still wins.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Date, Destination, EarlierDestination, Evidence, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "account-change",
        category: Category::AccountChange,
        severity: Severity::Medium,
        weight: 20,
        description: "The destination changed within the policy's days before the pay date (from the file's account_changed_at, else from a history in which the employee was last paid elsewhere); 1.5 times the weight when the new destination is foreign, crypto or e-money.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let (changed, paid, previous) = match ctx.payout.account_changed_at {
        Some(changed) => (changed, ctx.payout.pay_date?, None),
        None => {
            let previous = changed_from(ctx.history)?;
            let day = ctx.day()?;
            (day, day, Some(previous))
        }
    };
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
    } else if ctx.facts.crypto_exchange.is_some() {
        Some("a crypto exchange")
    } else if ctx.facts.e_money.is_some() {
        Some("an e-money account")
    } else if matches!(ctx.payout.destination, Destination::EWallet(_)) {
        // An e-wallet without e-money's fact is paid in a crypto asset.
        Some("an e-wallet paid in crypto")
    } else {
        None
    };
    let to = aggravating.map(|a| format!(", to {a}")).unwrap_or_default();
    let mut hit = match previous {
        None => Hit::new(
            format!(
                "The destination changed on {changed}, {days} days before the pay date {paid}{to}."
            ),
            [
                ("account-changed-at", changed.to_string()),
                ("pay-date", paid.to_string()),
                ("days-before-pay", days.to_string()),
            ],
        ),
        Some(previous) => from_history(ctx, previous, paid, &to),
    };
    if let Some(a) = aggravating {
        hit.evidence.push(Evidence::new("new-destination", a));
        hit.amplified = true;
    }
    Some(hit)
}

/// The destination the employee was last paid to, when it is not this
/// payout's: the history's most recently paid destination.
fn changed_from(history: &[EarlierDestination]) -> Option<&EarlierDestination> {
    history.first().filter(|last| !last.current)
}

/// A change the history shows: named by the earlier destination's kind,
/// country and last payout, and by whether this one was used before.
fn from_history(ctx: &Context, previous: &EarlierDestination, day: Date, to: &str) -> Hit {
    let returned = ctx.history.iter().find(|d| d.current);
    let back = returned
        .map(|d| format!(" (back to a destination last paid on {})", d.last_paid))
        .unwrap_or_default();
    let mut hit = Hit::new(
        format!(
            "The employee was last paid on {} to {}; this payout on {day} goes elsewhere{back}{to}.",
            previous.last_paid, previous.profile
        ),
        [
            (
                "account-changed-at",
                format!("{day} (derived from history)"),
            ),
            ("pay-date", day.to_string()),
            ("days-before-pay", "0".to_string()),
            ("previous-destination", previous.profile.to_string()),
            ("previous-paid", previous.last_paid.to_string()),
            ("previous-payout", previous.payout.clone()),
        ],
    );
    if let Some(d) = returned {
        hit.evidence.push(Evidence::new(
            "returned-to-earlier",
            d.last_paid.to_string(),
        ));
    }
    hit
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Destination, Payout};
    use crate::policy::Policy;
    use crate::rules::testing::*;

    #[test]
    fn a_destination_other_than_the_last_one_paid_is_a_change_on_the_pay_day() {
        let history = [earlier(false, "LT", day(9, 30), day(10, 30))];
        let hit = check_with_history(
            "account-change",
            &paid_on(11, 30),
            &[],
            &history,
            &Policy::default(),
        )
        .expect("a change");
        assert_eq!(evidence(&hit, "previous-destination"), Some("a bank in LT"));
        assert_eq!(evidence(&hit, "previous-paid"), Some("2026-10-30"));
        assert_eq!(evidence(&hit, "days-before-pay"), Some("0"));
        assert!(!hit.amplified, "to the German IBAN of a German resident");
    }

    #[test]
    fn the_same_destination_or_a_first_appearance_is_no_change() {
        let same = [earlier(true, "DE", day(9, 30), day(10, 30))];
        let policy = Policy::default();
        assert!(
            check_with_history("account-change", &paid_on(11, 30), &[], &same, &policy).is_none()
        );
        assert!(
            check_with_history("account-change", &paid_on(11, 30), &[], &[], &policy).is_none()
        );
    }

    #[test]
    fn a_return_to_an_earlier_destination_is_a_change_that_says_so() {
        let history = [
            earlier(false, "LT", day(10, 30), day(10, 30)),
            earlier(true, "DE", day(8, 30), day(9, 30)),
        ];
        let hit = check_with_history(
            "account-change",
            &paid_on(11, 30),
            &[],
            &history,
            &Policy::default(),
        )
        .expect("a change");
        assert_eq!(evidence(&hit, "returned-to-earlier"), Some("2026-09-30"));
    }

    #[test]
    fn an_account_changed_at_in_the_file_wins_over_the_history() {
        let history = [earlier(false, "LT", day(9, 30), day(10, 30))];
        let mut p = changed_days_before(0);
        p.account_changed_at = Some(day(9, 1));
        assert!(
            check_with_history("account-change", &p, &[], &history, &Policy::default()).is_none(),
            "the file says the change was three months ago"
        );
    }

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
