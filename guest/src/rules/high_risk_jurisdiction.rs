//! A bank, residence, phone or laptop in a country on the policy's
//! high-risk list: by default FATF's call-for-action countries and the
//! staging grounds the advisories name (China, Russia, Laos).

use super::{Context, Hit, Rule, RuleInfo};
use crate::country_set::CountrySet;
use crate::model::{Category, Evidence, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "high-risk-jurisdiction",
        category: Category::HighRiskJurisdiction,
        severity: Severity::High,
        weight: 40,
        description: "The bank, residence, phone or ship-to country is on the policy's high-risk list.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    listed_hit(ctx, &ctx.policy.high_risk, None, "high-risk")
}

/// A field's countries: one, or a phone code's several.
#[derive(Clone, Copy)]
enum Countries<'c> {
    One(&'c str),
    Many(&'c [&'static str]),
}

impl Countries<'_> {
    /// Whether every country is `listed` (an empty phone list is not).
    fn all(self, listed: impl Fn(&str) -> bool) -> bool {
        match self {
            Countries::One(c) => listed(c),
            Countries::Many(cs) => !cs.is_empty() && cs.iter().all(|c| listed(c)),
        }
    }

    fn joined(self) -> String {
        match self {
            Countries::One(c) => c.to_string(),
            Countries::Many(cs) => cs.join("/"),
        }
    }
}

/// The payout's countries, by the field that gave them. A phone whose code
/// several countries share counts only when all of them are listed. No
/// heap: two rules ask this of every payout.
fn countries<'c>(ctx: &'c Context) -> [Option<(&'static str, Countries<'c>)>; 4] {
    [
        Some((
            "residence_country",
            Countries::One(&ctx.payout.residence_country),
        )),
        ctx.facts
            .bank_country
            .as_ref()
            .map(|(bank, source)| (source.field(), Countries::One(bank))),
        Some(("phone", Countries::Many(&ctx.facts.phone_countries))),
        ctx.payout
            .ship_to_country
            .as_deref()
            .map(|c| ("ship_to_country", Countries::One(c))),
    ]
}

/// A hit naming each field whose country is in `list` and not in
/// `except` (a list whose own rule speaks for it).
pub(super) fn listed_hit(
    ctx: &Context,
    list: &CountrySet,
    except: Option<&CountrySet>,
    label: &str,
) -> Option<Hit> {
    let listed = |c: &str| list.contains(c) && !except.is_some_and(|e| e.contains(c));
    let countries = countries(ctx);
    // Nearly every payout has no listed country: asked first, without
    // collecting, it costs the two rules asking it 220 instructions a
    // payout less (natively).
    if !countries.iter().flatten().any(|(_, cs)| cs.all(listed)) {
        return None;
    }
    let fields: Vec<(&str, String)> = countries
        .into_iter()
        .flatten()
        .filter(|(_, cs)| cs.all(listed))
        .map(|(field, cs)| (field, cs.joined()))
        .collect();
    let said: Vec<String> = fields.iter().map(|(f, c)| format!("{f} {c}")).collect();
    let mut hit = Hit::new(
        format!("On the {label} country list: {}.", said.join(", ")),
        [],
    );
    hit.evidence = fields
        .into_iter()
        .map(|(field, country)| Evidence::new(field, country))
        .collect();
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    #[test]
    fn names_every_listed_country_by_its_field() {
        let p = Payout {
            phone: Some("+86 10 1234 5678".into()),
            ship_to_country: Some("CN".into()),
            ..payout()
        };
        let hit = check("high-risk-jurisdiction", &p).unwrap();
        assert_eq!(evidence(&hit, "phone"), Some("CN"));
        assert_eq!(evidence(&hit, "ship_to_country"), Some("CN"));
        assert_eq!(evidence(&hit, "residence_country"), None);
        let bank = with_bank(BankAccount {
            account_number: Some("1234".into()),
            bank_country: Some("RU".into()),
            ..BankAccount::default()
        });
        let hit = check("high-risk-jurisdiction", &bank).unwrap();
        assert_eq!(evidence(&hit, "bank_country"), Some("RU"));
    }

    #[test]
    fn shared_calling_codes_and_unlisted_countries_stay_quiet() {
        assert!(check("high-risk-jurisdiction", &payout()).is_none());
        // +7 is Russia and Kazakhstan: not enough to say Russia.
        let p = Payout {
            phone: Some("+7 727 123 4567".into()),
            ..payout()
        };
        assert!(check("high-risk-jurisdiction", &p).is_none());
    }
}
