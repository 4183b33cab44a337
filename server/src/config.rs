//! What a service is started with.

use crate::tokens::Tokens;
use payguard::{Plugin, Policy};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Everything `payguard serve` is started with.
pub struct Config {
    /// Where to listen; port 0 picks a free one ([`crate::Server::local_addr`]).
    pub listen: SocketAddr,
    /// The bearer tokens every endpoint but `/healthz` and `/metrics` needs.
    pub tokens: Tokens,
    /// The plugin, loaded and compiled.
    pub plugin: Plugin,
    /// The policy every request is scored under (the plugin's defaults
    /// under the policy files); a request sets only its as-of day.
    pub policy: Policy,
    /// The history payrolls are scored against and recorded in.
    pub history: Option<HistoryConfig>,
    pub limits: ServiceLimits,
    /// TLS, else plain HTTP (behind the platform's gateway).
    pub tls: Option<TlsFiles>,
}

/// Where the history is and its secret, as `--history` and
/// `--history-secret` give them.
#[derive(Debug, Clone)]
pub struct HistoryConfig {
    /// A SQLite file (made when missing) or a `postgres://` URL.
    pub location: String,
    /// The history's secret (default: beside a SQLite file).
    pub secret: Option<PathBuf>,
}

/// A certificate chain and its private key, both PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Bounds on what one client can take of the service.
#[derive(Debug, Clone, Copy)]
pub struct ServiceLimits {
    /// The largest body `/v1/score` reads; a larger one is 413.
    pub max_body: u64,
    /// The largest body `/v1/check` reads: one payout.
    pub max_check_body: u64,
    /// How long a request may take, from its headers to its last byte out.
    pub deadline: Duration,
    /// How long the headers, and each part of a body, may take to arrive:
    /// a client slower than that is cut off.
    pub read_timeout: Duration,
    /// How long a write to a client that stopped reading may wait.
    pub write_timeout: Duration,
    /// Requests served at once; the excess waits.
    pub concurrent: usize,
    /// How long a request waits for its turn before it is 503.
    pub queue_timeout: Duration,
    /// Sandboxes (and history connections) kept between checks.
    pub idle_sandboxes: usize,
    /// The largest request head (request line and headers); a larger one
    /// is 431.
    pub max_head: usize,
}

impl Default for ServiceLimits {
    fn default() -> Self {
        ServiceLimits {
            max_body: 64 << 20,
            max_check_body: 1 << 20,
            deadline: Duration::from_secs(300),
            read_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(30),
            concurrent: 64,
            queue_timeout: Duration::from_secs(10),
            idle_sandboxes: 16,
            max_head: 64 << 10,
        }
    }
}
