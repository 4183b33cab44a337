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
    /// The payroll rows as CSV text, header first.
    pub rows: String,
    /// Policy settings in the policy file's TOML shape, applied on top of
    /// the base policy.
    #[serde(default)]
    pub policy: Option<toml::Table>,
    /// The day allowlist expiry is judged on for rows without a pay date;
    /// without it, only pay dates count.
    #[serde(default)]
    pub as_of: Option<toml::value::Datetime>,
    /// What must come out, by payout id.
    pub expect: BTreeMap<String, Expect>,
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
        Ok(input::read_bytes(self.rows.as_bytes(), InputFormat::Csv)?.rows)
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
        if let Some(day) = &self.as_of {
            let date = day.date.ok_or("as-of: give a date, 2026-11-30")?;
            policy.as_of = Some(Date {
                year: date.year,
                month: date.month,
                day: date.day,
            });
        }
        Ok(policy)
    }
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
