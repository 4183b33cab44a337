//! What the SQLite and PostgreSQL histories share: the look-up queries
//! (standard SQL with window functions, which both run), and turning
//! their rows into what the rules take.

use crate::model::{DestinationKind, DestinationProfile, EarlierDestination, KeyKind};

/// Another employee's latest earlier payout with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sighting {
    pub payroll_id: i64,
    pub payroll: String,
    pub employee: String,
    pub payout: String,
    pub day: i64,
}

/// The payouts with a key of `kind`, in runs before the plan's, paid
/// within the window, to anyone but the payout's own employee. `schema`
/// prefixes table names ("payguard." in PostgreSQL); `mark` is the
/// placeholder's sign, numbered from 1 (`?1` or `$1`). Parameters: key,
/// before, first day, last day, payroll id (-1 for a new payroll),
/// employee.
///
/// Plain single-table statements, ordered and grouped in Rust: SQLite
/// (with STAT4, as bundled) prepares a join or a sort whose plan depends
/// on bound values again at every execution, which tripled their cost.
/// The unary `+` keeps the day out of the index seek for the same reason.
pub(crate) fn others(kind: KeyKind, schema: &str, mark: &str) -> String {
    let column = match kind {
        KeyKind::Destination => "destination",
        KeyKind::AccountHolder => "holder",
        KeyKind::Phone => "phone",
    };
    format!(
        "SELECT payroll, employee, payout, day, run FROM {schema}payouts
         WHERE {column} = {mark}1 AND run < {mark}2 AND +day BETWEEN {mark}3 AND {mark}4
           AND NOT (payroll = {mark}5 AND employee = {mark}6)"
    )
}

/// As [`others`], for a payout's further keys of `kind` (a holder or a
/// phone): those past the first, kept in `extra_keys`.
pub(crate) fn others_extra(kind: KeyKind, schema: &str, mark: &str) -> String {
    let code = key_code(kind);
    format!(
        "SELECT payroll, employee, payout, day, run FROM {schema}extra_keys
         WHERE key = {mark}1 AND kind = {code} AND run < {mark}2 AND +day BETWEEN {mark}3 AND {mark}4
           AND NOT (payroll = {mark}5 AND employee = {mark}6)"
    )
}

/// Whether any payout has a further key: until one does, a look-up asks
/// the payouts alone (a statement saved per holder and phone key).
pub(crate) fn any_extra(schema: &str) -> String {
    format!("SELECT EXISTS (SELECT 1 FROM {schema}extra_keys)")
}

/// How a further key's kind is stored in `extra_keys`.
pub(crate) fn key_code(kind: KeyKind) -> i64 {
    match kind {
        KeyKind::Destination => 0,
        KeyKind::AccountHolder => 1,
        KeyKind::Phone => 2,
    }
}

/// An employee's payouts in runs before the plan's, within the window up
/// to the day. Parameters: payroll id, employee, before, first day, last
/// day.
pub(crate) fn destinations(schema: &str, mark: &str) -> String {
    format!(
        "SELECT destination, kind, country, day, run, payout, written FROM {schema}payouts
         WHERE payroll = {mark}1 AND employee = {mark}2 AND run < {mark}3
           AND +day BETWEEN {mark}4 AND {mark}5"
    )
}

/// Counts every change to the payouts (a run recorded, an employee
/// forgotten, a prune) in the meta table, in the changing transaction: a
/// service keeping look-ups between requests drops what it cached when
/// the count moves. `schema` as for [`others`].
pub(crate) fn bump_generation(schema: &str) -> String {
    format!(
        "INSERT INTO {schema}meta AS m (name, value) VALUES ('generation', '1')
         ON CONFLICT (name) DO UPDATE SET value = CAST(CAST(m.value AS BIGINT) + 1 AS TEXT)"
    )
}

/// The count [`bump_generation`] keeps; none before the first change.
pub(crate) fn generation(schema: &str) -> String {
    format!("SELECT value FROM {schema}meta WHERE name = 'generation'")
}

/// A row of [`others`]: payroll id, employee, payout, day, run.
pub(crate) type OtherRow = (i64, String, String, i64, i64);

/// Each employee's latest sighting, latest first, with its payroll's name.
pub(crate) fn latest_per_employee(
    mut rows: Vec<OtherRow>,
    name: impl Fn(i64) -> String,
) -> Vec<Sighting> {
    rows.sort_by_key(|r| std::cmp::Reverse((r.3, r.4)));
    let mut seen = std::collections::HashSet::new();
    let mut latest: Vec<Sighting> = Vec::new();
    for (payroll_id, employee, payout, day, _) in rows {
        if seen.insert((payroll_id, employee.clone())) {
            latest.push(Sighting {
                payroll_id,
                payroll: name(payroll_id),
                employee,
                payout,
                day,
            });
        }
    }
    latest
}

/// A row of [`destinations`]: destination, kind, country, day, run,
/// payout, written.
pub(crate) type DestinationRow = (i64, i64, Option<String>, i64, i64, String, Option<i64>);

/// An employee's earlier destination, with what identifies it: its keyed
/// digest, and the digests of the ways files wrote it (none for payouts
/// recorded before history schema 3).
#[derive(Debug, Clone)]
pub(crate) struct Earlier {
    pub digest: i64,
    pub written: Vec<i64>,
    pub destination: EarlierDestination,
}

impl Earlier {
    /// Whether it is the destination of key digest `digest`, written as
    /// `written`: the same key, or the same text in the same fields. The
    /// text meets across a change to how the plugin keys a destination,
    /// where the key does not (an employee paid as before is no change).
    pub fn is(&self, digest: i64, written: Option<i64>) -> bool {
        self.digest == digest || written.is_some_and(|w| self.written.contains(&w))
    }
}

/// The employee's distinct destinations, the most recently paid first
/// (latest day, then latest run): each with its digest, the ways it was
/// written, its first day and its latest payout's kind, country, day and
/// id (`current` unset).
pub(crate) fn earlier_destinations(mut rows: Vec<DestinationRow>) -> Vec<Earlier> {
    rows.sort_by_key(|r| std::cmp::Reverse((r.3, r.4)));
    let mut out: Vec<Earlier> = Vec::new();
    for (destination, kind, country, day, _, payout, written) in rows {
        match out.iter_mut().find(|e| e.digest == destination) {
            // Rows come latest first: a later row is an earlier payout.
            Some(seen) => {
                seen.destination.first_paid = super::date_of(day);
                if let Some(w) = written.filter(|w| !seen.written.contains(w)) {
                    seen.written.push(w);
                }
            }
            None => out.push(Earlier {
                digest: destination,
                written: written.into_iter().collect(),
                destination: EarlierDestination {
                    current: false,
                    profile: DestinationProfile {
                        kind: kind_of(kind),
                        country: country.map(Into::into),
                    },
                    first_paid: super::date_of(day),
                    last_paid: super::date_of(day),
                    payout,
                },
            }),
        }
    }
    out
}

/// How a destination's kind is stored.
pub(crate) fn kind_code(kind: DestinationKind) -> i64 {
    match kind {
        DestinationKind::Bank => 0,
        DestinationKind::Crypto => 1,
        DestinationKind::EWallet => 2,
    }
}

fn kind_of(code: i64) -> DestinationKind {
    match code {
        1 => DestinationKind::Crypto,
        2 => DestinationKind::EWallet,
        _ => DestinationKind::Bank,
    }
}
