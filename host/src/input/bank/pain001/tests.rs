use super::*;
use crate::input::bank::Account;
use crate::input::bank::testing::{checks, transfers};
use std::io::Read;

const EXAMPLE: &str = include_str!("../../../../../examples/payroll.pain001.xml");

fn read(text: &[u8]) -> Vec<Item> {
    Reader::new(std::io::BufReader::with_capacity(4096, text)).collect()
}

/// A pain.001 document around `transactions`, in namespace `ns` with the
/// element prefix `p` (empty for none).
fn document(ns: &str, p: &str, transactions: &str) -> String {
    let xmlns = if p.is_empty() {
        format!("xmlns=\"{ns}\"")
    } else {
        format!("xmlns:{}=\"{ns}\"", p.trim_end_matches(':'))
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{p}Document {xmlns}>\n<{p}CstmrCdtTrfInitn>\n<{p}GrpHdr><{p}MsgId>M</{p}MsgId></{p}GrpHdr>\n<{p}PmtInf><{p}PmtInfId>B1</{p}PmtInfId><{p}ReqdExctnDt>2026-11-27</{p}ReqdExctnDt>\n{transactions}\n</{p}PmtInf>\n</{p}CstmrCdtTrfInitn>\n</{p}Document>\n"
    )
}

fn transaction(p: &str, inner: &str) -> String {
    format!("<{p}CdtTrfTxInf>{inner}</{p}CdtTrfTxInf>")
}

#[test]
fn reads_the_example_with_every_field() {
    let items = read(EXAMPLE.as_bytes());
    assert_eq!(checks(&items), []);
    let all = transfers(&items);
    assert_eq!(all.len(), 9);
    let anna = &all[0];
    assert_eq!(anna.payout_id, "SAL-2026-11-A/E-001-2611");
    assert_eq!(anna.line, 21);
    assert_eq!(anna.creditor_id.as_deref(), Some("E-001"));
    assert_eq!((anna.amount_minor, anna.currency.as_str()), (485000, "EUR"));
    assert_eq!(
        anna.pay_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-27")
    );
    let oliver = &all[5];
    assert_eq!(
        oliver.reference.as_deref(),
        Some("Salary - pls forward half to | bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        "every Ustrd line"
    );
    let sofia = &all[6];
    assert_eq!(
        sofia.creditor_country,
        Some(("CN".into(), "Cdtr/PstlAdr/AdrLine")),
        "the country only in the address text"
    );
    let daniel = &all[7];
    assert_eq!(daniel.ultimate_creditor.as_deref(), Some("Daniel Park"));
    let emma = &all[8];
    assert_eq!(
        emma.payout_id, "SAL-2026-11-B/3",
        "NOTPROVIDED: the position"
    );
    assert_eq!(
        emma.account,
        Account::Proxy {
            kind: "EMAL".into(),
            id: "emma.j@proton.me".into()
        }
    );
}

#[test]
fn reads_namespaces_prefixes_and_a_bom_alike() {
    let tx = |p: &str| {
        transaction(
            p,
            &format!(
                "<{p}PmtId><{p}EndToEndId>E1</{p}EndToEndId></{p}PmtId><{p}Amt><{p}InstdAmt Ccy=\"JPY\">250000</{p}InstdAmt></{p}Amt><{p}CdtrAgt><{p}FinInstnId><{p}ClrSysMmbId><{p}ClrSysId><{p}Cd>USABA</{p}Cd></{p}ClrSysId><{p}MmbId>121000248</{p}MmbId></{p}ClrSysMmbId></{p}FinInstnId></{p}CdtrAgt><{p}Cdtr><{p}Nm>Jo &amp; Ann</{p}Nm></{p}Cdtr><{p}CdtrAcct><{p}Id><{p}Othr><{p}Id>12345678</{p}Id></{p}Othr></{p}Id></{p}CdtrAcct>"
            ),
        )
    };
    let mut seen = Vec::new();
    for (ns, p) in [
        ("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", ""),
        (
            "http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd",
            "",
        ),
        ("urn:iso:std:iso:20022:tech:xsd:pain.001.003.03", "ns0:"),
        ("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", "p:"),
    ] {
        let text = format!("\u{feff}{}", document(ns, p, &tx(p)));
        let items = read(text.as_bytes());
        assert_eq!(checks(&items), [], "{ns}");
        seen.push(transfers(&items).into_iter().cloned().collect::<Vec<_>>());
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
    let t = &seen[0][0];
    assert_eq!(
        (t.amount_minor, t.currency.as_str()),
        (250000, "JPY"),
        "JPY has no decimals"
    );
    assert_eq!(t.holder.as_deref(), Some("Jo & Ann"));
    let Account::Bank(bank) = &t.account else {
        panic!("a bank account")
    };
    assert_eq!(bank.routing_number.as_deref(), Some("121000248"));
    assert_eq!(bank.account_number.as_deref(), Some("12345678"));
    assert_eq!(bank.bank_country.as_deref(), Some("US"), "from USABA");
}

#[test]
fn checks_counts_and_control_sums_at_both_levels() {
    let tx = transaction(
        "",
        "<Amt><InstdAmt Ccy=\"EUR\">10.50</InstdAmt></Amt><Cdtr><Nm>A</Nm></Cdtr>",
    );
    let text = document("urn:x", "", &format!("{tx}{tx}"))
        .replace(
            "<GrpHdr><MsgId>M</MsgId>",
            "<GrpHdr><MsgId>M</MsgId><NbOfTxs>3</NbOfTxs><CtrlSum>21.00</CtrlSum>",
        )
        .replace(
            "<PmtInfId>B1</PmtInfId>",
            "<PmtInfId>B1</PmtInfId><NbOfTxs>2</NbOfTxs><CtrlSum>21.01</CtrlSum>",
        );
    let found = checks(&read(text.as_bytes()));
    let kinds: Vec<(u64, &str)> = found.iter().map(|c| (c.0, c.1)).collect();
    assert_eq!(kinds, [(5, "ctrl-sum"), (4, "nb-of-txs")], "{found:?}");
    assert!(found[0].2.contains("add up to 21"), "{}", found[0].2);
}

#[test]
fn rejects_amounts_the_currency_cannot_have() {
    let tx = transaction(
        "",
        "<Amt><InstdAmt Ccy=\"JPY\">1000.50</InstdAmt></Amt><Cdtr><Nm>A</Nm></Cdtr>",
    );
    let items = read(document("urn:x", "", &tx).as_bytes());
    let fault = transfers(&items)[0].fault.clone().unwrap();
    assert_eq!(fault.field, "Amt/InstdAmt");
    assert!(fault.message.contains("more decimals than JPY"));
}

#[test]
fn refuses_dtds_and_entity_tricks() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]><Document><CstmrCdtTrfInitn><GrpHdr><MsgId>&lol2;</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>";
    let external = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Document><CstmrCdtTrfInitn>&xxe;</CstmrCdtTrfInitn></Document>";
    for text in [laughs, external] {
        let found = checks(&read(text.as_bytes()));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "xml");
        assert!(found[0].2.contains("DTD"), "{}", found[0].2);
    }
    let undeclared = "<Document><CstmrCdtTrfInitn>&xxe;</CstmrCdtTrfInitn></Document>";
    let found = checks(&read(undeclared.as_bytes()));
    assert!(found[0].2.contains("&xxe;"), "{}", found[0].2);
}

