//! `payguard`: score payroll files with the payout-risk plugin.
//!
//! Exit status: 0 when no payout reaches review, 1 when one does, 2 when
//! the input or the plugin is broken, rejected rows included, so that an
//! unscored row never passes as clean.

mod allowlist;
#[cfg(feature = "bench")]
mod bench;
mod cases;
mod diff;
mod history;
mod progress;
mod report;
mod score;
mod scoring;
#[cfg(feature = "serve")]
mod serve;
mod sink;

use clap::{Parser, Subcommand, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use payguard::output::kebab;
use report::Format;
use scoring::{Scoring, load};
use sink::Output;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc for small blocks, glibc's for large (`payguard::allocator`).
#[global_allocator]
static ALLOCATOR: payguard::allocator::Split = payguard::allocator::Split;

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
        /// Write the output to this file instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The review page's cards at most: past it, the highest-scored
        /// are shown and the page says how many more there are.
        #[arg(long, value_name = "N", default_value_t = 500)]
        max_cards: usize,
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
    /// Show what a policy change would change: the payouts whose decision
    /// moves, grouped by the move, with the findings behind it. Exit
    /// status 1 when a decision moves.
    Diff {
        /// The payroll file.
        file: PathBuf,
        /// The policy to compare against (default: the plugin's defaults);
        /// given several times, each applies on top of the one before.
        #[arg(long, value_name = "FILE")]
        against: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Table)]
        format: diff::DiffFormat,
        /// Write the output to this file instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        scoring: Scoring,
    },
    /// Seed, inspect and erase the payout history that `score --history`
    /// judges payrolls against.
    History {
        #[command(subcommand)]
        command: history::HistoryCommand,
    },
    /// Work with allowlist files (reviewed cases).
    Allowlist {
        #[command(subcommand)]
        command: AllowlistCommand,
    },
    /// Run case files (payroll rows in, expected results out) through the
    /// plugin; exit 1 when any case fails.
    Test {
        /// A case file, or a directory searched for *.toml case files.
        path: PathBuf,
        /// A policy file (TOML) under every case's own settings.
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// List passing cases too.
        #[arg(long)]
        verbose: bool,
    },
    /// List the rules with their default weights.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show the plugin's SHA-256, version, contract and data versions.
    Info,
    /// Serve scoring over HTTP for platforms on any stack: POST /v1/score
    /// (a payroll), POST /v1/check (one payout against the history), GET
    /// /v1/rules, /v1/info, /v1/openapi.json, /healthz, /metrics.
    #[cfg(feature = "serve")]
    Serve(serve::Serve),
    /// Measure rows/s and peak memory on a synthetic payroll: the rules
    /// natively, through the plugin on one and on all threads, and end to
    /// end from a CSV file. Use a release build.
    Bench {
        /// Rows of the in-memory payroll (figures 1 to 3).
        #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
        rows: u64,
        /// Rows of the CSV file (figure 4); default: --rows.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        file_rows: Option<u64>,
        /// Threads for figures 3 and 4; default: every core.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        /// Measure the history instead: record --months months of --rows
        /// rows each, then score the next month without the history,
        /// against it, and against it while recording it.
        #[arg(long)]
        history: bool,
        /// Months recorded before the measured one (with --history).
        #[arg(long, default_value_t = 12, requires = "history", value_parser = clap::value_parser!(u64).range(1..))]
        months: u64,
        /// Keep the history here instead of a temporary SQLite file (a
        /// postgres:// URL, with --history-secret); its runs are added to.
        #[arg(long, value_name = "DB", requires = "history")]
        history_db: Option<String>,
        /// The secret of --history-db.
        #[arg(long, value_name = "FILE", requires = "history_db")]
        history_secret: Option<PathBuf>,
        /// Only write the realistic payroll of --rows rows to FILE as CSV
        /// (every column real files carry), for measuring other hosts.
        #[arg(long, value_name = "FILE", conflicts_with = "history")]
        write_payroll: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum AllowlistCommand {
    /// Combine allowlist files into one: duplicates of one case keep the
    /// entry that lasts longest, expired entries are dropped; each dropped
    /// entry is named on stderr.
    Merge {
        /// The allowlist files, in order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the merged file here instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The day expiry is judged on (YYYY-MM-DD); default today (UTC).
        #[arg(long, value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
    },
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
    if let Command::Allowlist {
        command:
            AllowlistCommand::Merge {
                files,
                output,
                as_of,
            },
    } = &cli.command
    {
        // Needs no plugin.
        return allowlist::merge(files, output.as_deref(), *as_of);
    }
    if let Command::History { command } = cli.command {
        // Only import scores, so only it loads the plugin.
        let limits = match &command {
            history::HistoryCommand::Import { scoring, .. } => scoring.limits(),
            _ => payguard::Limits::default(),
        };
        let (path, sha) = (cli.plugin, cli.expect_sha256);
        return history::run(command, move || {
            load(path.as_deref(), sha.as_deref(), limits)
        });
    }
    let limits = match &cli.command {
        Command::Score { scoring, .. }
        | Command::Explain { scoring, .. }
        | Command::Diff { scoring, .. } => scoring.limits(),
        #[cfg(feature = "serve")]
        Command::Serve(options) => options.limits(),
        _ => payguard::Limits::default(),
    };
    let plugin = load(cli.plugin.as_deref(), cli.expect_sha256.as_deref(), limits)?;
    match cli.command {
        Command::Score {
            file,
            format,
            output,
            max_cards,
            scoring,
        } => score::score(&plugin, &file, format, output.as_deref(), max_cards, &scoring),
        Command::Explain {
            payout_id,
            file,
            scoring,
        } => score::explain_one(&plugin, &payout_id, &file, &scoring),
        Command::Diff {
            file,
            against,
            format,
            output,
            scoring,
        } => diff::diff(
            &plugin,
            &file,
            &against,
            format,
            output.as_deref(),
            &scoring,
        ),
        Command::Allowlist { .. } | Command::History { .. } => {
            unreachable!("handled before the plugin loads")
        }
        Command::Test {
            path,
            policy,
            verbose,
        } => cases::test_cases(&plugin, &path, policy.as_deref(), verbose),
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
        #[cfg(feature = "bench")]
        Command::Bench {
            rows,
            file_rows,
            threads,
            history,
            months,
            history_db,
            history_secret,
            write_payroll,
        } => {
            if let Some(path) = write_payroll {
                let file = std::fs::File::create(&path)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                let mut out = std::io::BufWriter::new(file);
                payguard::bench::synthetic::write(&mut out, rows, 1)
                    .and_then(|()| std::io::Write::flush(&mut out))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                eprintln!("payguard bench: wrote {rows} rows to {}", path.display());
                return Ok(ExitCode::SUCCESS);
            }
            let threads = threads.map_or(payguard::Limits::default().threads, usize::from);
            let bytes = match &cli.plugin {
                Some(path) => std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
                None => payguard::plugin::EMBEDDED.to_vec(),
            };
            if history {
                eprintln!(
                    "payguard bench --history: {months} months of {rows} rows, then the next, {threads} threads"
                );
                let location = match (&history_db, &history_secret) {
                    (Some(db), Some(secret)) => Some((db.as_str(), secret.as_path())),
                    (Some(_), None) => return Err("--history-db needs --history-secret FILE".into()),
                    _ => None,
                };
                let figures = payguard::bench::history::run(
                    &bytes,
                    rows,
                    months,
                    threads,
                    &std::env::temp_dir(),
                    location,
                )
                .map_err(|e| e.to_string())?;
                return print(&bench::history_report(&figures));
            }
            let file_rows = file_rows.unwrap_or(rows);
            eprintln!(
                "payguard bench: {rows} rows in memory, {file_rows} in a CSV file, {threads} threads"
            );
            let figures =
                payguard::bench::run(&bytes, rows, file_rows, threads, &std::env::temp_dir())
                    .map_err(|e| e.to_string())?;
            print(&bench::report(&figures))
        }
        #[cfg(not(feature = "bench"))]
        Command::Bench { .. } => Err(
            "this payguard was built without the native rules that bench compares the plugin with; \
             run: cargo run --release -p payguard-cli --features bench -- bench"
                .to_string(),
        ),
        #[cfg(feature = "serve")]
        Command::Serve(options) => serve::serve(plugin, options),
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

fn to_json<T: serde::Serialize>(value: &T) -> String {
    format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("serialisable")
    )
}

/// Prints to stdout.
fn print(text: &str) -> Result<ExitCode, String> {
    let mut out = Output::stdout();
    out.write(text)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
