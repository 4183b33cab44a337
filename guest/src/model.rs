//! Plain data the rules work on. The WIT glue converts to and from these, so
//! the rules compile and test natively without any WebAssembly in sight.
//! The payout and a finding are `payguard-model`'s, shared with the host.

pub use payguard_model::{
    BankAccount, Category, CryptoWallet, Date, Decision, Destination, DestinationKind,
    DestinationProfile, EWallet, EarlierDestination, EarlierPayout, Evidence, Finding, KeyKind,
    Payout, RosterKey, Severity, Waiver, blank,
};

/// The result for one payout (the caller knows which: the contract's
/// results come in the payouts' order, so no id is copied into them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub score: u8,
    pub decision: Decision,
    pub findings: Vec<Finding>,
    /// The destination as the rules read it, for a host's history.
    pub destination: DestinationProfile,
}

/// Why one payout could not be assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub payout_id: String,
    pub field: Option<&'static str>,
    pub message: String,
}

/// The other employees of the roster that share one key with a payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerGroup {
    pub kind: KeyKind,
    pub employee_count: u32,
    pub other_employees: Vec<String>,
    pub other_payouts: Vec<String>,
    /// Other employees' payouts with the key in earlier runs, from the
    /// host's history; counted in `employee_count`.
    pub earlier: Vec<EarlierPayout>,
}
