//! One third party holding the accounts of several employees: a
//! facilitator who opened an account per persona in their own name, or
//! an e-wallet per persona with one mailbox (at Payoneer, PayPal, Wise:
//! one destination each, one holder), or who stands beside each persona
//! on a joint account. Only holders who are not the employee are keyed,
//! so two colleagues who happen to share a name never meet here.

use super::shared_destination::{peer_hit, shared_group};
use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, KeyKind, Severity};
use crate::normalize::destination::mailbox_key;
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
    let mailbox = match &ctx.payout.destination {
        Destination::EWallet(ewallet) => {
            mailbox_key(&ewallet.handle).map(|_| ewallet.handle.trim())
        }
        _ => None,
    };
    let (lead, shared) = match (ctx.facts.third_party.as_ref(), mailbox) {
        (Some(holder), None) => (
            format!(
                "The account holder {} also holds accounts paid to",
                quoted(&holder.written)
            ),
            ("account-holder", holder.written.clone()),
        ),
        // The group may have met on either: both are named.
        (Some(holder), Some(mailbox)) => (
            format!(
                "The account holder {}, whose mailbox {} this e-wallet is registered to, also holds accounts paid to",
                quoted(&holder.written),
                quoted(mailbox)
            ),
            ("account-holder", holder.written.clone()),
        ),
        (None, Some(mailbox)) => (
            format!(
                "The mailbox {}, which this e-wallet is registered to, also holds e-wallets paid to",
                quoted(mailbox)
            ),
            ("mailbox", mailbox.to_string()),
        ),
        (None, None) if !ctx.facts.co_holders.is_empty() => {
            let holder = ctx.payout.account_holder.as_deref().unwrap_or_default();
            (
                format!(
                    "The joint account {} has a holder besides the employee who also holds accounts paid to",
                    quoted(holder.trim())
                ),
                ("account-holder", holder.trim().to_string()),
            )
        }
        (None, None) => return None,
    };
    Some(peer_hit(group, &lead, shared))
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
    fn names_the_mailbox_behind_e_wallets_at_several_providers() {
        let peers = [group(KeyKind::AccountHolder, 3)];
        let payoneer = with_ewallet("Payoneer", " dan.black+pay@gmail.com");
        let hit = check_with_peers("shared-holder", &payoneer, &peers).unwrap();
        assert_eq!(evidence(&hit, "mailbox"), Some("dan.black+pay@gmail.com"));
        assert!(
            hit.message.starts_with(
                "The mailbox \"dan.black+pay@gmail.com\", which this e-wallet is registered to, also holds e-wallets paid to E2"
            ),
            "{}",
            hit.message
        );
        // A handle that is no mailbox holds nothing by itself.
        let id = with_ewallet("Payoneer", "PAYER-7XK2");
        assert!(check_with_peers("shared-holder", &id, &peers).is_none());
    }

    #[test]
    fn names_the_joint_account_whose_other_holder_is_shared() {
        let peers = [group(KeyKind::AccountHolder, 2)];
        let joint = Payout {
            account_holder: Some("Anna Schmidt & Li Wei".into()),
            ..payout()
        };
        let hit = check_with_peers("shared-holder", &joint, &peers).unwrap();
        assert_eq!(
            evidence(&hit, "account-holder"),
            Some("Anna Schmidt & Li Wei")
        );
        assert!(
            hit.message.starts_with(
                "The joint account \"Anna Schmidt & Li Wei\" has a holder besides the employee who also holds accounts paid to E2"
            ),
            "{}",
            hit.message
        );
        // The employee's own account, however it is written, holds nothing
        // of another's.
        let own = Payout {
            account_holder: Some("SCHMIDT ANNA".into()),
            ..payout()
        };
        assert!(check_with_peers("shared-holder", &own, &peers).is_none());
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
