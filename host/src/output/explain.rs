//! One payout laid out for a reviewer: the decision, then every finding
//! with all its evidence and the payouts it links to.

use super::{ReportRow, escape, kebab};
use crate::model::{Finding, Policy};
use std::fmt::Write;

/// The text of `payguard explain` for `row`, scored under `policy`.
pub fn render(row: &ReportRow, policy: &Policy) -> String {
    let mut out = String::new();
    let employee = [row.employee_id.as_deref(), row.employee_name.as_deref()]
        .into_iter()
        .flatten()
        .map(escape)
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(
        out,
        "payout {} (line {}), employee {employee}",
        escape(&row.payout_id),
        row.line
    );
    let assessment = match &row.outcome {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(
                out,
                "rejected: {}: {}",
                e.field.as_deref().unwrap_or("row"),
                escape(&e.message)
            );
            return out;
        }
    };
    let _ = writeln!(
        out,
        "score {} of 100: {} (review from {}, block from {})",
        assessment.score,
        format!("{:?}", assessment.decision).to_lowercase(),
        policy.review_threshold,
        policy.block_threshold
    );
    if assessment.findings.is_empty() {
        let _ = writeln!(out, "\nno findings");
    }
    for finding in &assessment.findings {
        write_finding(&mut out, finding);
    }
    out
}

fn write_finding(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "\n{} +{} ({}, {})",
        f.rule,
        f.points,
        kebab(&f.category),
        kebab(&f.severity)
    );
    let _ = writeln!(out, "  {}", escape(&f.message));
    if let Some(w) = &f.waiver {
        let _ = writeln!(
            out,
            "  allowlisted until {}: {}",
            w.expires,
            escape(&w.reason)
        );
    }
    for e in &f.evidence {
        let _ = writeln!(out, "  {}: {}", escape(&e.key), escape(&e.value));
    }
    if !f.related_payouts.is_empty() {
        let _ = writeln!(
            out,
            "  related payouts: {}",
            escape(&f.related_payouts.join(", "))
        );
    }
    if !f.related_employees.is_empty() {
        let _ = writeln!(
            out,
            "  related employees: {}",
            escape(&f.related_employees.join(", "))
        );
    }
}
