//! CPU time, for `payguard bench`'s profile: a stage's time on the thread
//! that ran it, and the whole process's, so each stage's share of the run
//! is CPU against CPU (wall time would count a thread waiting on a queue
//! or descheduled on a busy machine).

use std::time::Duration;

/// CPU time this thread has used so far (zero where it is not known).
pub fn thread() -> Duration {
    #[cfg(unix)]
    return clock(libc::CLOCK_THREAD_CPUTIME_ID);
    #[cfg(not(unix))]
    return Duration::ZERO;
}

/// CPU time every thread of this process has used so far, user and
/// system (zero where it is not known).
pub fn process() -> Duration {
    #[cfg(unix)]
    return clock(libc::CLOCK_PROCESS_CPUTIME_ID);
    #[cfg(not(unix))]
    return Duration::ZERO;
}

#[cfg(unix)]
fn clock(id: libc::clockid_t) -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec to write into; the clock ids are
    // POSIX's and the call only fails on an unknown one (then left zero).
    if unsafe { libc::clock_gettime(id, &mut now) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_thread_uses_cpu_time_the_process_counts_too() {
        // The process's reading encloses the thread's.
        let process_before = process();
        let thread_before = thread();
        let mut x = 0_u64;
        for i in 0..20_000_000_u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        let spent = thread() - thread_before;
        assert!(spent > Duration::ZERO, "{x}");
        let whole = process() - process_before;
        // The two clocks are sampled apart by microseconds.
        assert!(
            whole + Duration::from_millis(1) >= spent,
            "{whole:?} {spent:?}"
        );
    }
}
