//! The history in SQLite, the embedded default: the schema, its version,
//! and every statement. One row per recorded payout, holding ids, the pay
//! day, the destination's kind and country and keyed digests (and one per
//! further key of a payout): never an account, a name or a phone number.

use super::sql::{self, Sighting, key_code, kind_code};
use super::{HistoryError, Plan, Recorded, Stats};
use crate::model::KeyKind;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// The schema this payguard writes. A history of a later schema is
/// refused; one of schema 1 gets the table of further keys, and one of
/// schema 1 or 2 the column of destinations as written, when opened.
pub const SCHEMA: i64 = 3;

/// How long a writer waits for another process's run to be recorded.
const BUSY: Duration = Duration::from_secs(60);

const CREATE: &str = "
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE payrolls (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    payroll INTEGER NOT NULL REFERENCES payrolls(id),
    sha256 BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    payouts INTEGER NOT NULL,
    UNIQUE (payroll, sha256)
);
CREATE TABLE payouts (
    run INTEGER NOT NULL,
    payroll INTEGER NOT NULL,
    employee TEXT NOT NULL,
    payout TEXT NOT NULL,
    day INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    country TEXT,
    destination INTEGER NOT NULL,
    holder INTEGER,
    phone INTEGER,
    written INTEGER
);
CREATE INDEX payouts_by_destination ON payouts (destination, day);
CREATE INDEX payouts_by_holder ON payouts (holder, day) WHERE holder IS NOT NULL;
CREATE INDEX payouts_by_phone ON payouts (phone, day) WHERE phone IS NOT NULL;
CREATE INDEX payouts_by_employee ON payouts (payroll, employee, day);
CREATE INDEX payouts_by_run ON payouts (run);
";

/// Schema 2: a payout's holder and phone keys past the first of each kind
/// (see `Recorded::extra_keys`). Few payouts have any, so they are rows
/// of their own rather than columns every payout would carry.
const EXTRA_KEYS: &str = "
CREATE TABLE extra_keys (
    run INTEGER NOT NULL,
    payroll INTEGER NOT NULL,
    employee TEXT NOT NULL,
    payout TEXT NOT NULL,
    day INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    key INTEGER NOT NULL
);
CREATE INDEX extra_keys_by_key ON extra_keys (key, day);
CREATE INDEX extra_keys_by_employee ON extra_keys (payroll, employee);
CREATE INDEX extra_keys_by_run ON extra_keys (run);
";

/// Schema 3: a digest of each payout's destination as the file wrote it
/// (see `Recorded::written`); none for payouts recorded before.
const WRITTEN: &str = "ALTER TABLE payouts ADD COLUMN written INTEGER;";

/// An open SQLite history.
pub(crate) struct Store {
    conn: Connection,
}

/// Turns SQLite's memory statistics off, once, before its first
/// connection: they take one process-wide mutex on every allocation,
/// which the scoring workers' look-ups then queue on (measured: a third of
/// the look-ups' time on two threads).
fn configure() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: SQLITE_CONFIG_MEMSTATUS takes one int. Called before any
        // connection of this process (the Once runs first); if SQLite was
        // initialised already, it answers SQLITE_MISUSE and changes
        // nothing, which is harmless.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

/// Opens `path` with the settings every connection needs.
fn connect(path: &Path, flags: OpenFlags) -> Result<Connection, HistoryError> {
    configure();
    let conn = Connection::open_with_flags(path, flags).map_err(|e| sql(path, e))?;
    conn.busy_timeout(BUSY).map_err(|e| sql(path, e))?;
    Ok(conn)
}

fn sql(path: &Path, e: rusqlite::Error) -> HistoryError {
    HistoryError::Store(format!("{}: {e}", path.display()))
}

