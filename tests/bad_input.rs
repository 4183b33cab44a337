//! Hostile and broken payroll files: each bad row is rejected with its line,
//! its field and why; nothing is dropped; a file that is no payroll at all
//! is refused whole.

mod support;

use payguard::input::bank::{self, BankFormat};
use payguard::input::{InputFormat, Payroll, read_bytes};
use std::path::PathBuf;
use support::Run;

/// What a field that is not UTF-8 is refused with.
const NOT_UTF8: &str = "is not valid UTF-8: save the file as UTF-8 (Excel: \"CSV UTF-8\"), \
    or name the encoding it is in (the CLI's --encoding windows-1252, Python's and Node's encoding)";

const HEADER: &str = "payout_id,employee_id,employee_name,residence_country,amount,currency,iban\n";
const GOOD: &str = "P1,E1,Anna Schmidt,DE,10.00,EUR,DE89370400440532013000\n";

fn csv(bytes: &[u8]) -> Payroll {
    read_bytes(bytes, InputFormat::Csv).expect("a payroll")
}

/// (line, field, message) of every rejected row.
fn rejected(payroll: &Payroll) -> Vec<(u64, Option<String>, String)> {
    payroll
        .rows
        .iter()
        .filter_map(|r| {
            r.payout
                .as_ref()
                .err()
                .map(|e| (r.line, e.field.clone(), e.message.clone()))
        })
        .collect()
}

fn field_of(row: &str) -> (Option<String>, String) {
    let payroll = csv(format!("{HEADER}{row}\n").as_bytes());
    let (_, field, message) = rejected(&payroll).pop().expect("the row is rejected");
    (field, message)
}

#[test]
fn invalid_utf8_rejects_the_row_naming_the_field() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"P1,E1,Anna \xff Schmidt,DE,10,EUR,DE89370400440532013000\n");
    bytes.extend_from_slice(GOOD.replace("P1", "P2").as_bytes());
    let payroll = csv(&bytes);
    assert_eq!(
        rejected(&payroll),
        [(2, Some("employee_name".into()), NOT_UTF8.into())]
    );
    assert_eq!(payroll.rows.len(), 2, "the next row is still read");
}

#[test]
fn a_byte_order_mark_and_crlf_are_read_as_usual() {
    let text =
        format!("\u{feff}{HEADER}{GOOD}P2,E2,Lucas Martin,FR,20,EUR,FR1420041010050500013M02606\n")
            .replace('\n', "\r\n");
    let payroll = csv(text.as_bytes());
    assert_eq!(rejected(&payroll), []);
    assert_eq!(
        payroll.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3]
    );
}

#[test]
fn a_lone_cr_ends_a_line_as_it_ends_a_record() {
    // Found by fuzzing: a CR inside the header ends it there, and what
    // follows is a (rejected) row of its own on line 2, not on line 1.
    let text = format!("{HEADER}{GOOD}").replacen(",iban", "\riban", 1);
    let payroll = csv(text.as_bytes());
    assert_eq!(
        payroll.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3]
    );
    assert_eq!(rejected(&payroll)[0].0, 2);
}

/// Inputs the fuzzers broke once (fuzz/), kept so they stay fixed: every
/// row starts on a later line than the one before.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for format in [InputFormat::Csv, InputFormat::Json, InputFormat::Ndjson] {
            let Ok(payroll) = read_bytes(&bytes, format) else {
                continue;
            };
            let lines: Vec<u64> = payroll.rows.iter().map(|r| r.line).collect();
            assert!(
                lines.windows(2).all(|w| w[0] < w[1]),
                "{}: {lines:?}",
                path.display()
            );
            if format == InputFormat::Csv {
                assert!(
                    lines.first().is_none_or(|l| *l >= 2),
                    "{}: {lines:?}",
                    path.display()
                );
            }
        }
        // The bank readers: transfers in file order, no panic.
        for format in [BankFormat::Nacha, BankFormat::Pain001] {
            let lines: Vec<u64> = bank::items(&bytes[..], format)
                .filter_map(|item| item.transfer().map(|t| t.line))
                .collect();
            assert!(
                lines.windows(2).all(|w| w[0] <= w[1]),
                "{} as {}: {lines:?}",
                path.display(),
                format.name()
            );
        }
    }
}

#[test]
fn a_character_cut_across_two_fields_is_invalid_utf8_in_the_first() {
    // "\xc3" ends one field and "\xa9" starts the next: the record's
    // bytes together spell "é", but neither field is UTF-8 alone.
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"P1,E1,Anna \xc3,\xa9DE,10,EUR,DE89370400440532013000\n");
    assert_eq!(
        rejected(&csv(&bytes)),
        [(2, Some("employee_name".into()), NOT_UTF8.into())]
    );
}

