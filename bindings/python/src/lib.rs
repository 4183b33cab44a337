//! The Python package's native core: the payguard host library (embedded
//! plugin, sandbox limits, roster, threads, compile cache) behind a few
//! functions that take and give text. Results are the CLI's NDJSON lines,
//! written by the library's own writer, so Python, the CLI and every other
//! host give the same bytes; `python/payguard/__init__.py` turns them into
//! dicts or Arrow tables. The GIL is released while the plugin scores.

use payguard::history::History;
use payguard::input::bank::EmployeeRoster;
use payguard::input::columns::ColumnMap;
use payguard::input::{InputFormat, PayrollFile, Row};
use payguard::output::json;
use payguard::policy_file::PolicyFile;
use payguard::scoring::WithoutPayouts;
use payguard::{Date, Error, KeyKind, Limits, Policy, SharedKey, sanctions_file};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use std::path::PathBuf;

/// The Rust side's blocks: mimalloc for small ones, the system's for large
/// (`payguard::allocator`); Python's own objects keep Python's allocator.
#[global_allocator]
static ALLOCATOR: payguard::allocator::Split = payguard::allocator::Split;

create_exception!(
    payguard,
    PayguardError,
    PyException,
    "Anything payguard refused."
);
create_exception!(
    payguard,
    LoadError,
    PayguardError,
    "The plugin could not be loaded, or its digest is not the approved one."
);
create_exception!(
    payguard,
    PolicyError,
    PayguardError,
    "A policy file or setting was refused; the message names the file, line and key."
);
create_exception!(
    payguard,
    InputError,
    PayguardError,
    "The payroll, roster or sanctions file could not be read at all (a bad row is a rejected result, never an error)."
);
create_exception!(
    payguard,
    HistoryError,
    PayguardError,
    "The payout history could not be opened, read or written, or its secret is missing or readable by others."
);
create_exception!(
    payguard,
    PluginError,
    PayguardError,
    "The plugin failed (trap, time or memory) on more payouts than a run may reject, or broke the contract."
);

/// Maps the library's error to the exception a Python caller can catch.
fn raise(error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::Load(_) | Error::Digest { .. } => LoadError::new_err(message),
        Error::Policy { .. } => PolicyError::new_err(message),
        Error::Input(_) | Error::Changed { .. } | Error::TooManyRows => {
            InputError::new_err(message)
        }
        Error::Plugin { .. } | Error::Contract(_) => PluginError::new_err(message),
        Error::History(_) => HistoryError::new_err(message),
    }
}

/// [`raise`], naming the policy file and line of a setting the plugin
/// refused, as the CLI does.
fn located(error: Error, files: &[PolicyFile]) -> PyErr {
    match error {
        Error::Policy { key, message } => {
            PolicyError::new_err(payguard::policy_file::locate(files, &key, &message))
        }
        other => raise(other),
    }
}

/// A loaded, compiled plugin: load once, score many payrolls.
#[pyclass(frozen, module = "payguard._native")]
struct Plugin {
    inner: payguard::Plugin,
}

#[pymethods]
impl Plugin {
    /// Loads the component at `path`, else the embedded one, refusing it
    /// unless its SHA-256 is `expect_sha256` when given. The compiled
    /// plugin is cached where the CLI caches it.
    #[new]
    #[pyo3(signature = (path=None, expect_sha256=None, threads=None, chunk_size=None))]
    fn new(
        py: Python<'_>,
        path: Option<PathBuf>,
        expect_sha256: Option<String>,
        threads: Option<usize>,
        chunk_size: Option<usize>,
    ) -> PyResult<Plugin> {
        let defaults = Limits::default();
        let limits = Limits {
            threads: threads.unwrap_or(defaults.threads).max(1),
            chunk_size: chunk_size.unwrap_or(defaults.chunk_size).max(1),
            ..defaults
        };
        let bytes = match &path {
            Some(path) => std::fs::read(path)
                .map_err(|e| LoadError::new_err(format!("cannot read {}: {e}", path.display())))?,
            None => payguard::plugin::EMBEDDED.to_vec(),
        };
        let expected = expect_sha256.as_deref();
        let inner = py
            .detach(|| match payguard::plugin::cache::default_dir() {
                Some(dir) => payguard::Plugin::from_bytes_cached(&bytes, expected, limits, &dir),
                None => match expected {
                    Some(hex) => payguard::Plugin::from_bytes_verified(&bytes, hex, limits),
                    None => payguard::Plugin::from_bytes(&bytes, limits),
                },
            })
            .map_err(raise)?;
        Ok(Plugin { inner })
    }

