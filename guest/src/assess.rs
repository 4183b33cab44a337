//! Scoring one payout: validate, parse once, run every enabled rule, add up.

use crate::allowlist;
use crate::clean::clean;
use crate::facts::Facts;
use crate::model::{
    Assessment, Destination, DestinationKind, DestinationProfile, EarlierDestination, Finding,
    Payout, PeerGroup, RowError,
};
use crate::policy::Policy;
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
    let (payout, hidden) = clean(payout);
    let payout = payout.as_ref();
    validate(payout)?;
    let mut facts = Facts::of(payout);
    facts.hidden = hidden;
    let ctx = Context {
        payout,
        facts: &facts,
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
                rule: rule.info.id,
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
    findings.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(b.rule)));
    let (score, decision) = score(&findings, policy);
    Ok(Assessment {
        payout_id: payout.payout_id.clone(),
        score,
        decision,
        findings,
        destination: profile(payout, &facts),
    })
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
        country: facts.bank_country.as_ref().map(|(c, _)| c.clone()),
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
        let rules: Vec<_> = a.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["crypto-destination", "invalid-crypto-address"]);
        assert_eq!((a.score, a.decision), (80, Decision::Block));
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
