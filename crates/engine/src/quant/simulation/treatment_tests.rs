//! The three states of risk in the simulation, against analytic values.

use super::*;
use crate::model::control::{Control, ControlStatus, Effect, Reduction};
use crate::model::distribution::Distribution;
use crate::model::fair_model::FairModel;
use crate::model::settings::LIVE_TRIALS;
use crate::model::treatment::{Transfer, Treatment, TreatmentOption};
use crate::treat::states::simulate_states;

const TRIALS: u32 = 200_000;

fn settings() -> SimulationSettings {
    SimulationSettings {
        trials: TRIALS,
        seed: 2026,
        sampling: Sampling::Lhs,
    }
}

fn constant(value: f64) -> Option<Distribution> {
    Some(Distribution::Constant { value })
}

/// Risks … with the given models, no controls and no treatments.
fn register_of(models: Vec<FairModel>) -> Register {
    let mut register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
    let template = register.risks[0].clone();
    register.risks = models
        .into_iter()
        .enumerate()
        .map(|(i, m)| crate::model::risk::Risk {
            id: format!("Q-{i}"),
            fair: Some(m),
            ..template.clone()
        })
        .collect();
    register.treatments.clear();
    register.controls.clear();
    register
}

fn control(id: &str, status: ControlStatus, reductions: Vec<(ReducedFactor, Distribution)>) -> Control {
    Control {
        id: id.into(),
        title: format!("Control {id}"),
        description: String::new(),
        owner: String::new(),
        status,
        due_date: None,
        one_off_cost: 0.0,
        annual_cost: 0.0,
        lifetime_years: None,
        effect: Effect {
            reductions: reductions
                .into_iter()
                .map(|(factor, effectiveness)| Reduction { factor, effectiveness })
                .collect(),
            ..Default::default()
        },
    }
}

fn treat(register: &mut Register, risk: &str, controls: &[&str]) {
    let mut t = Treatment::new(risk);
    t.controls = controls.iter().map(|c| c.to_string()).collect();
    register.treatments.push(t);
}

fn mean_in(register: &Register, state: RiskState, risk: usize) -> Summary {
    simulate_state(register, state, Some(settings())).unwrap().risks[risk]
        .summary
        .clone()
}

fn assert_mean(what: &str, s: &Summary, analytic: f64) {
    // Constant magnitudes can make the sample sd (and so the SE) tiny; never below 1e-9.
    let se = s.se_mean.max(1e-9 * analytic);
    assert!(
        (s.mean - analytic).abs() < 3.0 * se,
        "{what}: mean {} vs analytic {analytic} (se {se})",
        s.mean
    );
}

#[test]
fn reductions_of_one_factor_multiply() {
    // LEF = 2 events a year of 1,000 each; two implemented controls take 50% and 20% off
    // the frequency: λ' = 2 × 0.5 × 0.8 = 0.8, so E = 800 and P(no loss) = e^−0.8.
    let mut register = register_of(vec![FairModel {
        loss_event_frequency: constant(2.0),
        loss_magnitude: constant(1_000.0),
        ..Default::default()
    }]);
    register.controls.push(control(
        "C-1",
        ControlStatus::Implemented,
        vec![(ReducedFactor::Frequency, Distribution::Constant { value: 0.5 })],
    ));
    register.controls.push(control(
        "C-2",
        ControlStatus::Implemented,
        vec![(ReducedFactor::Frequency, Distribution::Constant { value: 0.2 })],
    ));
    treat(&mut register, "Q-0", &["C-1", "C-2"]);
    let inherent = mean_in(&register, RiskState::Inherent, 0);
    assert_mean("inherent", &inherent, 2_000.0);
    let current = mean_in(&register, RiskState::Current, 0);
    assert_mean("current", &current, 800.0);
    let p0 = (-0.8f64).exp();
    assert!(
        (current.p_zero - p0).abs() < 3.0 * (p0 * (1.0 - p0) / TRIALS as f64).sqrt(),
        "p_zero {}",
        current.p_zero
    );
}

#[test]
fn uncertain_effectiveness_on_losses_and_vulnerability_match_the_analytic_means() {
    // TEF 4 × V 0.25 → LEF 1; primary PERT(10k, 20k, 60k) (mean 25k), secondary: SLEF
    // 0.5 × SLM 40k. Controls: vulnerability −PERT(0.3, 0.5, 0.7) (mean 0.5), primary
    // −uniform(0.2, 0.4) (mean 0.3), secondary −0.25.
    let model = FairModel {
        threat_event_frequency: constant(4.0),
        vulnerability: constant(0.25),
        primary_loss: Some(Distribution::pert(10_000.0, 20_000.0, 60_000.0)),
        secondary_loss_event_frequency: constant(0.5),
        secondary_loss_magnitude: constant(40_000.0),
        ..Default::default()
    };
    let mut register = register_of(vec![model]);
    register.controls.push(control(
        "V",
        ControlStatus::Implemented,
        vec![(ReducedFactor::Vulnerability, Distribution::pert(0.3, 0.5, 0.7))],
    ));
    register.controls.push(control(
        "L",
        ControlStatus::Planned,
        vec![
            (ReducedFactor::PrimaryLoss, Distribution::Uniform { min: 0.2, max: 0.4 }),
            (ReducedFactor::SecondaryLoss, Distribution::Constant { value: 0.25 }),
        ],
    ));
    treat(&mut register, "Q-0", &["V", "L"]);
    let per_event = 25_000.0 + 0.5 * 40_000.0;
    assert_mean("inherent", &mean_in(&register, RiskState::Inherent, 0), per_event);
    // Current: only the implemented vulnerability control counts.
    assert_mean("current", &mean_in(&register, RiskState::Current, 0), 0.5 * per_event);
    // Residual: the planned loss control too. The effectiveness draws are independent of
    // the events, so the means multiply.
    assert_mean(
        "residual",
        &mean_in(&register, RiskState::Residual, 0),
        0.5 * (0.7 * 25_000.0 + 0.75 * 0.5 * 40_000.0),
    );
}

