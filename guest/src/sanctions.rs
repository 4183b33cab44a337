//! The sanctions lists a scorer screens against: the built-in wallets plus
//! whatever the policy adds, each normalised once when the scorer is made.

use crate::data;
use crate::normalize::destination::{account_key, wallet_key};
use crate::normalize::name::{Keyed, Name};
use std::collections::HashMap;

/// What the host's lists are called in evidence.
const HOST_LISTING: &str = "the host's sanctions list";

/// Sanctioned wallets, accounts and names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sanctions {
    /// Normalised address → the listing it comes from.
    wallets: HashMap<String, &'static str>,
    /// IBAN or account number, letters and digits upper case → listing.
    accounts: HashMap<String, &'static str>,
    /// Listed names as written, with their keys.
    names: Vec<(String, Keyed)>,
}

/// A listed name close to a payout's name.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch<'a> {
    pub listed: &'a str,
    pub similarity: f64,
}

impl Sanctions {
    /// The built-in lists.
    pub fn builtin() -> Sanctions {
        let mut sanctions = Sanctions::default();
        for (address, listing) in data::sanctions::wallets() {
            sanctions.wallets.insert(wallet_key(address), listing);
        }
        sanctions
    }

    /// Adds the host's wallet addresses.
    pub fn add_wallets(&mut self, entries: &[String]) {
        for entry in entries {
            self.wallets.insert(wallet_key(entry), HOST_LISTING);
        }
    }

    /// Adds the host's IBANs and account numbers.
    pub fn add_accounts(&mut self, entries: &[String]) {
        for entry in entries {
            self.accounts.insert(account_key(entry), HOST_LISTING);
        }
    }

    /// Adds the host's names of sanctioned persons and entities.
    pub fn add_names(&mut self, entries: &[String]) {
        self.names.extend(
            entries
                .iter()
                .map(|n| (n.trim().to_string(), Keyed::new(&Name::parse(n)))),
        );
    }

    /// The listing of a wallet address, if it is sanctioned.
    pub fn wallet(&self, address: &str) -> Option<&'static str> {
        self.wallet_by_key(&wallet_key(address))
    }

    /// The listing of a wallet by its [`wallet_key`], for an address
    /// already recognised.
    pub fn wallet_by_key(&self, key: &str) -> Option<&'static str> {
        self.wallets.get(key).copied()
    }

    /// The listing of an IBAN or account number, if it is sanctioned.
    pub fn account(&self, account: &str) -> Option<&'static str> {
        // Most policies list no account: skip normalising every payout's.
        if self.accounts.is_empty() {
            return None;
        }
        self.accounts.get(&account_key(account)).copied()
    }

    /// Whether any name is listed.
    pub fn has_names(&self) -> bool {
        !self.names.is_empty()
    }

    /// The listed name most like `name` (the last listed of equals), if at
    /// least `min_similarity` alike. Names whose letters cannot reach it
    /// are skipped unread, so thousands of listed names cost little more
    /// than a count of letters each.
    pub fn name(&self, name: &Name, min_similarity: f64) -> Option<NameMatch<'_>> {
        let name = Keyed::new(name);
        let mut best: Option<NameMatch<'_>> = None;
        for (listed, keyed) in &self.names {
            let Some(similarity) = keyed.similarity(&name, min_similarity) else {
                continue;
            };
            if best.as_ref().is_none_or(|b| similarity >= b.similarity) {
                best = Some(NameMatch { listed, similarity });
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_list_holds_the_lazarus_addresses_in_any_case() {
        let s = Sanctions::builtin();
        let ronin = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96";
        assert!(s.wallet(ronin).unwrap().contains("Lazarus"));
        assert!(s.wallet(&ronin.to_lowercase()).is_some());
        assert!(s.wallet(" 134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak ").is_some());
        assert_eq!(s.wallet("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), None);
    }

    #[test]
    fn every_builtin_address_has_a_known_shape_and_checksum() {
        for (address, _) in data::sanctions::wallets() {
            let a =
                crate::normalize::crypto::recognise(address).unwrap_or_else(|| panic!("{address}"));
            // Lower-case hex carries no EIP-55 checksum to fail.
            assert!(a.checksum_ok, "{address}");
        }
    }

    #[test]
    fn host_entries_extend_the_lists() {
        let mut s = Sanctions::builtin();
        s.add_accounts(&["de89 3704 0044 0532 0130 00".into()]);
        s.add_names(&["KIM Jong Un".into()]);
        assert_eq!(s.account("DE89370400440532013000"), Some(HOST_LISTING));
        let m = s.name(&Name::parse("Jong Un Kim"), 0.9).unwrap();
        assert_eq!(m.listed, "KIM Jong Un");
        assert!(s.name(&Name::parse("Anna Schmidt"), 0.9).is_none());
    }
}
