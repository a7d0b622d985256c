//! A synthetic register for benchmarks: `risks` risks cycling through every kind of
//! FAIR model (direct and derived frequency, split magnitude, all three event models),
//! with parameters varied so no two risks are alike. Natively and in the browser the
//! benchmarks run this same register.

use crate::model::distribution::Distribution;
use crate::model::fair_model::{EventModel, FairModel};
use crate::model::register::Register;

/// The demo register with its risks replaced by `risks` synthetic ones ("B-000", …)
/// covering every kind of FAIR model, and no treatments.
pub fn benchmark_register(risks: usize) -> Register {
    // The demo is of the current format: no migration code is needed to read it.
    let mut register = crate::io::document::load_current(crate::DEMO_REGISTER_JSON).expect("the demo loads");
    let template = register.risks[0].clone();
    register.treatments.clear();
    register.risks = (0..risks)
        .map(|i| {
            let mut risk = template.clone();
            risk.id = format!("B-{i:03}");
            risk.title = format!("Benchmark risk {i}");
            risk.fair = Some(model(i));
            risk
        })
        .collect();
    register
}

fn model(i: usize) -> FairModel {
    let f = 1.0 + (i % 7) as f64 * 0.15;
    let pert = |a: f64, m: f64, b: f64| Some(Distribution::pert(a * f, m * f, b * f));
    let lognormal = |low: f64, high: f64| {
        Some(Distribution::Lognormal {
            low: low * f,
            high: high * f,
        })
    };
    match i % 5 {
        0 => FairModel {
            loss_event_frequency: pert(0.05, 0.3, 1.5),
            loss_magnitude: lognormal(10_000.0, 500_000.0),
            ..Default::default()
        },
        1 => FairModel {
            loss_event_frequency: pert(0.1, 0.5, 2.0),
            primary_loss: pert(5_000.0, 40_000.0, 300_000.0),
            secondary_loss_event_frequency: Some(Distribution::pert(0.05, 0.2, 0.5)),
            secondary_loss_magnitude: lognormal(50_000.0, 2_000_000.0),
            ..Default::default()
        },
        2 => FairModel {
            threat_event_frequency: pert(1.0, 4.0, 12.0),
            threat_capability: Some(Distribution::pert(20.0, 55.0, 90.0)),
            resistance_strength: Some(Distribution::pert(30.0, 60.0, 85.0)),
            loss_magnitude: lognormal(20_000.0, 800_000.0),
            ..Default::default()
        },
        3 => FairModel {
            event_model: EventModel::Bernoulli,
            loss_event_frequency: Some(Distribution::pert(0.02, 0.08, 0.3)),
            loss_magnitude: lognormal(100_000.0, 5_000_000.0),
            ..Default::default()
        },
        _ => FairModel {
            contact_frequency: pert(10.0, 50.0, 150.0),
            probability_of_action: Some(Distribution::pert(0.02, 0.1, 0.25)),
            vulnerability: Some(Distribution::pert(0.01, 0.05, 0.2)),
            loss_magnitude: lognormal(5_000.0, 250_000.0),
            ..Default::default()
        },
    }
}
