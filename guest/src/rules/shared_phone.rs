//! One phone number given by several employees: personas run by one
//! operator. An e-wallet registered to a phone number gives it too.

use super::shared_destination::{peer_hit, shared_group};
use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, KeyKind, Severity};
use crate::normalize::phone;

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
    let given = ctx.payout.phone.as_deref().map(str::trim);
    let registered = match &ctx.payout.destination {
        Destination::EWallet(ewallet) => phone::registered_at(&ewallet.handle, &ewallet.provider)
            .filter(|digits| ctx.facts.phone.as_ref() != Some(digits))
            .map(|_| ewallet.handle.trim()),
        _ => None,
    };
    // The group may have met on either number: both are named.
    let lead = match (given, registered) {
        (Some(phone), None) => format!("The phone {phone} is also given by"),
        (Some(phone), Some(wallet)) => format!(
            "The phone {phone}, or {wallet} this e-wallet is registered to, is also given by"
        ),
        (None, Some(wallet)) => {
            format!("The phone {wallet}, which this e-wallet is registered to, is also given by")
        }
        (None, None) => return None,
    };
    let phone = given.or(registered)?;
    Some(peer_hit(group, &lead, ("phone", phone.to_string())))
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
    fn names_the_phone_an_e_wallet_is_registered_to() {
        let peers = [group(KeyKind::Phone, 2)];
        let mpesa = with_ewallet("M-Pesa", "+254 712 345 678");
        let hit = check_with_peers("shared-phone", &mpesa, &peers).unwrap();
        assert_eq!(evidence(&hit, "phone"), Some("+254 712 345 678"));
        assert!(
            hit.message.starts_with(
                "The phone +254 712 345 678, which this e-wallet is registered to, is also given by E2"
            ),
            "{}",
            hit.message
        );
        // Registered to the employee's own phone: one number, named once.
        let own = Payout {
            phone: Some("+254712345678".into()),
            ..mpesa
        };
        let hit = check_with_peers("shared-phone", &own, &peers).unwrap();
        assert!(
            hit.message
                .starts_with("The phone +254712345678 is also given by"),
            "{}",
            hit.message
        );
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
