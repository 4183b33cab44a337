//! Loading the plugin once and running it in a fresh, limited store per
//! batch.

pub mod v0_2;

use crate::error::Error;
use crate::model::{Outcome, Payout, PluginInfo, Policy, RuleInfo};
use crate::roster::Roster;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use v0_2::wit;
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, Store, StoreLimits, StoreLimitsBuilder};

/// The plugin built from this checkout's `guest/`, embedded at build time.
pub const EMBEDDED: &[u8] = include_bytes!(env!("PAYGUARD_PLUGIN_WASM"));

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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 512 << 20,
            call_timeout: Duration::from_secs(30),
            chunk_size: 4096,
        }
    }
}

/// Per-store state: only the limiter, since the plugin imports nothing.
struct State {
    limits: StoreLimits,
}

/// A loaded, compiled plugin: load once, assess many batches.
pub struct Plugin {
    engine: Engine,
    pre: v0_2::PluginPre<State>,
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
        Plugin::load(bytes, actual, limits)
    }

    /// Loads a component from `bytes`. It must implement
    /// `payguard:risk/scoring@0.2.x` and import nothing.
    pub fn from_bytes(bytes: &[u8], limits: Limits) -> Result<Plugin, Error> {
        Plugin::load(bytes, sha256_hex(bytes), limits)
    }

    fn load(bytes: &[u8], sha256: String, limits: Limits) -> Result<Plugin, Error> {
        let mut config = Config::new();
        config.epoch_interruption(true);
        let engine = Engine::new(&config).map_err(|e| Error::Load(format!("{e:#}")))?;
        let component =
            Component::new(&engine, bytes).map_err(|e| Error::Load(format!("{e:#}")))?;
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
        let linker = Linker::<State>::new(&engine);
        let instance_pre = linker
            .instantiate_pre(&component)
            .map_err(|e| Error::Load(format!("{e:#}")))?;
        let pre = v0_2::PluginPre::new(instance_pre).map_err(|e| Error::Load(format!("{e:#}")))?;
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

    /// The SHA-256 of the component, in lower-case hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The plugin's version, contract and data versions.
    pub fn info(&self) -> Result<PluginInfo, Error> {
        let (mut store, plugin) = self.instantiate()?;
        self.arm(&mut store);
        let info = plugin.payguard_risk_scoring().call_info(&mut store);
        info.map(v0_2::plugin_info)
            .map_err(|e| Error::plugin("reporting its info", e))
    }

    /// The rule catalogue.
    pub fn rules(&self) -> Result<Vec<RuleInfo>, Error> {
        let (mut store, plugin) = self.instantiate()?;
        self.arm(&mut store);
        let rules = plugin.payguard_risk_scoring().call_rules(&mut store);
        rules
            .map(|r| r.into_iter().map(v0_2::rule_info).collect())
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
            .map(v0_2::from_policy)
            .map_err(|e| Error::plugin("giving its default policy", e))
    }

    /// Scores a whole payroll: one outcome per payout, in input order.
    /// Shared destinations are found across the whole slice, however it is
    /// chunked.
    pub fn assess(&self, payouts: &[Payout], policy: &Policy) -> Result<Vec<Outcome>, Error> {
        let (mut store, plugin) = self.instantiate()?;
        let scoring = plugin.payguard_risk_scoring();
        self.arm(&mut store);
        let scorer = scoring
            .scorer()
            .call_create(&mut store, &v0_2::policy(policy))
            .map_err(|e| Error::plugin("checking the policy", e))?
            .map_err(|e| Error::Policy {
                key: e.key,
                message: e.message,
            })?;
        let chunk_size = self.limits.chunk_size.max(1);

        // Pass 1: roster keys of every payout.
        let mut roster = Roster::default();
        let mut keys: Vec<Vec<wit::RosterKey>> = Vec::with_capacity(payouts.len());
        for chunk in payouts.chunks(chunk_size) {
            let lowered: Vec<wit::Payout> = chunk.iter().map(v0_2::payout).collect();
            self.arm(&mut store);
            let chunk_keys = scoring
                .scorer()
                .call_roster_keys(&mut store, scorer, &lowered)
                .map_err(|e| Error::plugin("computing roster keys", e))?;
            expect_len("roster-keys", chunk.len(), chunk_keys.len())?;
            for (payout, payout_keys) in chunk.iter().zip(&chunk_keys) {
                roster.add(&payout.employee_id, &payout.payout_id, payout_keys);
            }
            keys.extend(chunk_keys);
        }

        // Pass 2: assess each payout with its peer groups.
        let mut outcomes = Vec::with_capacity(payouts.len());
        for (chunk, chunk_keys) in payouts.chunks(chunk_size).zip(keys.chunks(chunk_size)) {
            let items: Vec<wit::RosterItem> = chunk
                .iter()
                .zip(chunk_keys)
                .map(|(p, k)| wit::RosterItem {
                    payout: v0_2::payout(p),
                    peers: roster.peers(&p.employee_id, k),
                })
                .collect();
            self.arm(&mut store);
            let results = scoring
                .scorer()
                .call_assess(&mut store, scorer, &items)
                .map_err(|e| Error::plugin("assessing payouts", e))?;
            expect_len("assess", chunk.len(), results.len())?;
            outcomes.extend(results.into_iter().map(v0_2::outcome));
        }
        scorer
            .resource_drop(&mut store)
            .map_err(|e| Error::plugin("dropping the scorer", e))?;
        Ok(outcomes)
    }

    fn instantiate(&self) -> Result<(Store<State>, v0_2::Plugin), Error> {
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
    fn arm(&self, store: &mut Store<State>) {
        let ticks = self
            .limits
            .call_timeout
            .as_millis()
            .div_ceil(TICK.as_millis())
            .max(1);
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
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
