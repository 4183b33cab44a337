//! What the report template shows, worked out from the report: every
//! value here is plain text that the template escapes.

use super::{RunInfo, cluster};
use askama::Template;
use payguard::input::bank::FileNote;
use payguard::model::{Category, Decision, Finding};
use payguard::output::money::{self, Totals};
use payguard::output::{Report, ReportRow, Verdict, kebab, mask};
use payguard::policy_changes;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Template)]
#[template(path = "report.html")]
pub(super) struct Page<'a> {
    source: &'a str,
    generated_at: &'a str,
    sha256: &'a str,
    version: &'a str,
    contract: &'a str,
    data: Vec<(String, String, String)>,
    csp: String,
    style: &'static str,
    script: &'a str,
    decisions: Vec<DecisionRow>,
    read: usize,
    categories: Vec<(String, usize, usize)>,
    thresholds: String,
    policy_changes: Vec<String>,
    rules: Vec<String>,
    cards: Vec<Card>,
    /// Payouts at review or block, on the page or not.
    flagged: usize,
    /// The flagged payouts past `--max-cards`, left off the page.
    left_off: usize,
    /// The review form's default expiry: the run's day plus 90 days.
    expires: String,
    clusters: Vec<ClusterView>,
    rejected: Vec<(u64, String, String, String)>,
    /// A bank file's failed integrity checks: line, check, message.
    file_checks: Vec<(u64, &'static str, String)>,
    /// A bank file's entries that are not payouts: line, id, reason.
    skipped: Vec<(u64, String, String)>,
    /// Whether the source is a bank file, which has these sections.
    bank_file: bool,
    /// The history the run was judged against, in a sentence.
    history: Option<String>,
}

/// One decision's line of the summary.
struct DecisionRow {
    name: &'static str,
    count: usize,
    totals: String,
}

/// One payout at review or block.
struct Card {
    payout_id: String,
    line: u64,
    employee_id: String,
    employee_name: String,
    decision: String,
    score: u8,
    amount: String,
    destination: String,
    /// The destination as written, for an allowlist entry.
    destination_written: String,
    residence: String,
    pay_date: String,
    categories: String,
    rules: String,
    search: String,
    findings: Vec<FindingView>,
}

struct FindingView {
    rule: String,
    points: u32,
    category: String,
    severity: String,
    message: String,
    evidence: Vec<(String, String)>,
    related_payouts: String,
    related_employees: String,
    /// "allowlisted until 2027-01-31: reason".
    waiver: Option<String>,
    shared: bool,
}

struct ClusterView {
    rule: String,
    category: String,
    label: String,
    employees: usize,
    totals: String,
    reviewed: bool,
    search: String,
    members: Vec<Member>,
}

struct Member {
    payout_id: String,
    line: u64,
    employee_id: String,
    employee_name: String,
    amount: String,
    decision: String,
    destination_written: String,
}

impl<'a> Page<'a> {
    pub(super) fn new(report: &Report, run: &RunInfo<'a>, script: &'a str, csp: String) -> Self {
        let mut cards: Vec<(&ReportRow, Card)> = report
            .rows
            .iter()
            .filter(|r| matches!(&r.outcome, Ok(a) if a.decision != Decision::Allow))
            .map(|r| (r, card(r)))
            .collect();
        cards.sort_by(|(a, x), (b, y)| y.score.cmp(&x.score).then(a.line.cmp(&b.line)));
        let flagged = cards.len();
        cards.truncate(run.max_cards);
        let rules: BTreeSet<String> = report
            .rows
            .iter()
            .filter_map(|r| r.outcome.as_ref().ok())
            .flat_map(|a| a.findings.iter().map(|f| f.rule.to_string()))
            .collect();
        Page {
            source: run.source,
            generated_at: run.generated_at,
            sha256: run.sha256,
            version: &run.plugin.version,
            contract: &run.plugin.contract,
            data: run
                .plugin
                .data
                .iter()
                .map(|d| (d.name.clone(), d.version.clone(), d.source.clone()))
                .collect(),
            csp,
            style: super::STYLE,
            script,
            decisions: decisions(report),
            read: report.rows.len(),
            categories: categories(report),
            thresholds: format!(
                "review from {} points, block from {}",
                run.policy.review_threshold, run.policy.block_threshold
            ),
            policy_changes: policy_changes::changes(run.default_policy, run.policy),
            rules: rules.into_iter().collect(),
            left_off: flagged - cards.len(),
            flagged,
            cards: cards.into_iter().map(|(_, c)| c).collect(),
            expires: expires(run.policy.as_of),
            clusters: cluster::clusters(report).iter().map(cluster_view).collect(),
            rejected: report
                .rows
                .iter()
                .filter_map(|r| match &r.outcome {
                    Err(e) => Some((
                        r.line,
                        r.payout_id.clone(),
                        e.field.clone().unwrap_or_else(|| "row".into()),
                        e.message.clone(),
                    )),
                    Ok(_) => None,
                })
                .collect(),
            file_checks: report
                .notes
                .iter()
                .filter_map(|n| match n {
                    FileNote::FileCheck(c) => Some((c.line, c.check, c.message.clone())),
                    FileNote::Skipped(_) => None,
                })
                .collect(),
            skipped: report
                .notes
                .iter()
                .filter_map(|n| match n {
                    FileNote::Skipped(s) => Some((s.line, s.payout_id.clone(), s.reason.clone())),
                    FileNote::FileCheck(_) => None,
                })
                .collect(),
            bank_file: run.bank_file,
            history: run.history.clone(),
        }
    }
}

