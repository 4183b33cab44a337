//! The rule catalogue. Each rule lives in its own file with its tests.

use crate::facts::Facts;
use crate::model::{Category, Payout, PeerGroup, Severity};
use crate::policy::Policy;

mod country_mismatch;
mod crypto_destination;
mod crypto_in_text;
mod invalid_bic;
mod invalid_crypto_address;
mod invalid_iban;
mod non_local_bank;
mod non_local_bank_in_area;
mod shared_destination;
mod ship_to_mismatch;

#[cfg(test)]
pub(crate) mod testing;

/// A rule's entry in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable id, used in policies, allowlists and output.
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Points added by default.
    pub weight: u32,
    pub description: &'static str,
}

/// What a rule sees of one payout.
pub struct Context<'a> {
    pub payout: &'a Payout,
    pub facts: &'a Facts,
    /// Groups of other employees sharing one of this payout's roster keys.
    pub peers: &'a [PeerGroup],
    pub policy: &'a Policy,
}

/// A rule that fired: the finding without its points, which the policy sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hit {
    pub message: String,
    pub evidence: Vec<(String, String)>,
    pub related_payouts: Vec<String>,
    pub related_employees: Vec<String>,
}

impl Hit {
    /// A hit with a message and evidence pairs.
    pub fn new<const N: usize>(message: String, evidence: [(&str, String); N]) -> Hit {
        Hit {
            message,
            evidence: evidence
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            ..Hit::default()
        }
    }
}

/// A rule: its catalogue entry and its check.
pub struct Rule {
    pub info: RuleInfo,
    pub check: fn(&Context) -> Option<Hit>,
}

/// Every rule, in catalogue order.
pub const ALL: &[Rule] = &[
    crypto_destination::RULE,
    crypto_in_text::RULE,
    shared_destination::RULE,
    non_local_bank::RULE,
    non_local_bank_in_area::RULE,
    country_mismatch::RULE,
    ship_to_mismatch::RULE,
    invalid_iban::RULE,
    invalid_bic::RULE,
    invalid_crypto_address::RULE,
];
