//! `payguard bench`'s report.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use payguard::bench::Figure;
use std::time::Duration;

/// The figures as a table, then each against its target.
pub fn report(figures: &[payguard::bench::Figure]) -> String {
    let table = table(
        figures.iter(),
        &[
            ("read s", |f| f.read),
            ("pass 1 s", |f| f.pass1),
            ("pass 2 s", |f| f.pass2),
            ("render s", |f| f.render),
        ],
    );
    let cpu = cpu_table(figures);
    let [native, one, all, file] = figures else {
        return format!("{table}\n{cpu}\n");
    };
    let overhead = (one.elapsed.as_secs_f64() - native.elapsed.as_secs_f64()) / one.rows as f64;
    let native_us = (native.pass1 + native.pass2).as_secs_f64() * 1e6 / native.rows as f64;
    let per_million = file.elapsed.as_secs_f64() * 1e6 / file.rows as f64;
    let ratio = one.elapsed.as_secs_f64() / native.elapsed.as_secs_f64();
    format!(
        "{table}\n\
         read, pass 1 and pass 2 are summed over the threads that ran them; figures 1-3 read from memory\n\
         where the CPU went (seconds, share of the process's CPU time during the figure):\n\
         {cpu}\n\
         other: the pipeline between the stages (chunks, queues, reordering, dropping rows) and threads' start\n\
         native rules: {:.2} µs per payout, both passes (target under 1 µs: {})\n\
         plugin vs native, 1 thread: {:.2}x (target at most 1.3x: {}); the sandbox adds {:.2} µs per payout\n\
         plugin on all threads: {:.0} payouts/s (target at least 1,000,000: {})\n\
         CSV to NDJSON: {:.2} s per million rows (target under 2 s: {})\n\
         {}\n",
        native_us,
        verdict(1.0 / native_us),
        ratio,
        verdict(1.3 / ratio),
        overhead * 1e6,
        all.rows_per_second(),
        verdict(all.rows_per_second() / 1e6),
        per_million,
        verdict(2.0 / per_million),
        memory(file),
    )
}

/// The end-to-end figure's peak memory, against the target for ten
/// million rows when it scored that many.
fn memory(file: &Figure) -> String {
    const TARGET_ROWS: u64 = 10_000_000;
    let Some(bytes) = file.peak_bytes else {
        return "peak memory: not reported on this system".into();
    };
    let mb = bytes as f64 / 1e6;
    if file.rows >= TARGET_ROWS {
        format!(
            "peak memory, {} rows from a file: {mb:.0} MB (target for 10,000,000 rows under 1 GB: {})",
            file.rows,
            verdict(1e9 / bytes as f64)
        )
    } else {
        format!(
            "peak memory, {} rows from a file: {mb:.0} MB, figures 1-3's payroll in memory included (the 1 GB target is for 10,000,000 rows: --rows 1000 --file-rows 10000000)",
            file.rows
        )
    }
}

/// A stage of a figure, with its column's header.
type Stage = (&'static str, fn(&Figure) -> Duration);

/// The figures as a table: each one's size, time, rate and peak, then the
/// seconds of each of `stages`.
fn table<'a>(figures: impl Iterator<Item = &'a Figure>, stages: &[Stage]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    let mut header = vec!["figure", "rows", "threads", "seconds", "rows/s", "peak MB"];
    header.extend(stages.iter().map(|(name, _)| *name));
    table.set_header(header);
    for f in figures {
        let mut row = vec![
            f.name.to_string(),
            f.rows.to_string(),
            f.threads.to_string(),
            format!("{:.2}", f.elapsed.as_secs_f64()),
            format!("{:.0}", f.rows_per_second()),
            f.peak_bytes
                .map_or("?".into(), |b| format!("{:.0}", b as f64 / 1e6)),
        ];
        row.extend(
            stages
                .iter()
                .map(|(_, stage)| format!("{:.2}", stage(f).as_secs_f64())),
        );
        table.add_row(row);
    }
    table
}

