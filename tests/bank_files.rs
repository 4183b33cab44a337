//! Bank payment files end to end: pain.001 and NACHA joined to the roster,
//! file checks apart from risk, and files others wrote.

mod support;

use payguard::input::bank::{self, BankFormat, Item};
use serde_json::Value;
use support::{categories, ndjson, payguard, root, temp};

const AS_OF: &str = "2026-11-22";

fn score(file: &str, extra: &[&str]) -> support::Run {
    let mut args = vec!["score", file, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    payguard(&args)
}

fn by_employee<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["employee_id"] == id && r.get("kind").is_none())
        .unwrap_or_else(|| panic!("no payout for {id}"))
}

fn rules(row: &Value) -> Vec<String> {
    row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_pain001_example_flags_the_seed_patterns() {
    let run = score(
        "examples/payroll.pain001.xml",
        &["--roster", "examples/roster.csv", "--format", "ndjson"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows = ndjson(&run.stdout);
    assert_eq!(rows.len(), 9, "no notes: the file adds up");
    assert!(rules(by_employee(&rows, "E-002")).contains(&"non-local-bank".into()));
    assert!(rules(by_employee(&rows, "E-007")).contains(&"shared-destination".into()));
    assert!(rules(by_employee(&rows, "E-011")).contains(&"crypto-in-text".into()));
    assert!(categories(by_employee(&rows, "E-007")).contains(&"e-money".into()));
    let sofia = rules(by_employee(&rows, "E-009"));
    assert!(sofia.contains(&"file-roster-country".into()), "{sofia:?}");
    assert!(sofia.contains(&"country-mismatch".into()), "{sofia:?}");
    let daniel = rules(by_employee(&rows, "E-006"));
    assert!(daniel.contains(&"holder-mismatch".into()), "{daniel:?}");
    assert!(
        daniel.contains(&"file-ultimate-creditor".into()),
        "{daniel:?}"
    );
    let table = score(
        "examples/payroll.pain001.xml",
        &["--roster", "examples/roster.csv"],
    );
    insta::assert_snapshot!("pain001_example_table", table.stdout);
    insta::assert_snapshot!("pain001_example_ndjson", run.stdout);
}

#[test]
fn the_nacha_example_flags_the_seed_patterns_and_skips_what_is_not_pay() {
    let run = score(
        "examples/payroll.ach",
        &["--roster", "examples/roster.csv", "--format", "ndjson"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let rows = ndjson(&run.stdout);
    let kinds: Vec<&str> = rows.iter().filter_map(|r| r["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["skipped", "skipped"],
        "the prenote and the offset debit"
    );
    assert!(rules(by_employee(&rows, "E-005")).contains(&"crypto-in-text".into()));
    let alex = rules(by_employee(&rows, "E-013"));
    for rule in ["shared-destination", "account-change", "file-prenote"] {
        assert!(alex.contains(&rule.into()), "{rule}: {alex:?}");
    }
    let wei = rules(by_employee(&rows, "E-015"));
    for rule in ["non-local-bank", "file-roster-country"] {
        assert!(wei.contains(&rule.into()), "{rule}: {wei:?}");
    }
    assert_eq!(
        by_employee(&rows, "E-015")["payout_id"],
        "2/091000010000001"
    );
    assert!(
        run.stderr.contains("7 entries read: 5 assessed") && run.stderr.contains("2 skipped"),
        "{}",
        run.stderr
    );
    let table = score("examples/payroll.ach", &["--roster", "examples/roster.csv"]);
    insta::assert_snapshot!("nacha_example_table", table.stdout);
    let page = score(
        "examples/payroll.ach",
        &["--roster", "examples/roster.csv", "--format", "html"],
    );
    assert!(page.stdout.contains("File checks failed (0)"));
    assert!(page.stdout.contains("Entries skipped, not payouts (2)"));
    assert!(page.stdout.contains("debit (transaction code 27)"));
    insta::assert_snapshot!("nacha_example_ndjson", run.stdout);
}

#[test]
fn a_bank_file_needs_a_roster_and_a_payroll_refuses_one() {
    let run = score("examples/payroll.ach", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("a NACHA file names no employee: pass the employee roster (--roster FILE"),
        "{}",
        run.stderr
    );
    let run = score("examples/payroll.csv", &["--roster", "examples/roster.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a roster is for bank payment files"),
        "{}",
        run.stderr
    );
    let run = score("examples/payroll.ach", &["--input-format", "csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a payroll"), "{}", run.stderr);
}

#[test]
fn entries_that_join_no_employee_are_rejected_with_the_key() {
    let run = score(
        "tests/fixtures/bank/achkit_payroll.ach",
        &["--roster", "examples/roster.csv", "--format", "ndjson"],
    );
    assert_eq!(run.code, 2);
    let rows = ndjson(&run.stdout);
    let rejected = rows.iter().find(|r| r["decision"] == "rejected").unwrap();
    assert_eq!(
        rejected["error"]["message"],
        "joins no roster row: no employee_id \"E-101\" in examples/roster.csv"
    );
    assert_eq!(rejected["line"], 3);
}

#[test]
fn joins_on_names_too() {
    let run = score(
        "examples/payroll.pain001.xml",
        &[
            "--roster",
            "examples/roster.csv",
            "--join-on",
            "name",
            "--format",
            "ndjson",
        ],
    );
    let rows = ndjson(&run.stdout);
    // "P. de Vries" and "T. Peeters" are initials: no name join.
    let rejected: Vec<&str> = rows
        .iter()
        .filter(|r| r["decision"] == "rejected")
        .map(|r| r["payout_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rejected,
        ["SAL-2026-11-A/E-007-2611", "SAL-2026-11-A/E-008-2611"]
    );
    // The company account joins through its ultimate creditor.
    assert_eq!(
        by_employee(&rows, "E-006")["payout_id"],
        "SAL-2026-11-B/E-006-2611"
    );
}

#[test]
fn file_checks_are_records_of_their_own_and_exit_2() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/bank/achkit_payroll.ach"))
        .unwrap()
        .replace("0000312055", "0000312056");
    let path = temp("bad-total.ach");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let run = score(
        file,
        &[
            "--roster",
            "tests/fixtures/bank/roster.csv",
            "--format",
            "ndjson",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let rows = ndjson(&run.stdout);
    let checks: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "file-check").collect();
    assert_eq!(
        checks.len(),
        2,
        "the batch's and the file's: {}",
        run.stdout
    );
    assert_eq!(checks[0]["check"], "total-credit");
    assert_eq!(checks[0]["line"], 8);
    assert!(
        rows.iter().any(|r| r["score"].is_number()),
        "scoring goes on"
    );
    let table = score(file, &["--roster", "tests/fixtures/bank/roster.csv"]);
    assert_eq!(table.code, 2);
    assert!(
        table.stdout.contains("file check failed, line 8 (total-credit): batch 1's control total credit (cents) is \"000000599565\"; the entries give 599566"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("2 file checks failed"),
        "{}",
        table.stdout
    );
    std::fs::remove_file(path).ok();
}

#[test]
fn a_name_nacha_cut_at_22_characters_is_the_employees_whole_name() {
    // NACHA keeps 22 characters of a name: Katarzyna Wojciechowska is
    // "KATARZYNA WOJCIECHOWSK" in the file, and the roster has her whole
    // (the last build read the cut surname as a man's, another person).
    let text = std::fs::read_to_string(root().join("tests/fixtures/bank/achkit_payroll.ach"))
        .unwrap()
        .replace("PRIYA NATARAJAN       ", "KATARZYNA WOJCIECHOWSK");
    let (ach, roster) = (temp("cut-name.ach"), temp("cut-name-roster.csv"));
    std::fs::write(&ach, text).unwrap();
    std::fs::write(
        &roster,
        "employee_id,employee_name,residence_country\n\
         E-101,Jordan Lee,US\n\
         E-102,Katarzyna Wojciechowska,US\n\
         E-103,Sam Ortiz,US\n",
    )
    .unwrap();
    let run = score(
        ach.to_str().unwrap(),
        &["--roster", roster.to_str().unwrap(), "--format", "ndjson"],
    );
    let rows = ndjson(&run.stdout);
    let katarzyna = by_employee(&rows, "E-102");
    assert!(
        !rules(katarzyna).contains(&"holder-mismatch".to_string()),
        "{katarzyna}"
    );
    std::fs::remove_file(&ach).ok();
    std::fs::remove_file(&roster).ok();
}

#[test]
fn reads_every_pain001_file_of_the_pypi_corpus() {
    let dir = root().join("tests/fixtures/bank/pain001-corpus");
    let mut files = 0;
    let mut transfers = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            BankFormat::sniff(&bytes),
            Some(BankFormat::Pain001),
            "{path:?}"
        );
        let items: Vec<Item> = bank::items(&bytes[..], BankFormat::Pain001).collect();
        let faults: Vec<_> = items.iter().filter_map(Item::check).collect();
        assert!(faults.is_empty(), "{path:?}: {faults:?}");
        let read: Vec<_> = items.iter().filter_map(Item::transfer).collect();
        // NbOfTxs agreed (no nb-of-txs check) and every transfer has an amount.
        assert!(!read.is_empty(), "{path:?}");
        for t in &read {
            assert!(
                t.fault.is_none() || t.fault.as_ref().unwrap().field != "Amt/InstdAmt",
                "{path:?}: {t:?}"
            );
        }
        files += 1;
        transfers += read.len();
    }
    assert!(files >= 80, "{files} files");
    assert!(transfers > files, "{transfers} transfers");
}

#[test]
fn reads_the_us_payroll_of_the_corpus_field_by_field() {
    let bytes = std::fs::read(
        root().join("tests/fixtures/bank/pain001-corpus/us.ach.ppd-payroll.pain.001.001.09.xml"),
    )
    .unwrap();
    let items: Vec<Item> = bank::items(&bytes[..], BankFormat::Pain001).collect();
    let first = items.iter().find_map(Item::transfer).unwrap();
    assert_eq!(first.payout_id, "PAY-20260925-01/PAY-2026-09-0001");
    assert_eq!(first.holder.as_deref(), Some("Jordan Lee"));
    assert_eq!(
        (first.amount_minor, first.currency.as_str()),
        (312055, "USD")
    );
    let bank::Account::Bank(account) = &first.account else {
        panic!("a bank account");
    };
    assert_eq!(account.routing_number.as_deref(), Some("121000248"));
    assert_eq!(account.bic.as_deref(), Some("HQSGUS70"));
    assert_eq!(account.bank_country.as_deref(), Some("US"));
}

#[test]
fn reads_sepaxml_files_on_one_line_joined_by_name() {
    for version in ["03", "09"] {
        let file = format!("tests/fixtures/bank/sepaxml.pain.001.001.{version}.xml");
        let run = score(
            &file,
            &[
                "--roster",
                "examples/roster.csv",
                "--join-on",
                "name",
                "--format",
                "ndjson",
            ],
        );
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let rows = ndjson(&run.stdout);
        let employees: Vec<&str> = rows
            .iter()
            .map(|r| r["employee_id"].as_str().unwrap())
            .collect();
        // sepaxml writes "Jürgen Weiß" as "Jurgen Weiss": the same name.
        assert_eq!(employees, ["E-001", "E-002", "E-014"], "{version}");
        assert!(rows.iter().all(|r| r["line"] == 1), "one line: {version}");
    }
}

#[test]
fn a_repeated_batch_number_is_a_file_check_and_a_repeated_id_a_rejection() {
    // Batch 2's header and control say batch 1 again.
    let text: String =
        std::fs::read_to_string(root().join("tests/fixtures/bank/achkit_payroll.ach"))
            .unwrap()
            .lines()
            .map(|l| match l.as_bytes()[0] {
                b'5' | b'8' if l.ends_with("0000002") => format!("{}0000001\n", &l[..87]),
                _ => format!("{l}\n"),
            })
            .collect();
    let path = temp("repeated-batch.ach");
    std::fs::write(&path, &text).unwrap();
    let run = score(
        path.to_str().unwrap(),
        &[
            "--roster",
            "tests/fixtures/bank/roster.csv",
            "--format",
            "ndjson",
        ],
    );
    std::fs::remove_file(&path).ok();
    assert_eq!(run.code, 2);
    let rows = ndjson(&run.stdout);
    let checks: Vec<&str> = rows
        .iter()
        .filter(|r| r["kind"] == "file-check")
        .map(|r| r["check"].as_str().unwrap())
        .collect();
    assert!(checks.contains(&"batch-order"), "{checks:?}");
    let rejected = rows.iter().find(|r| r["decision"] == "rejected").unwrap();
    assert_eq!(rejected["payout_id"], "1/091000010000001");
    assert_eq!(
        rejected["error"]["message"],
        "duplicates the payout_id of line 3"
    );
}

#[test]
fn a_forced_format_reads_a_file_the_sniffer_would_not_take() {
    // Without its file header the file is not recognised; forced, it is
    // read and the missing header is a file check.
    let text: String = std::fs::read_to_string(root().join("examples/payroll.ach"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    let path = temp("headless.txt");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let run = score(
        file,
        &[
            "--roster",
            "examples/roster.csv",
            "--input-format",
            "nacha",
            "--format",
            "ndjson",
        ],
    );
    std::fs::remove_file(&path).ok();
    assert_eq!(run.code, 2);
    let rows = ndjson(&run.stdout);
    let first_check = rows.iter().find(|r| r["kind"] == "file-check").unwrap();
    assert_eq!(first_check["line"], 1);
    assert_eq!(
        first_check["message"],
        "the file does not start with a file header record (type 1)"
    );
    assert_eq!(rows.iter().filter(|r| r["score"].is_number()).count(), 5);
}

/// Replaces the `width` characters at `from` (1-based, as NACHA counts) of
/// the record starting with `prefix`, padded with spaces.
fn rewrite(text: &str, prefix: &str, from: usize, width: usize, value: &str) -> String {
    text.lines()
        .map(|line| {
            if !line.starts_with(prefix) {
                return format!("{line}\n");
            }
            let padded = format!("{value:<width$}");
            format!(
                "{}{padded}{}\n",
                &line[..from - 1],
                &line[from - 1 + width..]
            )
        })
        .collect()
}

/// The example's IAT entry moved to a Canadian branch whose transit number
/// reads as an ABA number, for an employee the roster has in the US: the
/// file's bank country is scored, and its clash with the routing number and
/// with the roster is named.
#[test]
fn an_iat_entry_to_a_canadian_branch_is_scored_in_canada() {
    let ach = std::fs::read_to_string(root().join("examples/payroll.ach")).unwrap();
    let ach = rewrite(&ach, "5220", 40, 2, "CA");
    let ach = rewrite(&ach, "714", 4, 35, "Royal Bank of Canada");
    let ach = rewrite(&ach, "714", 39, 2, "01");
    let ach = rewrite(&ach, "714", 41, 34, "021000021");
    let ach = rewrite(&ach, "714", 75, 3, "CA");
    let ach = rewrite(&ach, "716", 4, 35, "Toronto*ON\\");
    let ach = rewrite(&ach, "716", 39, 35, "CA*M5H 2N2\\");
    assert!(
        ach.lines().all(|l| l.len() == 94),
        "records stay 94 characters"
    );
    let path = temp("iat-canada.ach");
    std::fs::write(&path, ach).unwrap();
    let run = score(
        path.to_str().unwrap(),
        &["--roster", "examples/roster.csv", "--format", "ndjson"],
    );
    let rows = ndjson(&run.stdout);
    let wei = by_employee(&rows, "E-015");
    assert_eq!(wei["decision"], "review", "{wei}");
    let found = rules(wei);
    for rule in ["country-mismatch", "non-local-bank", "file-roster-country"] {
        assert!(found.contains(&rule.to_string()), "{rule} not in {found:?}");
    }
    let mismatch = wei["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "country-mismatch")
        .unwrap();
    assert!(
        mismatch["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["key"] == "bank_country-vs-routing_number" && e["value"] == "CA != US"),
        "{mismatch}"
    );
}

/// A Swiss salary file (PyPI `pain001`'s Swiss international file) whose
/// amounts are given as equivalents in francs, to be paid in dollars: read,
/// scored in the currency of transfer, the conversion shown. The package's
/// own coverage files with an `EqvtAmt` are in the corpus above.
#[test]
fn a_swiss_file_with_equivalent_amounts_is_scored_in_the_currency_of_transfer() {
    let xml = std::fs::read_to_string(
        root().join("tests/fixtures/bank/pain001-corpus/ch.international.usd.pain.001.001.09.xml"),
    )
    .unwrap();
    let converted = xml.replace(
        "<InstdAmt Ccy=\"USD\">48200.00</InstdAmt>",
        "<EqvtAmt><Amt Ccy=\"CHF\">43000.00</Amt><CcyOfTrf>USD</CcyOfTrf></EqvtAmt>",
    );
    assert_ne!(converted, xml);
    let items: Vec<Item> = bank::items(converted.as_bytes(), BankFormat::Pain001).collect();
    let transfers: Vec<&bank::Transfer> = items.iter().filter_map(Item::transfer).collect();
    let first = transfers[0];
    assert_eq!(first.fault, None, "{first:?}");
    assert_eq!(
        (first.amount_minor, first.currency.as_str()),
        (4_300_000, "USD")
    );
    assert_eq!(
        first.equivalent,
        Some(bank::pain001::Equivalent {
            amount: "43000.00".into(),
            currency: "CHF".into(),
            into: "USD".into()
        })
    );
    let path = temp("ch-equivalent.pain001.xml");
    std::fs::write(&path, &converted).unwrap();
    let roster = temp("ch-roster.csv");
    std::fs::write(
        &roster,
        "employee_id,employee_name,residence_country\nE-1,Sierra Optics Inc,US\n",
    )
    .unwrap();
    let run = score(
        path.to_str().unwrap(),
        &[
            "--roster",
            roster.to_str().unwrap(),
            "--join-on",
            "name",
            "--format",
            "ndjson",
        ],
    );
    let rows = ndjson(&run.stdout);
    let row = by_employee(&rows, "E-1");
    assert_ne!(row["decision"], "rejected", "{row}");
    let note = row["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "file-equivalent-amount")
        .unwrap_or_else(|| panic!("no conversion noted: {row}"));
    assert_eq!(
        note["message"],
        "the file gives the amount as 43000.00 CHF, for the bank to convert into USD: scored in USD"
    );
    assert_eq!(note["points"], 0);
}
