//! What a history of earlier runs tells the rules: other employees'
//! earlier payouts to a key, and an employee's own earlier destinations.
//! The host looks them up; the rules judge them. Neither holds an account
//! number: a destination is remembered by its kind and country.

use crate::Date;
use std::borrow::Cow;

/// What kind of destination a payout goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
pub enum DestinationKind {
    Bank,
    Crypto,
    EWallet,
}

/// A destination as the rules read it, without the account itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DestinationProfile {
    pub kind: DestinationKind,
    /// The bank's country as the rules read it, when known: lent by the
    /// rules (a static code), owned when read from elsewhere.
    pub country: Option<Cow<'static, str>>,
}

impl std::fmt::Display for DestinationProfile {
    /// "a bank in DE", "a crypto wallet", "an e-wallet".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, &self.country) {
            (DestinationKind::Bank, Some(c)) => write!(f, "a bank in {c}"),
            (DestinationKind::Bank, None) => write!(f, "a bank"),
            (DestinationKind::Crypto, _) => write!(f, "a crypto wallet"),
            (DestinationKind::EWallet, _) => write!(f, "an e-wallet"),
        }
    }
}

/// A payout of an earlier run to a key this payout has, paid to another
/// employee.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EarlierPayout {
    pub employee: String,
    pub payout: String,
    /// The payroll (client) it was paid on.
    pub payroll: String,
    /// Whether that is another payroll than this payout's.
    pub other_payroll: bool,
    pub pay_date: Date,
}

/// A destination the employee was paid to in earlier runs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EarlierDestination {
    /// Whether it is this payout's destination.
    pub current: bool,
    pub profile: DestinationProfile,
    pub first_paid: Date,
    pub last_paid: Date,
    /// The last earlier payout to it.
    pub payout: String,
}
