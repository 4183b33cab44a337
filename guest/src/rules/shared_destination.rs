//! One account, wallet or e-wallet receiving the pay of several employees:
//! the facilitator's account of the advisories.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, KeyKind, PeerGroup, Severity};
use crate::normalize::destination::destination_key;

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
            destination_key(&ctx.payout.destination).unwrap_or_default(),
        ),
    ))
}

/// This payout's roster group of `kind`, when it spans enough employees.
pub(super) fn shared_group<'c>(ctx: &'c Context, kind: KeyKind) -> Option<&'c PeerGroup> {
    ctx.peers
        .iter()
        .find(|g| g.kind == kind && g.employee_count >= ctx.policy.shared_min_employees)
}

/// A hit naming the other employees of `group`: "{lead} E2 and 3 more: 5
/// distinct employees in all."
pub(super) fn peer_hit(group: &PeerGroup, lead: &str, shared: (&str, String)) -> Hit {
    let others = group.other_employees.join(", ");
    let unnamed = (group.employee_count as usize)
        .saturating_sub(1)
        .saturating_sub(group.other_employees.len());
    let more = if unnamed > 0 {
        format!(" and {unnamed} more")
    } else {
        String::new()
    };
    let mut hit = Hit::new(
        format!(
            "{lead} {others}{more}: {} distinct employees in all.",
            group.employee_count
        ),
        [shared, ("employees", group.employee_count.to_string())],
    );
    hit.related_employees = group.other_employees.clone();
    hit.related_payouts = group.other_payouts.clone();
    hit
}

#[cfg(test)]
mod tests {
    use crate::model::{KeyKind, PeerGroup};
    use crate::rules::testing::*;

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
            ..pair
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
        let alone = group(KeyKind::Destination, 1);
        assert!(check_with_peers("shared-destination", &payout(), &[alone]).is_none());
        assert!(check("shared-destination", &payout()).is_none());
        let phone = group(KeyKind::Phone, 2);
        assert!(check_with_peers("shared-destination", &payout(), &[phone]).is_none());
    }
}
