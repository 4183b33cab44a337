//! `payguard serve`: the scoring service (crate `payguard-server`), started
//! with the CLI's own plugin, policy and history options.

use crate::scoring::{apply_files, read_text};
use clap::Args;
use payguard::sanctions_file;
use payguard_server::{Config, HistoryConfig, ServiceLimits, TlsFiles, Tokens};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// How to serve.
#[derive(Args)]
pub struct Serve {
    /// The address to listen on (port 0 picks a free one, printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The bearer tokens, one per line (readable by its owner only).
    #[arg(long, value_name = "FILE")]
    token_file: PathBuf,
    /// Score against the payout history in this SQLite file (made when
    /// missing) or postgres:// URL; /v1/score records each payroll in it.
    #[arg(long, value_name = "DB")]
    history: Option<String>,
    /// The history's secret (default: the SQLite file's path with ".key"
    /// added; needed for PostgreSQL).
    #[arg(long, value_name = "FILE", requires = "history")]
    history_secret: Option<PathBuf>,
    /// A policy file (TOML) applied on top of the plugin's defaults; given
    /// several times, each applies on top of the one before.
    #[arg(long, value_name = "FILE")]
    policy: Vec<PathBuf>,
    /// A sanctions list (CSV with type and value columns) added to the
    /// plugin's built-in one.
    #[arg(long, value_name = "FILE")]
    sanctions: Option<PathBuf>,
    /// The largest payroll body, in bytes; a larger one is 413.
    #[arg(long, value_name = "BYTES", default_value_t = 64 << 20)]
    max_body: u64,
    /// Worker threads: the service's, and those scoring one payroll.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Requests served at once; the excess waits, then gets 503.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    concurrent: u32,
    /// Seconds a request waits for its turn before it gets 503.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    queue_timeout: u64,
    /// Seconds a request may take from its headers to its last byte.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    timeout: u64,
    /// Seconds the headers, or each part of a body, may take to arrive;
    /// also the longest a write to a client that stopped reading waits.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    read_timeout: u64,
    /// A PEM certificate chain: serve HTTPS (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
}

impl Serve {
    /// The plugin's limits under `--threads`.
    pub fn limits(&self) -> payguard::Limits {
        let defaults = payguard::Limits::default();
        payguard::Limits {
            threads: self.threads.map_or(defaults.threads, usize::from),
            ..defaults
        }
    }
}

/// Serves until interrupted (Ctrl-C or SIGTERM), then lets the requests in
/// flight end.
pub fn serve(plugin: payguard::Plugin, options: Serve) -> Result<ExitCode, String> {
    let tokens = Tokens::read(&options.token_file)?;
    let (mut policy, _) = apply_files(
        plugin.default_policy().map_err(|e| e.to_string())?,
        &options.policy,
    )?;
    if let Some(path) = &options.sanctions {
        sanctions_file::extend(&mut policy, &path.display().to_string(), &read_text(path)?)?;
    }
    let secs = Duration::from_secs;
    let config = Config {
        listen: options.listen,
        tokens,
        plugin,
        policy,
        history: options.history.map(|location| HistoryConfig {
            location,
            secret: options.history_secret,
        }),
        limits: ServiceLimits {
            max_body: options.max_body,
            deadline: secs(options.timeout),
            read_timeout: secs(options.read_timeout),
            write_timeout: secs(options.read_timeout),
            concurrent: options.concurrent as usize,
            queue_timeout: secs(options.queue_timeout),
            ..ServiceLimits::default()
        },
        tls: match (options.tls_cert, options.tls_key) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            _ => None,
        },
    };
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = options.threads {
        runtime.worker_threads(usize::from(threads));
    }
    let runtime = runtime
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the service's threads: {e}"))?;
    runtime.block_on(async {
        payguard_server::init_logs();
        let server = payguard_server::Server::bind(config).await?;
        let scheme = if server.is_tls() { "https" } else { "http" };
        eprintln!("payguard: serving on {scheme}://{}", server.local_addr());
        server.run(stopped()).await
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    eprintln!("payguard: stopping; waiting for the requests in flight");
}
