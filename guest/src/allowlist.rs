//! Reviewed cases: findings a reviewer has accepted, silenced until an
//! expiry date. A silenced finding stays in the output with its reason and
//! adds no points, so nothing disappears without a trace.

use crate::model::{Date, Destination, Finding, Payout, Waiver};
use crate::normalize::{crypto, iban::electronic_form};

/// One reviewed case. It names an employee, a destination or both; all it
/// names must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowEntry {
    pub employee_id: Option<String>,
    /// An IBAN, account number, wallet address or e-wallet handle.
    pub destination: Option<String>,
    /// The rules it silences; empty silences every rule.
    pub rules: Vec<String>,
    pub reason: String,
    /// The last day it applies.
    pub expires: Date,
}

impl AllowEntry {
    /// Whether the entry covers `payout` on `day`.
    fn covers(&self, payout: &Payout, day: Date) -> bool {
        day <= self.expires
            && self
                .employee_id
                .as_ref()
                .is_none_or(|e| e.trim() == payout.employee_id.trim())
            && self
                .destination
                .as_ref()
                .is_none_or(|d| same_destination(d, &payout.destination))
    }
}

/// Silences the findings that an unexpired entry covers. The day judged is
/// the pay date, else `as_of`; with neither, nothing is silenced.
pub fn apply(
    findings: &mut [Finding],
    payout: &Payout,
    entries: &[AllowEntry],
    as_of: Option<Date>,
) {
    let Some(day) = payout.pay_date.or(as_of) else {
        return;
    };
    let covering: Vec<&AllowEntry> = entries.iter().filter(|e| e.covers(payout, day)).collect();
    for finding in findings {
        if let Some(entry) = covering
            .iter()
            .find(|e| e.rules.is_empty() || e.rules.iter().any(|r| r == finding.rule))
        {
            finding.points = 0;
            finding.waiver = Some(Waiver {
                reason: entry.reason.clone(),
                expires: entry.expires,
            });
        }
    }
}

/// Whether `entry` names the payout's destination, however it is spelled.
fn same_destination(entry: &str, destination: &Destination) -> bool {
    let alnum = |s: &str| -> String {
        electronic_form(s)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    match destination {
        Destination::Bank(bank) => [&bank.iban, &bank.account_number]
            .into_iter()
            .flatten()
            .any(|account| alnum(account) == alnum(entry)),
        Destination::Crypto(wallet) => {
            let key = |a: &str| crypto::recognise(a).map(|a| a.normalized());
            match (key(entry), key(&wallet.address)) {
                (Some(a), Some(b)) => a == b,
                _ => entry.trim() == wallet.address.trim(),
            }
        }
        Destination::EWallet(ewallet) => entry.trim().eq_ignore_ascii_case(ewallet.handle.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn entry() -> AllowEntry {
        AllowEntry {
            employee_id: None,
            destination: Some("de89 3704 0044 0532 0130 00".into()),
            rules: vec!["shared-destination".into()],
            reason: "joint account of spouses, reviewed".into(),
            expires: Date {
                year: 2027,
                month: 3,
                day: 31,
            },
        }
    }

    fn paid_on(year: u16, month: u8, day: u8) -> Payout {
        Payout {
            pay_date: Some(Date { year, month, day }),
            ..payout()
        }
    }

    #[test]
    fn silences_the_named_rule_until_expiry_keeping_the_finding() {
        let mut f = [
            finding("shared-destination", 50),
            finding("holder-mismatch", 50),
        ];
        apply(&mut f, &paid_on(2027, 3, 31), &[entry()], None);
        assert_eq!(f[0].points, 0);
        assert_eq!(
            f[0].waiver.as_ref().unwrap().reason,
            "joint account of spouses, reviewed"
        );
        assert_eq!(
            (f[1].points, &f[1].waiver),
            (50, &None),
            "another rule still counts"
        );

        let mut f = [finding("shared-destination", 50)];
        apply(&mut f, &paid_on(2027, 4, 1), &[entry()], None);
        assert_eq!(f[0].points, 50, "expired the day before");
    }

    #[test]
    fn judges_undated_payouts_by_as_of_and_never_without_a_date() {
        let as_of = Some(Date {
            year: 2027,
            month: 1,
            day: 1,
        });
        let mut f = [finding("shared-destination", 50)];
        apply(&mut f, &payout(), &[entry()], as_of);
        assert_eq!(f[0].points, 0);
        let mut f = [finding("shared-destination", 50)];
        apply(&mut f, &payout(), &[entry()], None);
        assert_eq!(f[0].points, 50);
    }

    #[test]
    fn every_named_part_must_match() {
        let other_employee = AllowEntry {
            employee_id: Some("E9".into()),
            ..entry()
        };
        let mut f = [finding("shared-destination", 50)];
        apply(&mut f, &paid_on(2027, 1, 1), &[other_employee], None);
        assert_eq!(f[0].points, 50);
        let other_account = AllowEntry {
            destination: Some("GB33BUKB20201555555555".into()),
            ..entry()
        };
        apply(&mut f, &paid_on(2027, 1, 1), &[other_account], None);
        assert_eq!(f[0].points, 50);
        let whole_employee = AllowEntry {
            employee_id: Some("E1".into()),
            destination: None,
            rules: vec![],
            ..entry()
        };
        apply(&mut f, &paid_on(2027, 1, 1), &[whole_employee], None);
        assert_eq!(f[0].points, 0);
    }

    #[test]
    fn wallets_and_handles_match_per_their_case_rules() {
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let wallet = with_wallet(eth, None).destination;
        assert!(same_destination(&eth.to_lowercase(), &wallet));
        let handle = with_ewallet("PayPal", "Anna@Example.com").destination;
        assert!(same_destination(" anna@example.com", &handle));
        assert!(!same_destination("bob@example.com", &handle));
    }
}
