//! The history in PostgreSQL, for platforms that keep one history for
//! many payrolls on a server: the same tables as SQLite's in a schema of
//! their own (`payguard`), a run recorded in one transaction with COPY.

use super::sql::{self, Sighting, key_code, kind_code};
use super::{HistoryError, Plan, Recorded, Stats};
use crate::model::KeyKind;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::{Client, NoTls, Statement};

/// The schema this payguard writes; a later one is refused, and one of
/// schema 1 or 2 is brought up to it when opened (as SQLite's).
pub const SCHEMA: i64 = 3;

const CREATE: &str = "
CREATE SCHEMA IF NOT EXISTS payguard;
CREATE TABLE payguard.meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE payguard.payrolls (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE payguard.runs (
    id BIGSERIAL PRIMARY KEY,
    payroll BIGINT NOT NULL REFERENCES payguard.payrolls(id),
    sha256 BYTEA NOT NULL,
    recorded_at TEXT NOT NULL,
    payouts BIGINT NOT NULL,
    UNIQUE (payroll, sha256)
);
CREATE TABLE payguard.payouts (
    run BIGINT NOT NULL,
    payroll BIGINT NOT NULL,
    employee TEXT NOT NULL,
    payout TEXT NOT NULL,
    day BIGINT NOT NULL,
    kind BIGINT NOT NULL,
    country TEXT,
    destination BIGINT NOT NULL,
    holder BIGINT,
    phone BIGINT,
    written BIGINT
);
CREATE INDEX payouts_by_destination ON payguard.payouts (destination, day);
CREATE INDEX payouts_by_holder ON payguard.payouts (holder, day) WHERE holder IS NOT NULL;
CREATE INDEX payouts_by_phone ON payguard.payouts (phone, day) WHERE phone IS NOT NULL;
CREATE INDEX payouts_by_employee ON payguard.payouts (payroll, employee, day);
CREATE INDEX payouts_by_run ON payguard.payouts (run);
";

/// Schema 2: a payout's further keys (see the SQLite history's).
const EXTRA_KEYS: &str = "
CREATE TABLE payguard.extra_keys (
    run BIGINT NOT NULL,
    payroll BIGINT NOT NULL,
    employee TEXT NOT NULL,
    payout TEXT NOT NULL,
    day BIGINT NOT NULL,
    kind BIGINT NOT NULL,
    key BIGINT NOT NULL
);
CREATE INDEX extra_keys_by_key ON payguard.extra_keys (key, day);
CREATE INDEX extra_keys_by_employee ON payguard.extra_keys (payroll, employee);
CREATE INDEX extra_keys_by_run ON payguard.extra_keys (run);
";

/// Schema 3: a payout's destination as written (see the SQLite history's).
const WRITTEN: &str = "ALTER TABLE payguard.payouts ADD COLUMN written BIGINT;";

/// Serialises the first creation of the schema between processes.
const CREATE_LOCK: i64 = 0x7061_7967_7561_7264;

/// An open PostgreSQL history.
pub(crate) struct Store {
    client: Client,
    url: String,
}

/// The URL without its password, for messages.
pub(crate) fn shown(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// An error of the server at `url`, naming it without its password.
fn failing(url: &str) -> impl Fn(postgres::Error) -> HistoryError + Copy + '_ {
    move |e| HistoryError::Store(format!("{}: {e}", shown(url)))
}

fn connect(url: &str) -> Result<Client, HistoryError> {
    Client::connect(url, NoTls).map_err(failing(url))
}

impl Store {
    /// Connects to the history at `url`, creating its schema when missing,
    /// and checks its version.
    pub fn open(url: &str) -> Result<Store, HistoryError> {
        let mut client = connect(url)?;
        let fail = failing(url);
        let mut tx = client.transaction().map_err(fail)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CREATE_LOCK])
            .map_err(fail)?;
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'payguard' AND table_name = 'meta')",
                &[],
            )
            .map_err(fail)?
            .get(0);
        if !exists {
            tx.batch_execute(CREATE).map_err(fail)?;
            tx.batch_execute(EXTRA_KEYS).map_err(fail)?;
            tx.execute(
                "INSERT INTO payguard.meta (name, value) VALUES ('schema', $1), ('written-by', $2)",
                &[
                    &SCHEMA.to_string(),
                    &concat!("payguard ", env!("CARGO_PKG_VERSION")),
                ],
            )
            .map_err(fail)?;
        }
        let meta = |tx: &mut postgres::Transaction<'_>,
                    name: &str|
         -> Result<Option<String>, HistoryError> {
            Ok(tx
                .query_opt("SELECT value FROM payguard.meta WHERE name = $1", &[&name])
                .map_err(fail)?
                .map(|r| r.get(0)))
        };
        let mut version: i64 = meta(&mut tx, "schema")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        // Under the lock: a second process waits, then finds it done.
        if version == 1 || version == 2 {
            if version == 1 {
                tx.batch_execute(EXTRA_KEYS).map_err(fail)?;
            }
            tx.batch_execute(WRITTEN).map_err(fail)?;
            tx.execute(
                "UPDATE payguard.meta SET value = $1 WHERE name = 'schema'",
                &[&SCHEMA.to_string()],
            )
            .map_err(fail)?;
            version = SCHEMA;
        }
        if version != SCHEMA {
            let by = meta(&mut tx, "written-by")?;
            return Err(HistoryError::Store(format!(
                "{} is a history of schema {version}{}; this is payguard {} (history schema {SCHEMA}): use a payguard as new as the one that wrote it",
                shown(url),
                by.map(|b| format!(", written by {b}")).unwrap_or_default(),
                env!("CARGO_PKG_VERSION"),
            )));
        }
        tx.commit().map_err(fail)?;
        Ok(Store {
            client,
            url: url.to_string(),
        })
    }

    fn fail(&self, e: postgres::Error) -> HistoryError {
        failing(&self.url)(e)
    }

    /// A meta value.
    pub fn meta(&mut self, name: &str) -> Result<Option<String>, HistoryError> {
        let row = self
            .client
            .query_opt("SELECT value FROM payguard.meta WHERE name = $1", &[&name]);
        row.map(|r| r.map(|r| r.get(0))).map_err(|e| self.fail(e))
    }

    /// Sets a meta value once: a value set meanwhile by another process
    /// stays.
    pub fn set_meta(&mut self, name: &str, value: &str) -> Result<(), HistoryError> {
        let done = self.client.execute(
            "INSERT INTO payguard.meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            &[&name, &value],
        );
        done.map(drop).map_err(|e| self.fail(e))
    }

    /// The payroll's id, and the run this file already is.
    pub fn locate(
        &mut self,
        payroll: &str,
        sha256: &[u8; 32],
    ) -> Result<(Option<i64>, Option<i64>), HistoryError> {
        let row = self.client.query_opt(
            "SELECT p.id, r.id FROM payguard.payrolls p LEFT JOIN payguard.runs r ON r.payroll = p.id AND r.sha256 = $2 WHERE p.name = $1",
            &[&payroll, &&sha256[..]],
        );
        let row = row.map_err(|e| self.fail(e))?;
        Ok(match row {
            None => (None, None),
            Some(r) => (Some(r.get(0)), r.get(1)),
        })
    }

    /// How many runs were recorded before the run `before`.
    pub fn runs_before(&mut self, before: i64) -> Result<u64, HistoryError> {
        let row = self.client.query_one(
            "SELECT COUNT(*) FROM payguard.runs WHERE id < $1",
            &[&before],
        );
        row.map(|r| r.get::<_, i64>(0) as u64)
            .map_err(|e| self.fail(e))
    }

    /// Records a run in one transaction (COPY for its payouts): all of it
    /// or nothing; a run of the same payroll and file is replaced in place.
    /// Recordings are serialised, as SQLite's are.
    pub fn record(
        &mut self,
        plan: &Plan,
        payouts: &[Recorded],
        recorded_at: &str,
    ) -> Result<i64, HistoryError> {
        let fail = failing(&self.url);
        let mut tx = self.client.transaction().map_err(fail)?;
        tx.batch_execute("LOCK TABLE payguard.runs IN SHARE ROW EXCLUSIVE MODE")
            .map_err(fail)?;
        // For the tests: hold the lock a while (see the SQLite history).
        if let Some(ms) = super::sqlite::test_setting("PAYGUARD_TEST_RECORD_DELAY_MS") {
            std::thread::sleep(std::time::Duration::from_millis(ms as u64));
        }
        let payroll: i64 = tx
            .query_one(
                "INSERT INTO payguard.payrolls (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
                &[&plan.payroll],
            )
            .map_err(fail)?
            .get(0);
        let count = payouts.len() as i64;
        let existing: Option<i64> = tx
            .query_opt(
                "SELECT id FROM payguard.runs WHERE payroll = $1 AND sha256 = $2",
                &[&payroll, &&plan.sha256[..]],
            )
            .map_err(fail)?
            .map(|r| r.get(0));
        let run = match existing {
            Some(run) => {
                tx.execute("DELETE FROM payguard.payouts WHERE run = $1", &[&run])
                    .map_err(fail)?;
                tx.execute("DELETE FROM payguard.extra_keys WHERE run = $1", &[&run])
                    .map_err(fail)?;
                tx.execute(
                    "UPDATE payguard.runs SET recorded_at = $2, payouts = $3 WHERE id = $1",
                    &[&run, &recorded_at, &count],
                )
                .map_err(fail)?;
                run
            }
            None => tx
                .query_one(
                    "INSERT INTO payguard.runs (payroll, sha256, recorded_at, payouts) VALUES ($1, $2, $3, $4) RETURNING id",
                    &[&payroll, &&plan.sha256[..], &recorded_at, &count],
                )
                .map_err(fail)?
                .get(0),
        };
        let sink = tx
            .copy_in(
                "COPY payguard.payouts (run, payroll, employee, payout, day, kind, country, destination, holder, phone, written) FROM STDIN (FORMAT binary)",
            )
            .map_err(fail)?;
        let types = [
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::INT8,
            Type::INT8,
            Type::INT8,
            Type::INT8,
        ];
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for (n, p) in payouts.iter().enumerate() {
            super::sqlite::fail_point(n);
            let (holder, phone) = p.first_keys();
            writer
                .write(&[
                    &run,
                    &payroll,
                    &p.employee,
                    &p.payout,
                    &p.day,
                    &kind_code(p.profile.kind),
                    &p.profile.country,
                    &p.destination,
                    &holder,
                    &phone,
                    &p.written,
                ])
                .map_err(fail)?;
        }
        writer.finish().map_err(fail)?;
        // Few payouts have further keys: a statement each.
        let extra = tx
            .prepare(
                "INSERT INTO payguard.extra_keys (run, payroll, employee, payout, day, kind, key)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .map_err(fail)?;
        for p in payouts {
            for (kind, key) in p.extra_keys() {
                tx.execute(
                    &extra,
                    &[
                        &run,
                        &payroll,
                        &p.employee,
                        &p.payout,
                        &p.day,
                        &key_code(kind),
                        &key,
                    ],
                )
                .map_err(fail)?;
            }
        }
        tx.execute(&sql::bump_generation("payguard."), &[])
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(run)
    }

    /// Erases an employee's payouts (on `payroll`, else everywhere).
    pub fn forget(
        &mut self,
        employee: &str,
        payroll: Option<&str>,
    ) -> Result<Vec<(String, u64)>, HistoryError> {
        let fail = failing(&self.url);
        let mut tx = self.client.transaction().map_err(fail)?;
        tx.execute(
            "DELETE FROM payguard.extra_keys k USING payguard.payrolls r
             WHERE r.id = k.payroll AND k.employee = $1 AND ($2::TEXT IS NULL OR r.name = $2)",
            &[&employee, &payroll],
        )
        .map_err(fail)?;
        let rows = tx
            .query(
                "WITH gone AS (DELETE FROM payguard.payouts p USING payguard.payrolls r
                     WHERE r.id = p.payroll AND p.employee = $1 AND ($2::TEXT IS NULL OR r.name = $2)
                     RETURNING r.name)
                 SELECT name, COUNT(*) FROM gone GROUP BY name ORDER BY name",
                &[&employee, &payroll],
            )
            .map_err(fail)?;
        recount_runs(&mut tx).map_err(fail)?;
        tx.execute(&sql::bump_generation("payguard."), &[])
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(rows
            .iter()
            .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u64))
            .collect())
    }

    /// Erases every payout paid before `day`.
    pub fn prune(&mut self, day: i64) -> Result<u64, HistoryError> {
        let fail = failing(&self.url);
        let mut tx = self.client.transaction().map_err(fail)?;
        let erased = tx
            .execute("DELETE FROM payguard.payouts WHERE day < $1", &[&day])
            .map_err(fail)?;
        tx.execute("DELETE FROM payguard.extra_keys WHERE day < $1", &[&day])
            .map_err(fail)?;
        recount_runs(&mut tx).map_err(fail)?;
        tx.execute(&sql::bump_generation("payguard."), &[])
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(erased)
    }

    /// What the history holds.
    pub fn stats(&mut self) -> Result<Stats, HistoryError> {
        let row = self.client.query_one(
            "SELECT (SELECT COUNT(*) FROM payguard.runs),
                    (SELECT COUNT(DISTINCT payroll) FROM payguard.runs),
                    (SELECT COUNT(*) FROM payguard.payouts),
                    (SELECT COUNT(*) FROM (SELECT DISTINCT payroll, employee FROM payguard.payouts) e),
                    (SELECT COUNT(*) FROM (SELECT destination FROM payguard.payouts UNION SELECT holder FROM payguard.payouts WHERE holder IS NOT NULL UNION SELECT phone FROM payguard.payouts WHERE phone IS NOT NULL UNION SELECT key FROM payguard.extra_keys) k),
                    (SELECT MIN(day) FROM payguard.payouts),
                    (SELECT MAX(day) FROM payguard.payouts),
                    (SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'payguard' AND c.relkind = 'r')",
            &[],
        );
        let row = row.map_err(|e| self.fail(e))?;
        let n = |i| row.get::<_, i64>(i) as u64;
        Ok(Stats {
            schema: SCHEMA,
            runs: n(0),
            payrolls: n(1),
            payouts: n(2),
            employees: n(3),
            keys: n(4),
            first_day: row.get(5),
            last_day: row.get(6),
            bytes: n(7),
        })
    }

    /// A connection of its own, for one scoring worker.
    pub fn reader(url: &str) -> Result<Lookup, HistoryError> {
        let mut client = connect(url)?;
        let fail = failing(url);
        let mut prepare = |q: String| client.prepare(&q).map_err(fail);
        let others = [
            prepare(sql::others(KeyKind::Destination, "payguard.", "$"))?,
            prepare(sql::others(KeyKind::AccountHolder, "payguard.", "$"))?,
            prepare(sql::others(KeyKind::Phone, "payguard.", "$"))?,
        ];
        let others_extra = [
            prepare(sql::others_extra(KeyKind::AccountHolder, "payguard.", "$"))?,
            prepare(sql::others_extra(KeyKind::Phone, "payguard.", "$"))?,
        ];
        let any_extra = prepare(sql::any_extra("payguard."))?;
        let destinations = prepare(sql::destinations("payguard.", "$"))?;
        let generation = prepare(sql::generation("payguard."))?;
        Ok(Lookup {
            client,
            url: url.to_string(),
            others,
            others_extra,
            any_extra,
            extra: None,
            destinations,
            generation,
            names: std::collections::HashMap::new(),
        })
    }
}

