//! Loading the plugin once and running it in a fresh, limited store per
//! batch.

pub mod cache;
pub mod pool;
mod session;
pub mod v0_7;
/// The contract version this host speaks; a new version is a sibling
/// module of `v0_7` and this alias, as Zed keeps `since_vX` per version.
pub(crate) use v0_7 as latest;

pub(crate) use session::{Keyed, Session};

use crate::error::Error;
use crate::model::{PluginInfo, Policy, RuleInfo};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store, StoreLimits, StoreLimitsBuilder};

/// The plugin built from this checkout's `guest/`, embedded at build time.
pub const EMBEDDED: &[u8] = include_bytes!(env!("PAYGUARD_PLUGIN_WASM"));

/// Payouts per call by default ([`Limits::chunk_size`]).
pub(crate) const CHUNK_SIZE: usize = 4096;

/// How often the epoch ticks: the resolution of the time limit.
const TICK: Duration = Duration::from_millis(10);

/// Resource limits for every store the plugin runs in.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Linear memory the plugin may grow to, per batch.
    pub memory_bytes: usize,
    /// Wall-clock time one call into the plugin may take.
    pub call_timeout: Duration,
    /// Payouts per call: one call carrying ~1M records exceeds wasmtime's
    /// host-to-guest copy budget.
    pub chunk_size: usize,
    /// Worker threads scoring at once, each with its own store (and its
    /// own `memory_bytes`).
    pub threads: usize,
    /// Payouts a run may reject because the plugin failed on them (a
    /// trap, the time or memory limit). When a call fails, its chunk is
    /// re-run payout by payout in fresh instances so one poison payout
    /// costs only itself; past this many the plugin, not the payouts, is
    /// at fault and the run fails.
    pub failed_payouts: usize,
    /// Rows from which a run against a history is looked up in one sweep
    /// between the passes, in key order, rather than payout by payout in
    /// pass 2 (the same answers; a sweep wins on large runs, seeks on
    /// small ones).
    pub history_bulk_rows: u64,
    /// Bytes a run may spend keeping pass 1's provisional outcomes that
    /// have findings, so pass 2 need not judge those payouts again (a
    /// clean one costs 8 bytes and is always kept). Past it, pass 2
    /// judges them again: the same results, more time. Scoring a file
    /// also keeps each row's line, ids, employee name and (in a CSV file)
    /// place, its text's bytes and 24 more, within half as much again,
    /// when every row's fit: the rows that share a key need not be read
    /// from the file again between the passes, and for a report without
    /// payouts, pass 2 reads only the records it judges again.
    pub provisional_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 512 << 20,
            call_timeout: Duration::from_secs(30),
            chunk_size: CHUNK_SIZE,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            failed_payouts: 10,
            history_bulk_rows: 20_000,
            provisional_bytes: 128 << 20,
        }
    }
}

/// Per-store state: only the limiter, since the plugin imports nothing.
pub(crate) struct State {
    limits: StoreLimits,
}

/// A loaded, compiled plugin: load once, assess many batches.
pub struct Plugin {
    engine: Engine,
    pre: latest::PluginPre<State>,
    limits: Limits,
    sha256: String,
    ticker: Arc<AtomicBool>,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        self.ticker.store(false, Ordering::Relaxed);
    }
}

impl Plugin {
    /// The plugin embedded in this build, with default limits.
    pub fn embedded() -> Result<Plugin, Error> {
        Plugin::from_bytes(EMBEDDED, Limits::default())
    }

    /// Loads a component from `bytes`, refusing it unless its SHA-256 is
    /// `expected_sha256` (hex): the plugin that runs is the one approved.
    pub fn from_bytes_verified(
        bytes: &[u8],
        expected_sha256: &str,
        limits: Limits,
    ) -> Result<Plugin, Error> {
        let actual = sha256_hex(bytes);
        if !actual.eq_ignore_ascii_case(expected_sha256.trim()) {
            return Err(Error::Digest {
                expected: expected_sha256.trim().to_string(),
                actual,
            });
        }
        Plugin::load(bytes, actual, limits, None)
    }

