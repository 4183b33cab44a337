//! Reviewed cases: findings a reviewer has accepted, silenced until an
//! expiry date. A silenced finding stays in the output with its reason and
//! adds no points, so nothing disappears without a trace.
//!
//! A shared-account finding is about the other employees too, so a
//! reviewed case covers it only for the people the reviewer saw: the entry
//! must name the employee, and every other employee of the group must be
//! named by an entry of their own. A new persona paid into a reviewed
//! account reopens the case for everyone on it.

use crate::model::{Date, Finding, Payout, Waiver};
use crate::normalize::destination;

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

/// Rules whose findings name other employees.
const SHARED_RULES: &[&str] = &["shared-destination", "shared-holder", "shared-phone"];

impl AllowEntry {
    /// Whether the entry silences `rule`.
    fn silences(&self, rule: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule)
    }

    /// Whether the entry names `employee` and silences `rule` on `day`.
    fn reviewed(&self, employee: &str, rule: &str, day: Date) -> bool {
        day <= self.expires
            && self.employee_id.as_deref().map(str::trim) == Some(employee.trim())
            && self.silences(rule)
    }

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
                .is_none_or(|d| destination::names(d, payout))
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
        let shared = SHARED_RULES.contains(&&*finding.rule);
        let everyone_reviewed = || {
            let named = finding.related_employees.len() + 1;
            let in_group = finding
                .evidence
                .iter()
                .find(|e| e.key == "employees")
                .and_then(|e| e.value.parse::<usize>().ok())
                .unwrap_or(named);
            in_group <= named
                && finding
                    .related_employees
                    .iter()
                    .all(|peer| entries.iter().any(|e| e.reviewed(peer, &finding.rule, day)))
        };
        let entry = covering.iter().find(|e| {
            e.silences(&finding.rule)
                && (!shared || (e.employee_id.is_some() && everyone_reviewed()))
        });
        if let Some(entry) = entry {
            finding.points = 0;
            finding.waiver = Some(Waiver {
                reason: entry.reason.clone(),
                expires: entry.expires,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;
    use crate::rules::testing::*;

    fn entry() -> AllowEntry {
        AllowEntry {
            employee_id: None,
            destination: Some("de89 3704 0044 0532 0130 00".into()),
            rules: vec!["e-money".into()],
            reason: "salary account at Wise, reviewed".into(),
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
        let mut f = [finding("e-money", 50), finding("holder-mismatch", 50)];
        apply(&mut f, &paid_on(2027, 3, 31), &[entry()], None);
        assert_eq!(f[0].points, 0);
        assert_eq!(
            f[0].waiver.as_ref().unwrap().reason,
            "salary account at Wise, reviewed"
        );
        assert_eq!(
            (f[1].points, &f[1].waiver),
            (50, &None),
            "another rule still counts"
        );

        let mut f = [finding("e-money", 50)];
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
        let mut f = [finding("e-money", 50)];
        apply(&mut f, &payout(), &[entry()], as_of);
        assert_eq!(f[0].points, 0);
        let mut f = [finding("e-money", 50)];
        apply(&mut f, &payout(), &[entry()], None);
        assert_eq!(f[0].points, 50);
    }

    #[test]
    fn every_named_part_must_match() {
        let other_employee = AllowEntry {
            employee_id: Some("E9".into()),
            ..entry()
        };
        let mut f = [finding("e-money", 50)];
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

    /// A shared-destination finding of E1's payout, the group of `count`
    /// employees naming `peers`.
    fn shared(count: usize, peers: &[&str]) -> Finding {
        let mut f = finding("shared-destination", 50);
        f.evidence = vec![Evidence::new("employees", count.to_string())];
        f.related_employees = peers.iter().map(|p| p.to_string()).collect();
        f
    }

    fn reviewed(employee: &str) -> AllowEntry {
        AllowEntry {
            employee_id: Some(employee.into()),
            rules: vec!["shared-destination".into()],
            ..entry()
        }
    }

    #[test]
    fn a_shared_finding_is_silenced_only_when_everyone_on_it_was_reviewed() {
        let day = paid_on(2027, 1, 1);
        let both = [reviewed("E1"), reviewed("E2")];
        let mut f = [shared(2, &["E2"])];
        apply(&mut f, &day, &both, None);
        assert_eq!(f[0].points, 0, "the spouses, both reviewed");

        let mut f = [shared(3, &["E2", "E99"])];
        apply(&mut f, &day, &both, None);
        assert_eq!(f[0].points, 50, "a new persona on the account reopens it");

        let account_only = AllowEntry {
            rules: vec!["shared-destination".into()],
            ..entry()
        };
        let mut f = [shared(2, &["E2"])];
        apply(&mut f, &day, &[account_only], None);
        assert_eq!(
            f[0].points, 50,
            "an entry naming only the account names nobody"
        );

        let mut f = [shared(13, &["E2"])];
        apply(&mut f, &day, &both, None);
        assert_eq!(
            f[0].points, 50,
            "employees beyond the named peers were not reviewed"
        );
    }

    #[test]
    fn wallets_and_handles_match_per_their_case_rules() {
        let eth = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let wallet = with_wallet(eth, None);
        assert!(destination::names(&eth.to_lowercase(), &wallet));
        let handle = with_ewallet("PayPal", "Anna@Example.com");
        assert!(destination::names(" anna@example.com", &handle));
        assert!(!destination::names("bob@example.com", &handle));
    }

    #[test]
    fn a_wallet_entry_with_its_tag_covers_the_tag_the_reference_gives() {
        let xrp = "rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe";
        let tagged = Payout {
            reference: Some("Destination tag: 104711".into()),
            ..with_wallet(xrp, Some("XRP"))
        };
        assert!(destination::names(&format!("{xrp}?dt=104711"), &tagged));
        assert!(destination::names(&format!("{xrp} tag 104711"), &tagged));
        // Another customer's tag, or the exchange's address alone, is
        // another account.
        assert!(!destination::names(&format!("{xrp}?dt=104712"), &tagged));
        assert!(!destination::names(xrp, &tagged));
    }
}