    /// The component's SHA-256, lower-case hex.
    #[getter]
    fn sha256(&self) -> &str {
        self.inner.sha256()
    }

    /// The plugin's version, contract and data versions, as JSON.
    fn info_json(&self) -> PyResult<String> {
        let info = self.inner.info().map_err(raise)?;
        Ok(serde_json::to_string(&info).expect("info serialises"))
    }

    /// The rule catalogue, as JSON.
    fn rules_json(&self) -> PyResult<String> {
        let rules = self.inner.rules().map_err(raise)?;
        Ok(serde_json::to_string(&rules).expect("rules serialise"))
    }

    /// Scores the payroll or bank file at `path`: one NDJSON line per row
    /// (and per note of a bank file), as `payguard score --format ndjson`
    /// writes them. `policies` are (name, TOML text) pairs applied in turn
    /// on the plugin's defaults.
    ///
    /// With `history` (a SQLite file), the file is scored against the
    /// runs recorded before it on `payroll`, then recorded unless `record`
    /// is false, as `payguard score --history` does.
    /// `columns` is a column mapping file, as `payguard score --columns`
    /// takes it.
    #[pyo3(signature = (path, policies, as_of, sanctions=None, roster=None, history=None, payroll=None, record=true, history_secret=None, encoding=None, columns=None))]
    #[allow(clippy::too_many_arguments)]
    fn score_file(
        &self,
        py: Python<'_>,
        path: PathBuf,
        policies: Vec<(String, String)>,
        as_of: Option<(u16, u8, u8)>,
        sanctions: Option<PathBuf>,
        roster: Option<PathBuf>,
        history: Option<String>,
        payroll: Option<String>,
        record: bool,
        history_secret: Option<PathBuf>,
        encoding: Option<String>,
        columns: Option<PathBuf>,
    ) -> PyResult<String> {
        let (policy, files) = self.policy(&policies, as_of, read_sanctions(sanctions)?.as_ref())?;
        let payroll_name = payroll;
        py.detach(|| {
            let mut payroll =
                PayrollFile::open(&path).map_err(|e| InputError::new_err(e.to_string()))?;
            let mapped = columns.is_some();
            let columns = match &columns {
                Some(path) => ColumnMap::read(path).map_err(InputError::new_err)?,
                None => ColumnMap::default(),
            };
            // With a roster, the file is a bank file, read as its format
            // says: the encoding and the column mapping are the roster's
            // (as the CLI's).
            if roster.is_none() {
                if let Some(label) = &encoding {
                    payroll = payroll
                        .with_encoding(label)
                        .map_err(|e| InputError::new_err(e.to_string()))?;
                }
                if mapped {
                    payroll = payroll
                        .with_columns(columns.clone())
                        .map_err(|e| InputError::new_err(e.to_string()))?;
                }
            }
            if let Some(roster) = roster {
                let roster = EmployeeRoster::read_with(&roster, encoding.as_deref(), &columns)
                    .map_err(InputError::new_err)?;
                payroll = payroll
                    .with_roster(roster, None)
                    .map_err(|e| InputError::new_err(e.to_string()))?;
            }
            let mut out = String::new();
            payroll
                .check(|note| push_line(&mut out, json::note_line(&note)))
                .map_err(|e| InputError::new_err(e.to_string()))?;
            let emit = |row| push_line(&mut out, json::line(&row));
            // NDJSON lines carry no payout.
            let payroll = WithoutPayouts(&payroll);
            match &history {
                None => self.inner.score(&payroll, &policy, emit),
                Some(location) => {
                    let fail = |e: payguard::history::HistoryError| raise(e.into());
                    let mut store =
                        History::open(location, history_secret.as_deref()).map_err(fail)?;
                    let sha256 = payguard::history::file_sha256(&path).map_err(fail)?;
                    let name = payroll_name
                        .as_deref()
                        .unwrap_or(payguard::history::DEFAULT_PAYROLL);
                    let plan = store.plan(name, sha256, &policy).map_err(fail)?;
                    self.inner
                        .score_against(&payroll, &policy, &mut store, &plan, record, emit)
                }
            }
            .map_err(|e| located(e, &files))?;
            Ok(out)
        })
    }

