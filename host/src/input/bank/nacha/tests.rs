use super::*;
use crate::input::bank::Account;
use crate::input::bank::testing::{checks, transfers};

const ACHKIT: &str = include_str!("../../../../../tests/fixtures/bank/achkit_payroll.ach");
const EXAMPLE: &str = include_str!("../../../../../examples/payroll.ach");

fn read(text: &[u8]) -> Vec<Item> {
    Reader::new(std::io::BufReader::with_capacity(4096, text)).collect()
}

/// Replaces the record on `line` (1-based) of `text`.
fn with_line(text: &str, line: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reads_an_achkit_file_with_no_fault() {
    let items = read(ACHKIT.as_bytes());
    assert_eq!(checks(&items), []);
    let ids: Vec<&str> = transfers(&items)
        .iter()
        .map(|t| t.payout_id.as_str())
        .collect();
    // achkit numbers traces per batch, as real files do: the batch keeps
    // the ids apart.
    assert_eq!(
        ids,
        [
            "1/091000010000001",
            "1/091000010000002",
            "2/091000010000001"
        ]
    );
    let first = transfers(&items)[0];
    assert_eq!(first.holder.as_deref(), Some("JORDAN LEE"));
    assert_eq!(first.individual_id.as_deref(), Some("E-101"));
    assert_eq!(first.amount_minor, 312055);
    assert_eq!(first.currency, "USD");
    assert_eq!(first.reference.as_deref(), Some("SALARY NOVEMBER 2026"));
    assert_eq!(
        first.pay_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-27")
    );
    let Account::Bank(bank) = &first.account else {
        panic!("a bank account")
    };
    assert_eq!(bank.routing_number.as_deref(), Some("121000248"));
    assert_eq!(bank.account_number.as_deref(), Some("12345678"));
    let skipped: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Skipped { entry, .. } => Some(entry.reason.as_str()),
            _ => None,
        })
        .collect();
    assert!(skipped[0].starts_with("prenote (transaction code 23)"));
    assert!(skipped[1].starts_with("debit (transaction code 27)"));
}

#[test]
fn reads_trimmed_crlf_and_unbroken_files_alike() {
    let base = read(ACHKIT.as_bytes());
    let trimmed: String = ACHKIT
        .lines()
        .map(|l| format!("{}\r\n", l.trim_end()))
        .collect();
    assert_eq!(read(trimmed.as_bytes()), base);
    let unbroken: String = ACHKIT.lines().collect();
    // Without line breaks a record's "line" is its number: the same here.
    assert_eq!(read(unbroken.as_bytes()), base);
}

#[test]
fn reads_iat_entries_with_their_addenda() {
    let items = read(EXAMPLE.as_bytes());
    assert_eq!(checks(&items), []);
    let iat = transfers(&items)
        .into_iter()
        .find(|t| t.payout_id.starts_with("2/"))
        .unwrap();
    assert_eq!(iat.holder.as_deref(), Some("Wei Zhang"));
    assert_eq!(iat.individual_id.as_deref(), Some("E-015"));
    assert_eq!(
        iat.creditor_country,
        Some(("CN".into(), "IAT addenda 16 (receiver country)"))
    );
    let Account::Bank(bank) = &iat.account else {
        panic!("a bank account")
    };
    assert_eq!(bank.bic.as_deref(), Some("BKCHCNBJ"));
    assert_eq!(bank.bank_country.as_deref(), Some("CN"));
    assert_eq!(bank.account_number.as_deref(), Some("6217000010012345678"));
    let prenote = items.iter().find_map(|i| match i {
        Item::Skipped {
            announces: Some(a), ..
        } => Some(a.clone()),
        _ => None,
    });
    assert_eq!(
        prenote.map(|p| p.0).as_deref(),
        Some("121000248/7701234567")
    );
}