fn recount_runs(tx: &mut postgres::Transaction<'_>) -> Result<(), postgres::Error> {
    tx.batch_execute(
        "UPDATE payguard.runs SET payouts = (SELECT COUNT(*) FROM payguard.payouts WHERE payouts.run = runs.id);
         DELETE FROM payguard.runs WHERE payouts = 0;",
    )
}

/// One worker's look-ups, with its statements prepared once.
pub(crate) struct Lookup {
    client: Client,
    url: String,
    others: [Statement; 3],
    /// Holders' and phones' further keys.
    others_extra: [Statement; 2],
    any_extra: Statement,
    /// Whether any payout has further keys, once asked.
    extra: Option<bool>,
    destinations: Statement,
    generation: Statement,
    /// Payroll names by id, as looked up.
    names: std::collections::HashMap<i64, String>,
}

impl Lookup {
    /// The history's change count (see [`sql::bump_generation`]); a
    /// change asks again whether any payout has further keys.
    pub fn generation(&mut self) -> Result<Option<String>, HistoryError> {
        self.extra = None;
        let row = self.client.query_opt(&self.generation, &[]);
        row.map(|r| r.map(|r| r.get(0))).map_err(|e| self.fail(e))
    }

    /// Whether any payout has further keys (see [`sql::any_extra`]).
    fn any_extra(&mut self) -> Result<bool, HistoryError> {
        if let Some(any) = self.extra {
            return Ok(any);
        }
        let row = self.client.query_one(&self.any_extra, &[]);
        let any: bool = row.map_err(|e| self.fail(e))?.get(0);
        self.extra = Some(any);
        Ok(any)
    }

