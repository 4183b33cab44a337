//! Running case files through a scorer.

use super::check::failures;
use super::file::CaseFile;
use crate::input::Row;
use crate::model::Policy;
use crate::output::ReportRow;
use std::path::PathBuf;

/// What one case gave.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub file: PathBuf,
    pub name: String,
    /// Empty when the case passed.
    pub failures: Vec<String>,
}

/// Runs every case of `files` with `score` on top of the `base` policy.
/// A case whose rows or policy cannot be read fails with the reason.
pub fn run(
    files: &[CaseFile],
    base: &Policy,
    score: impl Fn(&[Row], &Policy) -> Result<Vec<ReportRow>, String>,
) -> Vec<CaseResult> {
    let mut results = Vec::new();
    for file in files {
        for case in &file.cases {
            let outcome = case
                .rows()
                .and_then(|rows| Ok((case.policy(base)?, rows)))
                .and_then(|(policy, rows)| score(&rows, &policy));
            results.push(CaseResult {
                file: file.path.clone(),
                name: case.name.clone(),
                failures: match outcome {
                    Ok(rows) => failures(case, &rows),
                    Err(e) => vec![format!("cannot run: {e}")],
                },
            });
        }
    }
    results
}