impl Store {
    /// Opens the history at `path`, creating it (private to its owner)
    /// when missing, and checks its schema.
    pub fn open(path: &Path) -> Result<Store, HistoryError> {
        if !path.exists() {
            create_private(path).map_err(|e| {
                HistoryError::Store(format!("cannot create {}: {e}", path.display()))
            })?;
        }
        let mut conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let err = |e| sql(path, e);
        // WAL: scoring workers read while nothing else writes; a second
        // writer waits for the first (busy timeout), it does not fail.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        // For the tests: a disk that fills up after this many pages.
        if let Some(pages) = test_setting("PAYGUARD_TEST_MAX_PAGES") {
            conn.pragma_update(None, "max_page_count", pages as i64)
                .map_err(err)?;
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(err)?;
        match version {
            0 => {
                let tx = conn.unchecked_transaction().map_err(err)?;
                // Another process may have made it meanwhile.
                let now: i64 = tx
                    .pragma_query_value(None, "user_version", |r| r.get(0))
                    .map_err(err)?;
                if now == 0 {
                    tx.execute_batch(CREATE).map_err(err)?;
                    tx.execute_batch(EXTRA_KEYS).map_err(err)?;
                    tx.execute(
                        "INSERT INTO meta (name, value) VALUES ('written-by', ?1)",
                        [concat!("payguard ", env!("CARGO_PKG_VERSION"))],
                    )
                    .map_err(err)?;
                    tx.pragma_update(None, "user_version", SCHEMA)
                        .map_err(err)?;
                }
                tx.commit().map_err(err)?;
            }
            1 | 2 => {
                // Immediate: a second process opening it meanwhile waits,
                // then finds it done.
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(err)?;
                let now: i64 = tx
                    .pragma_query_value(None, "user_version", |r| r.get(0))
                    .map_err(err)?;
                if now == 1 {
                    tx.execute_batch(EXTRA_KEYS).map_err(err)?;
                }
                if now == 1 || now == 2 {
                    tx.execute_batch(WRITTEN).map_err(err)?;
                    tx.pragma_update(None, "user_version", SCHEMA)
                        .map_err(err)?;
                }
                tx.commit().map_err(err)?;
            }
            SCHEMA => {}
            newer if newer > SCHEMA => {
                let by: Option<String> = conn
                    .query_row(
                        "SELECT value FROM meta WHERE name = 'written-by'",
                        [],
                        |r| r.get(0),
                    )
                    .optional()
                    .ok()
                    .flatten();
                return Err(HistoryError::Store(format!(
                    "{} is a history of schema {newer}{}; this is payguard {} (history schema {SCHEMA}): use a payguard as new as the one that wrote it",
                    path.display(),
                    by.map(|b| format!(", written by {b}")).unwrap_or_default(),
                    env!("CARGO_PKG_VERSION"),
                )));
            }
            older => {
                return Err(HistoryError::Store(format!(
                    "{} is a history of schema {older}, which this payguard cannot read",
                    path.display()
                )));
            }
        }
        Ok(Store { conn })
    }

    /// A meta value.
    pub fn meta(&mut self, name: &str) -> Result<Option<String>, HistoryError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(store)
    }

    /// Sets a meta value once: a value set meanwhile by another process
    /// stays.
    pub fn set_meta(&mut self, name: &str, value: &str) -> Result<(), HistoryError> {
        self.conn
            .execute(
                "INSERT INTO meta (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                [name, value],
            )
            .map(drop)
            .map_err(store)
    }

