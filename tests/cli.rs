//! The `payguard` command as payroll ops run it, on the fixtures.

#[path = "support.rs"]
mod support;

use serde_json::Value;
use support::{categories, ndjson, payguard};

#[test]
fn the_example_payroll_flags_every_seed_pattern() {
    let run = payguard(&["score", "examples/payroll.csv", "--format", "ndjson"]);
    assert_eq!(run.code, 1, "something reaches review: {}", run.stderr);
    let rows = ndjson(&run.stdout);
    assert_eq!(rows.len(), 15, "every payout gets a line");
    let by_id = |id: &str| rows.iter().find(|r| r["payout_id"] == id).unwrap();
    assert_eq!(categories(by_id("P-1004")), ["non-local-bank"]);
    assert_eq!(categories(by_id("P-1005")), ["crypto-wallet"]);
    assert_eq!(
        categories(by_id("P-1006")),
        ["crypto-wallet", "account-change", "invalid-destination"]
    );
    assert_eq!(categories(by_id("P-1007"))[0], "shared-account");
    assert_eq!(
        categories(by_id("P-1009")),
        [
            "high-risk-jurisdiction",
            "country-mismatch",
            "country-mismatch"
        ]
    );
    assert_eq!(
        by_id("P-1009")["decision"],
        "block",
        "a laptop shipped to China and a Chinese phone: a staging ground"
    );
    assert_eq!(
        categories(by_id("P-1010")),
        ["invalid-destination", "account-change"]
    );
    assert_eq!(categories(by_id("P-1011")), ["crypto-wallet"]);
    assert_eq!(
        categories(by_id("P-1013")),
        ["shared-account", "e-money"],
        "one PayPal account for two personas"
    );
    // The same employee paid twice to one account is not a shared account.
    assert_eq!(categories(by_id("P-1012")), Vec::<String>::new());
    assert_eq!(
        run.stderr,
        "15 rows read: 15 assessed (5 allow, 6 review, 4 block), 0 rejected\n"
    );
    insta::assert_snapshot!("example_ndjson", run.stdout);
}

