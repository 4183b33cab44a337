//! `payguard score --history` and `payguard history` end to end: the quick
//! start's three months, recording all or nothing (a killed process, a
//! full disk), two processes recording at once, the schema and the secret,
//! and the history subcommands.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{ndjson, payguard, root, temp};

/// A fresh history path (and no secret beside it) for one test.
fn fresh(name: &str) -> PathBuf {
    let path = temp(name);
    for p in [path.clone(), key_of(&path)] {
        let _ = std::fs::remove_file(p);
    }
    path
}

fn key_of(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}.key", db.display()))
}

/// Runs payguard with `args` and environment `env`.
fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_payguard"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("run payguard")
}

/// Scores an example month against `db` on `payroll`: (payout, decision,
/// rules) per row.
fn month(db: &Path, file: &str, payroll: &str) -> Vec<(String, String, Vec<String>)> {
    let db = db.display().to_string();
    let run = payguard(&[
        "score",
        &format!("examples/history/{file}"),
        "--history",
        &db,
        "--payroll",
        payroll,
        "--format",
        "ndjson",
    ]);
    assert!(run.code <= 1, "{}", run.stderr);
    decisions(&run.stdout)
}

/// (payout, decision, rules) per row of NDJSON results.
fn decisions(ndjson_text: &str) -> Vec<(String, String, Vec<String>)> {
    ndjson(ndjson_text)
        .iter()
        .map(|r| {
            let mut rules: Vec<String> = r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap().to_string())
                .collect();
            rules.sort();
            (
                r["payout_id"].as_str().unwrap().to_string(),
                r["decision"].as_str().unwrap().to_string(),
                rules,
            )
        })
        .collect()
}

