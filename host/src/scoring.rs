//! Scoring a payroll of any size: two passes over a source that can be read
//! twice, chunk after chunk on every worker thread, results in input order.
//!
//! Pass 1 asks the plugin for each payout's roster keys and notes them
//! compactly; the rows that share a key or an id with another are read a
//! second time for their ids; pass 2 scores each payout with its peer
//! groups. Memory is the notes (16 bytes per key) plus the chunks in
//! flight, never the file.

use crate::error::Error;
use crate::input::{PayrollFile, Row, Rows};
use crate::model::{Outcome, Payout, Policy};
use crate::output::{ReportRow, Summary};
use crate::plugin::{Plugin, Session};
use crate::roster::{Notes, RowIds};
use crate::workers;
use std::collections::HashMap;

/// Payroll rows that can be read from the start more than once, in the
/// same order each time.
pub trait RowSource: Sync {
    /// The rows, from the first.
    fn rows(&self) -> Result<Rows<'_>, Error>;
}

impl RowSource for PayrollFile {
    fn rows(&self) -> Result<Rows<'_>, Error> {
        Ok(PayrollFile::rows(self)?)
    }
}

impl RowSource for [Row] {
    fn rows(&self) -> Result<Rows<'_>, Error> {
        Ok(Box::new(self.iter().cloned()))
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
        mut emit: impl FnMut(ReportRow),
    ) -> Result<Summary, Error> {
        let threads = self.limits().threads.max(1);
        let chunk_size = self.limits().chunk_size.max(1);
        let start = || self.session(policy);

        let mut notes = Notes::default();
        let mut rows_read = 0_u64;
        workers::ordered(
            threads,
            start,
            chunks(source.rows()?, chunk_size),
            note_keys,
            |(mut chunk_notes, rows)| {
                notes.append(&mut chunk_notes);
                rows_read += rows;
                Ok(())
            },
        )?;

        let candidates = notes.candidates();
        let ids = match candidates.last() {
            Some(_) => ids_of(source.rows()?, &candidates),
            None => HashMap::new(),
        };
        let roster = notes.resolve(&ids);
        drop(ids);

        let mut summary = Summary::default();
        workers::ordered(
            threads,
            start,
            chunks(source.rows()?, chunk_size),
            |session, (first, rows)| assess_chunk(session, &roster, first, rows),
            |report_rows| {
                for row in report_rows {
                    summary.count(&row.outcome);
                    emit(row);
                }
                Ok(())
            },
        )?;
        if summary.read as u64 != rows_read {
            return Err(Error::Contract(format!(
                "the payroll gave {rows_read} rows in pass 1 and {} in pass 2; was it changed?",
                summary.read
            )));
        }
        Ok(summary)
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
                payout: Ok(payout.clone()),
            })
            .collect();
        let mut outcomes = Vec::with_capacity(payouts.len());
        self.score(rows.as_slice(), policy, |row| outcomes.push(row.outcome))?;
        Ok(outcomes)
    }
}

/// Rows in chunks, each with the index of its first row.
fn chunks(rows: Rows<'_>, size: usize) -> impl Iterator<Item = Result<(u32, Vec<Row>), Error>> {
    let mut rows = rows.peekable();
    let mut next = 0_u64;
    std::iter::from_fn(move || {
        rows.peek()?;
        let chunk: Vec<Row> = rows.by_ref().take(size).collect();
        let first = u32::try_from(next).map_err(|_| Error::TooManyRows);
        next += chunk.len() as u64;
        if next > u64::from(u32::MAX) {
            return Some(Err(Error::TooManyRows));
        }
        Some(first.map(|first| (first, chunk)))
    })
}

/// The id a row goes by: its payout's, or the one its rejection names.
fn payout_id(row: &Row) -> &str {
    match &row.payout {
        Ok(payout) => &payout.payout_id,
        Err(error) => &error.payout_id,
    }
}

/// Pass 1 on one chunk: its payout ids and roster keys, noted.
fn note_keys(
    session: &mut Session<'_>,
    (first, rows): (u32, Vec<Row>),
) -> Result<(Notes, u64), Error> {
    let mut notes = Notes::default();
    let mut readable: Vec<(u32, &Payout)> = Vec::with_capacity(rows.len());
    for (row, r) in (first..).zip(&rows) {
        notes.payout_id(row, payout_id(r));
        if let Ok(payout) = &r.payout {
            readable.push((row, payout));
        }
    }
    let payouts: Vec<&Payout> = readable.iter().map(|(_, p)| *p).collect();
    let keys = session.roster_keys(&payouts)?;
    for ((row, _), keys) in readable.iter().zip(&keys) {
        for key in keys {
            notes.key(*row, key);
        }
    }
    Ok((notes, rows.len() as u64))
}

/// The ids of the `candidates` rows (sorted), read again; the reading
/// stops after the last one.
fn ids_of(rows: Rows<'_>, candidates: &[u32]) -> HashMap<u32, RowIds> {
    let mut wanted = candidates.iter().copied().peekable();
    let mut ids = HashMap::with_capacity(candidates.len());
    for (row, r) in (0_u32..).zip(rows) {
        let Some(&next) = wanted.peek() else { break };
        if row < next {
            continue;
        }
        wanted.next();
        let employee_id = match &r.payout {
            Ok(payout) => payout.employee_id.clone(),
            Err(_) => String::new(),
        };
        ids.insert(
            row,
            RowIds {
                line: r.line,
                payout_id: payout_id(&r).to_string(),
                employee_id,
                readable: r.payout.is_ok(),
            },
        );
    }
    ids
}

/// Pass 2 on one chunk: every row's report row, in order.
fn assess_chunk(
    session: &mut Session<'_>,
    roster: &crate::roster::Roster,
    first: u32,
    rows: Vec<Row>,
) -> Result<Vec<ReportRow>, Error> {
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(rows.len());
    let mut items = Vec::new();
    let mut slots = Vec::new();
    for (row, r) in (first..).zip(&rows) {
        let outcome = match &r.payout {
            Err(error) => Some(Err(error.clone())),
            Ok(payout) => match roster.rejection(row, &payout.payout_id) {
                Some(error) => Some(Err(error)),
                None => {
                    slots.push(outcomes.len());
                    items.push((payout, roster.peers(row, &payout.employee_id)));
                    None
                }
            },
        };
        outcomes.push(outcome);
    }
    let assessed = session.assess(&items)?;
    for (slot, outcome) in slots.into_iter().zip(assessed) {
        outcomes[slot] = Some(outcome);
    }
    Ok(rows
        .into_iter()
        .zip(outcomes)
        .map(|(row, outcome)| ReportRow {
            line: row.line,
            payout_id: payout_id(&row).to_string(),
            employee_id: row.employee_id,
            employee_name: row.employee_name,
            outcome: outcome.expect("every row has an outcome"),
        })
        .collect())
}
