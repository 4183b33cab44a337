//! The countries a payout carries disagree: the bank country declared
//! against the IBAN's, BIC's or routing number's, the phone's against the
//! residence. The
//! laptop's ship-to country has its own rule, `ship-to-mismatch`.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Evidence, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "country-mismatch",
        category: Category::CountryMismatch,
        severity: Severity::Medium,
        weight: 30,
        description: "Declared bank, IBAN, BIC and routing number countries disagree, or the phone is from another country than the residence.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let payout = ctx.payout;
    let facts = ctx.facts;
    let residence = payout.residence_country.as_str();
    // (what disagrees, its country, what it disagrees with, that country)
    let mut clashes: Vec<(&str, String, &str, String)> = Vec::new();
    if let Destination::Bank(bank) = &payout.destination {
        let iban = facts.iban_country();
        let bic = facts.bic_country();
        let declared = bank.bank_country.as_deref();
        let routing = facts.routing.as_ref().map(|r| r.country);
        for (a, a_country, b, b_country) in [
            ("bank_country", declared, facts.iban_source.field(), iban),
            ("bank_country", declared, facts.bic_source.field(), bic),
            (
                "bank_country",
                declared,
                facts.routing_source.field(),
                routing,
            ),
            (
                facts.bic_source.field(),
                bic,
                facts.iban_source.field(),
                iban,
            ),
        ] {
            if let (Some(x), Some(y)) = (a_country, b_country)
                && x != y
            {
                clashes.push((a, x.into(), b, y.into()));
            }
        }
    }
    if !facts.phone_countries.is_empty() && !facts.phone_countries.contains(&residence) {
        clashes.push((
            "phone",
            facts.phone_countries.join("/"),
            "residence_country",
            residence.into(),
        ));
    }
    if clashes.is_empty() {
        return None;
    }
    let sentences: Vec<String> = clashes
        .iter()
        .map(|(a, x, b, y)| format!("{a} says {x} but {b} says {y}"))
        .collect();
    let mut hit = Hit::new(format!("Countries disagree: {}.", sentences.join("; ")), []);
    for (a, x, b, y) in clashes {
        hit.evidence
            .push(Evidence::new(format!("{a}-vs-{b}"), format!("{x} != {y}")));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    #[test]
    fn compares_declared_bank_country_with_iban_and_bic() {
        let p = with_bank(BankAccount {
            iban: Some("DE89370400440532013000".into()),
            bic: Some("TRWIBEB1XXX".into()),
            bank_country: Some("DE".into()),
            ..BankAccount::default()
        });
        let hit = check("country-mismatch", &p).unwrap();
        assert_eq!(evidence(&hit, "bank_country-vs-bic"), Some("DE != BE"));
        assert_eq!(evidence(&hit, "bic-vs-iban"), Some("BE != DE"));
        assert_eq!(evidence(&hit, "bank_country-vs-iban"), None);
    }

    /// An IAT entry's Canadian branch, whose transit number also reads as
    /// an ABA number: the stated country stands, and the clash is named.
    #[test]
    fn compares_declared_bank_country_with_the_routing_numbers() {
        let p = Payout {
            residence_country: "US".into(),
            currency: "USD".into(),
            ..with_bank(BankAccount {
                account_number: Some("1234567".into()),
                routing_number: Some("021000021".into()),
                bank_country: Some("CA".into()),
                ..BankAccount::default()
            })
        };
        let hit = check("country-mismatch", &p).unwrap();
        assert_eq!(
            evidence(&hit, "bank_country-vs-routing_number"),
            Some("CA != US")
        );
        assert!(
            check("non-local-bank", &p).is_some(),
            "scored as a bank in CA"
        );
    }

    #[test]
    fn compares_the_phone_with_the_residence() {
        let p = Payout {
            phone: Some("+86 10 1234 5678".into()),
            ship_to_country: Some("CN".into()),
            ..payout()
        };
        let hit = check("country-mismatch", &p).unwrap();
        assert_eq!(
            evidence(&hit, "phone-vs-residence_country"),
            Some("CN != DE")
        );
        assert_eq!(
            evidence(&hit, "ship_to_country-vs-residence_country"),
            None,
            "ship-to-mismatch's job"
        );
    }

    #[test]
    fn agreeing_countries_and_shared_calling_codes_pass() {
        let p = Payout {
            phone: Some("+49 30 1234567".into()),
            ship_to_country: Some("DE".into()),
            ..payout()
        };
        assert!(check("country-mismatch", &p).is_none());
        // +7 is shared by RU and KZ: a KZ resident's +7 number agrees.
        let kz = Payout {
            residence_country: "KZ".into(),
            phone: Some("+7 727 123 4567".into()),
            ..payout()
        };
        assert!(check("country-mismatch", &kz).is_none());
        // A national number says nothing about its country.
        assert!(
            check(
                "country-mismatch",
                &Payout {
                    phone: Some("030 1234567".into()),
                    ..payout()
                }
            )
            .is_none()
        );
    }
}
