//! Pass 1's copy of each row's line and ids, kept while the run's budget
//! lasts, so that the rows that share a key or an id with another need
//! not be read from the file again between the passes: that reading splits
//! every record of the file on one thread while the workers wait.
//!
//! A row costs its ids' bytes and 16 more, within a budget of its own. The
//! ids are kept only while every row's fit: the reading between the passes
//! runs up to the last row it wants, so ids kept for the first rows alone
//! would save nothing on a large file. Once a chunk does not fit, what was
//! kept is freed and the rows are read again as before.

use crate::input::Row;
use crate::provisional::Budget;
use std::sync::atomic::{AtomicBool, Ordering};

/// What pass 1 keeps ids within: a budget, and whether it ran out.
#[derive(Debug)]
pub(crate) struct IdsBudget {
    budget: Budget,
    ran_out: AtomicBool,
}

impl IdsBudget {
    /// A budget of `bytes`.
    pub(crate) fn new(bytes: usize) -> IdsBudget {
        IdsBudget {
            budget: Budget::new(bytes),
            ran_out: AtomicBool::new(false),
        }
    }

    /// The ids of `rows`, the chunk starting at row `first`, unless the
    /// budget has run out, now or for an earlier chunk.
    pub(crate) fn keep(&self, first: u32, rows: &[Row]) -> Option<ChunkIds> {
        if self.ran_out() {
            return None;
        }
        let kept = ChunkIds::keep(first, rows, &self.budget);
        if kept.is_none() {
            self.ran_out.store(true, Ordering::Relaxed);
        }
        kept
    }

    /// Whether a chunk did not fit: no row's ids are to be used.
    pub(crate) fn ran_out(&self) -> bool {
        self.ran_out.load(Ordering::Relaxed)
    }
}

/// The line, payout id and employee id of each row of one chunk, the ids
/// in one string.
#[derive(Debug)]
pub(crate) struct ChunkIds {
    /// The chunk's first row.
    first: u32,
    text: String,
    rows: Vec<RowIds>,
}

/// Where one row's ids are in its chunk's text: the payout id ends at
/// `payout_end`, and the employee id runs from there to `employee_end`'s
/// low 31 bits; its top bit is set for a row the reader rejected, which
/// has no employee id.
#[derive(Debug, Clone, Copy)]
struct RowIds {
    line: u64,
    payout_end: u32,
    employee_end: u32,
}

/// The top bit of [`RowIds::employee_end`]: the row was rejected.
const REJECTED: u32 = 1 << 31;

/// Bytes a row costs beyond its ids' text.
const ROW_BYTES: usize = std::mem::size_of::<RowIds>();

impl ChunkIds {
    /// The ids of `rows`, the chunk starting at row `first`, when `budget`
    /// has room for them (a chunk's text must also be under 2 GiB).
    fn keep(first: u32, rows: &[Row], budget: &Budget) -> Option<ChunkIds> {
        let text_bytes: usize = rows
            .iter()
            .map(|r| {
                let (payout_id, employee) = ids(r);
                payout_id.len() + employee.map_or(0, str::len)
            })
            .sum();
        if text_bytes >= REJECTED as usize {
            return None;
        }
        if !budget.spend(text_bytes + rows.len() * ROW_BYTES) {
            return None;
        }
        let mut text = String::with_capacity(text_bytes);
        let rows = rows
            .iter()
            .map(|r| {
                let (payout_id, employee) = ids(r);
                text.push_str(payout_id);
                // Fits: the whole text was checked above.
                let payout_end = text.len() as u32;
                text.push_str(employee.unwrap_or_default());
                let rejected = if employee.is_some() { 0 } else { REJECTED };
                RowIds {
                    line: r.line,
                    payout_end,
                    employee_end: text.len() as u32 | rejected,
                }
            })
            .collect();
        Some(ChunkIds { first, text, rows })
    }
}

/// The ids a row is known by between the passes: the payout id (its
/// payout's, or the one its rejection names) and, for a readable row, its
/// employee id.
pub(crate) fn ids(row: &Row) -> (&str, Option<&str>) {
    match &row.payout {
        Ok(payout) => (&payout.payout_id, Some(&payout.employee_id)),
        Err(error) => (&error.payout_id, None),
    }
}

