//! CSV results, safe to open in a spreadsheet.

use super::{Report, ReportRow};
use crate::input::bank::FileNote;

const HEADER: [&str; 9] = [
    "line",
    "payout_id",
    "employee_id",
    "score",
    "decision",
    "rules",
    "categories",
    "messages",
    "error",
];

pub fn render(report: &Report) -> String {
    let mut text = header();
    for note in &report.notes {
        text.push_str(&note_line(note));
    }
    for row in &report.rows {
        text.push_str(&line(row));
    }
    text
}

/// The header record.
pub fn header() -> String {
    record(HEADER)
}

/// One report row as a CSV record.
pub fn line(row: &ReportRow) -> String {
    let (score, decision, rules, categories, messages, error) = match &row.outcome {
        Ok(a) => {
            let join = |f: &dyn Fn(&crate::model::Finding) -> String| {
                a.findings.iter().map(f).collect::<Vec<_>>().join("; ")
            };
            (
                a.score.to_string(),
                format!("{:?}", a.decision).to_lowercase(),
                join(&|f| f.rule.to_string()),
                join(&|f| super::kebab(&f.category)),
                join(&|f| f.message.clone()),
                String::new(),
            )
        }
        Err(e) => (
            String::new(),
            "rejected".into(),
            String::new(),
            String::new(),
            String::new(),
            format!("{}: {}", e.field.as_deref().unwrap_or("row"), e.message),
        ),
    };
    record([
        row.line.to_string(),
        row.payout_id.clone(),
        row.employee_id.clone().unwrap_or_default(),
        score,
        decision,
        rules,
        categories,
        messages,
        error,
    ])
}

/// One bank file note as a CSV record: decision `file-check` (the check
/// in `rules`) or `skipped`, the message in `messages`.
pub fn note_line(note: &FileNote) -> String {
    let (payout_id, decision, rule, message) = match note {
        FileNote::FileCheck(c) => ("", "file-check", c.check, c.message.as_str()),
        FileNote::Skipped(s) => (s.payout_id.as_str(), "skipped", "", s.reason.as_str()),
    };
    record([
        note.line().to_string(),
        payout_id.into(),
        String::new(),
        String::new(),
        decision.into(),
        rule.into(),
        String::new(),
        message.into(),
        String::new(),
    ])
}

fn record<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(cells.into_iter().map(|c| defuse(c.as_ref())))
        .expect("write to memory");
    String::from_utf8(writer.into_inner().expect("flush to memory")).expect("CSV of UTF-8 is UTF-8")
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe
/// (OWASP's advice for CSV injection).
fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_formulas() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("P-001"), "P-001");
    }
}
