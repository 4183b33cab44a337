//! `payguard score` and `payguard explain`.

use crate::report::{self, Format, html, render_head, render_note, render_row};
use crate::scoring::{ChosenPolicy, Keep, Scoring, assess_file, assess_file_noting, policy_for};
use crate::sink::Output;
use payguard::Plugin;
use payguard::output::{Report, explain};
use std::path::Path;
use std::process::ExitCode;

/// Scores `file` and writes the results in `format` to `output` (stdout
/// when none). Exit status: 0 when no payout reaches review, 1 when one
/// does, 2 when a row was rejected.
pub fn score(
    plugin: &Plugin,
    file: &Path,
    format: Format,
    output: Option<&Path>,
    max_cards: usize,
    scoring: &Scoring,
) -> Result<ExitCode, String> {
    let policy = policy_for(plugin, &scoring.policy, scoring)?;
    let mut out = Output::to(output)?;
    // NDJSON and CSV are written as rows come; a table, a JSON document
    // and a page need every row first.
    out.write(&render_head(format))?;
    let mut kept = Report::default();
    let mut notes = Vec::new();
    // Notes come first (the bank file's check), then rows: one writer.
    let shared = std::cell::RefCell::new(out);
    let (summary, history) = assess_file_noting(
        plugin,
        file,
        &policy,
        scoring,
        Keep {
            record: true,
            payouts: format == Format::Html,
        },
        |note| match render_note(format, &note) {
            Some(text) => shared.borrow_mut().write(&text),
            None => {
                notes.push(note);
                Ok(())
            }
        },
        |row| {
            let mut out = shared.borrow_mut();
            match out.write_with(|buffer| render_row(format, &row, buffer))? {
                true => Ok(()),
                false => {
                    kept.rows.push(row);
                    Ok(())
                }
            }
        },
    )?;
    let mut out = shared.into_inner();
    kept.notes = notes;
    kept.payout_ids_made = summary.payout_ids_made;
    if matches!(format, Format::Table | Format::Json | Format::Html) {
        let info = plugin.info().map_err(|e| e.to_string())?;
        let default_policy = plugin.default_policy().map_err(|e| e.to_string())?;
        let generated_at = crate::scoring::now();
        let source = file.display().to_string();
        let run = html::RunInfo {
            source: &source,
            generated_at: &generated_at,
            sha256: plugin.sha256(),
            plugin: &info,
            policy: &policy.policy,
            default_policy: &default_policy,
            bank_file: scoring.roster.is_some(),
            history: history.as_ref().map(|h| h.sentence()),
            max_cards,
        };
        out.write(&report::render(&kept, format, &run))?;
    }
    out.flush()?;
    // A table on stdout ends with the summary already.
    if !scoring.quiet && (format != Format::Table || !out.is_stdout()) {
        eprintln!("{}", summary.sentence());
    }
    if !scoring.quiet
        && let Some(history) = &history
    {
        eprintln!("{}", history.sentence());
    }
    Ok(if summary.rejected + summary.file_checks > 0 {
        ExitCode::from(2)
    } else if summary.review + summary.block > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Scores `file` whole (shared accounts need it) and lays out one payout.
pub fn explain_one(
    plugin: &Plugin,
    payout_id: &str,
    file: &Path,
    scoring: &Scoring,
) -> Result<ExitCode, String> {
    let policy: ChosenPolicy = policy_for(plugin, &scoring.policy, scoring)?;
    let mut found = None;
    assess_file(plugin, file, &policy, scoring, |row| {
        if found.is_none() && row.payout_id == payout_id {
            found = Some(row);
        }
        Ok(())
    })?;
    let row = found.ok_or_else(|| format!("{}: no payout {payout_id:?}", file.display()))?;
    let mut out = Output::stdout();
    out.write(&explain::render(&row, &policy.policy))?;
    out.flush()?;
    Ok(match &row.outcome {
        Err(_) => ExitCode::from(2),
        Ok(a) if a.decision != payguard::Decision::Allow => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
    })
}