#[test]
fn the_example_table_is_readable() {
    let run = payguard(&["score", "examples/payroll.csv"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("example_table", run.stdout);
}

#[test]
fn benign_traps_raise_nothing() {
    // Same employee twice with the IBAN spelled two ways, N26 in DE and
    // Monzo in GB for residents, +7 shared by KZ, a base58-looking invoice.
    let run = payguard(&["score", "tests/fixtures/benign.csv", "--format", "ndjson"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    for row in ndjson(&run.stdout) {
        assert_eq!(row["decision"], "allow", "{row}");
        assert_eq!(row["findings"], Value::Array(vec![]), "{row}");
    }
}

#[test]
fn bad_rows_are_rejected_one_by_one_naming_the_field() {
    let run = payguard(&["score", "tests/fixtures/bad_rows.csv", "--format", "ndjson"]);
    assert_eq!(run.code, 2, "rejected rows make the run fail");
    let rows = ndjson(&run.stdout);
    assert_eq!(rows.len(), 13, "nothing is dropped");
    assert_eq!(
        run.stderr,
        "13 rows read: 0 assessed (0 allow, 0 review, 0 block), 13 rejected\n"
    );
    insta::assert_snapshot!("bad_rows_ndjson", run.stdout);
}

#[test]
fn csv_json_and_ndjson_inputs_agree() {
    let strip_lines = |text: &str| -> Vec<Value> {
        ndjson(text)
            .into_iter()
            .map(|mut row| {
                row.as_object_mut().unwrap().remove("line");
                row
            })
            .collect()
    };
    let csv = payguard(&["score", "tests/fixtures/small.csv", "--format", "ndjson"]);
    for other in ["tests/fixtures/small.json", "tests/fixtures/small.ndjson"] {
        let run = payguard(&["score", other, "--format", "ndjson"]);
        assert_eq!(
            strip_lines(&run.stdout),
            strip_lines(&csv.stdout),
            "{other}"
        );
    }
    assert_eq!(
        ndjson(&payguard(&["score", "tests/fixtures/small.json", "--format", "ndjson"]).stdout)[3]
            ["line"],
        5
    );
}

#[test]
fn csv_output_defuses_formulas_and_lists_findings() {
    let run = payguard(&["score", "tests/fixtures/small.csv", "--format", "csv"]);
    insta::assert_snapshot!("small_csv", run.stdout);
}

#[test]
fn a_file_that_is_no_payroll_is_refused_whole() {
    let run = payguard(&["score", "tests/fixtures/not_a_payroll.csv"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("not a payroll: no column reads as employee_id, employee_name"),
        "{}",
        run.stderr
    );
    let missing = payguard(&["score", "tests/fixtures/no_such_file.csv"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .starts_with("payguard: error: cannot read tests/fixtures/no_such_file.csv")
    );
}

#[test]
fn the_rule_catalogue_lists_every_rule() {
    let run = payguard(&["rules"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("rules_table", run.stdout);
}

#[test]
fn info_names_the_contract() {
    let run = payguard(&["info"]);
    let info: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(info["contract"], "payguard:risk@0.7.0");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["source"], "embedded");
    let digest = info["sha256"].as_str().unwrap();
    assert_eq!(digest.len(), 64);
    assert!(
        info["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["name"] == "iban-national")
    );

    // The approved digest runs; any other is refused before scoring.
    let approved = payguard(&[
        "--expect-sha256",
        digest,
        "score",
        "tests/fixtures/benign.csv",
    ]);
    assert_eq!(approved.code, 0, "{}", approved.stderr);
    let other = "0".repeat(64);
    let refused = payguard(&[
        "--expect-sha256",
        &other,
        "score",
        "tests/fixtures/benign.csv",
    ]);
    assert_eq!(refused.code, 2);
    assert_eq!(refused.stdout, "");
    assert_eq!(
        refused.stderr,
        format!(
            "payguard: error: the embedded plugin: the plugin's SHA-256 is {digest}, not the expected {other}\n"
        )
    );
}

#[test]
fn a_payout_the_plugin_traps_on_is_rejected_and_the_rest_scored() {
    let run = payguard(&[
        "--plugin",
        payguard_test_artifacts::HOSTILE_PATH,
        "score",
        "tests/fixtures/trap.csv",
        "--format",
        "ndjson",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let rows = ndjson(&run.stdout);
    assert_eq!(rows[0]["decision"], "allow");
    assert_eq!(rows[1]["decision"], "rejected");
    assert_eq!(
        rows[1]["error"]["message"],
        "the plugin failed on this payout while computing roster keys and assessing payouts (it trapped: wasm trap: wasm `unreachable` instruction executed); it was not scored"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = payguard(&["score", "examples/payroll.csv", "--format", "json"]);
    let b = payguard(&["score", "examples/payroll.csv", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn payguard_test_runs_the_whole_corpus() {
    let run = payguard(&["test", "tests/cases"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn payguard_test_names_each_failing_case_with_what_was_expected_and_what_came() {
    let run = payguard(&[
        "test",
        "tests/fixtures/cases",
        "--policy",
        "tests/fixtures/policy/strict.toml",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("test_failures", run.stdout);
    // Without the platform's policy its own case fails too.
    let run = payguard(&["test", "tests/fixtures/cases"]);
    assert!(
        run.stdout.ends_with("0 passed, 2 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn payguard_test_refuses_a_malformed_case_file_naming_the_line() {
    let dir = std::env::temp_dir().join(format!("payguard-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        "[[case]]\nname = \"x\"\nrows = \"\"\nexpect.P1 = { decison = \"allow\" }\n",
    )
    .unwrap();
    let run = payguard(&["test", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.toml line 4"), "{}", run.stderr);
    assert!(run.stderr.contains("decison"), "{}", run.stderr);
}
