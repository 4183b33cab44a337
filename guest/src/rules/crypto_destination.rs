//! Salary paid to a crypto wallet, to an account at a crypto exchange (an
//! e-wallet provider such as "Binance Pay"), or in a crypto asset to any
//! e-wallet: each is where crypto is paid, however the export calls it.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, CryptoWallet, Destination, EWallet, Evidence, Severity};
use crate::normalize::country::{is_crypto_asset, is_currency};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "crypto-destination",
        category: Category::CryptoWallet,
        severity: Severity::High,
        weight: 60,
        description: "The payout goes to a crypto-currency wallet or a crypto exchange, or is paid in a crypto asset.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    match &ctx.payout.destination {
        Destination::Crypto(wallet) => Some(to_wallet(ctx, wallet)),
        Destination::EWallet(ewallet) => to_ewallet(ctx, ewallet),
        Destination::Bank(_) => None,
    }
}

fn to_wallet(ctx: &Context, wallet: &CryptoWallet) -> Hit {
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
    hit
}

/// An e-wallet at a crypto exchange, or any e-wallet paid in a crypto
/// asset (PayPal holds stablecoins too).
fn to_ewallet(ctx: &Context, ewallet: &EWallet) -> Option<Hit> {
    let currency = ctx.payout.currency.as_str();
    let asset = is_crypto_asset(currency).then_some(currency);
    let provider = ewallet.provider.trim();
    let mut hit = match (ctx.facts.crypto_exchange, asset) {
        (Some(exchange), _) => Hit::new(
            format!(
                "Salary is paid to an account at {}, a crypto exchange.",
                exchange.name
            ),
            [
                ("exchange", exchange.name.to_string()),
                ("recognised-from", format!("ewallet_provider: {provider}")),
            ],
        ),
        (None, Some(asset)) => Hit::new(
            format!("Salary is paid in {asset}, a crypto asset, to the e-wallet {provider}."),
            [("ewallet-provider", provider.to_string())],
        ),
        (None, None) => return None,
    };
    hit.evidence.push(Evidence::new(
        "ewallet-id",
        ewallet.handle.trim().to_string(),
    ));
    if let Some(asset) = asset {
        hit.evidence.push(Evidence::new("asset", asset.to_string()));
    } else if !is_currency(currency) {
        // An asset no pack lists, which only an exchange's e-wallet is
        // paid in (`validate`), as a wallet's is named.
        hit.evidence
            .push(Evidence::new("unlisted-asset", currency.to_string()));
    }
    Some(hit)
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
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

    #[test]
    fn fires_on_an_exchange_account_and_on_crypto_to_any_e_wallet() {
        let hit = check(
            "crypto-destination",
            &with_ewallet("Binance Pay", "381927465"),
        )
        .unwrap();
        assert_eq!(evidence(&hit, "exchange"), Some("Binance"));
        assert_eq!(
            evidence(&hit, "recognised-from"),
            Some("ewallet_provider: Binance Pay")
        );
        assert_eq!(evidence(&hit, "ewallet-id"), Some("381927465"));
        assert_eq!(evidence(&hit, "asset"), None);
        let mut usdt = with_ewallet("PayPal", "anna@example.com");
        usdt.currency = "USDT".into();
        let hit = check("crypto-destination", &usdt).unwrap();
        assert_eq!(evidence(&hit, "asset"), Some("USDT"));
        assert_eq!(evidence(&hit, "ewallet-provider"), Some("PayPal"));
        let doge = Payout {
            currency: "DOGE".into(),
            ..with_ewallet("Binance Pay", "381927465")
        };
        let hit = check("crypto-destination", &doge).unwrap();
        assert_eq!(evidence(&hit, "unlisted-asset"), Some("DOGE"));
        assert_eq!(evidence(&hit, "asset"), None);
        // Not e-money besides: the exchange is the finding.
        assert!(check("e-money", &with_ewallet("Kraken", "anna@example.com")).is_none());
    }
}
