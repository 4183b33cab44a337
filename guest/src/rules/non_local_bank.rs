//! A bank account outside the residence country's banking area: a US
//! resident paid to a bank in Hong Kong, or to an e-wallet of another
//! country's accounts only (GCash's are Philippine).

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "non-local-bank",
        category: Category::NonLocalBank,
        severity: Severity::High,
        weight: 40,
        description: "The bank is in another country than the residence, outside its banking area.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let (bank, source) = foreign_bank(ctx)?;
    let area = &ctx.policy.banking_area;
    let residence = &ctx.payout.residence_country;
    if area.contains(residence) && area.contains(bank) {
        return None;
    }
    let abroad = match &ctx.payout.destination {
        Destination::EWallet(wallet) if source == "ewallet_provider" => format!(
            "the e-wallet {} opens accounts in {bank} only",
            wallet.provider.trim()
        ),
        Destination::EWallet(wallet) => format!(
            "the e-wallet {}'s IBAN is a bank account in {bank}",
            wallet.provider.trim()
        ),
        _ => format!("the bank is in {bank}"),
    };
    Some(Hit::new(
        format!("The employee lives in {residence} but {abroad}."),
        [
            ("residence-country", residence.clone()),
            ("bank-country", bank.to_string()),
            ("bank-country-from", source.into()),
        ],
    ))
}

/// The bank's country and the field it came from, when the bank is not
/// local to the residence: neither in the residence country nor, for a
/// territory that banks in another country's scheme (Guadeloupe with
/// French IBANs, Jersey with UK banks), in that country. Shared with
/// `non-local-bank-in-area`.
pub(super) fn foreign_bank<'c>(ctx: &'c Context) -> Option<(&'c str, &'static str)> {
    let (bank, source) = ctx.facts.bank_abroad(&ctx.payout.residence_country)?;
    Some((bank, source.field()))
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    #[test]
    fn fires_outside_the_banking_area() {
        let p = Payout {
            residence_country: "US".into(),
            ..payout()
        };
        let hit = check("non-local-bank", &p).unwrap();
        assert_eq!(evidence(&hit, "bank-country"), Some("DE"));
        assert_eq!(evidence(&hit, "bank-country-from"), Some("iban"));
        let hk = with_bank(BankAccount {
            bic: Some("HSBCHKHHHKH".into()),
            account_number: Some("123456".into()),
            ..BankAccount::default()
        });
        let hit = check(
            "non-local-bank",
            &Payout {
                residence_country: "DE".into(),
                ..hk
            },
        )
        .unwrap();
        assert_eq!(evidence(&hit, "bank-country-from"), Some("bic"));
    }

    #[test]
    fn an_e_wallet_of_one_countrys_accounts_is_in_that_country() {
        let gcash = Payout {
            residence_country: "US".into(),
            ..with_ewallet("GCash", "0917 123 4567")
        };
        let hit = check("non-local-bank", &gcash).unwrap();
        assert_eq!(
            hit.message,
            "The employee lives in US but the e-wallet GCash opens accounts in PH only."
        );
        assert_eq!(
            evidence(&hit, "bank-country-from"),
            Some("ewallet_provider")
        );
        let at_home = Payout {
            residence_country: "PH".into(),
            ..gcash.clone()
        };
        assert!(check("non-local-bank", &at_home).is_none());
        // A wallet of many countries says no country.
        let paypal = Payout {
            residence_country: "US".into(),
            ..with_ewallet("PayPal", "anna@example.com")
        };
        assert!(check("non-local-bank", &paypal).is_none());
    }

    #[test]
    fn an_e_wallet_whose_handle_is_an_iban_banks_where_the_iban_does() {
        let wise = Payout {
            residence_country: "US".into(),
            ..with_ewallet("Wise", "BE40 9670 0000 0063")
        };
        let hit = check("non-local-bank", &wise).unwrap();
        assert_eq!(
            hit.message,
            "The employee lives in US but the e-wallet Wise's IBAN is a bank account in BE."
        );
        assert_eq!(evidence(&hit, "bank-country-from"), Some("ewallet_id"));
        // An IBAN whose check digits fail is only an odd handle.
        let typo = Payout {
            residence_country: "US".into(),
            ..with_ewallet("Wise", "BE41 9670 0000 0063")
        };
        assert!(check("non-local-bank", &typo).is_none());
    }

    #[test]
    fn stays_quiet_at_home_and_inside_the_area() {
        assert!(check("non-local-bank", &payout()).is_none());
        let fr = Payout {
            residence_country: "FR".into(),
            ..payout()
        };
        assert!(check("non-local-bank", &fr).is_none());
        let guadeloupe = Payout {
            residence_country: "GP".into(),
            ..with_bank(BankAccount {
                iban: Some("FR76 3000 6000 0112 3456 7890 189".into()),
                ..BankAccount::default()
            })
        };
        assert!(check("non-local-bank", &guadeloupe).is_none());
        // No country known at all: nothing to compare.
        let bare = with_bank(BankAccount {
            account_number: Some("123".into()),
            ..BankAccount::default()
        });
        assert!(check("non-local-bank", &bare).is_none());
    }
}
