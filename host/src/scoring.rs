//! Scoring a payroll of any size: two passes over a source that can be read
//! twice, chunk after chunk on every worker thread, results in input order.
//!
//! Pass 1 asks the plugin for each payout's roster keys, which it notes
//! compactly, and its provisional outcome, which it keeps (`provisional`);
//! the ids of the rows that share a key or an id with another are taken
//! from what pass 1 kept of a file's rows (`kept_ids`), else read a second
//! time; pass 2 scores each payout with peer groups (or a history) again
//! with them, and keeps the rest's provisional outcome (for a CSV file and
//! a report without payouts, reading only the records it judges again).
//! Memory is the notes (16 bytes per key, freed after pass 1), 8 bytes
//! per note of a shared key, the employees of each shared key by hash, 8
//! bytes per row of provisional outcomes plus their budget for findings,
//! a file's kept ids within half that budget, and the chunks in flight:
//! never the file.

use crate::error::Error;
use crate::history::{self, History, LentReader, Plan, Reader, Recaller, Recorded};
use crate::input::{PayrollFile, Row};
use crate::kept_ids::{ChunkIds, IdsBudget, KeptIds, ids};
use crate::model::{
    Date, EarlierDestination, KeyKind, Outcome, Payout, Policy, RosterKey, RowError,
};
use crate::output::{ReportRow, Summary};
use crate::plugin::Limits;
use crate::plugin::{Keyed, Plugin, Session};
use crate::provisional::{Budget, Kept};
use crate::roster::{Notes, Peers, Resolver, Roster, SharedKey, employee_hash, key_kind};
use crate::workers;
use bit_set::BitSet;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Payroll rows that can be read from the start more than once, in the
/// same order each time.
pub trait RowSource: Sync {
    /// The rows from the first, in chunks of `size` (the last may be
    /// shorter), each with the index of its first row.
    fn chunks(&self, size: usize) -> Result<Chunks<'_>, Error>;

    /// The rows at the indices `wanted` (ascending), read again, with
    /// their indices.
    fn rows_at(&self, wanted: Vec<u32>) -> Result<Picked<'_>, Error>;

    /// Whether report rows carry the payout read (the default).
    fn reports_payouts(&self) -> bool {
        true
    }

    /// The payroll file the rows are read from, when they are (none by
    /// default). Scoring then keeps each row's line, ids and name within
    /// the run's budget, so that the rows sharing a key are not read again
    /// between the passes, and a report without payouts reads again only
    /// the rows pass 2 judges: a file's reading splits every record up to
    /// the last row wanted, and for a CSV file, the place kept of each
    /// record lets pass 2 read it alone. Rows in memory are picked at no
    /// cost.
    fn file(&self) -> Option<&PayrollFile> {
        None
    }
}

/// Rows picked by index: read again from a file, or borrowed from memory.
pub type Picked<'a> = Box<dyn Iterator<Item = (u32, Cow<'a, Row>)> + Send + 'a>;

/// Chunks of rows: read from a file, or borrowed from memory.
pub type Chunks<'a> = Box<dyn Iterator<Item = Result<(u32, Cow<'a, [Row]>), Error>> + Send + 'a>;

impl RowSource for PayrollFile {
    fn chunks(&self, size: usize) -> Result<Chunks<'_>, Error> {
        Ok(unplaced(chunked(self.rows()?.map(|row| (row, None)), size)))
    }

    fn file(&self) -> Option<&PayrollFile> {
        Some(self)
    }

    fn rows_at(&self, wanted: Vec<u32>) -> Result<Picked<'_>, Error> {
        Ok(Box::new(
            self.reread(wanted)?.map(|(i, row)| (i, Cow::Owned(row))),
        ))
    }
}

impl RowSource for [Row] {
    fn chunks(&self, size: usize) -> Result<Chunks<'_>, Error> {
        if u32::try_from(self.len()).is_err() {
            return Err(Error::TooManyRows);
        }
        Ok(Box::new(self.chunks(size).enumerate().map(
            move |(i, rows)| {
                // Fits: the whole slice is numbered by u32, checked above.
                let first = (i * size) as u32;
                Ok((first, Cow::Borrowed(rows)))
            },
        )))
    }

    fn rows_at(&self, wanted: Vec<u32>) -> Result<Picked<'_>, Error> {
        Ok(Box::new(wanted.into_iter().filter_map(move |i| {
            Some((i, Cow::Borrowed(self.get(i as usize)?)))
        })))
    }
}

/// A source whose report rows carry no payout
/// ([`ReportRow::payout`] is none), for reports that show ids, decisions
/// and findings only (NDJSON, CSV, a table): rows in memory are then not
/// copied whole into the report, and the second reading of a CSV file
/// ([`PayrollFile`]) makes the rows whose outcome pass 1 kept (most of
/// them) from their kept line and ids, reading only the other records
/// again (or, past the ids' budget, decodes only those rows' line and ids).
pub struct WithoutPayouts<'a, S: ?Sized>(pub &'a S);

impl<S: RowSource + ?Sized> RowSource for WithoutPayouts<'_, S> {
    fn chunks(&self, size: usize) -> Result<Chunks<'_>, Error> {
        self.0.chunks(size)
    }

    fn rows_at(&self, wanted: Vec<u32>) -> Result<Picked<'_>, Error> {
        self.0.rows_at(wanted)
    }

    fn reports_payouts(&self) -> bool {
        false
    }

    fn file(&self) -> Option<&PayrollFile> {
        self.0.file()
    }
}

/// Where a run's time went, for `payguard bench`: each stage's wall time
/// and CPU time, summed over the threads that ran it.
#[derive(Debug, Default)]
pub struct Stages {
    read: Clock,
    pass1: Clock,
    pass2: Clock,
    recall: Clock,
    record: Clock,
}

