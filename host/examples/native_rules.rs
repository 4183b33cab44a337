// Temporary profiling harness: the native rules' pass 1 over realistic rows.
use payguard::bench::synthetic;
use payguard::input::{self, InputFormat};
use payguard_guest::{assess, policy};
fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().unwrap())
        .unwrap_or(100000);
    let reps: u32 = std::env::args()
        .nth(2)
        .map(|a| a.parse().unwrap())
        .unwrap_or(5);
    let mut csv = Vec::new();
    synthetic::write(&mut csv, rows, 1).unwrap();
    let payouts: Vec<_> = input::rows(csv.as_slice(), InputFormat::Csv)
        .unwrap()
        .filter_map(|r| r.payout.ok())
        .collect();
    let policy = policy::Policy::default();
    let start = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..reps {
        for p in &payouts {
            let (keys, a) = assess::keyed(p, &policy);
            n += keys.len() + a.map(|a| a.findings.len()).unwrap_or(0);
        }
    }
    let e = start.elapsed();
    println!(
        "{} payouts x{reps}: {:.3} µs each ({n})",
        payouts.len(),
        e.as_secs_f64() * 1e6 / (payouts.len() as f64 * reps as f64)
    );
}
