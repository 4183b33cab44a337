//! The reports for people: a table with a summary line and a
//! self-contained HTML review page, beside the library's JSON, NDJSON and
//! CSV writers, chosen by `--format`.

pub mod diff;
pub mod html;
mod table;

use payguard::input::bank::FileNote;
use payguard::output::{Report, ReportRow, csv, json};

/// Output formats of `payguard score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for reviewers, with a summary line.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line, rejected rows included.
    Ndjson,
    /// One CSV row per payout, formulas defused.
    Csv,
    /// A self-contained review page for reviewers (no network at all).
    Html,
}

/// Renders `report` in `format`; `run` is what an HTML report says about
/// the run beside the results.
pub fn render(report: &Report, format: Format, run: &html::RunInfo<'_>) -> String {
    match format {
        Format::Html => html::render(report, run),
        Format::Table => table::render(report),
        Format::Json => json::render_array(report),
        Format::Ndjson => json::render_lines(report),
        Format::Csv => csv::render(report),
    }
}

/// The text to write before the first row in `format`, when rows are
/// written as they come.
pub fn render_head(format: Format) -> String {
    match format {
        Format::Csv => csv::header(),
        _ => String::new(),
    }
}

/// Appends one row in `format` to `out`, for the formats written a row at
/// a time (NDJSON and CSV); false, writing nothing, for a table or a JSON
/// document, which need every row.
pub fn render_row(format: Format, row: &ReportRow, out: &mut Vec<u8>) -> bool {
    match format {
        Format::Ndjson => json::write_line(out, row),
        Format::Csv => out.extend_from_slice(csv::line(row).as_bytes()),
        Format::Table | Format::Json | Format::Html => return false,
    }
    true
}

/// One bank file note in `format`, for the formats written a row at a time
/// (NDJSON and CSV); none for the others, which hold the report whole.
pub fn render_note(format: Format, note: &FileNote) -> Option<String> {
    match format {
        Format::Ndjson => Some(json::note_line(note)),
        Format::Csv => Some(csv::note_line(note)),
        Format::Table | Format::Json | Format::Html => None,
    }
}