/// One stage's wall and CPU nanoseconds.
#[derive(Debug, Default)]
struct Clock {
    wall: AtomicU64,
    cpu: AtomicU64,
}

impl Clock {
    fn wall(&self) -> Duration {
        Duration::from_nanos(self.wall.load(Ordering::Relaxed))
    }

    fn cpu(&self) -> Duration {
        Duration::from_nanos(self.cpu.load(Ordering::Relaxed))
    }
}

impl Stages {
    /// Reading and parsing rows, every reading of the file (one thread).
    pub fn read(&self) -> Duration {
        self.read.wall()
    }

    /// Pass 1 calls (roster keys), summed over the workers.
    pub fn pass1(&self) -> Duration {
        self.pass1.wall()
    }

    /// Pass 2 calls (assessments), summed over the workers.
    pub fn pass2(&self) -> Duration {
        self.pass2.wall()
    }

    /// Looking the history up for each payout, summed over the workers.
    pub fn recall(&self) -> Duration {
        self.recall.wall()
    }

    /// Recording the run in the history (one transaction).
    pub fn record(&self) -> Duration {
        self.record.wall()
    }

    /// CPU time of reading, pass 1 and pass 2, in that order.
    pub fn cpu(&self) -> [Duration; 3] {
        [self.read.cpu(), self.pass1.cpu(), self.pass2.cpu()]
    }

    /// Runs `f`, adding its wall and CPU time to `stage`: for a stage
    /// timed per chunk, as reading a thread's CPU clock is a system call
    /// (about 0.4 µs here).
    fn time<T>(stage: &Clock, f: impl FnOnce() -> T) -> T {
        let cpu = crate::cpu::thread();
        let out = Stages::time_wall(stage, f);
        stage.cpu.fetch_add(
            nanos(crate::cpu::thread().saturating_sub(cpu)),
            Ordering::Relaxed,
        );
        out
    }

    /// Runs `f`, adding its wall time to `stage`: for a stage timed per
    /// payout (the history's look-ups), whose CPU time is not reported.
    fn time_wall<T>(stage: &Clock, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        stage
            .wall
            .fetch_add(nanos(start.elapsed()), Ordering::Relaxed);
        out
    }

    /// `chunks`, with the time each takes to read added to `read`.
    fn timed<'a, T: 'a>(
        &'a self,
        mut chunks: Box<dyn Iterator<Item = T> + Send + 'a>,
    ) -> Box<dyn Iterator<Item = T> + Send + 'a> {
        Box::new(std::iter::from_fn(move || {
            Stages::time(&self.read, || chunks.next())
        }))
    }
}

/// `d` in nanoseconds, saturating.
fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// One payout as pass 2 sends it: with its peer groups and its
/// employee's earlier destinations (from a history; else none).
#[derive(Debug)]
pub(crate) struct Item<'a> {
    pub payout: &'a Payout,
    pub peers: Vec<Peers<'a>>,
    pub history: Vec<EarlierDestination>,
}

/// What scores chunks: the sandboxed plugin, or the same rules compiled
/// natively (the benchmark's baseline).
pub(crate) trait Backend {
    /// Pass 1: each payout's roster keys and provisional outcome (judged
    /// with no peer group and no history), in order.
    fn keys_and_provisional(&mut self, payouts: &[&Payout]) -> Result<Keyed, Error>;
    /// Pass 2: one outcome per payout, in order.
    fn assess(&mut self, items: &[Item<'_>]) -> Result<Vec<Outcome>, Error>;
}

impl Backend for Session<'_> {
    fn keys_and_provisional(&mut self, payouts: &[&Payout]) -> Result<Keyed, Error> {
        Session::keys_and_provisional(self, payouts)
    }

    fn assess(&mut self, items: &[Item<'_>]) -> Result<Vec<Outcome>, Error> {
        Session::assess(self, items)
    }
}

/// A run scored against a history: what pass 2 looks up for each payout
/// and, when recording, what it keeps of each.
pub(crate) struct Recalling<'h> {
    pub history: Recaller,
    pub plan: &'h Plan,
    /// The day of a payout without a pay date: the policy's as-of day,
    /// else today.
    pub fallback_day: Date,
    pub record: bool,
}

impl<'h> Recalling<'h> {
    /// Recalling from `history` for `plan`, under `policy`'s as-of day.
    pub(crate) fn new(
        history: &History,
        plan: &'h Plan,
        policy: &Policy,
        record: bool,
    ) -> Recalling<'h> {
        Recalling {
            record,
            ..Recalling::with(history.recaller(), plan, policy)
        }
    }

    /// Recalling through `history`, recording nothing.
    pub(crate) fn with(history: Recaller, plan: &'h Plan, policy: &Policy) -> Recalling<'h> {
        Recalling {
            history,
            plan,
            fallback_day: policy.as_of.unwrap_or_else(today),
            record: false,
        }
    }
}

/// The history's part in one run: the recalling, each row's keys and, for
/// a large run, what was looked up in bulk between the passes.
struct Recall<'h> {
    with: Recalling<'h>,
    /// The row of each of `keys`, in row order.
    rows: Vec<u32>,
    /// Every roster key of pass 1 as the history knows it: its kind and
    /// keyed digest, made once here for the look-up and the recording (an
    /// HMAC each; a large run's made each up to four times before).
    keys: Vec<(KeyKind, i64)>,
    preloaded: Option<history::Preloaded>,
}

