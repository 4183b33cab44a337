//! The rule catalogue. Each rule lives in its own file with its tests.

use crate::facts::Facts;
use crate::model::{Category, Date, EarlierDestination, Evidence, Payout, PeerGroup, Severity};
use crate::policy::Policy;

mod account_change;
mod country_mismatch;
mod crypto_destination;
mod crypto_in_text;
mod currency_mismatch;
mod e_money;
mod hidden_characters;
mod high_risk_jurisdiction;
mod holder_mismatch;
mod invalid_bic;
mod invalid_crypto_address;
mod invalid_iban;
mod invalid_routing_number;
mod look_alike_letters;
mod monitored_jurisdiction;
mod non_domestic_bank;
mod non_local_bank;
mod non_local_bank_in_area;
mod repeated_account_change;
mod sanctioned;
mod shared_destination;
mod shared_holder;
mod shared_phone;
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
    /// The employee's distinct earlier destinations from the host's
    /// history, the most recently paid first; empty without one.
    pub history: &'a [EarlierDestination],
    pub policy: &'a Policy,
}

impl Context<'_> {
    /// The day this payout is judged on: its pay date, else the policy's
    /// as-of day (the day it is scored).
    pub fn day(&self) -> Option<Date> {
        self.payout.pay_date.or(self.policy.as_of)
    }
}

/// A rule that fired: the finding without its points, which the policy sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hit {
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub related_payouts: Vec<String>,
    pub related_employees: Vec<String>,
    /// The rule saw its own aggravating combination: the finding counts
    /// one and a half times the rule's weight, one severity higher.
    pub amplified: bool,
}

impl Hit {
    /// A hit with a message and evidence pairs.
    pub fn new<const N: usize>(message: String, evidence: [(&str, String); N]) -> Hit {
        Hit {
            message,
            evidence: evidence
                .into_iter()
                .map(|(key, value)| Evidence::new(key, value))
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
    sanctioned::RULE,
    crypto_destination::RULE,
    crypto_in_text::RULE,
    shared_destination::RULE,
    shared_holder::RULE,
    shared_phone::RULE,
    non_local_bank::RULE,
    non_local_bank_in_area::RULE,
    non_domestic_bank::RULE,
    high_risk_jurisdiction::RULE,
    monitored_jurisdiction::RULE,
    holder_mismatch::RULE,
    e_money::RULE,
    account_change::RULE,
    repeated_account_change::RULE,
    country_mismatch::RULE,
    currency_mismatch::RULE,
    ship_to_mismatch::RULE,
    invalid_iban::RULE,
    invalid_bic::RULE,
    invalid_routing_number::RULE,
    invalid_crypto_address::RULE,
    hidden_characters::RULE,
    look_alike_letters::RULE,
];
