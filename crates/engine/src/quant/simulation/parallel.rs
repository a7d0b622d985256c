//! The run on several threads, and its failures: a panic (a bug) ends the run with the
//! risk named, never a hang.

#[cfg(not(target_arch = "wasm32"))]
use super::*;

/// A run that could not finish because the engine failed (a bug, never bad input: a
/// register that passes its checks must simulate). Names the risk being simulated.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The risk the engine was simulating or adding into the register's total.
    pub risk: String,
    /// What failed, as the engine said it.
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the simulation failed on risk {}: {}", self.risk, self.message)
    }
}

impl Failure {
    #[cfg(not(target_arch = "wasm32"))]
    fn of_panic(risk: &str, payload: Box<dyn std::any::Any + Send>) -> Failure {
        let message = panic_message(payload.as_ref()).unwrap_or_else(|| "the engine stopped unexpectedly".to_string());
        Failure {
            risk: risk.to_string(),
            message,
        }
    }
}

/// The message a panic carried (`panic!("…")` gives a `&str` or a `String`), if any: for
/// the failures of `run_parallel` and the browser worker's panic report alike.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// Runs the plan on `threads` threads; the result is identical to [`run`]'s. The risks
/// are simulated in parallel and added into the total in plan order (the stratified
/// pairing depends on the total so far), each by the thread that simulated it.
///
/// A panic in any thread (a bug) ends the run with a [`Failure`] naming the risk: the
/// threads waiting for their turn are woken and stop, so the run never hangs.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_parallel(plan: &Plan, settings: &SimulationSettings, threads: usize) -> Result<SimulationResult, Failure> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::sync::{Condvar, Mutex, PoisonError};
    /// The next risk to add, the total, and the first failure.
    struct Turn {
        next: usize,
        total: Total,
        failed: Option<Failure>,
    }
    let n = settings.trials as usize;
    let threads = threads.clamp(1, plan.risks.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let turn = Mutex::new(Turn {
        next: 0,
        total: Total::new(n),
        failed: None,
    });
    let woken = Condvar::new();
    let parts: Vec<Vec<(usize, RiskResult)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut scratch = Scratch::new(n);
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(model) = plan.risks.get(i) else { break };
                        let simulated =
                            catch_unwind(AssertUnwindSafe(|| run_risk(plan, model, settings, &mut scratch, None)));
                        // Every panic is caught, so the lock is never poisoned; if it were,
                        // its data is still consistent enough to report the failure.
                        let mut guard = turn.lock().unwrap_or_else(PoisonError::into_inner);
                        match simulated {
                            Ok(result) => done.push((i, result)),
                            Err(panic) => {
                                guard.failed.get_or_insert(Failure::of_panic(&model.id, panic));
                            }
                        }
                        while guard.next != i && guard.failed.is_none() {
                            guard = woken.wait(guard).unwrap_or_else(PoisonError::into_inner);
                        }
                        if guard.failed.is_some() {
                            drop(guard);
                            woken.notify_all();
                            break;
                        }
                        let Turn { next, total, failed } = &mut *guard;
                        match catch_unwind(AssertUnwindSafe(|| total.add(&model.id, settings, &scratch.cents))) {
                            Ok(()) => *next += 1,
                            Err(panic) => *failed = Some(Failure::of_panic(&model.id, panic)),
                        }
                        drop(guard);
                        woken.notify_all();
                    }
                    done
                })
            })
            .collect();
        // A worker's own panics are all caught above; a join error would be one outside them.
        workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
    });
    let Turn { total, failed, .. } = turn.into_inner().unwrap_or_else(PoisonError::into_inner);
    if let Some(failure) = failed {
        return Err(failure);
    }
    let mut results: Vec<(usize, RiskResult)> = parts.into_iter().flatten().collect();
    results.sort_by_key(|(i, _)| *i);
    if results.len() != plan.risks.len() {
        return Err(Failure {
            risk: String::new(),
            message: "a simulation thread stopped unexpectedly".into(),
        });
    }
    Ok(finish(
        plan,
        settings,
        results.into_iter().map(|(_, r)| r).collect(),
        total.cents,
    ))
}
