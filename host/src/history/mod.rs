//! payguard remembers: a history of earlier runs that every payroll is
//! scored against. A facilitator's account passed from a leaver to a new
//! hire, an account changed before payday in an export with no change
//! date, one account on two clients' payrolls: no single file shows them.
//!
//! The plugin stays pure. The host looks the history up for each payout
//! (other employees' earlier payouts to its keys, the employee's earlier
//! destinations) and hands the plugin what it found; after the run it
//! records the run's payouts. The history holds ids, pay days and keyed
//! digests (HMAC-SHA-256 of the plugin's roster key under an installation
//! [`Secret`]), never an account number, a name or a phone number.
//!
//! A run is a payroll's file, identified by the payroll's name and the
//! file's SHA-256. Runs are ordered by when they were first recorded, and
//! a payout is judged against the runs recorded before its own: scoring
//! the same file again replaces its run in place, never counts itself and
//! gives the same results.

mod postgres;
mod secret;
mod sql;
mod sqlite;

pub use secret::Secret;
pub use sqlite::SCHEMA;

use crate::model::{Date, Destination, DestinationProfile, EarlierDestination, KeyKind, Policy};
use hmac::Mac;
use payguard_model::leading_zeros::without_leading_zeros;
use secret::Hmac;
use sql::{Earlier, Sighting};
use std::path::{Path, PathBuf};

/// The name of the payroll a run belongs to when none is given.
pub const DEFAULT_PAYROLL: &str = "default";

/// The policy parameter bounding how far back the history counts.
pub const HISTORY_DAYS: &str = "history-days";

/// Earlier payouts named per key in a finding's evidence.
const MAX_EARLIER: usize = 10;

/// What can go wrong with a history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// The store could not be opened, read or written.
    #[error("history: {0}")]
    Store(String),
    /// The secret could not be made or read, or is not the history's.
    #[error("history: {0}")]
    Secret(String),
}

/// Where a history is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file: the embedded default, no server.
    File(PathBuf),
    /// A PostgreSQL server's `postgres://` URL.
    Postgres(String),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => write!(f, "{}", postgres::shown(url)),
        }
    }
}

impl Location {
    /// A `postgres://` (or `postgresql://`) URL, else a SQLite file path.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            Location::File(PathBuf::from(text))
        }
    }
}

/// The store behind a history.
enum Store {
    Sqlite(sqlite::Store),
    Postgres(Box<postgres::Store>),
}

/// Calls the same method on whichever store it is.
macro_rules! on_store {
    ($store:expr, $s:ident => $call:expr) => {
        match $store {
            Store::Sqlite($s) => $call,
            Store::Postgres($s) => $call,
        }
    };
}

/// An open history: its store and the secret its keys are digested under.
pub struct History {
    store: Store,
    location: Location,
    secret: Secret,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "History({})", self.location)
    }
}

/// The meta value that tells whether a secret is the history's own.
const SECRET_CHECK: &str = "secret-check";

/// What the history holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub schema: i64,
    pub runs: u64,
    pub payrolls: u64,
    pub payouts: u64,
    /// Distinct (payroll, employee) pairs.
    pub employees: u64,
    /// Distinct keyed digests: destinations, third-party holders, phones.
    pub keys: u64,
    /// Days since 1970 of the first and last pay day held.
    #[serde(skip)]
    pub first_day: Option<i64>,
    #[serde(skip)]
    pub last_day: Option<i64>,
    /// The store's size on disk.
    pub bytes: u64,
}

impl Stats {
    /// The first and last pay dates held.
    pub fn span(&self) -> Option<(Date, Date)> {
        Some((date_of(self.first_day?), date_of(self.last_day?)))
    }
}

/// How one run is scored against the history: which runs count as
/// earlier, and how far back.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The payroll the file belongs to.
    pub payroll: String,
    pub(crate) payroll_id: Option<i64>,
    /// The file's SHA-256.
    pub sha256: [u8; 32],
    /// Runs with a lower id are earlier runs.
    pub(crate) before: i64,
    /// Whether the file was recorded already (its run is replaced).
    pub replaces: bool,
    /// The policy's `history-days`.
    pub(crate) window_days: i64,
}