    /// Loads a component from `bytes`. It must implement
    /// `payguard:risk/scoring@0.7.0` and import nothing.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Plugin, Error> {
        Plugin::load(bytes, sha256_hex(bytes), limits, None)
    }

    /// As [`Plugin::from_bytes`] (or [`Plugin::from_bytes_verified`] with
    /// `expected_sha256`), keeping the compiled plugin in `cache_dir` for
    /// the next start; see [`cache`] for when an artifact there is trusted.
    pub fn from_bytes_cached(
        bytes: &[u8],
        expected_sha256: Option<&str>,
        limits: Limits,
        cache_dir: &std::path::Path,
    ) -> Result<Plugin, Error> {
        let actual = sha256_hex(bytes);
        if let Some(expected) = expected_sha256
            && !actual.eq_ignore_ascii_case(expected.trim())
        {
            return Err(Error::Digest {
                expected: expected.trim().to_string(),
                actual,
            });
        }
        Plugin::load(bytes, actual, limits, Some(cache_dir))
    }

    fn load(
        bytes: &[u8],
        sha256: String,
        limits: Limits,
        cache_dir: Option<&std::path::Path>,
    ) -> Result<Plugin, Error> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        // PAYGUARD_PROFILE=perfmap names the plugin's compiled functions
        // for perf in /tmp/perf-PID.map, as scripts/flamegraph records them.
        if std::env::var_os("PAYGUARD_PROFILE").is_some_and(|v| v == "perfmap") {
            config.profiler(wasmtime::ProfilingStrategy::PerfMap);
        }
        let engine = Engine::new(&config).map_err(|e| Error::Load(format!("{e:#}")))?;
        let component = match cache_dir {
            Some(dir) => cache::component(&engine, bytes, &sha256, dir),
            None => Component::new(&engine, bytes),
        }
        .map_err(|e| Error::Load(format!("{e:#}")))?;
        // A plugin gets no capabilities at all: refuse any import by name
        // before its code can run.
        let imports: Vec<String> = component
            .component_type()
            .imports(&engine)
            .map(|(name, _)| name.to_string())
            .collect();
        if !imports.is_empty() {
            return Err(Error::Load(format!(
                "it imports {}; a payguard plugin must import nothing",
                imports.join(", ")
            )));
        }
        contract(&component, &engine)?;
        let linker = Linker::<State>::new(&engine);
        let instance_pre = linker
            .instantiate_pre(&component)
            .map_err(|e| Error::Load(format!("{e:#}")))?;
        let pre =
            latest::PluginPre::new(instance_pre).map_err(|e| Error::Load(format!("{e:#}")))?;
        let ticker = Arc::new(AtomicBool::new(true));
        spawn_ticker(engine.clone(), ticker.clone());
        Ok(Plugin {
            engine,
            pre,
            limits,
            sha256,
            ticker,
        })
    }

    /// The limits every store and run of this plugin gets.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The SHA-256 of the component, in lower-case hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The plugin's version, contract and data versions.
    pub fn info(&self) -> Result<PluginInfo, Error> {
        let (mut store, plugin) = self.instantiate()?;
        self.arm(&mut store);
        let info = plugin.payguard_risk_scoring().call_info(&mut store);
        info.map(latest::plugin_info)
            .map_err(|e| Error::plugin("reporting its info", e))
    }

    /// The rule catalogue.
    pub fn rules(&self) -> Result<Vec<RuleInfo>, Error> {
        let (mut store, plugin) = self.instantiate()?;
        self.arm(&mut store);
        let rules = plugin.payguard_risk_scoring().call_rules(&mut store);
        rules
            .map(|r| r.into_iter().map(latest::rule_info).collect())
            .map_err(|e| Error::plugin("listing its rules", e))
    }

    /// The policy built into the plugin.
    pub fn default_policy(&self) -> Result<Policy, Error> {
        let (mut store, plugin) = self.instantiate()?;
        self.arm(&mut store);
        let policy = plugin
            .payguard_risk_scoring()
            .call_default_policy(&mut store);
        policy
            .map(latest::from_policy)
            .map_err(|e| Error::plugin("giving its default policy", e))
    }

    /// A store of its own with the plugin instantiated and a scorer for
    /// `policy`: one per worker thread.
    pub(crate) fn session(&self, policy: &Policy) -> Result<Session<'_>, Error> {
        let (mut store, bindings) = self.instantiate()?;
        self.arm(&mut store);
        let created = latest::with_policy(policy, |policy| {
            bindings
                .payguard_risk_scoring()
                .scorer()
                .call_create(&mut store, policy)
        });
        let scorer = created
            .map_err(|e| Error::plugin("checking the policy", e))?
            .map_err(|e| Error::Policy {
                key: e.key,
                message: e.message,
            })?;
        Ok(Session {
            plugin: self,
            store,
            bindings,
            scorer,
        })
    }

    fn instantiate(&self) -> Result<(Store<State>, latest::Plugin), Error> {
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.limits.memory_bytes)
            .instances(4)
            // A clear error at the limit, rather than a guest left to
            // abort on its own failed allocation.
            .trap_on_grow_failure(true)
            .build();
        let mut store = Store::new(&self.engine, State { limits });
        store.limiter(|state| &mut state.limits);
        self.arm(&mut store);
        let plugin = self
            .pre
            .instantiate(&mut store)
            .map_err(|e| Error::plugin("starting", e))?;
        Ok((store, plugin))
    }

    /// Gives the next call its full time budget.
    pub(crate) fn arm(&self, store: &mut Store<State>) {
        let ticks = self
            .limits
            .call_timeout
            .as_millis()
            .div_ceil(TICK.as_millis())
            .max(1);
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
    }
}

/// Refuses a component that does not export the contract this host
/// speaks, naming what it exports instead: a plugin for another version of
/// `payguard:risk` is told apart from something that is no plugin at all.
fn contract(component: &Component, engine: &Engine) -> Result<(), Error> {
    let exports: Vec<String> = component
        .component_type()
        .exports(engine)
        .map(|(name, _)| name.to_string())
        .collect();
    if exports.iter().any(|name| name == latest::EXPORT) {
        return Ok(());
    }
    let wanted = latest::EXPORT.replace("/scoring", "");
    let other = exports
        .iter()
        .find_map(|name| name.strip_prefix("payguard:risk/scoring@"));
    Err(Error::Load(match other {
        Some(version) => format!(
            "it implements payguard:risk@{version}; this host loads {wanted} plugins only (wit/README.md says why)"
        ),
        None => format!(
            "it exports {}; a payguard plugin exports {}",
            if exports.is_empty() {
                "nothing".to_string()
            } else {
                exports.join(", ")
            },
            latest::EXPORT
        ),
    }))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Advances the engine's epoch every tick until the plugin is dropped, so
/// a guest stuck in a loop is interrupted at its deadline.
fn spawn_ticker(engine: Engine, alive: Arc<AtomicBool>) {
    std::thread::Builder::new()
        .name("payguard-epoch".into())
        .spawn(move || {
            while alive.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                engine.increment_epoch();
            }
        })
        .expect("spawn the epoch ticker");
}
