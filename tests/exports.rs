//! Payroll exports read as their systems name the columns
//! (`tests/fixtures/exports/`, each layout's source in its README): common
//! spellings with no mapping, odd ones with a `--columns` file, and the
//! refusals that say how to map.

mod support;

use support::{ndjson, payguard, temp};

/// (payout id, decision, rules) of each row of an NDJSON run.
fn results(stdout: &str) -> Vec<(String, String, Vec<String>)> {
    ndjson(stdout)
        .iter()
        .map(|r| {
            let rules = r["findings"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|f| f["rule"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (
                r["payout_id"].as_str().unwrap().to_string(),
                r["decision"].as_str().unwrap().to_string(),
                rules,
            )
        })
        .collect()
}

fn expect(rows: &[(&str, &str, &[&str])]) -> Vec<(String, String, Vec<String>)> {
    rows.iter()
        .map(|(id, decision, rules)| {
            (
                id.to_string(),
                decision.to_string(),
                rules.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect()
}

fn score(args: &[&str]) -> support::Run {
    let mut all = vec!["score", "--format", "ndjson", "--as-of", "2026-12-01"];
    all.extend(args);
    payguard(&all)
}

/// [`score`] with `args` on one thread and on two, each with chunks of
/// two payouts (so pass 2's rows come from several chunks): the thread
/// count with each run.
fn on_threads(args: &[&str]) -> [(&'static str, support::Run); 2] {
    ["1", "2"].map(|threads| {
        let mut all = vec!["--threads", threads, "--chunk-size", "2"];
        all.extend(args);
        (threads, score(&all))
    })
}

#[test]
fn an_hr_export_with_common_names_is_read_as_it_is() {
    let run = score(&["tests/fixtures/exports/hr-export.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        results(&run.stdout),
        expect(&[
            ("line-2", "allow", &[]),
            ("line-3", "allow", &[]),
            // Daniel Park's pay to Kevin Li's account.
            ("line-4", "review", &["holder-mismatch"]),
            ("line-5", "allow", &["non-local-bank-in-area"]),
        ])
    );
    assert!(
        run.stderr
            .contains("the file has no payout_id column, so each payout's id is its line (line-N)"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_hr_export_saved_by_a_german_spreadsheet_is_read_alike() {
    // Semicolons, decimal commas, a byte-order mark and CRLF, as Excel
    // saves "CSV UTF-8" in Germany; Jonas Weber's account is Anna
    // Schmidt's, so pass 2 reads both records again by their places.
    let run = score(&["tests/fixtures/exports/hr-export-excel-de.csv"]);
    // 2: a row was refused (3.900: 3900 or 3.9?).
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        results(&run.stdout),
        expect(&[
            ("line-2", "review", &["shared-destination"]),
            ("line-3", "allow", &[]),
            ("line-4", "review", &["holder-mismatch"]),
            ("line-5", "allow", &["non-local-bank-in-area"]),
            ("line-6", "review", &["shared-destination"]),
            // 4.100,00: thousands grouped by a point, decimals after a comma.
            ("line-7", "allow", &[]),
            ("line-8", "rejected", &[]),
        ])
    );
    let rejected = &ndjson(&run.stdout)[6]["error"];
    assert_eq!(rejected["field"], "amount");
    assert_eq!(
        rejected["message"],
        "\"3.900\" could be 3900 or 3.900: write it without a thousands separator, \
         its decimals after a comma"
    );
}

/// `text` in UTF-16 with its byte order mark, as Windows writes it.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let units = text.encode_utf16();
    match little_endian {
        true => [0xFF, 0xFE]
            .into_iter()
            .chain(units.flat_map(u16::to_le_bytes))
            .collect(),
        false => [0xFE, 0xFF]
            .into_iter()
            .chain(units.flat_map(u16::to_be_bytes))
            .collect(),
    }
}

#[test]
fn exports_saved_in_utf16_are_read_as_their_utf8_originals() {
    // Excel's "Unicode Text" is UTF-16LE split by tabs; SQL Server's `bcp
    // -w` and Windows PowerShell's Out-File write UTF-16 too. The German
    // file keeps its semicolons and decimal commas, and has a shared
    // account, so pass 2 reads rows again: through the decoder, as the
    // first reading did, on one thread and on two with small chunks.
    let exports = support::root().join("tests/fixtures/exports");
    let english = std::fs::read_to_string(exports.join("hr-export.csv")).unwrap();
    assert!(!english.contains('"'), "no quoted commas to keep from tabs");
    let german = std::fs::read_to_string(exports.join("hr-export-excel-de.csv")).unwrap();
    // Its UTF-8 byte order mark is the UTF-16 one's to replace.
    let german = german.trim_start_matches('\u{feff}').to_string();
    for (original, text, little_endian) in [
        ("hr-export.csv", english.replace(',', "\t"), true),
        ("hr-export-excel-de.csv", german.clone(), true),
        ("hr-export-excel-de.csv", german, false),
    ] {
        let path = temp(&format!("utf16-{little_endian}-{original}.txt"));
        std::fs::write(&path, utf16(&text, little_endian)).unwrap();
        let path = path.to_str().unwrap();
        let expected = score(&[&format!("tests/fixtures/exports/{original}")]);
        for (threads, run) in on_threads(&[path]) {
            assert_eq!(run.code, expected.code, "{original}: {}", run.stderr);
            assert_eq!(run.stdout, expected.stdout, "{original}, {threads} threads");
        }
    }
}

#[test]
fn an_export_in_a_windows_code_page_is_read_with_its_encoding_named() {
    // Excel's "CSV (Comma delimited)" ("CSV (Trennzeichen-getrennt)") saves
    // in the Windows code page, with no mark: never guessed, its rows with
    // letters outside ASCII are rejected saying how to read them, and with
    // --encoding read as their UTF-8 original, pass 2's rows included.
    let german = std::fs::read_to_string(
        support::root().join("tests/fixtures/exports/hr-export-excel-de.csv"),
    )
    .unwrap();
    let text = german
        .trim_start_matches('\u{feff}')
        .replace("Jonas Weber", "Jörg Weiß")
        .replace("Lena Vogel", "Léna Vögel");
    let original = temp("code-page-original.csv");
    std::fs::write(&original, &text).unwrap();
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let saved = temp("code-page-1252.csv");
    std::fs::write(&saved, &cp1252).unwrap();
    let (original, saved) = (original.to_str().unwrap(), saved.to_str().unwrap());
    let unread = score(&[saved]);
    let rejected: Vec<_> = ndjson(&unread.stdout)
        .into_iter()
        .filter(|r| r["decision"] == "rejected")
        .map(|r| r["error"]["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        rejected.len(),
        3,
        "Jörg, Léna and the 3.900 row: {rejected:?}"
    );
    assert!(
        rejected[0].contains("--encoding windows-1252"),
        "{rejected:?}"
    );
    let expected = score(&[original]);
    for (threads, run) in on_threads(&["--encoding", "windows-1252", saved]) {
        assert_eq!(run.code, expected.code, "{}", run.stderr);
        assert_eq!(run.stdout, expected.stdout, "{threads} threads");
    }
    // A bank file's bytes are read as its format says (NACHA's columns
    // are bytes), never decoded: with --roster, the encoding is the
    // roster's, an HR export saved in the code page too.
    let roster_text = std::fs::read_to_string(support::root().join("examples/roster.csv"))
        .unwrap()
        .replace("Emma Johansson", "Emma Jönsson");
    let roster_original = temp("code-page-roster-original.csv");
    std::fs::write(&roster_original, &roster_text).unwrap();
    let roster_saved = temp("code-page-roster-1252.csv");
    std::fs::write(
        &roster_saved,
        encoding_rs::WINDOWS_1252.encode(&roster_text).0,
    )
    .unwrap();
    let nacha = |roster: &std::path::Path, encoding: &[&str]| {
        let mut args = encoding.to_vec();
        args.extend(["--roster", roster.to_str().unwrap(), "examples/payroll.ach"]);
        score(&args)
    };
    let unnamed = nacha(&roster_saved, &[]);
    assert_eq!(unnamed.code, 2);
    assert!(
        unnamed.stderr.contains("line 10: is not valid UTF-8")
            && unnamed.stderr.contains("--encoding windows-1252"),
        "{}",
        unnamed.stderr
    );
    let named = nacha(&roster_saved, &["--encoding", "windows-1252"]);
    assert_eq!(named.code, 1, "{}", named.stderr);
    assert_eq!(named.stdout, nacha(&roster_original, &[]).stdout);
    let unknown = score(&["--encoding", "cp-nonesuch", saved]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("\"cp-nonesuch\" is not an encoding"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn excels_separator_hint_before_the_header_splits_the_file_and_counts_as_a_line() {
    // `sep=;` on the first line, as tools writing CSV for Excel put it:
    // the German export (its byte order mark first) and the example, whose
    // shared accounts pass 2 reads again at their places, past the hint.
    let root = support::root();
    let german =
        std::fs::read_to_string(root.join("tests/fixtures/exports/hr-export-excel-de.csv"))
            .unwrap();
    let example = std::fs::read_to_string(root.join("examples/payroll.csv")).unwrap();
    let hinted = [
        (
            "tests/fixtures/exports/hr-export-excel-de.csv",
            german.replacen('\u{feff}', "\u{feff}sep=;\r\n", 1),
        ),
        ("examples/payroll.csv", format!("sep=,\n{example}")),
    ];
    for (original, text) in hinted {
        let path = temp(&format!("hinted-{}", original.replace('/', "-")));
        std::fs::write(&path, text).unwrap();
        let expected = score(&[original]);
        for (threads, run) in on_threads(&[path.to_str().unwrap()]) {
            assert_eq!(run.code, expected.code, "{original}: {}", run.stderr);
            let lines = |stdout: &str| -> Vec<u64> {
                ndjson(stdout)
                    .iter()
                    .map(|r| r["line"].as_u64().unwrap())
                    .collect()
            };
            let later: Vec<u64> = lines(&expected.stdout).iter().map(|l| l + 1).collect();
            assert_eq!(lines(&run.stdout), later, "{original}: one line later");
            // An id made from its line is one later too.
            let shifted = |id: String| match id.strip_prefix("line-") {
                Some(n) => format!("line-{}", n.parse::<u64>().unwrap() + 1),
                None => id,
            };
            let expected_results: Vec<_> = results(&expected.stdout)
                .into_iter()
                .map(|(id, decision, rules)| (shifted(id), decision, rules))
                .collect();
            assert_eq!(
                results(&run.stdout),
                expected_results,
                "{original}, {threads} threads"
            );
        }
    }
}

#[test]
fn a_name_in_first_and_last_name_columns_is_read_joined() {
    // Rise People's output sheet has Last Name and First Name and no full
    // name: the employee's name is the two joined, first name first, in
    // both readings (Peter Meier is paid to Anna Schmidt's account, so
    // pass 2 reads both records again) and in the table's name column.
    let run = score(&["tests/fixtures/exports/rise-output-sheet.csv"]);
    // 2: a paper cheque pays no account, and is refused.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        results(&run.stdout),
        expect(&[
            // "Direct Deposit" is a bank payout.
            ("line-2", "review", &["shared-destination"]),
            // The holder written in capitals, without accents.
            ("line-3", "allow", &[]),
            ("line-4", "review", &["shared-destination"]),
            // A last name alone is the name.
            ("line-5", "allow", &[]),
            ("line-6", "rejected", &[]),
        ])
    );
    assert_eq!(ndjson(&run.stdout)[4]["error"]["field"], "method");
    let table = payguard(&[
        "score",
        "--as-of",
        "2026-12-01",
        "tests/fixtures/exports/rise-output-sheet.csv",
    ]);
    for name in [
        "Anna Schmidt",
        "María José García López",
        "Peter Meier",
        "Okafor",
        "Kasia Nowak",
    ] {
        assert!(table.stdout.contains(name), "{name}: {}", table.stdout);
    }
    // Another header's names for them, mapped.
    let german = temp("vorname-nachname.csv");
    std::fs::write(
        &german,
        "Personalnummer,Vorname,Nachname,Wohnsitzland,Betrag,Währung,IBAN,Kontoinhaber\n\
         1041,Anna,Schmidt,DE,4850.00,EUR,DE89370400440532013000,Ivan Petrov\n",
    )
    .unwrap();
    let mapping = temp("vorname-nachname.toml");
    std::fs::write(
        &mapping,
        "employee_id = \"Personalnummer\"\nfirst_name = \"Vorname\"\nlast_name = \"Nachname\"\n\
         residence_country = \"Wohnsitzland\"\namount = \"Betrag\"\ncurrency = \"Währung\"\n\
         account_holder = \"Kontoinhaber\"\n",
    )
    .unwrap();
    let run = score(&[
        "--columns",
        mapping.to_str().unwrap(),
        german.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = &ndjson(&run.stdout)[0]["findings"][0];
    assert_eq!(
        found["message"],
        "The account is held by \"Ivan Petrov\", not by the employee \"Anna Schmidt\"."
    );
}

#[test]
fn a_middle_name_column_is_joined_into_the_name() {
    // BambooHR's and QuickBooks' employees have a middle name beside the
    // first and last; someone known by it holds their account under it.
    // Without the column read, John Michael Smith was "John Smith", and
    // his account in the name of "Michael Smith" another man's.
    let file = temp("middle-name.csv");
    std::fs::write(
        &file,
        "Employee ID,Last Name,First Name,Middle Name,Country,Net Pay,Currency,IBAN,Account Holder Name\n\
         E-1,Smith,John,Michael,DE,4850.00,EUR,DE89370400440532013000,Michael Smith\n\
         E-2,Jones,Mary,,DE,4850.00,EUR,DE75512108001245126199,Mary Jones\n\
         E-3,Meier,Peter,Hans,DE,4850.00,EUR,DE02120300000000202051,Karl Meier\n",
    )
    .unwrap();
    let run = score(&[file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        results(&run.stdout),
        expect(&[
            ("line-2", "allow", &[]),
            // A blank middle name leaves the first and last.
            ("line-3", "allow", &[]),
            ("line-4", "review", &["holder-mismatch"]),
        ])
    );
    assert_eq!(
        ndjson(&run.stdout)[2]["findings"][0]["message"],
        "The account is held by \"Karl Meier\", not by the employee \"Peter Hans Meier\"."
    );
}

#[test]
fn a_us_direct_deposit_list_finds_one_account_paid_twice() {
    let run = score(&["tests/fixtures/exports/us-direct-deposit.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        results(&run.stdout),
        expect(&[
            ("line-2", "review", &["shared-destination"]),
            ("line-3", "allow", &[]),
            ("line-4", "review", &["shared-destination"]),
        ])
    );
}

#[test]
fn a_wise_batch_file_needs_its_mapping_and_the_refusal_says_how() {
    let run = score(&["tests/fixtures/exports/wise-batch.csv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "not a payroll: no column reads as employee_id. The header has `employeeRef`, `Employee`, `name`,"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`employeeRef` may be employee_id"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--columns FILE"), "{}", run.stderr);

    let run = score(&[
        "tests/fixtures/exports/wise-batch.csv",
        "--columns",
        "tests/fixtures/exports/wise-batch.columns.toml",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        results(&run.stdout),
        expect(&[
            ("line-2", "allow", &[]),
            ("line-3", "allow", &["e-money", "non-local-bank-in-area"]),
            // The template's `name` is the account's holder: a company.
            ("line-4", "review", &["holder-mismatch"]),
        ])
    );
}

#[test]
fn dates_with_slashes_are_read_in_the_order_the_mapping_names() {
    // A UK export: pay dates day first, as British payroll software writes
    // them; the same file with ISO dates is what it must read as.
    let uk = "Employee ID,Full Name,Country of Residence,Net Pay,Currency,IBAN,Pay Date,Account Changed At\n\
              E1,Tom Baker,GB,3100.00,GBP,GB29NWBK60161331926819,25/11/2026,13/11/2026\n\
              E2,Priya Shah,GB,2950.00,GBP,GB33BUKB20201555555555,05/12/2026,\n";
    let written = |name: &str, text: &str| {
        let path = temp(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let slashed = written("uk-slashes.csv", uk);
    let iso = written(
        "uk-iso.csv",
        &uk.replace("25/11/2026", "2026-11-25")
            .replace("13/11/2026", "2026-11-13")
            .replace("05/12/2026", "2026-12-05"),
    );
    let unread = score(&[&slashed]);
    assert_eq!(unread.code, 2);
    let messages: Vec<String> = ndjson(&unread.stdout)
        .iter()
        .map(|r| {
            r["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert!(
        messages.iter().all(|m| m.contains("dates = \"day-first\"")),
        "{messages:?}"
    );
    let day_first = written("uk.columns.toml", "dates = \"day-first\"\n");
    let read = score(&[&slashed, "--columns", &day_first]);
    assert_eq!(read.stdout, score(&[&iso]).stdout);
    assert!(read.stdout.contains("account-change"), "{}", read.stdout);
    // The US order, and a value that names neither.
    let us = written(
        "us-slashes.csv",
        &uk.replace("25/11/2026", "11/25/2026")
            .replace("13/11/2026", "11/13/2026")
            .replace("05/12/2026", "12/05/2026"),
    );
    let month_first = written("us.columns.toml", "dates = \"month-first\"\n");
    let run = score(&[&us, "--columns", &month_first]);
    assert_eq!(run.stdout, score(&[&iso]).stdout);
    let bad = written("bad-dates.toml", "dates = \"ymd\"\n");
    let run = score(&[&slashed, "--columns", &bad]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "dates is \"day-first\" (25/11/2026) or \"month-first\" (11/25/2026), not \"ymd\""
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn two_columns_read_as_one_are_refused_naming_both() {
    let path = temp("two-ibans.csv");
    std::fs::write(
        &path,
        "Employee ID,Full Name,Country,Net Pay,Currency,IBAN,Bank IBAN\n1,Anna Schmidt,DE,1.00,EUR,DE89370400440532013000,DE89370400440532013000\n",
    )
    .unwrap();
    let run = score(&[path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "the header has two columns that read as iban: `IBAN` (column 6) and `Bank IBAN` (column 7); name the one to use in a --columns file (iban = \"IBAN\")"
        ),
        "{}",
        run.stderr
    );
    // A mapping naming one leaves the other unread.
    let map = temp("two-ibans.toml");
    std::fs::write(&map, "iban = \"Bank IBAN\"\n").unwrap();
    let run = score(&[path.to_str().unwrap(), "--columns", map.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_mapping_is_checked_against_the_header_and_the_format() {
    let map = temp("bad-map.toml");
    std::fs::write(&map, "payout_id = \"Payment ID\"\n").unwrap();
    let run = score(&[
        "tests/fixtures/exports/hr-export.csv",
        "--columns",
        map.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad-map.toml: payout_id = \"Payment ID\", but the header has no such column; it has `Employee ID`, `Full Name`"),
        "{}",
        run.stderr
    );
    std::fs::write(&map, "payee = \"Full Name\"\n").unwrap();
    let run = score(&[
        "tests/fixtures/exports/hr-export.csv",
        "--columns",
        map.to_str().unwrap(),
    ]);
    assert!(
        run.stderr
            .contains("payee is not a payguard column; the columns are payout_id, employee_id"),
        "{}",
        run.stderr
    );
    std::fs::write(&map, "employee_id = \"id\"\n").unwrap();
    let run = score(&[
        "tests/fixtures/small.json",
        "--columns",
        map.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a column mapping is for CSV files"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_hr_systems_roster_joins_a_bank_file_as_the_plain_roster_does() {
    // `hr-roster.csv` is examples/roster.csv as an HR system exports it:
    // its own column names, the name in two columns, some countries in
    // alpha-3, and dates day first with slashes, which its mapping names.
    let roster = "tests/fixtures/exports/hr-roster.csv";
    let mapping = "tests/fixtures/exports/hr-roster.columns.toml";
    for bank_file in ["examples/payroll.ach", "examples/payroll.pain001.xml"] {
        let plain = score(&["--roster", "examples/roster.csv", bank_file]);
        assert_eq!(plain.code, 1, "{}", plain.stderr);
        let exported = score(&["--roster", roster, "--columns", mapping, bank_file]);
        assert_eq!(exported.code, plain.code, "{}", exported.stderr);
        assert_eq!(exported.stdout, plain.stdout, "{bank_file}");
        // Without the mapping, the dates' order is not guessed.
        let unmapped = score(&["--roster", roster, bank_file]);
        assert_eq!(unmapped.code, 2);
        assert!(
            unmapped
                .stderr
                .contains("hr-roster.csv line 2, account_changed_at: \"01/04/2023\" is not a date")
                && unmapped.stderr.contains("dates = \"day-first\""),
            "{}",
            unmapped.stderr
        );
    }
}