/// One payout as the history records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub employee: String,
    pub payout: String,
    /// Days since 1970 of its pay date (else the day it was scored).
    pub day: i64,
    pub profile: DestinationProfile,
    /// Keyed digests of its roster keys: its destination's, and every key
    /// of a third-party holder (one per way the name is written, an
    /// e-wallet's mailbox among them) and of a phone (the employee's, an
    /// e-wallet's registered number), each kind in ascending order.
    pub destination: i64,
    pub holders: Vec<i64>,
    pub phones: Vec<i64>,
    /// Keyed digest of its destination as the file wrote it
    /// ([`Recaller::written`]).
    pub written: Option<i64>,
}

impl Recorded {
    /// Its first holder and phone keys, kept on its payout's row: nearly
    /// every payout has at most one of each.
    fn first_keys(&self) -> (Option<i64>, Option<i64>) {
        (self.holders.first().copied(), self.phones.first().copied())
    }

    /// Its further keys, kept apart (`extra_keys`): a holder written
    /// several ways, an e-wallet's mailbox beside a third-party holder, an
    /// e-wallet registered to another phone than the employee's.
    fn extra_keys(&self) -> impl Iterator<Item = (KeyKind, i64)> + '_ {
        let holders = self.holders.iter().skip(1);
        let phones = self.phones.iter().skip(1);
        (holders.map(|&k| (KeyKind::AccountHolder, k))).chain(phones.map(|&k| (KeyKind::Phone, k)))
    }
}

impl History {
    /// Opens the history at `location`: a SQLite file (made when
    /// missing), or a `postgres://` URL (its schema made when missing).
    /// Its secret is at `secret`, by default beside a SQLite file (its
    /// path with `.key` added); a PostgreSQL history needs the path. A
    /// new history gets a new secret; a history recorded under another
    /// secret than the one given is refused, as its keys would never meet.
    pub fn open(location: &str, secret: Option<&Path>) -> Result<History, HistoryError> {
        let location = Location::parse(location);
        let (mut store, secret_path) = match &location {
            Location::File(path) => {
                let secret_path = match secret {
                    Some(p) => p.to_path_buf(),
                    None => {
                        let mut p = path.clone().into_os_string();
                        p.push(".key");
                        PathBuf::from(p)
                    }
                };
                (Store::Sqlite(sqlite::Store::open(path)?), secret_path)
            }
            Location::Postgres(url) => {
                let secret_path = secret.ok_or_else(|| {
                    HistoryError::Secret(
                        "a PostgreSQL history needs the path of its secret: --history-secret FILE (made when missing)".into(),
                    )
                })?;
                (
                    Store::Postgres(Box::new(postgres::Store::open(url)?)),
                    secret_path.to_path_buf(),
                )
            }
        };
        let check = on_store!(&mut store, s => s.meta(SECRET_CHECK))?;
        let secret = Secret::open(&secret_path, check.is_none()).map_err(HistoryError::Secret)?;
        let ours = fingerprint(&secret);
        match check {
            None => on_store!(&mut store, s => s.set_meta(SECRET_CHECK, &ours))?,
            Some(theirs) if theirs == ours => {}
            Some(_) => {
                return Err(HistoryError::Secret(format!(
                    "{} is not the secret the history {location} was recorded under: its keys would never meet",
                    secret_path.display()
                )));
            }
        }
        Ok(History {
            store,
            location,
            secret,
        })
    }

    /// Where it is kept.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The plan for scoring a file of `sha256` on `payroll` under `policy`.
    pub fn plan(
        &mut self,
        payroll: &str,
        sha256: [u8; 32],
        policy: &Policy,
    ) -> Result<Plan, HistoryError> {
        let (payroll_id, run) = on_store!(&mut self.store, s => s.locate(payroll, &sha256))?;
        let window_days = policy
            .parameters
            .iter()
            .find(|(name, _)| name == HISTORY_DAYS)
            .map_or(400, |(_, v)| *v);
        Ok(Plan {
            payroll: payroll.to_string(),
            payroll_id,
            sha256,
            before: run.unwrap_or(i64::MAX),
            replaces: run.is_some(),
            window_days,
        })
    }

