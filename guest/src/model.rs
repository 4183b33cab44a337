//! Plain data the rules work on. The WIT glue converts to and from these, so
//! the rules compile and test natively without any WebAssembly in sight.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A bank account as given in the payroll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BankAccount {
    pub iban: Option<String>,
    pub account_number: Option<String>,
    pub routing_number: Option<String>,
    pub bic: Option<String>,
    pub bank_country: Option<String>,
}

/// A crypto-currency wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CryptoWallet {
    pub address: String,
    pub network: Option<String>,
}

/// An account at an e-wallet provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EWallet {
    pub provider: String,
    pub handle: String,
}

/// Where the money goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Bank(BankAccount),
    Crypto(CryptoWallet),
    EWallet(EWallet),
}

/// One payout instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    pub payout_id: String,
    pub employee_id: String,
    pub employee_name: String,
    pub residence_country: String,
    pub amount_minor: i64,
    pub currency: String,
    pub destination: Destination,
    pub account_holder: Option<String>,
    pub account_changed_at: Option<Date>,
    pub pay_date: Option<Date>,
    pub phone: Option<String>,
    pub ship_to_country: Option<String>,
    pub reference: Option<String>,
}

/// The fixed finding categories of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// What to do with a payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    Allow,
    Review,
    Block,
}

/// One rule that fired on one payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub points: u32,
    pub message: String,
    pub evidence: Vec<(String, String)>,
    pub related_payouts: Vec<String>,
    pub related_employees: Vec<String>,
}

/// The result for one payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub payout_id: String,
    pub score: u8,
    pub decision: Decision,
    pub findings: Vec<Finding>,
}

/// Why one payout could not be assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub payout_id: String,
    pub field: Option<&'static str>,
    pub message: String,
}

/// What a roster key stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    Destination,
}

/// A digest of one normalised value of a payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RosterKey {
    pub kind: KeyKind,
    pub digest: u128,
}

/// The other employees of the roster that share one key with a payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerGroup {
    pub kind: KeyKind,
    pub employee_count: u32,
    pub other_employees: Vec<String>,
    pub other_payouts: Vec<String>,
}
