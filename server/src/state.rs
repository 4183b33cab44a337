//! What every request shares: the plugin and its sandboxes, the policy,
//! the history, the tokens, the limits and the counters.

use crate::config::{Config, HistoryConfig, ServiceLimits};
use crate::errors::ApiError;
use crate::metrics::Metrics;
use crate::tokens::Tokens;
use payguard::check::Checker;
use payguard::history::History;
use payguard::{Date, Plugin, PluginInfo, Policy, RuleInfo};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// The service's state, one per process.
pub struct AppState {
    pub plugin: &'static Plugin,
    pub checker: Checker<'static>,
    /// The policy before a request's as-of day is set.
    policy: Policy,
    /// The policy per as-of day, made once: the check's pooled sandboxes
    /// are found by it.
    by_day: Mutex<BTreeMap<Date, Arc<Policy>>>,
    /// The history and the connection checks plan on.
    pub history: Option<(HistoryConfig, Mutex<History>)>,
    pub tokens: Tokens,
    pub limits: ServiceLimits,
    pub metrics: Metrics,
    pub rules: Vec<RuleInfo>,
    pub info: PluginInfo,
    /// Turns to serve a request: `limits.concurrent` of them.
    pub turns: Arc<Semaphore>,
    next_id: AtomicU64,
}

/// Days whose policy is kept; past it the cache starts again.
const DAYS_KEPT: usize = 64;

impl AppState {
    /// Loads what the service needs before it listens: the plugin's
    /// catalogue, the history (made when missing), the sandbox pool.
    pub fn new(config: Config) -> Result<AppState, String> {
        let Config {
            plugin,
            policy,
            history,
            tokens,
            limits,
            ..
        } = config;
        // The service holds its one plugin for its whole life.
        let plugin: &'static Plugin = Box::leak(Box::new(plugin));
        let rules = plugin.rules().map_err(|e| e.to_string())?;
        let info = plugin.info().map_err(|e| e.to_string())?;
        let history = match history {
            Some(config) => {
                let opened = History::open(&config.location, config.secret.as_deref())
                    .map_err(|e| e.to_string())?;
                Some((config, Mutex::new(opened)))
            }
            None => None,
        };
        let checker = {
            let guard = history
                .as_ref()
                .map(|(_, h)| h.lock().expect("not shared yet"));
            Checker::new(plugin, guard.as_deref(), limits.idle_sandboxes)
        };
        Ok(AppState {
            plugin,
            checker,
            policy,
            by_day: Mutex::new(BTreeMap::new()),
            history,
            tokens,
            turns: Arc::new(Semaphore::new(limits.concurrent.max(1))),
            limits,
            metrics: Metrics::new(),
            rules,
            info,
            next_id: AtomicU64::new(1),
        })
    }

    /// The policy for a request judged on `as_of`, else today (UTC).
    pub fn policy_on(&self, as_of: Option<&str>) -> Result<Arc<Policy>, ApiError> {
        let day = match as_of {
            Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_request(
                    "bad-parameter",
                    format!("as_of: {text:?} is not a date YYYY-MM-DD"),
                )
            })?,
            None => chrono::Utc::now().date_naive(),
        };
        let day = date(day)?;
        let mut by_day = self.by_day.lock().map_err(ApiError::internal)?;
        if by_day.len() >= DAYS_KEPT && !by_day.contains_key(&day) {
            by_day.clear();
        }
        Ok(Arc::clone(by_day.entry(day).or_insert_with(|| {
            Arc::new(Policy {
                as_of: Some(day),
                ..self.policy.clone()
            })
        })))
    }

    /// A new request id: unique in this process, and in order.
    pub fn request_id(&self) -> String {
        format!("req-{:08}", self.next_id.fetch_add(1, Ordering::Relaxed))
    }
}

fn date(day: chrono::NaiveDate) -> Result<Date, ApiError> {
    use chrono::Datelike;
    let year = u16::try_from(day.year()).map_err(|_| {
        ApiError::bad_request("bad-parameter", format!("as_of: {day} is out of range"))
    })?;
    Ok(Date {
        year,
        month: day.month() as u8,
        day: day.day() as u8,
    })
}