impl<'h> Recall<'h> {
    /// The recalling `with`, for the roster keys `notes` holds.
    fn new(with: Recalling<'h>, notes: &Notes) -> Recall<'h> {
        let (rows, keys) = notes
            .row_keys()
            .into_iter()
            .filter_map(|(row, key)| Some((row, (key_kind(key)?, with.history.digest(key)))))
            .unzip();
        Recall {
            with,
            rows,
            keys,
            preloaded: None,
        }
    }

    /// The roster keys of `row`: their kinds and keyed digests.
    fn keys_of(&self, row: u32) -> &[(KeyKind, i64)] {
        let from = self.rows.partition_point(|&r| r < row);
        let to = from + self.rows[from..].partition_point(|&r| r == row);
        &self.keys[from..to]
    }

    /// The day `payout` is judged and recorded on, in days since 1970.
    fn day(&self, payout: &Payout) -> i64 {
        payout.pay_date.unwrap_or(self.with.fallback_day).days()
    }
}

impl Plugin {
    /// Scores every row of `source` under `policy` and hands each report
    /// row to `emit` in input order, rejected rows included: a row the
    /// reader refused, and a payout id an earlier row already has. Returns
    /// the counts.
    pub fn score(
        &self,
        source: &(impl RowSource + ?Sized),
        policy: &Policy,
        emit: impl FnMut(ReportRow),
    ) -> Result<Summary, Error> {
        self.score_timed(source, policy, &Stages::default(), emit)
    }

    /// [`Plugin::score`], adding the time of each stage to `stages`.
    pub fn score_timed(
        &self,
        source: &(impl RowSource + ?Sized),
        policy: &Policy,
        stages: &Stages,
        emit: impl FnMut(ReportRow),
    ) -> Result<Summary, Error> {
        run(
            source,
            || self.session(policy),
            self.limits(),
            stages,
            None,
            emit,
        )
        .map(|(summary, _)| summary)
    }

    /// [`Plugin::score`] against a history: each payout is judged with
    /// what the runs recorded before `plan`'s hold (other employees'
    /// payouts to its keys, its employee's earlier destinations), then,
    /// when `record` is set, the run's scored payouts are recorded in one
    /// transaction, replacing the run of the same payroll and file.
    pub fn score_against(
        &self,
        source: &(impl RowSource + ?Sized),
        policy: &Policy,
        history: &mut History,
        plan: &Plan,
        record: bool,
        emit: impl FnMut(ReportRow),
    ) -> Result<Summary, Error> {
        let stages = Stages::default();
        self.score_against_timed(source, policy, history, plan, record, &stages, emit)
    }

    /// [`Plugin::score_against`], adding the time of each stage to
    /// `stages` (looking up and recording have stages of their own).
    #[allow(clippy::too_many_arguments)]
    pub fn score_against_timed(
        &self,
        source: &(impl RowSource + ?Sized),
        policy: &Policy,
        history: &mut History,
        plan: &Plan,
        record: bool,
        stages: &Stages,
        emit: impl FnMut(ReportRow),
    ) -> Result<Summary, Error> {
        let against = Against {
            history,
            plan,
            policy,
            record,
        };
        run_against(
            source,
            || self.session(policy),
            self.limits(),
            stages,
            against,
            emit,
        )
    }

    /// Scores payouts already in memory: one outcome each, in order. A
    /// payout id given twice is rejected the second time.
    pub fn assess(&self, payouts: &[Payout], policy: &Policy) -> Result<Vec<Outcome>, Error> {
        let rows: Vec<Row> = (1..)
            .zip(payouts)
            .map(|(line, payout)| Row {
                line,
                employee_id: Some(payout.employee_id.clone()),
                employee_name: Some(payout.employee_name.clone()),
                payout: Ok(Box::new(payout.clone())),
                file_findings: Vec::new(),
            })
            .collect();
        let mut outcomes = Vec::with_capacity(payouts.len());
        self.score(rows.as_slice(), policy, |row| outcomes.push(row.outcome))?;
        Ok(outcomes)
    }
}

/// For engines that aggregate the roster themselves, as Spark does with
/// SQL over pass 1's keys: the two passes one at a time, on rows in memory.
impl Plugin {
    /// Pass 1 alone: each row's roster keys, in order; none for a row the
    /// reader rejected, or one the plugin failed on (pass 2 rejects it,
    /// saying why). Keys depend on the payout only, not on the policy's
    /// settings; `policy` is what the plugin's scorer is made with.
    pub fn roster_keys(&self, rows: &[Row], policy: &Policy) -> Result<Vec<Vec<RosterKey>>, Error> {
        let start = || self.session(policy);
        let recovery = Recovery {
            start: &start,
            failed: AtomicUsize::new(0),
            limit: self.limits().failed_payouts,
        };
        let mut session = start()?;
        let readable: Vec<(usize, &Payout)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.payout.as_deref().ok()?)))
            .collect();
        let mut out: Vec<Vec<RosterKey>> = rows.iter().map(|_| Vec::new()).collect();
        for chunk in readable.chunks(self.limits().chunk_size.max(1)) {
            let payouts: Vec<&Payout> = chunk.iter().map(|(_, p)| *p).collect();
            let keys: Vec<Vec<RosterKey>> = match session.roster_keys(&payouts) {
                Ok(keys) => keys,
                Err(failure) => recovery
                    .one_by_one(&mut session, failure, &payouts, |b, p| {
                        Ok(b.roster_keys(&[*p])?.pop().unwrap_or_default())
                    })?
                    .into_iter()
                    .map(Result::unwrap_or_default)
                    .collect(),
            };
            for ((i, _), keys) in chunk.iter().zip(keys) {
                out[*i] = keys;
            }
        }
        Ok(out)
    }

    /// Pass 2 alone: scores `rows`, row `i` with `given[i]`, its share of
    /// the roster: the line of an earlier row whose payout id it repeats
    /// (it is then rejected, as a run rejects it), and the keys it shares
    /// with other employees. Hands each report row to `emit` in order.
    pub fn assess_rows(
        &self,
        rows: &[Row],
        given: Vec<(Option<u64>, Vec<SharedKey>)>,
        policy: &Policy,
        emit: impl FnMut(ReportRow),
    ) -> Result<Summary, Error> {
        if given.len() != rows.len() {
            return Err(Error::Contract(format!(
                "{} rows came with the roster of {}",
                rows.len(),
                given.len()
            )));
        }
        let roster = Roster::given(
            (0_u32..)
                .zip(given)
                .map(|(row, (duplicate_of, shared))| (row, duplicate_of, shared)),
        );
        let start = || self.session(policy);
        let recovery = Recovery {
            start: &start,
            failed: AtomicUsize::new(0),
            limit: self.limits().failed_payouts,
        };
        pass2(
            RowSource::chunks(rows, self.limits().chunk_size.max(1))?,
            &start,
            &recovery,
            self.limits().threads.max(1),
            &Stages::default(),
            &roster,
            Report {
                failed: &BTreeMap::new(),
                provisional: &Provisional::default(),
                ids_only: &BitSet::new(),
                payouts: true,
            },
            None,
            emit,
        )
        .map(|(summary, _)| summary)
    }
}

