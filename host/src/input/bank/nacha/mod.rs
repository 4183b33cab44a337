//! NACHA ACH files: PPD, CCD and the other single-entry credits, with
//! their addenda 05 as the reference, and IAT entries with addenda 10-18
//! (receiver name, receiver and RDFI branch countries, foreign account).
//!
//! A payout's id is `<batch number>/<trace number>`, the batch number
//! without its leading zeros: real files repeat trace numbers across
//! batches, and no two batches of a well-formed file share a number.
//! Debits, prenotes, zero-dollar and return entries are skipped, each with
//! its reason; a prenote marks later credits to its account as a new
//! account. Check digits, entry hashes, counts, totals and trace order are
//! checked as the file streams by.

mod control;
mod entry;
pub mod records;

use super::{FileCheck, Item, Steps, next_item};
use control::{Batch, Totals};
use entry::Pending;
use records::{Record, Records};
use std::collections::VecDeque;
use std::io::BufRead;

/// Reads a NACHA file into [`Item`]s, one record at a time: memory holds
/// one entry with its addenda, never the file.
pub struct Reader<R> {
    records: Records<R>,
    out: VecDeque<Item>,
    started: bool,
    batch: Option<Batch>,
    pending: Option<Pending>,
    file: Totals,
    batches: u64,
    last_batch_number: Option<u64>,
    /// Records other than padding, for the block count.
    records_read: u64,
    file_control_line: Option<u64>,
    /// The last line read, where a truncated file ends.
    last_line: u64,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// Reads `input`.
    pub fn new(input: R) -> Self {
        Reader {
            records: Records::new(input),
            out: VecDeque::new(),
            started: false,
            batch: None,
            pending: None,
            file: Totals::default(),
            batches: 0,
            last_batch_number: None,
            records_read: 0,
            file_control_line: None,
            last_line: 0,
            done: false,
        }
    }

    fn check(&mut self, line: u64, check: &'static str, message: String) {
        self.out.push_back(Item::Check(FileCheck {
            line,
            check,
            message,
        }));
    }

    fn flush_entry(&mut self) {
        if let Some(pending) = self.pending.take() {
            let batch = self.batch.get_or_insert_with(Batch::missing);
            let items = pending.finish(batch);
            self.out.extend(items);
        }
    }

    fn close_batch(&mut self, control: Option<&Record>) {
        self.flush_entry();
        let Some(batch) = self.batch.take() else {
            return;
        };
        match control {
            Some(record) => {
                for (check, message) in batch.control_faults(record) {
                    self.check(record.line, check, message);
                }
            }
            None if batch.line > 0 => {
                let message = format!(
                    "batch {} (line {}) has no batch control record (type 8)",
                    batch.number, batch.line
                );
                self.check(batch.line, "structure", message);
            }
            None => {}
        }
        self.file.add(&batch.totals);
    }

    fn record(&mut self, record: Record) {
        self.last_line = record.line;
        if let Some(length) = record.overlong {
            self.check(
                record.line,
                "record-length",
                format!("the record is {length} characters long; NACHA records are 94"),
            );
        }
        if !self.started {
            self.started = true;
            if record.kind() != '1' {
                self.check(
                    record.line,
                    "structure",
                    "the file does not start with a file header record (type 1)".into(),
                );
            }
        }
        if self.file_control_line.is_some() {
            if !record.is_padding() {
                self.check(
                    record.line,
                    "structure",
                    "a record after the file control record (type 9)".into(),
                );
            }
            return;
        }
        self.records_read += 1;
        match record.kind() {
            '1' => {}
            '5' => {
                if self.batch.is_some() {
                    self.close_batch(None);
                }
                let batch = Batch::open(&record);
                if let (Some(last), Some(number)) = (self.last_batch_number, batch.number_value)
                    && number <= last
                {
                    self.check(
                        record.line,
                        "batch-order",
                        format!("batch number {number} does not follow batch {last}"),
                    );
                }
                self.last_batch_number = batch.number_value.or(self.last_batch_number);
                self.batches += 1;
                self.batch = Some(batch);
            }
            '6' => {
                self.flush_entry();
                if self.batch.is_none() {
                    self.check(
                        record.line,
                        "structure",
                        "an entry outside any batch (no batch header before it)".into(),
                    );
                }
                let batch = self.batch.get_or_insert_with(Batch::missing);
                let faults = batch.count_entry(&record);
                for (check, message) in faults {
                    self.check(record.line, check, message);
                }
                self.pending = Some(Pending::new(record));
            }
            '7' => match (&mut self.pending, &mut self.batch) {
                (Some(pending), Some(batch)) => {
                    batch.totals.records += 1;
                    pending.addenda.push(record);
                }
                _ => self.check(
                    record.line,
                    "structure",
                    "an addenda record with no entry before it".into(),
                ),
            },
            '8' => {
                if self.batch.is_none() {
                    self.check(
                        record.line,
                        "structure",
                        "a batch control record with no batch header before it".into(),
                    );
                }
                self.close_batch(Some(&record));
            }
            '9' if record.is_padding() => self.records_read -= 1,
            '9' => {
                if self.batch.is_some() {
                    self.close_batch(None);
                }
                self.file_control_line = Some(record.line);
                let block_count = self.records_read.div_ceil(10);
                for (check, message) in self.file.file_faults(&record, self.batches, block_count) {
                    self.check(record.line, check, message);
                }
            }
            other => self.check(
                record.line,
                "record-type",
                format!("{other:?} is not a NACHA record type (1, 5, 6, 7, 8 or 9)"),
            ),
        }
    }

    fn end(&mut self) {
        if let Some(error) = self.records.error.take() {
            let line = self.last_line;
            self.check(line, "structure", format!("cannot read the file: {error}"));
        }
        if self.batch.is_some() {
            self.close_batch(None);
        }
        if self.file_control_line.is_none() {
            self.check(
                self.last_line,
                "structure",
                "the file ends without a file control record (type 9): is it truncated?".into(),
            );
        }
    }
}

impl<R: BufRead> Steps for Reader<R> {
    fn queued(&mut self) -> &mut VecDeque<Item> {
        &mut self.out
    }

    fn finished(&self) -> bool {
        self.done
    }

    /// One record, or the end of the file.
    fn step(&mut self) {
        match self.records.next() {
            Some(record) => self.record(record),
            None => {
                self.done = true;
                self.end();
            }
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        next_item(self)
    }
}

#[cfg(test)]
mod tests;
