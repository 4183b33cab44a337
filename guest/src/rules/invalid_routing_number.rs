//! A routing number that cannot be the one an American or British account
//! needs: a bank rejects the payment, or routes it elsewhere, and an
//! account without an IBAN has nothing else that names its bank.

use super::{Context, Hit, Rule, RuleInfo};
use crate::data::banking_areas::banks_in;
use crate::data::e_money::Scheme;
use crate::model::{Category, Destination, Severity};
use crate::normalize::destination::bank_codes;
use crate::normalize::routing;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "invalid-routing-number",
        category: Category::InvalidDestination,
        severity: Severity::Low,
        weight: 20,
        description: "The routing number of a US or UK account without an IBAN is no ABA routing number or sort code.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    // Most accounts have an IBAN (read from either column: the facts'
    // `iban`), or a routing number that reads (the facts' `routing`).
    if ctx.facts.iban.is_some() || ctx.facts.routing.is_some() {
        return None;
    }
    let Destination::Bank(bank) = &ctx.payout.destination else {
        return None;
    };
    let (_, Some((raw, _))) = bank_codes(bank) else {
        return None;
    };
    let (scheme, name) = match expected_country(ctx)? {
        "US" => (Scheme::Aba, "an ABA routing number"),
        "GB" => (Scheme::SortCode, "a UK sort code"),
        _ => return None,
    };
    let fault = routing::fault(raw, scheme)?;
    let raw = raw.trim();
    Some(Hit::new(
        format!("The routing number {raw} is not {name}: {fault}."),
        [
            ("routing-number", raw.to_string()),
            ("scheme", scheme.name().to_string()),
        ],
    ))
}

/// The country whose routing scheme the account's number must follow:
/// the bank's, as read (a territory banking in another country's scheme
/// is that country), else an American resident paid in dollars or a
/// British one paid in pounds, whose account with a routing number and
/// no IBAN is domestic.
fn expected_country<'c>(ctx: &'c Context) -> Option<&'c str> {
    if let Some((country, _)) = ctx.facts.bank_country {
        return Some(banks_in(country).unwrap_or(country));
    }
    match (
        ctx.payout.residence_country.as_str(),
        ctx.payout.currency.as_str(),
    ) {
        ("US", "USD") => Some("US"),
        ("GB", "GBP") => Some("GB"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    fn us(routing: &str, bank_country: Option<&str>) -> Payout {
        Payout {
            residence_country: "US".into(),
            currency: "USD".into(),
            ..with_bank(BankAccount {
                account_number: Some("123456789".into()),
                routing_number: Some(routing.into()),
                bank_country: bank_country.map(Into::into),
                ..BankAccount::default()
            })
        }
    }

    #[test]
    fn fires_on_an_american_accounts_number_that_is_no_aba_number() {
        let hit = check("invalid-routing-number", &us("12345", None)).unwrap();
        assert_eq!(
            hit.message,
            "The routing number 12345 is not an ABA routing number: it has 5 digits, not 9."
        );
        assert_eq!(evidence(&hit, "scheme"), Some("aba"));
        let typo = check("invalid-routing-number", &us("021000022", Some("US"))).unwrap();
        assert!(
            typo.message.ends_with("its check digit fails."),
            "{}",
            typo.message
        );
        // A territory banking with US routing numbers.
        assert!(check("invalid-routing-number", &us("12345", Some("PR"))).is_some());
    }

    #[test]
    fn fires_on_a_british_accounts_sort_code_of_other_length() {
        let gb = Payout {
            residence_country: "GB".into(),
            currency: "GBP".into(),
            ..with_bank(BankAccount {
                account_number: Some("31926819".into()),
                routing_number: Some("60-16-1".into()),
                ..BankAccount::default()
            })
        };
        let hit = check("invalid-routing-number", &gb).unwrap();
        assert_eq!(
            hit.message,
            "The routing number 60-16-1 is not a UK sort code: it has 5 digits, not 6."
        );
    }

    #[test]
    fn stays_quiet_on_valid_numbers_other_schemes_and_ibans() {
        assert!(check("invalid-routing-number", &us("021000021", None)).is_none());
        assert!(check("invalid-routing-number", &us("21000021", Some("US"))).is_none());
        // A Canadian or German account's code is no ABA number, and need
        // not be.
        assert!(check("invalid-routing-number", &us("00011-001", Some("CA"))).is_none());
        assert!(check("invalid-routing-number", &us("37040044", Some("DE"))).is_none());
        // A US dollar account of a resident elsewhere says no country.
        let abroad = Payout {
            residence_country: "EC".into(),
            ..us("12345", None)
        };
        assert!(check("invalid-routing-number", &abroad).is_none());
        // A BIC in the routing column is read as the BIC.
        assert!(check("invalid-routing-number", &us("CHASUS33", None)).is_none());
        // An account with an IBAN is named by it.
        let with_iban = with_bank(BankAccount {
            iban: Some("GB29NWBK60161331926819".into()),
            routing_number: Some("60-16-1".into()),
            ..BankAccount::default()
        });
        assert!(check("invalid-routing-number", &with_iban).is_none());
    }
}
