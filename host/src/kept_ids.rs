//! Pass 1's copy of each row's line, ids and name, kept while the run's
//! budget lasts, so that the rows that share a key or an id with another
//! need not be read from the file again between the passes, and a report
//! without payouts need not read again the rows whose outcome pass 1 kept:
//! each reading splits every record of the file on one thread. For a CSV
//! file, each row's place (where its record starts) is kept too, so pass 2
//! reads only the records it judges again ([`crate::input`]'s `Gather`).
//!
//! A row costs its ids' and name's bytes and 24 more, within a budget of
//! its own. The ids are kept only while every row's fit: the reading
//! between the passes runs up to the last row it wants, so ids kept for
//! the first rows alone would save nothing on a large file. Once a chunk
//! does not fit, what was kept is freed and the rows are read again as
//! before.

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

    /// The ids of `rows`, the chunk starting at row `first`, whose records
    /// start at `places` (one per row, or none when unknown), unless the
    /// budget has run out, now or for an earlier chunk.
    pub(crate) fn keep(&self, first: u32, rows: &[Row], places: &[u64]) -> Option<ChunkIds> {
        if self.ran_out() {
            return None;
        }
        let kept = ChunkIds::keep(first, rows, places, &self.budget);
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

/// The line, payout id, employee id, name and place of each row of one
/// chunk, the text in one string.
#[derive(Debug)]
pub(crate) struct ChunkIds {
    /// The chunk's first row.
    first: u32,
    text: String,
    rows: Vec<RowIds>,
    /// Where the first row's record starts, when every row's place is
    /// known and within 4 GiB of it.
    first_place: Option<u64>,
}

/// Where one row's ids are in its chunk's text: the payout id ends at
/// `payout_end`, the employee id runs from there to `employee_end`'s low
/// 31 bits (its top bit is set for a row the reader rejected, which has no
/// employee id), and the name from there to `name_end`.
#[derive(Debug, Clone, Copy)]
struct RowIds {
    line: u64,
    payout_end: u32,
    employee_end: u32,
    name_end: u32,
    /// Where its record starts, past the chunk's first place.
    place: u32,
}

/// The top bit of [`RowIds::employee_end`]: the row was rejected.
const REJECTED: u32 = 1 << 31;

/// Bytes a row costs beyond its ids' text.
const ROW_BYTES: usize = std::mem::size_of::<RowIds>();

impl ChunkIds {
    /// The ids of `rows`, the chunk starting at row `first`, when `budget`
    /// has room for them (a chunk's text must also be under 2 GiB).
    fn keep(first: u32, rows: &[Row], places: &[u64], budget: &Budget) -> Option<ChunkIds> {
        let text_bytes: usize = rows
            .iter()
            .map(|r| {
                let (payout_id, employee) = ids(r);
                payout_id.len() + employee.map_or(0, str::len) + name(r).len()
            })
            .sum();
        if text_bytes >= REJECTED as usize {
            return None;
        }
        if !budget.spend(text_bytes + rows.len() * ROW_BYTES) {
            return None;
        }
        let first_place = match (places.first(), places.last()) {
            (Some(&from), Some(&to)) if places.len() == rows.len() => {
                (to - from <= u64::from(u32::MAX)).then_some(from)
            }
            _ => None,
        };
        let mut text = String::with_capacity(text_bytes);
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (payout_id, employee) = ids(r);
                text.push_str(payout_id);
                // Fits: the whole text was checked above.
                let payout_end = text.len() as u32;
                text.push_str(employee.unwrap_or_default());
                let rejected = if employee.is_some() { 0 } else { REJECTED };
                let employee_end = text.len() as u32 | rejected;
                text.push_str(name(r));
                // Fits: checked above for the last, the farthest.
                let place = first_place.map_or(0, |from| (places[i] - from) as u32);
                RowIds {
                    line: r.line,
                    payout_end,
                    employee_end,
                    name_end: text.len() as u32,
                    place,
                }
            })
            .collect();
        Some(ChunkIds {
            first,
            text,
            rows,
            first_place,
        })
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

/// The row's employee name as written, or empty.
fn name(row: &Row) -> &str {
    row.employee_name.as_deref().unwrap_or_default()
}

/// What pass 1 kept of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeptRow<'a> {
    pub line: u64,
    pub payout_id: &'a str,
    /// Its employee id, for a readable row.
    pub employee: Option<&'a str>,
    /// Its employee name as written, when it has one.
    pub name: Option<&'a str>,
    /// Where its record starts in the file, when known.
    pub place: Option<u64>,
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

    /// Whether every row kept has its place: true of a CSV file's rows
    /// when the budget held them all.
    pub(crate) fn placed(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|c| c.first_place.is_some())
    }

    /// What pass 1 kept of `row`, if it kept it.
    pub(crate) fn get(&self, row: u32) -> Option<KeptRow<'_>> {
        let at = self.0.partition_point(|c| c.first <= row).checked_sub(1)?;
        let chunk = &self.0[at];
        let index = (row - chunk.first) as usize;
        (index < chunk.rows.len()).then(|| chunk.row(index))
    }

    /// What pass 1 kept of each row, in row order from its first chunk.
    pub(crate) fn iter(&self) -> impl Iterator<Item = KeptRow<'_>> {
        self.0
            .iter()
            .flat_map(|chunk| (0..chunk.rows.len()).map(|index| chunk.row(index)))
    }

    /// Each row's place alone, as [`KeptIds::iter`] gives it.
    pub(crate) fn places(&self) -> impl Iterator<Item = Option<u64>> + '_ {
        self.0.iter().flat_map(|chunk| {
            let from = chunk.first_place;
            chunk
                .rows
                .iter()
                .map(move |ids| from.map(|from| from + u64::from(ids.place)))
        })
    }
}

