//! `payguard history`: seed, inspect and erase the payout history.

use crate::scoring::{Keep, Scoring, assess_file_noting, date, policy_for};
use clap::Subcommand;
use payguard::Plugin;
use payguard::history::History;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The history's subcommands.
#[derive(Subcommand)]
pub enum HistoryCommand {
    /// Record past payrolls, in the order given, without printing results:
    /// a year of history in one command.
    Import {
        /// The payroll files, oldest first.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        scoring: Scoring,
    },
    /// Runs, payrolls, payouts and keys held.
    Stats {
        /// The history: a SQLite file, or a postgres:// URL.
        #[arg(long, value_name = "DB")]
        history: String,
        /// Its secret, when not beside the SQLite file (always for
        /// PostgreSQL).
        #[arg(long, value_name = "FILE")]
        history_secret: Option<PathBuf>,
        /// Print JSON instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Erase one employee's payouts (the right to erasure).
    Forget {
        /// The history: a SQLite file, or a postgres:// URL.
        #[arg(long, value_name = "DB")]
        history: String,
        /// Its secret, when not beside the SQLite file (always for
        /// PostgreSQL).
        #[arg(long, value_name = "FILE")]
        history_secret: Option<PathBuf>,
        /// The employee id, as in the payrolls.
        #[arg(long, value_name = "ID")]
        employee: String,
        /// Only on this payroll (default: on every payroll).
        #[arg(long, value_name = "NAME")]
        payroll: Option<String>,
    },
    /// Erase every payout paid before a day.
    Prune {
        /// The history: a SQLite file, or a postgres:// URL.
        #[arg(long, value_name = "DB")]
        history: String,
        /// Its secret, when not beside the SQLite file (always for
        /// PostgreSQL).
        #[arg(long, value_name = "FILE")]
        history_secret: Option<PathBuf>,
        /// The first day kept (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        before: chrono::NaiveDate,
    },
}

/// Runs a history subcommand; `plugin` is needed by `import` only.
pub fn run(
    command: HistoryCommand,
    plugin: impl FnOnce() -> Result<Plugin, String>,
) -> Result<ExitCode, String> {
    let open = |location: &str, secret: Option<&Path>| {
        History::open(location, secret).map_err(|e| e.to_string())
    };
    match command {
        HistoryCommand::Import { files, scoring } => import(&plugin()?, &files, &scoring),
        HistoryCommand::Stats {
            history,
            history_secret,
            json,
        } => {
            let mut store = open(&history, history_secret.as_deref())?;
            let stats = store.stats().map_err(|e| e.to_string())?;
            let history = store.location().to_string();
            if json {
                let mut value = serde_json::to_value(&stats).expect("stats serialise");
                if let Some((first, last)) = stats.span() {
                    value["first_pay_date"] = first.to_string().into();
                    value["last_pay_date"] = last.to_string().into();
                }
                println!("{}", serde_json::to_string_pretty(&value).expect("JSON"));
            } else {
                println!("history {history} (schema {})", stats.schema);
                println!("runs      {}", stats.runs);
                println!("payrolls  {}", stats.payrolls);
                println!("payouts   {}", stats.payouts);
                println!("employees {}", stats.employees);
                println!("keys      {}", stats.keys);
                if let Some((first, last)) = stats.span() {
                    println!("paid      {first} to {last}");
                }
                println!("size      {} bytes", stats.bytes);
            }
            Ok(ExitCode::SUCCESS)
        }
        HistoryCommand::Forget {
            history,
            history_secret,
            employee,
            payroll,
        } => {
            let mut store = open(&history, history_secret.as_deref())?;
            let erased = store
                .forget(&employee, payroll.as_deref())
                .map_err(|e| e.to_string())?;
            let history = store.location().to_string();
            if erased.is_empty() {
                let on = payroll
                    .map(|p| format!(" on payroll {p}"))
                    .unwrap_or_default();
                return Err(format!(
                    "{history}: no payouts of employee {employee:?}{on}"
                ));
            }
            for (payroll, payouts) in erased {
                println!("erased employee {employee} on payroll {payroll}: {payouts} payouts");
            }
            Ok(ExitCode::SUCCESS)
        }
        HistoryCommand::Prune {
            history,
            history_secret,
            before,
        } => {
            let erased = open(&history, history_secret.as_deref())?
                .prune(date(before)?)
                .map_err(|e| e.to_string())?;
            println!("erased {erased} payouts paid before {before}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Scores and records each file in turn, printing one line per file.
fn import(plugin: &Plugin, files: &[PathBuf], scoring: &Scoring) -> Result<ExitCode, String> {
    if scoring.history.is_none() {
        return Err("history import needs the history to record into: --history DB".into());
    }
    if scoring.no_record {
        return Err("history import records; --no-record would make it do nothing".into());
    }
    let policy = policy_for(plugin, &scoring.policy, scoring)?;
    let mut rejected = false;
    let keep = Keep {
        record: true,
        payouts: false,
    };
    for file in files {
        let (summary, used) =
            assess_file_noting(plugin, file, &policy, scoring, keep, |_| Ok(()), |_| Ok(()))?;
        let replaced = if used.is_some_and(|u| u.replaced) {
            ", replacing its earlier run"
        } else {
            ""
        };
        let recorded = summary.allow + summary.review + summary.block;
        println!(
            "{}: {recorded} payouts recorded on payroll {}{replaced} ({} rejected rows not recorded)",
            file.display(),
            scoring.payroll,
            summary.rejected
        );
        rejected |= summary.rejected + summary.file_checks > 0;
    }
    Ok(if rejected {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
