//! `payguard diff`: what a policy change would change on a payroll.

use crate::report::{diff as render, html};
use crate::scoring::{Scoring, assess_file, policy_for};
use crate::sink::Output;
use payguard::Plugin;
use payguard::output::Report;
use payguard::policy_changes;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output formats of `payguard diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// A table per move, then the counts.
    Table,
    /// One JSON document.
    Json,
    /// A page for reviewers.
    Html,
}

/// Scores `file` under the old policy (`against`, else the plugin's
/// defaults) and the new (`scoring.policy`), and shows the moves. Exit
/// status: 0 when no decision moves, 1 when one does.
pub fn diff(
    plugin: &Plugin,
    file: &Path,
    against: &[PathBuf],
    format: DiffFormat,
    output: Option<&Path>,
    scoring: &Scoring,
) -> Result<ExitCode, String> {
    if scoring.policy.is_empty() {
        return Err("diff needs the new policy: --policy FILE".into());
    }
    let old = policy_for(plugin, against, scoring)?;
    let new = policy_for(plugin, &scoring.policy, scoring)?;
    let run = |policy| -> Result<Report, String> {
        let mut report = Report::default();
        assess_file(plugin, file, policy, scoring, |row| {
            report.rows.push(row);
            Ok(())
        })?;
        Ok(report)
    };
    let (before, after) = (run(&old)?, run(&new)?);
    let mut diff =
        payguard::diff::compare(&before, &after).map_err(|e| format!("{}: {e}", file.display()))?;
    diff.policy_changes = policy_changes::changes(&old.policy, &new.policy);
    let names = |files: &[PathBuf]| {
        if files.is_empty() {
            "the plugin's defaults".to_string()
        } else {
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(" + ")
        }
    };
    let text = match format {
        DiffFormat::Table => render::table(&diff),
        DiffFormat::Json => render::json(&diff),
        DiffFormat::Html => {
            let generated_at = crate::scoring::now();
            let (source, new_policy, old_policy) = (
                file.display().to_string(),
                names(&scoring.policy),
                names(against),
            );
            html::render_diff(
                &diff,
                &html::DiffRun {
                    source: &source,
                    generated_at: &generated_at,
                    new_policy: &new_policy,
                    old_policy: &old_policy,
                },
            )
        }
    };
    let mut out = Output::to(output)?;
    out.write(&text)?;
    out.flush()?;
    if !scoring.quiet && (format != DiffFormat::Table || !out.is_stdout()) {
        eprintln!("{}", diff.sentence());
    }
    Ok(if diff.moved() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
