//! What every scoring command shares: loading the plugin, the policy
//! files, and scoring a file row by row.

use crate::progress;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use payguard::history::History;
use payguard::input::bank::{EmployeeRoster, FileNote, JoinOn};
use payguard::input::{InputFormat, PayrollFile};
use payguard::output::{ReportRow, Summary};
use payguard::policy_file::PolicyFile;
use payguard::scoring::{RowSource, WithoutPayouts};
use payguard::{Date, Error, Plugin, Policy, sanctions_file};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// How to score: the policy and sanctions files and the day.
#[derive(Args)]
pub struct Scoring {
    /// A policy file (TOML) applied on top of the plugin's defaults; given
    /// several times, each applies on top of the one before (a platform
    /// policy, then the reviewers' allowlist).
    #[arg(long, value_name = "FILE")]
    pub policy: Vec<PathBuf>,
    /// A sanctions list (CSV with type and value columns) added to the
    /// plugin's built-in one.
    #[arg(long, value_name = "FILE")]
    pub sanctions: Option<PathBuf>,
    /// The day allowlist expiry is judged on for payouts without a pay
    /// date (YYYY-MM-DD); default today (UTC).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Worker threads, each with its own sandbox; default: every core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Payouts per call into the plugin (results do not depend on it).
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub chunk_size: u32,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// The employee roster a bank payment file is joined to (CSV:
    /// employee_id, employee_name, residence_country; optionally phone,
    /// ship_to_country, account_changed_at), its header read as a
    /// payroll's: by the names exports give these columns, and --columns.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Which value of a bank file finds the employee on the roster;
    /// default individual-id for NACHA, creditor-id for pain.001.
    #[arg(long, value_name = "KEY", requires = "roster", value_parser = listed(JoinOn::ALL, JoinOn::name))]
    pub join_on: Option<JoinOn>,
    /// A TOML file naming the CSV header's columns for payguard's
    /// (`payout_id = "Payment ID"`), for names the built-in table of
    /// export spellings does not know. With --roster it is the roster's
    /// (a bank file is read as its format says).
    #[arg(long, value_name = "FILE")]
    pub columns: Option<PathBuf>,
    /// The file's encoding when it is not UTF-8 (a WHATWG label:
    /// windows-1252, iso-8859-2, shift_jis), as Excel's "CSV (Comma
    /// delimited)" saves in the Windows code page; a byte order mark
    /// decides over it. Without it, a row that is not UTF-8 is rejected.
    /// With --roster it is the roster's (a bank file is read as its format
    /// says).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Read the file as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", value_parser = listed(InputFormat::ALL, InputFormat::name))]
    pub input_format: Option<InputFormat>,
    /// Score against the payout history in this SQLite file (made when
    /// missing) or postgres:// URL, then record this run in it (score and
    /// history import; diff and explain never record).
    #[arg(long, value_name = "DB")]
    pub history: Option<String>,
    /// The payroll (client) the file belongs to, in the history.
    #[arg(long, value_name = "NAME", default_value = payguard::history::DEFAULT_PAYROLL, requires = "history")]
    pub payroll: String,
    /// Score against the history without recording this run.
    #[arg(long, requires = "history")]
    pub no_record: bool,
    /// The history's secret (default: the SQLite file's path with ".key"
    /// added, made with a new history; needed for PostgreSQL).
    #[arg(long, value_name = "FILE", requires = "history")]
    pub history_secret: Option<PathBuf>,
}

