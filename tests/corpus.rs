//! The case corpus (`tests/cases/`) through the plugin and through the
//! native rules: every case passes on both, and both give the very same
//! report rows, case by case, with no list of exceptions, whether pass 1's
//! provisional outcomes were kept or judged again.

use payguard::cases::{self, Case};
use payguard::output::ReportRow;
use payguard::plugin::EMBEDDED;
use payguard::{Limits, Plugin, Policy};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn plugin_rows(plugin: &Plugin, case: &Case, policy: &Policy) -> Vec<ReportRow> {
    let rows = case.rows().expect("readable rows");
    let mut out = Vec::new();
    plugin
        .score(rows.as_slice(), policy, |r| out.push(r))
        .expect("scored by the plugin");
    out
}

fn native_rows(case: &Case, policy: &Policy, limits: &Limits) -> Vec<ReportRow> {
    let rows = case.rows().expect("readable rows");
    let mut out = Vec::new();
    payguard::native::score(rows.as_slice(), policy, limits, |r| out.push(r))
        .expect("scored natively");
    out
}

/// The history cases (`tests/history-cases/`): each run of each case
/// against a fresh history, through the plugin and through the native
/// rules, which must agree run by run. The plugin's runs are looked up in
/// one sweep between the passes (as a large run is), the native rules'
/// payout by payout: both ways must give the same rows.
#[test]
fn every_history_case_passes_on_the_plugin_and_the_native_rules_alike() {
    let files = cases::load(&root().join("tests/history-cases")).expect("the history cases read");
    let limits = Limits {
        threads: 1,
        history_bulk_rows: u64::MAX,
        ..Limits::default()
    };
    let swept = Limits {
        history_bulk_rows: 0,
        ..limits
    };
    let plugin = Plugin::from_bytes(EMBEDDED, swept).unwrap();
    let base = plugin.default_policy().unwrap();
    let scratch = std::env::temp_dir().join(format!("payguard-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut problems = Vec::new();
    let mut count = 0;
    for file in &files {
        for case in &file.cases {
            count += 1;
            let at = format!("{}: {}", file.path.display(), case.name);
            let seen = std::cell::RefCell::new(Vec::new());
            let by_plugin = cases::by_plugin(&plugin);
            let sandboxed = |rows: &[payguard::input::Row],
                             policy: &Policy,
                             history: &mut payguard::history::History,
                             plan: &payguard::history::Plan,
                             record: bool| {
                let out = by_plugin(rows, policy, history, plan, record)?;
                seen.borrow_mut().push(out.clone());
                Ok(out)
            };
            for failure in
                cases::run_history(case, &base, &scratch.join(format!("p{count}")), &sandboxed)
            {
                problems.push(format!("{at}: plugin: {failure}"));
            }
            let runs = std::cell::Cell::new(0);
            let native = |rows: &[payguard::input::Row],
                          policy: &Policy,
                          history: &mut payguard::history::History,
                          plan: &payguard::history::Plan,
                          record: bool| {
                let mut out = Vec::new();
                payguard::native::score_against(
                    rows,
                    policy,
                    &limits,
                    history,
                    plan,
                    record,
                    |r| out.push(r),
                )
                .map_err(|e| e.to_string())?;
                let n = runs.get();
                runs.set(n + 1);
                if seen.borrow().get(n) != Some(&out) {
                    return Err(format!(
                        "the plugin and the native rules differ on run {}",
                        n + 1
                    ));
                }
                Ok(out)
            };
            for failure in
                cases::run_history(case, &base, &scratch.join(format!("n{count}")), &native)
            {
                problems.push(format!("{at}: native: {failure}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("{count} history cases");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(count >= 15, "the history corpus holds {count} cases");
}

/// The history cases in PostgreSQL, when `PAYGUARD_TEST_POSTGRES` names a
/// database the tests may own (`scripts/test` starts a server and sets
/// it): each case in a fresh `payguard` schema, looked up payout by payout
/// in one pass over the cases and in one sweep per run in another.
#[test]
fn every_history_case_passes_in_postgresql() {
    let Ok(url) = std::env::var("PAYGUARD_TEST_POSTGRES") else {
        eprintln!(
            "PAYGUARD_TEST_POSTGRES is not set: the PostgreSQL history is not tested here (scripts/test sets it)"
        );
        return;
    };
    for history_bulk_rows in [u64::MAX, 0] {
        history_cases_in_postgresql(&url, history_bulk_rows);
    }
}

fn history_cases_in_postgresql(url: &str, history_bulk_rows: u64) {
    let files = cases::load(&root().join("tests/history-cases")).expect("the history cases read");
    let limits = Limits {
        threads: 2,
        history_bulk_rows,
        ..Limits::default()
    };
    let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
    let base = plugin.default_policy().unwrap();
    let secret =
        std::env::temp_dir().join(format!("payguard-pg-corpus-{}.key", std::process::id()));
    let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("the test database");
    let mut problems = Vec::new();
    let mut count = 0;
    for file in &files {
        for case in &file.cases {
            count += 1;
            admin
                .batch_execute("DROP SCHEMA IF EXISTS payguard CASCADE")
                .unwrap();
            let mut history = payguard::history::History::open(url, Some(&secret)).unwrap();
            let score = cases::by_plugin(&plugin);
            for failure in cases::run_in(case, &base, &mut history, &score) {
                problems.push(format!("{}: {}: {failure}", file.path.display(), case.name));
            }
        }
    }
    admin
        .batch_execute("DROP SCHEMA IF EXISTS payguard CASCADE")
        .unwrap();
    let _ = std::fs::remove_file(&secret);
    println!("{count} history cases in PostgreSQL (swept from {history_bulk_rows} rows)");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_case_passes_on_the_plugin_and_the_native_rules_alike() {
    let files = cases::load(&root().join("tests/cases")).expect("the corpus reads");
    let limits = Limits {
        threads: 1,
        ..Limits::default()
    };
    let judged_again = Limits {
        provisional_bytes: 0,
        ..limits
    };
    let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
    let base = plugin.default_policy().unwrap();
    let mut problems = Vec::new();
    let mut count = 0;
    for file in &files {
        for case in &file.cases {
            count += 1;
            let at = format!("{}: {}", file.path.display(), case.name);
            let policy = match case.policy(&base) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("{at}: policy: {e}"));
                    continue;
                }
            };
            let sandboxed = plugin_rows(&plugin, case, &policy);
            // The plugin keeps every provisional outcome; the native rules
            // keep none with findings, so pass 2 judges those again.
            let native = native_rows(case, &policy, &judged_again);
            if sandboxed != native {
                problems.push(format!(
                    "{at}: the plugin and the native rules differ:\n  plugin {sandboxed:?}\n  native {native:?}"
                ));
            }
            for failure in cases::failures(case, &sandboxed) {
                problems.push(format!("{at}: {failure}"));
            }
        }
    }
    println!("{} cases in {} files", count, files.len());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        count >= 150,
        "the corpus holds {count} cases; it should hold at least 150"
    );
}
