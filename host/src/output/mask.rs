//! Destinations as a bank statement shows them: enough to recognise an
//! account, not enough to copy it from a shared report.

use crate::model::{CryptoWallet, Destination, EWallet};

/// The destination masked: an IBAN as "DE89 **** **** 3000", an account
/// number as "**** 3456", a wallet as "0x5aAe…eAed", an e-wallet handle
/// as "o***@proton.me".
pub fn masked(destination: &Destination) -> String {
    match destination {
        Destination::Bank(bank) => match (&bank.iban, &bank.account_number) {
            (Some(iban), _) => iban_masked(iban),
            (None, Some(account)) => account_masked(account),
            (None, None) => "no account".into(),
        },
        Destination::Crypto(CryptoWallet { address, .. }) => wallet_masked(address),
        Destination::EWallet(EWallet { handle, .. }) => handle_masked(handle),
    }
}

/// What kind of destination it is, for a reader: "IBAN", "BTC wallet",
/// "PayPal".
pub fn kind(destination: &Destination) -> String {
    match destination {
        Destination::Bank(bank) if bank.iban.is_some() => "IBAN".into(),
        Destination::Bank(_) => "account".into(),
        Destination::Crypto(CryptoWallet { network, .. }) => match network {
            Some(network) => format!("{network} wallet"),
            None => "wallet".into(),
        },
        Destination::EWallet(EWallet { provider, .. }) => provider.clone(),
    }
}

/// The destination as written, as an allowlist entry names it: the IBAN,
/// else the account number, the wallet address or the e-wallet handle.
pub fn written(destination: &Destination) -> Option<&str> {
    match destination {
        Destination::Bank(bank) => bank.iban.as_deref().or(bank.account_number.as_deref()),
        Destination::Crypto(CryptoWallet { address, .. }) => Some(address),
        Destination::EWallet(EWallet { handle, .. }) => Some(handle),
    }
}

fn compact(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn iban_masked(iban: &str) -> String {
    let chars = compact(iban);
    if chars.len() <= 8 {
        return account_masked(iban);
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head} **** **** {tail}")
}

fn account_masked(account: &str) -> String {
    let chars: Vec<char> = account.chars().filter(|c| c.is_alphanumeric()).collect();
    if chars.len() <= 4 {
        return "****".into();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("**** {tail}")
}

fn wallet_masked(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.len() <= 12 {
        return "****".into();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

fn handle_masked(handle: &str) -> String {
    let handle = handle.trim();
    match handle.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => {
            let chars: Vec<char> = handle.chars().collect();
            if chars.len() <= 4 {
                return "****".into();
            }
            let tail: String = chars[chars.len() - 2..].iter().collect();
            format!("***{tail}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BankAccount;

    fn bank(iban: Option<&str>, account: Option<&str>) -> Destination {
        Destination::Bank(BankAccount {
            iban: iban.map(Into::into),
            account_number: account.map(Into::into),
            ..BankAccount::default()
        })
    }

    #[test]
    fn masks_like_a_bank_statement() {
        assert_eq!(
            masked(&bank(Some("DE89 3704 0044 0532 0130 00"), None)),
            "DE89 **** **** 3000"
        );
        assert_eq!(
            masked(&bank(Some("be40967000000063"), None)),
            "BE40 **** **** 0063"
        );
        assert_eq!(masked(&bank(None, Some("004-123456-001"))), "**** 6001");
        assert_eq!(masked(&bank(None, Some("123"))), "****");
        let wallet = Destination::Crypto(CryptoWallet {
            address: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed".into(),
            network: Some("ERC20".into()),
        });
        assert_eq!(masked(&wallet), "0x5aAe…eAed");
        assert_eq!(kind(&wallet), "ERC20 wallet");
        let paypal = Destination::EWallet(EWallet {
            provider: "PayPal".into(),
            handle: "ops.team@proton.me".into(),
        });
        assert_eq!(masked(&paypal), "o***@proton.me");
        assert_eq!(written(&paypal), Some("ops.team@proton.me"));
    }

    #[test]
    fn names_the_destination_as_written_for_the_allowlist() {
        assert_eq!(
            written(&bank(Some("BE40 9670"), Some("1"))),
            Some("BE40 9670")
        );
        assert_eq!(written(&bank(None, Some("004-1"))), Some("004-1"));
        assert_eq!(written(&bank(None, None)), None);
    }
}