/// A parser taking the name of one of `values` (each listed in `--help`).
fn listed<T, const N: usize>(
    values: [T; N],
    name: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + 'static,
{
    PossibleValuesParser::new(values.map(name)).map(move |chosen| {
        values
            .into_iter()
            .find(|value| name(*value) == chosen)
            .expect("clap took one of the listed names")
    })
}

impl Scoring {
    pub fn limits(&self) -> payguard::Limits {
        let defaults = payguard::Limits::default();
        payguard::Limits {
            threads: self.threads.map_or(defaults.threads, usize::from),
            chunk_size: self.chunk_size as usize,
            ..defaults
        }
    }
}

/// Loads the plugin at `path`, else the embedded one.
pub fn load(
    path: Option<&Path>,
    expect_sha256: Option<&str>,
    limits: payguard::Limits,
) -> Result<Plugin, String> {
    let (bytes, name) = match path {
        None => (
            Cow::Borrowed(payguard::plugin::EMBEDDED),
            "the embedded plugin".to_string(),
        ),
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            (Cow::Owned(bytes), path.display().to_string())
        }
    };
    // Compiled once, then loaded from the user's private cache.
    match (payguard::plugin::cache::default_dir(), expect_sha256) {
        (Some(dir), expected) => Plugin::from_bytes_cached(&bytes, expected, limits, &dir),
        (None, Some(hex)) => Plugin::from_bytes_verified(&bytes, hex, limits),
        (None, None) => Plugin::from_bytes(&bytes, limits),
    }
    .map_err(|e| format!("{name}: {e}"))
}

/// Scores a payroll file under `policy`, handing each report row to
/// `each` in file order; the file is streamed, never held. Against a
/// history it records nothing.
pub fn assess_file(
    plugin: &Plugin,
    file: &Path,
    policy: &ChosenPolicy,
    scoring: &Scoring,
    each: impl FnMut(ReportRow) -> Result<(), String>,
) -> Result<Summary, String> {
    let keep = Keep {
        record: false,
        payouts: false,
    };
    assess_file_noting(plugin, file, policy, scoring, keep, |_| Ok(()), each).map(|(s, _)| s)
}

/// What a run keeps besides its report rows' outcomes.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    /// The run is recorded in its history, if it has one (and not
    /// `--no-record`).
    pub record: bool,
    /// Report rows carry their payouts (an HTML report shows them);
    /// without, most rows are read only for their ids the second time.
    pub payouts: bool,
}

/// The history a run used, for its summary.
pub struct HistoryUse {
    /// Where it is.
    pub path: String,
    /// The payroll the run belongs to.
    pub payroll: String,
    /// The earlier runs it was judged against.
    pub runs: u64,
    /// Whether this run was recorded, and whether it replaced itself.
    pub recorded: bool,
    pub replaced: bool,
}

impl HistoryUse {
    /// "history h.db (payroll acme): 2 earlier runs; recorded"
    pub fn sentence(&self) -> String {
        let recorded = match (self.recorded, self.replaced) {
            (true, true) => "recorded, replacing this file's earlier run",
            (true, false) => "recorded",
            (false, _) => "not recorded",
        };
        format!(
            "history {} (payroll {}): {} earlier run{}; {recorded}",
            self.path,
            self.payroll,
            self.runs,
            if self.runs == 1 { "" } else { "s" }
        )
    }
}

