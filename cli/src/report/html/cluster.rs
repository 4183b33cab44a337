//! The people behind a shared destination, holder or phone: every payout
//! whose finding names the same key, together, with what the key received.

use payguard::model::Category;
use payguard::output::mask;
use payguard::output::money::Totals;
use payguard::output::{Report, ReportRow};
use std::collections::BTreeMap;

/// One shared key and the payouts on it.
#[derive(Debug)]
pub struct Cluster<'r> {
    /// The rule that found the key shared ("shared-destination").
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// The key as the finding's first evidence gives it.
    pub key: String,
    /// The payouts on the key, in file order.
    pub members: Vec<&'r ReportRow>,
    /// Whether every member's finding is allowlisted.
    pub reviewed: bool,
}

impl Cluster<'_> {
    /// The key as a reader sees it: a destination masked like the card's.
    pub fn label(&self) -> String {
        let payout = self.members.iter().find_map(|m| m.payout.as_ref());
        match (self.rule.as_str(), payout) {
            ("shared-destination", Some(p)) => format!(
                "{} {}",
                mask::kind(&p.destination),
                mask::masked(&p.destination)
            ),
            _ => self.key.clone(),
        }
    }

    /// The distinct employees on the key.
    pub fn employees(&self) -> usize {
        let mut ids: Vec<&str> = self
            .members
            .iter()
            .filter_map(|m| m.employee_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// What the key received, per currency.
    pub fn totals(&self) -> Totals {
        let mut totals = Totals::default();
        for payout in self.members.iter().filter_map(|m| m.payout.as_ref()) {
            totals.add(payout.amount_minor, &payout.currency);
        }
        totals
    }
}

/// The clusters of `report`: findings that link payouts to other payouts
/// (the shared-* rules), grouped by rule and key. Largest first.
pub fn clusters(report: &Report) -> Vec<Cluster<'_>> {
    type Group<'r> = (Category, Vec<&'r ReportRow>, bool);
    let mut groups: BTreeMap<(&str, &str), Group<'_>> = BTreeMap::new();
    for row in &report.rows {
        let Ok(assessment) = &row.outcome else {
            continue;
        };
        for finding in &assessment.findings {
            if finding.related_payouts.is_empty() && finding.related_employees.is_empty() {
                continue;
            }
            let key = finding.evidence.first().map_or("", |e| e.value.as_str());
            let group =
                groups
                    .entry((&*finding.rule, key))
                    .or_insert((finding.category, Vec::new(), true));
            group.1.push(row);
            group.2 &= finding.waiver.is_some();
        }
    }
    let mut out: Vec<Cluster<'_>> = groups
        .into_iter()
        .map(|((rule, key), (category, members, reviewed))| Cluster {
            rule: rule.to_string(),
            category,
            key: key.to_string(),
            members,
            reviewed,
        })
        .collect();
    out.sort_by(|a, b| {
        b.employees()
            .cmp(&a.employees())
            .then(a.members[0].line.cmp(&b.members[0].line))
    });
    out
}
