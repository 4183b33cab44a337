//! Scoring one payout: validate, parse once, run every enabled rule, add up.

use crate::allowlist;
use crate::clean::clean;
use crate::facts::Facts;
use crate::model::{
    Assessment, Destination, DestinationKind, DestinationProfile, EarlierDestination, Finding,
    Payout, PeerGroup, RowError,
};
use crate::policy::Policy;
use crate::roster;
use crate::rules::{ALL, Context};
use crate::score::score;
use crate::validate::validate;

/// Assesses `payout` given the roster groups it belongs to and its
/// employee's earlier destinations (empty without a history). The rules
/// read it without invisible characters; where they were is evidence.
pub fn assess(
    payout: &Payout,
    peers: &[PeerGroup],
    history: &[EarlierDestination],
    policy: &Policy,
) -> Result<Assessment, RowError> {
    read(payout, |payout, facts| {
        judge(payout, facts, peers, history, policy)
    })
}

/// A payout's roster keys (as [`roster::keys`] gives them) and its
/// provisional assessment: as [`assess`] judges it with no peer group and
/// no history. It is cleaned, validated and read once for both (the keys
/// come from the facts the rules read), which is what makes one call
/// cheaper than the two.
pub fn keyed(payout: &Payout, policy: &Policy) -> (roster::Keys, Result<Assessment, RowError>) {
    let read = read(payout, |payout, facts| {
        let keys = roster::keys_read(
            payout,
            facts.third_party.as_ref(),
            &facts.co_holders,
            facts.phone.as_deref(),
            facts.account_key(),
        );
        (keys, judge(payout, facts, &[], &[], policy))
    });
    match read {
        Ok((keys, assessment)) => (keys, Ok(assessment)),
        Err(e) => (roster::Keys::new(), Err(e)),
    }
}

/// `then` of `payout` without invisible characters, validated, and its
/// facts (with where the invisible characters were). The facts are lent,
/// not returned: natively, a reading returned with its payout was copied
/// twice on its way (a `Facts` is over 500 bytes), 130 instructions a
/// payout.
#[inline(always)]
fn read<R>(payout: &Payout, then: impl FnOnce(&Payout, &Facts) -> R) -> Result<R, RowError> {
    let (payout, hidden) = clean(payout);
    validate(&payout)?;
    let mut facts = Facts::of(&payout);
    facts.hidden = hidden;
    Ok(then(&payout, &facts))
}

/// Runs every enabled rule on a payout already cleaned, validated and
/// read.
fn judge(
    payout: &Payout,
    facts: &Facts,
    peers: &[PeerGroup],
    history: &[EarlierDestination],
    policy: &Policy,
) -> Assessment {
    let ctx = Context {
        payout,
        facts,
        peers,
        history,
        policy,
    };
    let mut findings: Vec<Finding> = ALL
        .iter()
        .zip(&policy.by_rule)
        .filter_map(|(rule, weight)| {
            let weight = (*weight)?;
            let hit = (rule.check)(&ctx)?;
            let (points, severity) = if hit.amplified {
                (weight * 3 / 2, rule.info.severity.raised())
            } else {
                (weight, rule.info.severity)
            };
            Some(Finding {
                rule: rule.info.id.into(),
                category: rule.info.category,
                severity,
                points,
                message: hit.message,
                evidence: hit.evidence,
                related_payouts: hit.related_payouts,
                related_employees: hit.related_employees,
                waiver: None,
            })
        })
        .collect();
    allowlist::apply(&mut findings, payout, &policy.allowlist, policy.as_of);
    // Heaviest first; the rule id breaks ties so output is deterministic.
    findings.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(&b.rule)));
    let (score, decision) = score(&findings, policy);
    Assessment {
        score,
        decision,
        findings,
        destination: profile(payout, facts),
    }
}

