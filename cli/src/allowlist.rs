//! `payguard allowlist merge`: one allowlist from several reviewers' files.

use crate::scoring::{date, read_text, today};
use crate::sink::Output;
use payguard::allowlist_file;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Merges `files`, drops expired and duplicate entries (naming each on
/// stderr) and writes the result to `output` (stdout when none).
pub fn merge(
    files: &[PathBuf],
    output: Option<&Path>,
    as_of: Option<chrono::NaiveDate>,
) -> Result<ExitCode, String> {
    let mut read = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let entries = allowlist_file::read(&name, &read_text(path)?)?;
        read.push((name, entries));
    }
    let merged = allowlist_file::merge(&read, date(today(as_of))?);
    for dropped in &merged.dropped {
        let who = [
            dropped.entry.employee_id.as_deref(),
            dropped.entry.destination.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        eprintln!(
            "payguard: dropped {} ({}): {}",
            dropped.origin,
            payguard::output::escape(&who),
            dropped.why
        );
    }
    let mut out = Output::to(output)?;
    out.write(&allowlist_file::write(&merged.entries))?;
    out.flush()?;
    eprintln!(
        "{} entries kept, {} dropped",
        merged.entries.len(),
        merged.dropped.len()
    );
    Ok(ExitCode::SUCCESS)
}