/// A run against a history: which history, how, and whether to record it.
pub(crate) struct Against<'a> {
    pub history: &'a mut History,
    pub plan: &'a Plan,
    pub policy: &'a Policy,
    pub record: bool,
}

/// [`run`] against a history, then the run recorded in one transaction
/// when `against.record` is set.
pub(crate) fn run_against<B: Backend>(
    source: &(impl RowSource + ?Sized),
    start: impl Fn() -> Result<B, Error> + Sync,
    limits: &Limits,
    stages: &Stages,
    against: Against<'_>,
    emit: impl FnMut(ReportRow),
) -> Result<Summary, Error> {
    let Against {
        history,
        plan,
        policy,
        record,
    } = against;
    let recalling = Recalling::new(history, plan, policy, record);
    let (summary, recorded) = run(source, start, limits, stages, Some(recalling), emit)?;
    if record {
        Stages::time_wall(&stages.record, || history.record(plan, &recorded))?;
    }
    Ok(summary)
}

/// Today (UTC), the day of a payout with neither a pay date nor an as-of.
fn today() -> Date {
    history::date_of(chrono::Utc::now().timestamp().div_euclid(86_400))
}

/// Scores `source` with a backend per worker, made by `start`, against a
/// history when `recalling`; returns the counts and what to record.
pub(crate) fn run<B: Backend>(
    source: &(impl RowSource + ?Sized),
    start: impl Fn() -> Result<B, Error> + Sync,
    limits: &Limits,
    stages: &Stages,
    recalling: Option<Recalling<'_>>,
    emit: impl FnMut(ReportRow),
) -> Result<(Summary, Vec<Recorded>), Error> {
    let (threads, chunk_size) = (limits.threads.max(1), limits.chunk_size.max(1));
    let file = source.file();
    let chunks: Box<dyn Iterator<Item = Result<PlacedChunk<'_>, Error>> + Send> = match file {
        Some(file) => Box::new(chunked(file.placed_rows()?, chunk_size)),
        None => Box::new(
            source
                .chunks(chunk_size)?
                .map(|c| c.map(|(first, rows)| (first, rows, Vec::new()))),
        ),
    };
    let recovery = Recovery {
        start: &start,
        failed: AtomicUsize::new(0),
        limit: limits.failed_payouts,
    };
    let mut notes = Notes::default();
    let mut failed = BTreeMap::new();
    let mut rows_read = 0_u64;
    let mut captured = Vec::new();
    let mut provisional = Provisional::default();
    let budget = Budget::new(limits.provisional_bytes);
    let ids_budget = file.map(|_| IdsBudget::new(limits.provisional_bytes / 2));
    let pass1 = Pass1 {
        recovery: &recovery,
        stages,
        capture: recalling.as_ref().map(|r| r.fallback_day),
        budget: &budget,
        ids: ids_budget.as_ref(),
    };
    let mut kept_ids = KeptIds::default();
    workers::ordered(
        threads,
        &start,
        stages.timed(chunks),
        |backend, chunk| pass1.note(backend, chunk),
        |mut noted: NotedChunk| {
            notes.append(&mut noted.notes);
            failed.append(&mut noted.failed);
            captured.append(&mut noted.captured);
            provisional.0.push((noted.first, Mutex::new(noted.kept)));
            if let Some(ids_budget) = &ids_budget {
                kept_ids.push(noted.ids, ids_budget);
            }
            rows_read += noted.rows;
            // Freed here, by the thread that read them: mimalloc frees a
            // block locally on its own thread, but through an atomic list
            // and a later collection on any other (measured on a million
            // rows: CPU -2 to -4 %).
            drop(noted.spent);
            Ok(())
        },
    )?;

    let mut recall =
        recalling.map(|with| Stages::time_wall(&stages.recall, || Recall::new(with, &notes)));
    // A large run is looked up in one sweep, in key order.
    if let Some(recall) = recall.as_mut()
        && rows_read >= limits.history_bulk_rows
    {
        let wanted: Vec<history::Wanted<'_>> = captured
            .iter()
            .map(|(row, employee, day)| history::Wanted {
                employee,
                day: *day,
                keys: recall.keys_of(*row),
            })
            .collect();
        let mut readers = (0..threads)
            .map(|_| recall.with.history.reader())
            .collect::<Result<Vec<_>, _>>()?;
        let found = Stages::time_wall(&stages.recall, || {
            Reader::preload(&mut readers, recall.with.plan, &wanted)
        })?;
        recall.preloaded = Some(found);
    }
    drop(captured);
    let mut resolver = notes.resolver(threads);
    if resolver.next_row().is_some() {
        Stages::time(&stages.read, || {
            read_shared(source, &mut resolver, &kept_ids)
        })?;
    }
    let roster = resolver.finish();
    let payouts = source.reports_payouts();
    // A report without payouts needs only the ids of a row whose outcome
    // is final: kept by pass 1, with no roster and no history to judge.
    let ids_only = match (&recall, payouts) {
        (None, false) => provisional.final_rows(&roster),
        _ => BitSet::new(),
    };
    // Those of a CSV file are made from what pass 1 kept of them, and only
    // the other records are read again; else what was kept is freed now.
    let kept_ids = (kept_ids.placed() && !ids_only.is_empty()).then_some(kept_ids);
    let report_chunks = match (file, &kept_ids) {
        (Some(file), Some(kept)) => {
            let count = u32::try_from(rows_read).map_err(|_| Error::TooManyRows)?;
            let rows = file.report_rows_kept(&ids_only, kept, count)?;
            unplaced(chunked(rows.map(|row| (row, None)), chunk_size))
        }
        (Some(file), None) => unplaced(chunked(
            file.report_rows(&ids_only)?.map(|row| (row, None)),
            chunk_size,
        )),
        (None, _) => source.chunks(chunk_size)?,
    };
    let report_chunks = stages.timed(report_chunks);
    let (summary, recorded) = pass2(
        report_chunks,
        &start,
        &recovery,
        threads,
        stages,
        &roster,
        Report {
            failed: &failed,
            provisional: &provisional,
            ids_only: &ids_only,
            payouts,
        },
        recall.as_ref(),
        emit,
    )?;
    if summary.read as u64 != rows_read {
        return Err(Error::Changed {
            first: rows_read,
            second: summary.read as u64,
        });
    }
    Ok((summary, recorded))
}

