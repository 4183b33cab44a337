//! The reviewer's desk from the command line: the HTML report, `diff`,
//! `allowlist merge`, `-o` and `--quiet`. The page's behaviour in a
//! browser is tested in tests/browser (headless Chromium).

#[path = "support.rs"]
mod support;

use serde_json::Value;
use support::{payguard, root, temp};

#[test]
fn the_html_report_is_one_page_that_loads_nothing() {
    let out = temp("report.html");
    let run = payguard(&[
        "score",
        "examples/payroll.csv",
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "", "the page went to the file");
    assert_eq!(
        run.stderr,
        "15 rows read: 15 assessed (5 allow, 6 review, 4 block), 0 rejected\n"
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("default-src &#39;none&#39;"), "a CSP");
    for attribute in ["src=", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(attribute), "{attribute} loads something");
    }
    for id in [
        "P-1004", "P-1005", "P-1006", "P-1007", "P-1008", "P-1009", "P-1010", "P-1011", "P-1013",
        "P-1014",
    ] {
        assert!(
            html.contains(&format!("data-payout=\"{id}\"")),
            "{id} has a card"
        );
    }
    assert!(!html.contains("data-payout=\"P-1001\""), "allowed: no card");
}

#[test]
fn quiet_runs_print_no_summary_and_unwritable_outputs_are_errors() {
    let run = payguard(&[
        "score",
        "examples/payroll.csv",
        "--format",
        "ndjson",
        "--quiet",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    let run = payguard(&[
        "score",
        "examples/payroll.csv",
        "-o",
        "/nonexistent/dir/report.html",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("payguard: error: cannot write /nonexistent/dir/report.html"),
        "{}",
        run.stderr
    );
}

#[test]
fn policies_given_twice_apply_in_order() {
    let run = payguard(&[
        "score",
        "tests/fixtures/spouses.csv",
        "--format",
        "ndjson",
        "--policy",
        "tests/fixtures/policy/strict.toml",
        "--policy",
        "tests/fixtures/policy/allow_spouses.toml",
        "--as-of",
        "2026-11-22",
    ]);
    let rows = support::ndjson(&run.stdout);
    let waived: Vec<&Value> = rows
        .iter()
        .flat_map(|r| r["findings"].as_array().into_iter().flatten())
        .filter(|f| f.get("waiver").is_some())
        .collect();
    assert!(!waived.is_empty(), "the allowlist applies: {}", run.stdout);
    let strict = payguard(&[
        "score",
        "tests/fixtures/spouses.csv",
        "--format",
        "ndjson",
        "--policy",
        "tests/fixtures/policy/strict.toml",
        "--as-of",
        "2026-11-22",
    ]);
    assert_ne!(strict.stdout, run.stdout);
}

#[test]
fn diff_shows_the_moves_a_stricter_policy_causes() {
    let run = payguard(&[
        "diff",
        "examples/payroll.csv",
        "--policy",
        "tests/fixtures/policy/strict.toml",
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(run.code, 1, "decisions move: {}", run.stderr);
    insta::assert_snapshot!("diff_strict", run.stdout);

    let json = payguard(&[
        "diff",
        "examples/payroll.csv",
        "--policy",
        "tests/fixtures/policy/strict.toml",
        "--as-of",
        "2026-11-22",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["summary"]["payouts"], 15);
    let moved: u64 = doc["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["payouts"].as_array().unwrap().len() as u64)
        .sum();
    assert_eq!(doc["summary"]["moved"], moved);
    assert_eq!(
        json.stderr,
        format!(
            "15 payouts: {moved} moved ({}), {} unchanged\n",
            doc["moves"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| format!(
                    "{} {} -> {}",
                    m["payouts"].as_array().unwrap().len(),
                    m["from"].as_str().unwrap(),
                    m["to"].as_str().unwrap()
                ))
                .collect::<Vec<_>>()
                .join(", "),
            15 - moved
        )
    );

    let html = temp("diff.html");
    let page = payguard(&[
        "diff",
        "examples/payroll.csv",
        "--policy",
        "tests/fixtures/policy/strict.toml",
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(page.code, 1);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("script-src &#39;none&#39;"),
        "no script at all"
    );
    assert!(text.contains("class=\"move\" data-from=\"allow\" data-to=\"review\""));
}

#[test]
fn a_policy_that_changes_nothing_moves_nothing() {
    let run = payguard(&[
        "diff",
        "examples/payroll.csv",
        "--policy",
        "tests/fixtures/policy/strict.toml",
        "--against",
        "tests/fixtures/policy/strict.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("policy: no setting differs\n15 payouts: 0 moved, 15 unchanged\n"),
        "{}",
        run.stdout
    );
    let none = payguard(&["diff", "examples/payroll.csv"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("--policy FILE"), "{}", none.stderr);
}

#[test]
fn allowlist_merge_keeps_one_entry_per_case_and_names_what_it_drops() {
    let a = temp("a.toml");
    let b = temp("b.toml");
    let entry = |employee: &str, destination: &str, expires: &str| {
        format!(
            "[[allow]]\nemployee = \"{employee}\"\ndestination = \"{destination}\"\n\
             rules = [\"shared-destination\"]\nreason = \"Spouses, reviewed\"\nexpires = {expires}\n\n"
        )
    };
    std::fs::write(
        &a,
        entry("E-007", "BE40 9670 0000 0063", "2027-01-31") + &entry("E-1", "x", "2025-12-31"),
    )
    .unwrap();
    std::fs::write(
        &b,
        entry("E-007", "be40967000000063", "2027-03-31")
            + &entry("E-008", "be40967000000063", "2027-03-31"),
    )
    .unwrap();
    let merged = temp("merged.toml");
    let run = payguard(&[
        "allowlist",
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (a, b) = (a.display(), b.display());
    assert_eq!(
        run.stderr,
        format!(
            "payguard: dropped {a} allow[1] (E-1, x): expired 2025-12-31\n\
             payguard: dropped {a} allow[0] (E-007, BE40 9670 0000 0063): duplicates {b} allow[0], which lasts as long or longer\n\
             2 entries kept, 2 dropped\n"
        )
    );
    // The merged file is a policy file: it silences the shared account.
    let scored = payguard(&[
        "score",
        "examples/payroll.csv",
        "--format",
        "ndjson",
        "--policy",
        merged.to_str().unwrap(),
        "--as-of",
        "2026-11-22",
    ]);
    let rows = support::ndjson(&scored.stdout);
    for id in ["P-1007", "P-1008"] {
        let row = rows.iter().find(|r| r["payout_id"] == id).unwrap();
        let shared = row["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "shared-destination")
            .unwrap();
        assert_eq!(shared["points"], 0, "{id}");
    }

    let policy = payguard(&[
        "allowlist",
        "merge",
        root()
            .join("tests/fixtures/policy/strict.toml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(policy.code, 2);
    assert!(
        policy.stderr.contains("merge takes allowlist files only"),
        "{}",
        policy.stderr
    );
}
