//! The employer's laptop ships to another country than the residence: the
//! "laptop farm" of the advisories, where a facilitator hosts the devices
//! of remote workers who live elsewhere.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "ship-to-mismatch",
        category: Category::CountryMismatch,
        severity: Severity::High,
        weight: 40,
        description: "The work device ships to another country than the residence.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let ship_to = ctx.payout.ship_to_country.as_ref()?;
    let residence = &ctx.payout.residence_country;
    (ship_to != residence).then(|| {
        Hit::new(
            format!("The work device ships to {ship_to} but the employee lives in {residence}."),
            [
                ("ship-to-country", ship_to.clone()),
                ("residence-country", residence.clone()),
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_device_ships_abroad() {
        let hit = check(
            "ship-to-mismatch",
            &Payout {
                ship_to_country: Some("CN".into()),
                ..payout()
            },
        )
        .unwrap();
        assert_eq!(evidence(&hit, "ship-to-country"), Some("CN"));
    }

    #[test]
    fn stays_quiet_at_home_or_without_a_ship_to() {
        assert!(
            check(
                "ship-to-mismatch",
                &Payout {
                    ship_to_country: Some("DE".into()),
                    ..payout()
                }
            )
            .is_none()
        );
        assert!(check("ship-to-mismatch", &payout()).is_none());
    }
}
