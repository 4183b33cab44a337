//! One worker's own store: the plugin instantiated once, a scorer made for
//! one policy, then chunk after chunk through it.

use super::{Plugin, State, latest};
use crate::error::Error;
use crate::model::{Outcome, Payout, RosterKey};
use crate::roster::Peers;
use latest::wit;
use wasmtime::Store;
use wasmtime::component::ResourceAny;

/// A store with the plugin and a scorer; it lives as long as one pass.
pub(crate) struct Session<'p> {
    pub(super) plugin: &'p Plugin,
    pub(super) store: Store<State>,
    pub(super) bindings: latest::Plugin,
    pub(super) scorer: ResourceAny,
}

impl Session<'_> {
    /// Pass 1: the roster keys of each payout, in order.
    pub fn roster_keys(&mut self, payouts: &[&Payout]) -> Result<Vec<Vec<RosterKey>>, Error> {
        let lowered: Vec<wit::Payout<'_>> = payouts.iter().map(|p| latest::payout(p)).collect();
        self.plugin.arm(&mut self.store);
        let keys = self
            .bindings
            .payguard_risk_scoring()
            .scorer()
            .call_roster_keys(&mut self.store, self.scorer, &lowered)
            .map_err(|e| Error::plugin("computing roster keys", e))?;
        expect_len("roster-keys", payouts.len(), keys.len())?;
        Ok(keys
            .into_iter()
            .map(|keys| keys.into_iter().map(latest::roster_key).collect())
            .collect())
    }

    /// Pass 2: one outcome per payout, in order, each judged with its
    /// peer groups.
    pub fn assess(&mut self, items: &[(&Payout, Vec<Peers<'_>>)]) -> Result<Vec<Outcome>, Error> {
        let groups: Vec<Vec<wit::PeerGroup<'_>>> = items
            .iter()
            .map(|(_, peers)| latest::peer_groups(peers))
            .collect();
        let lowered: Vec<wit::RosterItem<'_>> = items
            .iter()
            .zip(&groups)
            .map(|((payout, _), peers)| wit::RosterItem {
                payout: latest::payout(payout),
                peers,
            })
            .collect();
        self.plugin.arm(&mut self.store);
        let results = self
            .bindings
            .payguard_risk_scoring()
            .scorer()
            .call_assess(&mut self.store, self.scorer, &lowered)
            .map_err(|e| Error::plugin("assessing payouts", e))?;
        expect_len("assess", items.len(), results.len())?;
        Ok(results.into_iter().map(latest::outcome).collect())
    }
}

fn expect_len(call: &str, sent: usize, got: usize) -> Result<(), Error> {
    if sent == got {
        Ok(())
    } else {
        Err(Error::Contract(format!(
            "{call} returned {got} results for {sent} payouts"
        )))
    }
}
