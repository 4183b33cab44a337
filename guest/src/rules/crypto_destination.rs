//! Salary paid to a crypto wallet.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Evidence, Severity};
use crate::normalize::country::{is_crypto_asset, is_currency};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "crypto-destination",
        category: Category::CryptoWallet,
        severity: Severity::High,
        weight: 60,
        description: "The payout goes to a crypto-currency wallet.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let Destination::Crypto(wallet) = &ctx.payout.destination else {
        return None;
    };
    let chain = match &ctx.facts.wallet {
        Some(address) => address.chain.ticker().to_string(),
        None => "unrecognised".to_string(),
    };
    let mut hit = Hit::new(
        format!("Salary is paid to a crypto wallet ({chain})."),
        [
            ("wallet-address", wallet.address.trim().to_string()),
            ("chain", chain),
        ],
    );
    if let Some(network) = &wallet.network {
        hit.evidence
            .push(Evidence::new("declared-network", network.clone()));
    }
    // An asset payguard does not list (`unlisted_asset`): the reviewer
    // learns what the salary is paid in. The pack's assets are asked
    // first, as nearly every crypto salary is in one.
    if !is_crypto_asset(&ctx.payout.currency) && !is_currency(&ctx.payout.currency) {
        hit.evidence
            .push(Evidence::new("unlisted-asset", ctx.payout.currency.clone()));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn fires_on_wallet_payouts() {
        let hit = check(
            "crypto-destination",
            &with_wallet("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Some("TRC20")),
        )
        .unwrap();
        assert_eq!(evidence(&hit, "chain"), Some("TRON"));
        assert_eq!(evidence(&hit, "declared-network"), Some("TRC20"));
        // Unknown chains are still crypto.
        let hit = check(
            "crypto-destination",
            &with_wallet("So1anaLooking", Some("SOL")),
        )
        .unwrap();
        assert_eq!(evidence(&hit, "chain"), Some("unrecognised"));
        assert_eq!(evidence(&hit, "unlisted-asset"), None);
        // An asset the pack does not list is named.
        let mut doge = with_wallet("D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD", None);
        doge.currency = "DOGE".into();
        let hit = check("crypto-destination", &doge).unwrap();
        assert_eq!(evidence(&hit, "unlisted-asset"), Some("DOGE"));
    }

    #[test]
    fn stays_quiet_for_banks_and_ewallets() {
        assert!(check("crypto-destination", &payout()).is_none());
        assert!(
            check(
                "crypto-destination",
                &with_ewallet("PayPal", "anna@example.com")
            )
            .is_none()
        );
    }
}
