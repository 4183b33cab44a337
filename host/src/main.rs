//! `payguard`: score payroll files with the payout-risk plugin.
//!
//! Exit status: 0 when no payout reaches review, 1 when one does, 2 when
//! the input or the plugin is broken, rejected rows included, so that an
//! unscored row never passes as clean.

use clap::{Args, Parser, Subcommand, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use payguard::output::{Format, Report, explain, kebab};
use payguard::policy_file::PolicyFile;
use payguard::{Date, Error, Outcome, Plugin, Policy, input, sanctions_file};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "payguard",
    version,
    about = "Score payroll payouts for fake-remote-worker risk"
)]
struct Cli {
    /// Load this plugin component instead of the embedded one.
    #[arg(long, global = true, value_name = "PATH")]
    plugin: Option<PathBuf>,
    /// Refuse the plugin unless its SHA-256 is this (hex).
    #[arg(long, global = true, value_name = "HEX")]
    expect_sha256: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score a payroll file (CSV, JSON array or NDJSON).
    Score {
        /// The payroll file.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        scoring: Scoring,
    },
    /// Show one payout's findings with all their evidence, for a reviewer.
    Explain {
        /// The payout id, as in the payout_id column.
        payout_id: String,
        /// The payroll file it is in (scored whole: shared accounts need it).
        file: PathBuf,
        #[command(flatten)]
        scoring: Scoring,
    },
    /// List the rules with their default weights.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show the plugin's SHA-256, version, contract and data versions.
    Info,
}

/// How to score: the policy and sanctions files and the day.
#[derive(Args)]
struct Scoring {
    /// A policy file (TOML) applied on top of the plugin's defaults.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// A sanctions list (CSV with type and value columns) added to the
    /// plugin's built-in one.
    #[arg(long, value_name = "FILE")]
    sanctions: Option<PathBuf>,
    /// The day allowlist expiry is judged on for payouts without a pay
    /// date (YYYY-MM-DD); default today (UTC).
    #[arg(long, value_name = "DATE")]
    as_of: Option<chrono::NaiveDate>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("payguard: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let plugin = load(cli.plugin.as_deref(), cli.expect_sha256.as_deref())?;
    match cli.command {
        Command::Score {
            file,
            format,
            scoring,
        } => score(&plugin, &file, format, &scoring),
        Command::Explain {
            payout_id,
            file,
            scoring,
        } => explain_one(&plugin, &payout_id, &file, &scoring),
        Command::Rules { format } => {
            let rules = plugin.rules().map_err(|e| e.to_string())?;
            let text = match format {
                ListFormat::Json => to_json(&rules),
                ListFormat::Table => {
                    let mut table = Table::new();
                    table.load_style(UTF8_FULL_CONDENSED);
                    table.set_header(["rule", "category", "severity", "weight", "description"]);
                    for r in &rules {
                        table.add_row([
                            r.id.clone(),
                            kebab(&r.category),
                            kebab(&r.severity),
                            r.weight.to_string(),
                            r.description.clone(),
                        ]);
                    }
                    format!("{table}\n")
                }
            };
            print(&text)
        }
        Command::Info => {
            let info = plugin.info().map_err(|e| e.to_string())?;
            let source = match &cli.plugin {
                Some(path) => path.display().to_string(),
                None => "embedded".to_string(),
            };
            let report = serde_json::json!({
                "source": source,
                "sha256": plugin.sha256(),
                "version": info.version,
                "contract": info.contract,
                "data": info.data,
            });
            print(&to_json(&report))
        }
    }
}

fn load(path: Option<&Path>, expect_sha256: Option<&str>) -> Result<Plugin, String> {
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
    let limits = payguard::Limits::default();
    match expect_sha256 {
        Some(hex) => Plugin::from_bytes_verified(&bytes, hex, limits),
        None => Plugin::from_bytes(&bytes, limits),
    }
    .map_err(|e| format!("{name}: {e}"))
}

fn score(
    plugin: &Plugin,
    file: &Path,
    format: Format,
    scoring: &Scoring,
) -> Result<ExitCode, String> {
    let (payroll, outcomes) = assess_file(plugin, file, scoring)?;
    let report = Report::new(&payroll, outcomes.into_iter());
    print(&report.render(format))?;
    let summary = report.summary();
    if format != Format::Table {
        eprintln!("{}", summary.sentence());
    }
    Ok(if summary.rejected > 0 {
        ExitCode::from(2)
    } else if summary.review + summary.block > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn explain_one(
    plugin: &Plugin,
    payout_id: &str,
    file: &Path,
    scoring: &Scoring,
) -> Result<ExitCode, String> {
    let (payroll, outcomes) = assess_file(plugin, file, scoring)?;
    let report = Report::new(&payroll, outcomes.into_iter());
    let row = report
        .rows
        .iter()
        .find(|r| r.payout_id == payout_id)
        .ok_or_else(|| format!("{}: no payout {payout_id:?}", file.display()))?;
    print(&explain::render(row, &policy_for(plugin, scoring)?.policy))?;
    Ok(match &row.outcome {
        Err(_) => ExitCode::from(2),
        Ok(a) if a.decision != payguard::Decision::Allow => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
    })
}

/// Reads and scores a payroll file under the scoring options.
fn assess_file(
    plugin: &Plugin,
    file: &Path,
    scoring: &Scoring,
) -> Result<(input::Payroll, Vec<Outcome>), String> {
    let payroll = input::read_path(file).map_err(|e| e.to_string())?;
    let policy = policy_for(plugin, scoring)?;
    let outcomes = plugin
        .assess(&payroll.payouts(), &policy.policy)
        .map_err(|e| match (e, &policy.file) {
            (Error::Policy { key, message }, Some(file)) => file.locate(&key, &message),
            (e, _) => e.to_string(),
        })?;
    Ok((payroll, outcomes))
}

/// The policy to score with, and the file it came from, if any.
struct ChosenPolicy {
    policy: Policy,
    file: Option<PolicyFile>,
}

fn policy_for(plugin: &Plugin, scoring: &Scoring) -> Result<ChosenPolicy, String> {
    let mut chosen = ChosenPolicy {
        policy: plugin.default_policy().map_err(|e| e.to_string())?,
        file: None,
    };
    if let Some(path) = &scoring.policy {
        let file = PolicyFile::parse(
            &path.display().to_string(),
            &read_text(path)?,
            chosen.policy,
        )?;
        chosen.policy = file.policy.clone();
        chosen.file = Some(file);
    }
    if let Some(path) = &scoring.sanctions {
        sanctions_file::extend(
            &mut chosen.policy,
            &path.display().to_string(),
            &read_text(path)?,
        )?;
    }
    let day = scoring
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    chosen.policy.as_of = Some(Date {
        year: u16::try_from(chrono::Datelike::year(&day))
            .map_err(|_| format!("--as-of {day} is out of range"))?,
        month: chrono::Datelike::month(&day) as u8,
        day: chrono::Datelike::day(&day) as u8,
    });
    Ok(chosen)
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("serialisable")
    )
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}