    /// How many runs count as earlier for `plan`.
    pub fn earlier_runs(&mut self, plan: &Plan) -> Result<u64, HistoryError> {
        on_store!(&mut self.store, s => s.runs_before(plan.before))
    }

    /// What scoring workers look the history up with, each on its own
    /// connection.
    pub(crate) fn recaller(&self) -> Recaller {
        Recaller {
            location: self.location.clone(),
            secret: self.secret.clone(),
            idle: std::sync::Arc::default(),
        }
    }

    /// Records the run of `plan` in one transaction, replacing the run of
    /// the same payroll and file; returns its id.
    pub fn record(&mut self, plan: &Plan, payouts: &[Recorded]) -> Result<i64, HistoryError> {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        on_store!(&mut self.store, s => s.record(plan, payouts, &now))
    }

    /// Erases an employee (on one payroll, else on every payroll): the
    /// right to erasure. Returns the payouts erased per payroll.
    pub fn forget(
        &mut self,
        employee: &str,
        payroll: Option<&str>,
    ) -> Result<Vec<(String, u64)>, HistoryError> {
        on_store!(&mut self.store, s => s.forget(employee, payroll))
    }

    /// Erases every payout paid before `day`; returns how many.
    pub fn prune(&mut self, day: Date) -> Result<u64, HistoryError> {
        on_store!(&mut self.store, s => s.prune(day.days()))
    }

    /// Runs, payrolls, payouts and keys held.
    pub fn stats(&mut self) -> Result<Stats, HistoryError> {
        on_store!(&mut self.store, s => s.stats())
    }
}

/// What tells whether a secret is a history's own: a digest of a fixed
/// label under it, which reveals nothing of it.
fn fingerprint(secret: &Secret) -> String {
    let mut mac = secret.mac();
    mac.update(b"payguard history secret check");
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// The SHA-256 of a file, read in blocks: what identifies a run of it.
pub fn file_sha256(path: &Path) -> Result<[u8; 32], HistoryError> {
    use sha2::Digest;
    use std::io::Read;
    let fail =
        |e: std::io::Error| HistoryError::Store(format!("cannot read {}: {e}", path.display()));
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0_u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(fail)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// The SHA-256 of bytes in memory (a case's rows, a request's body).
pub fn bytes_sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// The keyed digest of a roster key (its kind and 94 digest bits, as the
/// roster notes it): the first 64 bits of HMAC-SHA-256 under the secret.
/// Two keys of a history of 100 million meet by chance with odds of about
/// 3 in 10,000; such a meeting shows as a shared key for a reviewer to see.
fn keyed(secret: &Secret, key: u128) -> i64 {
    let mut mac = secret.mac();
    mac.update(&key.to_be_bytes());
    let out = mac.finalize().into_bytes();
    i64::from_be_bytes(out[..8].try_into().expect("32 bytes"))
}

/// Opens workers' look-ups and digests keys: the history's path and
/// secret, shared by the threads of a run, and the look-ups lent out
/// before and given back, which a service keeps open between requests.
#[derive(Clone)]
pub(crate) struct Recaller {
    location: Location,
    secret: Secret,
    idle: std::sync::Arc<std::sync::Mutex<Vec<Reader>>>,
}

impl std::fmt::Debug for Recaller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Recaller({})", self.location)
    }
}

/// A look-up lent by a [`Recaller`]: given back when dropped, its
/// connection kept open for the next borrower.
pub(crate) struct LentReader<'a> {
    reader: Option<Reader>,
    home: &'a std::sync::Mutex<Vec<Reader>>,
}

impl std::ops::Deref for LentReader<'_> {
    type Target = Reader;
    fn deref(&self) -> &Reader {
        self.reader.as_ref().expect("held until dropped")
    }
}

impl std::ops::DerefMut for LentReader<'_> {
    fn deref_mut(&mut self) -> &mut Reader {
        self.reader.as_mut().expect("held until dropped")
    }
}