#[test]
fn keeps_latin1_names() {
    let latin1: Vec<u8> = with_line(ACHKIT, 3, |l| l.replace("JORDAN LEE", "JOSÉ MÜLLER"))
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    let items = read(&latin1);
    assert_eq!(transfers(&items)[0].holder.as_deref(), Some("JOSÉ MÜLLER"));
}

#[test]
fn checks_digits_hashes_counts_and_totals() {
    // Entry on line 3: routing 12100024 with check digit 8; make it 9.
    let bad_digit = with_line(ACHKIT, 3, |l| format!("{}9{}", &l[..11], &l[12..]));
    let found = checks(&read(bad_digit.as_bytes()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (3, "check-digit"));
    // One cent more on the first entry: both totals and no hash.
    let more = with_line(ACHKIT, 3, |l| l.replace("0000312055", "0000312056"));
    let kinds: Vec<&str> = checks(&read(more.as_bytes())).iter().map(|c| c.1).collect();
    assert_eq!(kinds, ["total-credit", "total-credit"]);
    // The batch control's count and hash, rewritten.
    let count = with_line(ACHKIT, 8, |l| format!("{}000009{}", &l[..4], &l[10..]));
    let found = checks(&read(count.as_bytes()));
    assert_eq!(found[0].1, "entry-count");
    assert!(found[0].2.contains("\"000009\""), "{}", found[0].2);
}

#[test]
fn checks_trace_order_within_a_batch() {
    // Lines 5 and 6 swap their trace numbers.
    let lines: Vec<&str> = ACHKIT.lines().collect();
    let swapped = with_line(ACHKIT, 5, |l| format!("{}{}", &l[..79], &lines[5][79..]));
    let found = checks(&read(swapped.as_bytes()));
    assert!(found.iter().any(|c| c.1 == "trace-order"), "{found:?}");
}

#[test]
fn names_the_line_of_structural_faults() {
    // Truncated after the first batch's entries.
    let cut: String = ACHKIT.lines().take(7).map(|l| format!("{l}\n")).collect();
    let found = checks(&read(cut.as_bytes()));
    let kinds: Vec<&str> = found.iter().map(|c| c.1).collect();
    assert_eq!(kinds, ["structure", "structure"], "{found:?}");
    assert!(found[0].2.contains("batch 1 (line 2) has no batch control"));
    assert!(found[1].2.contains("truncated"));
    assert_eq!(found[1].0, 7, "the last line read");
    // An unknown record type and a record too long.
    let odd = with_line(ACHKIT, 4, |l| format!("4{}", &l[1..]));
    let found = checks(&read(odd.as_bytes()));
    assert!(
        found.iter().any(|c| c.1 == "record-type" && c.0 == 4),
        "{found:?}"
    );
    let long = with_line(ACHKIT, 3, |l| format!("{l}EXTRA"));
    let found = checks(&read(long.as_bytes()));
    assert_eq!(found[0].0, 3);
    assert_eq!(found[0].1, "record-length");
}

#[test]
fn rejects_an_entry_it_cannot_read() {
    let bad_amount = with_line(ACHKIT, 3, |l| l.replace("0000312055", "00003120X5"));
    let items = read(bad_amount.as_bytes());
    let fault = transfers(&items)[0].fault.clone().unwrap();
    assert_eq!(fault.field, "amount (30-39)");
    let bad_code = with_line(ACHKIT, 3, |l| format!("699{}", &l[3..]));
    let items = read(bad_code.as_bytes());
    let fault = transfers(&items)[0].fault.clone().unwrap();
    assert_eq!(fault.field, "transaction code (2-3)");
}

#[test]
fn reads_ccd_batches_as_ppd() {
    let ccd = ACHKIT.replace("PPDPAYROLL", "CCDPAYROLL");
    let items = read(ccd.as_bytes());
    assert_eq!(checks(&items), []);
    assert_eq!(transfers(&items), transfers(&read(ACHKIT.as_bytes())));
}
