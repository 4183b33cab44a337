//! Writing results for people (a table, an HTML review page) and for
//! programs (JSON, NDJSON, CSV). Every text the plugin or the payroll file
//! supplies is untrusted: the table escapes control and bidi characters,
//! the HTML page escapes markup, CSV defuses formulas.

mod csv;
pub mod diff;
mod escape;
pub mod explain;
pub mod html;
mod json;
pub mod mask;
pub mod money;
mod table;

pub use escape::escape;

use crate::input::bank::FileNote;
use crate::model::{Decision, Outcome, Payout};
use serde::Serialize;

/// One row of a report: the input row and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub line: u64,
    pub payout_id: String,
    pub employee_id: Option<String>,
    /// Shown to reviewers in the table only.
    pub employee_name: Option<String>,
    pub outcome: Outcome,
    /// The payout as read, for reports that show amounts and
    /// destinations; none when the row could not be read as one.
    pub payout: Option<Payout>,
}

impl ReportRow {
    /// What became of the row.
    pub fn verdict(&self) -> Verdict {
        match &self.outcome {
            Ok(a) => match a.decision {
                Decision::Allow => Verdict::Allow,
                Decision::Review => Verdict::Review,
                Decision::Block => Verdict::Block,
            },
            Err(_) => Verdict::Rejected,
        }
    }
}

/// What became of a row: a decision, or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Allow,
    Review,
    Block,
    Rejected,
}

impl Verdict {
    /// Every verdict, from allow to rejected.
    pub const ALL: [Verdict; 4] = [
        Verdict::Allow,
        Verdict::Review,
        Verdict::Block,
        Verdict::Rejected,
    ];

    /// "allow", "review", "block" or "rejected".
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Review => "review",
            Verdict::Block => "block",
            Verdict::Rejected => "rejected",
        }
    }
}

/// Counts that reconcile: read = allow + review + block + rejected; a
/// bank file's entries are those plus the skipped ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub read: usize,
    pub allow: usize,
    pub review: usize,
    pub block: usize,
    pub rejected: usize,
    /// Bank file entries that are not payouts (debits, prenotes, ...).
    #[serde(skip_serializing_if = "is_zero")]
    pub skipped: usize,
    /// Failed bank file integrity checks.
    #[serde(skip_serializing_if = "is_zero")]
    pub file_checks: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    /// Counts one more row.
    pub fn count(&mut self, outcome: &Outcome) {
        self.read += 1;
        match outcome {
            Ok(a) if a.decision == Decision::Allow => self.allow += 1,
            Ok(a) if a.decision == Decision::Review => self.review += 1,
            Ok(_) => self.block += 1,
            Err(_) => self.rejected += 1,
        }
    }

    /// Counts one more note of a bank file.
    pub fn count_note(&mut self, note: &FileNote) {
        match note {
            FileNote::FileCheck(_) => self.file_checks += 1,
            FileNote::Skipped(_) => self.skipped += 1,
        }
    }

    /// The one-line summary under a table; a bank file's entries include
    /// the skipped ones, and its file checks follow.
    pub fn sentence(&self) -> String {
        let bank = self.skipped + self.file_checks > 0;
        let (read, what) = match bank {
            true => (self.read + self.skipped, "entries"),
            false => (self.read, "rows"),
        };
        let mut sentence = format!(
            "{read} {what} read: {} assessed ({} allow, {} review, {} block), {} rejected",
            self.allow + self.review + self.block,
            self.allow,
            self.review,
            self.block,
            self.rejected
        );
        if bank {
            sentence.push_str(&format!(
                ", {} skipped (not payouts); {} file check{} failed",
                self.skipped,
                self.file_checks,
                if self.file_checks == 1 { "" } else { "s" }
            ));
        }
        sentence
    }
}

/// A payroll's results in file order; for a bank file, also what is not a
/// payout (skipped entries) and what breaks its integrity (file checks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub rows: Vec<ReportRow>,
    pub notes: Vec<FileNote>,
}

impl Report {
    /// The counts of each decision and of rejected rows.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for row in &self.rows {
            summary.count(&row.outcome);
        }
        for note in &self.notes {
            summary.count_note(note);
        }
        summary
    }

    /// Renders the report in `format`; `run` is what an HTML report says
    /// about the run beside the results.
    pub fn render(&self, format: Format, run: &html::RunInfo<'_>) -> String {
        match format {
            Format::Html => html::render(self, run),
            Format::Table => table::render(self),
            Format::Json => json::render_array(self),
            Format::Ndjson => json::render_lines(self),
            Format::Csv => csv::render(self),
        }
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

/// One row in `format`, for the formats written a row at a time (NDJSON
/// and CSV); none for a table or a JSON document, which need every row.
pub fn render_row(format: Format, row: &ReportRow) -> Option<String> {
    match format {
        Format::Ndjson => Some(json::line(row)),
        Format::Csv => Some(csv::line(row)),
        Format::Table | Format::Json | Format::Html => None,
    }
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

/// The kebab-case name serde gives a contract enum value ("e-money").
pub fn kebab<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
