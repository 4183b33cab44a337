//! Reading case files: TOML, one `[[case]]` table per case.

use crate::input::{self, InputFormat, Row};
use crate::model::{Date, Decision, Policy};
use crate::policy_file::PolicyFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One file of cases.
#[derive(Debug, Clone)]
pub struct CaseFile {
    pub path: PathBuf,
    pub cases: Vec<Case>,
}

/// One case: rows in, expectations out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Case {
    /// What the case shows, in a sentence.
    pub name: String,
    /// Why it matters or where it comes from; for people only.
    #[serde(default)]
    pub note: Option<String>,
    /// The payroll rows as CSV text, header first (a case of one run).
    #[serde(default)]
    pub rows: Option<String>,
    /// The runs of a history case, in order: each scored against the
    /// history of the runs before it and recorded, or a step that erases
    /// from the history. A case has `rows` or `run`, not both.
    #[serde(default)]
    pub run: Vec<Run>,
    /// Policy settings in the policy file's TOML shape, applied on top of
    /// the base policy.
    #[serde(default)]
    pub policy: Option<toml::Table>,
    /// The day allowlist expiry is judged on for rows without a pay date;
    /// without it, only pay dates count.
    #[serde(default)]
    pub as_of: Option<toml::value::Datetime>,
    /// A sanctions list as CSV text (`type,value` rows), added to the
    /// built-in one as `--sanctions` adds a file.
    #[serde(default)]
    pub sanctions: Option<String>,
    /// What must come out, by payout id.
    #[serde(default)]
    pub expect: BTreeMap<String, Expect>,
}

/// One step of a history case: a run of rows, or an erasure.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Run {
    /// The payroll the rows belong to (default "default").
    #[serde(default)]
    pub payroll: Option<String>,
    /// The run's rows as CSV text, header first; a run with the same rows
    /// on the same payroll is the same file, and replaces its run.
    #[serde(default)]
    pub rows: Option<String>,
    /// Score against the history without recording the run.
    #[serde(default = "yes")]
    pub record: bool,
    /// The day for payouts without a pay date.
    #[serde(default)]
    pub as_of: Option<toml::value::Datetime>,
    /// Erase an employee (on `payroll` when given, else everywhere).
    #[serde(default)]
    pub forget: Option<String>,
    /// Erase every payout paid before this day.
    #[serde(default)]
    pub prune_before: Option<toml::value::Datetime>,
    /// What must come out of this run, by payout id.
    #[serde(default)]
    pub expect: BTreeMap<String, Expect>,
}

fn yes() -> bool {
    true
}

/// A TOML date as the contract's.
pub(crate) fn day(value: &toml::value::Datetime, key: &str) -> Result<Date, String> {
    let date = value
        .date
        .ok_or_else(|| format!("{key}: give a date, 2026-11-30"))?;
    Ok(Date {
        year: date.year,
        month: date.month,
        day: date.day,
    })
}

/// What must come out for one payout. Only what is given is checked.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Expect {
    pub decision: Option<Decision>,
    pub score: Option<u8>,
    /// Every finding, rule id to points: no more, no fewer.
    pub findings: Option<BTreeMap<String, u32>>,
    /// Rules that must be among the findings.
    #[serde(default)]
    pub has: Vec<String>,
    /// Rules that must not be among the findings.
    #[serde(default)]
    pub lacks: Vec<String>,
    /// Rules whose finding an allowlist entry must have silenced.
    #[serde(default)]
    pub waived: Vec<String>,
    /// `"rule/evidence-key"` to a text the evidence value must contain.
    #[serde(default)]
    pub evidence: BTreeMap<String, String>,
    /// The row must be rejected, naming this field.
    pub rejected: Option<String>,
    /// A text the rejection message must contain.
    pub message: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    case: Vec<Case>,
}

impl Case {
    /// The case's rows, read as a CSV payroll file is.
    pub fn rows(&self) -> Result<Vec<Row>, String> {
        let rows = self
            .rows
            .as_deref()
            .ok_or("a history case (its rows are in its runs): run it with a history")?;
        read_rows(rows)
    }

    /// Whether its rows come in runs against a history.
    pub fn is_history(&self) -> bool {
        !self.run.is_empty()
    }

    /// `base` with the case's policy settings and as-of day applied.
    pub fn policy(&self, base: &Policy) -> Result<Policy, String> {
        let mut policy = match &self.policy {
            None => base.clone(),
            Some(table) => {
                let text = toml::to_string(table).map_err(|e| e.to_string())?;
                let name = format!("the policy of case {:?}", self.name);
                PolicyFile::parse(&name, &text, base.clone())?.policy
            }
        };
        if let Some(list) = &self.sanctions {
            let name = format!("the sanctions of case {:?}", self.name);
            crate::sanctions_file::extend(&mut policy, &name, list)?;
        }
        if let Some(as_of) = &self.as_of {
            policy.as_of = Some(day(as_of, "as-of")?);
        }
        Ok(policy)
    }
}

/// Rows of CSV text, read as a CSV payroll file is.
pub(crate) fn read_rows(text: &str) -> Result<Vec<Row>, String> {
    Ok(input::read_bytes(text.as_bytes(), InputFormat::Csv)?.rows)
}

/// Reads the case files at `path`: one file, or every `*.toml` below a
/// directory, in path order.
pub fn load(path: &Path) -> Result<Vec<CaseFile>, String> {
    let mut paths = Vec::new();
    collect(path, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{}: no case files (*.toml)", path.display()));
    }
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let doc: Document = toml::from_str(&text).map_err(|e| {
                let line = e
                    .span()
                    .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
                format!("{} line {line}: {}", path.display(), e.message().trim_end())
            })?;
            for case in &doc.case {
                if case.rows.is_some() == case.is_history() {
                    return Err(format!(
                        "{}: case {:?} needs rows, or runs ([[case.run]]), not both",
                        path.display(),
                        case.name
                    ));
                }
            }
            Ok(CaseFile {
                path,
                cases: doc.case,
            })
        })
        .collect()
}

fn collect(path: &Path, into: &mut Vec<PathBuf>) -> Result<(), String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.is_file() {
        into.push(path.to_path_buf());
        return Ok(());
    }
    let entries =
        std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let child = entry.path();
        // Links are not followed, so a loop of them cannot recurse forever.
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read {}: {e}", child.display()))?;
        if kind.is_dir() {
            collect(&child, into)?;
        } else if kind.is_file() && child.extension().is_some_and(|e| e == "toml") {
            into.push(child);
        }
    }
    Ok(())
}