impl Drop for LentReader<'_> {
    fn drop(&mut self) {
        // One that cannot end its read (a closed connection) is not kept.
        if let (Some(mut reader), Ok(mut idle)) = (self.reader.take(), self.home.lock())
            && reader.end_read().is_ok()
        {
            idle.push(reader);
        }
    }
}

impl Recaller {
    /// A look-up from those given back, else a new one: what it cached of
    /// crowded keys kept while the history has not changed. A PostgreSQL
    /// connection that closed meanwhile is dropped, not lent.
    pub fn lend(&self) -> Result<LentReader<'_>, HistoryError> {
        let kept = {
            let mut idle = self.idle.lock().map_err(|_| {
                HistoryError::Store("a look-up panicked; the history's pool is unusable".into())
            })?;
            std::iter::from_fn(|| idle.pop()).find(Reader::is_open)
        };
        let mut reader = match kept {
            Some(reader) => reader,
            None => self.reader()?,
        };
        // What it cached stays while the history is unchanged (an erased
        // employee must not linger in it), and within bounds.
        let now = match &mut reader.lookup {
            Lookup::Sqlite(l) => l.generation()?,
            Lookup::Postgres(l) => l.generation()?,
        };
        if now != reader.generation || reader.crowded.len() > CROWDED_KEPT {
            reader.crowded.clear();
            reader.generation = now;
        }
        Ok(LentReader {
            reader: Some(reader),
            home: &self.idle,
        })
    }

    /// A look-up of its own for one scoring worker.
    pub fn reader(&self) -> Result<Reader, HistoryError> {
        let lookup = match &self.location {
            Location::File(path) => Lookup::Sqlite(sqlite::Store::reader(path)?),
            Location::Postgres(url) => Lookup::Postgres(Box::new(postgres::Store::reader(url)?)),
        };
        Ok(Reader {
            lookup,
            crowded: std::collections::HashMap::new(),
            generation: None,
        })
    }

    /// The keyed digest of a roster key: what the history stores of it.
    pub fn digest(&self, key: u128) -> i64 {
        keyed(&self.secret, key)
    }

    /// The keyed digest of a destination as the file wrote it: its
    /// fields' text, trimmed, that name the account (a bank account's
    /// IBAN, number, routing number and country, a wallet's address, an
    /// e-wallet's provider and handle), not the plugin's key of it. When
    /// a payguard keys a destination otherwise than the one that recorded
    /// it (a spelling newly read as the same account), an employee paid
    /// to the same text as before is no account change. An account or
    /// routing number written in digits counts without its leading zeros,
    /// which a spreadsheet drops from one month's export and not the
    /// next's ("000123456789" at "021000021" is "123456789" at
    /// "21000021"): the same account, which keys recorded by a payguard
    /// before schema 3 told apart.
    pub fn written(&self, destination: &Destination) -> i64 {
        let mut mac = self.secret.mac();
        let field = |mac: &mut Hmac, text: Option<&str>| {
            mac.update(text.unwrap_or_default().trim().as_bytes());
            mac.update(&[0]);
        };
        match destination {
            Destination::Bank(bank) => {
                mac.update(b"written bank\0");
                field(&mut mac, bank.iban.as_deref());
                for number in [&bank.account_number, &bank.routing_number] {
                    field(
                        &mut mac,
                        number.as_deref().map(|n| without_leading_zeros(n.trim())),
                    );
                }
                field(&mut mac, bank.bank_country.as_deref());
            }
            Destination::Crypto(wallet) => {
                mac.update(b"written wallet\0");
                field(&mut mac, Some(&wallet.address));
            }
            Destination::EWallet(ewallet) => {
                mac.update(b"written e-wallet\0");
                field(&mut mac, Some(&ewallet.provider.trim().to_lowercase()));
                field(&mut mac, Some(&ewallet.handle));
            }
        }
        // 32 bits: it is compared only among one employee's own earlier
        // destinations, where two meet by chance with odds of about one in
        // four billion, and SQLite stores it in 4 bytes rather than 8.
        let out = mac.finalize().into_bytes();
        i64::from(i32::from_be_bytes(out[..4].try_into().expect("32 bytes")))
    }
}

