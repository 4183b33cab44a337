//! Sandboxes kept between calls, for a service that scores one payout at a
//! time: instantiating the plugin and making its scorer costs more than
//! scoring one payout, so a store is lent, used and given back.

use super::{Keyed, Plugin, Session};
use crate::error::Error;
use crate::model::{Outcome, Payout, Policy};
use crate::scoring::{Backend, Item};
use std::sync::{Arc, Mutex};

/// Idle sandboxes, each with a scorer made for one policy.
pub struct Pool<'p> {
    plugin: &'p Plugin,
    idle: Mutex<Vec<(Arc<Policy>, Session<'p>)>>,
    max_idle: usize,
}

impl<'p> Pool<'p> {
    /// A pool of `plugin`'s sandboxes keeping at most `max_idle` between
    /// calls (each holds the plugin's memory, a few MiB).
    pub fn new(plugin: &'p Plugin, max_idle: usize) -> Pool<'p> {
        Pool {
            plugin,
            idle: Mutex::new(Vec::new()),
            max_idle,
        }
    }

    /// The plugin the sandboxes run.
    pub fn plugin(&self) -> &'p Plugin {
        self.plugin
    }

    /// Sandboxes idle now.
    pub fn idle(&self) -> usize {
        self.idle.lock().map_or(0, |idle| idle.len())
    }

    /// An idle sandbox whose scorer has `policy`, else a new one.
    pub(crate) fn take(&self, policy: &Arc<Policy>) -> Result<Lent<'_, 'p>, Error> {
        let kept = self.idle.lock().ok().and_then(|mut idle| {
            let at = idle
                .iter()
                .rposition(|(p, _)| Arc::ptr_eq(p, policy) || **p == **policy)?;
            Some(idle.swap_remove(at).1)
        });
        let session = match kept {
            Some(session) => session,
            None => self.plugin.session(policy)?,
        };
        Ok(Lent {
            pool: self,
            policy: Arc::clone(policy),
            session: Some(session),
            failed: false,
        })
    }
}

/// A sandbox lent by a [`Pool`]: given back when dropped, unless the
/// plugin failed in it (a trapped instance cannot be entered again).
pub(crate) struct Lent<'a, 'p> {
    pool: &'a Pool<'p>,
    policy: Arc<Policy>,
    session: Option<Session<'p>>,
    failed: bool,
}

impl<'p> Lent<'_, 'p> {
    fn session(&mut self) -> &mut Session<'p> {
        self.session.as_mut().expect("held until dropped")
    }

    /// `result`, noting a failure of the plugin.
    fn watch<T>(&mut self, result: Result<T, Error>) -> Result<T, Error> {
        if matches!(result, Err(Error::Plugin { .. })) {
            self.failed = true;
        }
        result
    }
}

impl Backend for Lent<'_, '_> {
    fn keys_and_provisional(&mut self, payouts: &[&Payout]) -> Result<Keyed, Error> {
        let result = self.session().keys_and_provisional(payouts);
        self.watch(result)
    }

    fn assess(&mut self, items: &[Item<'_>]) -> Result<Vec<Outcome>, Error> {
        let result = self.session().assess(items);
        self.watch(result)
    }
}

impl Drop for Lent<'_, '_> {
    fn drop(&mut self) {
        let Some(session) = self.session.take() else {
            return;
        };
        if self.failed {
            return;
        }
        if let Ok(mut idle) = self.pool.idle.lock() {
            idle.push((Arc::clone(&self.policy), session));
            // The oldest go first: a policy no longer asked for ages out.
            while idle.len() > self.pool.max_idle {
                idle.remove(0);
            }
        }
    }
}
