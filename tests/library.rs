//! The host library as a finance platform embeds it.

use payguard::input::Row;
use payguard::input::{PayrollFile, read_path};
use payguard::output::ReportRow;
use payguard::plugin::EMBEDDED;
use payguard::scoring::{RowSource, Stages, WithoutPayouts};
use payguard::{
    AllowEntry, BankAccount, CryptoWallet, Date, Decision, Destination, EWallet, Error, Limits,
    Outcome, Payout, Plugin, RuleSetting,
};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixture(path: &str) -> Vec<payguard::Payout> {
    read_path(&root().join(path))
        .expect("a readable payroll")
        .payouts()
}

fn decision_of(outcomes: &[Outcome], id: &str) -> Decision {
    outcomes
        .iter()
        .flatten()
        .find(|a| a.payout_id == id)
        .expect("assessed")
        .decision
}

#[test]
fn the_plugin_imports_nothing() {
    let engine = wasmtime::Engine::default();
    let component = wasmtime::component::Component::new(&engine, EMBEDDED).unwrap();
    let imports: Vec<String> = component
        .component_type()
        .imports(&engine)
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(imports, Vec::<String>::new());
    let exports: Vec<String> = component
        .component_type()
        .exports(&engine)
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(exports, ["payguard:risk/scoring@0.7.0"]);

    // The same, read the way `wasm-tools component wit` reads it.
    let wit_component::DecodedWasm::Component(resolve, world) =
        wit_component::decode(EMBEDDED).unwrap()
    else {
        panic!("the plugin is a component");
    };
    assert!(resolve.worlds[world].imports.is_empty());
    assert_eq!(resolve.worlds[world].exports.len(), 1);
}

/// Every report row of `source`, scored with `chunk_size` and `threads`.
fn report(source: &(impl RowSource + ?Sized), chunk_size: usize, threads: usize) -> Vec<ReportRow> {
    let limits = Limits {
        chunk_size,
        threads,
        ..Limits::default()
    };
    let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
    let policy = plugin.default_policy().unwrap();
    let mut rows = Vec::new();
    plugin.score(source, &policy, |row| rows.push(row)).unwrap();
    rows
}

/// A synthetic payroll file with shared accounts, phones and holders
/// spread over thousands of rows, and a payout id given twice.
fn synthetic_file(dir: &std::path::Path) -> PayrollFile {
    let mut csv = Vec::new();
    payguard::bench::synthetic::write(&mut csv, 3000, 11).unwrap();
    csv.extend_from_slice(b"P000000005,E999,Late Twin,DE,10,EUR,DE89370400440532013000,,,,,,,,\n");
    let path = dir.join("synthetic.csv");
    std::fs::write(&path, csv).unwrap();
    PayrollFile::open(&path).unwrap()
}

