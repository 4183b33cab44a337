//! The rules compiled natively, behind the same two-pass pipeline as the
//! plugin: the benchmark's baseline, and a check that the sandbox changes
//! no result. This is not a sandbox; platforms load the component. The
//! payouts go to the rules as they are, and a verdict's category, severity,
//! decision and waiver come back as they are (one model, `payguard-model`);
//! only the policy and the findings' shape are converted.

use crate::Limits;
use crate::error::Error;
use crate::model as m;
use crate::output::{ReportRow, Summary};
use crate::plugin::Keyed;
use crate::roster::Peers;
use crate::scoring::{self, Backend, Item, RowSource, Stages};
use payguard_guest::{allowlist, assess, model as g, policy};

/// Scores `source` with the native rules, as [`crate::Plugin::score`]
/// does with the plugin, on `limits.threads` threads.
pub fn score(
    source: &(impl RowSource + ?Sized),
    policy: &m::Policy,
    limits: &Limits,
    emit: impl FnMut(ReportRow),
) -> Result<Summary, Error> {
    score_timed(source, policy, limits, &Stages::default(), emit)
}

/// [`score`], adding the time of each stage to `stages`.
pub fn score_timed(
    source: &(impl RowSource + ?Sized),
    policy: &m::Policy,
    limits: &Limits,
    stages: &Stages,
    emit: impl FnMut(ReportRow),
) -> Result<Summary, Error> {
    let checked = checked(policy)?;
    let start = || Ok(Native { policy: &checked });
    scoring::run(source, start, limits, stages, None, emit).map(|(summary, _)| summary)
}

/// The policy as the rules check it, refused as the plugin refuses it.
fn checked(policy: &m::Policy) -> Result<policy::Policy, Error> {
    policy::Policy::new(policy_input(policy)).map_err(|e| Error::Policy {
        key: e.key,
        message: e.message,
    })
}

/// [`score`] against a history, as [`crate::Plugin::score_against`] does
/// with the plugin: judged against the runs before `plan`'s, then recorded
/// when `record` is set.
pub fn score_against(
    source: &(impl RowSource + ?Sized),
    policy: &m::Policy,
    limits: &Limits,
    history: &mut crate::history::History,
    plan: &crate::history::Plan,
    record: bool,
    emit: impl FnMut(ReportRow),
) -> Result<Summary, Error> {
    let checked = checked(policy)?;
    let start = || Ok(Native { policy: &checked });
    let against = scoring::Against {
        history,
        plan,
        policy,
        record,
    };
    scoring::run_against(source, start, limits, &Stages::default(), against, emit)
}

struct Native<'p> {
    policy: &'p policy::Policy,
}

impl Backend for Native<'_> {
    fn keys_and_provisional(&mut self, payouts: &[&m::Payout]) -> Result<Keyed, Error> {
        Ok(payouts
            .iter()
            .map(|p| {
                let (keys, provisional) = assess::keyed(p, self.policy);
                (keys.into_vec(), outcome(p, provisional))
            })
            .unzip())
    }

    fn assess(&mut self, items: &[Item<'_>]) -> Result<Vec<m::Outcome>, Error> {
        Ok(items
            .iter()
            .map(|item| {
                let peers: Vec<g::PeerGroup> = item.peers.iter().map(peer_group).collect();
                outcome(
                    item.payout,
                    assess::assess(item.payout, &peers, &item.history, self.policy),
                )
            })
            .collect())
    }
}

fn peer_group(p: &Peers<'_>) -> g::PeerGroup {
    g::PeerGroup {
        kind: p.kind,
        employee_count: p.employee_count,
        other_employees: p.employees.iter().map(|e| e.to_string()).collect(),
        other_payouts: p.payouts.iter().map(|e| e.to_string()).collect(),
        earlier: p.earlier.clone(),
    }
}

fn policy_input(p: &m::Policy) -> policy::PolicyInput {
    policy::PolicyInput {
        review_threshold: p.review_threshold,
        block_threshold: p.block_threshold,
        rules: p
            .rules
            .iter()
            .map(|r| policy::RuleSettingInput {
                rule: r.rule.clone(),
                enabled: r.enabled,
                weight: r.weight,
            })
            .collect(),
        lists: p.lists.clone(),
        parameters: p.parameters.clone(),
        allowlist: p
            .allowlist
            .iter()
            .map(|e| allowlist::AllowEntry {
                employee_id: e.employee_id.clone(),
                destination: e.destination.clone(),
                rules: e.rules.clone(),
                reason: e.reason.clone(),
                expires: e.expires,
            })
            .collect(),
        as_of: p.as_of,
    }
}

/// The rules' result for `payout` as the host reports it.
fn outcome(payout: &m::Payout, r: Result<g::Assessment, g::RowError>) -> m::Outcome {
    let a = r.map_err(|e| m::RowError {
        payout_id: e.payout_id,
        field: e.field.map(String::from),
        message: e.message,
    })?;
    Ok(m::Assessment {
        payout_id: payout.payout_id.clone(),
        score: a.score,
        decision: a.decision,
        findings: a.findings,
        destination: Some(a.destination),
    })
}