/// Pass 2 over `chunks` on `threads` workers: every row's report row to
/// `emit`, in order, each payout judged with its share of `roster` and,
/// with `recall`, of the history; returns what to record.
#[allow(clippy::too_many_arguments)]
fn pass2<B: Backend, S: Fn() -> Result<B, Error> + Sync>(
    chunks: Chunks<'_>,
    start: &S,
    recovery: &Recovery<'_, S>,
    threads: usize,
    stages: &Stages,
    roster: &Roster,
    report: Report<'_>,
    recall: Option<&Recall<'_>>,
    mut emit: impl FnMut(ReportRow),
) -> Result<(Summary, Vec<Recorded>), Error> {
    let mut summary = Summary::default();
    let mut recorded = Vec::new();
    // Each worker gets its own connection to the history.
    let start_worker = || -> Result<(B, Option<LentReader<'_>>), Error> {
        let reader = recall.map(|r| r.with.history.lend()).transpose()?;
        Ok((start()?, reader))
    };
    workers::ordered(
        threads,
        start_worker,
        chunks,
        |(backend, reader), (first, rows)| {
            let recalled = match (recall, reader.as_mut()) {
                (Some(recall), Some(reader)) => Some((recall, &mut **reader)),
                _ => None,
            };
            let mut kept = report.provisional.take(first);
            let judged = Judged {
                roster,
                failed: report.failed,
                kept: &mut kept,
                ids_only: report.ids_only,
                payouts: report.payouts,
            };
            assess_chunk(backend, recovery, stages, judged, recalled, first, rows)
        },
        |(report_rows, mut kept)| {
            for row in report_rows {
                summary.count(&row.outcome);
                emit(row);
            }
            recorded.append(&mut kept);
            Ok(())
        },
    )?;
    Ok((summary, recorded))
}

/// A chunk as pass 1 takes it: the index of its first row, its rows and,
/// when every row's is known, where each row's record starts in the file
/// (else none).
type PlacedChunk<'a> = (u32, Cow<'a, [Row]>, Vec<u64>);

/// Rows in owned chunks, each with the index of its first row and the
/// places of its rows when every one is known.
fn chunked<'a>(
    rows: impl Iterator<Item = (Row, Option<u64>)> + Send + 'a,
    size: usize,
) -> impl Iterator<Item = Result<PlacedChunk<'a>, Error>> + Send + 'a {
    let mut rows = rows.peekable();
    let mut next = 0_u64;
    std::iter::from_fn(move || {
        rows.peek()?;
        // Sized once: growing it would move the rows again at each
        // doubling. The places are sized only for rows that have them.
        let mut chunk: Vec<Row> = Vec::with_capacity(size);
        let mut places: Vec<u64> = Vec::new();
        for (row, place) in rows.by_ref().take(size) {
            chunk.push(row);
            if let Some(place) = place {
                if places.is_empty() {
                    places.reserve_exact(size);
                }
                places.push(place);
            }
        }
        if places.len() != chunk.len() {
            places = Vec::new();
        }
        let first = u32::try_from(next).map_err(|_| Error::TooManyRows);
        next += chunk.len() as u64;
        if next > u64::from(u32::MAX) {
            return Some(Err(Error::TooManyRows));
        }
        Some(first.map(|first| (first, Cow::Owned(chunk), places)))
    })
}

/// `chunks` without their places.
fn unplaced<'a>(
    chunks: impl Iterator<Item = Result<PlacedChunk<'a>, Error>> + Send + 'a,
) -> Chunks<'a> {
    Box::new(chunks.map(|c| c.map(|(first, rows, _)| (first, rows))))
}

/// The id a row goes by: its payout's, or the one its rejection names.
fn payout_id(row: &Row) -> &str {
    ids(row).0
}

/// What re-runs a chunk the plugin failed on, payout by payout.
struct Recovery<'a, S> {
    /// Makes a fresh backend: an instance that trapped cannot be entered
    /// again.
    start: &'a S,
    /// Payouts rejected so far in the run because the plugin failed.
    failed: AtomicUsize,
    limit: usize,
}

