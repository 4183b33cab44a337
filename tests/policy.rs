//! The full rule catalogue on its fixture, and what policy files, the
//! allowlist and host sanctions lists change, as `payguard` shows them.

#[path = "support.rs"]
mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use support::{categories, ndjson, payguard};

/// The day the fixtures are judged on, so snapshots do not age.
const AS_OF: &str = "2026-11-21";

fn score(file: &str, extra: &[&str]) -> support::Run {
    let mut args = vec!["score", file, "--format", "ndjson", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    payguard(&args)
}

fn row<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter().find(|r| r["payout_id"] == id).expect(id)
}

fn rules_of(row: &Value) -> Vec<&str> {
    row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn every_category_is_raised_by_the_fixtures() {
    let mut seen = BTreeSet::new();
    for file in ["examples/payroll.csv", "tests/fixtures/catalogue.csv"] {
        for r in ndjson(&score(file, &[]).stdout) {
            seen.extend(categories(&r));
        }
    }
    let all = [
        "crypto-wallet",
        "sanctioned",
        "shared-account",
        "non-local-bank",
        "country-mismatch",
        "e-money",
        "high-risk-jurisdiction",
        "holder-mismatch",
        "account-change",
        "invalid-destination",
    ];
    let all: BTreeSet<String> = all.iter().map(|c| c.to_string()).collect();
    assert_eq!(seen, all);
}

#[test]
fn the_catalogue_fixture_scores_as_documented() {
    let run = score("tests/fixtures/catalogue.csv", &[]);
    assert_eq!(run.code, 1);
    let rows = ndjson(&run.stdout);
    assert_eq!(rules_of(row(&rows, "C-01"))[0], "sanctioned");
    assert_eq!(
        row(&rows, "C-02")["decision"],
        "allow",
        "a foreign Wise account alone"
    );
    // A foreign e-money account changed last week: more than either alone.
    let c03 = row(&rows, "C-03");
    assert_eq!(
        (c03["score"].as_u64(), c03["decision"].as_str()),
        (Some(65), Some("review"))
    );
    assert_eq!(
        rules_of(row(&rows, "C-07")),
        ["holder-mismatch", "shared-holder"]
    );
    assert_eq!(rules_of(row(&rows, "C-09")), ["shared-phone"]);
    insta::assert_snapshot!("catalogue_ndjson", run.stdout);
}

#[test]
fn a_policy_file_changes_rules_thresholds_and_domestic_banks() {
    let run = score(
        "tests/fixtures/catalogue.csv",
        &["--policy", "tests/fixtures/policy/strict.toml"],
    );
    let rows = ndjson(&run.stdout);
    let c02 = row(&rows, "C-02");
    assert!(!rules_of(c02).contains(&"e-money"), "e-money is off");
    assert!(
        rules_of(c02).contains(&"non-domestic-bank"),
        "a Belgian bank for a German employer"
    );
    assert_eq!(row(&rows, "C-09")["decision"], "review", "review from 30");
    let c06 = &row(&rows, "C-06")["findings"][0];
    assert_eq!(
        (c06["rule"].as_str(), c06["points"].as_u64()),
        (Some("holder-mismatch"), Some(50))
    );
    insta::assert_snapshot!("catalogue_strict_ndjson", run.stdout);
}

#[test]
fn an_allowlisted_joint_account_stops_flagging_until_expiry() {
    let plain = score("tests/fixtures/spouses.csv", &[]);
    assert!(
        ndjson(&plain.stdout)
            .iter()
            .all(|r| r["decision"] == "block")
    );

    let allowed = score(
        "tests/fixtures/spouses.csv",
        &["--policy", "tests/fixtures/policy/allow_spouses.toml"],
    );
    assert_eq!(allowed.code, 0, "{}", allowed.stdout);
    for r in ndjson(&allowed.stdout) {
        assert_eq!(r["decision"], "allow");
        for f in r["findings"].as_array().unwrap() {
            assert_eq!(f["points"], 0, "silenced, still shown: {f}");
            assert_eq!(f["waiver"]["expires"]["year"], 2027);
        }
    }
    insta::assert_snapshot!(
        "spouses_allowlisted_table",
        payguard(&[
            "score",
            "tests/fixtures/spouses.csv",
            "--as-of",
            AS_OF,
            "--policy",
            "tests/fixtures/policy/allow_spouses.toml",
        ])
        .stdout
    );

    let expired = score(
        "tests/fixtures/spouses.csv",
        &[
            "--policy",
            "tests/fixtures/policy/allow_spouses_expired.toml",
        ],
    );
    assert_eq!(
        expired.stdout, plain.stdout,
        "an expired entry silences nothing"
    );
}

#[test]
fn a_bad_policy_file_is_refused_naming_line_and_key() {
    let run = score(
        "tests/fixtures/catalogue.csv",
        &["--policy", "tests/fixtures/policy/bad_weight.toml"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "payguard: error: tests/fixtures/policy/bad_weight.toml line 4: rules.non-local-bank: must be 0 to 100, not 400\n"
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_host_sanctions_list_extends_the_built_in_one() {
    let without = ndjson(&score("tests/fixtures/catalogue.csv", &[]).stdout);
    assert!(!rules_of(row(&without, "C-12")).contains(&"sanctioned"));
    let with = score(
        "tests/fixtures/catalogue.csv",
        &["--sanctions", "tests/fixtures/sanctions.csv"],
    );
    let rows = ndjson(&with.stdout);
    let c12 = &row(&rows, "C-12")["findings"][0];
    assert_eq!(c12["rule"], "sanctioned");
    let evidence: Vec<String> = c12["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}={}",
                e["key"].as_str().unwrap(),
                e["value"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        evidence.contains(&"listed-name=PAK, Jin Hyok".to_string()),
        "{evidence:?}"
    );
}

#[test]
fn explain_prints_one_payout_with_all_its_evidence() {
    let run = payguard(&[
        "explain",
        "C-07",
        "tests/fixtures/catalogue.csv",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("explain_c07", run.stdout);
    let missing = payguard(&["explain", "C-99", "tests/fixtures/catalogue.csv"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "payguard: error: tests/fixtures/catalogue.csv: no payout \"C-99\"\n"
    );
}
