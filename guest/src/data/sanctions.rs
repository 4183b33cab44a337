//! Sanctioned wallet addresses shipped with the plugin.

use super::Pack;

/// OFAC SDN addresses; the host may add more through the policy.
pub const WALLETS: Pack = Pack {
    name: "sanctioned-wallets",
    text: include_str!("../../data/sanctioned-wallets.tsv"),
};

/// (address, listing) of every built-in sanctioned wallet.
pub fn wallets() -> impl Iterator<Item = (&'static str, &'static str)> {
    WALLETS.rows().map(|r| (r[1], r[2]))
}
