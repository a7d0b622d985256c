//! Simulation throughput: nanoseconds per risk-trial on the 50-risk benchmark register,
//! one thread and all cores, at 100k and 1M trials; peak memory; and how many trials
//! Latin hypercube and plain Monte Carlo need for the register's P90 within ±1%.
//!
//! Run: `cargo bench --bench simulation` (prints figures; asserts nothing).

use std::time::Instant;

use residual_engine::model::settings::Sampling;
use residual_engine::model::settings::SimulationSettings;
use residual_engine::quant::simulation::{benchmark_register, plan, run, run_parallel};

fn main() {
    let register = benchmark_register(50);
    let cold = Instant::now();
    let plan = plan(&register).expect("the benchmark register is valid");
    let cold = cold.elapsed().as_secs_f64() * 1e3;
    let risks = plan.risks.len() as f64;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("benchmark register: {} risks; {} cores", plan.risks.len(), cores);

    let build = Instant::now();
    let rebuilt = residual_engine::quant::simulation::plan(&register).unwrap();
    println!(
        "planning (quantile tables for every input): {cold:.1} ms the first time, {:.1} ms again (models cached)",
        build.elapsed().as_secs_f64() * 1e3
    );
    drop(rebuilt);

    let quick = std::env::var("QUICK").is_ok();
    // EFFICIENCY=1 skips the timings and measures only LHS against MC.
    let efficiency_only = std::env::var("EFFICIENCY").is_ok();
    let sizes: &[u32] = if quick {
        &[100_000]
    } else if efficiency_only {
        &[]
    } else {
        &[100_000, 1_000_000]
    };
    for &trials in sizes {
        for sampling in [Sampling::Lhs, Sampling::Mc] {
            let settings = SimulationSettings {
                trials,
                seed: 1,
                sampling,
            };
            // Warm up once, then take the best of three.
            let _ = run(
                &plan,
                &SimulationSettings {
                    trials: 10_000,
                    ..settings
                },
                &mut |_, _| true,
            );
            let best = |f: &dyn Fn()| {
                (0..3)
                    .map(|_| {
                        let t = Instant::now();
                        f();
                        t.elapsed().as_secs_f64()
                    })
                    .fold(f64::MAX, f64::min)
            };
            let one = best(&|| {
                run(&plan, &settings, &mut |_, _| true).unwrap();
            });
            let all = best(&|| {
                run_parallel(&plan, &settings, cores).unwrap();
            });
            let ns = |secs: f64| secs * 1e9 / (risks * trials as f64);
            println!(
                "{:>9} trials {:<3}: 1 thread {:>7.1} ms = {:>5.1} ns/risk-trial | {} threads {:>7.1} ms = {:>5.1} ns/risk-trial",
                trials,
                sampling.as_str(),
                one * 1e3,
                ns(one),
                cores,
                all * 1e3,
                ns(all)
            );
        }
    }
    if let (false, Some(peak)) = (efficiency_only, peak_memory_kib()) {
        println!(
            "peak resident memory of this process: {:.1} MiB (1M trials, {} threads)",
            peak as f64 / 1024.0,
            cores
        );
    }

    if quick || std::env::var("THROUGHPUT").is_ok() {
        return;
    }
    // Trials for P90 within ±1% (95% confidence): the relative sd of the register P90
    // over independent replicates at a fixed n, scaled by 1/√n.
    // Same for each risk's own P90.
    let n = 20_000u32;
    let replicates: u64 = std::env::var("REPLICATES")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let needed = |values: &[f64]| {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let sd = (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (values.len() as f64 - 1.0)).sqrt();
        (sd / mean, n as f64 * (1.96 * sd / mean / 0.01).powi(2))
    };
    let mut per_risk: Vec<Vec<f64>> = Vec::new();
    for sampling in [Sampling::Mc, Sampling::Lhs] {
        let results: Vec<_> = (0..replicates)
            .map(|seed| {
                run_parallel(
                    &plan,
                    &SimulationSettings {
                        trials: n,
                        seed: 1000 + seed,
                        sampling,
                    },
                    cores,
                )
                .unwrap()
            })
            .collect();
        let register: Vec<f64> = results.iter().map(|r| r.register.p90).collect();
        let (relative, trials) = needed(&register);
        println!(
            "register P90 ±1%: {:<3} relative sd {:.3}% at {} trials ({} replicates) → about {:.0} trials needed",
            sampling.as_str(),
            100.0 * relative,
            n,
            replicates,
            trials
        );
        // Both designs estimate the same P90: their means over the replicates must agree
        // within their standard errors (a biased pairing would show here).
        let mean = register.iter().sum::<f64>() / register.len() as f64;
        println!(
            "  mean register P90 over the replicates {:.0} ± {:.0} (standard error)",
            mean,
            mean * relative / (replicates as f64).sqrt()
        );
        per_risk.push(
            (0..plan.risks.len())
                .map(|i| {
                    let values: Vec<f64> = results.iter().map(|r| r.risks[i].summary.p90).collect();
                    needed(&values).1
                })
                .collect(),
        );
    }
    // The benchmark register cycles through five kinds of model (see benchmark_register).
    let kinds = [
        "LEF + LM",
        "LEF + primary + secondary",
        "TEF × (TC vs RS)",
        "Bernoulli",
        "CF × PoA × V",
    ];
    for (kind, name) in kinds.iter().enumerate() {
        let mut r: Vec<f64> = (0..per_risk[0].len())
            .filter(|i| i % 5 == kind)
            .map(|i| per_risk[0][i] / per_risk[1][i])
            .collect();
        r.sort_by(f64::total_cmp);
        println!("  {name:<28} MC/LHS trials for its P90: median {:.1}×", r[r.len() / 2]);
    }
    let mut ratios: Vec<f64> = per_risk[0].iter().zip(&per_risk[1]).map(|(mc, lhs)| mc / lhs).collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "each risk's P90 ±1%: plain MC needs {:.1}× the trials of LHS (median over {} risks; range {:.1}× – {:.1}×)",
        ratios[ratios.len() / 2],
        ratios.len(),
        ratios[0],
        ratios[ratios.len() - 1]
    );
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