/// The destination as a history remembers it: its kind and country.
fn profile(payout: &Payout, facts: &Facts) -> DestinationProfile {
    let kind = match payout.destination {
        Destination::Bank(_) => DestinationKind::Bank,
        Destination::Crypto(_) => DestinationKind::Crypto,
        Destination::EWallet(_) => DestinationKind::EWallet,
    };
    DestinationProfile {
        kind,
        country: facts.bank_country.map(|(c, _)| c.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Decision;
    use crate::policy::{PolicyInput, RuleSettingInput};
    use crate::rules::testing::*;

    #[test]
    fn a_plain_domestic_payout_is_allowed_without_findings() {
        let a = assess(&payout(), &[], &[], &Policy::default()).unwrap();
        assert_eq!(
            (a.score, a.decision, a.findings.len()),
            (0, Decision::Allow, 0)
        );
    }

    #[test]
    fn a_bad_checksum_wallet_is_crypto_and_invalid() {
        let p = with_wallet("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", Some("BTC"));
        let a = assess(&p, &[], &[], &Policy::default()).unwrap();
        let rules: Vec<_> = a.findings.iter().map(|f| &*f.rule).collect();
        assert_eq!(rules, ["crypto-destination", "invalid-crypto-address"]);
        assert_eq!((a.score, a.decision), (80, Decision::Block));
    }

    /// One call for both passes answers what the two calls answer: the
    /// same keys, and the assessment given no peer group and no history.
    #[test]
    fn keyed_is_the_keys_and_the_assessment_alone() {
        let mut blank_holder = payout();
        blank_holder.account_holder = Some("  ".into());
        let mut hidden = payout();
        hidden.employee_name = "Anna\u{200B} Schmidt".into();
        let mut third_party = payout();
        third_party.account_holder = Some("Nova Staffing Ltd".into());
        third_party.phone = Some("+44 20 7946 0958".into());
        let mut invalid = payout();
        invalid.currency = "EURO".into();
        let payouts = [
            payout(),
            blank_holder,
            hidden,
            third_party,
            invalid,
            with_wallet("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", Some("BTC")),
            with_ewallet("Payoneer", "jobs.nova@example.com"),
            // An e-wallet whose handle is an IBAN (the facts read it).
            with_ewallet("Wise", "BE40 9670 0000 0063"),
            // A joint account's other holder (the facts read it).
            Payout {
                account_holder: Some("Anna Schmidt & Li Wei".into()),
                ..payout()
            },
            // A tag the reference gives (the facts read it).
            Payout {
                reference: Some("Memo: 98765".into()),
                ..with_wallet(
                    "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ",
                    Some("Stellar"),
                )
            },
        ];
        let policy = Policy::default();
        for p in &payouts {
            let (keys, provisional) = keyed(p, &policy);
            assert_eq!(keys, roster::keys(p), "{p:?}");
            assert_eq!(provisional, assess(p, &[], &[], &policy), "{p:?}");
        }
        assert!(keyed(&payouts[4], &policy).1.is_err());
    }

    /// A history whose only destination is this payout's own (the
    /// employee paid there before, and nowhere else) judges a payout as
    /// no history does. The host's history relies on it: it sends no
    /// such history (`history::Reader::recall`), so the payout keeps its
    /// provisional outcome. Every rule that reads the history must keep
    /// this true.
    #[test]
    fn a_history_of_only_this_destination_changes_nothing() {
        let mut changed = changed_days_before(3);
        changed.residence_country = "FR".into();
        let payouts = [
            paid_on(11, 30),
            payout(),
            changed,
            Payout {
                pay_date: Some(day(11, 30)),
                ..with_wallet("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", Some("TRON"))
            },
        ];
        let mut tight = PolicyInput::builtin();
        tight.parameters = vec![
            ("account-change-max".into(), 2),
            ("account-change-window-days".into(), 3650),
        ];
        let policies = [Policy::default(), Policy::new(tight).unwrap()];
        let histories = [
            vec![earlier(true, "DE", day(1, 31), day(10, 31))],
            vec![earlier(true, "LT", day(11, 30), day(11, 30))],
        ];
        for policy in &policies {
            for p in &payouts {
                let alone = assess(p, &[], &[], policy);
                for history in &histories {
                    assert_eq!(assess(p, &[], history, policy), alone, "{p:?}");
                }
                // One other destination, and the history does count.
                let other = [
                    earlier(false, "LT", day(10, 31), day(10, 31)),
                    earlier(true, "DE", day(1, 31), day(9, 30)),
                ];
                if p.pay_date.is_some() && p.account_changed_at.is_none() {
                    assert_ne!(assess(p, &[], &other, policy), alone, "{p:?}");
                }
            }
        }
    }

    #[test]
    fn disabled_rules_do_not_fire() {
        let mut input = PolicyInput::builtin();
        input.rules = vec![RuleSettingInput {
            rule: "crypto-destination".into(),
            enabled: false,
            weight: None,
        }];
        let policy = Policy::new(input).unwrap();
        let a = assess(
            &with_wallet("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", None),
            &[],
            &[],
            &policy,
        )
        .unwrap();
        assert_eq!((a.score, a.findings.len()), (0, 0));
    }
}