/// [`assess_file`], first handing a bank file's notes (skipped entries,
/// failed file checks) to `note`, in file order, and keeping what `keep`
/// says.
pub fn assess_file_noting(
    plugin: &Plugin,
    file: &Path,
    policy: &ChosenPolicy,
    scoring: &Scoring,
    keep: Keep,
    mut note: impl FnMut(FileNote) -> Result<(), String>,
    mut each: impl FnMut(ReportRow) -> Result<(), String>,
) -> Result<(Summary, Option<HistoryUse>), String> {
    let mut history = match &scoring.history {
        Some(location) => Some(
            History::open(location, scoring.history_secret.as_deref())
                .map_err(|e| e.to_string())?,
        ),
        None => None,
    };
    let mut payroll =
        PayrollFile::open_as(file, scoring.input_format).map_err(|e| e.to_string())?;
    let columns = match &scoring.columns {
        Some(path) => payguard::input::columns::ColumnMap::read(path)?,
        None => Default::default(),
    };
    // With a roster, the file is a bank file, read as its format says: the
    // encoding and the column mapping are the roster's.
    if scoring.roster.is_none() {
        if scoring.columns.is_some() {
            payroll = payroll
                .with_columns(columns.clone())
                .map_err(|e| e.to_string())?;
        }
        if let Some(label) = &scoring.encoding {
            payroll = payroll.with_encoding(label).map_err(|e| e.to_string())?;
        }
    }
    let payout_ids_made = payroll.payout_ids_made().map_err(|e| e.to_string())?;
    if let Some(path) = &scoring.roster {
        let roster = EmployeeRoster::read_with(path, scoring.encoding.as_deref(), &columns)?;
        payroll = payroll
            .with_roster(roster, scoring.join_on)
            .map_err(|e| e.to_string())?;
    }
    let (payroll, bar) = progress::attach(payroll, scoring.quiet);
    let mut noted = Ok(());
    let checked = payroll.check(|n| {
        if noted.is_ok() {
            noted = note(n);
        }
    });
    if (checked.is_err() || noted.is_err())
        && let Some(bar) = &bar
    {
        bar.finish_and_clear();
    }
    let tally = checked.map_err(|e| e.to_string())?;
    noted?;
    let mut failed = None;
    let emit = |row| {
        if failed.is_none()
            && let Err(e) = each(row)
        {
            failed = Some(e);
        }
    };
    let mut used = None;
    let without_payouts = WithoutPayouts(&payroll);
    let source: &dyn RowSource = match keep.payouts {
        true => &payroll,
        false => &without_payouts,
    };
    let scored = match &mut history {
        None => plugin.score(source, &policy.policy, emit),
        Some(history) => {
            let record = keep.record && !scoring.no_record;
            let sha256 = payguard::history::file_sha256(file).map_err(|e| e.to_string())?;
            let plan = history
                .plan(&scoring.payroll, sha256, &policy.policy)
                .map_err(|e| e.to_string())?;
            let runs = history.earlier_runs(&plan).map_err(|e| e.to_string())?;
            used = Some(HistoryUse {
                path: history.location().to_string(),
                payroll: scoring.payroll.clone(),
                runs,
                recorded: record,
                replaced: plan.replaces,
            });
            plugin.score_against(source, &policy.policy, history, &plan, record, emit)
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut summary = scored.map_err(|e| match e {
        Error::Policy { key, message } => policy.locate(&key, &message),
        e => e.to_string(),
    })?;
    summary.skipped = tally.skipped as usize;
    summary.file_checks = tally.checks as usize;
    summary.payout_ids_made = payout_ids_made;
    match failed {
        Some(e) => Err(e),
        None => Ok((summary, used)),
    }
}

/// The policy to score with, and the files it came from.
pub struct ChosenPolicy {
    pub policy: Policy,
    files: Vec<PolicyFile>,
}

impl ChosenPolicy {
    /// Names the file and line of a setting the plugin refused.
    fn locate(&self, key: &str, message: &str) -> String {
        payguard::policy_file::locate(&self.files, key, message)
    }
}

/// The plugin's defaults under the policy files, in order.
pub fn apply_files(base: Policy, files: &[PathBuf]) -> Result<(Policy, Vec<PolicyFile>), String> {
    let mut policy = base;
    let mut read = Vec::new();
    for path in files {
        let file = PolicyFile::parse(&path.display().to_string(), &read_text(path)?, policy)?;
        policy = file.policy.clone();
        read.push(file);
    }
    Ok((policy, read))
}

/// The policy of `policies` (files applied in order) with the scoring
/// options' sanctions and day.
pub fn policy_for(
    plugin: &Plugin,
    policies: &[PathBuf],
    scoring: &Scoring,
) -> Result<ChosenPolicy, String> {
    let (policy, files) = apply_files(
        plugin.default_policy().map_err(|e| e.to_string())?,
        policies,
    )?;
    let mut chosen = ChosenPolicy { policy, files };
    if let Some(path) = &scoring.sanctions {
        sanctions_file::extend(
            &mut chosen.policy,
            &path.display().to_string(),
            &read_text(path)?,
        )?;
    }
    chosen.policy.as_of = Some(date(today(scoring.as_of))?);
    Ok(chosen)
}

/// The time of the run, as reports show it.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%d %H:%M:%S UTC")
        .to_string()
}

/// `as_of`, else today (UTC).
pub fn today(as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    as_of.unwrap_or_else(|| chrono::Utc::now().date_naive())
}

/// A calendar day as the contract's date.
pub fn date(day: chrono::NaiveDate) -> Result<Date, String> {
    use chrono::Datelike;
    Ok(Date {
        year: u16::try_from(day.year()).map_err(|_| format!("the day {day} is out of range"))?,
        month: day.month() as u8,
        day: day.day() as u8,
    })
}

pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