impl<S> Recovery<'_, S> {
    /// Calls `call` on each item alone, each failure in a fresh backend,
    /// after `failure` failed the whole chunk. An item the plugin fails on
    /// gets the reason it was not scored.
    fn one_by_one<B: Backend, T, R>(
        &self,
        backend: &mut B,
        failure: Error,
        items: &[T],
        call: impl Fn(&mut B, &T) -> Result<R, Error>,
    ) -> Result<Vec<Result<R, String>>, Error>
    where
        S: Fn() -> Result<B, Error>,
    {
        if !matches!(failure, Error::Plugin { .. }) {
            return Err(failure);
        }
        *backend = (self.start)()?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match call(backend, item) {
                Ok(result) => out.push(Ok(result)),
                Err(Error::Plugin { during, reason }) => {
                    let failed = self.failed.fetch_add(1, Ordering::Relaxed) + 1;
                    if failed > self.limit {
                        return Err(Error::Plugin {
                            during,
                            reason: format!(
                                "{reason} (it failed on {failed} payouts, more than the {} a run may reject: the plugin is at fault, not the payouts)",
                                self.limit
                            ),
                        });
                    }
                    out.push(Err(format!(
                        "the plugin failed on this payout while {during} ({reason}); it was not scored"
                    )));
                    *backend = (self.start)()?;
                }
                Err(other) => return Err(other),
            }
        }
        Ok(out)
    }
}

/// What pass 1 runs each chunk with.
struct Pass1<'a, S> {
    recovery: &'a Recovery<'a, S>,
    stages: &'a Stages,
    /// With a history: the day of a payout without a pay date, for the
    /// captured rows.
    capture: Option<Date>,
    budget: &'a Budget,
    /// What each chunk's line and ids are kept within, for the rows that
    /// share a key; none for a source that does not keep them.
    ids: Option<&'a IdsBudget>,
}

impl<S> Pass1<'_, S> {
    /// Pass 1 on one chunk: its payout ids and roster keys, noted, the
    /// rows the plugin failed on, with why, and the provisional outcomes.
    fn note<B: Backend>(
        &self,
        backend: &mut B,
        (first, rows, places): PlacedChunk<'_>,
    ) -> Result<NotedChunk, Error>
    where
        S: Fn() -> Result<B, Error>,
    {
        let mut notes = Notes::for_rows(rows.len());
        let mut readable: Vec<(u32, &Payout)> = Vec::with_capacity(rows.len());
        let mut captured = Vec::new();
        for (row, r) in (first..).zip(rows.iter()) {
            notes.payout_id(row, payout_id(r));
            if let Ok(payout) = &r.payout {
                readable.push((row, payout));
                if let Some(fallback) = self.capture {
                    let day = payout.pay_date.unwrap_or(fallback).days();
                    captured.push((row, payout.employee_id.clone(), day));
                }
            }
        }
        let payouts: Vec<&Payout> = readable.iter().map(|(_, p)| *p).collect();
        let keyed = Stages::time(&self.stages.pass1, || {
            backend.keys_and_provisional(&payouts)
        });
        let keyed: Vec<Result<(Vec<RosterKey>, Outcome), String>> = match keyed {
            Ok((keys, outcomes)) => keys.into_iter().zip(outcomes).map(Ok).collect(),
            Err(failure) => self
                .recovery
                .one_by_one(backend, failure, &payouts, |b, p| {
                    let (mut keys, mut outcomes) = b.keys_and_provisional(&[*p])?;
                    match (keys.pop(), outcomes.pop()) {
                        (Some(keys), Some(outcome)) => Ok((keys, outcome)),
                        _ => Err(Error::Contract(
                            "keys-and-provisional returned no result for a payout".into(),
                        )),
                    }
                })?,
        };
        let mut failed = BTreeMap::new();
        let mut kept = Kept::for_rows(rows.len());
        let mut keyed = readable.iter().zip(keyed).peekable();
        for row in (first..).take(rows.len()) {
            let Some((_, result)) = keyed.next_if(|((at, _), _)| *at == row) else {
                // Unreadable: the reader's rejection stands.
                kept.again();
                continue;
            };
            match result {
                Ok((keys, outcome)) => {
                    for key in &keys {
                        notes.key(row, key);
                    }
                    kept.push(outcome, self.budget);
                }
                Err(reason) => {
                    failed.insert(row, reason);
                    kept.again();
                }
            }
        }
        let ids = self
            .ids
            .and_then(|budget| budget.keep(first, &rows, &places));
        let count = rows.len() as u64;
        let spent = match rows {
            Cow::Owned(rows) => rows,
            Cow::Borrowed(_) => Vec::new(),
        };
        Ok(NotedChunk {
            first,
            notes,
            ids,
            spent,
            rows: count,
            failed,
            captured,
            kept,
        })
    }
}

/// A readable row's index, employee and day, kept from pass 1 for a
/// history's bulk look-up.
type Captured = (u32, String, i64);

/// What pass 1 gives of one chunk.
struct NotedChunk {
    /// The chunk's first row.
    first: u32,
    notes: Notes,
    /// Its rows' lines and ids, when kept.
    ids: Option<ChunkIds>,
    /// Its rows, when the source read them for the run, handed back to
    /// be freed by the thread that read them.
    spent: Vec<Row>,
    /// Its row count.
    rows: u64,
    /// The rows the plugin failed on, with why.
    failed: BTreeMap<u32, String>,
    /// Its readable rows, with a history.
    captured: Vec<Captured>,
    /// Its rows' provisional outcomes.
    kept: Kept,
}

/// What pass 2 reports each row with, besides its roster and history.
struct Report<'a> {
    /// The rows the plugin failed on in pass 1, with why.
    failed: &'a BTreeMap<u32, String>,
    provisional: &'a Provisional,
    /// The rows known by their line and ids alone, whose kept outcome is
    /// final (see [`WithoutPayouts`]).
    ids_only: &'a BitSet,
    /// Whether report rows carry their payout.
    payouts: bool,
}

/// Every chunk's provisional outcomes, by its first row, in order; pass 2
/// takes each chunk's as it scores it.
#[derive(Debug, Default)]
struct Provisional(Vec<(u32, Mutex<Kept>)>);

