//! One account, wallet or e-wallet receiving the pay of several employees:
//! the facilitator's account of the advisories.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, KeyKind, Severity};
use crate::roster::destination_key;

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
    let group = ctx.peers.iter().find(|g| {
        g.kind == KeyKind::Destination && g.employee_count >= ctx.policy.shared_min_employees
    })?;
    let others = group.other_employees.join(", ");
    let more = group.employee_count as usize
        - 1
        - group
            .other_employees
            .len()
            .min(group.employee_count as usize - 1);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let mut hit = Hit::new(
        format!(
            "This destination also receives the pay of {others}{more}: {} distinct employees in all.",
            group.employee_count
        ),
        [
            (
                "destination",
                destination_key(ctx.payout).unwrap_or_default(),
            ),
            ("employees", group.employee_count.to_string()),
        ],
    );
    hit.related_employees = group.other_employees.clone();
    hit.related_payouts = group.other_payouts.clone();
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::{KeyKind, PeerGroup};
    use crate::rules::testing::*;

    fn group(count: u32) -> PeerGroup {
        PeerGroup {
            kind: KeyKind::Destination,
            employee_count: count,
            other_employees: vec!["E2".into()],
            other_payouts: vec!["P2".into()],
        }
    }

    #[test]
    fn fires_when_employees_share_a_destination() {
        let hit = check_with_peers("shared-destination", &payout(), &[group(2)]).unwrap();
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
            ..group(2)
        };
        let hit = check_with_peers("shared-destination", &payout(), &[crowd]).unwrap();
        assert!(
            hit.message.contains("E2 and 12 more: 14 distinct"),
            "{}",
            hit.message
        );
    }

    #[test]
    fn one_employee_paid_twice_is_not_shared() {
        // The host counts distinct employees: twice the same one is a count of 1.
        assert!(check_with_peers("shared-destination", &payout(), &[group(1)]).is_none());
        assert!(check("shared-destination", &payout()).is_none());
    }
}