/// Each figure's CPU time by stage, with its share of the process's CPU
/// time during the figure; "other" is what no stage measured.
fn cpu_table(figures: &[Figure]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "figure", "CPU s", "read", "pass 1", "pass 2", "render", "other",
    ]);
    for f in figures {
        let total = f.cpu.as_secs_f64();
        let share = |d: f64| match total > 0.0 {
            true => format!("{d:.2} ({:.0} %)", 100.0 * d / total),
            false => format!("{d:.2}"),
        };
        let stages: Vec<f64> = f.stage_cpu.iter().map(Duration::as_secs_f64).collect();
        let other = (total - stages.iter().sum::<f64>()).max(0.0);
        let mut row = vec![f.name.to_string(), format!("{total:.2}")];
        row.extend(stages.iter().map(|d| share(*d)));
        row.push(share(other));
        table.add_row(row);
    }
    table
}

/// "met", or how far off: `ratio` is achieved / target, higher is better.
fn verdict(ratio: f64) -> String {
    if ratio >= 1.0 {
        "met".into()
    } else {
        format!("missed, {:.1}x short", 1.0 / ratio)
    }
}

/// The history's benchmark: the months recorded, then the next month
/// three ways, and each against its target.
pub fn history_report(h: &payguard::bench::history::HistoryFigures) -> String {
    let table = table(
        [&h.without, &h.against, &h.recording].into_iter(),
        &[
            ("read s", |f| f.read),
            ("pass 1 s", |f| f.pass1),
            ("pass 2 s", |f| f.pass2),
            ("look-ups s", |f| f.recall),
            ("record s", |f| f.record),
            ("render s", |f| f.render),
        ],
    );
    let seeded: f64 = h.seeding.iter().map(|d| d.as_secs_f64()).sum();
    let base = h.without.elapsed.as_secs_f64();
    let against = h.against.elapsed.as_secs_f64() / base;
    let recording = h.recording.elapsed.as_secs_f64() / base;
    let bytes = h.bytes_per_payout();
    format!(
        "history {}: {} months of {} rows recorded in {:.1} s ({:.1} s a month), {} payouts, {:.0} MB\n\
         {table}\n\
         look-ups: the wall time of one sweep for a run of history_bulk_rows or more, else summed over the threads\n\
         against the history: {:.2}x the time without it; recording too: {:.2}x (target at most 1.5x: {})\n\
         history on disk: {:.0} bytes per recorded payout (target about 100: {})\n",
        h.location,
        h.months,
        h.rows,
        seeded,
        seeded / h.seeding.len().max(1) as f64,
        h.payouts,
        h.bytes as f64 / 1e6,
        against,
        recording,
        verdict(1.5 / recording),
        bytes,
        verdict(100.0 / bytes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(cpu: f64, stages: [f64; 4]) -> Figure {
        Figure {
            name: "CSV file to NDJSON, all threads",
            rows: 1000,
            threads: 2,
            elapsed: Duration::from_secs(1),
            peak_bytes: None,
            read: Duration::ZERO,
            pass1: Duration::ZERO,
            pass2: Duration::ZERO,
            render: Duration::ZERO,
            recall: Duration::ZERO,
            record: Duration::ZERO,
            cpu: Duration::from_secs_f64(cpu),
            stage_cpu: stages.map(Duration::from_secs_f64),
        }
    }

    #[test]
    fn each_stage_is_shown_with_its_share_and_the_rest_is_other() {
        let table = cpu_table(&[figure(2.0, [0.5, 0.5, 0.5, 0.25])]).to_string();
        assert!(table.contains("0.50 (25 %)"), "{table}");
        assert!(table.contains("0.25 (12 %)"), "{table}");
        // The rest of the process's time: 2 - 1.75 s.
        assert_eq!(table.matches("0.25 (12 %)").count(), 2, "{table}");
    }

    #[test]
    fn peak_memory_is_judged_on_ten_million_rows_only() {
        let mut f = figure(1.0, [0.0; 4]);
        f.rows = 10_000_000;
        f.peak_bytes = Some(519_000_000);
        assert!(memory(&f).ends_with("519 MB (target for 10,000,000 rows under 1 GB: met)"));
        f.peak_bytes = Some(1_250_000_000);
        assert!(
            memory(&f).ends_with("missed, 1.2x short)"),
            "{}",
            memory(&f)
        );
        f.rows = 1_000_000;
        assert!(memory(&f).contains("the 1 GB target is for 10,000,000 rows"));
        f.peak_bytes = None;
        assert!(memory(&f).contains("not reported"));
    }

    #[test]
    fn a_process_without_a_cpu_clock_shows_seconds_only() {
        let table = cpu_table(&[figure(0.0, [0.0; 4])]).to_string();
        assert!(!table.contains('%'), "{table}");
    }
}
