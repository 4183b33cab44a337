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
/// within the window, to anyone but the payout's own employee; latest
/// first. `schema` prefixes table names ("payguard." in PostgreSQL);
/// `mark` is the placeholder's sign, numbered from 1 (`?1` or `$1`).
/// Parameters: key, before, first day, last day, payroll id, employee.
pub(crate) fn others(kind: KeyKind, schema: &str, mark: &str) -> String {
    let column = match kind {
        KeyKind::Destination => "destination",
        KeyKind::AccountHolder => "holder",
        KeyKind::Phone => "phone",
    };
    format!(
        "SELECT p.payroll, r.name, p.employee, p.payout, p.day
         FROM {schema}payouts p JOIN {schema}payrolls r ON r.id = p.payroll
         WHERE p.{column} = {mark}1 AND p.run < {mark}2 AND p.day BETWEEN {mark}3 AND {mark}4
           AND NOT (p.payroll = COALESCE({mark}5, CAST(-1 AS BIGINT)) AND p.employee = {mark}6)
         ORDER BY p.day DESC, p.run DESC"
    )
}

/// An employee's distinct destinations in runs before the plan's, within
/// the window up to the day: per destination its first day and its latest
/// payout (kind, country, day, id), the latest first. Parameters: payroll
/// id, employee, before, first day, last day.
pub(crate) fn destinations(schema: &str, mark: &str) -> String {
    format!(
        "SELECT destination, kind, country, first_day, day, payout FROM (
             SELECT destination, kind, country, day, run, payout,
                    MIN(day) OVER (PARTITION BY destination) AS first_day,
                    ROW_NUMBER() OVER (PARTITION BY destination ORDER BY day DESC, run DESC) AS n
             FROM {schema}payouts
             WHERE payroll = {mark}1 AND employee = {mark}2 AND run < {mark}3
               AND day BETWEEN {mark}4 AND {mark}5
         ) latest WHERE n = 1 ORDER BY day DESC, run DESC"
    )
}

/// Each employee's latest sighting: rows come latest first.
pub(crate) fn latest_per_employee(rows: Vec<Sighting>) -> Vec<Sighting> {
    let mut latest: Vec<Sighting> = Vec::new();
    for row in rows {
        if !latest
            .iter()
            .any(|s| s.payroll_id == row.payroll_id && s.employee == row.employee)
        {
            latest.push(row);
        }
    }
    latest
}

/// A row of [`destinations`] as the rules take it; `current` is this
/// payout's destination digest.
pub(crate) fn earlier_destination(
    current: i64,
    destination: i64,
    kind: i64,
    country: Option<String>,
    first: i64,
    last: i64,
    payout: String,
) -> EarlierDestination {
    EarlierDestination {
        current: destination == current,
        profile: DestinationProfile {
            kind: kind_of(kind),
            country,
        },
        first_paid: super::date_of(first),
        last_paid: super::date_of(last),
        payout,
    }
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
