//! ISO 20022 pain.001 customer credit transfer initiations, .001.001.03 to
//! .001.001.13 and the national variants (Swiss SIX, German DK, `_GBIC`),
//! read as a stream of XML events matched on local names, so any
//! namespace and any prefix reads alike.
//!
//! A payout's id is `<PmtInfId>/<EndToEndId>`; where the end-to-end id is
//! missing or `NOTPROVIDED`, the transfer's position in its payment
//! information block (`<PmtInfId>/3`) stands in.
//!
//! Refused, with a file check naming the line, and nothing after it read:
//! a DTD (the door to entity expansion and external entities), nesting
//! deeper than any pain.001 needs, a tag or text of more than a MiB, XML
//! that is not well-formed.

mod transaction;

use super::country_text;
use super::markup_guard::MarkupGuard;
use super::{FileCheck, Item, Steps, next_item};
use crate::input::lines::LineCounter;
use quick_xml::events::Event;
use rust_decimal::Decimal;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
pub use transaction::Equivalent;
use transaction::Transaction;

/// Deeper than any pain.001 element (the deepest is about 10 levels).
const DEEPEST: usize = 32;

/// The longest text kept for one element; longer values are cut here and
/// refused by the field checks ("at most 4096 bytes").
const LONGEST_TEXT: usize = 64 * 1024;

type Xml<R> = quick_xml::Reader<BufReader<MarkupGuard<LineCounter<R>>>>;

/// A count and a control sum, as a block states them and as its transfers
/// add up.
#[derive(Debug, Default)]
struct Control {
    stated_count: Option<(String, u64)>,
    stated_sum: Option<(String, u64)>,
    count: u64,
    sum: Decimal,
}

impl Control {
    fn add(&mut self, amount: Option<Decimal>) {
        self.count += 1;
        self.sum += amount.unwrap_or_default();
    }

    fn faults(&self, whose: &str) -> Vec<FileCheck> {
        let mut faults = Vec::new();
        if let Some((text, line)) = &self.stated_count
            && text.parse::<u64>().ok() != Some(self.count)
        {
            faults.push(FileCheck {
                line: *line,
                check: "nb-of-txs",
                message: format!(
                    "{whose} NbOfTxs is {text:?}; it holds {} transfers",
                    self.count
                ),
            });
        }
        if let Some((text, line)) = &self.stated_sum
            && Decimal::from_str_exact(text).ok() != Some(self.sum)
        {
            faults.push(FileCheck {
                line: *line,
                check: "ctrl-sum",
                message: format!(
                    "{whose} CtrlSum is {text:?}; its amounts add up to {}",
                    self.sum.normalize()
                ),
            });
        }
        faults
    }
}

/// Reads a pain.001 file into [`Item`]s; memory holds one transfer.
pub struct Reader<R: BufRead> {
    xml: Xml<R>,
    buf: Vec<u8>,
    /// Local names of the open elements.
    path: Vec<String>,
    /// Names of closed elements, kept for their allocations: a transfer
    /// opens and closes about twenty elements.
    spare: Vec<String>,
    /// The open element's text so far; its buffer is reused.
    text: String,
    out: VecDeque<Item>,
    group: Control,
    block: Control,
    block_id: Option<String>,
    blocks: u64,
    pay_date: Option<String>,
    transaction: Option<Transaction>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// Reads `input`; a UTF-8 byte-order mark is skipped.
    pub fn new(input: R) -> Self {
        let xml = quick_xml::Reader::from_reader(BufReader::new(MarkupGuard::new(
            LineCounter::new(input),
        )));
        // Not trim_text: it would trim each piece around an entity
        // ("Jo &amp; Ann" as "Jo" "&" "Ann"); values are trimmed whole.
        Reader {
            xml,
            buf: Vec::new(),
            path: Vec::new(),
            spare: Vec::new(),
            text: String::new(),
            out: VecDeque::new(),
            group: Control::default(),
            block: Control::default(),
            block_id: None,
            blocks: 0,
            pay_date: None,
            transaction: None,
            done: false,
        }
    }

    fn line_at(&mut self, offset: u64) -> u64 {
        self.xml.get_mut().get_mut().inner.line_of(offset)
    }

    /// Ends reading with a file check.
    fn refuse(&mut self, offset: u64, message: String) {
        let line = self.line_at(offset);
        self.out.push_back(Item::Check(FileCheck {
            line,
            check: "xml",
            message: format!("{message}; nothing after it was read"),
        }));
        self.done = true;
    }

    /// Where the open elements are: inside a transfer (`Some` of the path
    /// below `CdtTrfTxInf`), or at block or group level.
    fn below(&self, name: &str) -> Option<usize> {
        self.path.iter().position(|p| p == name)
    }

