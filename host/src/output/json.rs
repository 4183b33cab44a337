//! JSON and NDJSON: one object per input row, rejected rows included.

use super::{Report, ReportRow};
use crate::input::bank::FileNote;
use crate::model::{Decision, Finding};
use serde::Serialize;
use serde_json::json;

/// One result, serialised straight from the report row's fields: no
/// `Value` tree per row, as NDJSON of a large payroll is written row by
/// row. The field order is the output's.
#[derive(Serialize)]
#[serde(untagged)]
enum Object<'a> {
    Assessed {
        line: u64,
        payout_id: &'a str,
        employee_id: &'a Option<String>,
        score: u8,
        decision: Decision,
        findings: &'a [Finding],
    },
    Rejected {
        line: u64,
        payout_id: &'a str,
        employee_id: &'a Option<String>,
        decision: &'static str,
        error: ErrorObject<'a>,
    },
}

#[derive(Serialize)]
struct ErrorObject<'a> {
    field: &'a Option<String>,
    message: &'a str,
}

fn object(row: &ReportRow) -> Object<'_> {
    match &row.outcome {
        Ok(a) => Object::Assessed {
            line: row.line,
            payout_id: &a.payout_id,
            employee_id: &row.employee_id,
            score: a.score,
            decision: a.decision,
            findings: &a.findings,
        },
        Err(e) => Object::Rejected {
            line: row.line,
            payout_id: &e.payout_id,
            employee_id: &row.employee_id,
            decision: "rejected",
            error: ErrorObject {
                field: &e.field,
                message: &e.message,
            },
        },
    }
}

pub fn render_array(report: &Report) -> String {
    let rows: Vec<Object<'_>> = report.rows.iter().map(object).collect();
    let mut doc = json!({ "summary": report.summary(), "payouts": rows });
    if !report.notes.is_empty() {
        doc["notes"] = json!(report.notes);
    }
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).expect("JSON values serialise")
    )
}

pub fn render_lines(report: &Report) -> String {
    let notes = report.notes.iter().map(note_line);
    notes.chain(report.rows.iter().map(line)).collect()
}

/// One bank file note as an NDJSON line: `"kind"` is `file-check` or
/// `skipped` (payout records carry no kind).
pub fn note_line(note: &FileNote) -> String {
    let mut text = serde_json::to_string(note).expect("notes serialise");
    text.push('\n');
    text
}

/// One report row as an NDJSON line.
pub fn line(row: &ReportRow) -> String {
    let mut text = serde_json::to_string(&object(row)).expect("report rows serialise");
    text.push('\n');
    text
}
