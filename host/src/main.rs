//! `payguard`: score payroll files with the payout-risk plugin.
//!
//! Exit status: 0 when no payout reaches review, 1 when one does, 2 when
//! the input or the plugin is broken, rejected rows included, so that an
//! unscored row never passes as clean.

use clap::{Args, Parser, Subcommand, ValueEnum};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use payguard::input::PayrollFile;
use payguard::output::{
    Format, Report, ReportRow, Summary, escape, explain, kebab, render_head, render_row,
};
use payguard::policy_file::PolicyFile;
use payguard::{Date, Error, Plugin, Policy, sanctions_file};
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
    },
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
    /// Worker threads, each with its own sandbox; default: every core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Payouts per call into the plugin (results do not depend on it).
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    chunk_size: u32,
}

impl Scoring {
    fn limits(&self) -> payguard::Limits {
        let defaults = payguard::Limits::default();
        payguard::Limits {
            threads: self.threads.map_or(defaults.threads, usize::from),
            chunk_size: self.chunk_size as usize,
            ..defaults
        }
    }
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
    let limits = match &cli.command {
        Command::Score { scoring, .. } | Command::Explain { scoring, .. } => scoring.limits(),
        _ => payguard::Limits::default(),
    };
    let plugin = load(cli.plugin.as_deref(), cli.expect_sha256.as_deref(), limits)?;
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
        Command::Test {
            path,
            policy,
            verbose,
        } => test_cases(&plugin, &path, policy.as_deref(), verbose),
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
        Command::Bench {
            rows,
            file_rows,
            threads,
        } => {
            let threads = threads.map_or(payguard::Limits::default().threads, usize::from);
            let bytes = match &cli.plugin {
                Some(path) => std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
                None => payguard::plugin::EMBEDDED.to_vec(),
            };
            let file_rows = file_rows.unwrap_or(rows);
            eprintln!(
                "payguard bench: {rows} rows in memory, {file_rows} in a CSV file, {threads} threads"
            );
            let figures =
                payguard::bench::run(&bytes, rows, file_rows, threads, &std::env::temp_dir())
                    .map_err(|e| e.to_string())?;
            print(&bench_report(&figures))
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

fn bench_report(figures: &[payguard::bench::Figure]) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(["figure", "rows", "threads", "seconds", "rows/s", "peak MB"]);
    for f in figures {
        table.add_row([
            f.name.to_string(),
            f.rows.to_string(),
            f.threads.to_string(),
            format!("{:.2}", f.elapsed.as_secs_f64()),
            format!("{:.0}", f.rows_per_second()),
            f.peak_bytes
                .map_or("?".into(), |b| format!("{:.0}", b as f64 / 1e6)),
        ]);
    }
    let [native, one, all, file] = figures else {
        return format!("{table}\n");
    };
    let overhead = (one.elapsed.as_secs_f64() - native.elapsed.as_secs_f64()) / one.rows as f64;
    let per_million = file.elapsed.as_secs_f64() * 1e6 / file.rows as f64;
    format!(
        "{table}\n\
         plugin vs native, 1 thread: {:.2}x (target at most 1.5x); the sandbox adds {:.2} µs per payout\n\
         plugin on all threads: {:.0} payouts/s (target at least 1,000,000: {})\n\
         CSV to NDJSON: {:.2} s per million rows (target under 2 s: {})\n",
        one.elapsed.as_secs_f64() / native.elapsed.as_secs_f64(),
        overhead * 1e6,
        all.rows_per_second(),
        verdict(all.rows_per_second() / 1e6),
        per_million,
        verdict(2.0 / per_million),
    )
}

/// "met", or how far off: `ratio` is achieved / target, higher is better.
fn verdict(ratio: f64) -> String {
    if ratio >= 1.0 {
        "met".into()
    } else {
        format!("missed, {:.1}x short", 1.0 / ratio)
    }
}

fn load(
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

fn score(
    plugin: &Plugin,
    file: &Path,
    format: Format,
    scoring: &Scoring,
) -> Result<ExitCode, String> {
    // NDJSON and CSV are written as rows come; a table and a JSON document
    // need every row first.
    let mut out = Output::default();
    out.write(&render_head(format))?;
    let mut kept = Report::default();
    let summary = assess_file(plugin, file, scoring, |row| {
        match render_row(format, &row) {
            Some(text) => out.write(&text),
            None => {
                kept.rows.push(row);
                Ok(())
            }
        }
    })?;
    if matches!(format, Format::Table | Format::Json) {
        out.write(&kept.render(format))?;
    }
    out.flush()?;
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
    let mut found = None;
    assess_file(plugin, file, scoring, |row| {
        if found.is_none() && row.payout_id == payout_id {
            found = Some(row);
        }
        Ok(())
    })?;
    let row = found.ok_or_else(|| format!("{}: no payout {payout_id:?}", file.display()))?;
    let mut out = Output::default();
    out.write(&explain::render(&row, &policy_for(plugin, scoring)?.policy))?;
    out.flush()?;
    Ok(match &row.outcome {
        Err(_) => ExitCode::from(2),
        Ok(a) if a.decision != payguard::Decision::Allow => ExitCode::from(1),
        Ok(_) => ExitCode::SUCCESS,
    })
}

/// Runs case files through the plugin and says which cases failed and how.
fn test_cases(
    plugin: &Plugin,
    path: &Path,
    policy: Option<&Path>,
    verbose: bool,
) -> Result<ExitCode, String> {
    let files = payguard::cases::load(path)?;
    let mut base = plugin.default_policy().map_err(|e| e.to_string())?;
    if let Some(policy) = policy {
        base = PolicyFile::parse(&policy.display().to_string(), &read_text(policy)?, base)?.policy;
    }
    let results = payguard::cases::run(&files, &base, |rows, policy| {
        let mut out = Vec::new();
        plugin
            .score(rows, policy, |row| out.push(row))
            .map_err(|e| e.to_string())?;
        Ok(out)
    });
    let mut text = String::new();
    let failed = results.iter().filter(|r| !r.failures.is_empty()).count();
    for result in &results {
        let name = format!("{}: {}", result.file.display(), result.name);
        if result.failures.is_empty() {
            if verbose {
                text.push_str(&format!("ok   {}\n", escape(&name)));
            }
            continue;
        }
        text.push_str(&format!("FAIL {}\n", escape(&name)));
        for failure in &result.failures {
            text.push_str(&format!("     {}\n", escape(failure)));
        }
    }
    text.push_str(&format!(
        "{} passed, {failed} failed\n",
        results.len() - failed
    ));
    print(&text)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Scores a payroll file under the scoring options, handing each report
/// row to `each` in file order; the file is streamed, never held.
fn assess_file(
    plugin: &Plugin,
    file: &Path,
    scoring: &Scoring,
    mut each: impl FnMut(ReportRow) -> Result<(), String>,
) -> Result<Summary, String> {
    let payroll = PayrollFile::open(file).map_err(|e| e.to_string())?;
    let policy = policy_for(plugin, scoring)?;
    let mut failed = None;
    let summary = plugin
        .score(&payroll, &policy.policy, |row| {
            if failed.is_none()
                && let Err(e) = each(row)
            {
                failed = Some(e);
            }
        })
        .map_err(|e| match (e, &policy.file) {
            (Error::Policy { key, message }, Some(file)) => file.locate(&key, &message),
            (e, _) => e.to_string(),
        })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(summary),
    }
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

/// Buffered stdout; a closed pipe (`| head`) ends the output quietly
/// rather than with a panic or an error.
#[derive(Default)]
struct Output {
    closed: bool,
    buffer: Vec<u8>,
}

impl Output {
    fn write(&mut self, text: &str) -> Result<(), String> {
        self.buffer.extend_from_slice(text.as_bytes());
        if self.buffer.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        let bytes = std::mem::take(&mut self.buffer);
        if self.closed {
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        match out.write_all(&bytes).and_then(|()| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(format!("cannot write the output: {e}")),
        }
    }
}

/// Prints to stdout.
fn print(text: &str) -> Result<ExitCode, String> {
    let mut out = Output::default();
    out.write(text)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
