//! `payguard`: score payroll files with the payout-risk plugin.
//!
//! Exit status: 0 when no payout reaches review, 1 when one does, 2 when
//! the input or the plugin is broken, rejected rows included, so that an
//! unscored row never passes as clean.

use clap::{Parser, Subcommand, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use payguard::output::{Format, Report};
use payguard::{Plugin, input};
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
    },
    /// List the rules with their default weights.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show the plugin's SHA-256, version, contract and data versions.
    Info,
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
        Command::Score { file, format } => score(&plugin, &file, format),
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

fn score(plugin: &Plugin, file: &Path, format: Format) -> Result<ExitCode, String> {
    let payroll = input::read_path(file).map_err(|e| e.to_string())?;
    let policy = plugin.default_policy().map_err(|e| e.to_string())?;
    let outcomes = plugin
        .assess(&payroll.payouts(), &policy)
        .map_err(|e| e.to_string())?;
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

fn kebab<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
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
