//! The live treatment update, natively: the demo register's three states (and the
//! controls' ROSI) at `LIVE_TRIALS` trials, split into its parts. The browser's figure,
//! input to chart, is `scripts/bench-live`.
//!
//! Run: `cargo bench --bench live` (prints figures; asserts nothing).

use std::time::Instant;

use residual_engine::assess::risk_state::RiskState;
use residual_engine::model::settings::{LIVE_TRIALS, SimulationSettings};
use residual_engine::quant::simulation::{plan_state, run};
use residual_engine::treat::states::simulate_states;

fn best(f: &mut dyn FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let register = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let settings = SimulationSettings {
        trials: LIVE_TRIALS,
        ..register.simulation
    };
    let first = Instant::now();
    plan_state(&register, RiskState::Inherent).unwrap();
    let first = first.elapsed().as_secs_f64() * 1e3;
    let load = best(&mut || {
        residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON).unwrap();
    });
    let plans = best(&mut || {
        for s in RiskState::ALL {
            plan_state(&register, s).unwrap();
        }
    });
    let planned: Vec<_> = RiskState::ALL
        .iter()
        .map(|&s| plan_state(&register, s).unwrap())
        .collect();
    let runs = best(&mut || {
        for p in &planned {
            run(p, &settings, &mut |_, _| true);
        }
    });
    let rosi = best(&mut || {
        residual_engine::treat::cost_benefit::assess(&register, &settings, true).unwrap();
    });
    let states = best(&mut || {
        simulate_states(&register, &settings, false).unwrap();
    });
    let all = best(&mut || {
        simulate_states(&register, &settings, true).unwrap();
    });
    let json = best(&mut || {
        serde_json::to_string(&simulate_states(&register, &settings, true).unwrap()).unwrap();
    }) - all;
    println!(
        "demo register, {} risks, {LIVE_TRIALS} trials, best of 5 (ms):",
        register.risks.len()
    );
    println!("  load and check the register JSON  {load:7.2}");
    println!("  plan, the first time              {first:7.2}");
    println!("  plan the three states (cached)    {plans:7.2}");
    println!("  run the three states              {runs:7.2}");
    println!("  three states (plan + run)         {states:7.2}");
    println!("  ROSI of every control and plan    {rosi:7.2}");
    println!("  everything (states + ROSI)        {all:7.2}");
    println!("  results to JSON                   {json:7.2}");
    state_levels();
}

/// The residual levels of every risk (read at every edit by the heat maps): 10,000 risks
/// made from the demo's, a quarter of the FAIR ones with a vulnerability from capability
/// against resistance, each of those a model of its own.
fn state_levels() {
    use residual_engine::model::distribution::Distribution;
    use residual_engine::treat::state_levels::all_state_scores;
    let demo = residual_engine::io::document::load(residual_engine::DEMO_REGISTER_JSON)
        .unwrap()
        .register;
    let mut register = demo.clone();
    register.risks = (0..10_000)
        .map(|i| {
            let mut risk = demo.risks[i % demo.risks.len()].clone();
            risk.id = format!("R-{i}");
            if let Some(fair) = risk.fair.as_mut().filter(|_| i % 4 == 0) {
                fair.loss_event_frequency = None;
                fair.threat_event_frequency = Some(Distribution::pert(1.0, 3.0, 9.0));
                fair.threat_capability = Some(Distribution::pert(20.0, 40.0 + (i % 4001) as f64 / 100.0, 90.0));
                fair.resistance_strength = Some(Distribution::pert(30.0, 60.0, 80.0));
            }
            risk
        })
        .collect();
    let fair = register.risks.iter().filter(|r| r.fair.is_some()).count();
    let first = Instant::now();
    all_state_scores(&register, RiskState::Residual);
    let first = first.elapsed().as_secs_f64() * 1e3;
    let again = best(&mut || {
        all_state_scores(&register, RiskState::Residual);
    });
    let by_fields = best(&mut || {
        residual_engine::assess::risk_state::all_scores(&register, RiskState::Residual);
    });
    println!("10,000 risks ({fair} with a FAIR model), residual levels (ms):");
    println!("  following the models, the first time {first:7.2}");
    println!("  following the models, again          {again:7.2}");
    println!("  by the score fields alone            {by_fields:7.2}");
}
