//! History cases: several runs in order, each scored against a history of
//! the runs recorded before it, in a fresh history of its own.

use super::check::failures;
use super::file::{Case, day, read_rows};
use crate::history::{History, Plan, bytes_sha256};
use crate::input::Row;
use crate::model::Policy;
use crate::output::ReportRow;
use std::path::Path;

/// Scores rows against a history as the plan says, recording the run when
/// asked.
pub type ScoreAgainst<'a> =
    dyn Fn(&[Row], &Policy, &mut History, &Plan, bool) -> Result<Vec<ReportRow>, String> + 'a;

/// Scoring by `plugin` against a history, as the runner takes it.
pub fn by_plugin(
    plugin: &crate::Plugin,
) -> impl Fn(&[Row], &Policy, &mut History, &Plan, bool) -> Result<Vec<ReportRow>, String> + '_ {
    move |rows, policy, history, plan, record| {
        let mut out = Vec::new();
        plugin
            .score_against(rows, policy, history, plan, record, |row| out.push(row))
            .map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// Runs the steps of the history case `case` in a new SQLite history made
/// in `dir` (which must not hold one), on top of the `base` policy.
/// Returns what failed, each naming its run.
pub fn run_history(
    case: &Case,
    base: &Policy,
    dir: &Path,
    score: &ScoreAgainst<'_>,
) -> Vec<String> {
    let opened = std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
        .and_then(|()| {
            History::open(&dir.join("history.db").display().to_string(), None)
                .map_err(|e| e.to_string())
        });
    match opened {
        Ok(mut history) => run_in(case, base, &mut history, score),
        Err(e) => vec![format!("cannot run: {e}")],
    }
}

/// Runs the steps of the history case `case` in `history`, which must be
/// empty (a PostgreSQL history, say), on top of the `base` policy.
pub fn run_in(
    case: &Case,
    base: &Policy,
    history: &mut History,
    score: &ScoreAgainst<'_>,
) -> Vec<String> {
    match steps(case, base, history, score) {
        Ok(failed) => failed,
        Err(e) => vec![format!("cannot run: {e}")],
    }
}

fn steps(
    case: &Case,
    base: &Policy,
    history: &mut History,
    score: &ScoreAgainst<'_>,
) -> Result<Vec<String>, String> {
    let policy = case.policy(base)?;
    let mut out = Vec::new();
    for (n, run) in case.run.iter().enumerate() {
        let at = format!("run {}", n + 1);
        let payroll = run
            .payroll
            .as_deref()
            .unwrap_or(crate::history::DEFAULT_PAYROLL);
        if let Some(employee) = &run.forget {
            history
                .forget(employee, run.payroll.as_deref())
                .map_err(|e| format!("{at}: {e}"))?;
        }
        if let Some(before) = &run.prune_before {
            history
                .prune(day(before, "prune-before")?)
                .map_err(|e| format!("{at}: {e}"))?;
        }
        let Some(text) = &run.rows else {
            if !run.expect.is_empty() {
                return Err(format!("{at}: expectations without rows"));
            }
            continue;
        };
        let rows = read_rows(text).map_err(|e| format!("{at}: {e}"))?;
        let mut policy = policy.clone();
        if let Some(as_of) = &run.as_of {
            policy.as_of = Some(day(as_of, "as-of")?);
        }
        let plan = history
            .plan(payroll, bytes_sha256(text.as_bytes()), &policy)
            .map_err(|e| format!("{at}: {e}"))?;
        let results =
            score(&rows, &policy, history, &plan, run.record).map_err(|e| format!("{at}: {e}"))?;
        let expected = Case {
            expect: run.expect.clone(),
            ..case.clone()
        };
        out.extend(
            failures(&expected, &results)
                .into_iter()
                .map(|f| format!("{at}: {f}")),
        );
    }
    Ok(out)
}