impl Provisional {
    /// The provisional outcomes of the chunk that starts at `first`; none
    /// kept (pass 2 judges every row) for a chunk pass 1 did not have.
    fn take(&self, first: u32) -> Kept {
        match self.0.binary_search_by_key(&first, |(at, _)| *at) {
            Ok(i) => std::mem::take(&mut *self.0[i].1.lock().unwrap_or_else(|p| p.into_inner())),
            Err(_) => Kept::default(),
        }
    }

    /// The rows whose kept outcome is final without a history: pass 1
    /// kept it and `roster` gives the row nothing to judge it with.
    fn final_rows(&self, roster: &Roster) -> BitSet {
        let mut rows = BitSet::new();
        for (first, kept) in &self.0 {
            let kept = kept.lock().unwrap_or_else(|p| p.into_inner());
            for at in kept.kept() {
                rows.insert(*first as usize + at);
            }
        }
        for row in roster.rows() {
            rows.remove(row as usize);
        }
        rows
    }
}

/// Gives the resolver the rows it needs, and only those: from the ids
/// pass 1 kept, else read again. A file that changed since pass 1 is
/// caught by pass 2, which counts the rows again.
fn read_shared(
    source: &(impl RowSource + ?Sized),
    resolver: &mut Resolver,
    kept: &KeptIds,
) -> Result<(), Error> {
    let wanted = resolver.wanted_rows();
    let missing: Vec<u32> = wanted
        .iter()
        .copied()
        .filter(|&row| kept.get(row).is_none())
        .collect();
    let mut read = match missing.is_empty() {
        true => None,
        false => Some(source.rows_at(missing)?.peekable()),
    };
    for row in wanted {
        if let Some(k) = kept.get(row) {
            resolver.add(row, k.line, k.payout_id, k.employee);
        } else if let Some((_, r)) = read
            .as_mut()
            .and_then(|read| read.next_if(|(at, _)| *at == row))
        {
            let (payout_id, employee) = ids(&r);
            resolver.add(row, r.line, payout_id, employee);
        }
    }
    Ok(())
}

/// What pass 2 judges one chunk's payouts with, besides the history.
struct Judged<'a> {
    roster: &'a Roster,
    /// The rows the plugin failed on in pass 1, with why.
    failed: &'a BTreeMap<u32, String>,
    /// The chunk's provisional outcomes from pass 1.
    kept: &'a mut Kept,
    /// The rows known by their line and ids alone, whose kept outcome is
    /// final.
    ids_only: &'a BitSet,
    /// Whether report rows carry their payout.
    payouts: bool,
}

