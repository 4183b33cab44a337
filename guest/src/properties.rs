//! Properties of the rules that must hold for every input, not just the
//! examples: normalising twice changes nothing, every spelling of an IBAN
//! is one account, and a finding never lowers a score.

use crate::model::{BankAccount, Payout};
use crate::normalize::{crypto, destination, iban};
use crate::policy::Policy;
use crate::roster;
use crate::rules::testing::{finding, with_bank};
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
