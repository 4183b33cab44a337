//! `payguard bench --history`: what remembering costs. A history of
//! `months` monthly runs of one synthetic payroll is recorded in SQLite
//! (or the PostgreSQL history given), then the next month is scored from
//! its CSV file without the history, against it, and against it while
//! recording it; and the history's size per recorded payout.

use super::{Figure, Rendering, end_to_end, measure, synthetic};
use crate::error::Error;
use crate::history::{self, History};
use crate::input::{self, PayrollFile};
use crate::model::Policy;
use crate::output::Summary;
use crate::scoring::{Stages, WithoutPayouts};
use crate::{Limits, Plugin};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What the history's benchmark measured.
#[derive(Debug, Clone)]
pub struct HistoryFigures {
    /// Where the history was kept.
    pub location: String,
    /// Rows per month, and months recorded before the measured one.
    pub rows: u64,
    pub months: u64,
    /// Time to score and record each earlier month.
    pub seeding: Vec<Duration>,
    /// Payouts recorded, and the history's size then.
    pub payouts: u64,
    pub bytes: u64,
    /// The next month: without the history, against it, and against it
    /// while recording it.
    pub without: Figure,
    pub against: Figure,
    pub recording: Figure,
}

impl HistoryFigures {
    /// The history's bytes per recorded payout.
    pub fn bytes_per_payout(&self) -> f64 {
        self.bytes as f64 / self.payouts.max(1) as f64
    }
}

/// Records `months` months of `rows` rows in a new history at `location`
/// (a SQLite file under `dir` when none), then measures the next month.
pub fn run(
    plugin_bytes: &[u8],
    rows: u64,
    months: u64,
    threads: usize,
    dir: &Path,
    location: Option<(&str, &Path)>,
) -> Result<HistoryFigures, Error> {
    let limits = Limits {
        threads,
        ..Limits::default()
    };
    let plugin = Plugin::from_bytes(plugin_bytes, limits)?;
    let policy = plugin.default_policy()?;
    let stem = dir.join(format!("payguard-bench-history-{}", std::process::id()));
    let db = PathBuf::from(format!("{}.db", stem.display()));
    let (where_, secret) = match location {
        Some((url, secret)) => (url.to_string(), Some(secret)),
        None => (db.display().to_string(), None),
    };
    let mut store = History::open(&where_, secret)?;
    let file = PathBuf::from(format!("{}.csv", stem.display()));
    let result = (|| {
        let mut seeding = Vec::new();
        for month in 1..=months {
            write_month(&file, rows, month, months)?;
            let start = Instant::now();
            score(
                &plugin,
                &file,
                &policy,
                &mut store,
                true,
                &Stages::default(),
            )?;
            seeding.push(start.elapsed());
            eprintln!(
                "payguard bench --history: month {month} of {months} recorded in {:.1} s",
                start.elapsed().as_secs_f64()
            );
        }
        let held = store.stats()?;
        write_month(&file, rows, months + 1, months)?;
        let without = measure("next month, no history", rows, threads, |stages| {
            end_to_end(&plugin, &file, &policy, stages)
        })?;
        let against = measure("next month, against the history", rows, threads, |stages| {
            score(&plugin, &file, &policy, &mut store, false, stages)
        })?;
        let recording = measure(
            "next month, against it and recorded",
            rows,
            threads,
            |stages| score(&plugin, &file, &policy, &mut store, true, stages),
        )?;
        Ok(HistoryFigures {
            location: store.location().to_string(),
            rows,
            months,
            seeding,
            payouts: held.payouts,
            bytes: held.bytes,
            without,
            against,
            recording,
        })
    })();
    let _ = std::fs::remove_file(&file);
    if location.is_none() {
        for suffix in ["", "-wal", "-shm", ".key"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    result
}

/// Month `month` of `months + 1`: paid on the 25th, a month apart, the
/// last on 2026-11-25.
fn write_month(path: &Path, rows: u64, month: u64, months: u64) -> Result<(), Error> {
    let io = |source| {
        Error::Input(input::InputError::Io {
            path: path.into(),
            source,
        })
    };
    let back = (months + 1 - month) as i64;
    let day = history::date_of(
        crate::model::Date {
            year: 2026,
            month: 11,
            day: 25,
        }
        .days()
            - back * 30,
    );
    let mut out = BufWriter::new(std::fs::File::create(path).map_err(io)?);
    synthetic::write_month(&mut out, rows, 2, month, &day.to_string()).map_err(io)?;
    out.flush().map_err(io)
}

/// `payguard score FILE --history DB --format ndjson > /dev/null`, in
/// process: the file against the history, recorded when `record`, for a
/// report without payouts as NDJSON is.
fn score(
    plugin: &Plugin,
    path: &Path,
    policy: &Policy,
    store: &mut History,
    record: bool,
    stages: &Stages,
) -> Result<(Summary, Rendering), Error> {
    let file = PayrollFile::open(path)?;
    let source = WithoutPayouts(&file);
    let plan = store.plan(
        history::DEFAULT_PAYROLL,
        history::file_sha256(path)?,
        policy,
    )?;
    let mut out = Vec::new();
    let mut render = Rendering::default();
    let summary =
        plugin.score_against_timed(&source, policy, store, &plan, record, stages, |row| {
            render.write(&mut out, &row)
        })?;
    Ok((summary, render))
}