#[test]
fn refuses_deep_nesting_truncation_and_malformed_xml() {
    let deep = format!("<Document>{}", "<a>".repeat(100_000));
    let found = checks(&read(deep.as_bytes()));
    assert!(found[0].2.contains("nest deeper"), "{}", found[0].2);
    for cut in [
        &EXAMPLE[..EXAMPLE.len() / 2],
        &EXAMPLE[..EXAMPLE.find("</PmtInf>").unwrap()],
    ] {
        let found = checks(&read(cut.as_bytes()));
        assert!(found.last().unwrap().2.contains("truncated"), "{found:?}");
    }
    let bad = EXAMPLE.replacen("</Nm>", "</Name>", 1);
    let found = checks(&read(bad.as_bytes()));
    assert_eq!(found.len(), 1);
    assert!(found[0].2.contains("not well-formed"), "{}", found[0].2);
    assert_eq!(found[0].0, 9, "the line of the mismatched tag (InitgPty)");
}

/// A 1 GB text node, produced lazily: the reader must stop long before.
struct Endless {
    head: &'static [u8],
    left: u64,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.head.is_empty() {
            let n = self.head.len().min(buf.len());
            buf[..n].copy_from_slice(&self.head[..n]);
            self.head = &self.head[n..];
            return Ok(n);
        }
        let n = (buf.len() as u64).min(self.left) as usize;
        buf[..n].fill(b'x');
        self.left -= n as u64;
        Ok(n)
    }
}

#[test]
fn refuses_a_huge_text_node_without_reading_it() {
    let endless = Endless {
        head: b"<Document><CstmrCdtTrfInitn><GrpHdr><MsgId>",
        left: 1 << 30,
    };
    let items: Vec<Item> = Reader::new(std::io::BufReader::new(endless)).collect();
    let found = checks(&items);
    assert!(found[0].2.contains("runs past"), "{}", found[0].2);
}
