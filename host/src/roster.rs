//! The cross-employee view the plugin cannot hold itself: which employees
//! share a roster key, and which payout ids repeat.
//!
//! Pass 1 notes one 16-byte entry per (key, row), never a string, so ten
//! million rows fit in a few hundred megabytes. Sorting the notes brings
//! equal keys together; only rows whose key another row carries too are
//! read again, in row order, and fed to a [`Resolver`], which keeps per
//! shared key its employees counted by a 64-bit hash of their id and the
//! eleven lowest ids themselves, never every row's strings: a payroll in
//! which every row gives the same switchboard phone costs 8 to 16 bytes
//! per row more, not the rows' ids. The answer does not depend on row
//! order, chunking or threads; duplicate payout ids are judged on the ids
//! themselves.

use crate::model::RowError;
use crate::model::{EarlierPayout, KeyKind, RosterKey};
use std::collections::{BTreeMap, HashMap, HashSet};

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

    fn kind(self) -> Option<KeyKind> {
        match self {
            Slot::PayoutId => None,
            Slot::Destination => Some(KeyKind::Destination),
            Slot::AccountHolder => Some(KeyKind::AccountHolder),
            Slot::Phone => Some(KeyKind::Phone),
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
    /// Empty notes with room for `rows` rows' id and three keys each, so
    /// a chunk's notes are not moved as they grow.
    pub fn for_rows(rows: usize) -> Notes {
        Notes {
            entries: Vec::with_capacity(rows * 4),
        }
    }

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
    pub fn key(&mut self, row: u32, key: &RosterKey) {
        let slot = match key.kind {
            KeyKind::Destination => Slot::Destination,
            KeyKind::AccountHolder => Slot::AccountHolder,
            KeyKind::Phone => Slot::Phone,
        };
        self.push(slot, key.digest, row);
    }

    /// Every roster key noted, as (row, key), in row order: what a
    /// history looks up for each row in pass 2.
    pub fn row_keys(&self) -> Vec<(u32, u128)> {
        let mut keys: Vec<(u32, u128)> = self
            .entries
            .iter()
            .map(|&e| (row_of(e), e >> 32))
            .filter(|&(_, key)| Slot::of(key) != Slot::PayoutId)
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Takes the notes of another worker.
    pub fn append(&mut self, other: &mut Notes) {
        self.entries.append(&mut other.entries);
    }

    fn push(&mut self, slot: Slot, digest: u128, row: u32) {
        let key = ((slot as u128) << DIGEST_BITS) | (digest & ((1 << DIGEST_BITS) - 1));
        self.entries.push((key << 32) | u128::from(row));
    }

    /// Sorts the notes on up to `threads` threads and plans the second
    /// reading: which rows share a key or an id hash with another row, and
    /// which runs of equal notes they are in. The notes are freed.
    pub fn resolver(mut self, threads: usize) -> Resolver {
        sort_on(&mut self.entries, threads);
        let mut slots = Vec::new();
        let mut membership: Vec<(u32, u32)> = Vec::new();
        for run in runs(&self.entries).filter(|run| run.len() > 1) {
            let id = u32::try_from(slots.len()).expect("fewer runs than notes");
            slots.push(Slot::of(run[0] >> 32));
            membership.extend(run.iter().map(|&e| (row_of(e), id)));
        }
        drop(self.entries);
        // By row, then run: payout ids sort first, so a row's payout-id run
        // comes before its key runs.
        membership.sort_unstable();
        let runs = slots
            .iter()
            .map(|slot| match slot {
                Slot::PayoutId => Run::Ids(HashMap::new()),
                _ => Run::Key {
                    employees: HashSet::new(),
                    lowest: BTreeMap::new(),
                },
            })
            .collect();
        Resolver {
            slots,
            membership,
            cursor: 0,
            runs,
            duplicates: HashMap::new(),
        }
    }
}

/// Sorts `entries` in place on up to `threads` threads: split at the
/// median, each half sorted on a thread of its own. The sort runs between
/// the passes, when every other core is idle (0.10 s for a million rows'
/// 3,000,000 notes on one thread, 0.06-0.07 s split in two), and needs no
/// second buffer, which ten million rows' notes could not afford.
fn sort_on(entries: &mut [u128], threads: usize) {
    // Below this, starting a thread costs about what it saves.
    const ALONE: usize = 1 << 16;
    if threads < 2 || entries.len() < ALONE {
        entries.sort_unstable();
        return;
    }
    let half = entries.len() / 2;
    entries.select_nth_unstable(half);
    let (low, high) = entries.split_at_mut(half);
    let low_threads = threads / 2;
    std::thread::scope(|scope| {
        scope.spawn(|| sort_on(low, low_threads));
        sort_on(high, threads - low_threads);
    });
}

/// What a noted key (as [`Notes::row_keys`] gives it) stands for.
pub(crate) fn key_kind(key: u128) -> Option<KeyKind> {
    Slot::of(key).kind()
}

fn row_of(entry: u128) -> u32 {
    entry as u32
}

/// Runs of notes with one key.
fn runs(entries: &[u128]) -> impl Iterator<Item = &[u128]> {
    entries.chunk_by(|a, b| a >> 32 == b >> 32)
}

/// What one run of equal notes has gathered so far.
#[derive(Debug)]
enum Run {
    /// A payout-id hash: each id seen, with the line of its first row.
    Ids(HashMap<String, u64>),
    /// A roster key: its employees by id hash, and the lowest employee
    /// ids, each with its lowest payout id.
    Key {
        employees: HashSet<u64>,
        lowest: BTreeMap<String, String>,
    },
}

/// The second reading, in row order, of the rows that share a note.
#[derive(Debug)]
pub(crate) struct Resolver {
    slots: Vec<Slot>,
    /// (row, run), sorted.
    membership: Vec<(u32, u32)>,
    cursor: usize,
    runs: Vec<Run>,
    duplicates: HashMap<u32, u64>,
}

impl Resolver {
    /// Every row the resolver needs, in order, each once: the rows to
    /// read again.
    pub fn wanted_rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.membership.iter().map(|&(row, _)| row).collect();
        rows.dedup();
        rows
    }

    /// The next row the resolver needs, if any.
    pub fn next_row(&self) -> Option<u32> {
        self.membership.get(self.cursor).map(|&(row, _)| row)
    }

    /// Takes the ids of `row`, which must be [`Resolver::next_row`];
    /// `employee_id` is none for a row the reader rejected.
    pub fn add(&mut self, row: u32, line: u64, payout_id: &str, employee_id: Option<&str>) {
        let mut duplicate = false;
        while let Some(&(r, run)) = self.membership.get(self.cursor) {
            if r != row {
                break;
            }
            self.cursor += 1;
            match (&mut self.runs[run as usize], employee_id) {
                (Run::Ids(first), readable) => match first.get(payout_id) {
                    // The first row of each id, read or rejected, keeps it.
                    Some(&first_line) if readable.is_some() => {
                        self.duplicates.insert(row, first_line);
                        duplicate = true;
                    }
                    Some(_) => {}
                    None => {
                        first.insert(payout_id.to_string(), line);
                    }
                },
                // A duplicate's keys do not count.
                (Run::Key { .. }, _) if duplicate => {}
                (Run::Key { employees, lowest }, Some(employee)) => {
                    employees.insert(employee_hash(employee));
                    match lowest.get_mut(employee) {
                        Some(payout) if payout_id < payout.as_str() => {
                            *payout = payout_id.to_string();
                        }
                        Some(_) => {}
                        None => {
                            lowest.insert(employee.to_string(), payout_id.to_string());
                            // One more than shown, so that ten remain once
                            // the payout's own employee is left out.
                            if lowest.len() > MAX_RELATED + 1 {
                                lowest.pop_last();
                            }
                        }
                    }
                }
                (Run::Key { .. }, None) => {}
            }
        }
    }

    /// The roster: duplicate payout ids, and the keys two or more
    /// employees share.
    pub fn finish(self) -> Roster {
        let mut groups = Vec::new();
        let mut hashes = Vec::new();
        let mut group_of: Vec<Option<u32>> = Vec::with_capacity(self.runs.len());
        for (run, slot) in self.runs.into_iter().zip(&self.slots) {
            let group = match (run, slot.kind()) {
                (Run::Key { employees, lowest }, Some(kind)) if employees.len() > 1 => {
                    groups.push(SharedKey {
                        kind,
                        employee_count: u32::try_from(employees.len()).unwrap_or(u32::MAX),
                        lowest: lowest.into_iter().collect(),
                    });
                    let mut employees: Vec<u64> = employees.into_iter().collect();
                    employees.sort_unstable();
                    hashes.push(employees);
                    Some(u32::try_from(groups.len() - 1).expect("fewer groups than rows"))
                }
                _ => None,
            };
            group_of.push(group);
        }
        let duplicates = self.duplicates;
        let membership = self
            .membership
            .into_iter()
            .filter(|(row, _)| !duplicates.contains_key(row))
            .filter_map(|(row, run)| Some((row, group_of[run as usize]?)))
            .collect();
        let mut roster = Roster {
            duplicates,
            groups,
            hashes,
            membership,
        };
        roster.merge_kinds();
        roster
    }
}

/// The hash a roster counts an employee id by.
pub(crate) fn employee_hash(employee: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(employee.as_bytes())
}

/// Employees sharing one key: how many, and the lowest eleven ids (by
/// byte order), each with its lowest payout id. An engine that aggregates
/// the roster itself (Spark) hands these to
/// [`crate::Plugin::assess_rows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedKey {
    pub kind: KeyKind,
    /// Distinct employees with the key.
    pub employee_count: u32,
    /// (employee id, its lowest payout id with the key), the lowest eleven
    /// employee ids in order: ten remain once a payout's own is left out.
    pub lowest: Vec<(String, String)>,
}

