//! `payguard bench`: rows per second and peak memory for the rules
//! compiled natively, the same rules through the plugin on one thread and
//! on every thread, and end to end from a CSV file to NDJSON.

pub mod history;
pub mod synthetic;

use crate::error::Error;
use crate::input::{self, InputFormat, PayrollFile, Row};
use crate::model::Policy;
use crate::output::{ReportRow, Summary, json};
use crate::scoring::{Stages, WithoutPayouts};
use crate::{Limits, Plugin, native};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// What one figure measured.
#[derive(Debug, Clone)]
pub struct Figure {
    pub name: &'static str,
    pub rows: u64,
    pub threads: usize,
    pub elapsed: Duration,
    /// Peak resident memory during the run, when the system reports it.
    pub peak_bytes: Option<u64>,
    /// Reading and parsing rows, on the reading thread.
    pub read: Duration,
    /// Pass 1 (roster keys) and pass 2 (assessments), summed over threads.
    pub pass1: Duration,
    pub pass2: Duration,
    /// Writing NDJSON, on the reading thread (end to end only).
    pub render: Duration,
    /// Looking the history up (summed over threads), and recording the
    /// run; zero without a history.
    pub recall: Duration,
    pub record: Duration,
    /// CPU time of the whole process during the run, every thread.
    pub cpu: Duration,
    /// CPU time of reading, pass 1, pass 2 and rendering, each on the
    /// threads that ran it; the rest of `cpu` is the pipeline between them
    /// (chunking, queues, reordering, dropping rows) and the allocator's
    /// work for it.
    pub stage_cpu: [Duration; 4],
}

impl Figure {
    /// Rows scored per second.
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64()
    }
}

/// The four figures: native (one thread), plugin (one thread), plugin
/// (`threads`), and end to end from a CSV file of `file_rows` rows, which
/// is written to `dir` first and removed after.
pub fn run(
    plugin_bytes: &[u8],
    rows: u64,
    file_rows: u64,
    threads: usize,
    dir: &Path,
) -> Result<Vec<Figure>, Error> {
    let one = Limits {
        threads: 1,
        ..Limits::default()
    };
    let all = Limits { threads, ..one };
    let plugin_one = Plugin::from_bytes(plugin_bytes, one)?;
    let plugin_all = Plugin::from_bytes(plugin_bytes, all)?;
    let policy = plugin_one.default_policy()?;

    let mut csv = Vec::new();
    synthetic::write(&mut csv, rows, 1).expect("write to memory");
    let payroll: Vec<Row> = input::rows(csv.as_slice(), InputFormat::Csv)
        .expect("the synthetic header is a payroll header")
        .collect();
    drop(csv);
    // Report rows without payouts, as NDJSON needs them: the rows are not
    // copied whole into the report.
    let in_memory = WithoutPayouts(payroll.as_slice());

    let mut figures = Vec::new();
    figures.push(measure("native rules, 1 thread", rows, 1, |stages| {
        native::score_timed(&in_memory, &policy, &one, stages, |_| {})
            .map(|summary| (summary, Rendering::default()))
    })?);
    figures.push(measure("plugin, 1 thread", rows, 1, |stages| {
        plugin_one
            .score_timed(&in_memory, &policy, stages, |_| {})
            .map(|summary| (summary, Rendering::default()))
    })?);
    figures.push(measure("plugin, all threads", rows, threads, |stages| {
        plugin_all
            .score_timed(&in_memory, &policy, stages, |_| {})
            .map(|summary| (summary, Rendering::default()))
    })?);
    drop(payroll);

    let path = dir.join(format!("payguard-bench-{}.csv", std::process::id()));
    let written = write_file(&path, file_rows);
    let end_to_end = written.and_then(|()| {
        measure(
            "CSV file to NDJSON, all threads",
            file_rows,
            threads,
            |stages| end_to_end(&plugin_all, &path, &policy, stages),
        )
    });
    let _ = std::fs::remove_file(&path);
    figures.push(end_to_end?);
    Ok(figures)
}

fn write_file(path: &Path, rows: u64) -> Result<(), Error> {
    let io = |source| {
        Error::Input(input::InputError::Io {
            path: path.into(),
            source,
        })
    };
    let mut out = BufWriter::new(std::fs::File::create(path).map_err(io)?);
    synthetic::write(&mut out, rows, 2).map_err(io)?;
    out.flush().map_err(io)
}

/// What `payguard score FILE --format ndjson > /dev/null` does, in process:
/// a report without payouts, as NDJSON needs none, so that pass 2 reads
/// again only the rows it judges; the time spent writing NDJSON is the
/// render time.
fn end_to_end(
    plugin: &Plugin,
    path: &Path,
    policy: &Policy,
    stages: &Stages,
) -> Result<(Summary, Rendering), Error> {
    let file = PayrollFile::open(path)?;
    let source = WithoutPayouts(&file);
    let mut out = Vec::new();
    let mut render = Rendering::default();
    let summary =
        plugin.score_timed(&source, policy, stages, |row| render.write(&mut out, &row))?;
    Ok((summary, render))
}

/// Time spent writing report rows, wall and CPU (one thread).
#[derive(Debug, Default, Clone, Copy)]
struct Rendering {
    wall: Duration,
    cpu: Duration,
}

impl Rendering {
    /// Writes `row` to `out` as an NDJSON line, as `payguard score` does
    /// (appended to a buffer written out past `FLUSH_AT`), adding the time
    /// it took.
    /// Its CPU time is its wall time: the writing thread only renders
    /// here, and reading the thread's CPU clock is a system call (0.4 µs)
    /// that, twice per row, cost more than the rendering it timed and
    /// made the figure half a second per million rows slower than the
    /// command it stands for.
    fn write(&mut self, out: &mut Vec<u8>, row: &ReportRow) {
        let start = Instant::now();
        json::write_line(out, row);
        if out.len() >= crate::output::FLUSH_AT {
            std::io::sink()
                .write_all(out)
                .expect("the sink takes everything");
            out.clear();
        }
        let spent = start.elapsed();
        self.wall += spent;
        self.cpu += spent;
    }
}

/// Runs `run` (giving its summary and render time) as the figure `name`.
fn measure(
    name: &'static str,
    rows: u64,
    threads: usize,
    run: impl FnOnce(&Stages) -> Result<(Summary, Rendering), Error>,
) -> Result<Figure, Error> {
    reset_peak();
    let stages = Stages::default();
    let (start, cpu) = (Instant::now(), crate::cpu::process());
    let (summary, render) = run(&stages)?;
    let elapsed = start.elapsed();
    let cpu = crate::cpu::process().saturating_sub(cpu);
    let [read, pass1, pass2] = stages.cpu();
    assert_eq!(summary.read as u64, rows, "every row scored");
    Ok(Figure {
        name,
        rows,
        threads,
        elapsed,
        peak_bytes: peak(),
        read: stages.read(),
        pass1: stages.pass1(),
        pass2: stages.pass2(),
        render: render.wall,
        recall: stages.recall(),
        record: stages.record(),
        cpu,
        stage_cpu: [read, pass1, pass2, render.cpu],
    })
}

/// Resets the kernel's peak-RSS mark (Linux), so each figure reports its
/// own peak. Elsewhere the peak is the process's so far.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident set size (VmHWM), where /proc says it.
fn peak() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