#[test]
fn chunking_and_threads_do_not_change_any_result() {
    // Shared accounts sit far apart in these files, so small chunks split
    // every group across calls and threads.
    let dir = std::env::temp_dir().join(format!("payguard-invariance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        PayrollFile::open(&root().join("examples/payroll.csv")).unwrap(),
        PayrollFile::open(&root().join("tests/fixtures/catalogue.csv")).unwrap(),
        synthetic_file(&dir),
    ];
    for file in &files {
        let whole = report(file, 1000, 1);
        for (chunk_size, threads) in [(1, 1), (7, 1), (1000, 2), (7, 2), (1, 2)] {
            assert!(
                report(file, chunk_size, threads) == whole,
                "{}: chunks of {chunk_size} on {threads} threads differ",
                file.path().display()
            );
        }
    }
    let synthetic = report(&files[2], 1000, 2);
    let shared = synthetic
        .iter()
        .filter_map(|r| r.outcome.as_ref().ok())
        .filter(|a| a.findings.iter().any(|f| f.rule == "shared-destination"))
        .count();
    assert!(
        shared > 10,
        "the synthetic payroll shares accounts ({shared})"
    );
    let last = synthetic.last().unwrap();
    assert_eq!(
        last.outcome.as_ref().unwrap_err().message,
        "duplicates the payout_id of line 7"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_sandbox_changes_no_result() {
    let file = PayrollFile::open(&root().join("tests/fixtures/catalogue.csv")).unwrap();
    let rows = blank_field_rows();
    let limits = Limits::default();
    let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
    let mut policy = plugin.default_policy().unwrap();
    let mut by_native = Vec::new();
    payguard::native::score(&file, &policy, &limits, |row| by_native.push(row)).unwrap();
    assert!(by_native == report(&file, 4096, 2));
    // Blank text in every field the payout carries, in every destination
    // kind, and a blank employee in an allowlist entry: blank is absent on
    // both sides, and the rows share keys so pass 2 runs too.
    policy.allowlist.push(AllowEntry {
        employee_id: Some("  ".into()),
        destination: Some("DE89 3704 0044 0532 0130 00".into()),
        rules: vec!["holder-mismatch".into()],
        reason: "reviewed".into(),
        expires: Date {
            year: 2099,
            month: 1,
            day: 1,
        },
    });
    for chunk_size in [1, 7, 4096] {
        let limits = Limits {
            chunk_size,
            ..Limits::default()
        };
        let mut by_native = Vec::new();
        payguard::native::score(rows.as_slice(), &policy, &limits, |row| by_native.push(row))
            .unwrap();
        let mut by_plugin = Vec::new();
        let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
        plugin
            .score(rows.as_slice(), &policy, |row| by_plugin.push(row))
            .unwrap();
        assert_eq!(by_native.len(), rows.len());
        for (n, p) in by_native.iter().zip(&by_plugin) {
            assert_eq!(n, p, "payout {} (chunks of {chunk_size})", n.payout_id);
        }
        let flagged = by_plugin
            .iter()
            .filter(|r| r.outcome.as_ref().is_ok_and(|a| a.score > 0));
        assert!(flagged.count() > 10, "the blank rows reach the rules");
    }
}

/// Payouts of each destination kind with every field filled, then the
/// same with one text field at a time empty or white space: the required
/// ones (rejected alike) and the optional ones (absent alike).
fn blank_field_rows() -> Vec<Row> {
    let date = |day| {
        Some(Date {
            year: 2026,
            month: 11,
            day,
        })
    };
    let base = |destination| Payout {
        payout_id: String::new(),
        employee_id: "E-1".into(),
        employee_name: "Jürgen Weiß".into(),
        residence_country: "DE".into(),
        amount_minor: 500_000,
        currency: "EUR".into(),
        destination,
        account_holder: Some("Li Wei".into()),
        account_changed_at: date(20),
        pay_date: date(25),
        phone: Some("+86 138 0013 8000".into()),
        ship_to_country: Some("CN".into()),
        reference: Some(
            "salary November, send to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq".into(),
        ),
    };
    let bank = Destination::Bank(BankAccount {
        iban: Some("DE89 3704 0044 0532 0130 00".into()),
        account_number: Some("0532013000".into()),
        routing_number: Some("37040044".into()),
        bic: Some("COBADEFFXXX".into()),
        bank_country: Some("DE".into()),
    });
    let crypto = Destination::Crypto(CryptoWallet {
        address: "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe".into(),
        network: Some("ethereum".into()),
    });
    let wallet = Destination::EWallet(EWallet {
        provider: "Wise".into(),
        handle: "jw@example.com".into(),
    });
    type Blank = fn(&mut Payout, &str);
    let fields: [Blank; 19] = [
        |p, b| p.employee_id = b.into(),
        |p, b| p.employee_name = b.into(),
        |p, b| p.residence_country = b.into(),
        |p, b| p.currency = b.into(),
        |p, b| p.account_holder = Some(b.into()),
        |p, b| p.phone = Some(b.into()),
        |p, b| p.ship_to_country = Some(b.into()),
        |p, b| p.reference = Some(b.into()),
        |p, _| p.account_changed_at = None,
        |p, _| p.pay_date = None,
        |p, b| match &mut p.destination {
            Destination::Bank(a) => a.iban = Some(b.into()),
            Destination::Crypto(CryptoWallet { address, .. }) => *address = b.into(),
            Destination::EWallet(EWallet { provider, .. }) => *provider = b.into(),
        },
        |p, b| match &mut p.destination {
            Destination::Bank(a) => a.account_number = Some(b.into()),
            Destination::Crypto(CryptoWallet { network, .. }) => *network = Some(b.into()),
            Destination::EWallet(EWallet { handle, .. }) => *handle = b.into(),
        },
        |p, b| {
            if let Destination::Bank(a) = &mut p.destination {
                a.routing_number = Some(b.into());
            }
        },
        |p, b| {
            if let Destination::Bank(a) = &mut p.destination {
                a.bic = Some(b.into());
            }
        },
        |p, b| {
            if let Destination::Bank(a) = &mut p.destination {
                a.bank_country = Some(b.into());
            }
        },
        |p, b| {
            if let Destination::Bank(a) = &mut p.destination {
                (a.iban, a.account_number) = (Some(b.into()), Some(b.into()));
            }
        },
        |p, b| {
            if let Destination::Bank(a) = &mut p.destination {
                (a.iban, a.bank_country, a.bic) = (None, Some(b.into()), Some(b.into()));
            }
        },
        |p, _| p.amount_minor = 0,
        |p, b| (p.account_holder, p.phone) = (Some(b.into()), Some(b.into())),
    ];
    let mut rows = Vec::new();
    for destination in [bank, crypto, wallet] {
        for blank in ["", " \t "] {
            for set in [None].into_iter().chain(fields.map(Some)) {
                let n = rows.len();
                let mut payout = base(destination.clone());
                payout.payout_id = format!("B-{n}");
                // Seven employees share the destination, phone and holder.
                payout.employee_id = format!("E-{}", n % 7);
                if let Some(set) = set {
                    set(&mut payout, blank);
                }
                rows.push(Row {
                    line: n as u64 + 2,
                    employee_id: Some(payout.employee_id.clone()),
                    employee_name: Some(payout.employee_name.clone()),
                    payout: Ok(Box::new(payout)),
                    file_findings: Vec::new(),
                });
            }
        }
    }
    rows
}

#[test]
fn rows_read_again_by_index_are_the_rows_read_in_order() {
    // Quoted line breaks, CRLF and lone CR endings, a record that is not
    // UTF-8, a short record and blank lines: the second reading steps
    // over records without decoding them and must still number rows and
    // lines alike.
    let path = root().join("tests/fixtures/awkward_records.csv");
    let file = PayrollFile::open(&path).unwrap();
    let all: Vec<Row> = file.rows().unwrap().collect();
    let lines: Vec<u64> = all.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4, 5, 6, 8, 11]);
    assert!(all[2].payout.is_err() && all[3].payout.is_err());
    for wanted in [vec![], vec![0], vec![2, 3], vec![1, 4, 5], (0..6).collect()] {
        let again: Vec<(u32, Row)> = file.reread(wanted.clone()).unwrap().collect();
        let expected: Vec<(u32, Row)> = wanted
            .iter()
            .map(|&i| (i, all[i as usize].clone()))
            .collect();
        assert_eq!(again, expected, "rows {wanted:?}");
    }
}

#[test]
fn a_report_without_payouts_is_the_report_with_them_less_the_payouts() {
    // The second reading then makes the rows whose outcome pass 1 kept
    // from the ids it kept, and reads the others' records alone, at the
    // places pass 1 kept (or, over the budget, decodes only the ids of
    // the former): rows with shared keys, a repeated id, an unreadable
    // record, made ids, quoted line breaks, a byte-order mark and outcomes
    // over the budget must still come out as the full reading gives them.
    let dir = std::env::temp_dir().join(format!("payguard-ids-only-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let made_ids =
        b"employee_id,employee_name,residence_country,amount,currency,iban,account_holder\n\
E-1,Ana Lima,PT,10.00,EUR,PT50000201231234567890154,\"Ana\nLima\"\r\n\
E-2,Bo Berg,SE,11.00,SEK,SE4550000000058398257466,Kim Trading Ltd\n\
E-3,Caf\xe9,FR,12.00,EUR,FR1420041010050500013M02606,x\n\
E-4,Dan Dahl,DE,13.00,EUR,SE4550000000058398257466,Kim Trading Ltd\n";
    let made = dir.join("made_ids.csv");
    std::fs::write(&made, made_ids).unwrap();
    // The example again, after a byte-order mark and with CRLF endings.
    let example = std::fs::read_to_string(root().join("examples/payroll.csv")).unwrap();
    let marked = dir.join("byte_order_mark.csv");
    std::fs::write(
        &marked,
        format!("\u{feff}{}", example.replace('\n', "\r\n")),
    )
    .unwrap();
    let files = [
        PayrollFile::open(&root().join("examples/payroll.csv")).unwrap(),
        PayrollFile::open(&root().join("tests/fixtures/catalogue.csv")).unwrap(),
        PayrollFile::open(&root().join("tests/fixtures/bad_rows.csv")).unwrap(),
        PayrollFile::open(&made).unwrap(),
        PayrollFile::open(&marked).unwrap(),
        synthetic_file(&dir),
    ];
    for file in &files {
        for (chunk_size, threads, provisional_bytes) in [(1000, 1, 128 << 20), (7, 2, 0)] {
            let limits = Limits {
                chunk_size,
                threads,
                provisional_bytes,
                ..Limits::default()
            };
            let plugin = Plugin::from_bytes(EMBEDDED, limits).unwrap();
            let policy = plugin.default_policy().unwrap();
            let (mut with, mut without) = (Vec::new(), Vec::new());
            plugin.score(file, &policy, |row| with.push(row)).unwrap();
            plugin
                .score(&WithoutPayouts(file), &policy, |row| without.push(row))
                .unwrap();
            let rows: Vec<Row> = file.rows().unwrap().collect();
            let mut in_memory = Vec::new();
            plugin
                .score(&WithoutPayouts(rows.as_slice()), &policy, |row| {
                    in_memory.push(row)
                })
                .unwrap();
            assert!(with.iter().any(|r| r.payout.is_some()));
            for row in &mut with {
                row.payout = None;
            }
            let name = file.path().display();
            assert!(
                with == without,
                "{name} in chunks of {chunk_size}, {provisional_bytes} bytes kept"
            );
            assert!(with == in_memory, "{name} in memory");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn each_reading_of_a_scored_file_reports_progress_to_its_end() {
    // Pass 2 of a report without payouts reads only some records, at
    // their places: its progress still runs to the end of the file.
    let path = root().join("examples/payroll.csv");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let file = PayrollFile::open(&path)
        .unwrap()
        .with_progress(move |p| log.lock().unwrap().push(p));
    let plugin = Plugin::embedded().unwrap();
    let policy = plugin.default_policy().unwrap();
    let summary = plugin
        .score(&WithoutPayouts(&file), &policy, |_| {})
        .unwrap();
    assert_eq!(summary.read, 15);
    let seen = seen.lock().unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    let last = |reading| seen.iter().rfind(|p| p.reading == reading).copied();
    for reading in [1, 2] {
        let last = last(reading).unwrap();
        assert_eq!((last.bytes, last.rows), (size, 15), "reading {reading}");
    }
    assert_eq!(last(3), None, "no third reading");
}

#[test]
fn a_timed_run_reports_where_its_time_went() {
    let file = PayrollFile::open(&root().join("examples/payroll.csv")).unwrap();
    let plugin = Plugin::from_bytes(EMBEDDED, Limits::default()).unwrap();
    let policy = plugin.default_policy().unwrap();
    let stages = Stages::default();
    let summary = plugin.score_timed(&file, &policy, &stages, |_| {}).unwrap();
    assert_eq!(summary.read, 15);
    for (stage, time) in [
        ("read", stages.read()),
        ("pass 1", stages.pass1()),
        ("pass 2", stages.pass2()),
    ] {
        assert!(time > std::time::Duration::ZERO, "{stage} was timed");
    }
}

#[test]
fn one_plugin_scores_many_batches_alike() {
    let plugin = Plugin::embedded().unwrap();
    let policy = plugin.default_policy().unwrap();
    let payouts = fixture("examples/payroll.csv");
    let first = plugin.assess(&payouts, &policy).unwrap();
    for _ in 0..3 {
        assert_eq!(plugin.assess(&payouts, &policy).unwrap(), first);
    }
    assert!(plugin.assess(&[], &policy).unwrap().is_empty());
}

#[test]
fn a_policy_can_turn_a_rule_off() {
    let plugin = Plugin::embedded().unwrap();
    let mut policy = plugin.default_policy().unwrap();
    let payouts = fixture("examples/payroll.csv");
    assert_eq!(
        decision_of(&plugin.assess(&payouts, &policy).unwrap(), "P-1005"),
        Decision::Review
    );
    let crypto = policy
        .rules
        .iter_mut()
        .find(|r| r.rule == "crypto-destination")
        .unwrap();
    crypto.enabled = false;
    assert_eq!(
        decision_of(&plugin.assess(&payouts, &policy).unwrap(), "P-1005"),
        Decision::Allow
    );
}

#[test]
fn a_bad_policy_is_refused_naming_the_key() {
    let plugin = Plugin::embedded().unwrap();
    let mut policy = plugin.default_policy().unwrap();
    policy.rules.push(RuleSetting {
        rule: "no-such-rule".into(),
        enabled: true,
        weight: None,
    });
    let at = policy.rules.len() - 1;
    match plugin.assess(&fixture("examples/payroll.csv"), &policy) {
        Err(Error::Policy { key, message }) => {
            assert_eq!(key, format!("rules[{at}].rule"));
            assert_eq!(message, "no rule is called \"no-such-rule\"");
        }
        other => panic!("expected a policy error, got {other:?}"),
    }
}

#[test]
fn the_catalogue_has_unique_ids_and_covers_the_seed_categories() {
    let rules = Plugin::embedded().unwrap().rules().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules.len());
    for category in [
        "crypto-wallet",
        "shared-account",
        "non-local-bank",
        "country-mismatch",
        "invalid-destination",
    ] {
        assert!(
            rules
                .iter()
                .any(|r| serde_json::to_value(r.category).unwrap() == category),
            "no rule for {category}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// Shuffling the payroll changes only the order of the results.
    #[test]
    fn results_do_not_depend_on_row_order(
        shuffled in proptest::strategy::Strategy::prop_shuffle(proptest::strategy::Just(fixture("examples/payroll.csv")))
    ) {
        let plugin = Plugin::embedded().unwrap();
        let policy = plugin.default_policy().unwrap();
        let by_id = |payouts: &[payguard::Payout]| {
            let mut outcomes = plugin.assess(payouts, &policy).unwrap();
            outcomes.sort_by(|a, b| a.as_ref().unwrap().payout_id.cmp(&b.as_ref().unwrap().payout_id));
            outcomes
        };
        proptest::prop_assert_eq!(by_id(&shuffled), by_id(&fixture("examples/payroll.csv")));
    }
}

/// The two passes one at a time, with the roster aggregated outside the
/// library (here in plain maps, as Spark does in SQL), give what `score`
/// gives, on shared accounts, phones, holders and a repeated payout id.
#[test]
fn the_passes_one_at_a_time_give_scores_results() {
    use payguard::{KeyKind, SharedKey};
    use std::collections::{BTreeMap, HashMap};

    let dir = std::env::temp_dir().join(format!("payguard-passes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = synthetic_file(&dir);
    let expected = report(&file, 4096, 2);
    let rows: Vec<Row> = file.rows().unwrap().collect();
    let plugin = Plugin::from_bytes(EMBEDDED, Limits::default()).unwrap();
    let policy = plugin.default_policy().unwrap();
    let keys = plugin.roster_keys(&rows, &policy).unwrap();

    // The first row of each payout id keeps it; a later readable row is a
    // duplicate, and its keys do not count.
    let id = |r: &Row| match &r.payout {
        Ok(p) => p.payout_id.clone(),
        Err(e) => e.payout_id.clone(),
    };
    let mut first: HashMap<String, u64> = HashMap::new();
    let mut duplicate_of = Vec::new();
    for r in &rows {
        let line = *first.entry(id(r)).or_insert(r.line);
        duplicate_of
            .push((line != r.line && r.payout.is_ok() && !id(r).is_empty()).then_some(line));
    }
    let mut groups: BTreeMap<(KeyKind, u128), BTreeMap<String, String>> = BTreeMap::new();
    for ((r, keys), dup) in rows.iter().zip(&keys).zip(&duplicate_of) {
        let (Ok(p), None) = (&r.payout, dup) else {
            continue;
        };
        for k in keys {
            let lowest = groups.entry((k.kind, k.digest)).or_default();
            let payout = lowest
                .entry(p.employee_id.clone())
                .or_insert(p.payout_id.clone());
            if p.payout_id < *payout {
                *payout = p.payout_id.clone();
            }
        }
    }
    let given: Vec<(Option<u64>, Vec<SharedKey>)> = keys
        .iter()
        .zip(&duplicate_of)
        .map(|(keys, dup)| {
            if dup.is_some() {
                return (*dup, Vec::new());
            }
            let shared = keys
                .iter()
                .filter_map(|k| Some((k, groups.get(&(k.kind, k.digest))?)))
                .filter(|(_, lowest)| lowest.len() > 1)
                .map(|(k, lowest)| SharedKey {
                    kind: k.kind,
                    employee_count: lowest.len() as u32,
                    lowest: lowest
                        .iter()
                        .take(11)
                        .map(|(e, p)| (e.clone(), p.clone()))
                        .collect(),
                })
                .collect();
            (None, shared)
        })
        .collect();
    assert!(given.iter().any(|(_, shared)| !shared.is_empty()));
    assert!(given.iter().any(|(dup, _)| dup.is_some()));
    let mut got = Vec::new();
    plugin
        .assess_rows(&rows, given, &policy, |row| got.push(row))
        .unwrap();
    assert_eq!(got, expected);
    std::fs::remove_dir_all(&dir).ok();
}