/// Every chunk's kept ids, by first row, in order.
#[derive(Debug, Default)]
pub(crate) struct KeptIds(Vec<ChunkIds>);

impl KeptIds {
    /// Adds the next chunk's ids, when `budget` has not run out; chunks
    /// come in row order. Once it has, every chunk's are freed.
    pub(crate) fn push(&mut self, chunk: Option<ChunkIds>, budget: &IdsBudget) {
        match (chunk, budget.ran_out()) {
            (Some(chunk), false) => self.0.push(chunk),
            _ => self.0 = Vec::new(),
        }
    }

    /// The line, payout id and employee id of `row`, if pass 1 kept them.
    pub(crate) fn get(&self, row: u32) -> Option<(u64, &str, Option<&str>)> {
        let at = self.0.partition_point(|c| c.first <= row).checked_sub(1)?;
        let chunk = &self.0[at];
        let index = (row - chunk.first) as usize;
        let ids = chunk.rows.get(index)?;
        let end = |row: &RowIds| (row.employee_end & !REJECTED) as usize;
        let start = match index {
            0 => 0,
            _ => end(&chunk.rows[index - 1]),
        };
        let payout_id = &chunk.text[start..ids.payout_end as usize];
        let employee = &chunk.text[ids.payout_end as usize..end(ids)];
        let readable = ids.employee_end & REJECTED == 0;
        Some((ids.line, payout_id, readable.then_some(employee)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{InputFormat, read_bytes};

    /// The rows of a CSV payroll with these lines after its header.
    fn rows(lines: &str) -> Vec<Row> {
        let header = "payout_id,employee_id,employee_name,residence_country,amount,currency,iban\n";
        read_bytes(format!("{header}{lines}").as_bytes(), InputFormat::Csv)
            .expect("a payroll")
            .rows
    }

    #[test]
    fn gives_back_each_rows_line_and_ids() {
        let budget = IdsBudget::new(1 << 20);
        let mut kept = KeptIds::default();
        let first = rows(
            "P1,E1,Anna Schmidt,DE,10.00,EUR,DE89370400440532013000\n\
             P2,E9,Bo Berg,DE,,EUR,DE89370400440532013000\n\
             \n\
             P3,Ë3,Zoë Ünal,DE,1.00,EUR,DE89370400440532013000\n",
        );
        let second = rows("P4,E4,Dan Dahl,DE,2.00,EUR,DE89370400440532013000\n");
        kept.push(budget.keep(10, &first), &budget);
        kept.push(budget.keep(13, &second), &budget);
        assert_eq!(kept.get(10), Some((2, "P1", Some("E1"))));
        // A rejected row has no employee, even when its record named one.
        assert_eq!(kept.get(11), Some((3, "P2", None)));
        assert_eq!(kept.get(12), Some((5, "P3", Some("Ë3"))));
        assert_eq!(kept.get(13), Some((2, "P4", Some("E4"))));
        for absent in [0, 9, 14] {
            assert_eq!(kept.get(absent), None, "{absent}");
        }
    }

    #[test]
    fn keeps_nothing_once_a_chunk_does_not_fit() {
        let rows = rows("P1,E1,Anna Schmidt,DE,10.00,EUR,DE89370400440532013000\n");
        let row_bytes = 4 + ROW_BYTES;
        assert!(IdsBudget::new(row_bytes - 1).keep(0, &rows).is_none());
        let budget = IdsBudget::new(2 * row_bytes + 1);
        let mut kept = KeptIds::default();
        kept.push(budget.keep(0, &rows), &budget);
        kept.push(budget.keep(1, &rows), &budget);
        assert_eq!(kept.get(1), Some((2, "P1", Some("E1"))));
        // The third does not fit: the first two are freed, and no later
        // chunk is kept even if it were small enough.
        kept.push(budget.keep(2, &rows), &budget);
        assert!(budget.ran_out());
        assert_eq!(kept.get(0), None);
        assert!(budget.keep(3, &[]).is_none());
    }
}
