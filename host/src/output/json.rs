//! JSON and NDJSON: one object per input row, rejected rows included.

use super::{Report, ReportRow};
use crate::input::bank::FileNote;
use crate::model::{Decision, Finding};
use serde::Serialize;
use serde_json::json;

/// One result, serialised straight from the report row's fields: no
/// `Value` tree per row, as NDJSON of a large payroll is written row by
/// row. The field order is the output's: an NDJSON line, a JSON array's
/// element and a service's answer are this.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Record<'a> {
    /// A payout scored: its score, decision and the rules that fired.
    Assessed {
        line: u64,
        payout_id: &'a str,
        employee_id: &'a Option<String>,
        score: u8,
        decision: Decision,
        findings: &'a [Finding],
    },
    /// A row that could not be scored, and why.
    Rejected {
        line: u64,
        payout_id: &'a str,
        employee_id: &'a Option<String>,
        /// Always `rejected`.
        decision: &'static str,
        error: RecordError<'a>,
    },
}

/// Why a row was rejected: the column at fault, if one is.
#[derive(Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordError<'a> {
    field: &'a Option<String>,
    message: &'a str,
}

fn object(row: &ReportRow) -> Record<'_> {
    match &row.outcome {
        Ok(a) => Record::Assessed {
            line: row.line,
            payout_id: &a.payout_id,
            employee_id: &row.employee_id,
            score: a.score,
            decision: a.decision,
            findings: &a.findings,
        },
        Err(e) => Record::Rejected {
            line: row.line,
            payout_id: &e.payout_id,
            employee_id: &row.employee_id,
            decision: "rejected",
            error: RecordError {
                field: &e.field,
                message: &e.message,
            },
        },
    }
}

pub fn render_array(report: &Report) -> String {
    let rows: Vec<Record<'_>> = report.rows.iter().map(object).collect();
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
    let mut text = Vec::with_capacity(128);
    write_line(&mut text, row);
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

/// Appends `row`'s NDJSON line to `out`: a writer of many rows renders
/// each into its own buffer, with no string of its own per row.
pub fn write_line(out: &mut Vec<u8>, row: &ReportRow) {
    serde_json::to_writer(&mut *out, &object(row)).expect("report rows serialise");
    out.push(b'\n');
}
