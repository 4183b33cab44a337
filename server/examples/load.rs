//! Load figures for docs/service.md: the service started in this process on
//! 127.0.0.1 with a SQLite history of `--months` x `--rows` payouts (the
//! bench's synthetic rows, recorded through `/v1/score`), then
//!
//! - `/v1/score` rows per second for a payroll of `--score-rows` rows
//!   scored against that history, without and with recording;
//! - `/v1/check` requests per second and p50/p99 latency at each of
//!   `--clients` concurrent clients (keep-alive connections), each level
//!   bounded by `--requests` and `--seconds`.
//!
//! Run it by hand on an idle machine, never from CI:
//!
//! ```sh
//! cargo run --release -p payguard-server --example load
//! ```

use payguard::bench::synthetic;
use payguard_server::{Config, HistoryConfig, Server, ServiceLimits, Tokens};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const TOKEN: &str = "load-test-token-0123456789";

struct Options {
    rows: u64,
    months: u64,
    score_rows: u64,
    clients: Vec<usize>,
    requests: usize,
    seconds: u64,
}

fn options() -> Options {
    let mut o = Options {
        rows: 250_000,
        months: 4,
        score_rows: 100_000,
        clients: vec![1, 16, 64],
        requests: 50_000,
        seconds: 15,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).map(String::as_str).unwrap_or_default();
        let number = || value.parse::<u64>().expect("a number");
        match pair[0].as_str() {
            "--rows" => o.rows = number(),
            "--months" => o.months = number(),
            "--score-rows" => o.score_rows = number(),
            "--requests" => o.requests = number() as usize,
            "--seconds" => o.seconds = number(),
            "--clients" => {
                o.clients = value
                    .split(',')
                    .map(|c| c.parse().expect("a number"))
                    .collect()
            }
            other => panic!("unknown option {other}"),
        }
    }
    o
}

fn main() {
    let o = options();
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.db").display().to_string();
    let addr = start(&history);
    let agent = agent();
    eprintln!(
        "load: history of {} months x {} rows at {history}",
        o.months, o.rows
    );
    for month in 1..=o.months {
        let body = month_csv(o.rows, month);
        let start = Instant::now();
        let lines = post(
            &agent,
            addr,
            &format!("/v1/score?payroll=acme&as_of=2026-{:02}-28", month),
            "text/csv",
            body,
        );
        eprintln!(
            "  month {month}: {lines} records in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }

    println!(
        "| `/v1/score`, {} rows against {} recorded payouts | seconds | rows/s |",
        o.score_rows,
        o.rows * o.months
    );
    println!("|---|---|---|");
    let next = month_csv(o.score_rows, o.months + 1);
    for (what, record) in [
        ("scored, not recorded", false),
        ("scored and recorded", true),
    ] {
        let start = Instant::now();
        let lines = post(
            &agent,
            addr,
            &format!("/v1/score?payroll=acme&as_of=2026-12-28&record={record}"),
            "text/csv",
            next.clone(),
        );
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(lines as u64, o.score_rows);
        println!("| {what} | {secs:.2} | {:.0} |", lines as f64 / secs);
    }

    let payouts = check_bodies(&next);
    println!();
    println!(
        "| `/v1/check` against {} payouts, clients | requests | requests/s | p50 ms | p99 ms | max ms |",
        o.rows * o.months + o.score_rows
    );
    println!("|---|---|---|---|---|---|");
    for &clients in &o.clients {
        let (count, secs, mut latencies) =
            check_load(addr, &payouts, clients, o.requests, o.seconds);
        latencies.sort_unstable();
        let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize] as f64 / 1000.0;
        println!(
            "| {clients} | {count} | {:.0} | {:.2} | {:.2} | {:.2} |",
            count as f64 / secs,
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
}

/// Starts the service on a thread of its own; returns its address.
fn start(history: &str) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    let history = history.to_string();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let plugin = payguard::Plugin::embedded().expect("the plugin loads");
            let policy = plugin.default_policy().unwrap();
            let config = Config {
                listen: "127.0.0.1:0".parse().unwrap(),
                tokens: Tokens::from_list(&[TOKEN]),
                plugin,
                policy,
                history: Some(HistoryConfig {
                    location: history,
                    secret: None,
                }),
                limits: ServiceLimits {
                    max_body: 1 << 30,
                    concurrent: 256,
                    idle_sandboxes: 64,
                    ..ServiceLimits::default()
                },
                tls: None,
            };
            let server = Server::bind(config).await.expect("the service starts");
            tx.send(server.local_addr()).unwrap();
            server.run(std::future::pending()).await.unwrap();
        });
    });
    rx.recv().expect("the service listens")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(true)
        .build()
        .into()
}

fn month_csv(rows: u64, month: u64) -> Vec<u8> {
    let mut out = Vec::new();
    synthetic::write_month(
        &mut out,
        rows,
        7,
        month,
        &format!("2026-{:02}-25", month.min(12)),
    )
    .unwrap();
    out
}

/// POSTs and counts the answer's lines.
fn post(
    agent: &ureq::Agent,
    addr: SocketAddr,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> usize {
    let mut response = agent
        .post(&format!("http://{addr}{path}"))
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .header("Content-Type", content_type)
        .send(&body[..])
        .expect("a 200");
    let text = response
        .body_mut()
        .with_config()
        .limit(4 << 30)
        .read_to_string()
        .unwrap();
    text.lines().count()
}

/// Each row of the payroll as a JSON object, as `/v1/check` takes it.
fn check_bodies(csv_bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let object: serde_json::Map<String, serde_json::Value> = header
                .iter()
                .zip(record.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            serde_json::to_vec(&object).unwrap()
        })
        .collect()
}

/// `clients` threads checking payouts on keep-alive connections until
/// `requests` are answered or `seconds` pass: (answered, seconds,
/// latencies in microseconds).
fn check_load(
    addr: SocketAddr,
    payouts: &[Vec<u8>],
    clients: usize,
    requests: usize,
    seconds: u64,
) -> (usize, f64, Vec<u64>) {
    let url = format!("http://{addr}/v1/check?payroll=acme&as_of=2026-12-28");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let start = Instant::now();
    let per_client = requests.div_ceil(clients);
    let latencies: Vec<u64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|client| {
                let url = &url;
                scope.spawn(move || {
                    let agent = agent();
                    let mut mine = Vec::with_capacity(per_client);
                    for i in 0..per_client {
                        if Instant::now() > deadline {
                            break;
                        }
                        let body = &payouts[(client * 7919 + i * 31) % payouts.len()];
                        let sent = Instant::now();
                        let mut response = agent
                            .post(url)
                            .header("Authorization", &format!("Bearer {TOKEN}"))
                            .header("Content-Type", "application/json")
                            .send(&body[..])
                            .expect("a 200");
                        let _ = response.body_mut().read_to_string().unwrap();
                        mine.push(sent.elapsed().as_micros() as u64);
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    (latencies.len(), start.elapsed().as_secs_f64(), latencies)
}
