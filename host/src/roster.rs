//! The cross-employee view the plugin cannot hold itself: which employees
//! share a roster key, and which payout ids repeat.
//!
//! Pass 1 notes one 16-byte entry per (key, row), never a string, so ten
//! million rows fit in a few hundred megabytes. Sorting the notes brings
//! equal keys together; only rows whose key another row carries too need
//! their ids, which the caller reads again ([`Notes::candidates`]). The
//! answer is exact and does not depend on row order, chunking or threads:
//! groups are judged by the ids themselves, not by their hashes.

use crate::model::RowError;
use crate::plugin::v0_2::wit;
use std::collections::{BTreeMap, HashMap};

/// Peer groups name at most this many other employees and payouts.
const MAX_RELATED: usize = 10;

/// Bits of a key's digest kept in a note: 94, beside 2 bits of kind and
/// 32 of row. Two different keys meet by chance about once in 10^14
/// payrolls of ten million rows, and even then the ids decide.
const DIGEST_BITS: u32 = 94;

/// What a note's key stands for; payout ids sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    PayoutId = 0,
    Destination = 1,
    AccountHolder = 2,
    Phone = 3,
}

impl Slot {
    /// The slot of a key (a note without its row).
    fn of(key: u128) -> Slot {
        match key >> DIGEST_BITS {
            0 => Slot::PayoutId,
            1 => Slot::Destination,
            2 => Slot::AccountHolder,
            _ => Slot::Phone,
        }
    }

    fn kind(self) -> Option<wit::KeyKind> {
        match self {
            Slot::PayoutId => None,
            Slot::Destination => Some(wit::KeyKind::Destination),
            Slot::AccountHolder => Some(wit::KeyKind::AccountHolder),
            Slot::Phone => Some(wit::KeyKind::Phone),
        }
    }
}

/// Pass 1's notes: (kind, digest, row) packed in one `u128`, so that one
/// sort brings each key's rows together in row order.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    entries: Vec<u128>,
}

impl Notes {
    /// Notes the payout id of `row`; a blank id is no id.
    pub fn payout_id(&mut self, row: u32, id: &str) {
        if !id.is_empty() {
            self.push(
                Slot::PayoutId,
                xxhash_rust::xxh3::xxh3_128(id.as_bytes()),
                row,
            );
        }
    }

    /// Notes a roster key the plugin gave `row`.
    pub fn key(&mut self, row: u32, key: &wit::RosterKey) {
        let slot = match key.kind {
            wit::KeyKind::Destination => Slot::Destination,
            wit::KeyKind::AccountHolder => Slot::AccountHolder,
            wit::KeyKind::Phone => Slot::Phone,
        };
        self.push(slot, (u128::from(key.hi) << 64) | u128::from(key.lo), row);
    }

    /// Takes the notes of another worker.
    pub fn append(&mut self, other: &mut Notes) {
        self.entries.append(&mut other.entries);
    }

    fn push(&mut self, slot: Slot, digest: u128, row: u32) {
        let key = ((slot as u128) << DIGEST_BITS) | (digest & ((1 << DIGEST_BITS) - 1));
        self.entries.push((key << 32) | u128::from(row));
    }

    /// Sorts the notes and returns, in row order, the rows that share a
    /// key or an id hash with another row: only their ids are needed.
    pub fn candidates(&mut self) -> Vec<u32> {
        self.entries.sort_unstable();
        let mut rows: Vec<u32> = runs(&self.entries)
            .filter(|run| run.len() > 1)
            .flat_map(|run| run.iter().map(|&e| row_of(e)))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// Judges the notes by the ids of the candidate rows.
    pub fn resolve(self, ids: &HashMap<u32, RowIds>) -> Roster {
        let mut roster = Roster::default();
        // Payout ids sort first, so duplicates are known before the keys
        // they must not count towards.
        for run in runs(&self.entries).filter(|run| run.len() > 1) {
            let slot = Slot::of(run[0] >> 32);
            let rows = run
                .iter()
                .map(|&e| row_of(e))
                .filter_map(|r| Some((r, ids.get(&r)?)));
            match slot.kind() {
                None => roster.note_duplicates(rows),
                Some(kind) => {
                    let rows: Vec<_> = rows
                        .filter(|(r, _)| !roster.duplicates.contains_key(r))
                        .collect();
                    roster.note_group(kind, &rows);
                }
            }
        }
        roster.membership.sort_unstable();
        roster
    }
}

fn row_of(entry: u128) -> u32 {
    entry as u32
}

/// Runs of notes with one key.
fn runs(entries: &[u128]) -> impl Iterator<Item = &[u128]> {
    entries.chunk_by(|a, b| a >> 32 == b >> 32)
}

/// What the roster needs to know of a candidate row.
#[derive(Debug, Clone)]
pub(crate) struct RowIds {
    pub line: u64,
    pub payout_id: String,
    pub employee_id: String,
    /// Whether the row was read as a payout (else it was rejected).
    pub readable: bool,
}

/// Employees sharing one key: sorted by id, each with its lowest payout id.
#[derive(Debug)]
struct Group {
    kind: wit::KeyKind,
    members: Vec<(String, String)>,
}

/// One peer group as seen from one payout, borrowed from the roster.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Peers<'r> {
    pub kind: wit::KeyKind,
    /// Distinct employees with the key, this payout's own included.
    pub employee_count: u32,
    pub employees: Vec<&'r str>,
    pub payouts: Vec<&'r str>,
}

