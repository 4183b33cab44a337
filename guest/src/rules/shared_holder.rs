//! One third party holding the accounts of several employees: a
//! facilitator who opened an account per persona in their own name.
//! Only holders who are not the employee are keyed, so two colleagues who
//! happen to share a name never meet here.

use super::shared_destination::{peer_hit, shared_group};
use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, KeyKind, Severity};
use crate::quoted::quoted;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "shared-holder",
        category: Category::SharedAccount,
        severity: Severity::High,
        weight: 40,
        description: "The same third-party account holder receives the pay of two or more employees through different accounts.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let group = shared_group(ctx, KeyKind::AccountHolder)?;
    // One shared account is `shared-destination`'s finding already.
    if shared_group(ctx, KeyKind::Destination).is_some() {
        return None;
    }
    let holder = ctx.facts.third_party.as_ref()?;
    Some(peer_hit(
        group,
        &format!(
            "The account holder {} also holds accounts paid to",
            quoted(&holder.written)
        ),
        ("account-holder", holder.written.clone()),
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::{KeyKind, Payout};
    use crate::rules::testing::*;

    fn held_by_li_wei() -> Payout {
        Payout {
            account_holder: Some("Li Wei".into()),
            ..payout()
        }
    }

    #[test]
    fn fires_for_one_third_party_behind_several_employees() {
        let peers = [group(KeyKind::AccountHolder, 3)];
        let hit = check_with_peers("shared-holder", &held_by_li_wei(), &peers).unwrap();
        assert_eq!(evidence(&hit, "account-holder"), Some("Li Wei"));
        assert!(
            hit.message.contains("E2 and 1 more: 3 distinct"),
            "{}",
            hit.message
        );
    }

    #[test]
    fn leaves_one_shared_account_to_shared_destination() {
        let peers = [
            group(KeyKind::AccountHolder, 2),
            group(KeyKind::Destination, 2),
        ];
        assert!(check_with_peers("shared-holder", &held_by_li_wei(), &peers).is_none());
        assert!(check("shared-holder", &held_by_li_wei()).is_none());
    }
}
