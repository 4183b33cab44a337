//! One payout checked in real time, as a platform does when an employee
//! changes bank details: judged against the history (other employees'
//! earlier payouts to its keys, the employee's earlier destinations) and
//! never recorded. Sandboxes and history connections are kept between
//! checks, so a check costs a look-up and a call, not a start.

use crate::error::Error;
use crate::history::{History, Plan, Recaller};
use crate::input::Row;
use crate::model::Policy;
use crate::output::ReportRow;
use crate::plugin::{Limits, Plugin, pool::Pool};
use crate::scoring::{Recalling, Stages, run};
use std::sync::Arc;

/// Checks single payouts with pooled sandboxes, against a history when it
/// has one.
pub struct Checker<'p> {
    pool: Pool<'p>,
    history: Option<Recaller>,
    limits: Limits,
}

impl<'p> Checker<'p> {
    /// A checker running `plugin`, keeping up to `max_idle` sandboxes (and
    /// as many connections to `history`) between checks.
    pub fn new(plugin: &'p Plugin, history: Option<&History>, max_idle: usize) -> Checker<'p> {
        Checker {
            pool: Pool::new(plugin, max_idle),
            history: history.map(History::recaller),
            // One payout: scored on the calling thread.
            limits: Limits {
                threads: 1,
                ..*plugin.limits()
            },
        }
    }

    /// The sandboxes idle now.
    pub fn idle(&self) -> usize {
        self.pool.idle()
    }

    /// Scores `row` alone under `policy`; with a history, against the runs
    /// `plan` counts as earlier. A row the reader rejected, or one the
    /// plugin failed on, comes back rejected, saying why.
    pub fn check(
        &self,
        row: Row,
        policy: &Arc<Policy>,
        plan: Option<&Plan>,
    ) -> Result<ReportRow, Error> {
        let recalling = match (&self.history, plan) {
            (Some(history), Some(plan)) => Some(Recalling::with(history.clone(), plan, policy)),
            _ => None,
        };
        let mut out = None;
        run(
            std::slice::from_ref(&row),
            || self.pool.take(policy),
            &self.limits,
            &Stages::default(),
            recalling,
            |report| out = Some(report),
        )?;
        out.ok_or_else(|| Error::Contract("one row gave no result".into()))
    }
}
