//! Properties of the rules that must hold for every input, not just the
//! examples: normalising twice changes nothing, every spelling of an IBAN
//! is one account, invisible characters change no key, and a finding never
//! lowers a score.

use crate::model::{BankAccount, Payout};
use crate::normalize::{crypto, destination, iban};
use crate::policy::Policy;
use crate::roster;
use crate::rules::testing::{finding, with_bank, with_ewallet, with_wallet};
use crate::score::score;
use proptest::prelude::*;

const VALID_IBANS: &[&str] = &[
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
    "GB62MONZ04000412345678",
    "LT343250000123456789",
    "SE4550000000058398257466",
    "AT611904300234573201",
];

fn bank_payout(iban: &str) -> Payout {
    with_bank(BankAccount {
        iban: Some(iban.into()),
        ..BankAccount::default()
    })
}

/// An IBAN as people write it: random case, spaces or dashes between
/// characters, spaces around.
fn spelled(iban: &'static str) -> impl Strategy<Value = String> {
    let n = iban.len();
    (
        prop::collection::vec((any::<bool>(), 0..4u8), n),
        "[ ]{0,2}",
        "[ ]{0,2}",
    )
        .prop_map(move |(choices, lead, trail)| {
            let mut out = lead;
            for (c, (upper, sep)) in iban.chars().zip(choices) {
                out.push(if upper { c } else { c.to_ascii_lowercase() });
                out.push_str(match sep {
                    0 => " ",
                    1 => "-",
                    _ => "",
                });
            }
            out + &trail
        })
}

proptest! {
    #[test]
    fn normalising_an_iban_twice_changes_nothing(raw in "\\PC{0,40}") {
        let once = destination::account_key(&raw);
        prop_assert_eq!(destination::account_key(&once), once);
    }

    #[test]
    fn normalising_an_address_twice_changes_nothing(raw in "(0x[0-9a-fA-F]{40}|[bB][cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{39}|[1-9A-HJ-NP-Za-km-z]{25,35})") {
        if let Some(address) = crypto::recognise(&raw) {
            let once = address.normalized();
            let again = crypto::recognise(&once).map(|a| a.normalized());
            prop_assert_eq!(again.as_deref(), Some(once.as_str()));
        }
    }

    #[test]
    fn every_spelling_of_an_iban_is_one_account(
        (iban, spelling) in prop::sample::select(VALID_IBANS).prop_flat_map(|i| (Just(i), spelled(i)))
    ) {
        prop_assert_eq!(roster::keys(&bank_payout(&spelling)), roster::keys(&bank_payout(iban)));
        let valid = matches!(iban::read(&spelling), iban::IbanReading::Valid { .. });
        prop_assert!(valid, "{} reads as invalid", spelling);
    }

    #[test]
    fn invisible_characters_change_no_roster_key(
        at in 0..40usize,
        hidden in prop::sample::select(&['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{00AD}', '\u{FEFF}', '\u{202E}'][..]),
    ) {
        let insert = |text: &str| {
            let cut = text.char_indices().map(|(i, _)| i).nth(at % text.len()).unwrap_or(0);
            format!("{}{hidden}{}", &text[..cut], &text[cut..])
        };
        let iban = "DE89370400440532013000";
        let wallet = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        let handle = "jobs.nova@example.com";
        let key = |p: &Payout| roster::keys(p).into_iter().map(|k| k.digest).collect::<Vec<_>>();
        prop_assert_eq!(key(&bank_payout(&insert(iban))), key(&bank_payout(iban)));
        prop_assert_eq!(key(&with_wallet(&insert(wallet), None)), key(&with_wallet(wallet, None)));
        prop_assert_eq!(key(&with_ewallet("PayPal", &insert(handle))), key(&with_ewallet("PayPal", handle)));
    }

    #[test]
    fn a_finding_never_lowers_the_score(points in prop::collection::vec(0..120u32, 0..8), extra in 0..120u32) {
        let policy = Policy::default();
        let mut findings: Vec<_> = points.into_iter().map(|p| finding("r", p)).collect();
        let (before, decision_before) = score(&findings, &policy);
        findings.push(finding("r", extra));
        let (after, decision_after) = score(&findings, &policy);
        prop_assert!(after >= before);
        prop_assert!(decision_after >= decision_before);
    }
}