    /// Scores rows in memory: NDJSON, one object per line keyed by the
    /// CSV column names, or CSV text (a header, then one record per row),
    /// as `format` says; each row is numbered by its position from 1. One
    /// NDJSON result line per row, in order. Arrow tables come as CSV:
    /// pyarrow writes it and reads the results back in C++, never a Python
    /// object per cell.
    #[pyo3(signature = (rows, format, policies, as_of, sanctions=None))]
    fn score_rows(
        &self,
        py: Python<'_>,
        rows: String,
        format: &str,
        policies: Vec<(String, String)>,
        as_of: Option<(u16, u8, u8)>,
        sanctions: Option<PathBuf>,
    ) -> PyResult<String> {
        let (policy, files) = self.policy(&policies, as_of, read_sanctions(sanctions)?.as_ref())?;
        let format = row_format(format)?;
        py.detach(|| {
            let rows = read_rows(&rows, format)?;
            let mut out = String::new();
            // NDJSON lines carry no payout.
            self.inner
                .score(&WithoutPayouts(rows.as_slice()), &policy, |row| {
                    push_line(&mut out, json::line(&row))
                })
                .map_err(|e| located(e, &files))?;
            Ok(out)
        })
    }

    /// Pass 1 alone, for engines that aggregate the roster themselves:
    /// for each row of `rows` (as for `score_rows`, in `format`), one
    /// JSON line `{"i": its index, "payout_id" (as written, for a row that could not be read too),
    /// "employee_id" (null for such a row), "kind": null, "key": null}`,
    /// then one such line per roster key with its kind and 32 hex digits.
    #[pyo3(signature = (rows, format, policies, as_of, sanctions=None))]
    fn roster_keys(
        &self,
        py: Python<'_>,
        rows: String,
        format: &str,
        policies: Vec<(String, String)>,
        as_of: Option<(u16, u8, u8)>,
        sanctions: Option<(String, String)>,
    ) -> PyResult<String> {
        let (policy, files) = self.policy(&policies, as_of, sanctions.as_ref())?;
        let format = row_format(format)?;
        py.detach(|| {
            let rows = read_rows(&rows, format)?;
            let keys = self
                .inner
                .roster_keys(&rows, &policy)
                .map_err(|e| located(e, &files))?;
            let mut out = String::new();
            for (i, (row, keys)) in rows.iter().zip(keys).enumerate() {
                let (payout_id, employee_id) = match &row.payout {
                    Ok(p) => (p.payout_id.as_str(), Some(p.employee_id.as_str())),
                    Err(e) => (e.payout_id.as_str(), None),
                };
                let mut line = |kind: Option<&str>, key: Option<String>| {
                    let line = serde_json::json!({
                        "i": i,
                        "payout_id": payout_id,
                        "employee_id": employee_id,
                        "kind": kind,
                        "key": key,
                    });
                    out.push_str(&line.to_string());
                    out.push('\n');
                };
                line(None, None);
                for k in keys {
                    line(Some(kind_name(k.kind)), Some(format!("{:032x}", k.digest)));
                }
            }
            Ok(out)
        })
    }

