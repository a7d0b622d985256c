//! The optimiser on registers with many candidate controls: exact with 10, greedy with
//! 16 on one risk, 30 and 200 (best of 3 at the live treatment trials, 10,000).
//!
//! Run: `cargo bench --bench optimiser` (prints figures; asserts nothing).

use std::time::Instant;

use residual_engine::io::document::load;
use residual_engine::model::control::{Control, ReducedFactor, Reduction};
use residual_engine::model::distribution::Distribution;
use residual_engine::model::fair_model::FairModel;
use residual_engine::model::register::Register;
use residual_engine::model::risk::Risk;
use residual_engine::model::settings::{LIVE_TRIALS, SimulationSettings};
use residual_engine::model::treatment::Treatment;
use residual_engine::treat::optimiser::{Goal, optimise};

/// `risks` risks (the demo's first as a template, each with its own loss range), each
/// treated by `per_risk` planned controls of its own with costs and uncertain effects.
fn register(risks: usize, per_risk: usize) -> Register {
    let mut register = load(residual_engine::DEMO_REGISTER_JSON).unwrap().register;
    let template = register.risks[0].clone();
    register.risks = (0..risks)
        .map(|r| Risk {
            id: format!("R-{r:03}"),
            fair: Some(FairModel {
                loss_event_frequency: Some(Distribution::pert(0.1, 0.5 + r as f64 % 3.0, 4.0)),
                loss_magnitude: Some(Distribution::Lognormal {
                    low: 5_000.0,
                    high: 200_000.0 * (1 + r % 7) as f64,
                }),
                ..FairModel::default()
            }),
            ..template.clone()
        })
        .collect();
    register.treatments.clear();
    register.controls.clear();
    register.applicability.clear();
    for r in 0..risks {
        let mut treatment = Treatment::new(&format!("R-{r:03}"));
        for k in 0..per_risk {
            let id = format!("ORG-{r}-{k}");
            let mut control = Control::planned(&id, "Candidate");
            control.annual_cost = 1_000.0 * (1 + (7 * k + 3 * r) % 11) as f64;
            control.effect.reductions = vec![Reduction {
                factor: if k % 2 == 0 {
                    ReducedFactor::Frequency
                } else {
                    ReducedFactor::PrimaryLoss
                },
                effectiveness: Distribution::pert(0.1, 0.3, 0.6),
            }];
            register.controls.push(control);
            treatment.controls.push(id);
        }
        register.treatments.push(treatment);
    }
    register
}

fn main() {
    let settings = SimulationSettings {
        trials: LIVE_TRIALS,
        ..SimulationSettings::default()
    };
    println!("optimiser, {} trials, budget goal, best of 3", settings.trials);
    println!(
        "{:>10} {:>6} {:>7} {:>8} {:>8} {:>10}",
        "candidates", "risks", "method", "sets", "columns", "ms"
    );
    for (risks, per_risk) in [(5, 2), (1, 16), (15, 2), (100, 2)] {
        let register = register(risks, per_risk);
        let goal = Goal::Budget {
            budget: 1_500.0 * (risks * per_risk) as f64,
        };
        let mut best = f64::MAX;
        let mut last = None;
        for _ in 0..3 {
            let start = Instant::now();
            last = Some(optimise(&register, &settings, goal).expect("a valid register"));
            best = best.min(start.elapsed().as_secs_f64() * 1e3);
        }
        let s = last.unwrap();
        println!(
            "{:>10} {:>6} {:>7} {:>8} {:>8} {:>10.0}",
            s.candidates.len(),
            risks,
            format!("{:?}", s.method),
            s.sets_evaluated,
            s.columns_simulated,
            best
        );
    }
}
