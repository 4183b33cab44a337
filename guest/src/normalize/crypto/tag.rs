//! The number written beside an XRP, Stellar or TON address that says
//! whose account a deposit is: an exchange receives every customer's
//! deposits at one address and credits each by its destination tag (XRP),
//! memo id (Stellar) or memo (TON). Two employees at one exchange share
//! the address but not the account.

use super::Chain;
use regex_lite::Regex;
use std::sync::OnceLock;

/// Whether deposits to `chain`'s addresses name an account by a number
/// beside the address.
pub(super) fn tagged(chain: Chain) -> bool {
    matches!(chain, Chain::Xrp | Chain::Stellar | Chain::Ton)
}

/// The one tag `text` writes beside `address` (its text as found in it):
/// a payment link's `?dt=`, `&memo=` or `?text=` (XRP's, SEP-7's and
/// TON's transfer links), or a number after the words exchanges label it
/// with ("Destination Tag: 104711", "tag 104711", "memo id 98765", "Memo
/// (ID): 98765", "comment 12345"). None when it writes none, or two that differ: the
/// address alone is then the destination, as before tags were read.
pub(super) fn in_text(text: &str, address: &str) -> Option<u64> {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        Regex::new(concat!(
            r"(?i)(?:[?&](?:dt|tag|memo|text)=",
            r"|\b(?:destination\s*tag|dest\.?\s*tag|tag|dt|memo(?:\s*\(?id\)?)?|comment)\b\)?",
            r"\s*[:#=]?\s*(?:no\.?\s*)?#?)",
            r"(\d{1,20})\b",
        ))
        .expect("the tag pattern is valid")
    });
    // Digits inside the address are no tag, whatever stands before them.
    let rest = text.replacen(address, " ", 1);
    let mut found = tag.captures_iter(&rest).map(|c| c[1].parse::<u64>().ok());
    let first = found.next()??;
    found.all(|t| t == Some(first)).then_some(first)
}

/// The tag a payment's reference gives a deposit at an address written
/// without one: a number after a label, as [`in_text`] reads it ("Memo:
/// 104711", "Destination Tag 104711"). A number alone is no tag: payrolls
/// write each payout's own number there, which would give every employee
/// paid to one facilitator's address an account of their own.
pub(super) fn in_reference(text: &str) -> Option<u64> {
    in_text(text, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const XRP: &str = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh";

    #[test]
    fn reads_the_tag_as_exchanges_and_links_write_it() {
        for text in [
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh?dt=104711",
            "ripple:rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh?amount=1&dt=104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh tag 104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh Destination Tag: 104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh (dest. tag #104711)",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh, MEMO ID 104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh memo: 0104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh Memo (ID): 104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh Tag/Memo: 104711",
            "DT 104711 rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh tag 104711 (tag 104711)",
        ] {
            assert_eq!(in_text(text, XRP), Some(104711), "{text}");
        }
    }

    #[test]
    fn no_tag_or_two_that_differ_is_none() {
        for text in [
            XRP,
            "XRP: rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh 104711",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh tag 1 memo 2",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh tag 999999999999999999999",
            "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh stage 12",
        ] {
            assert_eq!(in_text(text, XRP), None, "{text}");
        }
        // "dt" inside an address is no label.
        let inside = "rHb9CJAWyB4rj91VRWn96DkukG4bwdt5yTh";
        assert_eq!(in_text(inside, inside), None);
    }

    #[test]
    fn a_reference_gives_a_tag_only_after_a_label() {
        for text in [
            "Destination Tag: 104711",
            "Salary Nov, memo 104711",
            "TAG #104711",
        ] {
            assert_eq!(in_reference(text), Some(104711), "{text}");
        }
        for text in [
            "104711",
            "#104711",
            "Salary November 2026",
            "INV-104711",
            "",
            "tag 1 memo 2",
        ] {
            assert_eq!(in_reference(text), None, "{text}");
        }
    }
}