    /// Pass 2 alone: scores `rows` (as `format` says, as for
    /// `roster_keys`), row `i` numbered `lines[i]`
    /// and judged with `given_json[i]`, its share of the roster:
    /// `{"duplicate_of": line or null, "shared": [{"kind", "employee_count",
    /// "lowest": [[employee id, payout id], ...]}]}`. NDJSON result lines,
    /// in order, as `score_rows` gives them.
    #[pyo3(signature = (rows, format, lines, given_json, policies, as_of, sanctions=None))]
    #[allow(clippy::too_many_arguments)]
    fn assess_rows(
        &self,
        py: Python<'_>,
        rows: String,
        format: &str,
        lines: Vec<u64>,
        given_json: String,
        policies: Vec<(String, String)>,
        as_of: Option<(u16, u8, u8)>,
        sanctions: Option<(String, String)>,
    ) -> PyResult<String> {
        let (policy, files) = self.policy(&policies, as_of, sanctions.as_ref())?;
        let format = row_format(format)?;
        py.detach(|| {
            let mut rows = read_rows(&rows, format)?;
            if lines.len() != rows.len() {
                return Err(InputError::new_err(format!(
                    "{} rows came with {} line numbers",
                    rows.len(),
                    lines.len()
                )));
            }
            for (row, line) in rows.iter_mut().zip(lines) {
                row.line = line;
            }
            let given: Vec<Given> = serde_json::from_str(&given_json).map_err(|e| {
                InputError::new_err(format!("the roster given is not as documented: {e}"))
            })?;
            let given = given
                .into_iter()
                .map(|g| {
                    let shared = g
                        .shared
                        .into_iter()
                        .map(|k| {
                            Ok(SharedKey {
                                kind: kind_named(&k.kind)?,
                                employee_count: k.employee_count,
                                lowest: k.lowest,
                            })
                        })
                        .collect::<PyResult<Vec<_>>>()?;
                    Ok((g.duplicate_of, shared))
                })
                .collect::<PyResult<Vec<_>>>()?;
            let mut out = String::new();
            self.inner
                .assess_rows(&rows, given, &policy, |row| {
                    push_line(&mut out, json::line(&row))
                })
                .map_err(|e| located(e, &files))?;
            Ok(out)
        })
    }
}

/// One row's share of a roster aggregated elsewhere, as JSON gives it.
#[derive(serde::Deserialize)]
struct Given {
    duplicate_of: Option<u64>,
    #[serde(default)]
    shared: Vec<GivenKey>,
}

/// One shared key of [`Given`].
#[derive(serde::Deserialize)]
struct GivenKey {
    kind: String,
    employee_count: u32,
    lowest: Vec<(String, String)>,
}

/// The rows of NDJSON or CSV text, each numbered by its position from 1;
/// repeated payout ids are left for the roster to judge (a batch is not
/// the whole payroll).
fn read_rows(text: &str, format: InputFormat) -> PyResult<Vec<Row>> {
    let mut rows: Vec<Row> = payguard::input::rows(text.as_bytes(), format)
        .map_err(InputError::new_err)?
        .collect();
    for (row, line) in rows.iter_mut().zip(1..) {
        row.line = line;
    }
    Ok(rows)
}

/// The row formats the in-memory functions take.
fn row_format(name: &str) -> PyResult<InputFormat> {
    match name {
        "ndjson" => Ok(InputFormat::Ndjson),
        "csv" => Ok(InputFormat::Csv),
        other => Err(InputError::new_err(format!(
            "rows come as ndjson or csv, not {other:?}"
        ))),
    }
}

/// A key kind as the contract names it.
fn kind_name(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Destination => "destination",
        KeyKind::AccountHolder => "account-holder",
        KeyKind::Phone => "phone",
    }
}

fn kind_named(name: &str) -> PyResult<KeyKind> {
    [KeyKind::Destination, KeyKind::AccountHolder, KeyKind::Phone]
        .into_iter()
        .find(|k| kind_name(*k) == name)
        .ok_or_else(|| InputError::new_err(format!("no roster key kind is called {name:?}")))
}

