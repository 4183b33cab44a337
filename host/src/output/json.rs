//! JSON and NDJSON: one object per input row, rejected rows included.

use super::{Report, ReportRow};
use serde_json::{Value, json};

fn object(row: &ReportRow) -> Value {
    match &row.outcome {
        Ok(a) => json!({
            "line": row.line,
            "payout_id": a.payout_id,
            "employee_id": row.employee_id,
            "score": a.score,
            "decision": a.decision,
            "findings": a.findings,
        }),
        Err(e) => json!({
            "line": row.line,
            "payout_id": e.payout_id,
            "employee_id": row.employee_id,
            "decision": "rejected",
            "error": { "field": e.field, "message": e.message },
        }),
    }
}

pub fn render_array(report: &Report) -> String {
    let rows: Vec<Value> = report.rows.iter().map(object).collect();
    let doc = json!({ "summary": report.summary(), "payouts": rows });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).expect("JSON values serialise")
    )
}

pub fn render_lines(report: &Report) -> String {
    report.rows.iter().map(line).collect()
}

/// One report row as an NDJSON line.
pub fn line(row: &ReportRow) -> String {
    format!("{}\n", object(row))
}