#[test]
fn control_characters_in_columns_payguard_ignores_reject_nothing() {
    let text = format!("notes,{HEADER}\"tab\there\",{GOOD}");
    let payroll = csv(text.as_bytes());
    assert_eq!(payroll.rows.len(), 1);
    assert_eq!(rejected(&payroll), []);
}

#[test]
fn quoted_newlines_stay_in_their_field_and_lines_stay_true() {
    let text = format!(
        "{HEADER}{GOOD}P2,E2,\"Lucas\nMartin\",FR,20,EUR,FR1420041010050500013M02606\nP3,E3,Emma,SE,1,SEK,SE4550000000058398257466\n"
    );
    let payroll = csv(text.as_bytes());
    assert_eq!(
        payroll.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 5]
    );
    // A newline is a control character: no legal name holds one.
    assert_eq!(
        rejected(&payroll),
        [(
            3,
            Some("employee_name".into()),
            "contains the control character U+000A".into()
        )]
    );
}

#[test]
fn headers_without_required_or_with_twice_named_columns_are_refused_whole() {
    let missing = read_bytes(b"employee_id,amount\nE1,10\n", InputFormat::Csv).unwrap_err();
    assert!(
        missing.contains("no column reads as employee_name, residence_country, currency"),
        "{missing}"
    );
    let twice = read_bytes(format!("amount,{HEADER}").as_bytes(), InputFormat::Csv).unwrap_err();
    assert_eq!(
        twice,
        "the header has two columns that read as amount: `amount` (column 1) and `amount` (column 6); name the one to use in a --columns file (amount = \"amount\")"
    );
}

#[test]
fn a_ten_megabyte_field_is_refused_not_stored() {
    let huge = "A".repeat(10 << 20);
    let (field, message) = field_of(&format!("P1,E1,{huge},DE,10,EUR,DE89370400440532013000"));
    assert_eq!(field.as_deref(), Some("employee_name"));
    assert_eq!(message, "is 10485760 bytes long; at most 4096 are accepted");
}

#[test]
fn nul_bytes_are_refused() {
    let (field, message) = field_of("P1,E1,Anna\0Schmidt,DE,10,EUR,DE89370400440532013000");
    assert_eq!(
        (field.as_deref(), message.as_str()),
        (
            Some("employee_name"),
            "contains the control character U+0000"
        )
    );
}

#[test]
fn bad_values_name_their_field() {
    let cases = [
        (
            "P1,E1,Anna,DE,10,EUR,DE89370400440532013000,paypal",
            "method",
            "\"paypal\" is not a method; use bank, crypto or ewallet",
        ),
        (
            "P1,E1,Anna,DE,10,EUR,,Paper Check",
            "method",
            "\"Paper Check\" is a cheque, which pays no account: payguard scores payouts to a bank account, a crypto wallet or an e-wallet and has none to check here; leave cheque payouts out of the file",
        ),
        (
            "P1,E1,Anna,DE,ten,EUR,DE89370400440532013000",
            "amount",
            "\"ten\" is not a decimal amount such as 1234.56",
        ),
        (
            "P1,E1,Anna,DE,92233720368547758.08,EUR,DE89370400440532013000",
            "amount",
            "92233720368547758.08 EUR is too large",
        ),
        (
            "P1,E1,Anna,DE,10.0001,EUR,DE89370400440532013000",
            "amount",
            "10.0001 has more decimals than EUR allows (2)",
        ),
        (
            // Three digits after a point may group thousands.
            "P1,E1,Anna,DE,10.001,EUR,DE89370400440532013000",
            "amount",
            "\"10.001\" could be 10001 or 10.001: write it without a thousands separator, its decimals after a point",
        ),
        (
            "P1,E1,Anna,DE,10,XYZ,DE89370400440532013000",
            "currency",
            "\"XYZ\" is neither an ISO 4217 currency code nor a known crypto asset",
        ),
    ];
    for (row, field, message) in cases {
        let header = HEADER.trim_end().to_string() + ",method\n";
        let row = if row.matches(',').count() == 6 {
            format!("{row},")
        } else {
            row.to_string()
        };
        let payroll = csv(format!("{header}{row}\n").as_bytes());
        let (_, got_field, got_message) = rejected(&payroll).pop().expect("rejected");
        assert_eq!(
            (got_field.as_deref(), got_message.as_str()),
            (Some(field), message),
            "{row}"
        );
    }
}

#[test]
fn duplicate_payout_ids_are_rejected_after_the_first() {
    let payroll = csv(format!("{HEADER}{GOOD}{GOOD}").as_bytes());
    assert_eq!(
        rejected(&payroll),
        [(
            3,
            Some("payout_id".into()),
            "duplicates the payout_id of line 2".into()
        )]
    );
}

