//! Work spread over threads, results kept in order: each worker owns its
//! state (a plugin store), jobs go out through a bounded queue so memory
//! stays bounded, and results are handed on in the order the jobs came.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

/// Runs `work` on every job of `jobs` on `threads` workers, each with the
/// state `start` makes on its own thread, and passes each result to `emit`
/// in job order. Stops at the first error, from a job, a worker or `emit`.
/// With one thread nothing is spawned.
pub(crate) fn ordered<J, R, W, E>(
    threads: usize,
    start: impl Fn() -> Result<W, E> + Sync,
    jobs: impl Iterator<Item = Result<J, E>>,
    work: impl Fn(&mut W, J) -> Result<R, E> + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    J: Send,
    R: Send,
    E: Send,
{
    if threads <= 1 {
        let mut state = start()?;
        for job in jobs {
            emit(work(&mut state, job?)?)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        // Two jobs per worker in the queue: enough to keep each busy while
        // the reader makes the next, few enough to bound memory.
        let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(threads * 2);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (result_tx, result_rx) = mpsc::channel::<(usize, Result<R, E>)>();
        for _ in 0..threads {
            let job_rx = Arc::clone(&job_rx);
            let result_tx = result_tx.clone();
            let (start, work) = (&start, &work);
            scope.spawn(move || {
                let mut state = match start() {
                    Ok(state) => state,
                    Err(e) => {
                        let _ = result_tx.send((usize::MAX, Err(e)));
                        return;
                    }
                };
                loop {
                    let next = job_rx.lock().expect("no worker panics holding it").recv();
                    let Ok((index, job)) = next else { return };
                    if result_tx.send((index, work(&mut state, job))).is_err() {
                        return;
                    }
                }
            });
        }
        // Only workers hold the queue's receiving end: if they all stop,
        // sending fails instead of waiting for ever.
        drop(job_rx);
        drop(result_tx);
        let mut in_order = InOrder::default();
        let mut sent = 0;
        for job in jobs {
            let job = job?;
            // A failed send means every worker has stopped: their results
            // say why.
            if job_tx.send((sent, job)).is_err() {
                break;
            }
            sent += 1;
            while let Ok((index, result)) = result_rx.try_recv() {
                in_order.take(index, result, &mut emit)?;
            }
        }
        drop(job_tx);
        finish(&result_rx, &mut in_order, sent, &mut emit)
    })
}

fn finish<R, E>(
    results: &Receiver<(usize, Result<R, E>)>,
    in_order: &mut InOrder<R>,
    sent: usize,
    emit: &mut impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    while in_order.next < sent {
        match results.recv() {
            Ok((index, result)) => in_order.take(index, result, emit)?,
            // Every worker ended without finishing: only a panic does that.
            Err(_) => panic!("a scoring worker stopped without a result"),
        }
    }
    // Workers that could not start (a policy the plugin refuses) may have
    // stopped before the first job was sent: their errors are the run's,
    // never an empty success. The queue is closed, so every worker ends
    // and this waits for nothing the scope's join would not.
    for (_, result) in results.iter() {
        result?;
    }
    Ok(())
}

/// Results that came early, until the ones before them arrive.
struct InOrder<R> {
    next: usize,
    waiting: BTreeMap<usize, R>,
}

impl<R> Default for InOrder<R> {
    fn default() -> Self {
        InOrder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<R> InOrder<R> {
    fn take<E>(
        &mut self,
        index: usize,
        result: Result<R, E>,
        emit: &mut impl FnMut(R) -> Result<(), E>,
    ) -> Result<(), E> {
        self.waiting.insert(index, result?);
        while let Some(result) = self.waiting.remove(&self.next) {
            emit(result)?;
            self.next += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threads: usize, n: u64) -> Result<Vec<u64>, String> {
        let mut out = Vec::new();
        ordered(
            threads,
            || Ok::<u64, String>(0),
            (0..n).map(Ok),
            |calls, x| {
                *calls += 1;
                // Uneven work, so results come back out of order.
                std::thread::sleep(std::time::Duration::from_micros((x * 7919) % 300));
                if x == 1000 {
                    Err("job 1000".into())
                } else {
                    Ok(x * x)
                }
            },
            |r| {
                out.push(r);
                Ok(())
            },
        )?;
        Ok(out)
    }

    #[test]
    fn results_keep_job_order_on_any_number_of_threads() {
        let expected: Vec<u64> = (0..200).map(|x| x * x).collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(run(threads, 200).unwrap(), expected, "{threads} threads");
        }
    }

    #[test]
    fn workers_that_cannot_start_fail_the_run_even_before_the_first_job() {
        for threads in [1, 2, 3] {
            let jobs = (0..3_u64).map(|x| {
                // The workers have failed by the time the first job comes.
                std::thread::sleep(std::time::Duration::from_millis(50));
                Ok(x)
            });
            let run = ordered(
                threads,
                || Err::<u64, String>("refused".into()),
                jobs,
                |_, x| Ok(x),
                |_| Ok(()),
            );
            assert_eq!(run, Err("refused".into()), "{threads} threads");
        }
    }

    #[test]
    fn the_first_error_stops_the_run() {
        for threads in [1, 3] {
            assert_eq!(run(threads, 2000).unwrap_err(), "job 1000");
        }
    }
}
