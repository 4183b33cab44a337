//! Comparing what came out with what a case expects.

use super::file::{Case, Expect};
use crate::model::{Assessment, Finding};
use crate::output::{ReportRow, kebab};
use std::collections::BTreeMap;

/// What in `rows` differs from what `case` expects, one sentence each;
/// empty when the case passes.
pub fn failures(case: &Case, rows: &[ReportRow]) -> Vec<String> {
    let mut out = Vec::new();
    for (id, expect) in &case.expect {
        let Some(row) = rows.iter().find(|r| r.payout_id == *id) else {
            out.push(format!("{id}: no such payout among the rows"));
            continue;
        };
        let mut fail = |what: String| out.push(format!("{id}: {what}"));
        match (&row.outcome, &expect.rejected) {
            (Err(error), Some(field)) => {
                if error.field.as_deref() != Some(field.as_str()) {
                    fail(format!(
                        "expected rejected at {field}, got rejected at {}: {}",
                        error.field.as_deref().unwrap_or("(no field)"),
                        error.message
                    ));
                }
                if let Some(text) = &expect.message
                    && !error.message.contains(text.as_str())
                {
                    fail(format!(
                        "expected a rejection saying {text:?}, got {:?}",
                        error.message
                    ));
                }
            }
            (Err(error), None) => fail(format!(
                "expected a result, got rejected at {}: {}",
                error.field.as_deref().unwrap_or("(no field)"),
                error.message
            )),
            (Ok(a), Some(field)) => fail(format!(
                "expected rejected at {field}, got {} {} ({})",
                kebab(&a.decision),
                a.score,
                listed(&a.findings)
            )),
            (Ok(a), None) => assessed(a, expect, &mut fail),
        }
    }
    out
}

fn assessed(a: &Assessment, expect: &Expect, fail: &mut impl FnMut(String)) {
    let got = || {
        format!(
            "got {} {} ({})",
            kebab(&a.decision),
            a.score,
            listed(&a.findings)
        )
    };
    if let Some(decision) = expect.decision
        && decision != a.decision
    {
        fail(format!("expected decision {}, {}", kebab(&decision), got()));
    }
    if let Some(score) = expect.score
        && score != a.score
    {
        fail(format!("expected score {score}, {}", got()));
    }
    let found: BTreeMap<&str, &Finding> = a.findings.iter().map(|f| (&*f.rule, f)).collect();
    if let Some(findings) = &expect.findings {
        let points: BTreeMap<String, u32> = a
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.points))
            .collect();
        if &points != findings {
            let want: Vec<String> = findings.iter().map(|(r, p)| format!("{r} {p}")).collect();
            fail(format!(
                "expected findings ({}), {}",
                want.join(", "),
                got()
            ));
        }
    }
    for rule in &expect.has {
        if !found.contains_key(rule.as_str()) {
            fail(format!("expected a {rule} finding, {}", got()));
        }
    }
    for rule in &expect.lacks {
        if found.contains_key(rule.as_str()) {
            fail(format!("expected no {rule} finding, {}", got()));
        }
    }
    for rule in &expect.waived {
        if found.get(rule.as_str()).is_none_or(|f| f.waiver.is_none()) {
            fail(format!(
                "expected {rule} waived by the allowlist, {}",
                got()
            ));
        }
    }
    for (key, text) in &expect.evidence {
        let Some((rule, name)) = key.split_once('/') else {
            fail(format!("evidence key {key:?} is not rule/key"));
            continue;
        };
        let value = found
            .get(rule)
            .and_then(|f| f.evidence.iter().find(|e| e.key == name))
            .map(|e| e.value.as_str());
        match value {
            Some(v) if v.contains(text.as_str()) => {}
            Some(v) => fail(format!("expected {key} to contain {text:?}, got {v:?}")),
            None => fail(format!("expected evidence {key}, {}", got())),
        }
    }
}

/// "holder-mismatch 40, e-money 25" or "no findings".
fn listed(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no findings".into();
    }
    findings
        .iter()
        .map(|f| {
            let waived = if f.waiver.is_some() { " waived" } else { "" };
            format!("{} {}{waived}", f.rule, f.points)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
