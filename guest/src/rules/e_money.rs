//! Pay into an e-money or payment institution rather than a bank: Wise,
//! Payoneer, Revolut, PayPal and virtual IBANs are what the advisories see
//! facilitators open for fake workers. Common among honest contractors
//! too, so alone it stays below review.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "e-money",
        category: Category::EMoney,
        severity: Severity::Medium,
        weight: 25,
        description: "The destination is an e-wallet or an account at an e-money or payment institution or virtual-IBAN issuer.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let e = ctx.facts.e_money.as_ref()?;
    Some(Hit::new(
        format!(
            "The pay goes to {}, {} {}.",
            e.brand,
            article(e.kind),
            e.kind
        ),
        [
            ("institution", e.brand.clone()),
            ("institution-kind", e.kind.to_string()),
            ("recognised-from", format!("{}: {}", e.field, e.value)),
        ],
    ))
}

/// "an e-money institution", "a payment institution".
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    fn iban(iban: &str) -> Payout {
        with_bank(BankAccount {
            iban: Some(iban.into()),
            ..BankAccount::default()
        })
    }

    #[test]
    fn recognises_institutions_by_iban_bank_code_bic_and_e_wallet() {
        // Wise Europe's Belgian bank code 967.
        let hit = check("e-money", &iban("BE40 9670 0000 0063")).unwrap();
        assert_eq!(evidence(&hit, "institution"), Some("Wise"));
        assert!(
            evidence(&hit, "recognised-from")
                .unwrap()
                .contains("bank code 967")
        );
        // Wise's IBAN written in the account_number column.
        let wise = with_bank(BankAccount {
            account_number: Some("BE40 9670 0000 0063".into()),
            ..BankAccount::default()
        });
        let hit = check("e-money", &wise).unwrap();
        assert!(
            evidence(&hit, "recognised-from")
                .unwrap()
                .starts_with("account_number")
        );
        // Wise's US virtual account behind its partner bank's ABA number,
        // paid in dollars, and its UK sort code.
        let us = Payout {
            currency: "USD".into(),
            ..with_bank(BankAccount {
                account_number: Some("8310123456".into()),
                routing_number: Some("026073150".into()),
                ..BankAccount::default()
            })
        };
        let hit = check("e-money", &us).unwrap();
        assert_eq!(
            evidence(&hit, "recognised-from"),
            Some("routing_number: 026073150")
        );
        let uk = with_bank(BankAccount {
            account_number: Some("12345678".into()),
            routing_number: Some("23-14-70".into()),
            ..BankAccount::default()
        });
        assert_eq!(
            evidence(&check("e-money", &uk).unwrap(), "institution"),
            Some("Wise")
        );
        let payoneer = with_bank(BankAccount {
            account_number: Some("12345678".into()),
            bic: Some("PAAVGB22".into()),
            ..BankAccount::default()
        });
        let hit = check("e-money", &payoneer).unwrap();
        assert_eq!(evidence(&hit, "recognised-from"), Some("bic: PAAVGB22"));
        let hit = check("e-money", &with_ewallet("PayPal", "a@example.com")).unwrap();
        assert_eq!(evidence(&hit, "institution-kind"), Some("e-wallet"));
    }

    #[test]
    fn ordinary_banks_neobanks_and_look_alikes_are_not_e_money() {
        assert!(check("e-money", &payout()).is_none(), "Commerzbank");
        // N26 (BLZ 10011001) and Monzo hold banking licences.
        assert!(check("e-money", &iban("DE12 1001 1001 2620 4424 73")).is_none());
        assert!(check("e-money", &iban("GB62 MONZ 0400 0412 3456 78")).is_none());
        // Revolut Bank UAB holds a Lithuanian banking licence.
        assert!(check("e-money", &iban("LT35 3250 0123 4567 8901")).is_none());
        let payone = with_bank(BankAccount {
            account_number: Some("12345678".into()),
            bic: Some("PAYODEF2".into()),
            ..BankAccount::default()
        });
        assert!(
            check("e-money", &payone).is_none(),
            "PAYONE is not Payoneer"
        );
    }
}
