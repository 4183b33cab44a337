//! The progress bar of long runs: on stderr, only when stderr is a
//! terminal and the user did not ask for quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use payguard::input::{PayrollFile, ReadProgress};
use std::io::IsTerminal;
use std::time::Instant;

/// Attaches a bar to `file`'s readings when stderr is a terminal and not
/// `quiet`; returns the bar to clear when the run ends.
pub fn attach(file: PayrollFile, quiet: bool) -> (PayrollFile, Option<ProgressBar>) {
    if quiet || !std::io::stderr().is_terminal() {
        return (file, None);
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix:>9} [{bar:30}] {bytes}/{total_bytes} {msg} ETA {eta}",
        )
        .expect("the template is valid")
        .progress_chars("=> "),
    );
    let shown = bar.clone();
    let started = std::sync::Mutex::new((0_u32, Instant::now()));
    let file = file.with_progress(move |p: ReadProgress| {
        let mut started = started.lock().expect("the bar's clock is not poisoned");
        if started.0 != p.reading {
            *started = (p.reading, Instant::now());
            shown.reset();
            shown.set_length(p.total_bytes);
            // Reading 1 is pass 1 (for a bank file, its checks, then pass
            // 1); the next re-reads the shared accounts' rows when there
            // are any, and the last reading is pass 2.
            shown.set_prefix(format!("reading {}", p.reading));
        }
        let seconds = started.1.elapsed().as_secs_f64().max(1e-3);
        shown.set_position(p.bytes);
        shown.set_message(format!(
            "{} rows, {:.0} rows/s",
            p.rows,
            p.rows as f64 / seconds
        ));
    });
    (file, Some(bar))
}
