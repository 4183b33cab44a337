//! The payout as payguard's rules read it, the roster keys they give for
//! it, and the words of their verdict. The plugin's WIT glue, the
//! host's readers and the host's native backend all build these very
//! types, so the rules read one payout one way wherever they run: there is
//! no second model to drift (a blank string once meant "none" in the glue
//! and "" natively).

pub mod chunk_words;
pub mod clean_word;
mod history;
pub mod leading_zeros;
pub mod letter_pairs;
pub mod unlisted_asset;
mod verdict;

pub use history::{DestinationKind, DestinationProfile, EarlierDestination, EarlierPayout};
pub use verdict::{Category, Decision, Evidence, Finding, Severity, Waiver};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BankAccount {
    pub iban: Option<String>,
    pub account_number: Option<String>,
    pub routing_number: Option<String>,
    pub bic: Option<String>,
    pub bank_country: Option<String>,
}

impl BankAccount {
    /// Its five text fields, in declaration order (the order contract
    /// 0.6 lays them out in).
    pub fn fields(&self) -> [&Option<String>; 5] {
        [
            &self.iban,
            &self.account_number,
            &self.routing_number,
            &self.bic,
            &self.bank_country,
        ]
    }
}

/// A crypto-currency wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CryptoWallet {
    pub address: String,
    pub network: Option<String>,
}

/// An account at an e-wallet provider.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EWallet {
    pub provider: String,
    pub handle: String,
}

/// Where the money goes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case", tag = "method")
)]
pub enum Destination {
    Bank(BankAccount),
    Crypto(CryptoWallet),
    #[cfg_attr(feature = "serde", serde(rename = "ewallet"))]
    EWallet(EWallet),
}

/// One payout instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
    /// none. The rules read every payout so (their `clean` step), whoever
    /// built it.
    pub fn without_blanks(mut self) -> Payout {
        fn present(value: &mut Option<String>) {
            if value.as_deref().is_some_and(blank) {
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

    /// Whether [`Payout::without_blanks`] would change anything.
    pub fn has_blanks(&self) -> bool {
        let destination = match &self.destination {
            Destination::Bank(b) => b
                .fields()
                .into_iter()
                .any(|v| v.as_deref().is_some_and(blank)),
            Destination::Crypto(c) => c.network.as_deref().is_some_and(blank),
            Destination::EWallet(_) => false,
        };
        destination
            || [
                &self.account_holder,
                &self.phone,
                &self.ship_to_country,
                &self.reference,
            ]
            .into_iter()
            .any(|v| v.as_deref().is_some_and(blank))
    }
}

/// Empty or only white space (as `str::trim` reads it). Asked of every
/// field of every payout: it stops at the first other character instead
/// of trimming from both ends.
pub fn blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// What a roster key stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    Destination,
    /// The account holder's name, when the holder is not the employee.
    AccountHolder,
    Phone,
}

/// A digest of one normalised value of a payout: what pass 1 gives the
/// host for each payout, so it can find what several employees share
/// without holding account numbers, names or phone numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RosterKey {
    pub kind: KeyKind,
    pub digest: u128,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_optional_text_is_absent() {
        let payout = Payout {
            payout_id: "P-1".into(),
            employee_id: " ".into(),
            employee_name: "Ana".into(),
            residence_country: "PT".into(),
            amount_minor: 1,
            currency: "EUR".into(),
            destination: Destination::Bank(BankAccount {
                iban: Some("PT50000201231234567890154".into()),
                bic: Some(" \t".into()),
                ..BankAccount::default()
            }),
            account_holder: Some(String::new()),
            account_changed_at: None,
            pay_date: None,
            phone: Some("+351 21 000 0000".into()),
            ship_to_country: None,
            reference: Some("  ".into()),
        };
        assert!(payout.has_blanks());
        let read = payout.clone().without_blanks();
        assert!(!read.has_blanks());
        let Destination::Bank(bank) = &read.destination else {
            unreachable!()
        };
        assert_eq!((bank.iban.is_some(), &bank.bic), (true, &None));
        assert_eq!((&read.account_holder, &read.reference), (&None, &None));
        assert_eq!(read.phone, payout.phone);
        assert_eq!(
            read.employee_id, " ",
            "required text is left for validation"
        );
    }

    #[test]
    fn blank_is_what_trimming_leaves_empty() {
        // Unicode white space (no-break, ideographic) is blank; a
        // zero-width space is not white space, as `str::trim` reads it.
        for text in ["", " ", "\t\n", "\u{a0}\u{3000}", " a ", "\u{200b}", "x"] {
            assert_eq!(blank(text), text.trim().is_empty(), "{text:?}");
        }
        assert!(blank("\u{a0}\u{3000}") && !blank("\u{200b}"));
    }

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