/// The resolved roster: duplicate payout ids and shared keys, by row.
#[derive(Debug, Default)]
pub(crate) struct Roster {
    /// Rows whose payout id an earlier row has, with that row's line.
    duplicates: HashMap<u32, u64>,
    groups: Vec<Group>,
    /// (row, group) for every row in a group of two employees or more.
    membership: Vec<(u32, u32)>,
}

impl Roster {
    fn note_duplicates<'a>(&mut self, rows: impl Iterator<Item = (u32, &'a RowIds)>) {
        // A hash run may hold several ids; the first row of each id, read
        // or rejected, keeps it.
        let mut first: HashMap<&str, u64> = HashMap::new();
        for (row, ids) in rows {
            match first.get(ids.payout_id.as_str()) {
                Some(&line) if ids.readable => {
                    self.duplicates.insert(row, line);
                }
                Some(_) => {}
                None => {
                    first.insert(&ids.payout_id, ids.line);
                }
            }
        }
    }

    fn note_group(&mut self, kind: wit::KeyKind, rows: &[(u32, &RowIds)]) {
        let mut members: BTreeMap<&str, &str> = BTreeMap::new();
        for (_, ids) in rows.iter().filter(|(_, ids)| ids.readable) {
            let lowest = members.entry(&ids.employee_id).or_insert(&ids.payout_id);
            if ids.payout_id.as_str() < *lowest {
                *lowest = &ids.payout_id;
            }
        }
        if members.len() < 2 {
            return;
        }
        let group = u32::try_from(self.groups.len()).expect("fewer groups than rows");
        self.groups.push(Group {
            kind,
            members: members
                .into_iter()
                .map(|(e, p)| (e.to_string(), p.to_string()))
                .collect(),
        });
        self.membership
            .extend(rows.iter().map(|&(row, _)| (row, group)));
    }

    /// Why `row` must not be scored: its payout id repeats an earlier one.
    pub fn rejection(&self, row: u32, payout_id: &str) -> Option<RowError> {
        let first = self.duplicates.get(&row)?;
        Some(RowError {
            payout_id: payout_id.to_string(),
            field: Some("payout_id".into()),
            message: format!("duplicates the payout_id of line {first}"),
        })
    }

    /// The groups of two or more employees `row` belongs to, seen from its
    /// `employee`.
    pub fn peers(&self, row: u32, employee: &str) -> Vec<Peers<'_>> {
        let from = self.membership.partition_point(|&(r, _)| r < row);
        self.membership[from..]
            .iter()
            .take_while(|&&(r, _)| r == row)
            .map(|&(_, g)| {
                let group = &self.groups[g as usize];
                let others: Vec<&(String, String)> = group
                    .members
                    .iter()
                    .filter(|(e, _)| e != employee)
                    .take(MAX_RELATED)
                    .collect();
                Peers {
                    kind: group.kind,
                    employee_count: u32::try_from(group.members.len()).unwrap_or(u32::MAX),
                    employees: others.iter().map(|(e, _)| e.as_str()).collect(),
                    payouts: others.iter().map(|(_, p)| p.as_str()).collect(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(lo: u64) -> wit::RosterKey {
        wit::RosterKey {
            kind: wit::KeyKind::Destination,
            hi: 0,
            lo,
        }
    }

    /// Rows as (payout id, employee id, destination key).
    fn roster(rows: &[(&str, &str, u64)]) -> Roster {
        let mut notes = Notes::default();
        for (row, (payout, _, k)) in (0..).zip(rows) {
            notes.payout_id(row, payout);
            notes.key(row, &key(*k));
        }
        let candidates = notes.candidates();
        let ids = candidates
            .iter()
            .map(|&r| {
                let (payout, employee, _) = rows[r as usize];
                let ids = RowIds {
                    line: u64::from(r) + 2,
                    payout_id: payout.into(),
                    employee_id: employee.into(),
                    readable: true,
                };
                (r, ids)
            })
            .collect();
        notes.resolve(&ids)
    }

    #[test]
    fn counts_distinct_employees_per_key() {
        let r = roster(&[("P2", "E1", 1), ("P1", "E1", 1), ("P9", "E3", 7)]);
        assert!(
            r.peers(0, "E1").is_empty(),
            "one employee paid twice is not shared"
        );
        let r = roster(&[("P2", "E1", 1), ("P1", "E1", 1), ("P3", "E2", 1)]);
        let peers = r.peers(0, "E1");
        assert_eq!(peers[0].employee_count, 2);
        assert_eq!(peers[0].employees, ["E2"]);
        assert_eq!(peers[0].payouts, ["P3"]);
        assert_eq!(r.peers(2, "E2")[0].payouts, ["P1"], "the lowest payout id");
    }

    #[test]
    fn a_repeated_payout_id_is_rejected_and_does_not_count() {
        let r = roster(&[("P1", "E1", 1), ("P1", "E2", 1)]);
        let error = r.rejection(1, "P1").expect("the second row is rejected");
        assert_eq!(error.message, "duplicates the payout_id of line 2");
        assert!(r.rejection(0, "P1").is_none());
        assert!(r.peers(0, "E1").is_empty(), "the duplicate does not share");
    }

    #[test]
    fn names_at_most_ten_others_by_id() {
        let rows: Vec<(String, String)> = (0..15)
            .map(|i| (format!("P{i:02}"), format!("E{:02}", 14 - i)))
            .collect();
        let rows: Vec<(&str, &str, u64)> = rows
            .iter()
            .map(|(p, e)| (p.as_str(), e.as_str(), 5))
            .collect();
        let r = roster(&rows);
        let peers = r.peers(14, "E00");
        assert_eq!(peers[0].employee_count, 15);
        assert_eq!(peers[0].employees.len(), 10);
        assert_eq!(peers[0].employees[0], "E01");
    }
}