impl Plugin {
    /// The plugin's defaults under `policies`, with a sanctions list (its
    /// name and CSV text) and the day allowlist expiry is judged on.
    fn policy(
        &self,
        policies: &[(String, String)],
        as_of: Option<(u16, u8, u8)>,
        sanctions: Option<&(String, String)>,
    ) -> PyResult<(Policy, Vec<PolicyFile>)> {
        let mut policy = self.inner.default_policy().map_err(raise)?;
        let mut files = Vec::with_capacity(policies.len());
        for (name, text) in policies {
            let file = PolicyFile::parse(name, text, policy).map_err(PolicyError::new_err)?;
            policy = file.policy.clone();
            files.push(file);
        }
        if let Some((name, text)) = sanctions {
            sanctions_file::extend(&mut policy, name, text).map_err(InputError::new_err)?;
        }
        if let Some((year, month, day)) = as_of {
            policy.as_of = Some(Date { year, month, day });
        }
        Ok((policy, files))
    }
}

/// A sanctions file's name and text (a Spark job reads it on the driver
/// and hands the text to its executors, which may not see the file).
fn read_sanctions(path: Option<PathBuf>) -> PyResult<Option<(String, String)>> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| InputError::new_err(format!("cannot read {}: {e}", path.display())))?;
    Ok(Some((path.display().to_string(), text)))
}

/// Appends one NDJSON line (the writer ends it with a newline).
fn push_line(out: &mut String, line: String) {
    out.push_str(&line);
}

/// `payguard._native`: the classes and exceptions `payguard` re-exports.
/// Opens a history, raising `HistoryError` when it cannot.
fn open_history(location: &str, secret: Option<&std::path::Path>) -> PyResult<History> {
    History::open(location, secret).map_err(|e| raise(e.into()))
}

/// Erases an employee from a history (on `payroll`, else everywhere):
/// (payroll, payouts erased) pairs.
#[pyfunction]
#[pyo3(signature = (history, employee, payroll=None, history_secret=None))]
fn history_forget(
    py: Python<'_>,
    history: String,
    employee: String,
    payroll: Option<String>,
    history_secret: Option<PathBuf>,
) -> PyResult<Vec<(String, u64)>> {
    py.detach(|| {
        open_history(&history, history_secret.as_deref())?
            .forget(&employee, payroll.as_deref())
            .map_err(|e| raise(e.into()))
    })
}

/// Erases every payout paid before `before`: how many.
#[pyfunction]
#[pyo3(signature = (history, before, history_secret=None))]
fn history_prune(
    py: Python<'_>,
    history: String,
    before: (u16, u8, u8),
    history_secret: Option<PathBuf>,
) -> PyResult<u64> {
    let day = Date {
        year: before.0,
        month: before.1,
        day: before.2,
    };
    py.detach(|| {
        open_history(&history, history_secret.as_deref())?
            .prune(day)
            .map_err(|e| raise(e.into()))
    })
}

/// What a history holds, as JSON.
#[pyfunction]
#[pyo3(signature = (history, history_secret=None))]
fn history_stats(
    py: Python<'_>,
    history: String,
    history_secret: Option<PathBuf>,
) -> PyResult<String> {
    py.detach(|| {
        let stats = open_history(&history, history_secret.as_deref())?
            .stats()
            .map_err(|e| raise(e.into()))?;
        Ok(serde_json::to_string(&stats).expect("stats serialise"))
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Plugin>()?;
    m.add_function(wrap_pyfunction!(history_forget, m)?)?;
    m.add_function(wrap_pyfunction!(history_prune, m)?)?;
    m.add_function(wrap_pyfunction!(history_stats, m)?)?;
    m.add("PayguardError", py.get_type::<PayguardError>())?;
    m.add("LoadError", py.get_type::<LoadError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("PluginError", py.get_type::<PluginError>())?;
    m.add("HistoryError", py.get_type::<HistoryError>())?;
    Ok(())
}
