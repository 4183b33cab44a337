//! Plain data the rules work on. The WIT glue converts to and from these, so
//! the rules compile and test natively without any WebAssembly in sight.

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Whether the date exists in the Gregorian calendar.
    pub fn is_valid(self) -> bool {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard
    /// Hinnant's `days_from_civil`). Dates are checked and counted here
    /// rather than by a date crate that every plugin download would carry.
    pub fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
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

impl Payout {
    /// The payout with blank optional text (empty or only white space) as
    /// absent: a payroll's empty cell and a host's `some("")` both mean
    /// none. Every way into the rules (the WIT glue, the host's native
    /// backend) goes through this, so they read a payout alike.
    pub fn without_blanks(mut self) -> Payout {
        fn present(value: &mut Option<String>) {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *value = None;
            }
        }
        match &mut self.destination {
            Destination::Bank(b) => {
                for field in [
                    &mut b.iban,
                    &mut b.account_number,
                    &mut b.routing_number,
                    &mut b.bic,
                    &mut b.bank_country,
                ] {
                    present(field);
                }
            }
            Destination::Crypto(c) => present(&mut c.network),
            Destination::EWallet(_) => {}
        }
        for field in [
            &mut self.account_holder,
            &mut self.phone,
            &mut self.ship_to_country,
            &mut self.reference,
        ] {
            present(field);
        }
        self
    }
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
    /// The allowlist entry that silenced this finding; its points are 0.
    pub waiver: Option<Waiver>,
}

/// Why a finding no longer counts: a reviewed case on the allowlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub reason: String,
    pub expires: Date,
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
    /// The account holder's name, when the holder is not the employee.
    AccountHolder,
    Phone,
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

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn knows_leap_years() {
        let valid = |year, month, day| Date { year, month, day }.is_valid();
        assert!(valid(2024, 2, 29));
        assert!(!valid(2100, 2, 29));
        assert!(valid(2000, 2, 29));
        assert!(!valid(2026, 4, 31) && !valid(2026, 13, 1) && !valid(2026, 1, 0));
    }

    #[test]
    fn counts_days_across_months_leap_years_and_eras() {
        let d = |year, month, day| Date { year, month, day }.days();
        assert_eq!(d(1970, 1, 1), 0);
        assert_eq!(d(2000, 3, 1) - d(2000, 2, 28), 2, "2000 is a leap year");
        assert_eq!(d(2100, 3, 1) - d(2100, 2, 28), 1, "2100 is not");
        assert_eq!(d(2026, 1, 1) - d(2025, 12, 25), 7);
        assert_eq!(d(1, 1, 1), -719_162);
    }
}
