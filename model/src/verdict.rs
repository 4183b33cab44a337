//! What the rules conclude, in the words every side shares: a finding
//! (its category, severity and evidence), a payout's decision, the waiver
//! that silenced a finding. The plugin's glue, the native backend and the
//! host's report all use these very types.

use std::borrow::Cow;

use crate::Date;

/// What kind of red flag a finding is: the contract's fixed categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Category {
    CryptoWallet,
    Sanctioned,
    SharedAccount,
    NonLocalBank,
    CountryMismatch,
    EMoney,
    HighRiskJurisdiction,
    HolderMismatch,
    AccountChange,
    InvalidDestination,
}

/// How serious a finding is, for sorting and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// One step more serious, at most critical.
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            Severity::High | Severity::Critical => Severity::Critical,
        }
    }
}

/// What to do with a payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Decision {
    Allow,
    Review,
    Block,
}

/// Why a finding no longer counts: a reviewed case on the allowlist.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waiver {
    pub reason: String,
    /// The last day the allowlist entry applies.
    pub expires: Date,
}

/// One fact behind a finding, such as ("iban-country", "LT").
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evidence {
    pub key: String,
    pub value: String,
}

impl Evidence {
    /// The fact `key` with its `value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Evidence {
        Evidence {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// One rule that fired on one payout: what the rules build, natively or
/// in the plugin, and what the host writes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// The rule's stable id, such as "non-local-bank": lent by the rules
    /// (their ids are static), owned when read from elsewhere.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rule: Cow<'static, str>,
    pub category: Category,
    pub severity: Severity,
    /// What this finding added to the score.
    pub points: u32,
    /// One sentence for a reviewer.
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub related_payouts: Vec<String>,
    pub related_employees: Vec<String>,
    /// Set when an allowlist entry silenced the finding (its points are 0).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub waiver: Option<Waiver>,
}