impl ChunkIds {
    /// What was kept of the row at `index` of the chunk.
    fn row(&self, index: usize) -> KeptRow<'_> {
        let ids = &self.rows[index];
        let start = match index {
            0 => 0,
            _ => self.rows[index - 1].name_end as usize,
        };
        let employee_end = (ids.employee_end & !REJECTED) as usize;
        let payout_id = &self.text[start..ids.payout_end as usize];
        let employee = &self.text[ids.payout_end as usize..employee_end];
        let name = &self.text[employee_end..ids.name_end as usize];
        let readable = ids.employee_end & REJECTED == 0;
        KeptRow {
            line: ids.line,
            payout_id,
            employee: readable.then_some(employee),
            name: (!name.is_empty()).then_some(name),
            place: self.first_place.map(|from| from + u64::from(ids.place)),
        }
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

    fn as_kept<'a>(
        line: u64,
        payout_id: &'a str,
        employee: Option<&'a str>,
        name: Option<&'a str>,
        place: Option<u64>,
    ) -> Option<KeptRow<'a>> {
        Some(KeptRow {
            line,
            payout_id,
            employee,
            name,
            place,
        })
    }

    #[test]
    fn gives_back_each_rows_line_ids_name_and_place() {
        let budget = IdsBudget::new(1 << 20);
        let mut kept = KeptIds::default();
        let first = rows(
            "P1,E1,Anna Schmidt,DE,10.00,EUR,DE89370400440532013000\n\
             P2,E9,Bo Berg,DE,,EUR,DE89370400440532013000\n\
             \n\
             P3,Ë3,Zoë Ünal,DE,1.00,EUR,DE89370400440532013000\n",
        );
        let second = rows("P4,E4,,DE,2.00,EUR,DE89370400440532013000\n");
        kept.push(budget.keep(10, &first, &[100, 150, 200]), &budget);
        kept.push(budget.keep(13, &second, &[260]), &budget);
        assert!(kept.placed());
        let (anna, zoe) = (Some("Anna Schmidt"), Some("Zoë Ünal"));
        assert_eq!(kept.get(10), as_kept(2, "P1", Some("E1"), anna, Some(100)));
        // A rejected row has no employee, even when its record named one.
        let bo = Some("Bo Berg");
        assert_eq!(kept.get(11), as_kept(3, "P2", None, bo, Some(150)));
        assert_eq!(kept.get(12), as_kept(5, "P3", Some("Ë3"), zoe, Some(200)));
        // No name: the row is rejected, and keeps none.
        assert_eq!(kept.get(13), as_kept(2, "P4", None, None, Some(260)));
        for absent in [0, 9, 14] {
            assert_eq!(kept.get(absent), None, "{absent}");
        }
        let each: Vec<_> = (10..14).map(|row| kept.get(row).unwrap()).collect();
        assert_eq!(kept.iter().collect::<Vec<_>>(), each);
        let places: Vec<_> = each.iter().map(|k| k.place).collect();
        assert_eq!(kept.places().collect::<Vec<_>>(), places);
    }

    #[test]
    fn a_chunk_without_places_leaves_every_row_unplaced() {
        let budget = IdsBudget::new(1 << 20);
        let mut kept = KeptIds::default();
        let one = rows("P1,E1,Anna Schmidt,DE,10.00,EUR,DE89370400440532013000\n");
        kept.push(budget.keep(0, &one, &[7]), &budget);
        assert!(kept.placed());
        kept.push(budget.keep(1, &one, &[]), &budget);
        assert!(!kept.placed());
        assert_eq!(kept.get(1).unwrap().place, None);
        // Places further apart than 4 GiB are not kept either.
        let two = rows(
            "P1,E1,Anna Schmidt,DE,10.00,EUR,DE89370400440532013000\n\
             P2,E2,Bo Berg,DE,10.00,EUR,DE89370400440532013000\n",
        );
        let far = budget.keep(0, &two, &[0, 1 << 32]).unwrap();
        assert_eq!(far.first_place, None);
    }

    #[test]
    fn keeps_nothing_once_a_chunk_does_not_fit() {
        let rows = rows("P1,E1,Ann,DE,10.00,EUR,DE89370400440532013000\n");
        let row_bytes = 4 + 3 + ROW_BYTES;
        assert!(IdsBudget::new(row_bytes - 1).keep(0, &rows, &[]).is_none());
        let budget = IdsBudget::new(2 * row_bytes + 1);
        let mut kept = KeptIds::default();
        kept.push(budget.keep(0, &rows, &[]), &budget);
        kept.push(budget.keep(1, &rows, &[]), &budget);
        assert_eq!(kept.get(1), as_kept(2, "P1", Some("E1"), Some("Ann"), None));
        // The third does not fit: the first two are freed, and no later
        // chunk is kept even if it were small enough.
        kept.push(budget.keep(2, &rows, &[]), &budget);
        assert!(budget.ran_out());
        assert_eq!(kept.get(0), None);
        assert!(!kept.placed());
        assert!(budget.keep(3, &[], &[]).is_none());
    }
}