/// One peer group as seen from one payout, borrowed from the roster.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Peers<'r> {
    pub kind: KeyKind,
    /// Distinct employees with the key, this payout's own included.
    pub employee_count: u32,
    pub employees: Vec<&'r str>,
    pub payouts: Vec<&'r str>,
    /// The hashes of the run's employees with the key, sorted (for a
    /// roster aggregated elsewhere, those of the ids it names), so that an
    /// employee of an earlier run who is in this one too is counted once.
    pub hashes: &'r [u64],
    /// Other employees' earlier payouts with the key, from a history;
    /// counted in `employee_count`.
    pub earlier: Vec<EarlierPayout>,
}

/// The resolved roster: duplicate payout ids and shared keys, by row.
#[derive(Debug, Default)]
pub(crate) struct Roster {
    /// Rows whose payout id an earlier row has, with that row's line.
    duplicates: HashMap<u32, u64>,
    groups: Vec<SharedKey>,
    /// Per group, its employees' hashes, sorted; empty when given.
    hashes: Vec<Vec<u64>>,
    /// (row, group) for every row in a group of two employees or more.
    membership: Vec<(u32, u32)>,
}

impl Roster {
    /// A roster aggregated elsewhere: for each row that repeats an earlier
    /// row's payout id, that row's line; for each row, the keys it shares
    /// with other employees. Keys of one employee only are left out, and
    /// each key's lowest ids are put in order and cut to eleven, as
    /// [`Resolver::finish`] keeps them.
    pub fn given(rows: impl IntoIterator<Item = (u32, Option<u64>, Vec<SharedKey>)>) -> Roster {
        let mut roster = Roster::default();
        for (row, duplicate_of, shared) in rows {
            if let Some(line) = duplicate_of {
                roster.duplicates.insert(row, line);
                continue;
            }
            for mut key in shared.into_iter().filter(|k| k.employee_count > 1) {
                key.lowest.sort_unstable();
                key.lowest.truncate(MAX_RELATED + 1);
                // The ids it names are all an engine's roster tells.
                let mut hashes: Vec<u64> =
                    key.lowest.iter().map(|(e, _)| employee_hash(e)).collect();
                hashes.sort_unstable();
                roster.hashes.push(hashes);
                let group = u32::try_from(roster.groups.len()).unwrap_or(u32::MAX);
                roster.groups.push(key);
                roster.membership.push((row, group));
            }
        }
        roster.membership.sort_unstable();
        roster.merge_kinds();
        roster
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

    /// The rows pass 2 must judge with their roster: a repeated payout id,
    /// or a key shared with other employees.
    pub fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        let shared = self.membership.iter().map(|&(row, _)| row);
        self.duplicates.keys().copied().chain(shared)
    }