/// One worker's connection.
enum Lookup {
    Sqlite(sqlite::Lookup),
    Postgres(Box<postgres::Lookup>),
}

/// One worker's look-ups, of keys already digested under the history's
/// secret.
pub(crate) struct Reader {
    lookup: Lookup,
    /// Keys many employees share (a facilitator's switchboard phone, a
    /// company holding hundreds of accounts), by (kind, key, day): every
    /// employee's latest sighting, looked up once, not once per payout.
    crowded: std::collections::HashMap<(KeyKind, i64, i64), Vec<Sighting>>,
    /// The history's change count when `crowded` was begun.
    generation: Option<String>,
}

/// Other employees on one key from which its sightings are kept for the
/// rest of a worker's run.
const CROWDED: usize = 16;

/// Crowded keys a lent look-up keeps between borrowers.
const CROWDED_KEPT: usize = 256;

/// What the history adds to one payout.
#[derive(Debug, Default)]
pub(crate) struct Recall {
    /// Per key kind, other employees' latest earlier payouts, latest first.
    pub others: Vec<(KeyKind, Vec<Sighting>)>,
    /// The employee's earlier destinations, the latest first.
    pub destinations: Vec<EarlierDestination>,
}

impl Recall {
    /// Adds `found` on a key of `kind`. A holder written several ways has
    /// a key per way (`Name::holder_keys`): what two of them found is one
    /// list, each employee once, at their latest payout, latest first.
    fn add(&mut self, kind: KeyKind, found: Vec<Sighting>) {
        let Some((_, all)) = self.others.iter_mut().find(|(k, _)| *k == kind) else {
            self.others.push((kind, found));
            return;
        };
        all.extend(found);
        all.sort_by_key(|s| std::cmp::Reverse(s.day));
        let mut seen = std::collections::HashSet::new();
        all.retain(|s| seen.insert((s.payroll_id, s.employee.clone())));
    }
}

/// What a large run's look-ups found, made once between the passes in key
/// and employee order (one sweep of each index rather than a seek per
/// payout), and read by every worker in pass 2.
#[derive(Debug, Default)]
pub(crate) struct Preloaded {
    /// Per (kind, digest, day): every employee's latest sighting but those
    /// of this run's employees who carry the key in it; a key not here
    /// has no other employee.
    keys: std::collections::HashMap<(KeyKind, i64, i64), Vec<Sighting>>,
    /// Per (employee, day): their earlier destinations with each one's
    /// digests, for the employees paid elsewhere than now; one not here
    /// has none other than this payout's.
    destinations: std::collections::HashMap<(String, i64), Vec<Earlier>>,
}

/// One payout of a run, as a look-up needs it: its employee, its day and
/// its roster keys' kinds and keyed digests ([`Recaller::digest`]).
pub(crate) struct Wanted<'a> {
    pub employee: &'a str,
    pub day: i64,
    pub keys: &'a [(KeyKind, i64)],
}

impl Reader {
    /// Starts one read of the history for the look-ups that follow, until
    /// [`Reader::end_read`] (see `sqlite::Lookup::begin_read`). A
    /// PostgreSQL look-up pays no lock per statement: nothing to do.
    pub fn begin_read(&mut self) -> Result<(), HistoryError> {
        match &mut self.lookup {
            Lookup::Sqlite(l) => l.begin_read(),
            Lookup::Postgres(_) => Ok(()),
        }
    }

    /// Ends the read [`Reader::begin_read`] started, if one is open.
    pub fn end_read(&mut self) -> Result<(), HistoryError> {
        match &mut self.lookup {
            Lookup::Sqlite(l) => l.end_read(),
            Lookup::Postgres(_) => Ok(()),
        }
    }

    /// Whether its connection can still be used.
    fn is_open(&self) -> bool {
        match &self.lookup {
            Lookup::Sqlite(_) => true,
            Lookup::Postgres(l) => l.is_open(),
        }
    }