#[test]
fn planned_retired_and_unlinked_controls_leave_results_exactly_as_inherent() {
    let models = vec![
        FairModel {
            loss_event_frequency: Some(Distribution::pert(0.2, 1.0, 3.0)),
            loss_magnitude: Some(Distribution::Lognormal { low: 1e4, high: 1e6 }),
            ..Default::default()
        },
        FairModel {
            loss_event_frequency: constant(0.5),
            loss_magnitude: constant(50_000.0),
            ..Default::default()
        },
    ];
    let mut register = register_of(models);
    let half = || vec![(ReducedFactor::Frequency, Distribution::Constant { value: 0.5 })];
    register.controls.push(control("P", ControlStatus::Planned, half()));
    register.controls.push(control("R", ControlStatus::Retired, half()));
    register
        .controls
        .push(control("N", ControlStatus::NotEffective, half()));
    register.controls.push(control("I", ControlStatus::Implemented, half()));
    treat(&mut register, "Q-0", &["P", "R", "N"]);
    let run = |register: &Register, state| {
        simulate_state(
            register,
            state,
            Some(SimulationSettings {
                trials: 20_000,
                ..settings()
            }),
        )
        .unwrap()
    };
    let (inherent, current, residual) = (
        run(&register, RiskState::Inherent),
        run(&register, RiskState::Current),
        run(&register, RiskState::Residual),
    );
    // planned counts only in the residual state; retired and not effective never.
    assert_eq!(current.risks[0], inherent.risks[0]);
    assert!(residual.risks[0].summary.mean < 0.6 * inherent.risks[0].summary.mean);
    // Q-1 is linked to nothing, and the implemented control "I" (linked to no risk)
    // gives it no credit: identical in every state.
    assert_eq!(current.risks[1], inherent.risks[1]);
    assert_eq!(residual.risks[1], inherent.risks[1]);
    // Retiring the planned control brings the residual back to the inherent figures.
    register.controls[0].status = ControlStatus::Retired;
    assert_eq!(run(&register, RiskState::Residual).risks[0], inherent.risks[0]);
}

#[test]
fn a_transfer_keeps_the_deductible_and_the_unpaid_share_and_avoidance_ends_the_risk() {
    // N ~ Poisson(1.5) events of 100k a year. Insurance: deductible 50k, 80% above it,
    // at most 150k a year. E[retained] = Σ P(N = k) · retained(100k · k), computed here.
    let mut register = register_of(vec![
        FairModel {
            loss_event_frequency: constant(1.5),
            loss_magnitude: constant(100_000.0),
            ..Default::default()
        },
        FairModel {
            loss_event_frequency: constant(1.0),
            loss_magnitude: constant(10_000.0),
            ..Default::default()
        },
    ]);
    let transfer = Transfer {
        deductible: 50_000.0,
        share: 0.8,
        cap: Some(150_000.0),
        annual_premium: 20_000.0,
        in_force: false,
    };
    let mut t = Treatment::new("Q-0");
    t.option = TreatmentOption::Share;
    t.transfer = Some(transfer.clone());
    register.treatments.push(t);
    let mut avoid = Treatment::new("Q-1");
    avoid.option = TreatmentOption::Avoid;
    avoid.rationale = "Stop the activity.".into();
    register.treatments.push(avoid);
    use statrs::distribution::{Discrete, Poisson};
    let poisson = Poisson::new(1.5).unwrap();
    let analytic: f64 = (0..60)
        .map(|k| poisson.pmf(k) * transfer.retained(100_000.0 * k as f64))
        .sum();
    let residual = simulate_state(&register, RiskState::Residual, Some(settings())).unwrap();
    assert_mean("retained", &residual.risks[0].summary, analytic);
    assert!(residual.risks[0].summary.max <= 100_000.0 * 60.0);
    assert_eq!(residual.risks[1].summary.max, 0.0);
    assert_eq!(residual.risks[1].events_per_year, 0.0);
    // Not in force: the current risk keeps everything.
    assert_mean("current", &mean_in(&register, RiskState::Current, 0), 150_000.0);
}

#[test]
fn the_three_states_match_separate_runs_and_reuse_their_years_for_the_rosi() {
    let register = crate::io::document::load(crate::DEMO_REGISTER_JSON).unwrap().register;
    let settings = SimulationSettings {
        trials: 5_000,
        ..register.simulation
    };
    let states = simulate_states(&register, &settings, true).unwrap();
    for state in RiskState::ALL {
        assert_eq!(
            states.state(state),
            &simulate_state(&register, state, Some(settings)).unwrap(),
            "{state:?}"
        );
    }
    assert_eq!(
        states.rosi,
        crate::treat::cost_benefit::assess(&register, &settings, false).unwrap()
    );
    assert!(states.rosi.len() > 1 && states.rosi.last().unwrap().subject == "plan");
}

#[test]
fn live_settings_cap_the_trials_and_keep_seed_and_sampling() {
    let big = SimulationSettings {
        trials: 1_000_000,
        seed: 7,
        sampling: Sampling::Mc,
    };
    assert_eq!(
        big.live(),
        SimulationSettings {
            trials: LIVE_TRIALS,
            ..big
        }
    );
    let small = SimulationSettings { trials: 2_000, ..big };
    assert_eq!(small.live(), small);
}
