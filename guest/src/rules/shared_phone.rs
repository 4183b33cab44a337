//! One phone number given by several employees: personas run by one
//! operator.

use super::shared_destination::{peer_hit, shared_group};
use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, KeyKind, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "shared-phone",
        category: Category::SharedAccount,
        severity: Severity::Medium,
        weight: 30,
        description: "The same phone number is given by two or more distinct employees.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let group = shared_group(ctx, KeyKind::Phone)?;
    let phone = ctx.payout.phone.as_deref()?.trim();
    Some(peer_hit(
        group,
        &format!("The phone {phone} is also given by"),
        ("phone", phone.to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::{KeyKind, Payout};
    use crate::rules::testing::*;

    #[test]
    fn fires_when_employees_share_a_phone() {
        let p = Payout {
            phone: Some("+49 30 1234567".into()),
            ..payout()
        };
        let hit = check_with_peers("shared-phone", &p, &[group(KeyKind::Phone, 2)]).unwrap();
        assert_eq!(evidence(&hit, "phone"), Some("+49 30 1234567"));
        assert_eq!(hit.related_employees, ["E2"]);
    }

    #[test]
    fn a_phone_of_one_employee_is_not_shared() {
        let p = Payout {
            phone: Some("+49 30 1234567".into()),
            ..payout()
        };
        assert!(check_with_peers("shared-phone", &p, &[group(KeyKind::Phone, 1)]).is_none());
        assert!(check("shared-phone", &p).is_none());
    }
}
