//! A bank, residence, phone or laptop in a country under FATF's increased
//! monitoring: worth a note, rarely a reason on its own.

use super::high_risk_jurisdiction::listed_hit;
use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "monitored-jurisdiction",
        category: Category::HighRiskJurisdiction,
        severity: Severity::Low,
        weight: 15,
        description: "The bank, residence, phone or ship-to country is on the policy's monitored list (FATF grey list).",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let policy = ctx.policy;
    listed_hit(ctx, &policy.monitored, Some(&policy.high_risk), "monitored")
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_grey_list_countries() {
        let p = Payout {
            ship_to_country: Some("VN".into()),
            ..payout()
        };
        let hit = check("monitored-jurisdiction", &p).unwrap();
        assert_eq!(evidence(&hit, "ship_to_country"), Some("VN"));
    }

    #[test]
    fn leaves_high_risk_and_ordinary_countries_alone() {
        assert!(check("monitored-jurisdiction", &payout()).is_none());
        let p = Payout {
            ship_to_country: Some("KP".into()),
            ..payout()
        };
        assert!(check("monitored-jurisdiction", &p).is_none());
    }
}