    /// What the history holds for a payout of `employee` paid on `day`,
    /// with roster keys `keys` (kind, keyed digest: [`Recaller::digest`],
    /// made once per key for the look-up and the recording) and its destination as
    /// written `written` ([`Recaller::written`]): from `preloaded` when
    /// the run's look-ups were made in bulk, else looked up now.
    pub fn recall(
        &mut self,
        plan: &Plan,
        employee: &str,
        day: i64,
        keys: &[(KeyKind, i64)],
        written: Option<i64>,
        preloaded: Option<&Preloaded>,
    ) -> Result<Recall, HistoryError> {
        let mut recall = Recall::default();
        let own = |s: &Sighting| {
            Some(s.payroll_id) == plan.payroll_id && same_employee(&s.employee, employee)
        };
        for &(kind, digest) in keys {
            let others = match preloaded {
                Some(found) => found
                    .keys
                    .get(&(kind, digest, day))
                    .map(|all| all.iter().filter(|s| !own(s)).cloned().collect())
                    .unwrap_or_default(),
                None => self.others(plan, kind, digest, day, employee)?,
            };
            if !others.is_empty() {
                recall.add(kind, others);
            }
            if kind == KeyKind::Destination {
                recall.destinations = match preloaded {
                    Some(found) => found
                        .destinations
                        .get(&(employee.to_string(), day))
                        .map(|all| marked(all.iter().cloned(), digest, written))
                        .unwrap_or_default(),
                    None => marked(
                        self.digested_destinations(plan, employee, day)?,
                        digest,
                        written,
                    ),
                };
                // Paid only here before says nothing a first payout does
                // not: both pass nothing, whichever way it was looked up.
                if matches!(recall.destinations.as_slice(), [only] if only.current) {
                    recall.destinations.clear();
                }
            }
        }
        Ok(recall)
    }

    fn digested_destinations(
        &mut self,
        plan: &Plan,
        employee: &str,
        day: i64,
    ) -> Result<Vec<Earlier>, HistoryError> {
        match &mut self.lookup {
            Lookup::Sqlite(l) => l.destinations(plan, employee, day),
            Lookup::Postgres(l) => l.destinations(plan, employee, day),
        }
    }