fn stats(db: &Path) -> serde_json::Value {
    let run = payguard(&[
        "history",
        "stats",
        "--history",
        &db.display().to_string(),
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn rules(list: &[&str]) -> Vec<String> {
    list.iter().map(|r| r.to_string()).collect()
}

/// The history's quick start (docs/history.md): three months of one client scored in order;
/// the third flags what only the history shows, and a second client's
/// payroll meets the first's account.
#[test]
fn three_months_in_order_flag_what_only_history_shows() {
    let db = fresh("quick-start.db");
    let september = month(&db, "acme-2026-09.csv", "acme");
    assert!(
        september.iter().all(|(_, d, _)| d == "allow"),
        "{september:?}"
    );
    let october = month(&db, "acme-2026-10.csv", "acme");
    assert_eq!(
        october[2],
        (
            "ACME-10-003".into(),
            "allow".into(),
            rules(&["account-change"])
        )
    );
    let november = month(&db, "acme-2026-11.csv", "acme");
    let by_id = |id: &str| november.iter().find(|(p, _, _)| p == id).unwrap().clone();
    assert_eq!(
        by_id("ACME-11-002"),
        (
            "ACME-11-002".into(),
            "review".into(),
            rules(&["account-change", "e-money", "non-local-bank-in-area"])
        ),
        "Jonas's change to a Wise IBAN, with no date column"
    );
    assert_eq!(
        by_id("ACME-11-003").2,
        rules(&["account-change", "repeated-account-change"]),
        "Kevin's third bank in three months"
    );
    assert_eq!(
        by_id("ACME-11-005").2,
        rules(&["shared-destination"]),
        "Daniel, hired in November, paid to the account of Mark, who left in September"
    );
    assert_eq!(by_id("ACME-11-001").1, "allow");
    let globex = month(&db, "globex-2026-11.csv", "globex");
    assert_eq!(globex[0].2, rules(&["shared-destination"]));
    let run = payguard(&[
        "explain",
        "GLX-11-001",
        "examples/history/globex-2026-11.csv",
        "--history",
        &db.display().to_string(),
        "--payroll",
        "globex",
    ]);
    assert!(
        run.stdout
            .contains("E-105 (another payroll, acme, paid 2026-11-27)"),
        "explain names the earlier payout, its payroll and pay date:\n{}",
        run.stdout
    );
    let held = stats(&db);
    assert_eq!(
        (held["runs"].as_u64(), held["payrolls"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(held["payouts"].as_u64(), Some(16));
    // Scored again, November replaces itself and gives the same results.
    assert_eq!(month(&db, "acme-2026-11.csv", "acme"), november);
    assert_eq!(stats(&db)["payouts"], held["payouts"]);
}

/// Held by each test of the one PostgreSQL test database, so that no two
/// run at once.
static POSTGRES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The PostgreSQL test database to itself, for one test.
fn postgres_alone() -> std::sync::MutexGuard<'static, ()> {
    POSTGRES.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh PostgreSQL history (its schema dropped) and its secret, when
/// `PAYGUARD_TEST_POSTGRES` names a test database (`scripts/test` sets it).
/// Hold [`postgres_alone`] while using it.
fn fresh_postgres(name: &str) -> Option<(String, String)> {
    let url = std::env::var("PAYGUARD_TEST_POSTGRES").ok()?;
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test database");
    admin
        .batch_execute("DROP SCHEMA IF EXISTS payguard CASCADE")
        .unwrap();
    let secret = temp(&format!("{name}.key"));
    let _ = std::fs::remove_file(&secret);
    Some((url, secret.display().to_string()))
}

/// The history options for a location and its secret.
fn with<'a>(location: &'a str, secret: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = rest.to_vec();
    args.extend(["--history", location, "--history-secret", secret]);
    args
}

fn stats_of(location: &str, secret: &str) -> serde_json::Value {
    let run = payguard(&with(location, secret, &["history", "stats", "--json"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// PostgreSQL: a killed recording leaves nothing; two at once both land.
/// One test, as both use the one test database.
#[test]
fn postgresql_records_all_or_nothing_and_one_run_at_a_time() {
    let _alone = postgres_alone();
    let Some((url, secret)) = fresh_postgres("pg-history") else {
        eprintln!(
            "PAYGUARD_TEST_POSTGRES is not set: PostgreSQL not tested here (scripts/test sets it)"
        );
        return;
    };
    let score = |file: &str, payroll: &str| {
        with(
            &url,
            &secret,
            &[
                "score",
                file,
                "--payroll",
                payroll,
                "--quiet",
                "--format",
                "csv",
            ],
        )
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    };
    let first = score("examples/history/acme-2026-09.csv", "acme");
    let run = payguard(&first.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = stats_of(&url, &secret);
    let october = score("examples/history/acme-2026-10.csv", "acme");
    let args: Vec<&str> = october.iter().map(String::as_str).collect();
    let killed = run_with(&args, &[("PAYGUARD_TEST_ABORT_RECORDING", "2")]);
    assert!(!killed.status.success() && killed.status.code() != Some(1));
    assert_eq!(stats_of(&url, &secret)["payouts"], before["payouts"]);
    assert_eq!(stats_of(&url, &secret)["runs"], before["runs"]);
    let spawn = |args: Vec<String>| {
        Command::new(env!("CARGO_BIN_EXE_payguard"))
            .args(args)
            .env("PAYGUARD_TEST_RECORD_DELAY_MS", "500")
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn payguard")
    };
    let a = spawn(october.clone());
    let b = spawn(score("examples/history/globex-2026-11.csv", "globex"));
    for mut child in [a, b] {
        let status = child.wait().unwrap();
        assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    }
    let held = stats_of(&url, &secret);
    assert_eq!(
        (held["runs"].as_u64(), held["payouts"].as_u64()),
        (Some(3), Some(11))
    );
    let other = temp("pg-other.key");
    std::fs::write(&other, format!("{}\n", "ab".repeat(32))).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let run = payguard(&with(
        &url,
        &other.display().to_string(),
        &["history", "stats"],
    ));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not the secret the history"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(":payguard_test@") || !url.contains(":payguard_test@"),
        "no password in messages"
    );
}

#[test]
fn a_killed_process_or_a_full_disk_leaves_the_history_as_it_was() {
    let db = fresh("atomic.db");
    month(&db, "acme-2026-09.csv", "acme");
    let before = stats(&db);
    let location = db.display().to_string();
    let args = [
        "score",
        "examples/history/acme-2026-10.csv",
        "--history",
        &location,
        "--payroll",
        "acme",
        "--quiet",
    ];
    // Killed after two of four payouts are written, inside the transaction.
    let killed = run_with(&args, &[("PAYGUARD_TEST_ABORT_RECORDING", "2")]);
    assert!(!killed.status.success() && killed.status.code() != Some(1));
    assert_eq!(stats(&db), before, "nothing of the killed run is left");
    // The disk fills up: SQLite answers SQLITE_FULL and the run is
    // refused. The history may not grow by a page (a page count under
    // the file's own is its own), and 500 payouts need new pages.
    let big = temp("atomic-big.csv");
    let mut text = String::from(
        "payout_id,employee_id,employee_name,residence_country,amount,currency,iban,pay_date\n",
    );
    for i in 0..500 {
        text.push_str(&format!(
            "B-{i},E-{i},Anna Schmidt,DE,100.00,EUR,DE89370400440532013000,2026-10-30\n"
        ));
    }
    std::fs::write(&big, text).unwrap();
    let big = big.display().to_string();
    let full_args = [
        "score",
        &big,
        "--history",
        &location,
        "--quiet",
        "--format",
        "csv",
    ];
    let full = run_with(&full_args, &[("PAYGUARD_TEST_MAX_PAGES", "1")]);
    assert_eq!(full.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(stderr.contains("history:"), "{stderr}");
    assert_eq!(stats(&db), before, "nothing of the refused run is left");
    // And the next run records as if nothing had happened.
    month(&db, "acme-2026-10.csv", "acme");
    assert_eq!(stats(&db)["runs"].as_u64(), Some(2));
}

#[test]
fn two_processes_recording_at_once_both_land() {
    let db = fresh("concurrent.db");
    month(&db, "acme-2026-09.csv", "acme");
    let location = db.display().to_string();
    let spawn = |file: &str, payroll: &str| {
        Command::new(env!("CARGO_BIN_EXE_payguard"))
            .args([
                "score",
                file,
                "--history",
                &location,
                "--payroll",
                payroll,
                "--quiet",
                "--format",
                "ndjson",
            ])
            // Each holds the write lock half a second: the other waits.
            .env("PAYGUARD_TEST_RECORD_DELAY_MS", "500")
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn payguard")
    };
    let a = spawn("examples/history/acme-2026-10.csv", "acme");
    let b = spawn("examples/history/globex-2026-11.csv", "globex");
    for mut child in [a, b] {
        let status = child.wait().unwrap();
        assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    }
    let held = stats(&db);
    assert_eq!(held["runs"].as_u64(), Some(3));
    assert_eq!(held["payouts"].as_u64(), Some(5 + 4 + 2));
}

/// The quick start's September and October as an earlier payguard
/// recorded them (history schema 1 or 2), in SQLite and as a PostgreSQL
/// dump, under one secret: see `tests/fixtures/history/schema-1/make.sh`.
fn fixture(schema: i64) -> PathBuf {
    root().join(format!("tests/fixtures/history/schema-{schema}"))
}

/// A private copy of a fixture's secret.
fn fixture_secret(schema: i64, name: &str) -> PathBuf {
    let secret = temp(name);
    std::fs::copy(fixture(schema).join("acme.db.key"), &secret).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    secret
}

/// What a history recorded by this payguard gives November after the
/// quick start's September and October.
fn november_after_two_months(name: &str) -> Vec<(String, String, Vec<String>)> {
    let db = fresh(name);
    month(&db, "acme-2026-09.csv", "acme");
    month(&db, "acme-2026-10.csv", "acme");
    month(&db, "acme-2026-11.csv", "acme")
}

/// The SQLite fixture of `schema` opens as this payguard's schema, with
/// every run and payout it held, and November scores against it as
/// against a history recorded now.
fn sqlite_history_migrates(schema: i64) {
    let db = fresh(&format!("schema-{schema}.db"));
    std::fs::copy(fixture(schema).join("acme.db"), &db).unwrap();
    let secret = fixture_secret(schema, &format!("schema-{schema}.db.key"));
    assert_eq!(key_of(&db), secret);
    let version = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(), schema, "the fixture is of schema {schema}");
    let held = stats(&db);
    assert_eq!((held["schema"].as_i64(), version()), (Some(3), 3));
    assert_eq!(
        (held["runs"].as_u64(), held["payouts"].as_u64()),
        (Some(2), Some(9))
    );
    assert_eq!(
        month(&db, "acme-2026-11.csv", "acme"),
        november_after_two_months(&format!("from-{schema}.db")),
        "November against the migrated history, as against one recorded now"
    );
    assert_eq!(stats(&db)["runs"].as_u64(), Some(3));
}

#[test]
fn a_sqlite_history_of_schema_1_opens_as_schema_3_with_all_it_held() {
    sqlite_history_migrates(1);
}

#[test]
fn a_sqlite_history_of_schema_2_opens_as_schema_3_with_all_it_held() {
    sqlite_history_migrates(2);
}

/// As [`sqlite_history_migrates`], in PostgreSQL.
fn postgresql_history_migrates(schema: i64) {
    let _alone = postgres_alone();
    let Some((url, _)) = fresh_postgres(&format!("pg-schema-{schema}")) else {
        eprintln!("PAYGUARD_TEST_POSTGRES is not set: PostgreSQL not tested here");
        return;
    };
    let dump = std::fs::read_to_string(fixture(schema).join("acme.pg.sql")).unwrap();
    postgres::Client::connect(&url, postgres::NoTls)
        .unwrap()
        .batch_execute(&dump)
        .unwrap();
    let secret = fixture_secret(schema, &format!("pg-schema-{schema}.key"));
    let secret = secret.display().to_string();
    let held = stats_of(&url, &secret);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let stored: String = admin
        .query_one("SELECT value FROM payguard.meta WHERE name = 'schema'", &[])
        .unwrap()
        .get(0);
    assert_eq!((held["schema"].as_i64(), stored.as_str()), (Some(3), "3"));
    assert_eq!(
        (held["runs"].as_u64(), held["payouts"].as_u64()),
        (Some(2), Some(9))
    );
    let run = payguard(&with(
        &url,
        &secret,
        &[
            "score",
            "examples/history/acme-2026-11.csv",
            "--payroll",
            "acme",
            "--format",
            "ndjson",
        ],
    ));
    assert!(run.code <= 1, "{}", run.stderr);
    assert_eq!(
        decisions(&run.stdout),
        november_after_two_months(&format!("pg-from-{schema}.db"))
    );
}

#[test]
fn a_postgresql_history_of_schema_1_opens_as_schema_3_with_all_it_held() {
    postgresql_history_migrates(1);
}

#[test]
fn a_postgresql_history_of_schema_2_opens_as_schema_3_with_all_it_held() {
    postgresql_history_migrates(2);
}

/// November's account-change findings, by payout.
fn account_changes(results: &[(String, String, Vec<String>)]) -> Vec<(String, Vec<String>)> {
    results
        .iter()
        .map(|(payout, _, rules)| {
            let changes = rules.iter().filter(|r| r.contains("account-change"));
            (payout.clone(), changes.cloned().collect())
        })
        .collect()
}

#[test]
fn a_destination_another_payguard_keyed_otherwise_but_written_alike_is_no_account_change() {
    // A later payguard may key a destination otherwise than the one that
    // recorded it (a spelling newly read as the same account). Every key
    // of September and October is changed here as such a payguard would
    // see them; what the file wrote is not.
    let rekeyed = |name: &str, forget_written: bool| {
        let db = fresh(name);
        month(&db, "acme-2026-09.csv", "acme");
        month(&db, "acme-2026-10.csv", "acme");
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("UPDATE payouts SET destination = ~destination", [])
            .unwrap();
        if forget_written {
            conn.execute("UPDATE payouts SET written = NULL", [])
                .unwrap();
        }
        drop(conn);
        month(&db, "acme-2026-11.csv", "acme")
    };
    let recorded_now = account_changes(&november_after_two_months("keyed-now.db"));
    // Jonas's new Wise IBAN and Kevin's third bank are changes, and no one
    // else's pay moved.
    assert_eq!(
        recorded_now
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>(),
        ["ACME-11-002", "ACME-11-003"]
    );
    assert_eq!(
        account_changes(&rekeyed("rekeyed.db", false)),
        recorded_now,
        "the text as written meets where the keys do not"
    );
    // Without it (a payout recorded before history schema 3), every
    // employee paid before looks paid elsewhere; Daniel, new in November,
    // was paid nowhere before.
    let blind = account_changes(&rekeyed("rekeyed-unwritten.db", true));
    let changed: Vec<&str> = (blind.iter())
        .filter(|(_, c)| c.iter().any(|r| r == "account-change"))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(
        changed,
        ["ACME-11-001", "ACME-11-002", "ACME-11-003", "ACME-11-004"]
    );
}

#[test]
fn a_history_of_a_newer_schema_is_refused_naming_both_versions() {
    let db = fresh("newer.db");
    month(&db, "acme-2026-09.csv", "acme");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 4).unwrap();
    conn.execute(
        "UPDATE meta SET value = 'payguard 9.0.0' WHERE name = 'written-by'",
        [],
    )
    .unwrap();
    drop(conn);
    let run = payguard(&["history", "stats", "--history", &db.display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("schema 4, written by payguard 9.0.0")
            && run.stderr.contains("(history schema 3)"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_secret_is_private_and_needed() {
    let db = fresh("secret.db");
    month(&db, "acme-2026-09.csv", "acme");
    let key = key_of(&db);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let db_mode = std::fs::metadata(&db).unwrap().permissions().mode();
        assert_eq!(
            db_mode & 0o077,
            0,
            "the history holds employee ids: private too"
        );
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let run = payguard(&["history", "stats", "--history", &db.display().to_string()]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);
    }
    std::fs::remove_file(&key).unwrap();
    let run = payguard(&["history", "stats", "--history", &db.display().to_string()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("secret") && run.stderr.contains("missing"),
        "{}",
        run.stderr
    );
    // The history holds no account: no IBAN, name or phone in its bytes.
    let bytes = std::fs::read(&db).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    for secret in [
        "DE89370400440532013000",
        "3704",
        "Anna",
        "Schmidt",
        "+49",
        "901820",
    ] {
        assert!(!text.contains(secret), "{secret} is in the history file");
    }
}

#[test]
fn import_no_record_forget_and_prune() {
    let db = fresh("admin.db");
    let location = db.display().to_string();
    let run = payguard(&[
        "history",
        "import",
        "examples/history/acme-2026-09.csv",
        "examples/history/acme-2026-10.csv",
        "--history",
        &location,
        "--payroll",
        "acme",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("acme-2026-09.csv: 5 payouts recorded on payroll acme"),
        "{}",
        run.stdout
    );
    assert_eq!(stats(&db)["payouts"].as_u64(), Some(9));
    // Scored without recording: flagged against the history, not kept.
    let run = payguard(&[
        "score",
        "examples/history/acme-2026-11.csv",
        "--history",
        &location,
        "--payroll",
        "acme",
        "--no-record",
        "--format",
        "ndjson",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("2 earlier runs; not recorded"),
        "{}",
        run.stderr
    );
    assert_eq!(stats(&db)["runs"].as_u64(), Some(2));
    // The right to erasure.
    let run = payguard(&[
        "history",
        "forget",
        "--history",
        &location,
        "--employee",
        "E-104",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "erased employee E-104 on payroll acme: 1 payouts"
    );
    let run = payguard(&[
        "history",
        "forget",
        "--history",
        &location,
        "--employee",
        "E-104",
    ]);
    assert_eq!(run.code, 2, "nothing left to erase is said");
    assert_eq!(stats(&db)["payouts"].as_u64(), Some(8));
    let november = month(&db, "acme-2026-11.csv", "acme");
    assert!(
        november
            .iter()
            .any(|(p, d, _)| p == "ACME-11-005" && d == "allow"),
        "with E-104 forgotten, Daniel's account is his own: {november:?}"
    );
    let run = payguard(&[
        "history",
        "prune",
        "--history",
        &location,
        "--before",
        "2026-10-01",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "erased 4 payouts paid before 2026-10-01");
    let held = stats(&db);
    assert_eq!(
        (held["runs"].as_u64(), held["payouts"].as_u64()),
        (Some(2), Some(9))
    );
    assert_eq!(held["first_pay_date"], "2026-10-30");
}
