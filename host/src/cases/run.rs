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

/// Runs one history case, giving what failed (see `run_history`).
pub type HistoryRunner<'a> = dyn Fn(&super::Case) -> Vec<String> + 'a;

/// Runs every case of `files` with `score` on top of the `base` policy,
/// and each history case with `history` (it fails without: the host keeps
/// no history). A case whose rows or policy cannot be read fails with the
/// reason.
pub fn run(
    files: &[CaseFile],
    base: &Policy,
    score: impl Fn(&[Row], &Policy) -> Result<Vec<ReportRow>, String>,
    history: Option<&HistoryRunner<'_>>,
) -> Vec<CaseResult> {
    let mut results = Vec::new();
    for file in files {
        for case in &file.cases {
            if case.is_history() {
                results.push(CaseResult {
                    file: file.path.clone(),
                    name: case.name.clone(),
                    failures: match history {
                        Some(run) => run(case),
                        None => vec!["a history case, and this host keeps no history".into()],
                    },
                });
                continue;
            }
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
