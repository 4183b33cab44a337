//! The host's own types: what a finance system builds and reads. They do not
//! change when the WIT contract gets a new version; `plugin::v0_6` converts.
//! The payout is the rules' own (`payguard-model`), shared with the plugin's
//! source and the native backend.

use serde::{Deserialize, Serialize};

/// The payout and its parts, the roster keys pass 1 gives, and a
/// verdict's findings (category, severity, evidence, waiver) and decision
/// are the rules' own types (`payguard-model`): the native backend hands
/// them to and takes them from the rules as they are.
pub use payguard_model::{
    BankAccount, Category, CryptoWallet, Date, Decision, Destination, DestinationKind,
    DestinationProfile, EWallet, EarlierDestination, EarlierPayout, Evidence, Finding, KeyKind,
    Payout, RosterKey, Severity, Waiver,
};

/// The result for one payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub payout_id: String,
    pub score: u8,
    pub decision: Decision,
    pub findings: Vec<Finding>,
    /// The destination as the rules read it (kind and bank country), what
    /// a history records of it; none where a host made the assessment.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub destination: Option<DestinationProfile>,
}

/// Why one payout could not be assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub payout_id: String,
    /// The CSV column at fault.
    pub field: Option<String>,
    pub message: String,
}

/// The outcome for one payout: scored, or rejected with a reason.
pub type Outcome = Result<Assessment, RowError>;

/// One rule's setting in a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSetting {
    pub rule: String,
    pub enabled: bool,
    pub weight: Option<u32>,
}

/// A reviewed case: findings to silence until `expires`. It names an
/// employee, a destination or both; everything it names must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowEntry {
    pub employee_id: Option<String>,
    /// An IBAN, account number, wallet address or e-wallet handle.
    pub destination: Option<String>,
    /// Rule ids to silence; empty silences every rule.
    pub rules: Vec<String>,
    pub reason: String,
    /// The last day it applies (judged against the pay date, else `as_of`).
    pub expires: Date,
}

/// How to score; get the plugin's defaults from `Plugin::default_policy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub review_threshold: u8,
    pub block_threshold: u8,
    pub rules: Vec<RuleSetting>,
    pub lists: Vec<(String, Vec<String>)>,
    pub parameters: Vec<(String, i64)>,
    pub allowlist: Vec<AllowEntry>,
    /// The day allowlist expiry is judged on for payouts without a pay
    /// date; the plugin has no clock, so the host says what today is.
    pub as_of: Option<Date>,
}

/// One entry of the rule catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleInfo {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub weight: u32,
    pub description: String,
}

/// A data set compiled into the plugin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataVersion {
    pub name: String,
    pub version: String,
    pub source: String,
}

/// What the plugin says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PluginInfo {
    pub version: String,
    pub contract: String,
    pub data: Vec<DataVersion>,
}