    /// A read-only connection of its own, for one scoring worker.
    pub fn reader(path: &Path) -> Result<Lookup, HistoryError> {
        let conn = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Look-ups land anywhere in the indexes: the file mapped (no read
        // call per page) and a page cache of 64 MB per worker.
        let err = |e| sql(path, e);
        conn.pragma_update(None, "mmap_size", 1_i64 << 34)
            .map_err(err)?;
        conn.pragma_update(None, "cache_size", -65_536)
            .map_err(err)?;
        Ok(Lookup {
            conn,
            names: std::collections::HashMap::new(),
            extra: None,
        })
    }

    /// Where a run of `payroll` for a file of `sha256` stands: the
    /// payroll's id, and the run this file already is.
    pub fn locate(
        &mut self,
        payroll: &str,
        sha256: &[u8; 32],
    ) -> Result<(Option<i64>, Option<i64>), HistoryError> {
        let payroll_id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM payrolls WHERE name = ?1", [payroll], |r| {
                r.get(0)
            })
            .optional()
            .map_err(store)?;
        let run = match payroll_id {
            None => None,
            Some(id) => self
                .conn
                .query_row(
                    "SELECT id FROM runs WHERE payroll = ?1 AND sha256 = ?2",
                    params![id, &sha256[..]],
                    |r| r.get(0),
                )
                .optional()
                .map_err(store)?,
        };
        Ok((payroll_id, run))
    }

    /// How many runs were recorded before the run `before` (all of them
    /// for a new run).
    pub fn runs_before(&mut self, before: i64) -> Result<u64, HistoryError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM runs WHERE id < ?1", [before], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(store)
    }

    /// Records a run in one transaction: all of it or, on any failure
    /// (a full disk, a killed process), nothing. A run of the same payroll
    /// and file is replaced and keeps its place among the runs.
    pub fn record(
        &mut self,
        plan: &Plan,
        payouts: &[Recorded],
        recorded_at: &str,
    ) -> Result<i64, HistoryError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(store)?;
        // For the tests: hold the write lock a while, so that a second
        // process recording at once has to wait for it.
        if let Some(ms) = test_setting("PAYGUARD_TEST_RECORD_DELAY_MS") {
            std::thread::sleep(Duration::from_millis(ms as u64));
        }
        tx.execute(
            "INSERT INTO payrolls (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
            [&plan.payroll],
        )
        .map_err(store)?;
        let payroll: i64 = tx
            .query_row(
                "SELECT id FROM payrolls WHERE name = ?1",
                [&plan.payroll],
                |r| r.get(0),
            )
            .map_err(store)?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM runs WHERE payroll = ?1 AND sha256 = ?2",
                params![payroll, &plan.sha256[..]],
                |r| r.get(0),
            )
            .optional()
            .map_err(store)?;
        let run = match existing {
            Some(run) => {
                tx.execute("DELETE FROM payouts WHERE run = ?1", [run])
                    .map_err(store)?;
                tx.execute("DELETE FROM extra_keys WHERE run = ?1", [run])
                    .map_err(store)?;
                tx.execute(
                    "UPDATE runs SET recorded_at = ?2, payouts = ?3 WHERE id = ?1",
                    params![run, recorded_at, payouts.len() as i64],
                )
                .map_err(store)?;
                run
            }
            None => {
                tx.execute(
                    "INSERT INTO runs (payroll, sha256, recorded_at, payouts) VALUES (?1, ?2, ?3, ?4)",
                    params![payroll, &plan.sha256[..], recorded_at, payouts.len() as i64],
                )
                .map_err(store)?;
                tx.last_insert_rowid()
            }
        };
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO payouts (run, payroll, employee, payout, day, kind, country, destination, holder, phone, written)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(store)?;
            let mut extra = tx
                .prepare(
                    "INSERT INTO extra_keys (run, payroll, employee, payout, day, kind, key)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(store)?;
            for (n, p) in payouts.iter().enumerate() {
                fail_point(n);
                let (holder, phone) = p.first_keys();
                insert
                    .execute(params![
                        run,
                        payroll,
                        p.employee,
                        p.payout,
                        p.day,
                        kind_code(p.profile.kind),
                        p.profile.country,
                        p.destination,
                        holder,
                        phone,
                        p.written
                    ])
                    .map_err(store)?;
                for (kind, key) in p.extra_keys() {
                    extra
                        .execute(params![
                            run,
                            payroll,
                            p.employee,
                            p.payout,
                            p.day,
                            key_code(kind),
                            key
                        ])
                        .map_err(store)?;
                }
            }
        }
        tx.execute(&sql::bump_generation(""), []).map_err(store)?;
        tx.commit().map_err(store)?;
        Ok(run)
    }

    /// A write transaction whose deletions overwrite the freed bytes, so
    /// an erased employee leaves nothing in the file.
    fn erasing(&mut self) -> Result<rusqlite::Transaction<'_>, HistoryError> {
        self.conn
            .pragma_update(None, "secure_delete", "ON")
            .map_err(store)?;
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(store)
    }

    /// Erases every payout of `employee` (on `payroll`, else on every
    /// payroll), overwriting the freed bytes; returns (payroll, payouts)
    /// erased.
    pub fn forget(
        &mut self,
        employee: &str,
        payroll: Option<&str>,
    ) -> Result<Vec<(String, u64)>, HistoryError> {
        let tx = self.erasing()?;
        let mut erased = Vec::new();
        {
            let mut select = tx
                .prepare(
                    "SELECT r.id, r.name, COUNT(*) FROM payouts p JOIN payrolls r ON r.id = p.payroll
                     WHERE p.employee = ?1 AND (?2 IS NULL OR r.name = ?2) GROUP BY r.id ORDER BY r.name",
                )
                .map_err(store)?;
            let found = select
                .query_map(params![employee, payroll], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .map_err(store)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(store)?;
            for (id, name, count) in found {
                tx.execute(
                    "DELETE FROM payouts WHERE payroll = ?1 AND employee = ?2",
                    params![id, employee],
                )
                .map_err(store)?;
                tx.execute(
                    "DELETE FROM extra_keys WHERE payroll = ?1 AND employee = ?2",
                    params![id, employee],
                )
                .map_err(store)?;
                erased.push((name, count as u64));
            }
        }
        recount_runs(&tx)?;
        tx.execute(&sql::bump_generation(""), []).map_err(store)?;
        tx.commit().map_err(store)?;
        Ok(erased)
    }

    /// Erases every payout paid before `day` (days since 1970), and runs
    /// left with none; returns the payouts erased.
    pub fn prune(&mut self, day: i64) -> Result<u64, HistoryError> {
        let tx = self.erasing()?;
        let erased = tx
            .execute("DELETE FROM payouts WHERE day < ?1", [day])
            .map_err(store)?;
        tx.execute("DELETE FROM extra_keys WHERE day < ?1", [day])
            .map_err(store)?;
        recount_runs(&tx)?;
        tx.execute(&sql::bump_generation(""), []).map_err(store)?;
        tx.commit().map_err(store)?;
        Ok(erased as u64)
    }

    /// What the history holds.
    pub fn stats(&mut self) -> Result<Stats, HistoryError> {
        let one = |q: &str| -> Result<i64, HistoryError> {
            self.conn.query_row(q, [], |r| r.get(0)).map_err(store)
        };
        let days: (Option<i64>, Option<i64>) = self
            .conn
            .query_row("SELECT MIN(day), MAX(day) FROM payouts", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(store)?;
        Ok(Stats {
            schema: SCHEMA,
            runs: one("SELECT COUNT(*) FROM runs")? as u64,
            payrolls: one("SELECT COUNT(*) FROM payrolls WHERE id IN (SELECT payroll FROM runs)")?
                as u64,
            payouts: one("SELECT COUNT(*) FROM payouts")? as u64,
            employees: one("SELECT COUNT(*) FROM (SELECT DISTINCT payroll, employee FROM payouts)")?
                as u64,
            keys: one(
                "SELECT COUNT(*) FROM (SELECT destination FROM payouts UNION SELECT holder FROM payouts WHERE holder IS NOT NULL UNION SELECT phone FROM payouts WHERE phone IS NOT NULL UNION SELECT key FROM extra_keys)",
            )? as u64,
            first_day: days.0,
            last_day: days.1,
            bytes: one(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            )? as u64,
        })
    }
}

/// Runs keep their payout counts; a run left with none is gone.
fn recount_runs(tx: &rusqlite::Transaction<'_>) -> Result<(), HistoryError> {
    tx.execute_batch(
        "UPDATE runs SET payouts = (SELECT COUNT(*) FROM payouts WHERE payouts.run = runs.id);
         DELETE FROM runs WHERE payouts = 0;",
    )
    .map_err(store)
}

fn store(e: rusqlite::Error) -> HistoryError {
    HistoryError::Store(e.to_string())
}

/// Creates an empty file only its owner may read: the history holds
/// employee and payout ids.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

/// For the tests of atomic recording: `PAYGUARD_TEST_ABORT_RECORDING=N`
/// kills the process after N payouts of a run are written, inside its
/// transaction, as a crash or a `kill -9` would.
pub(crate) fn fail_point(written: usize) {
    if test_setting("PAYGUARD_TEST_ABORT_RECORDING") == Some(written) {
        std::process::abort();
    }
}

/// A number the history's tests set in the environment; none otherwise.
pub(crate) fn test_setting(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok()
}

/// The look-ups' SQL, formatted once for every connection: a statement is
/// found in a connection's cache by its text, so a text formatted anew
/// for every look-up cost a `format!` per key of every payout.
struct Queries {
    /// [`sql::others`] and [`sql::others_extra`] by [`key_code`].
    others: [String; 3],
    others_extra: [String; 3],
    destinations: String,
    generation: String,
}

static QUERIES: std::sync::LazyLock<Queries> = std::sync::LazyLock::new(|| {
    let kinds = [KeyKind::Destination, KeyKind::AccountHolder, KeyKind::Phone];
    debug_assert!(
        kinds
            .iter()
            .enumerate()
            .all(|(i, &k)| key_code(k) == i as i64)
    );
    Queries {
        others: kinds.map(|kind| sql::others(kind, "", "?")),
        others_extra: kinds.map(|kind| sql::others_extra(kind, "", "?")),
        destinations: sql::destinations("", "?"),
        generation: sql::generation(""),
    }
});

/// [`QUERIES`]' texts of `kind`'s look-ups.
fn others_of(kind: KeyKind) -> (&'static str, &'static str) {
    let at = key_code(kind) as usize;
    (&QUERIES.others[at], &QUERIES.others_extra[at])
}

/// One worker's read-only look-ups.
pub(crate) struct Lookup {
    conn: Connection,
    /// Payroll names by id, as looked up.
    names: std::collections::HashMap<i64, String>,
    /// Whether any payout has further keys, once asked.
    extra: Option<bool>,
}

impl Lookup {
    /// Starts one read transaction for the look-ups that follow, ending
    /// one left open. Each statement outside one took and released
    /// SQLite's shared lock by itself: two `fcntl` calls, an `fstat` and
    /// the process's lock on the file's inode, which the workers' threads
    /// queued on; a third of a look-up's time went to the kernel. The
    /// look-ups of a chunk, or of a run's sweep, also see one state of
    /// the history so.
    pub fn begin_read(&mut self) -> Result<(), HistoryError> {
        self.end_read()?;
        self.conn.execute_batch("BEGIN").map_err(store)
    }

    /// Ends the read transaction [`Lookup::begin_read`] started, if open:
    /// a snapshot held on would keep a WAL checkpoint from finishing, and
    /// a service's look-up from seeing later runs.
    pub fn end_read(&mut self) -> Result<(), HistoryError> {
        match self.conn.is_autocommit() {
            true => Ok(()),
            false => self.conn.execute_batch("COMMIT").map_err(store),
        }
    }

    /// The history's change count (see [`sql::bump_generation`]); a
    /// change asks again whether any payout has further keys.
    pub fn generation(&mut self) -> Result<Option<String>, HistoryError> {
        self.extra = None;
        self.conn
            .prepare_cached(&QUERIES.generation)
            .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
            .map_err(store)
    }

    /// Whether any payout has further keys (see [`sql::any_extra`]).
    fn any_extra(&mut self) -> Result<bool, HistoryError> {
        if let Some(any) = self.extra {
            return Ok(any);
        }
        let any = self
            .conn
            .query_row(&sql::any_extra(""), [], |r| r.get(0))
            .map_err(store)?;
        self.extra = Some(any);
        Ok(any)
    }

    /// The payouts with `key` of `kind` in runs before `plan`'s, paid
    /// within `window` days of `day`, to employees other than `employee`
    /// of `plan`'s payroll: the latest per employee, latest first.
    pub fn others(
        &mut self,
        plan: &Plan,
        kind: KeyKind,
        key: i64,
        day: i64,
        employee: Option<&str>,
    ) -> Result<Vec<Sighting>, HistoryError> {
        let (payouts, extra) = others_of(kind);
        let with_extra = kind != KeyKind::Destination && self.any_extra()?;
        let queries = if with_extra {
            &[payouts, extra][..]
        } else {
            &[payouts][..]
        };
        let mut rows: Vec<sql::OtherRow> = Vec::new();
        for query in queries {
            let mut statement = self.conn.prepare_cached(query).map_err(store)?;
            let found = statement
                .query_map(
                    params![
                        key,
                        plan.before,
                        day - plan.window_days,
                        day + plan.window_days,
                        // No employee: exclude nobody.
                        employee.and(plan.payroll_id).unwrap_or(-1),
                        employee.unwrap_or("")
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .map_err(store)?;
            for row in found {
                rows.push(row.map_err(store)?);
            }
        }
        for (payroll, ..) in &rows {
            self.name_of(*payroll)?;
        }
        Ok(sql::latest_per_employee(rows, |id| self.names[&id].clone()))
    }

    /// The name of the payroll `id`, looked up once per connection.
    fn name_of(&mut self, id: i64) -> Result<(), HistoryError> {
        if !self.names.contains_key(&id) {
            let name: String = self
                .conn
                .query_row("SELECT name FROM payrolls WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .map_err(store)?;
            self.names.insert(id, name);
        }
        Ok(())
    }

    /// The distinct destinations `employee` of `plan`'s payroll was paid
    /// to in runs before `plan`'s, within its window up to `day`, the most
    /// recently paid first; `current` marks this payout's own.
    pub fn destinations(
        &mut self,
        plan: &Plan,
        employee: &str,
        day: i64,
    ) -> Result<Vec<sql::Earlier>, HistoryError> {
        let Some(payroll) = plan.payroll_id else {
            return Ok(Vec::new());
        };
        let mut statement = self
            .conn
            .prepare_cached(&QUERIES.destinations)
            .map_err(store)?;
        let rows: Vec<sql::DestinationRow> = statement
            .query_map(
                params![payroll, employee, plan.before, day - plan.window_days, day],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .map_err(store)?
            .collect::<Result<_, _>>()
            .map_err(store)?;
        Ok(sql::earlier_destinations(rows))
    }
}