/// The review form's default expiry: 90 days after the run's as-of day
/// (the day the run was judged on, not the reader's clock); none without
/// one, and the page's script falls back to the browser's day.
fn expires(as_of: Option<payguard::Date>) -> String {
    as_of
        .and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
        .and_then(|d| d.checked_add_days(chrono::Days::new(90)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn decisions(report: &Report) -> Vec<DecisionRow> {
    Verdict::ALL
        .into_iter()
        .map(|verdict| {
            let rows = report.rows.iter().filter(|r| r.verdict() == verdict);
            let mut totals = Totals::default();
            let mut count = 0;
            for row in rows {
                count += 1;
                if let Some(p) = &row.payout {
                    totals.add(p.amount_minor, &p.currency);
                }
            }
            DecisionRow {
                name: verdict.name(),
                count,
                totals: totals.lines().join(" · "),
            }
        })
        .collect()
}

/// Per category: payouts with a finding that counts, and such findings.
fn categories(report: &Report) -> Vec<(String, usize, usize)> {
    let mut counts: BTreeMap<Category, (usize, usize)> = BTreeMap::new();
    for assessment in report.rows.iter().filter_map(|r| r.outcome.as_ref().ok()) {
        let counting: Vec<&Finding> = assessment
            .findings
            .iter()
            .filter(|f| f.waiver.is_none())
            .collect();
        let distinct: BTreeSet<Category> = counting.iter().map(|f| f.category).collect();
        for category in distinct {
            counts.entry(category).or_default().0 += 1;
        }
        for finding in counting {
            counts.entry(finding.category).or_default().1 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(c, (payouts, findings))| (kebab(&c), payouts, findings))
        .collect()
}

fn amount(row: &ReportRow) -> String {
    row.payout
        .as_ref()
        .map(|p| money::format(i128::from(p.amount_minor), &p.currency))
        .unwrap_or_default()
}

/// The destination as written, for an allowlist entry.
fn written(row: &ReportRow) -> String {
    row.payout
        .as_ref()
        .and_then(|p| mask::written(&p.destination))
        .unwrap_or_default()
        .to_string()
}

fn card(row: &ReportRow) -> Card {
    let assessment = row.outcome.as_ref().expect("cards are of assessed payouts");
    let payout = row.payout.as_ref();
    let findings: Vec<FindingView> = assessment.findings.iter().map(finding_view).collect();
    let categories: BTreeSet<&str> = findings.iter().map(|f| f.category.as_str()).collect();
    let employee_name = row.employee_name.clone().unwrap_or_default();
    let employee_id = row.employee_id.clone().unwrap_or_default();
    let destination = payout.map_or(String::new(), |p| {
        format!(
            "{} {}",
            mask::kind(&p.destination),
            mask::masked(&p.destination)
        )
    });
    let search = [
        row.payout_id.as_str(),
        &employee_id,
        &employee_name,
        &destination,
    ]
    .into_iter()
    .chain(findings.iter().map(|f| f.message.as_str()))
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase();
    Card {
        payout_id: row.payout_id.clone(),
        line: row.line,
        employee_id,
        employee_name,
        decision: row.verdict().name().into(),
        score: assessment.score,
        amount: amount(row),
        destination,
        destination_written: written(row),
        residence: payout.map_or(String::new(), |p| p.residence_country.clone()),
        pay_date: payout
            .and_then(|p| p.pay_date)
            .map_or(String::new(), |d| d.to_string()),
        categories: categories.into_iter().collect::<Vec<_>>().join(" "),
        rules: findings
            .iter()
            .map(|f| f.rule.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        search,
        findings,
    }
}

fn finding_view(f: &Finding) -> FindingView {
    FindingView {
        rule: f.rule.to_string(),
        points: f.points,
        category: kebab(&f.category),
        severity: kebab(&f.severity),
        message: f.message.clone(),
        evidence: f
            .evidence
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect(),
        related_payouts: f.related_payouts.join(", "),
        related_employees: f.related_employees.join(", "),
        waiver: f
            .waiver
            .as_ref()
            .map(|w| format!("allowlisted until {}: {}", w.expires, w.reason)),
        shared: !f.related_employees.is_empty(),
    }
}

fn cluster_view(c: &cluster::Cluster<'_>) -> ClusterView {
    let members: Vec<Member> = c
        .members
        .iter()
        .map(|row| Member {
            payout_id: row.payout_id.clone(),
            line: row.line,
            employee_id: row.employee_id.clone().unwrap_or_default(),
            employee_name: row.employee_name.clone().unwrap_or_default(),
            amount: amount(row),
            decision: row.verdict().name().into(),
            destination_written: written(row),
        })
        .collect();
    let label = c.label();
    let search = std::iter::once(label.as_str())
        .chain(
            members
                .iter()
                .flat_map(|m| [m.payout_id.as_str(), &m.employee_id, &m.employee_name]),
        )
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    ClusterView {
        rule: c.rule.clone(),
        category: kebab(&c.category),
        label,
        employees: c.employees(),
        totals: c.totals().lines().join(" · "),
        reviewed: c.reviewed,
        search,
        members,
    }
}
