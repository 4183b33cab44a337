//! An employee paid to many destinations in a short time: facilitators
//! rotate accounts, and a worker whose pay moves month after month is
//! someone else's worker. Only a history of earlier runs shows it.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "repeated-account-change",
        category: Category::AccountChange,
        severity: Severity::Medium,
        weight: 30,
        description: "The employee was paid to account-change-max (3) or more distinct destinations within account-change-window-days (180) up to this payout, this one included; needs a history of earlier runs.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let day = ctx.day()?;
    let window = i64::from(ctx.policy.account_change_window_days);
    let since = day.days() - window;
    let recent: Vec<_> = ctx
        .history
        .iter()
        .filter(|d| !d.current && d.last_paid.days() >= since)
        .collect();
    // This payout's destination is one of them, recorded before or not.
    let count = recent.len() + 1;
    if count < ctx.policy.account_change_max as usize {
        return None;
    }
    let earliest = recent
        .iter()
        .map(|d| d.first_paid)
        .min()
        .expect("at least one earlier destination");
    let kinds: Vec<String> = recent
        .iter()
        .map(|d| format!("{} (last paid {})", d.profile, d.last_paid))
        .collect();
    Some(Hit::new(
        format!(
            "The employee was paid to {count} distinct destinations in the {window} days up to {day}, this one included: {}.",
            kinds.join(", ")
        ),
        [
            ("destinations", count.to_string()),
            ("window-days", window.to_string()),
            ("first-paid", earliest.to_string()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::policy::{Policy, PolicyInput};
    use crate::rules::testing::*;

    #[test]
    fn three_destinations_in_the_window_fire() {
        let history = [
            earlier(false, "LT", day(10, 30), day(10, 30)),
            earlier(false, "GB", day(9, 30), day(9, 30)),
        ];
        let hit = check_with_history(
            "repeated-account-change",
            &paid_on(11, 30),
            &[],
            &history,
            &Policy::default(),
        )
        .expect("three destinations");
        assert_eq!(evidence(&hit, "destinations"), Some("3"));
        assert_eq!(evidence(&hit, "first-paid"), Some("2026-09-30"));
    }

    #[test]
    fn two_destinations_or_an_old_one_do_not() {
        let policy = Policy::default();
        let two = [earlier(false, "LT", day(10, 30), day(10, 30))];
        assert!(
            check_with_history(
                "repeated-account-change",
                &paid_on(11, 30),
                &[],
                &two,
                &policy
            )
            .is_none()
        );
        let old = [
            earlier(false, "LT", day(10, 30), day(10, 30)),
            earlier(false, "GB", day(1, 30), day(3, 30)),
        ];
        assert!(
            check_with_history(
                "repeated-account-change",
                &paid_on(11, 30),
                &[],
                &old,
                &policy
            )
            .is_none(),
            "last paid 245 days before: outside the 180-day window"
        );
        let back = [
            earlier(false, "LT", day(10, 30), day(10, 30)),
            earlier(true, "DE", day(8, 30), day(9, 30)),
        ];
        assert!(
            check_with_history(
                "repeated-account-change",
                &paid_on(11, 30),
                &[],
                &back,
                &policy
            )
            .is_none(),
            "a return to an earlier destination is two destinations, not three"
        );
    }

    #[test]
    fn the_policy_sets_the_count_and_the_window() {
        let mut input = PolicyInput::builtin();
        input.parameters = vec![("account-change-max".into(), 2)];
        let policy = Policy::new(input).unwrap();
        let two = [earlier(false, "LT", day(10, 30), day(10, 30))];
        assert!(
            check_with_history(
                "repeated-account-change",
                &paid_on(11, 30),
                &[],
                &two,
                &policy
            )
            .is_some()
        );
    }
}
