//! Simulation throughput: nanoseconds per risk-trial on the 50-risk benchmark register,
//! one thread and all cores, at 100k and 1M trials; peak memory; and how many trials
//! Latin hypercube and plain Monte Carlo need for the register's P90 within ±1%.
//!
//! Run: `cargo bench --bench simulation` (prints figures; asserts nothing).

use std::time::Instant;

use residual::sampling::Sampling;
use residual::simulation::{SimulationSettings, benchmark_register, plan, run, run_parallel};

fn main() {
    let register = benchmark_register(50);
    let plan = plan(&register).expect("the benchmark register is valid");
    let risks = plan.risks.len() as f64;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("benchmark register: {} risks; {} cores", plan.risks.len(), cores);

    let build = Instant::now();
    let rebuilt = residual::simulation::plan(&register).unwrap();
    println!("planning (quantile tables for every input): {:.1} ms", build.elapsed().as_secs_f64() * 1e3);
    drop(rebuilt);

    let quick = std::env::var("QUICK").is_ok();
    let sizes: &[u32] = if quick { &[100_000] } else { &[100_000, 1_000_000] };
    for &trials in sizes {
        for sampling in [Sampling::Lhs, Sampling::Mc] {
            let settings = SimulationSettings { trials, seed: 1, sampling };
            // Warm up once, then take the best of three.
            let _ = run(&plan, &SimulationSettings { trials: 10_000, ..settings }, &mut |_, _| true);
            let best = |f: &dyn Fn()| (0..3).map(|_| { let t = Instant::now(); f(); t.elapsed().as_secs_f64() }).fold(f64::MAX, f64::min);
            let one = best(&|| { run(&plan, &settings, &mut |_, _| true).unwrap(); });
            let all = best(&|| { run_parallel(&plan, &settings, cores); });
            let ns = |secs: f64| secs * 1e9 / (risks * trials as f64);
            println!(
                "{:>9} trials {:<3}: 1 thread {:>7.1} ms = {:>5.1} ns/risk-trial | {} threads {:>7.1} ms = {:>5.1} ns/risk-trial",
                trials, sampling.as_str(), one * 1e3, ns(one), cores, all * 1e3, ns(all)
            );
        }
    }
    if let Some(peak) = peak_memory_kib() {
        println!("peak resident memory of this process: {:.1} MiB (1M trials, {} threads)", peak as f64 / 1024.0, cores);
    }

    if quick {
        return;
    }
    // Trials for P90 within ±1% (95% confidence): the relative sd of the register P90
    // over independent replicates at a fixed n, scaled by 1/√n.
    let n = 20_000u32;
    let replicates = 40;
    for sampling in [Sampling::Mc, Sampling::Lhs] {
        let p90s: Vec<f64> = (0..replicates)
            .map(|seed| run_parallel(&plan, &SimulationSettings { trials: n, seed: 1000 + seed, sampling }, cores).register.p90)
            .collect();
        let mean = p90s.iter().sum::<f64>() / replicates as f64;
        let sd = (p90s.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (replicates as f64 - 1.0)).sqrt();
        let needed = n as f64 * (1.96 * sd / mean / 0.01).powi(2);
        println!("P90 ±1%: {:<3} relative sd {:.3}% at {} trials → about {:.0} trials needed", sampling.as_str(), 100.0 * sd / mean, n, needed);
    }
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