#[test]
fn json_that_is_no_payroll_is_refused_whole_and_bad_objects_row_by_row() {
    assert!(read_bytes(b"{\"not\": \"an array\"}", InputFormat::Json).is_err());
    let lines = read_bytes(
        b"{\"payout_id\": \"P1\", \"amount\": [1]}\nnot json\n",
        InputFormat::Ndjson,
    )
    .unwrap();
    let got = rejected(&lines);
    assert_eq!(
        got[0],
        (
            1,
            Some("amount".into()),
            "must be a string or a number".into()
        )
    );
    assert_eq!((got[1].0, got[1].1.clone()), (2, None));
}

// The CLI: exit status, reconciled summary, and escaped display.

/// `payguard score` of a file holding `bytes`, named `name`.
fn score(name: &str, bytes: &[u8], format: &str) -> Run {
    let path = support::temp(name);
    std::fs::write(&path, bytes).unwrap();
    support::payguard(&["score", path.to_str().unwrap(), "--format", format])
}

#[test]
fn rejected_rows_appear_in_ndjson_and_the_summary_reconciles() {
    let text = format!(
        "{HEADER}{GOOD}P2,E2,Lucas,FR,abc,EUR,FR1420041010050500013M02606\n,E3,Emma,SE,1,SEK,SE4550000000058398257466\n"
    );
    let run = score("mixed.csv", text.as_bytes(), "ndjson");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "3 rows read: 1 assessed (1 allow, 0 review, 0 block), 2 rejected\n"
    );
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["payout_id"], "P2");
    assert_eq!(rows[1]["line"], 3);
    assert_eq!(rows[1]["error"]["field"], "amount");
    assert_eq!(rows[2]["payout_id"], "");
    assert_eq!(rows[2]["error"]["field"], "payout_id");
}

#[test]
fn bidi_controls_and_homoglyphs_are_shown_escaped() {
    // U+202E flips the rest of the line; Cyrillic "А" imitates Latin "A".
    let text =
        format!("{HEADER}P1,E\u{202E}1,\u{0410}nna Schmidt,DE,10,EUR,DE89370400440532013000\n");
    let run = score("spoof.csv", text.as_bytes(), "table");
    // The look-alike "А" is itself a finding (look-alike-letters): review.
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("look-alike-letters"), "{}", run.stdout);
    assert!(run.stdout.contains("E\\u{202E}1"), "{}", run.stdout);
    assert!(run.stdout.contains("\\u{0410}nna"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{202E}') && !run.stdout.contains('\u{0410}'));
}

#[test]
fn csv_output_defuses_formulas_from_the_file() {
    let text =
        format!("{HEADER}=HYPERLINK(\"http://x\"),E1,Anna,DE,10,EUR,DE89370400440532013000\n");
    let run = score("formula.csv", text.as_bytes(), "csv");
    let row = run.stdout.lines().nth(1).unwrap();
    assert!(
        row.starts_with("2,\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{row}"
    );
}

#[test]
fn files_that_are_no_payroll_exit_2() {
    let png = score("image.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "ndjson");
    assert_eq!(png.code, 2);
    assert_eq!(png.stdout, "");
    assert!(png.stderr.contains("not a payroll"), "{}", png.stderr);
    let json = score("object.json", b"{\"payout_id\": 1}", "ndjson");
    assert_eq!(json.code, 2);
    assert!(
        json.stderr.contains("not a JSON array of payouts"),
        "{}",
        json.stderr
    );
}

#[test]
fn records_of_blank_fields_are_no_rows_and_keep_the_lines_after_them() {
    // Excel saves rows whose cells were cleared as ",,,," and ends many
    // exports so; a record of blanks holds nothing to score or to drop.
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(GOOD.as_bytes());
    bytes.extend_from_slice(b",,,,,,\r\n , ,\t,,,,\n");
    bytes.extend_from_slice(GOOD.replace("P1", "P2").as_bytes());
    bytes.extend_from_slice(b",,,,,,\n,,,,,,\n");
    let payroll = csv(&bytes);
    let lines: Vec<u64> = payroll.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5]);
    assert!(payroll.rows.iter().all(|r| r.payout.is_ok()));
}

#[test]
fn a_name_part_that_is_not_utf8_rejects_the_row_naming_employee_name() {
    let mut bytes =
        b"payout_id,employee_id,First Name,Last Name,residence_country,amount,currency,iban\n"
            .to_vec();
    bytes.extend_from_slice(b"P1,E1,J\xfcrgen,M\xfcller,DE,10,EUR,DE89370400440532013000\n");
    bytes.extend_from_slice(b"P2,E2,Anna,Schmidt,DE,10,EUR,DE89370400440532013000\n");
    let payroll = csv(&bytes);
    assert_eq!(
        rejected(&payroll),
        [(2, Some("employee_name".into()), NOT_UTF8.into())]
    );
    assert_eq!(
        payroll.rows[1].employee_name.as_deref(),
        Some("Anna Schmidt")
    );
}
