//! A crypto address whose checksum fails or that does not belong to the
//! declared network. It is still crypto (`crypto-destination` fires too).

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Destination, Severity};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "invalid-crypto-address",
        category: Category::InvalidDestination,
        severity: Severity::Medium,
        weight: 20,
        description: "A crypto address fails its checksum or does not match its declared network.",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let facts = ctx.facts;
    if let Destination::Crypto(wallet) = &ctx.payout.destination {
        let address = wallet.address.trim().to_string();
        match (&facts.wallet, facts.declared_chain) {
            (Some(found), _) if !found.checksum_ok => {
                return Some(Hit::new(
                    format!(
                        "The {} wallet address fails its checksum.",
                        found.chain.ticker()
                    ),
                    [
                        ("wallet-address", address),
                        ("chain", found.chain.ticker().into()),
                    ],
                ));
            }
            (found, Some(declared)) if !found.as_ref().is_some_and(|f| declared.takes(f)) => {
                let shape = found.as_ref().map_or("unrecognised", |f| f.chain.ticker());
                let network = wallet.network.as_deref().unwrap_or_default().trim();
                // The network as the file names it ("BEP20", whose
                // addresses are ETH's), and its chain when that differs.
                let declared = if network.eq_ignore_ascii_case(declared.ticker()) {
                    declared.ticker().to_string()
                } else {
                    format!("{network}, whose addresses are {}'s,", declared.ticker())
                };
                return Some(Hit::new(
                    format!("The wallet is declared as {declared} but the address is {shape}."),
                    [
                        ("wallet-address", address),
                        ("declared-network", network.to_string()),
                        ("address-chain", shape.into()),
                    ],
                ));
            }
            _ => {}
        }
    }
    let bad = facts
        .text_addresses
        .iter()
        .find(|t| !t.address.checksum_ok)?;
    Some(Hit::new(
        format!(
            "The {} address in {} fails its checksum.",
            bad.address.chain.ticker(),
            bad.field
        ),
        [
            (bad.field, bad.address.text.clone()),
            ("chain", bad.address.chain.ticker().into()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_failed_checksums() {
        let hit = check(
            "invalid-crypto-address",
            &with_wallet("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", Some("BTC")),
        )
        .unwrap();
        assert_eq!(evidence(&hit, "chain"), Some("BTC"));
        let p = Payout {
            reference: Some("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD".into()),
            ..payout()
        };
        assert_eq!(
            evidence(&check("invalid-crypto-address", &p).unwrap(), "chain"),
            Some("ETH")
        );
    }

    #[test]
    fn fires_when_the_network_does_not_match() {
        let p = with_wallet("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Some("ERC20"));
        let hit = check("invalid-crypto-address", &p).unwrap();
        assert_eq!(evidence(&hit, "address-chain"), Some("BTC"));
        // An EVM chain's network takes Ethereum's addresses, not TRON's.
        let p = with_wallet(
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            Some("BNB Smart Chain (BEP20)"),
        );
        let hit = check("invalid-crypto-address", &p).unwrap();
        assert_eq!(
            hit.message,
            "The wallet is declared as BNB Smart Chain (BEP20), whose addresses are ETH's, \
             but the address is TRON."
        );
        assert_eq!(
            evidence(&hit, "declared-network"),
            Some("BNB Smart Chain (BEP20)")
        );
        let p = with_wallet("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Some("solana"));
        let hit = check("invalid-crypto-address", &p).unwrap();
        assert_eq!(
            hit.message,
            "The wallet is declared as solana, whose addresses are SOL's, but the address is ETH."
        );
    }

    #[test]
    fn accepts_valid_addresses_and_networks_it_does_not_know() {
        assert!(
            check(
                "invalid-crypto-address",
                &with_wallet("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Some("TRC20"))
            )
            .is_none()
        );
        assert!(
            check(
                "invalid-crypto-address",
                &with_wallet("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", None)
            )
            .is_none()
        );
        assert!(
            check(
                "invalid-crypto-address",
                &with_wallet("7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU", Some("SOL"))
            )
            .is_none()
        );
        for network in ["BEP20", "Polygon", "Arbitrum One", "Base"] {
            let p = with_wallet("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", Some(network));
            assert!(check("invalid-crypto-address", &p).is_none(), "{network}");
        }
        assert!(
            check(
                "invalid-crypto-address",
                &with_wallet(
                    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                    Some("Lightning")
                )
            )
            .is_none()
        );
    }

    #[test]
    fn a_litecoin_wallet_takes_its_own_and_its_older_script_addresses_only() {
        // One 20-byte hash in Litecoin's `L…` and `ltc1…`, and in the
        // `3…` version both chains share (Litecoin's before 0.13.2).
        for address in [
            "LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ",
            "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
            "3CNHUhP3uyB9EUtRLsmvFUmvGdjGdkTxJw",
        ] {
            let p = with_wallet(address, Some("Litecoin"));
            assert!(check("invalid-crypto-address", &p).is_none(), "{address}");
        }
        // Bitcoin's own `1…`, and a Litecoin address declared as Bitcoin.
        let p = with_wallet("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", Some("LTC"));
        let hit = check("invalid-crypto-address", &p).unwrap();
        assert_eq!(evidence(&hit, "address-chain"), Some("BTC"));
        let p = with_wallet("LVuDpNCSSj6pQ7t9Pv6d6sUkLKoqDEVUnJ", Some("Bitcoin"));
        let hit = check("invalid-crypto-address", &p).unwrap();
        assert_eq!(evidence(&hit, "address-chain"), Some("LTC"));
    }
}