    fn start(&mut self, name: &str, start: u64, currency: impl FnOnce() -> Option<String>) {
        self.text.clear();
        let mut owned = self.spare.pop().unwrap_or_default();
        owned.clear();
        owned.push_str(name);
        self.path.push(owned);
        let depth = self.path.len();
        match self.path.last().map(String::as_str) {
            Some("PmtInf") if self.below("CdtTrfTxInf").is_none() => {
                self.block = Control::default();
                self.block_id = None;
                self.pay_date = None;
                self.blocks += 1;
            }
            Some("CdtTrfTxInf") => {
                let line = self.line_at(start);
                self.transaction = Some(Transaction::new(line, self.block.count + 1));
            }
            Some("InstdAmt") if depth > 1 => {
                if let Some(tx) = &mut self.transaction {
                    tx.currency = currency();
                }
            }
            Some("Amt") if depth > 2 && self.path[depth - 2] == "EqvtAmt" => {
                if let Some(tx) = &mut self.transaction {
                    tx.equivalent_currency = currency();
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, end: u64) {
        // An element's text is its own: the parent starts again after it.
        let mut text = std::mem::take(&mut self.text);
        self.close(end, text.trim());
        text.clear();
        self.text = text;
        if let Some(name) = self.path.pop() {
            self.spare.push(name);
        }
    }

    /// Acts on the innermost open element closing with `text`.
    fn close(&mut self, end: u64, text: &str) {
        let line = self.line_at(end);
        // The path below a block or a transfer, without allocating: it is
        // never deeper than `DEEPEST` (`read_event` refuses deeper).
        let mut names = [""; DEEPEST];
        let mut below = |at: usize| {
            let relative = &self.path[at + 1..];
            for (slot, name) in names.iter_mut().zip(relative) {
                *slot = name;
            }
            relative.len()
        };
        if let Some(at) = self.below("CdtTrfTxInf") {
            let n = below(at);
            if n == 0 {
                self.finish_transaction();
            } else if let Some(tx) = &mut self.transaction {
                tx.set(&names[..n], text);
            }
        } else if let Some(at) = self.below("PmtInf") {
            let n = below(at);
            let owned = || text.to_string();
            match &names[..n] {
                ["PmtInfId"] => self.block_id = Some(owned()),
                ["NbOfTxs"] => self.block.stated_count = Some((owned(), line)),
                ["CtrlSum"] => self.block.stated_sum = Some((owned(), line)),
                ["ReqdExctnDt"] if !text.is_empty() => self.pay_date = Some(owned()),
                ["ReqdExctnDt", "Dt" | "DtTm"] => self.pay_date = Some(owned()),
                [] => {
                    let whose = format!(
                        "payment information {}",
                        self.block_id.as_deref().unwrap_or("(no PmtInfId)")
                    );
                    let faults = self.block.faults(&whose);
                    self.out.extend(faults.into_iter().map(Item::Check));
                }
                _ => {}
            }
        } else if let Some(at) = self.below("GrpHdr") {
            match &self.path[at + 1..] {
                [n] if n == "NbOfTxs" => self.group.stated_count = Some((text.to_string(), line)),
                [n] if n == "CtrlSum" => self.group.stated_sum = Some((text.to_string(), line)),
                _ => {}
            }
        } else if self.path.last().is_some_and(|p| p == "CstmrCdtTrfInitn") {
            let faults = self.group.faults("the group header's");
            self.out.extend(faults.into_iter().map(Item::Check));
        }
    }

    fn finish_transaction(&mut self) {
        let Some(tx) = self.transaction.take() else {
            return;
        };
        let block_id = self
            .block_id
            .clone()
            .unwrap_or_else(|| format!("PmtInf{}", self.blocks));
        let (transfer, amount) = tx.finish(&block_id, self.pay_date.as_deref());
        self.block.add(amount);
        self.group.add(amount);
        self.out.push_back(Item::Transfer(Box::new(transfer)));
    }

    /// Reads one XML event and acts on it.
    fn read_event(&mut self) {
        // The event borrows the buffer, which is taken out of `self` for
        // the while: no event is copied.
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        self.act(&mut buf);
        self.buf = buf;
    }

    fn act(&mut self, buf: &mut Vec<u8>) {
        let before = self.xml.buffer_position();
        let event = match self.xml.read_event_into(buf) {
            Ok(event) => event,
            Err(e) => {
                let at = self.xml.error_position();
                let hint = if e.to_string().contains("end of input") {
                    " (is the file truncated?)"
                } else {
                    ""
                };
                return self.refuse(at, format!("not well-formed XML: {e}{hint}"));
            }
        };
        let after = self.xml.buffer_position();
        match event {
            Event::Start(e) => {
                if self.path.len() >= DEEPEST {
                    return self.refuse(before, format!("elements nest deeper than {DEEPEST}"));
                }
                let currency = || {
                    e.try_get_attribute("Ccy")
                        .ok()
                        .flatten()
                        .map(|a| a.value.trim().to_string())
                };
                // The tag ends at `after`; it started its length back.
                let start = after.saturating_sub(e.len() as u64 + 2);
                self.start(e.local_name().as_ref(), start, currency);
            }
            Event::Empty(_) => {}
            Event::End(_) => self.end(before),
            Event::Text(t) => self.push_text(&t.xml10_content()),
            Event::CData(t) => self.push_text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string),
                };
                match resolved {
                    Some(text) => self.push_text(&text),
                    None => {
                        let name = r.to_string();
                        self.refuse(
                            before,
                            format!("the entity &{name}; is not one XML predefines; no DTD defines others here"),
                        );
                    }
                }
            }
            Event::DocType(_) => self.refuse(
                before,
                "a DTD (<!DOCTYPE>) is refused: pain.001 has none, and DTDs carry entity-expansion and external-entity attacks".into(),
            ),
            Event::Eof => {
                if !self.path.is_empty() {
                    let open = self.path.join("/");
                    self.refuse(
                        after,
                        format!("the file ends inside {open}: is it truncated?"),
                    );
                }
                self.done = true;
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        let room = LONGEST_TEXT.saturating_sub(self.text.len());
        let mut cut = text.len().min(room);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.push_str(&text[..cut]);
    }
}

impl<R: BufRead> Steps for Reader<R> {
    fn queued(&mut self) -> &mut VecDeque<Item> {
        &mut self.out
    }

    fn finished(&self) -> bool {
        self.done
    }

    fn step(&mut self) {
        self.read_event();
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        next_item(self)
    }
}

/// The country an address line ends with, by ISO code or English name.
pub(crate) fn address_country(lines: &[String]) -> Option<String> {
    lines.iter().rev().find_map(|l| country_text::country_in(l))
}

#[cfg(test)]
mod tests;