    /// The groups of two or more employees `row` belongs to, seen from its
    /// `employee`: one of each kind of key (see [`Roster::merge_kinds`]).
    pub fn peers(&self, row: u32, employee: &str) -> Vec<Peers<'_>> {
        let from = self.membership.partition_point(|&(r, _)| r < row);
        self.membership[from..]
            .iter()
            .take_while(|&&(r, _)| r == row)
            .map(|&(_, g)| {
                let group = &self.groups[g as usize];
                let others: Vec<&(String, String)> = group
                    .lowest
                    .iter()
                    .filter(|(e, _)| e != employee)
                    .take(MAX_RELATED)
                    .collect();
                Peers {
                    kind: group.kind,
                    employee_count: group.employee_count,
                    employees: others.iter().map(|(e, _)| e.as_str()).collect(),
                    payouts: others.iter().map(|(_, p)| p.as_str()).collect(),
                    hashes: self.hashes.get(g as usize).map_or(&[], Vec::as_slice),
                    earlier: Vec::new(),
                }
            })
            .collect()
    }

    /// Puts in place of a row's several groups of one kind one group of
    /// all their employees. A holder written several ways has a key per
    /// spelling, and may meet one employee on one and another on the
    /// next: each is one facilitator's persona. Each distinct set of groups
    /// is merged once, however many rows have it; a row's groups stay in
    /// the order of their kinds.
    fn merge_kinds(&mut self) {
        // Nearly always no row has two groups of one kind: nothing is
        // copied (ten million rows' membership is tens of megabytes).
        let kind = |&(_, g): &(u32, u32)| self.groups[g as usize].kind;
        let repeated = |rows: &[(u32, u32)]| {
            rows.iter()
                .enumerate()
                .any(|(i, a)| rows[i + 1..].iter().any(|b| kind(a) == kind(b)))
        };
        if !self.membership.chunk_by(|a, b| a.0 == b.0).any(repeated) {
            return;
        }
        let mut merged: HashMap<Vec<u32>, u32> = HashMap::new();
        let before = std::mem::take(&mut self.membership);
        let mut membership = Vec::with_capacity(before.len());
        for rows in before.chunk_by(|a, b| a.0 == b.0) {
            let row = rows[0].0;
            if let [one] = rows {
                membership.push(*one);
                continue;
            }
            let mut groups: Vec<(KeyKind, u32)> = rows
                .iter()
                .map(|&(_, g)| (self.groups[g as usize].kind, g))
                .collect();
            groups.sort_unstable();
            for same in groups.chunk_by(|a, b| a.0 == b.0) {
                let group = match same {
                    [(_, one)] => *one,
                    several => {
                        let several: Vec<u32> = several.iter().map(|&(_, g)| g).collect();
                        match merged.get(&several) {
                            Some(&group) => group,
                            None => {
                                let group = self.merge(&several);
                                merged.insert(several, group);
                                group
                            }
                        }
                    }
                };
                membership.push((row, group));
            }
        }
        self.membership = membership;
    }

    /// A new group of the employees of `groups` (of one kind): each once,
    /// by the lowest of its payout ids, the lowest eleven ids kept, and
    /// counted by their hashes. A roster resolved here holds every
    /// employee's hash; one aggregated elsewhere those of the ids it names,
    /// so its count is at least its largest group's.
    fn merge(&mut self, groups: &[u32]) -> u32 {
        let mut lowest: Vec<(String, String)> = Vec::new();
        let mut hashes: Vec<u64> = Vec::new();
        let mut count = 0;
        for &g in groups {
            let group = &self.groups[g as usize];
            lowest.extend(group.lowest.iter().cloned());
            hashes.extend(self.hashes.get(g as usize).into_iter().flatten());
            count = u32::max(count, group.employee_count);
        }
        // Sorted, so each employee's first pair holds its lowest payout.
        lowest.sort_unstable();
        lowest.dedup_by(|b, a| a.0 == b.0);
        lowest.truncate(MAX_RELATED + 1);
        hashes.sort_unstable();
        hashes.dedup();
        self.groups.push(SharedKey {
            kind: self.groups[groups[0] as usize].kind,
            employee_count: count.max(u32::try_from(hashes.len()).unwrap_or(u32::MAX)),
            lowest,
        });
        self.hashes.push(hashes);
        u32::try_from(self.groups.len() - 1).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(lo: u64) -> RosterKey {
        RosterKey {
            kind: KeyKind::Destination,
            digest: u128::from(lo),
        }
    }

    /// Rows as (payout id, employee id, destination key).
    fn roster(rows: &[(&str, &str, u64)]) -> Roster {
        let mut notes = Notes::default();
        for (row, (payout, _, k)) in (0..).zip(rows) {
            notes.payout_id(row, payout);
            notes.key(row, &key(*k));
        }
        let mut resolver = notes.resolver(1);
        while let Some(row) = resolver.next_row() {
            let (payout, employee, _) = rows[row as usize];
            resolver.add(row, u64::from(row) + 2, payout, Some(employee));
        }
        resolver.finish()
    }

    /// Split among threads, the notes sort as on one: many equal keys
    /// (the median among them), sizes about the split's threshold, any
    /// number of threads.
    #[test]
    fn notes_sorted_on_threads_are_sorted_as_on_one() {
        let mut rng = fastrand::Rng::with_seed(7);
        for len in [0, 1, (1 << 16) - 1, 1 << 16, 3 << 16] {
            let entries: Vec<u128> = (0..len)
                .map(|row| u128::from(rng.u8(..4)) << 120 | u128::from(rng.u32(..1000)) << 32 | row)
                .collect();
            let mut expected = entries.clone();
            expected.sort_unstable();
            for threads in [1, 2, 3, 4] {
                let mut sorted = entries.clone();
                sort_on(&mut sorted, threads);
                assert!(sorted == expected, "{len} notes on {threads} threads");
            }
        }
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
        let seen_from_last = &r.peers(0, "E14")[0];
        assert_eq!(seen_from_last.employee_count, 15);
        assert_eq!(seen_from_last.employees.len(), 10);
        assert_eq!(seen_from_last.employees[9], "E09", "the ten lowest others");
        assert_eq!(seen_from_last.payouts[0], "P14", "E00's payout");
    }

    /// A holder with a key per spelling, met by E2 on one and E3 on the
    /// other (and E4 on both): seen from E1, one group of four.
    #[test]
    fn a_holders_groups_on_several_spellings_are_one_group() {
        let holder = |lo: u64| RosterKey {
            kind: KeyKind::AccountHolder,
            digest: u128::from(lo),
        };
        let rows: [(&str, &str, &[u64]); 4] = [
            ("P1", "E1", &[10, 20]),
            ("P2", "E2", &[10]),
            ("P3", "E3", &[20]),
            ("P4", "E4", &[10, 20]),
        ];
        let mut notes = Notes::default();
        for (row, (payout, _, keys)) in (0..).zip(rows) {
            notes.payout_id(row, payout);
            notes.key(row, &key(u64::from(row) + 1));
            for &k in keys {
                notes.key(row, &holder(k));
            }
        }
        let mut resolver = notes.resolver(1);
        while let Some(row) = resolver.next_row() {
            let (payout, employee, _) = rows[row as usize];
            resolver.add(row, u64::from(row) + 2, payout, Some(employee));
        }
        let r = resolver.finish();
        let seen = |row: u32, employee: &str| {
            let peers = r.peers(row, employee);
            assert_eq!(peers.len(), 1, "one group of one kind for {employee}");
            let p = &peers[0];
            (
                p.employee_count,
                p.employees.clone(),
                p.payouts.clone(),
                p.hashes.len(),
            )
        };
        assert_eq!(
            seen(0, "E1"),
            (4, vec!["E2", "E3", "E4"], vec!["P2", "P3", "P4"], 4)
        );
        assert_eq!(
            seen(3, "E4"),
            (4, vec!["E1", "E2", "E3"], vec!["P1", "P2", "P3"], 4)
        );
        // E2 and E3 share no spelling: each meets E1 and E4 alone.
        assert_eq!(seen(1, "E2"), (3, vec!["E1", "E4"], vec!["P1", "P4"], 3));
        assert_eq!(seen(2, "E3"), (3, vec!["E1", "E4"], vec!["P1", "P4"], 3));
    }
}