/// Pass 2 on one chunk: every row's report row, in order, and what to
/// record of its scored payouts. A row the plugin failed on in pass 1 is
/// rejected with the reason; a payout with no peer group and no history
/// keeps its provisional outcome, when pass 1 kept it.
fn assess_chunk<B: Backend, S: Fn() -> Result<B, Error>>(
    backend: &mut B,
    recovery: &Recovery<'_, S>,
    stages: &Stages,
    judged: Judged<'_>,
    mut recalled: Option<(&Recall<'_>, &mut Reader)>,
    first: u32,
    rows: Cow<'_, [Row]>,
) -> Result<(Vec<ReportRow>, Vec<Recorded>), Error> {
    let Judged {
        roster,
        failed,
        kept,
        ids_only,
        payouts,
    } = judged;
    let rejected = |payout: &Payout, message: &str| RowError {
        payout_id: payout.payout_id.clone(),
        field: None,
        message: message.to_string(),
    };
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(rows.len());
    // Each row's destination as written, digested once for both the
    // look-up and the recording.
    let mut written: Vec<Option<i64>> = vec![None; rows.len()];
    let mut items = Vec::new();
    let mut slots = Vec::new();
    // The chunk's look-ups in one read of the history (ended on an error
    // by the look-up's return to its pool).
    if let Some((_, reader)) = recalled.as_mut() {
        reader.begin_read()?;
    }
    for (at, (row, r)) in (first..).zip(rows.iter()).enumerate() {
        if ids_only.contains(row as usize) {
            let kept = kept.take(at, payout_id(r));
            outcomes.push(Some(
                kept.expect("a row known by its ids alone has its outcome kept"),
            ));
            continue;
        }
        let outcome = match &r.payout {
            Err(error) => Some(Err(error.clone())),
            Ok(payout) => match roster.rejection(row, &payout.payout_id) {
                Some(error) => Some(Err(error)),
                None if failed.contains_key(&row) => Some(Err(rejected(payout, &failed[&row]))),
                None => {
                    let mut item = Item {
                        payout,
                        peers: roster.peers(row, &payout.employee_id),
                        history: Vec::new(),
                    };
                    if let Some((recall, reader)) = recalled.as_mut() {
                        written[at] = Some(recall.with.history.written(&payout.destination));
                        Stages::time_wall(&stages.recall, || {
                            remember(recall, reader, row, written[at], &mut item)
                        })?;
                    }
                    let alone = item.peers.is_empty() && item.history.is_empty();
                    match kept.take(at, &payout.payout_id).filter(|_| alone) {
                        Some(outcome) => Some(outcome),
                        None => {
                            slots.push(outcomes.len());
                            items.push(item);
                            None
                        }
                    }
                }
            },
        };
        outcomes.push(outcome);
    }
    if let Some((_, reader)) = recalled.as_mut() {
        reader.end_read()?;
    }
    // A chunk whose every payout kept its provisional outcome needs no call.
    let assessed: Vec<Outcome> = if items.is_empty() {
        Vec::new()
    } else {
        match Stages::time(&stages.pass2, || backend.assess(&items)) {
            Ok(assessed) => assessed,
            Err(failure) => recovery
                .one_by_one(backend, failure, &items, |b, item| {
                    let mut one = b.assess(std::slice::from_ref(item))?;
                    one.pop().ok_or_else(|| {
                        Error::Contract("assess returned no result for a payout".into())
                    })
                })?
                .into_iter()
                .zip(&items)
                .map(|(outcome, item)| outcome.unwrap_or_else(|m| Err(rejected(item.payout, &m))))
                .collect(),
        }
    };
    for (slot, outcome) in slots.iter().zip(assessed) {
        outcomes[*slot] = Some(outcome);
    }
    drop(items);
    let mut recorded = Vec::new();
    if let Some((recall, _)) = recalled.filter(|(r, _)| r.with.record) {
        let recall: &Recall<'_> = recall;
        for (at, (row, (r, outcome))) in (first..).zip(rows.iter().zip(&outcomes)).enumerate() {
            if let (Ok(payout), Some(Ok(assessment))) = (&r.payout, outcome) {
                let written =
                    written[at].unwrap_or_else(|| recall.with.history.written(&payout.destination));
                recorded.extend(record(recall, row, payout, written, assessment));
            }
        }
    }
    let outcomes = outcomes
        .into_iter()
        .map(|outcome| outcome.expect("every row has an outcome"));
    let report = match rows {
        // A file's chunks are owned: their rows move into the report.
        Cow::Owned(rows) => rows
            .into_iter()
            .zip(outcomes)
            .map(|(row, outcome)| report_row(row, outcome, payouts))
            .collect(),
        // Rows in memory are copied, without their payout when the report
        // carries none.
        Cow::Borrowed(rows) => rows
            .iter()
            .zip(outcomes)
            .map(|(r, mut outcome)| {
                if let Ok(assessment) = &mut outcome {
                    assessment.findings.extend(r.file_findings.iter().cloned());
                }
                ReportRow {
                    line: r.line,
                    payout_id: payout_id(r).to_string(),
                    employee_id: r.employee_id.clone(),
                    employee_name: r.employee_name.clone(),
                    outcome,
                    payout: r.payout.as_ref().ok().filter(|_| payouts).cloned(),
                }
            })
            .collect(),
    };
    Ok((report, recorded))
}

/// The report row of `row`, judged `outcome`; with its payout when
/// `payouts` is set.
fn report_row(mut row: Row, mut outcome: Outcome, payouts: bool) -> ReportRow {
    // What a bank file says against the roster, beside the rules'
    // findings; it carries no points.
    if let Ok(assessment) = &mut outcome {
        assessment.findings.append(&mut row.file_findings);
    }
    // The row's own id moves into the report unless its payout goes too.
    let (payout_id, payout) = match row.payout {
        Ok(payout) if payouts => (payout.payout_id.clone(), Some(payout)),
        Ok(payout) => (payout.payout_id, None),
        Err(error) => (error.payout_id, None),
    };
    ReportRow {
        line: row.line,
        payout_id,
        employee_id: row.employee_id,
        employee_name: row.employee_name,
        outcome,
        payout,
    }
}

/// Adds what the history holds for the payout of `row`, its destination
/// as written digested to `written`, to `item`: other employees' earlier
/// payouts to its keys (an employee of this run counted once), and its
/// employee's earlier destinations.
fn remember(
    recall: &Recall<'_>,
    reader: &mut Reader,
    row: u32,
    written: Option<i64>,
    item: &mut Item<'_>,
) -> Result<(), Error> {
    let plan = recall.with.plan;
    let payout = item.payout;
    let found = reader.recall(
        plan,
        &payout.employee_id,
        recall.day(payout),
        recall.keys_of(row),
        written,
        recall.preloaded.as_ref(),
    )?;
    for (kind, sightings) in found.others {
        let at = item.peers.iter().position(|p| p.kind == kind);
        let in_run: &[u64] = at.map_or(&[], |i| item.peers[i].hashes);
        // One of this run's employees, of this payroll, already counts.
        let new: Vec<_> = sightings
            .into_iter()
            .filter(|s| {
                !(history::same_payroll(plan, s)
                    && in_run.binary_search(&employee_hash(&s.employee)).is_ok())
            })
            .collect();
        if new.is_empty() {
            continue;
        }
        let added = u32::try_from(new.len()).unwrap_or(u32::MAX);
        let earlier = history::earlier_payouts(plan, &new);
        match at {
            Some(i) => {
                let group = &mut item.peers[i];
                group.employee_count = group.employee_count.saturating_add(added);
                group.earlier = earlier;
            }
            None => item.peers.push(Peers {
                kind,
                employee_count: added.saturating_add(1),
                employees: Vec::new(),
                payouts: Vec::new(),
                hashes: &[],
                earlier,
            }),
        }
    }
    item.history = found.destinations;
    Ok(())
}

/// What the history keeps of a scored payout: ids, day, the destination's
/// kind and country, and its keys digested under the secret.
fn record(
    recall: &Recall<'_>,
    row: u32,
    payout: &Payout,
    written: i64,
    assessment: &crate::model::Assessment,
) -> Option<Recorded> {
    let keys = recall.keys_of(row);
    // Every key of a kind: a holder written several ways has a key per way
    // (`Name::holder_keys`), an e-wallet's mailbox is a holder beside a
    // third-party one, and its registered number a phone beside the
    // employee's. A later run meets any one of them.
    let digests = |kind| {
        let mut all: Vec<i64> = keys
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|&(_, digest)| digest)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    Some(Recorded {
        employee: payout.employee_id.clone(),
        payout: payout.payout_id.clone(),
        day: recall.day(payout),
        profile: assessment.destination.clone()?,
        // A payout the rules could not key has nothing to remember.
        destination: *digests(KeyKind::Destination).first()?,
        holders: digests(KeyKind::AccountHolder),
        phones: digests(KeyKind::Phone),
        written: Some(written),
    })
}