    /// Whether the server has not closed the connection.
    pub fn is_open(&self) -> bool {
        !self.client.is_closed()
    }

    fn fail(&self, e: postgres::Error) -> HistoryError {
        failing(&self.url)(e)
    }

    /// As the SQLite history's `others`.
    pub fn others(
        &mut self,
        plan: &Plan,
        kind: KeyKind,
        key: i64,
        day: i64,
        employee: Option<&str>,
    ) -> Result<Vec<Sighting>, HistoryError> {
        let (statement, extra) = match kind {
            KeyKind::Destination => (&self.others[0], None),
            KeyKind::AccountHolder => (&self.others[1], Some(&self.others_extra[0])),
            KeyKind::Phone => (&self.others[2], Some(&self.others_extra[1])),
        };
        let (statement, extra) = (statement.clone(), extra.cloned());
        let extra = match extra {
            Some(extra) if self.any_extra()? => Some(extra),
            _ => None,
        };
        let (first, last) = (day - plan.window_days, day + plan.window_days);
        // No employee: exclude nobody.
        let (payroll, employee) = (
            employee.and(plan.payroll_id).unwrap_or(-1),
            employee.unwrap_or(""),
        );
        let mut rows: Vec<sql::OtherRow> = Vec::new();
        for statement in std::iter::once(statement).chain(extra) {
            let found = self.client.query(
                &statement,
                &[&key, &plan.before, &first, &last, &payroll, &employee],
            );
            rows.extend(
                found
                    .map_err(|e| self.fail(e))?
                    .iter()
                    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))),
            );
        }
        for (payroll, ..) in &rows {
            if !self.names.contains_key(payroll) {
                let name = self.client.query_one(
                    "SELECT name FROM payguard.payrolls WHERE id = $1",
                    &[payroll],
                );
                let name: String = name.map_err(|e| self.fail(e))?.get(0);
                self.names.insert(*payroll, name);
            }
        }
        Ok(sql::latest_per_employee(rows, |id| self.names[&id].clone()))
    }

    /// As the SQLite history's `destinations`.
    pub fn destinations(
        &mut self,
        plan: &Plan,
        employee: &str,
        day: i64,
    ) -> Result<Vec<sql::Earlier>, HistoryError> {
        let Some(payroll) = plan.payroll_id else {
            return Ok(Vec::new());
        };
        let rows = self.client.query(
            &self.destinations,
            &[
                &payroll,
                &employee,
                &plan.before,
                &(day - plan.window_days),
                &day,
            ],
        );
        let rows: Vec<sql::DestinationRow> = rows
            .map_err(|e| self.fail(e))?
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                )
            })
            .collect();
        Ok(sql::earlier_destinations(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn messages_never_show_the_password() {
        assert_eq!(
            shown("postgres://payguard:s3cret@127.0.0.1/h"),
            "postgres://payguard:***@127.0.0.1/h"
        );
        assert_eq!(shown("postgres://127.0.0.1/h"), "postgres://127.0.0.1/h");
    }
}
