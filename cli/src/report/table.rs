//! The reviewer's table.

use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use payguard::input::bank::FileNote;
use payguard::output::{Report, escape};

pub fn render(report: &Report) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "line", "payout", "employee", "name", "score", "decision", "findings",
    ]);
    for row in &report.rows {
        let (score, decision, detail) = match &row.outcome {
            Ok(a) => (
                a.score.to_string(),
                format!("{:?}", a.decision).to_lowercase(),
                a.findings
                    .iter()
                    .map(|f| match &f.waiver {
                        None => format!("{} +{}: {}", f.rule, f.points, escape(&f.message)),
                        Some(w) => format!(
                            "{} +0, allowlisted until {} ({}): {}",
                            f.rule,
                            w.expires,
                            escape(&w.reason),
                            escape(&f.message)
                        ),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Err(e) => (
                "-".into(),
                "rejected".into(),
                format!(
                    "{}: {}",
                    e.field.as_deref().unwrap_or("row"),
                    escape(&e.message)
                ),
            ),
        };
        table.add_row(vec![
            Cell::new(row.line).set_alignment(CellAlignment::Right),
            Cell::new(escape(&row.payout_id)),
            Cell::new(escape(row.employee_id.as_deref().unwrap_or(""))),
            Cell::new(escape(row.employee_name.as_deref().unwrap_or(""))),
            Cell::new(score).set_alignment(CellAlignment::Right),
            Cell::new(decision),
            Cell::new(detail),
        ]);
    }
    let mut notes = String::new();
    for note in &report.notes {
        notes.push_str(&match note {
            FileNote::FileCheck(c) => format!(
                "file check failed, line {} ({}): {}\n",
                c.line,
                c.check,
                escape(&c.message)
            ),
            FileNote::Skipped(s) => format!(
                "skipped, line {} ({}): {}\n",
                s.line,
                escape(&s.payout_id),
                escape(&s.reason)
            ),
        });
    }
    format!("{table}\n{notes}{}\n", report.summary().sentence())
}
