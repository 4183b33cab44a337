//! Results as programs read them (JSON, NDJSON, CSV), and what every
//! report needs (counts, masking, money, explanations). The reports for
//! people (table, HTML page) are the CLI's. Every text the plugin or the
//! payroll file supplies is untrusted: CSV defuses formulas, and the
//! `escape` of control and bidi characters is here for every writer.

pub mod csv;
mod escape;
pub mod explain;
pub mod json;
pub mod mask;
pub mod money;

pub use escape::escape;

/// How much of a report written a row at a time (NDJSON, CSV) is
/// buffered before it is written out: by `payguard score`, and by
/// `payguard bench`, which times rendering as the command does it.
pub const FLUSH_AT: usize = 1 << 16;

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
    /// destinations; none when the row could not be read as one, or the
    /// report shows no payouts. Boxed, as in [`Row`](crate::input::Row).
    pub payout: Option<Box<Payout>>,
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
    /// The file has no payout_id column: each id is made from its row's
    /// line (`line-N`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub payout_ids_made: bool,
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
        if self.payout_ids_made {
            sentence.push_str(
                "; the file has no payout_id column, so each payout's id is its line (line-N)",
            );
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
    /// The file has no payout_id column (see [`Summary::payout_ids_made`]).
    pub payout_ids_made: bool,
}

impl Report {
    /// The counts of each decision and of rejected rows.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            payout_ids_made: self.payout_ids_made,
            ..Summary::default()
        };
        for row in &self.rows {
            summary.count(&row.outcome);
        }
        for note in &self.notes {
            summary.count_note(note);
        }
        summary
    }
}

/// The kebab-case name serde gives a contract enum value ("e-money").
pub fn kebab<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}
