//! `payguard serve`: the payout-risk plugin as an HTTP service, for finance
//! platforms on the JVM, Go or .NET, which cannot load a WebAssembly
//! component. It holds one compiled plugin and a pool of its sandboxes,
//! and answers the two moments a platform decides at:
//!
//! - `POST /v1/score`: a whole payroll file before it goes to the bank,
//!   answered with the NDJSON records `payguard score --format ndjson`
//!   writes, streamed, and recorded in the history;
//! - `POST /v1/check`: one payout when an employee changes bank details,
//!   judged against the history and never recorded.
//!
//! The service is one [`Config`] and [`Server::bind`]; the routes, their
//! limits and the OpenAPI document are in the modules below.

mod body;
mod body_file;
mod config;
mod errors;
mod layers;
mod listen;
mod metrics;
mod openapi;
mod routes;
mod state;
mod tokens;

pub use config::{Config, HistoryConfig, ServiceLimits, TlsFiles};
pub use listen::Server;
pub use openapi::document;
pub use tokens::Tokens;

/// Sends the service's logs to stderr as JSON lines, one per request,
/// filtered by `RUST_LOG` (default `info`).
pub fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second call (tests start several servers) keeps the first.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .try_init();
}
