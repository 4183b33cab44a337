//! One account, wallet or e-wallet receiving the pay of several employees:
//! the facilitator's account of the advisories.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Evidence, KeyKind, PeerGroup, Severity};
use crate::normalize::destination::destination_key_read;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "shared-destination",
        category: Category::SharedAccount,
        severity: Severity::High,
        weight: 50,
        description: "The same destination receives the pay of two or more distinct employees.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let group = shared_group(ctx, KeyKind::Destination)?;
    Some(peer_hit(
        group,
        "This destination also receives the pay of",
        (
            "destination",
            destination_key_read(&ctx.payout.destination, ctx.facts.account_key())
                .unwrap_or_default(),
        ),
    ))
}

/// This payout's roster group of `kind`, when it spans enough employees.
pub(super) fn shared_group<'c>(ctx: &'c Context, kind: KeyKind) -> Option<&'c PeerGroup> {
    ctx.peers
        .iter()
        .find(|g| g.kind == kind && g.employee_count >= ctx.policy.shared_min_employees)
}

/// A hit naming the other employees of `group`, this run's and earlier
/// runs': "{lead} E2 and 3 more: 5 distinct employees in all." An earlier
/// payout is named with its payroll and pay date, and one on another
/// payroll (another client of the platform) says so.
pub(super) fn peer_hit(group: &PeerGroup, lead: &str, shared: (&str, String)) -> Hit {
    let mut named: Vec<String> = group.other_employees.clone();
    named.extend(group.earlier.iter().map(|e| {
        let other = if e.other_payroll {
            "another payroll, "
        } else {
            ""
        };
        format!("{} ({other}{}, paid {})", e.employee, e.payroll, e.pay_date)
    }));
    let unnamed = (group.employee_count as usize)
        .saturating_sub(1)
        .saturating_sub(named.len());
    let more = if unnamed > 0 {
        format!(" and {unnamed} more")
    } else {
        String::new()
    };
    let history = if group.earlier.is_empty() {
        ""
    } else {
        ", earlier runs included"
    };
    let mut hit = Hit::new(
        format!(
            "{lead} {}{more}: {} distinct employees in all{history}.",
            named.join(", "),
            group.employee_count
        ),
        [shared, ("employees", group.employee_count.to_string())],
    );
    if !group.earlier.is_empty() {
        let earlier: Vec<String> = group
            .earlier
            .iter()
            .map(|e| {
                format!(
                    "{} {} on {} paid {}",
                    e.employee, e.payout, e.payroll, e.pay_date
                )
            })
            .collect();
        hit.evidence
            .push(Evidence::new("earlier", earlier.join("; ")));
        let mut payrolls: Vec<&str> = group
            .earlier
            .iter()
            .filter(|e| e.other_payroll)
            .map(|e| e.payroll.as_str())
            .collect();
        payrolls.sort_unstable();
        payrolls.dedup();
        if !payrolls.is_empty() {
            hit.evidence
                .push(Evidence::new("other-payrolls", payrolls.join(", ")));
        }
    }
    hit.related_employees = group.other_employees.clone();
    hit.related_payouts = group.other_payouts.clone();
    hit
}

#[cfg(test)]
mod tests {
    use crate::model::{KeyKind, PeerGroup};
    use crate::rules::testing::*;

    #[test]
    fn a_shared_wallet_is_named_by_its_key() {
        let pair = group(KeyKind::Destination, 2);
        for address in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            " 0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED ",
        ] {
            let p = with_wallet(address, Some("ETH"));
            let hit =
                check_with_peers("shared-destination", &p, std::slice::from_ref(&pair)).unwrap();
            assert_eq!(
                evidence(&hit, "destination"),
                Some("wallet:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
                "{address}"
            );
        }
    }

    #[test]
    fn fires_when_employees_share_a_destination() {
        let pair = group(KeyKind::Destination, 2);
        let hit =
            check_with_peers("shared-destination", &payout(), std::slice::from_ref(&pair)).unwrap();
        assert_eq!(
            evidence(&hit, "destination"),
            Some("iban:DE89370400440532013000")
        );
        assert_eq!(hit.related_employees, ["E2"]);
        assert_eq!(hit.related_payouts, ["P2"]);
        assert_eq!(
            hit.message,
            "This destination also receives the pay of E2: 2 distinct employees in all."
        );
        let crowd = PeerGroup {
            employee_count: 14,
            ..pair.clone()
        };
        let hit = check_with_peers("shared-destination", &payout(), &[crowd]).unwrap();
        assert!(
            hit.message.contains("E2 and 12 more: 14 distinct"),
            "{}",
            hit.message
        );
    }

    #[test]
    fn an_earlier_run_on_another_payroll_counts_and_says_so() {
        let group = PeerGroup {
            kind: KeyKind::Destination,
            employee_count: 2,
            other_employees: vec![],
            other_payouts: vec![],
            earlier: vec![crate::model::EarlierPayout {
                employee: "E7".into(),
                payout: "B-7".into(),
                payroll: "beta".into(),
                other_payroll: true,
                pay_date: day(10, 30),
            }],
        };
        let hit = check_with_peers("shared-destination", &payout(), &[group]).unwrap();
        assert_eq!(
            hit.message,
            "This destination also receives the pay of E7 (another payroll, beta, paid 2026-10-30): 2 distinct employees in all, earlier runs included."
        );
        assert_eq!(evidence(&hit, "other-payrolls"), Some("beta"));
        assert_eq!(
            evidence(&hit, "earlier"),
            Some("E7 B-7 on beta paid 2026-10-30")
        );
    }

    #[test]
    fn one_employee_paid_twice_is_not_shared() {
        // The host counts distinct employees: twice the same one is a count of 1.
        let alone = group(KeyKind::Destination, 1);
        assert!(check_with_peers("shared-destination", &payout(), &[alone]).is_none());
        assert!(check("shared-destination", &payout()).is_none());
        let phone = group(KeyKind::Phone, 2);
        assert!(check_with_peers("shared-destination", &payout(), &[phone]).is_none());
    }
}
