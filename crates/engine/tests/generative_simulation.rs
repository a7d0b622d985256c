//! The simulation on registers generated across the whole allowed space (`generated`):
//! every distribution and event model, amounts from sub-cent to the limit and beyond,
//! zero anchors, LEF 0 and 50, Bernoulli 0 and 1, TC and RS at 0 and 100, effectiveness
//! 0 and 1, cap 0, 1 to 200 risks, prime and round trial counts, both samplings, 1 to 4
//! threads. For each: no panic and no hang, statistics finite and ordered, the same
//! bytes on any thread count, the register's mean the sum of its risks'; or, for a
//! number past a limit, a refusal naming the field.
//!
//! `cargo test --test generative_simulation` runs a modest budget; the long run is
//! `GENERATIVE_REGISTERS=10000 cargo test --release --test generative_simulation`
//! (GENERATIVE_FIRST sets the first seed).

use std::time::{Duration, Instant};

use residual_engine::assess::risk_state::RiskState;
use residual_engine::generated::{Space, register, violations};
use residual_engine::quant::simulation::{plan, plan_state, run, run_parallel};

fn budget(default: u64) -> std::ops::Range<u64> {
    let count = std::env::var("GENERATIVE_REGISTERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    let first = std::env::var("GENERATIVE_FIRST")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    first..first + count
}

/// The space of this run: the long run (release) takes the whole space; the default
/// budget smaller registers, so that `cargo test` stays quick in a debug build.
fn space(beyond_limits: bool) -> Space {
    if std::env::var("GENERATIVE_REGISTERS").is_ok() {
        Space {
            beyond_limits,
            ..Space::default()
        }
    } else {
        Space {
            max_risks: 25,
            max_trials: 4_096,
            beyond_limits,
        }
    }
}

/// The longest a generated register may take (a hang detector, far above any normal run).
const TIME_BOUND: Duration = Duration::from_secs(120);

#[test]
fn generated_registers_simulate_with_ordered_finite_statistics_on_any_thread_count() {
    let mut checked = 0;
    for seed in budget(60) {
        let generated = register(seed, space(false));
        let (register, settings) = (&generated.register, &generated.settings);
        let problems = residual_engine::io::validation::check(register);
        assert!(
            problems.is_empty(),
            "seed {seed}: the generated register is valid: {problems:?}"
        );
        let started = Instant::now();
        let plan = plan(register).unwrap_or_else(|p| panic!("seed {seed}: the plan is refused: {p:?}"));
        let one = run(&plan, settings, &mut |_, _| true).expect("not cancelled");
        let found = violations(&one);
        assert!(
            found.is_empty(),
            "seed {seed} ({} risks, {:?}): {found:?}",
            register.risks.len(),
            settings
        );
        let threads = 2 + (seed % 3) as usize;
        let parallel = run_parallel(&plan, settings, threads).unwrap_or_else(|f| panic!("seed {seed}: {f}"));
        assert!(
            parallel == one,
            "seed {seed}: {threads} threads give other figures than one"
        );
        // The residual state: controls (effectiveness 0 to 1), transfers (cap 0), avoidance.
        let residual = plan_state(register, RiskState::Residual).unwrap_or_else(|p| panic!("seed {seed}: {p:?}"));
        let treated = run(&residual, settings, &mut |_, _| true).expect("not cancelled");
        let found = violations(&treated);
        assert!(found.is_empty(), "seed {seed}, residual: {found:?}");
        assert!(
            started.elapsed() < TIME_BOUND,
            "seed {seed}: took {:?}",
            started.elapsed()
        );
        checked += 1;
        if checked % 500 == 0 {
            eprintln!("{checked} generated registers simulated (seed {seed})");
        }
    }
    eprintln!("{checked} generated registers simulated");
}

#[test]
fn numbers_past_a_limit_are_refused_with_the_field_named() {
    for seed in budget(60) {
        // A refusal needs no large register: up to 20 risks keep the long run short.
        let generated = register(
            seed,
            Space {
                max_risks: 20,
                ..space(true)
            },
        );
        let problems = residual_engine::io::validation::check(&generated.register);
        assert!(!problems.is_empty(), "seed {seed}: a number past a limit is refused");
        for problem in &problems {
            assert!(
                problem.path.starts_with("$.risks[") && problem.path.contains(".fair."),
                "seed {seed}: {problem}"
            );
            assert!(problem.message.contains("at most"), "seed {seed}: {problem}");
        }
        let refused = plan(&generated.register).expect_err("the plan refuses it too");
        assert!(
            refused.iter().all(|p| p.path.contains(".fair.")),
            "seed {seed}: {refused:?}"
        );
    }
}
