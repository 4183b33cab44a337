//! Network names a wallet_network column writes, and the chain whose
//! addresses each one's wallets have.

use super::Pack;
use crate::normalize::crypto::Chain;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The names and their chains.
pub const PACK: Pack = Pack {
    name: "crypto-networks",
    text: include_str!("../../data/crypto-networks.tsv"),
};

/// The chain a network name stands for, if the pack lists it: the name in
/// capitals with its spaces collapsed, or, for a name with a part in
/// parentheses ("BNB Smart Chain (BEP20)"), its first part the pack lists.
pub fn chain(network: &str) -> Option<Chain> {
    let by_name = by_name();
    // Most files write a name of the pack as it is ("TRC20", "ERC20").
    if let Some(chain) = by_name.get(network.trim()) {
        return Some(*chain);
    }
    let name = collapsed(network);
    if let Some(chain) = by_name.get(name.as_str()) {
        return Some(*chain);
    }
    name.split(['(', ')'])
        .map(str::trim)
        .find_map(|part| by_name.get(part).copied())
}

/// Upper case, one space between words.
fn collapsed(network: &str) -> String {
    let mut name = String::with_capacity(network.len());
    for word in network.split_whitespace() {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(&word.to_uppercase());
    }
    name
}

/// The pack indexed once: every crypto payout with a network asks.
fn by_name() -> &'static FxHashMap<&'static str, Chain> {
    static BY_NAME: OnceLock<FxHashMap<&'static str, Chain>> = OnceLock::new();
    BY_NAME.get_or_init(|| {
        PACK.rows()
            .map(|r| {
                let chain = Chain::from_ticker(r[1])
                    .unwrap_or_else(|| panic!("crypto-networks: {:?} is no chain", r[1]));
                (r[0], chain)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_chain_in_capitals() {
        for row in PACK.rows() {
            assert_eq!(row.len(), 3, "{row:?}");
            assert_eq!(row[0], collapsed(row[0]), "{row:?}");
            assert!(Chain::from_ticker(row[1]).is_some(), "{row:?}");
        }
    }

    #[test]
    fn reads_networks_as_payrolls_and_exchanges_write_them() {
        assert_eq!(chain("TRC20"), Some(Chain::Tron));
        assert_eq!(chain(" trc-20 "), Some(Chain::Tron));
        assert_eq!(chain("bitcoin"), Some(Chain::Bitcoin));
        assert_eq!(chain("BNB  Smart Chain (BEP20)"), Some(Chain::Ethereum));
        assert_eq!(chain("Arbitrum One"), Some(Chain::Ethereum));
        assert_eq!(chain("Solana"), Some(Chain::Solana));
        assert_eq!(chain("USDT (SPL)"), Some(Chain::Solana));
        assert_eq!(chain("Lightning"), None);
        assert_eq!(chain(""), None);
    }
}