    /// Looks up a whole run's payouts at once on `readers` (each its own
    /// connection, one thread each), keys in digest order and employees in
    /// id order, keeping only what differs from a payout's own past: keys
    /// someone else holds, employees paid elsewhere.
    pub fn preload(
        readers: &mut [Reader],
        plan: &Plan,
        run: &[Wanted<'_>],
    ) -> Result<Preloaded, HistoryError> {
        // Each key, its day and the run's employees that carry it.
        let mut keys: Vec<(KeyKind, i64, i64, &str)> = run
            .iter()
            .flat_map(|w| {
                w.keys
                    .iter()
                    .map(|&(kind, digest)| (kind, digest, w.day, w.employee))
            })
            .collect();
        keys.sort_unstable_by(|a, b| (a.1, a.0 as u8, a.2, a.3).cmp(&(b.1, b.0 as u8, b.2, b.3)));
        let key_groups: Vec<&[(KeyKind, i64, i64, &str)]> = keys
            .chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2))
            .collect();
        // Each employee and day, with the destinations paid now.
        let mut employees: Vec<(&str, i64, i64)> = run
            .iter()
            .flat_map(|w| {
                w.keys
                    .iter()
                    .filter(|(kind, _)| *kind == KeyKind::Destination)
                    .map(|&(_, digest)| (w.employee, w.day, digest))
            })
            .collect();
        employees.sort_unstable();
        let employee_groups: Vec<&[(&str, i64, i64)]> = employees
            .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
            .collect();
        // Contiguous shares, so each connection still sweeps in order.
        let share = |n: usize| n.div_ceil(readers.len()).max(1);
        let (key_share, employee_share) = (share(key_groups.len()), share(employee_groups.len()));
        let parts: Vec<Result<Preloaded, HistoryError>> = std::thread::scope(|scope| {
            let workers: Vec<_> = readers
                .iter_mut()
                .zip(
                    key_groups
                        .chunks(key_share)
                        .map(Some)
                        .chain(std::iter::repeat(None)),
                )
                .zip(
                    employee_groups
                        .chunks(employee_share)
                        .map(Some)
                        .chain(std::iter::repeat(None)),
                )
                .map(|((reader, keys), employees)| {
                    scope.spawn(move || {
                        reader.sweep(
                            plan,
                            keys.unwrap_or_default(),
                            employees.unwrap_or_default(),
                        )
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a look-up thread does not panic"))
                .collect()
        });
        let mut found = Preloaded::default();
        for part in parts {
            let part = part?;
            found.keys.extend(part.keys);
            found.destinations.extend(part.destinations);
        }
        Ok(found)
    }

    /// One connection's share of [`Reader::preload`].
    fn sweep(
        &mut self,
        plan: &Plan,
        keys: &[&[(KeyKind, i64, i64, &str)]],
        employees: &[&[(&str, i64, i64)]],
    ) -> Result<Preloaded, HistoryError> {
        self.begin_read()?;
        let found = self.swept(plan, keys, employees);
        self.end_read()?;
        found
    }

    /// [`Reader::sweep`]'s look-ups, in one read.
    fn swept(
        &mut self,
        plan: &Plan,
        keys: &[&[(KeyKind, i64, i64, &str)]],
        employees: &[&[(&str, i64, i64)]],
    ) -> Result<Preloaded, HistoryError> {
        let mut found = Preloaded::default();
        for group in keys {
            let (kind, digest, day, _) = group[0];
            let all = match &mut self.lookup {
                Lookup::Sqlite(l) => l.others(plan, kind, digest, day, None),
                Lookup::Postgres(l) => l.others(plan, kind, digest, day, None),
            }?;
            // Every payout carrying the key counts this run's employees
            // who carry it already (`remember` leaves them out): they are
            // left out here once, not cloned whole for each of them, which
            // made a key a thousand employees share a million sightings
            // copied. The common key, one employee of this run and no one
            // else in the history, leaves nothing.
            let carriers: std::collections::HashSet<&str> =
                group.iter().map(|g| without_leading_zeros(g.3)).collect();
            let others: Vec<Sighting> = all
                .into_iter()
                .filter(|s| {
                    !(same_payroll(plan, s)
                        && carriers.contains(without_leading_zeros(&s.employee)))
                })
                .collect();
            if !others.is_empty() {
                found.keys.insert((kind, digest, day), others);
            }
        }
        for group in employees {
            let (employee, day, _) = group[0];
            let earlier = self.digested_destinations(plan, employee, day)?;
            let only_now =
                matches!(earlier.as_slice(), [e] if group.iter().all(|g| g.2 == e.digest));
            if !earlier.is_empty() && !only_now {
                found
                    .destinations
                    .insert((employee.to_string(), day), earlier);
            }
        }
        Ok(found)
    }
}

impl Reader {
    /// Other employees' latest sightings of a key, latest first.
    fn others(
        &mut self,
        plan: &Plan,
        kind: KeyKind,
        digest: i64,
        day: i64,
        employee: &str,
    ) -> Result<Vec<Sighting>, HistoryError> {
        let own = |s: &Sighting| {
            Some(s.payroll_id) == plan.payroll_id && same_employee(&s.employee, employee)
        };
        if let Some(all) = self.crowded.get(&(kind, digest, day)) {
            return Ok(all.iter().filter(|s| !own(s)).cloned().collect());
        }
        let mut query = |employee: Option<&str>| match &mut self.lookup {
            Lookup::Sqlite(l) => l.others(plan, kind, digest, day, employee),
            Lookup::Postgres(l) => l.others(plan, kind, digest, day, employee),
        };
        // The query leaves out the employee id as written; the id another
        // export wrote without its leading zeros is left out here.
        let others: Vec<Sighting> = query(Some(employee))?
            .into_iter()
            .filter(|s| !own(s))
            .collect();
        if others.len() >= CROWDED {
            let all = query(None)?;
            self.crowded.insert((kind, digest, day), all);
        }
        Ok(others)
    }
}

/// Earlier destinations as the rules take them, each marked current when
/// it is the payout's own destination, by key or as written.
fn marked(
    earlier: impl IntoIterator<Item = Earlier>,
    digest: i64,
    written: Option<i64>,
) -> Vec<EarlierDestination> {
    earlier
        .into_iter()
        .map(|e| EarlierDestination {
            current: e.is(digest, written),
            ..e.destination
        })
        .collect()
}

/// Whether two employee ids of one payroll name one employee: written
/// alike, or in digits alike but for leading zeros ("000123" and "123":
/// a spreadsheet drops them from an id it reads as a number, so one
/// month's export and the next disagree, and the employee's own account
/// looked shared with themselves).
pub(crate) fn same_employee(a: &str, b: &str) -> bool {
    without_leading_zeros(a) == without_leading_zeros(b)
}

/// Sightings as the rules take them: at most ten, latest first.
pub(crate) fn earlier_payouts(
    plan: &Plan,
    sightings: &[Sighting],
) -> Vec<crate::model::EarlierPayout> {
    sightings
        .iter()
        .take(MAX_EARLIER)
        .map(|s| crate::model::EarlierPayout {
            employee: s.employee.clone(),
            payout: s.payout.clone(),
            payroll: s.payroll.clone(),
            other_payroll: Some(s.payroll_id) != plan.payroll_id,
            pay_date: date_of(s.day),
        })
        .collect()
}

/// Whether a sighting is of `plan`'s own payroll (so its employee may be
/// one of this run's).
pub(crate) fn same_payroll(plan: &Plan, s: &Sighting) -> bool {
    Some(s.payroll_id) == plan.payroll_id
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
pub fn date_of(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_round_trip() {
        for days in [-719_162, 0, 59, 60, 11_016, 20_000, 20_818, 40_000] {
            assert_eq!(date_of(days).days(), days, "{days}");
        }
        assert_eq!(date_of(0).to_string(), "1970-01-01");
        assert_eq!(date_of(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn what_several_keys_of_one_kind_found_is_one_list_of_employees() {
        let seen = |employee: &str, day| Sighting {
            payroll_id: 1,
            payroll: "acme".into(),
            employee: employee.into(),
            payout: format!("{employee}-{day}"),
            day,
        };
        let mut recall = Recall::default();
        recall.add(KeyKind::AccountHolder, vec![seen("E2", 20), seen("E3", 10)]);
        recall.add(KeyKind::Phone, vec![seen("E2", 20)]);
        // The same holder's other key finds E2 again, and E4.
        recall.add(KeyKind::AccountHolder, vec![seen("E4", 30), seen("E2", 20)]);
        let found: Vec<(KeyKind, Vec<&str>)> = recall
            .others
            .iter()
            .map(|(kind, all)| (*kind, all.iter().map(|s| s.employee.as_str()).collect()))
            .collect();
        assert_eq!(
            found,
            [
                (KeyKind::AccountHolder, vec!["E4", "E2", "E3"]),
                (KeyKind::Phone, vec!["E2"]),
            ]
        );
    }

    #[test]
    fn an_id_without_its_leading_zeros_is_the_same_employee() {
        assert!(same_employee("000123", "123"));
        assert!(same_employee("E-7", "E-7"));
        assert!(same_employee("0", "000"));
        assert!(!same_employee("E-0123", "E-123"), "written as text: kept");
        assert!(!same_employee("1230", "123"));
        assert!(!same_employee("", "0"));
    }

    #[test]
    fn keys_are_digested_under_the_secret() {
        let dir = std::env::temp_dir().join(format!("payguard-keyed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.key"), dir.join("b.key"));
        let (a, b) = (
            Secret::open(&a, true).unwrap(),
            Secret::open(&b, true).unwrap(),
        );
        assert_eq!(keyed(&a, 7), keyed(&a, 7));
        assert_ne!(keyed(&a, 7), keyed(&a, 8));
        assert_ne!(
            keyed(&a, 7),
            keyed(&b, 7),
            "another installation, other keys"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
