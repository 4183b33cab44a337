//! A crypto address written into a text field of a non-crypto payout, or
//! beside the wallet: "pls forward to 0x...", or as the account's holder.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Evidence, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "crypto-in-text",
        category: Category::CryptoWallet,
        severity: Severity::High,
        weight: 50,
        description: "A crypto address appears in the reference, account number, e-wallet handle, account holder or employee name.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let found = &ctx.facts.text_addresses;
    let first = found.first()?;
    let mut hit = Hit::new(
        format!(
            "{} {} address is written in the {} field.",
            // "an ETH": the ticker is read letter by letter.
            match first.address.chain.ticker().starts_with('E') {
                true => "An",
                false => "A",
            },
            first.address.chain.ticker(),
            first.field
        ),
        [],
    );
    for text in found {
        hit.evidence.push(Evidence::new(
            format!("{}-address", text.field),
            text.address.text.clone(),
        ));
        hit.evidence.push(Evidence::new(
            format!("{}-chain", text.field),
            text.address.chain.ticker(),
        ));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::{BankAccount, Payout};
    use crate::rules::testing::*;

    #[test]
    fn finds_addresses_in_reference_and_account_number() {
        let p = Payout {
            reference: Some("send to bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4".into()),
            ..payout()
        };
        let hit = check("crypto-in-text", &p).unwrap();
        assert_eq!(evidence(&hit, "reference-chain"), Some("BTC"));
        let p = with_bank(BankAccount {
            account_number: Some("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into()),
            ..BankAccount::default()
        });
        assert_eq!(
            evidence(
                &check("crypto-in-text", &p).unwrap(),
                "account_number-chain"
            ),
            Some("ETH")
        );
    }

    #[test]
    fn ignores_ordinary_references_and_the_wallet_itself() {
        let p = Payout {
            reference: Some("Salary 2026-11 INV 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz".into()),
            ..payout()
        };
        assert!(check("crypto-in-text", &p).is_none());
        let wallet = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let p = Payout {
            reference: Some(wallet.to_lowercase()),
            ..with_wallet(wallet, Some("ETH"))
        };
        assert!(check("crypto-in-text", &p).is_none());
    }
}
